"""Benchmark clustergraph's metric families against plain networkx calls.

For each size (default 1,000, 10,000 and 100,000 actors, about 5 links per
actor: ``clustergraph.synthetic.generate(n, links_per_actor=5, seed=1)``) a
fresh Python process:

1. writes the generated tables as CSV and times the whole command
   ``clustergraph metrics actors.csv links.csv -o DIR`` (all four output
   formats) in a child process: wall time and that child's peak RSS;
2. times each metric family of clustergraph in the worker, with the peak
   resident memory of the worker process during the step (the Linux high-water
   mark ``VmHWM``, reset before each step via ``/proc/self/clear_refs``; so it
   includes the graph already in memory);
3. times the plain networkx calls for the same quantities (the baseline). When
   a networkx call would take too long (betweenness, closeness, harmonic,
   effective size, constraint, the brokerage loop on more than
   ``--baseline-exact-max`` actors) it is run for a random sample of source or
   ego actors and scaled up linearly; such rows are marked ``~`` (estimated).

Usage::

    python benchmarks/run.py                       # 1k, 10k, 100k (100k takes several minutes)
    python benchmarks/run.py --sizes 1000          # quick
    python benchmarks/run.py --sizes 1000,10000 --markdown results.md

The table is printed as Markdown; see benchmarks/README.md and the README
section "Performance" for recorded results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# ----------------------------------------------------------------------------- memory


def _reset_peak() -> bool:
    """Reset this process's peak-RSS mark (Linux); False when not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mib() -> float:
    """Peak resident memory of this process in MiB (since the last reset when supported)."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(func):
    """Run ``func()``; return (result, seconds, peak MiB during the call)."""
    _reset_peak()
    t0 = time.perf_counter()
    value = func()
    return value, time.perf_counter() - t0, _peak_mib()


# ----------------------------------------------------------------------------- baselines


def _brokerage_loop(G, egos, attribute="type"):
    """Naive Gould-Fernandez count for ``egos``: a Python loop over pairs of neighbours."""
    group = {v: G.nodes[v].get(attribute) for v in G}
    counts = {}
    for v in egos:
        c = dict.fromkeys(("coordinator", "itinerant", "representative", "gatekeeper", "liaison"), 0)
        nbrs = list(G[v])
        for a in nbrs:
            for b in nbrs:
                if a == b or G.has_edge(a, b):
                    continue
                ga, gv, gb = group[a], group[v], group[b]
                if ga == gv == gb:
                    c["coordinator"] += 1
                elif ga == gb:
                    c["itinerant"] += 1
                elif ga == gv:
                    c["representative"] += 1
                elif gv == gb:
                    c["gatekeeper"] += 1
                else:
                    c["liaison"] += 1
        counts[v] = c
    return counts


def _baselines(G, sample_size: int, exact_max: int, seed: int = 0):
    """Yield (family, seconds, peak MiB, estimated?, note) for plain networkx calls."""
    import networkx as nx

    n = G.number_of_nodes()
    sampled = n > exact_max
    s = min(n, sample_size) if sampled else n
    egos = random.Random(seed).sample(list(G), s) if sampled else list(G)
    scale = n / s
    note = f"{s:,} of {n:,} actors, scaled x{scale:.0f}" if sampled else ""

    def timed(label, func, factor=1.0, est=False, why=""):
        _, sec, mem = _measure(func)
        return label, sec * factor, mem, est, why

    # centrality: the parts networkx cannot do at scale are sampled
    parts = []
    parts.append(
        timed(
            "betweenness",
            lambda: nx.betweenness_centrality(G, k=s if sampled else None, seed=seed),
            scale,
            sampled,
            note,
        )
    )
    parts.append(timed("closeness", lambda: [nx.closeness_centrality(G, u=v) for v in egos], scale, sampled, note))
    parts.append(timed("harmonic", lambda: nx.harmonic_centrality(G, nbunch=egos), scale, sampled, note))
    # networkx 3.6 refuses eigenvector_centrality_numpy on a disconnected graph:
    # the baseline runs it on the largest component only
    giant = G.subgraph(max(nx.connected_components(G), key=len))
    parts.append(
        timed(
            "eigenvector, pagerank, k-core, clustering, degree",
            lambda: (
                nx.eigenvector_centrality_numpy(giant, weight="weight"),
                nx.pagerank(G),
                nx.core_number(G),
                nx.clustering(G),
                dict(G.degree(weight="weight")),
            ),
            why="eigenvector on the largest component",
        )
    )
    for p in parts:
        yield ("centrality: " + p[0],) + p[1:]
    yield ("centrality (all)", sum(p[1] for p in parts), max(p[2] for p in parts), sampled, note)
    yield ("brokerage roles",) + timed(
        "",
        lambda: _brokerage_loop(G, egos),
        scale,
        sampled,
        "Python loop over neighbour pairs; " + note if note else "Python loop over neighbour pairs",
    )[1:]
    # effective size / constraint node by node (the vectorised networkx path needs a dense n x n matrix)
    yield ("structural holes",) + timed(
        "", lambda: (nx.effective_size(G, nodes=egos), nx.constraint(G, nodes=egos)), scale, sampled, note
    )[1:]
    yield ("articulation points, bridges",) + timed("", lambda: (list(nx.articulation_points(G)), list(nx.bridges(G))))[
        1:
    ]
    yield ("communities (Leiden)",) + timed(
        "", lambda: nx.community.louvain_communities(G, seed=seed), why="networkx: Louvain"
    )[1:]


def _igraph_baselines(G, sample_size: int, exact_max: int, seed: int = 0):
    """Yield (family, seconds, estimated?) for the plain python-igraph calls (one process, no rescaling)."""
    import igraph

    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()])
    w = [d for _, _, d in G.edges(data="weight", default=1)]
    n = len(nodes)
    sampled = n > exact_max
    src = random.Random(seed).sample(range(n), min(n, sample_size)) if sampled else None
    scale = n / len(src) if sampled else 1.0

    def timed(func):
        t0 = time.perf_counter()
        func()
        return time.perf_counter() - t0

    parts = {
        "betweenness": timed(lambda: g.betweenness(sources=src)) * scale,
        "closeness": timed(lambda: g.closeness(vertices=src)) * scale,
        "harmonic": timed(lambda: g.harmonic_centrality(vertices=src)) * scale,
        "eigenvector, pagerank, k-core, clustering, degree": timed(
            lambda: (
                g.eigenvector_centrality(weights=w),
                g.pagerank(weights=w),
                g.coreness(),
                g.transitivity_local_undirected(),
                g.strength(weights=w),
            )
        ),
    }
    for family, sec in parts.items():
        yield "centrality: " + family, sec, sampled and family in ("betweenness", "closeness", "harmonic")
    yield "centrality (all)", sum(parts.values()), sampled
    yield "articulation points, bridges", timed(lambda: (g.articulation_points(), g.bridges())), False
    yield (
        "communities (Leiden)",
        timed(lambda: g.community_leiden(objective_function="modularity", weights=w, n_iterations=-1)),
        False,
    )


# ----------------------------------------------------------------------------- one size


def _cli_end_to_end(n: int, workdir: Path) -> dict:
    """Time ``clustergraph metrics`` on generated CSV files in a child process."""
    from clustergraph.synthetic import generate

    actors, links = generate(n, links_per_actor=5, seed=1)
    a, l = workdir / "actors.csv", workdir / "links.csv"
    actors.to_csv(a, index=False)
    links.to_csv(l, index=False)
    cmd = [sys.executable, "-m", "clustergraph", "metrics", str(a), str(l), "-o", str(workdir / "out")]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if proc.returncode != 0:
        raise RuntimeError(f"clustergraph metrics failed:\n{proc.stderr}")
    kadabra = "KADABRA" in proc.stderr
    approx = "sampled" in proc.stderr or kadabra
    exact_between = not approx or "betweenness is exact" in proc.stderr
    note = ("approximation announced; " if approx else "") + (
        "exact betweenness" if exact_between else "KADABRA betweenness" if kadabra else "sampled betweenness"
    )
    return {
        "family": "clustergraph metrics CLI (load, all metrics, all 4 formats)",
        "ours_s": seconds,
        "ours_mib": peak,
        "note": note,
    }


def worker(n: int, sample_size: int, exact_max: int, skip_cli: bool) -> list[dict]:
    """Benchmark one size in this process; return the table rows."""
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        if not skip_cli:  # first, so no other child process has run yet (RUSAGE_CHILDREN)
            rows.append(_cli_end_to_end(n, Path(tmp)))

        from clustergraph.export.tables import write_metrics
        from clustergraph.graph import build_graph
        from clustergraph.metrics import (
            bridges,
            brokerage_roles,
            centrality,
            compute,
            detect_communities,
            groups_table,
            mixing_matrix,
            structural_holes,
            type_assortativity,
        )
        from clustergraph.synthetic import generate

        G, sec, mem = _measure(lambda: build_graph(*generate(n, links_per_actor=5, seed=1)))
        meta = {"n_links": G.number_of_edges()}
        rows.append({"family": "generate + build graph", "ours_s": sec, "ours_mib": mem})

        comm = {}

        def run_communities():
            comm.update(detect_communities(G, seed=0)[0])

        ours = [
            ("centrality (all)", lambda: centrality(G, progress=None)),
            ("brokerage roles", lambda: brokerage_roles(G)),
            ("structural holes", lambda: structural_holes(G)),
            ("articulation points, bridges", lambda: bridges(G)),
            ("communities (Leiden)", run_communities),
            (
                "critical mass (5 groupings), mixing",
                lambda: (
                    groups_table(G, ("region", "type", "sector", "community", "region-type"), comm),
                    mixing_matrix(G),
                    type_assortativity(G),
                ),
            ),
        ]
        for family, func in ours:
            value, sec, mem = _measure(func)
            row = {"family": family, "ours_s": sec, "ours_mib": mem}
            approx = getattr(value, "attrs", {}).get("approximations") if family.startswith("centrality") else None
            if approx:
                row["note"] = "; ".join(
                    f"{col} "
                    + (f"sampled, k={a['k']}" if "k" in a else f"KADABRA eps={a['epsilon']}, delta={a['delta']}")
                    for col, a in approx.items()
                )
            rows.append(row)
        result, sec, mem = _measure(lambda: compute(G))
        rows.append({"family": "compute() (all families)", "ours_s": sec, "ours_mib": mem})
        _, sec, mem = _measure(lambda: write_metrics(result, G, Path(tmp) / "w", ("csv", "json")))
        rows.append({"family": "write CSV + JSON", "ours_s": sec, "ours_mib": mem})
        _, sec, mem = _measure(lambda: write_metrics(result, G, Path(tmp) / "w", ("graphml", "gexf")))
        rows.append({"family": "write GraphML + GEXF", "ours_s": sec, "ours_mib": mem})

        by_family = {r["family"]: r for r in rows}
        for family, sec, mem, est, note in _baselines(G, sample_size, exact_max):
            row = by_family.get(family)
            if row is None:
                row = {"family": family}
                rows.append(row)
                by_family[family] = row
            row.update(nx_s=sec, nx_mib=mem, nx_estimated=est)
            if note:
                row["nx_note"] = note
        for family, sec, est in _igraph_baselines(G, sample_size, exact_max):
            row = by_family.get(family)
            if row is None:
                row = {"family": family}
                rows.append(row)
                by_family[family] = row
            row.update(ig_s=sec, ig_estimated=est)
    for r in rows:
        r.update(n_actors=n, **meta)
    return rows


# ----------------------------------------------------------------------------- table


def _fmt_s(x, est=False) -> str:
    if x is None:
        return ""
    txt = f"{x:,.2f}" if x < 100 else f"{x:,.0f}"
    return ("~" if est else "") + txt


#: Row order of the table within one size (families not listed come last).
FAMILY_ORDER = (
    "clustergraph metrics CLI (load, all metrics, all 4 formats)",
    "generate + build graph",
    "centrality (all)",
    "centrality: betweenness",
    "centrality: closeness",
    "centrality: harmonic",
    "centrality: eigenvector, pagerank, k-core, clustering, degree",
    "brokerage roles",
    "structural holes",
    "articulation points, bridges",
    "communities (Leiden)",
    "critical mass (5 groupings), mixing",
    "compute() (all families)",
    "write CSV + JSON",
    "write GraphML + GEXF",
)


def markdown(rows: list[dict]) -> str:
    """The rows as one Markdown table, sizes ascending, families in :data:`FAMILY_ORDER`."""
    rank = {f: i for i, f in enumerate(FAMILY_ORDER)}
    rows = sorted(rows, key=lambda r: (r["n_actors"], rank.get(r["family"], len(rank))))
    lines = [
        "| actors | links | family | clustergraph s | peak MiB | networkx s | peak MiB | igraph s | notes |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        notes = "; ".join(x for x in (r.get("note"), r.get("nx_note")) if x)
        lines.append(
            "| {:,} | {:,} | {} | {} | {} | {} | {} | {} | {} |".format(
                r["n_actors"],
                r["n_links"],
                r["family"],
                _fmt_s(r.get("ours_s")),
                f"{r['ours_mib']:,.0f}" if r.get("ours_mib") is not None else "",
                _fmt_s(r.get("nx_s"), r.get("nx_estimated", False)),
                f"{r['nx_mib']:,.0f}" if r.get("nx_mib") is not None else "",
                _fmt_s(r.get("ig_s"), r.get("ig_estimated", False)),
                notes,
            )
        )
    return "\n".join(lines)


def machine() -> str:
    """One line describing the machine and library versions."""
    import igraph
    import networkx
    import numpy
    import pandas
    import scipy

    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            mem = f", {int(fh.readline().split()[1]) / 1024**2:.0f} GiB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    return (
        f"{cpus} cores ({cpu}){mem}, Python {platform.python_version()}, networkx {networkx.__version__}, "
        f"python-igraph {igraph.__version__}, numpy {numpy.__version__}, scipy {scipy.__version__}, "
        f"pandas {pandas.__version__}"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated actor counts")
    ap.add_argument(
        "--baseline-sample",
        type=int,
        default=None,
        help="actors sampled for slow networkx baselines (default 100,000 / n, at least 10)",
    )
    ap.add_argument(
        "--baseline-exact-max", type=int, default=500, help="run networkx baselines on every actor up to this size"
    )
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end command timing")
    ap.add_argument("--markdown", type=Path, help="also write the table to this file")
    ap.add_argument("--json", type=Path, help="also write the raw rows to this JSON file")
    ap.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        n = args.worker
        sample = args.baseline_sample or max(10, 100_000 // n)
        rows = worker(n, sample, args.baseline_exact_max, args.no_cli)
        args.json_out.write_text(json.dumps(rows))
        return 0

    all_rows: list[dict] = []
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
            out = Path(fh.name)
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            str(n),
            "--json-out",
            str(out),
            "--baseline-exact-max",
            str(args.baseline_exact_max),
        ]
        if args.baseline_sample:
            cmd += ["--baseline-sample", str(args.baseline_sample)]
        if args.no_cli:
            cmd.append("--no-cli")
        print(f"benchmarking {n:,} actors ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        print(f"  done in {time.perf_counter() - t0:,.0f} s", file=sys.stderr, flush=True)
        all_rows += json.loads(out.read_text())
        out.unlink()
        text = f"Machine: {machine()}\n\n{markdown(all_rows)}\n"
        if args.markdown:  # rewritten after each size, so a long run leaves partial results
            args.markdown.write_text(text)
        if args.json:
            args.json.write_text(json.dumps({"machine": machine(), "rows": all_rows}, indent=1))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
