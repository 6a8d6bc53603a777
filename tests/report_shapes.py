"""Generated inputs of the real shapes the report must survive (issue 25), written as CSV files.

- :func:`regions_shape`: 700 organisations in 12 regions, 200 of them isolated (links file);
- :func:`consortia_shape`: 800 organisations in 26 consortia of up to 190 partners, 18 countries
  (participations and projects, like a CORDIS export of one topic).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from clustergraph.synthetic import generate, write_tables

TYPES = ["firm"] * 6 + ["university", "rto", "vet", "government", "cluster_org", "other"]


def regions_shape(folder: Path, *, n: int = 700, regions: int = 12, isolates: int = 200, seed: int = 1):
    """(actors.csv, links.csv): ``n`` organisations in ``regions`` regions, ``isolates`` without a link."""
    actors, links = generate(n, links_per_actor=2.0, n_regions=regions, seed=seed)
    lonely = set(actors["id"].astype(str).iloc[-isolates:])
    links = links[~links["source"].astype(str).isin(lonely) & ~links["target"].astype(str).isin(lonely)]
    return write_tables(folder, actors, links)


def consortia_shape(
    folder: Path,
    *,
    n: int = 800,
    projects: int = 26,
    largest: int = 190,
    countries: int = 18,
    regions: bool = True,
    education: bool = True,
    seed: int = 2,
):
    """(actors.csv, participations.csv, projects.csv): few projects, giant consortia, many countries.

    ``regions=False`` leaves the region column empty (countries only); ``education=False`` has no VET
    provider or university.
    """
    rng = np.random.default_rng(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    types = [t for t in TYPES if education or t not in ("university", "vet")]
    country = [f"C{int(c):02d}" for c in rng.integers(0, countries, n)]
    actors = pd.DataFrame(
        {
            "id": [f"o{i}" for i in range(n)],
            "name": [f"Organisation {i}" for i in range(n)],
            "type": [types[i % len(types)] for i in rng.permutation(n)],
            "country": country,
            "region": [f"{c}{int(r)}" for c, r in zip(country, rng.integers(1, 3, n))] if regions else [""] * n,
        }
    )
    sizes = np.geomspace(4, largest, projects).round().astype(int)  # most small, a few giants
    rows = []
    for p, k in enumerate(sizes):
        for a in rng.choice(n, size=min(k, n), replace=False):
            rows.append({"project": f"P{p}", "actor": f"o{a}", "role": "participant"})
    parts = pd.DataFrame(rows)
    proj = pd.DataFrame(
        {
            "id": [f"P{p}" for p in range(projects)],
            "acronym": [f"CHIP{p}" for p in range(projects)],
            "start": [f"{2015 + p % 8}-01-01" for p in range(projects)],
            "end": [f"{2018 + p % 8}-12-31" for p in range(projects)],
            "programme": ["H2020"] * projects,
        }
    )
    paths = folder / "actors.csv", folder / "participations.csv", folder / "projects.csv"
    actors.to_csv(paths[0], index=False)
    parts.to_csv(paths[1], index=False)
    proj.to_csv(paths[2], index=False)
    return paths
