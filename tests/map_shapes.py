"""Generated networks of the real shapes the explorer must handle (issue 25), for tests and benchmarks.

- :func:`regional` (Norway's Horizon 2020 beneficiaries): organisations in 12 regions of one
  country from small projects, a fixed number of them in no shared project (isolates);
- :func:`consortia` (a CORDIS export): organisations of many countries in a few giant consortia
  (up to 190 partners), dense: ~38,000 links among 800 organisations with the defaults;
- :func:`large` (a national extract): 4,000 organisations from small projects.

Every actor has ``lat``/``lon`` (the geographic layout); :func:`consortia` puts a few partners
on both sides of the antimeridian (New Zealand, Hawaii), so some links cross it. Deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from clustergraph.graph import build_graph
from clustergraph.projection import project_links
from clustergraph.synthetic import generate, generate_projects

#: Rough centres (lat, lon) of the places the generated actors are put at.
_NORWAY = [(59.9, 10.7), (60.4, 5.3), (63.4, 10.4), (58.9, 5.7), (69.6, 19.0), (61.1, 10.5), (58.1, 8.0),
           (62.5, 6.2), (67.3, 14.4), (59.3, 9.6), (60.8, 11.1), (59.4, 5.3)]  # fmt: skip
_WORLD = [(48.9, 2.3), (52.5, 13.4), (40.4, -3.7), (41.9, 12.5), (52.4, 4.9), (50.8, 4.4), (59.3, 18.1),
          (60.2, 24.9), (55.7, 12.6), (48.2, 16.4), (47.4, 8.5), (38.7, -9.1), (37.98, 23.7), (52.2, 21.0),
          (50.1, 14.4), (47.5, 19.0), (44.4, 26.1), (53.3, -6.3), (51.5, -0.1), (46.1, 14.5), (45.8, 16.0),
          (59.4, 24.7), (56.9, 24.1), (54.7, 25.3), (32.1, 34.8), (-36.8, 174.8), (21.3, -157.9),
          (35.7, 139.7), (40.7, -74.0)]  # fmt: skip


def _place(actors: pd.DataFrame, centres, rng: np.random.Generator, key: str) -> pd.DataFrame:
    codes = {v: k % len(centres) for k, v in enumerate(sorted(actors[key].astype(str).unique()))}
    c = np.array([centres[codes[str(v)]] for v in actors[key]])
    actors = actors.copy()
    actors["lat"] = np.round(c[:, 0] + rng.normal(0, 0.3, len(actors)), 4)
    actors["lon"] = np.round(np.clip(c[:, 1] + rng.normal(0, 0.5, len(actors)), -180, 180), 4)
    return actors


def _graph(actors: pd.DataFrame, parts: pd.DataFrame, projects: pd.DataFrame):
    links = project_links(parts).drop(columns=["type", "projects"])
    links["year"] = 2019
    return build_graph(actors, links)


def regional(n: int = 700, regions: int = 12, isolates: int = 200, seed: int = 1):
    """``n`` organisations in ``regions`` regions, ``isolates`` of them in no shared project."""
    rng = np.random.default_rng(seed)
    actors, _ = generate(n, n_regions=regions, seed=seed)
    actors = _place(actors, _NORWAY, rng, "region")
    linked = actors.iloc[: n - isolates]
    parts, projects = generate_projects(linked, max(2, (n - isolates) // 2), mean_partners=3.0, seed=seed)
    sizes = parts["project"].value_counts()
    shared = parts[parts["project"].isin(sizes.index[sizes > 1])]
    idle = sorted(set(linked["id"]) - set(shared["actor"]))  # everyone else shares a project
    hosts = rng.choice(sorted(set(shared["project"])), size=len(idle))
    parts = pd.concat([shared, pd.DataFrame({"project": hosts, "actor": idle, "role": "participant"})])
    alone = actors["id"].iloc[n - isolates :].tolist()  # each alone in a project of its own
    extra = pd.DataFrame({"project": [f"S{k}" for k in range(len(alone))], "actor": alone, "role": "coordinator"})
    parts = pd.concat([parts, extra], ignore_index=True)
    more = projects.iloc[: len(alone)].copy()
    more["id"] = extra["project"].to_numpy()
    return _graph(actors, parts, pd.concat([projects, more], ignore_index=True))


#: Partners of the consortia of :func:`consortia` (26 of them, up to 190).
CONSORTIUM_SIZES = (190, 120, 90, 70, 55, 45, 38, 32, 27, 23, 20, 17, 15, 13, 11, 10, 9, 8, 7, 6, 5, 4, 4, 3, 3,
                    2)  # fmt: skip


def consortia(n: int = 800, sizes=CONSORTIUM_SIZES, seed: int = 1):
    """``n`` organisations of ~30 countries in ``len(sizes)`` consortia of ``sizes`` partners."""
    rng = np.random.default_rng(seed)
    actors, _ = generate(n, n_regions=max(4, len(_WORLD)), seed=seed)
    actors["country"] = actors["region"]
    actors = _place(actors, _WORLD, rng, "region")
    activity = rng.lognormal(0, 1.6, n)
    p = activity / activity.sum()
    rows, seen = [], set()
    for k, size in enumerate(sizes):
        members = rng.choice(n, size=min(size, n), replace=False, p=p)
        seen.update(members.tolist())
        rows += [{"project": f"C{k:02d}", "actor": actors["id"].iloc[m], "role": "participant"} for m in members]
    for m in sorted(set(range(n)) - seen):  # everyone takes part in one of the smaller consortia
        rows.append({"project": f"C{int(rng.integers(len(sizes) // 2, len(sizes))):02d}",
                     "actor": actors["id"].iloc[m], "role": "participant"})  # fmt: skip
    parts = pd.DataFrame(rows)
    projects = pd.DataFrame(
        {"id": [f"C{k:02d}" for k in range(len(sizes))], "acronym": [f"CON{k}" for k in range(len(sizes))],
         "start": "2019-01-01", "end": "2022-12-31"}
    )  # fmt: skip
    return _graph(actors, parts, projects)


def large(n: int = 4000, seed: int = 1):
    """``n`` organisations from small projects (a national extract)."""
    rng = np.random.default_rng(seed)
    actors, _ = generate(n, n_regions=16, seed=seed)
    actors = _place(actors, _WORLD[:16], rng, "region")
    parts, projects = generate_projects(actors, n // 2, mean_partners=3.0, seed=seed)
    return _graph(actors, parts, projects)


SHAPES = {"regional": regional, "consortia": consortia, "large": large}
