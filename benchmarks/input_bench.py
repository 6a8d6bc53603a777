"""Input benchmarks (issue #17, items 7 and 8): time and peak memory of reading big or hostile inputs.

Cases, each run in a fresh Python process (peak memory = the child's maximum resident set size):

- ``csv-tables``: read and validate a generated links CSV of ``--mb`` megabytes (the tables stage
  of ``clustergraph validate``: :func:`clustergraph.io.read_inputs`);
- ``csv-load``: the same plus building the networkx graph (:func:`clustergraph.load`);
- ``csv-validate`` (with ``--validate``): ``clustergraph validate`` end to end in a fresh process
  under ``/usr/bin/time -v`` (CPU seconds and peak memory);
- ``--quoted`` writes every link type in quotes (read column-wise all the same), ``--spanning``
  adds one quoted cell of two lines (the whole file is then read row by row);
- ``xlsx-dimension``: a three-row workbook whose sheet declares ``A1:XFD1048576``;
- ``xlsx-rows``: a workbook whose links sheet has 4 million rows (about 1 GB of XML compressed to
  a few MB);
- ``complete-map`` (with ``--complete N``): ``clustergraph map`` end to end (a fresh process, under
  ``/usr/bin/time -v`` when it exists) on the complete graph of N actors (every pair linked: 3,000
  actors give 4.5 million links, a 54 MB file); it must finish in under 60 s with the aggregate.

The two workbooks must be refused (exit with an InputError) in under 10 s and 500 MB.

Usage::

    python benchmarks/input_bench.py                 # 200 MB CSV, both bombs
    python benchmarks/input_bench.py --mb 20 --skip-bombs
    python benchmarks/input_bench.py --skip-csv --skip-bombs --complete 3000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from clustergraph.errors import InputError
t, c = time.perf_counter(), time.process_time()
outcome = "ok"
try:
    if {mode!r} == "tables":
        from clustergraph.io import InputBudget, read_inputs
        a, l, _ = read_inputs({actors!r}, {links!r}, budget=InputBudget(max_rows=10**8))
        outcome = f"ok: {{len(a)}} actors, {{len(l)}} links"
    else:
        import clustergraph
        from clustergraph.io import InputBudget
        budget = None if {links!r} is None else InputBudget(max_rows=10**8)  # the bombs: default budget
        G = clustergraph.load({actors!r}, {links!r}, budget=budget)
        outcome = f"ok: {{G.number_of_nodes()}} actors, {{G.number_of_edges()}} edges"
except InputError as exc:
    outcome = "refused: " + str(exc.problems[0])[-160:]
print(json.dumps({{"seconds": time.perf_counter() - t, "cpu": time.process_time() - c,
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   "outcome": outcome}}))
"""


def run(mode: str, actors: Path, links: Path | None) -> dict:
    code = CHILD.format(root=str(ROOT), mode=mode, actors=str(actors), links=str(links) if links else None)
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if res.returncode:
        return {"seconds": None, "peak_mb": None, "outcome": "crashed: " + res.stderr[-300:]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def baseline() -> float:
    code = (
        f"import sys, resource; sys.path.insert(0, {str(ROOT)!r}); import clustergraph.io, clustergraph, "
        "networkx, pandas; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)


def make_csv(
    folder: Path, mb: float, n_actors: int = 50_000, seed: int = 0, quoted: bool = False, spanning: bool = False
) -> tuple[Path, Path]:
    """Actors ``A000000``... and ``mb`` megabytes of random links between them; with ``quoted``, each
    link's type is written in quotes (``"supply"``: still read column-wise); with ``spanning``, the
    first link's type is a quoted cell of two lines, which sends the file row by row."""
    rng = random.Random(seed)
    actors = folder / "actors.csv"
    types = ["firm"] * 6 + ["vet", "university", "rto", "government"]
    with actors.open("w") as fh:
        fh.write("id,name,type,region,country\n")
        for i in range(n_actors):
            fh.write(f"A{i:06d},Actor number {i},{rng.choice(types)},R{i % 40},C{i % 5}\n")
    links = folder / "links.csv"
    target = mb * 1024 * 1024
    kinds = ["training", "research", "supply", "project", "membership"]
    with links.open("w") as fh:
        fh.write("source,target,type,weight,year\n")
        if spanning:
            fh.write('A000000,A000001,"supply\nchain",1,2020\n')
        size = 0
        while size < target:
            lines = []
            for _ in range(10_000):
                u, v = rng.randrange(n_actors), rng.randrange(n_actors)
                if u == v:
                    v = (v + 1) % n_actors
                kind = f'"{rng.choice(kinds)}"' if quoted else rng.choice(kinds)
                lines.append(f"A{u:06d},A{v:06d},{kind},{rng.randint(1, 5)},{rng.randint(2000, 2024)}\n")
            chunk = "".join(lines)
            fh.write(chunk)
            size += len(chunk)
    return actors, links


def make_complete(folder: Path, n: int) -> tuple[Path, Path]:
    """Actors ``A0000``... of four types in 12 regions, and a link between every pair."""
    types = ["firm"] * 6 + ["vet", "university", "rto", "government"]
    actors = folder / "complete-actors.csv"
    with actors.open("w") as fh:
        fh.write("id,name,type,region\n")
        for i in range(n):
            fh.write(f"A{i:04d},Actor {i},{types[i % 10]},R{i % 12}\n")
    links = folder / "complete-links.csv"
    with links.open("w") as fh:
        fh.write("source,target\n")
        for i in range(n):
            fh.write("".join(f"A{i:04d},A{j:04d}\n" for j in range(i + 1, n)))
    return actors, links


def run_map(folder: Path, actors: Path, links: Path) -> str:
    """``clustergraph map`` in a fresh process: wall time, peak memory and what it said."""
    out = folder / "map.html"
    cmd = [sys.executable, "-m", "clustergraph", "map", str(actors), str(links), "-o", str(out)]
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    res = subprocess.run(([timer, "-v"] if timer else []) + cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    seconds = time.perf_counter() - t
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", res.stderr)
    said = [ln for ln in (res.stdout + res.stderr).splitlines() if "aggregate" in ln or "written" in ln]
    size = f", page {out.stat().st_size / 1024 / 1024:.1f} MB" if out.exists() else ""
    return (
        (f"{seconds:.1f} s wall, peak {int(peak.group(1)) / 1024:.0f} MB" if peak else f"{seconds:.1f} s wall")
        + f", exit {res.returncode}{size}; "
        + " / ".join(said)[:300]
    )


def run_validate(actors: Path, links: Path) -> str:
    """``clustergraph validate`` in a fresh process under ``/usr/bin/time -v``: CPU seconds, peak memory."""
    cmd = [sys.executable, "-m", "clustergraph", "validate", "--max-rows", str(10**8), str(actors), str(links)]
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    res = subprocess.run(([timer, "-v"] if timer else []) + cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t
    found = {
        key: re.search(pattern, res.stderr)
        for key, pattern in (
            ("user", r"User time \(seconds\): ([\d.]+)"),
            ("sys", r"System time \(seconds\): ([\d.]+)"),
            ("peak", r"Maximum resident set size \(kbytes\): (\d+)"),
        )
    }
    said = next((ln for ln in res.stdout.splitlines() if "Valid input" in ln), res.stderr.strip()[-200:])
    if not all(found.values()):
        return f"{wall:.1f} s wall, exit {res.returncode}; {said}"
    cpu = float(found["user"].group(1)) + float(found["sys"].group(1))  # type: ignore[union-attr]
    peak = int(found["peak"].group(1)) / 1024  # type: ignore[union-attr]
    return f"{cpu:.1f} CPU s ({wall:.1f} s wall), peak {peak:.0f} MB, exit {res.returncode}; {said[:160]}"


def _template(folder: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "actors"
    ws.append(["id", "name", "type"])
    ws.append(["a", "A", "firm"])
    ws.append(["b", "B", "vet"])
    ls = wb.create_sheet("links")
    ls.append(["source", "target"])
    ls.append(["a", "b"])
    path = folder / "template.xlsx"
    wb.save(path)
    return path


def make_dimension_bomb(folder: Path) -> Path:
    src = zipfile.ZipFile(_template(folder))
    out = folder / "dimension.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b'<dimension ref="A1:C3"', b'<dimension ref="A1:XFD1048576"')
                data = data.replace(b'<dimension ref="A1:B2"', b'<dimension ref="A1:XFD1048576"')
            z.writestr(info, data)
    return out


def make_rows_bomb(folder: Path, rows: int = 4_000_000) -> Path:
    src = zipfile.ZipFile(_template(folder))
    out = folder / "rows.xlsx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet2.xml":
                head = src.read(info.filename).split(b"<sheetData>")[0]
                head = head.replace(b'<dimension ref="A1:B2" />', b"").replace(b'<dimension ref="A1:B2"/>', b"")
                with z.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head + b"<sheetData>")
                    fh.write(
                        b'<row r="1"><c r="A1" t="inlineStr"><is><t>source</t></is></c>'
                        b'<c r="B1" t="inlineStr"><is><t>target</t></is></c></row>'
                    )
                    block = []
                    for r in range(2, rows + 2):
                        block.append(
                            b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>a</t></is></c>'
                            b'<c r="B%d" t="inlineStr"><is><t>b</t></is></c></row>' % (r, r, r)
                        )
                        if len(block) == 50_000:
                            fh.write(b"".join(block))
                            block = []
                    fh.write(b"".join(block) + b"</sheetData></worksheet>")
            else:
                z.writestr(info, src.read(info.filename))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=200.0, help="size of the generated links CSV")
    ap.add_argument("--skip-csv", action="store_true")
    ap.add_argument("--skip-load", action="store_true", help="measure only the tables stage of the CSV")
    ap.add_argument("--skip-bombs", action="store_true")
    ap.add_argument("--quoted", action="store_true", help="quote every link type")
    ap.add_argument("--spanning", action="store_true", help="one quoted cell spanning two lines (row by row)")
    ap.add_argument("--validate", action="store_true", help="also run clustergraph validate end to end")
    ap.add_argument("--complete", type=int, default=0, metavar="N", help="map the complete graph of N actors")
    args = ap.parse_args()
    base = baseline()
    print(f"baseline (interpreter + clustergraph, networkx, pandas imported): {base:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_csv:
            actors, links = make_csv(folder, args.mb, quoted=args.quoted, spanning=args.spanning)
            size = links.stat().st_size / 1024 / 1024
            modes = ["tables"] + ([] if args.skip_load else ["load"])
            for mode in modes:
                r = run(mode, actors, links)
                extra = (r["peak_mb"] - base) / size if r["peak_mb"] else float("nan")
                print(
                    f"csv-{mode}: {size:.0f} MB links file: {r['cpu']:.1f} CPU s ({r['seconds']:.1f} s wall), "
                    f"peak {r['peak_mb']:.0f} MB "
                    f"({extra:.1f}x the file above the baseline); {r['outcome']}"
                )
            if args.validate:
                print(f"csv-validate: {size:.0f} MB links file: {run_validate(actors, links)}")
        if not args.skip_bombs:
            for name, maker in (("xlsx-dimension", make_dimension_bomb), ("xlsx-rows", make_rows_bomb)):
                t = time.perf_counter()
                book = maker(folder)
                built = time.perf_counter() - t
                r = run("load", book, None)
                print(
                    f"{name}: {book.stat().st_size / 1024 / 1024:.1f} MB file (built in {built:.0f} s): "
                    f"{r['seconds']:.2f} s, peak {r['peak_mb']:.0f} MB; {r['outcome']}"
                )
        if args.complete:
            actors, links = make_complete(folder, args.complete)
            mb = links.stat().st_size / 1024 / 1024
            print(f"complete-map: {args.complete:,} actors, {mb:.0f} MB links file: {run_map(folder, actors, links)}")


if __name__ == "__main__":
    main()
