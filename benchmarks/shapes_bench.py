"""``clustergraph metrics`` on three network shapes, next to a bare python-igraph script.

Shapes (:mod:`clustergraph.synthetic.shapes`): ``regional`` (regions of 250 actors,
80 % of the links inside a region), ``projects`` (cliques of consortia, most 2-10
partners, some 100-200), ``scalefree`` (preferential attachment, hubs). For each shape
and size, in fresh processes:

1. the whole command ``clustergraph metrics actors.csv links.csv -o DIR`` (all four
   formats): wall seconds, CPU seconds (user + system of the child and its second
   process) and peak resident memory (``ru_maxrss``);
2. each progress step of :func:`clustergraph.metrics.compute` in a worker (wall and
   CPU seconds; peak memory of the worker process during the step, Linux ``VmHWM``);
3. a bare igraph script computing the same centralities the same way (betweenness with
   the engine and sample size the plan chose, closeness/harmonic exact or from the same
   number of sampled sources, PageRank, eigenvector, coreness, clustering): its wall and
   CPU seconds, and the ratio of clustergraph's centrality steps to it.

Usage::

    python benchmarks/shapes_bench.py --sizes 10000            # about a minute
    python benchmarks/shapes_bench.py --sizes 10000,100000     # 10-20 minutes on 2 cores

The machine may be shared: CPU seconds are steadier than wall seconds; ``--repeat 3``
prints medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, sys, time, resource
import numpy as np
from clustergraph import load
from clustergraph.metrics import compute

def hwm():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")

def reset():
    try:
        open("/proc/self/clear_refs", "w").write("5")
    except OSError:
        pass

folder = sys.argv[1]
G = load(folder + "/actors.csv", folder + "/links.csv")
rows, last = [], [None, time.perf_counter(), time.process_time()]
def progress(name):
    now, cpu = time.perf_counter(), time.process_time()
    if last[0] is not None:
        rows.append((last[0], now - last[1], cpu - last[2], hwm()))
    reset()
    last[:] = [name, now, cpu]
t0, c0 = time.perf_counter(), time.process_time()
result = compute(G, progress=progress)
progress(None)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"steps": rows, "wall": time.perf_counter() - t0,
                  "cpu": time.process_time() - c0 + children.ru_utime + children.ru_stime,
                  "plan": result.summary.get("betweenness_engine", {}),
                  "approximations": result.summary.get("approximations", {})}))
"""

BARE = r"""
import json, sys, time, random
import numpy as np, pandas as pd, igraph as ig
folder, plan = sys.argv[1], json.loads(sys.argv[2])
a = pd.read_csv(folder + "/actors.csv", dtype=str); l = pd.read_csv(folder + "/links.csv", dtype={"source": str, "target": str})
t0, c0 = time.perf_counter(), time.process_time()
index = {v: i for i, v in enumerate(a["id"])}
g = ig.Graph(n=len(a), edges=list(zip(l["source"].map(index), l["target"].map(index))))
g.es["weight"] = l["weight"].astype(float).tolist()
g = g.simplify(combine_edges="sum")
n = g.vcount()
rng = random.Random(0)
if plan.get("engine") == "sampled sources" and plan.get("k"):
    g.betweenness(sources=rng.sample(range(n), int(plan["k"])))
else:
    g.betweenness()
if n <= 5000:
    g.closeness(); g.harmonic_centrality()
else:
    g.distances(source=rng.sample(range(n), 1000))
g.pagerank(weights="weight"); g.eigenvector_centrality(weights="weight"); g.coreness(); g.transitivity_local_undirected()
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}))
"""


def run_json(args: list[str], env: dict) -> dict:
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_command(folder: str, env: dict) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "clustergraph", "metrics", f"{folder}/actors.csv", f"{folder}/links.csv", "-o",
         f"{folder}/out", "--top", "0"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_mib": after.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--shapes", default="regional,projects,scalefree")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from clustergraph.synthetic import shapes, write_tables

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    print(f"# shapes benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}")
    for size in [int(s) for s in args.sizes.split(",")]:
        for name in args.shapes.split(","):
            with tempfile.TemporaryDirectory(prefix=f"cg-{name}-") as folder:
                actors, links = shapes.shape(name, size, seed=1)
                write_tables(folder, actors, links)
                runs = [whole_command(folder, env) for _ in range(args.repeat)]
                cmd = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                worker = run_json([sys.executable, "-c", WORKER, folder], env)
                bare = run_json([sys.executable, "-c", BARE, folder, json.dumps(worker["plan"])], env)
            cent_steps = [s for s in worker["steps"] if s[0] in (
                "degree", "betweenness", "closeness and harmonic", "eigenvector and PageRank", "k-core and clustering")]  # fmt: skip
            cent_wall = sum(s[1] for s in cent_steps)
            cent_cpu = sum(s[2] for s in cent_steps)
            plan = worker["plan"]
            row = {"shape": name, "actors": size, "links": len(links), "command": cmd, "steps": worker["steps"],
                   "plan": plan, "bare_igraph": bare, "centrality_wall": cent_wall, "centrality_cpu": cent_cpu}  # fmt: skip
            results.append(row)
            print(f"\n## {name}, {size:,} actors, {len(links):,} link rows")
            print(
                f"clustergraph metrics (whole command, median of {args.repeat}): wall {cmd['wall']:.1f} s, "
                f"CPU {cmd['cpu']:.1f} s, peak {cmd['peak_mib']:.0f} MiB"
            )
            print(
                f"betweenness engine: {plan.get('engine')} k={plan.get('k')} stated error {plan.get('epsilon')} "
                f"(target {plan.get('target_epsilon')}), estimates {plan.get('estimated_seconds')}"
            )
            print("| step | wall s | CPU s | peak MiB |\n|---|---:|---:|---:|")
            for step, wall, cpu, peak in worker["steps"]:
                print(f"| {step} | {wall:.2f} | {cpu:.2f} | {peak:.0f} |")
            print(
                f"bare igraph, same centralities: wall {bare['wall']:.2f} s, CPU {bare['cpu']:.2f} s; "
                f"clustergraph centrality steps: wall {cent_wall:.2f} s, CPU {cent_cpu:.2f} s "
                f"(ratio CPU {cent_cpu / max(bare['cpu'], 1e-9):.2f})"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
