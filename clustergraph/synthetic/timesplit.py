"""Generated ecosystems that grow year by year: data to judge advice on held-out later years.

:func:`timesplit_ecosystem` makes actors, projects and participations with the
shapes of the Norwegian Horizon 2020 development set (``../shared/data/norway-h2020``):
one country, a dozen regions of very unequal size (the capital region holds a
third of the actors), few universities and many firms, heavy-tailed activity
(a handful of universities and research organisations are in hundreds of
projects, most firms in one), about 70 % of projects with a single listed
partner, and programmes that say what a project is about.

Partnerships form the way they do in such data, so that a time split
(projects up to year Y as input, pairs first seen after Y as truth) has a
signal to find and simple baselines to beat:

- a project's coordinator is drawn by activity and topic;
- each further partner is, with probability ``closure``, a partner or a
  partner's partner of the actors already in the consortium (repeat
  collaboration and triadic closure), otherwise drawn from everyone by
  activity, topic match (the project's programme) and place (same region,
  else a region near in the list of regions, else anywhere in the country).

Deterministic for a given seed. The benchmark ``benchmarks/advice.py`` runs
the time-split evaluation on it.

Examples
--------
>>> actors, parts, projects = timesplit_ecosystem(120, seed=1)
>>> sorted(actors["type"].unique())[:3], parts["project"].isin(projects["id"]).all()
(['cluster_org', 'firm', 'government'], np.True_)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Share of each type (the Norwegian development set: 510 firms, 20 universities of 692).
TYPE_SHARES: dict[str, float] = {
    "firm": 0.74,
    "university": 0.03,
    "rto": 0.08,
    "government": 0.07,
    "other": 0.07,
    "cluster_org": 0.01,
}

#: Activity multiplier of each type (universities and RTOs are in far more projects than firms).
ACTIVITY: dict[str, float] = {
    "firm": 1.0,
    "university": 25.0,
    "rto": 8.0,
    "government": 2.0,
    "other": 1.5,
    "cluster_org": 3.0,
}

#: Programme -> (relative frequency, sector of the firms it mostly funds).
PROGRAMMES: dict[str, tuple[float, str]] = {
    "MSCA": (0.16, "research"),
    "LEIT": (0.15, "ict"),
    "FOOD": (0.09, "agrifood"),
    "ENERGY": (0.09, "energy"),
    "TPT": (0.07, "maritime"),
    "HEALTH": (0.07, "health"),
    "ENV": (0.07, "environment"),
    "ERC": (0.06, "research"),
    "INNOSUPSME": (0.08, "manufacturing"),
    "SECURITY": (0.04, "security"),
    "SOCIETY": (0.04, "services"),
    "INFRA": (0.08, "research"),
}


def _region_names(n: int) -> list[str]:
    return [f"Region {chr(65 + i)}" if i < 26 else f"Region {i + 1}" for i in range(n)]


def timesplit_ecosystem(
    n_actors: int = 700,
    *,
    n_regions: int = 12,
    first_year: int = 2014,
    last_year: int = 2022,
    projects_per_actor: float = 2.8,
    single_share: float = 0.7,
    closure: float = 0.5,
    same_region: float = 4.0,
    topic_match: float = 4.0,
    country: str = "NO",
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Actors, participations and dated projects of an ecosystem that grows year by year.

    Parameters
    ----------
    n_actors : int
        Number of actors (at least 20).
    n_regions : int
        Regions of the one country; region ``k`` has weight ``1 / (k + 1)``.
    first_year, last_year : int
        Projects start in these years (uniformly, one in ten more each year).
    projects_per_actor : float
        Projects per actor over all years.
    single_share : float
        Share of projects with one listed partner (the national view of a
        European consortium).
    closure : float
        Probability that a further partner comes from the consortium's
        partners and partners' partners.
    same_region, topic_match : float
        How much more likely a partner of the same region, or of the
        project's topic, is drawn.
    country : str
    seed : int

    Returns
    -------
    (actors, participations, projects) : tuple of DataFrame
        ``id, name, type, region, country, sector``; ``project, actor, role``;
        ``id, acronym, title, programme, start, end`` (ISO dates).

    Raises
    ------
    ValueError
        When ``n_actors < 20`` or ``last_year < first_year``.
    """
    if n_actors < 20:
        raise ValueError(f"n_actors must be at least 20 (got {n_actors})")
    if last_year < first_year:
        raise ValueError(f"last_year {last_year} is before first_year {first_year}")
    rng = np.random.default_rng(seed)
    types = np.array(list(TYPE_SHARES))
    counts = np.maximum(1, np.round(np.array(list(TYPE_SHARES.values())) * n_actors).astype(int))
    counts[0] = n_actors - counts[1:].sum()
    typ = np.repeat(types, counts)
    regions = _region_names(n_regions)
    rw = 1.0 / np.arange(1, n_regions + 1)
    rw /= rw.sum()
    reg = rng.choice(n_regions, size=n_actors, p=rw)
    uni = np.flatnonzero(typ == "university")
    reg[uni[: min(len(uni), n_regions)]] = np.arange(min(len(uni), n_regions))  # a university in most regions
    progs = list(PROGRAMMES)
    pw = np.array([w for w, _ in PROGRAMMES.values()])
    pw /= pw.sum()
    topic = rng.choice(len(progs), size=n_actors, p=pw)
    # a second topic for the broad actors (universities and RTOs work on everything)
    topic2 = np.where(np.isin(typ, ["university", "rto"]), rng.choice(len(progs), size=n_actors, p=pw), topic)
    activity = rng.lognormal(0.0, 1.2, n_actors) * np.array([ACTIVITY[t] for t in typ])
    width = len(str(n_actors))
    ids = [f"A{i:0{width}d}" for i in range(n_actors)]
    sectors = [PROGRAMMES[progs[k]][1] if t == "firm" else None for k, t in zip(topic, typ)]
    actors = pd.DataFrame(
        {
            "id": ids,
            "name": [f"{t.replace('_', ' ').title()} {i}" for i, t in enumerate(typ)],
            "type": typ,
            "region": [regions[r] for r in reg],
            "country": country,
            "sector": sectors,
        }
    )

    years = np.arange(first_year, last_year + 1)
    yw = 1.1 ** np.arange(len(years))
    n_projects = max(1, int(round(projects_per_actor * n_actors)))
    proj_year = np.sort(rng.choice(years, size=n_projects, p=yw / yw.sum()))
    proj_prog = rng.choice(len(progs), size=n_projects, p=pw)
    extra = rng.geometric(0.55, size=n_projects)  # partners beyond the first
    extra[rng.random(n_projects) < single_share] = 0
    neighbours: list[set[int]] = [set() for _ in range(n_actors)]
    rows: list[tuple[int, int, str]] = []
    for p in range(n_projects):
        k = proj_prog[p]
        fit = np.where((topic == k) | (topic2 == k), topic_match, 1.0)
        w = activity * fit
        home = int(rng.choice(n_actors, p=w / w.sum()))
        members = [home]
        near = np.abs(reg - reg[home])
        place = np.where(near == 0, same_region, np.where(near <= 2, 1.5, 1.0))
        for _ in range(int(extra[p])):
            pool = set().union(*(neighbours[m] for m in members))
            if rng.random() < closure and pool:
                pool |= {x for m in list(pool) for x in neighbours[m]}
                pool -= set(members)
                cand = np.fromiter(pool, dtype=np.int64)
            else:
                cand = np.setdiff1d(np.arange(n_actors), members)
            if not len(cand):
                break
            cw = w[cand] * place[cand]
            members.append(int(cand[rng.choice(len(cand), p=cw / cw.sum())]))
        for m in members:
            neighbours[m].update(x for x in members if x != m)
        rows += [(p, m, "coordinator" if i == 0 else "participant") for i, m in enumerate(members)]
    pwidth = len(str(n_projects))
    pid = [f"P{p:0{pwidth}d}" for p in range(n_projects)]
    parts = pd.DataFrame(
        {"project": [pid[p] for p, _, _ in rows], "actor": [ids[m] for _, m, _ in rows], "role": [r for *_, r in rows]}
    )
    month = rng.integers(1, 13, n_projects)
    start = pd.to_datetime({"year": proj_year, "month": month, "day": np.ones(n_projects, dtype=int)})
    end = start + pd.to_timedelta(rng.integers(12, 49, n_projects) * 30.44, unit="D")
    projects = pd.DataFrame(
        {
            "id": pid,
            "acronym": [f"PRJ{p}" for p in range(n_projects)],
            "title": [f"{progs[k]} project {p}" for p, k in enumerate(proj_prog)],
            "programme": [progs[k] for k in proj_prog],
            "start": start.dt.strftime("%Y-%m-%d"),
            "end": end.dt.strftime("%Y-%m-%d"),
        }
    )
    return actors, parts, projects
