"""Per-step profile of ``clustergraph metrics`` and ``clustergraph report`` (issue 15, item 1).

For each size a generated ecosystem (``generate(n, links_per_actor=5, seed=1)``)
is written as CSV; then, in a fresh Python process per command, the steps of
the command are timed one by one, in the order the command runs them:

- ``import``: importing the CLI (``clustergraph.cli``) and the libraries it pulls in;
- ``read CSV``, ``validate``, ``build graph``: :func:`clustergraph.io.read_table`,
  ``validate_actors``/``validate_links`` and :func:`clustergraph.graph.build_graph`;
- every progress step of :func:`clustergraph.metrics.compute` (centrality sub-steps,
  brokerage, structural holes, communities, critical mass groupings) and every
  writer of :func:`clustergraph.export.tables.write_metrics` (``metrics``), or every
  progress step of :func:`clustergraph.report.build_report` (``report``).

Each row gives wall seconds, CPU seconds of the process (user + system, the
second betweenness process not included) and the peak resident memory so far.
The machine is shared: prefer the CPU column for comparisons.

Usage::

    python benchmarks/profile_steps.py --sizes 10000 --commands metrics,report
    python benchmarks/profile_steps.py --sizes 10000,100000 --markdown profile.md
    python benchmarks/profile_steps.py --sizes 100000 --commands metrics --shape regional
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Records (step, wall s, cpu s, peak MiB) between successive marks."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.name: str | None = None
        self.t = time.perf_counter()
        self.c = _cpu()

    def mark(self, name: str | None) -> None:
        t, c = time.perf_counter(), _cpu()
        if self.name is not None:
            self.rows.append({"step": self.name, "wall": t - self.t, "cpu": c - self.c, "peak_mib": _peak_mib()})
        self.name, self.t, self.c = name, t, c


def worker(command: str, actors: str, links: str, outdir: str) -> list[dict]:
    """Run one command step by step in this (fresh) process."""
    clock = Clock()
    clock.mark("import")
    import clustergraph.cli  # noqa: F401  (what the command line imports first)
    from clustergraph.graph import build_graph
    from clustergraph.io.read import read_table
    from clustergraph.io.validate import LoadReport, validate_actors, validate_links

    clock.mark("read CSV")
    at, lt = read_table(actors, "actors"), read_table(links, "links")
    clock.mark("validate")
    rep = LoadReport()
    adf = validate_actors(at, rep)
    ldf = validate_links(lt, set(adf["id"]), rep, False, rep.dropped_ids)
    clock.mark("build graph")
    G = build_graph(adf, ldf)
    if command == "metrics":
        from clustergraph.export.tables import write_metrics
        from clustergraph.metrics import compute

        clock.mark("metrics: start")
        result = compute(G, progress=lambda s: clock.mark(f"metrics: {s}"))
        clock.mark("write: start")
        write_metrics(result, G, outdir, progress=lambda f: clock.mark(f"write: {f}"))
    else:
        from clustergraph.report import build_report

        clock.mark("report: start")
        build_report(G, outdir, progress=lambda s: clock.mark(f"report: {s}"))
    clock.mark(None)
    return [r for r in clock.rows if not r["step"].endswith(": start")]


def run(command: str, n: int, workdir: Path, shape: str = "generator") -> list[dict]:
    from clustergraph.synthetic import generate, shapes

    actors, links = workdir / "actors.csv", workdir / "links.csv"
    if not actors.exists():
        a, lk = generate(n, links_per_actor=5, seed=1) if shape == "generator" else shapes.shape(shape, n, seed=1)
        a.to_csv(actors, index=False)
        lk.to_csv(links, index=False)
    out = workdir / f"out-{command}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import profile_steps as p; "
        f"print(json.dumps(p.worker({command!r}, {str(actors)!r}, {str(links)!r}, {str(out)!r})))"
    )
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(ROOT))
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    rows.append({"step": "total (process start to exit)", "wall": wall, "cpu": None, "peak_mib": None})
    return rows


def _collapse_region_maps(rows: list[dict]) -> list[dict]:
    """One row for all "Drawing the map of <region>" steps of the report (summed; peak = largest)."""
    out: list[dict] = []
    maps = [r for r in rows if r["step"].startswith("report: Drawing the map of ")]
    for r in rows:
        if r in maps:
            if r is maps[0]:
                out.append(
                    {
                        "step": f"report: Drawing the {len(maps)} region maps",
                        "wall": sum(m["wall"] for m in maps),
                        "cpu": sum(m["cpu"] for m in maps),
                        "peak_mib": max(m["peak_mib"] for m in maps),
                    }
                )
            continue
        out.append(r)
    return out


def markdown(command: str, n: int, rows: list[dict], shape: str = "generator") -> str:
    rows = _collapse_region_maps(rows)
    lines = [
        f"**`clustergraph {command}`, {n:,} actors" + ("" if shape == "generator" else f", {shape} shape") + "**",
        "",
        "| step | wall s | CPU s | peak MiB |",
        "|---|---:|---:|---:|",
    ]
    for r in rows:
        cpu = "" if r["cpu"] is None else f"{r['cpu']:.2f}"
        peak = "" if r["peak_mib"] is None else f"{r['peak_mib']:,.0f}"
        lines.append(f"| {r['step']} | {r['wall']:.2f} | {cpu} | {peak} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--commands", default="metrics,report")
    ap.add_argument(
        "--shape",
        default="generator",
        help="generator (clustergraph.synthetic.generate) or a shape of clustergraph.synthetic.shapes "
        "(regional, projects, scalefree)",
    )
    ap.add_argument("--markdown", default=None, help="also write the tables to this file")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    out = []
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"cg-profile-{n}-") as tmp:
            for command in args.commands.split(","):
                text = markdown(command, n, run(command, n, Path(tmp), args.shape), args.shape)
                print(text, flush=True)
                out.append(text)
    if args.markdown:
        Path(args.markdown).write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
