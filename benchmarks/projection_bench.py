"""Benchmark the projection of participations onto weighted links.

Generates ``--participations`` participations (default 1,000,000) in ``--projects``
projects (default 200,000) with :func:`clustergraph.synthetic.generate_projects`
(heavy-tailed partner counts: median 3, a few consortia of 100+) over
``--actors`` organisations (default 200,000; built with numpy, not
``generate``, to keep the set-up short), then times
:func:`clustergraph.projection.project_links` with both weightings and reports
the pairs enumerated, links produced and peak memory (``ru_maxrss``).

Usage::

    python benchmarks/projection_bench.py
    python benchmarks/projection_bench.py --projects 20000 --actors 20000
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import pandas as pd

from clustergraph.projection import project_links
from clustergraph.synthetic import generate_projects


def actors_table(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_regions = max(4, n // 250)
    region = rng.integers(0, n_regions, n)
    types = rng.choice(["firm", "vet", "university", "rto", "government", "cluster_org", "other"], n,
                       p=[0.70, 0.08, 0.04, 0.06, 0.05, 0.03, 0.04])  # fmt: skip
    return pd.DataFrame(
        {
            "id": [f"A{i:07d}" for i in range(n)],
            "type": types,
            "region": [f"R{r:04d}" for r in region],
            "country": [f"C{r // 3:03d}" for r in region],
        }
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--projects", type=int, default=200_000)
    ap.add_argument("--actors", type=int, default=200_000)
    ap.add_argument("--mean-partners", type=float, default=5.4)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t = time.perf_counter()
    actors = actors_table(args.actors, args.seed)
    parts, projects = generate_projects(actors, args.projects, mean_partners=args.mean_partners, seed=args.seed)
    projects["start_year"] = pd.to_datetime(projects["start"]).dt.year.astype("Int64")
    sizes = parts.groupby("project").size()
    print(
        f"generated {len(parts):,} participations in {len(projects):,} projects over {args.actors:,} organisations "
        f"in {time.perf_counter() - t:.1f} s; partners per project: median {sizes.median():g}, "
        f"max {sizes.max():,}, projects with 30+: {(sizes >= 30).sum():,}; "
        f"pairs to enumerate: {int((sizes * (sizes - 1) // 2).sum()):,}"
    )
    for method in ("newman", "count"):
        t = time.perf_counter()
        links = project_links(parts, projects, method=method)
        dt = time.perf_counter() - t
        print(f"project_links(method={method!r}): {len(links):,} links in {dt:.1f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
