"""Generated ecosystems of any size: :func:`generate` (actors and links) and
:func:`generate_projects` (projects and participations), deterministic for a given seed;
:func:`write_tables` writes them as CSV.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd

from ..randomness import numpy_rng, python_rng

#: Share of each type among generated actors.
TYPE_SHARES = {"firm": 0.72, "vet": 0.08, "university": 0.04, "rto": 0.06, "government": 0.06, "cluster_org": 0.04}

#: Relative probability that a link from an actor of type (row) goes to type (column).
MIXING = {
    "firm": {"firm": 4, "vet": 2, "university": 1.5, "rto": 1.5, "government": 0.5, "cluster_org": 2},
    "vet": {"firm": 6, "vet": 0.5, "university": 0.5, "rto": 0.3, "government": 0.5, "cluster_org": 1},
    "university": {"firm": 5, "vet": 0.5, "university": 1, "rto": 1.5, "government": 0.5, "cluster_org": 1},
    "rto": {"firm": 5, "vet": 0.3, "university": 1.5, "rto": 0.5, "government": 0.5, "cluster_org": 1},
    "government": {"firm": 2, "vet": 1, "university": 1, "rto": 1, "government": 0.3, "cluster_org": 2},
    "cluster_org": {"firm": 6, "vet": 1.5, "university": 1.5, "rto": 1, "government": 1, "cluster_org": 1},
}

LINK_TYPES = {
    frozenset({"firm"}): ["supply", "project"],
    frozenset({"firm", "vet"}): ["training", "internship", "curriculum"],
    frozenset({"firm", "university"}): ["research", "internship", "curriculum"],
    frozenset({"firm", "rto"}): ["research", "project"],
    frozenset({"cluster_org"}): ["alliance"],
}

SECTORS = ["maritime", "energy", "manufacturing", "agrifood", "automotive", "ict", "health", "textiles"]


def _link_type(rng: random.Random, ta: str, tb: str) -> str:
    pair = frozenset({ta, tb})
    if pair in LINK_TYPES:
        return rng.choice(LINK_TYPES[pair])
    if "cluster_org" in pair:
        return "membership"
    if "government" in pair:
        return rng.choice(["funding", "project"])
    return rng.choice(["research", "project", "curriculum"])


def _year(rng: random.Random, first: int = 2014, last: int = 2024) -> int:
    # more recent years are more frequent
    return int(last - int(abs(rng.gauss(0, (last - first) / 2))) % (last - first + 1))


def _links(
    rng: random.Random,
    actors: pd.DataFrame,
    n_links: int,
    p_local: float = 0.75,
    p_national: float = 0.15,
    no_education_regions: frozenset = frozenset(),
    p_same_sector: float = 0.6,
) -> pd.DataFrame:
    ids = actors["id"].tolist()
    types = actors["type"].tolist()
    regions = actors["region"].tolist()
    countries = actors["country"].tolist()
    sectors = actors["sector"].tolist()
    by_rt: dict[tuple, list[int]] = {}
    by_ct: dict[tuple, list[int]] = {}
    by_t: dict[str, list[int]] = {}
    by_rts: dict[tuple, list[int]] = {}
    for i, (t, r, c, s) in enumerate(zip(types, regions, countries, sectors)):
        by_rt.setdefault((r, t), []).append(i)
        by_ct.setdefault((c, t), []).append(i)
        by_t.setdefault(t, []).append(i)
        by_rts.setdefault((r, t, s), []).append(i)
    activity = [rng.lognormvariate(0, 0.8) * (6 if t == "cluster_org" else 1) for t in types]
    mix_types = {t: (list(row), list(row.values())) for t, row in MIXING.items()}
    sources = rng.choices(range(len(ids)), weights=activity, k=n_links)
    rows = []
    for a in sources:
        ta, ra, ca = types[a], regions[a], countries[a]
        names, weights = mix_types[ta]
        tb = rng.choices(names, weights=weights)[0]
        u = rng.random()
        if ta == "cluster_org" and tb == "cluster_org":
            u = 1.0  # cluster organisations ally across borders
        if u < p_local:
            pool = None
            if ta == "firm" and tb in ("vet", "university") and rng.random() < p_same_sector:
                pool = by_rts.get((ra, tb, sectors[a]))
            pool = pool or by_rt.get((ra, tb))
        elif u < p_local + p_national:
            pool = by_ct.get((ca, tb))
        else:
            pool = by_t.get(tb)
        pool = pool or by_t.get(tb)
        if not pool:
            continue
        b = rng.choice(pool)
        if a == b:
            continue
        if {ta, types[b]} & {"vet", "university"} and "firm" in (ta, types[b]):
            firm_region = ra if ta == "firm" else regions[b]
            if firm_region in no_education_regions:
                continue
        rows.append((ids[a], ids[b], _link_type(rng, ta, types[b]), rng.choice([1, 1, 1, 2, 3]), _year(rng)))
    return pd.DataFrame(rows, columns=["source", "target", "type", "weight", "year"])


def generate(
    n_actors: int = 1000,
    *,
    links_per_actor: float = 5.0,
    n_regions: int | None = None,
    seed: int = 0,
    no_education_regions: int = 1,
    other_share: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate an ecosystem of ``n_actors`` actors and about ``links_per_actor * n_actors`` links.

    Parameters
    ----------
    n_actors : int
        Number of actors (at least 12).
    links_per_actor : float
        Links drawn per actor (self-links are dropped, repeated pairs kept:
        they merge into one weighted edge when the graph is built).
    n_regions : int, optional
        Default: one region per 250 actors, at least 4; three regions a country.
    seed : int
        Random seed; the same arguments give the same tables.
    no_education_regions : int
        How many regions (the last ones) get no firm-education links.
    other_share : float
        Share of the firms turned, after the links are drawn, into actors of type
        ``other`` (hospitals, foundations, chambers, investors ...); 0 leaves the
        tables exactly as without it.

    Returns
    -------
    (actors, links) : tuple of DataFrame
        In the schema of ``data/actors.csv`` and ``data/links.csv``.

    Examples
    --------
    >>> actors, links = generate(100, seed=1)
    >>> len(actors), sorted(actors["type"].unique())[:2]
    (100, ['cluster_org', 'firm'])
    """
    if n_actors < 12:
        raise ValueError("n_actors must be at least 12")
    rng = python_rng(seed)
    n_regions = n_regions or max(4, n_actors // 250)
    regions = [f"R{r:03d}" for r in range(n_regions)]
    country_of = {r: f"C{i // 3:02d}" for i, r in enumerate(regions)}
    sector_of_region = {r: [SECTORS[(i + k) % len(SECTORS)] for k in range(3)] for i, r in enumerate(regions)}
    type_list, w = list(TYPE_SHARES), list(TYPE_SHARES.values())
    rows = []
    for i in range(n_actors):
        region = regions[i % n_regions]
        t = "cluster_org" if i < n_regions else rng.choices(type_list, weights=w)[0]
        rows.append(
            {
                "id": f"A{i:06d}",
                "name": f"{t.replace('_', ' ').title()} {i}",
                "type": t,
                "region": region,
                "country": country_of[region],
                "sector": rng.choice(sector_of_region[region]),
                "size": rng.choice(["micro", "small", "small", "medium", "large"]) if t == "firm" else "",
            }
        )
    actors = pd.DataFrame(rows)
    no_edu = frozenset(regions[len(regions) - no_education_regions :]) if no_education_regions else frozenset()
    links = _links(rng, actors, int(round(n_actors * links_per_actor)), no_education_regions=no_edu)
    if other_share > 0:
        _make_others(actors, other_share, seed)
    return actors, links


_OTHER_KINDS = ("Hospital", "Foundation", "Chamber of Commerce", "Association", "Investor", "NGO")


def _make_others(actors: pd.DataFrame, share: float, seed: int) -> None:
    """Turn ``share`` of the firms of ``actors`` (in place) into fourth-helix actors of type ``other``."""
    rng = np.random.default_rng(seed + 7)  # a stream apart from generate()'s (seed checked there)
    firms = np.flatnonzero((actors["type"] == "firm").to_numpy())
    chosen = np.sort(rng.choice(firms, size=int(round(share * len(firms))), replace=False))
    kinds = rng.choice(len(_OTHER_KINDS), size=len(chosen))
    actors.loc[chosen, "type"] = "other"
    actors.loc[chosen, "size"] = ""
    actors.loc[chosen, "name"] = [f"{_OTHER_KINDS[k]} {i}" for k, i in zip(kinds, chosen)]


#: Programmes of generated projects and their weights; international ones draw partners anywhere.
_PROGRAMMES = {
    "Horizon Europe": (0.25, True),
    "Erasmus+": (0.2, True),
    "Interreg": (0.15, True),
    "National R&D": (0.25, False),
    "Regional skills": (0.15, False),
}


def generate_projects(
    actors: pd.DataFrame,
    n_projects: int | None = None,
    *,
    mean_partners: float = 5.0,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate projects and participations for the actors of an ecosystem.

    Partner counts are heavy-tailed (1 + a Lomax/Pareto II variable of shape 1.8
    scaled to ``mean_partners``): most projects have 2 to 6 partners, about 1.5 %
    have 30 or more (at least two such consortia when there are 40 projects or
    more). Organisations take part in proportion to a log-normal activity, so
    many are in no project or in one only (20 to 40 % of those taking part with
    the defaults), a few in very many. Regional and national programmes draw
    partners in one country, mostly one region; Horizon Europe, Erasmus+ and
    Interreg anywhere. Erasmus+ projects include a VET provider when there is one.
    Vectorised: a million participations take seconds.

    Parameters
    ----------
    actors : DataFrame
        ``id``, ``type``, ``region``, ``country`` (as :func:`generate` makes them).
    n_projects : int, optional
        Default: one project per 2 actors.
    mean_partners : float
        Mean partners per project (before removing repeated draws).
    seed : int

    Returns
    -------
    (participations, projects) : tuple of DataFrame
        ``project, actor, role`` and ``id, title, acronym, programme, start, end, budget``.

    Examples
    --------
    >>> actors, _ = generate(200, seed=1)
    >>> parts, projects = generate_projects(actors, 40, seed=1)
    >>> len(projects), parts["project"].isin(projects["id"]).all()
    (40, np.True_)
    """
    rng = numpy_rng(seed)
    n_projects = n_projects or max(1, len(actors) // 2)
    scale = max(mean_partners - 1.5, 0.1) / 1.25  # mean of Lomax(1.8) is 1/0.8; floor takes ~0.5
    sizes = 2 + np.floor(rng.pareto(1.8, n_projects) * scale).astype(np.int64)
    sizes[rng.random(n_projects) < 0.08] = 1  # an organisation acting alone
    if n_projects >= 40:  # a few consortia of 30+
        big = rng.choice(n_projects, size=2, replace=False)
        sizes[big] = np.maximum(sizes[big], rng.integers(30, 60, size=2))
    sizes = np.minimum(sizes, max(1, min(len(actors) // 2, 150)))
    names = list(_PROGRAMMES)
    prog = rng.choice(len(names), size=n_projects, p=[w for w, _ in _PROGRAMMES.values()])
    international = np.array([_PROGRAMMES[n][1] for n in names])[prog]

    regions = actors["region"].astype(str).to_numpy()
    countries = actors["country"].astype(str).to_numpy()
    activity = rng.lognormal(0.0, 1.0, len(actors))
    activity[(actors["type"] != "firm").to_numpy()] *= 4  # education, research, clusters: more projects
    cum = np.cumsum(activity / activity.sum())
    # a project's home actor (its coordinator) and the pools it draws from
    home = np.minimum(np.searchsorted(cum, rng.random(n_projects)), len(actors) - 1)
    pid = np.repeat(np.arange(n_projects), sizes)
    draw = np.minimum(np.searchsorted(cum, rng.random(len(pid))), len(actors) - 1)
    # local programmes: redraw partners outside the home country within it (same region 70 %)
    order = np.lexsort((regions, countries))
    r_sorted, c_sorted = regions[order], countries[order]
    h = home[pid]
    local = ~international[pid] & (countries[draw] != countries[h])
    same_region = local & (rng.random(len(pid)) < 0.7)
    for mask, keys_sorted, keys in ((same_region, r_sorted, regions), (local & ~same_region, c_sorted, countries)):
        if mask.any():
            # uniform draw inside the home region/country: its slice of the sorted order
            key = keys[h[mask]]
            if keys is regions:
                key2 = np.char.add(countries[h[mask]].astype(str), "\x00" + key.astype(str))
                sorted_keys = np.char.add(c_sorted.astype(str), "\x00" + r_sorted.astype(str))
            else:
                key2, sorted_keys = key, keys_sorted
            lo = np.searchsorted(sorted_keys, key2, side="left")
            hi = np.searchsorted(sorted_keys, key2, side="right")
            draw[mask] = order[lo + np.floor(rng.random(mask.sum()) * (hi - lo)).astype(np.int64)]
    draw[np.r_[0, np.flatnonzero(np.diff(pid)) + 1]] = home[pid[np.r_[0, np.flatnonzero(np.diff(pid)) + 1]]]
    # Erasmus+: a VET provider of the home country joins
    vets = np.flatnonzero((actors["type"] == "vet").to_numpy())
    ids = actors["id"].astype(str).to_numpy()
    frame = pd.DataFrame({"p": pid, "a": draw})
    if len(vets):
        erasmus = np.flatnonzero(np.array(names)[prog] == "Erasmus+")
        extra = vets[rng.integers(0, len(vets), len(erasmus))]
        frame = pd.concat([frame, pd.DataFrame({"p": erasmus, "a": extra})], ignore_index=True)
    frame = frame.drop_duplicates(["p", "a"]).sort_values("p", kind="stable")
    first = ~frame["p"].duplicated()
    width = len(str(n_projects))
    parts = pd.DataFrame(
        {
            "project": [f"P{p:0{width}d}" for p in frame["p"]],
            "actor": ids[frame["a"].to_numpy()],
            "role": np.where(first.to_numpy(), "coordinator", "participant"),
        }
    )
    start_year = 2014 + rng.integers(0, 11, n_projects)
    start_month = rng.integers(1, 13, n_projects)
    months = np.where(rng.random(n_projects) < 0.2, rng.integers(3, 12, n_projects), rng.integers(12, 61, n_projects))
    start = pd.to_datetime({"year": start_year, "month": start_month, "day": np.ones(n_projects, dtype=int)})
    end = start + pd.to_timedelta(months * 30.44, unit="D")
    projects = pd.DataFrame(
        {
            "id": [f"P{p:0{width}d}" for p in range(n_projects)],
            "title": [f"{names[k]} project {p}" for p, k in enumerate(prog)],
            "acronym": [f"PRJ{p}" for p in range(n_projects)],
            "programme": np.array(names)[prog],
            "start": start.dt.strftime("%Y-%m-%d"),
            "end": end.dt.strftime("%Y-%m-%d"),
            "budget": np.round(rng.lognormal(13, 1, n_projects) * np.sqrt(sizes), -3),
        }
    )
    return parts, projects


def write_tables(folder: str | Path, actors: pd.DataFrame, links: pd.DataFrame) -> tuple[Path, Path]:
    """Write ``actors`` and ``links`` to ``folder/actors.csv`` and ``folder/links.csv`` (atomically)."""
    from ..files.atomic import atomic_write

    folder = Path(folder)
    paths = folder / "actors.csv", folder / "links.csv"
    for frame, path in zip((actors, links), paths):
        with atomic_write(path, newline="") as fh:
            frame.to_csv(fh, index=False)
    return paths
