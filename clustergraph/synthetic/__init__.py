"""Generated ecosystems: the bundled sample and large test/benchmark networks.

The bundled sample in ``data/`` is :func:`sample_ecosystem` written to CSV. It
is **illustrative**: the organisations and their links are invented.

:func:`generate` makes ecosystems of any size with the same structure (regions
in countries, the six actor types, cluster organisations as hubs, mostly
regional links, sector affinity between firms and education partners), for
benchmarks and tests. Both are deterministic for a given seed.

Run ``python -m clustergraph.synthetic data/`` to rewrite the bundled sample, or
``python -m clustergraph.synthetic OUTDIR --actors 2000 --regions 12 --seed 1`` for a
generated ecosystem (also ``clustergraph synthetic ...``).
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

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
    rng = random.Random(seed)
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
    rng = np.random.default_rng(seed + 7)
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
    rng = np.random.default_rng(seed)
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


# --------------------------------------------------------------------------- sample

_SAMPLE_REGIONS = [
    # region, country, sectors, legal suffix, name stems
    (
        "Møre og Romsdal",
        "NO",
        ["maritime", "aquaculture"],
        "AS",
        [
            "Ulstein",
            "Brattvåg",
            "Havbris",
            "Fjordkraft",
            "Sjøstjerne",
            "Ålesund",
            "Kystlys",
            "Bølgen",
            "Vestnes",
            "Stålhavn",
            "Nordvik",
            "Hareid",
            "Giske",
            "Fosnavåg",
            "Skodje",
            "Ørsta",
        ],
    ),
    (
        "Vestland",
        "NO",
        ["energy", "maritime"],
        "AS",
        [
            "Bergenhus",
            "Fensfjord",
            "Sotra",
            "Askøy",
            "Hordavind",
            "Kvamsøy",
            "Vossa",
            "Odda",
            "Stordøy",
            "Fitjar",
            "Bømlo",
            "Nordhordland",
            "Lærdal",
            "Måløy",
        ],
    ),
    (
        "País Vasco",
        "ES",
        ["manufacturing", "energy"],
        "S.L.",
        [
            "Zubieta",
            "Añorga",
            "Begoña",
            "Txingudi",
            "Errenteria",
            "Ibarra",
            "Urdaibai",
            "Getxo",
            "Durango",
            "Elgoibar",
            "Eibar",
            "Azpeitia",
            "Mondragón",
            "Zarautz",
            "Bergara",
            "Oñati",
        ],
    ),
    (
        "Navarra",
        "ES",
        ["agrifood", "manufacturing"],
        "S.L.",
        [
            "Tafalla",
            "Estella",
            "Tudela",
            "Baztán",
            "Olite",
            "Sangüesa",
            "Viana",
            "Peñaflor",
            "Lodosa",
            "Cascante",
            "Corella",
            "Caparroso",
        ],
    ),
    (
        "Baden-Württemberg",
        "DE",
        ["automotive", "manufacturing"],
        "GmbH",
        [
            "Neckar",
            "Schwäbische",
            "Bühl",
            "Müller",
            "Böblingen",
            "Esslinger",
            "Württemberger",
            "Fildern",
            "Remstal",
            "Göppinger",
            "Hohenlohe",
            "Lörrach",
            "Tübinger",
            "Großsachsen",
            "Überlingen",
            "Jürgens",
        ],
    ),
]

_SECTOR_WORDS = {
    "maritime": ["Marine Systems", "Shipyard", "Offshore Design", "Propulsion", "Deck Machinery"],
    "aquaculture": ["Seafood", "Aqua Tech", "Fish Feed"],
    "energy": ["Wind Services", "Energy Solutions", "Hydrogen", "Grid Tech"],
    "manufacturing": ["Precision Parts", "Machining", "Robotics", "Composites", "Tooling"],
    "agrifood": ["Conservas", "Agroalimentaria", "Bodegas", "Huerta Foods"],
    "automotive": ["Fahrzeugtechnik", "Antriebe", "Elektronik", "Zulieferer", "Batteriesysteme"],
}

_INSTITUTIONS = {
    "NO": {
        "vet": ["{r} Maritime Vocational School", "{r} Technical College (fagskole)", "{r} Upper Secondary VET"],
        "university": ["NTNU Campus {r}", "Høgskulen {r}"],
        "rto": ["SINTEF Ocean {r}", "Norce {r}"],
        "government": ["{r} County Council", "Innovasjon Norge {r}"],
        "cluster_org": ["{r} Cluster"],
    },
    "ES": {
        "vet": ["CIFP {r}", "Instituto FP {r}", "Centro de FP Dual {r}"],
        "university": ["Universidad de {r}", "Mondragon Unibertsitatea ({r})"],
        "rto": ["Tecnalia {r}", "Centro Tecnológico {r}"],
        "government": ["Gobierno de {r}", "Agencia de Desarrollo {r}"],
        "cluster_org": ["Clúster {r}"],
    },
    "DE": {
        "vet": ["Berufsschule {r}", "Gewerbliche Schule {r}", "IHK Bildungszentrum {r}"],
        "university": ["Universität {r}", "Hochschule {r}"],
        "rto": ["Fraunhofer-Institut {r}", "Forschungszentrum {r}"],
        "government": ["Ministerium für Wirtschaft {r}", "Wirtschaftsförderung {r}"],
        "cluster_org": ["Cluster Initiative {r}"],
    },
}


def sample_ecosystem(seed: int = 2024) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The bundled, illustrative sample: about 200 actors in five regions of three countries.

    Structure built in on purpose:

    - every region has a cluster organisation that links its firms with education
      and research; the cluster organisations ally across borders;
    - **Navarra** has firms but no firm has a VET or university partner, and its
      only VET provider is linked to nobody (an untapped partner);
    - link years run from 2014 to 2024.

    Returns
    -------
    (actors, links) : tuple of DataFrame
    """
    rng = random.Random(seed)
    actors: list[dict] = []
    counts = {"vet": 3, "university": 2, "rto": 2, "government": 2, "cluster_org": 1}
    for region, country, sectors, suffix, stems in _SAMPLE_REGIONS:
        ascii_name = unicodedata.normalize("NFKD", region).encode("ascii", "ignore").decode()
        code = "".join(ch for ch in ascii_name.upper() if ch.isalpha())[:3]
        short = region.split()[0] if country != "DE" else "Stuttgart"
        n_firms = len(stems) * 2 - (4 if region == "Navarra" else 0)
        for k in range(n_firms):
            stem = stems[k % len(stems)]
            sector = sectors[k % len(sectors)] if rng.random() < 0.8 else sectors[0]
            word = rng.choice(_SECTOR_WORDS[sector])
            name = f"{stem} {word} {suffix}" if k < len(stems) else f"{word} {stem} {suffix}"
            actors.append(
                {
                    "id": f"{code}-F{k + 1:02d}",
                    "name": name,
                    "type": "firm",
                    "region": region,
                    "country": country,
                    "sector": sector,
                    "size": rng.choice(["micro", "small", "small", "medium", "medium", "large"]),
                }
            )
        for t, n in counts.items():
            if region == "Navarra" and t == "university":
                continue
            n = 1 if region == "Navarra" and t == "vet" else n
            for k in range(n):
                name = _INSTITUTIONS[country][t][k % len(_INSTITUTIONS[country][t])].format(r=short)
                actors.append(
                    {
                        "id": f"{code}-{t[:3].upper()}{k + 1}",
                        "name": name,
                        "type": t,
                        "region": region,
                        "country": country,
                        "sector": sectors[k % len(sectors)] if t in ("vet", "university", "rto") else "",
                        "size": "",
                    }
                )
    # one name exercising quoting: quotes, comma and non-ASCII letters
    actors[1]["name"] = 'Brattvåg "Blå" Marine, Design & Engineering AS'
    df = pd.DataFrame(actors)
    # approximate coordinates per region, jittered, for map layouts
    centres = {
        "Møre og Romsdal": (62.47, 6.15),
        "Vestland": (60.39, 5.32),
        "País Vasco": (43.26, -2.93),
        "Navarra": (42.82, -1.64),
        "Baden-Württemberg": (48.78, 9.18),
    }
    df["lat"] = [round(centres[r][0] + rng.uniform(-0.4, 0.4), 4) for r in df["region"]]
    df["lon"] = [round(centres[r][1] + rng.uniform(-0.6, 0.6), 4) for r in df["region"]]

    links = _links(
        rng, df, 430, p_local=0.8, p_national=0.12, no_education_regions=frozenset({"Navarra"}), p_same_sector=0.7
    )
    # Navarra's VET provider is linked to nobody (untapped partner)
    nav_vet = df.loc[(df["region"] == "Navarra") & (df["type"] == "vet"), "id"].tolist()
    links = links[~links["source"].isin(nav_vet) & ~links["target"].isin(nav_vet)]
    # cluster organisations: members, education partners and an international alliance ring
    extra = []
    cos = df.loc[df["type"] == "cluster_org", ["id", "region"]].values.tolist()
    for co, region in cos:
        members = df.loc[(df["region"] == region) & (df["id"] != co), ["id", "type"]].values.tolist()
        for mid, mt in members:
            if mid in nav_vet:
                continue
            if mt == "firm" and rng.random() < 0.55 or mt in ("vet", "university", "rto", "government"):
                extra.append(
                    (co, mid, "membership" if mt == "firm" else _link_type(rng, "cluster_org", mt), 1, _year(rng))
                )
    for i, (co, _) in enumerate(cos):
        for other, _ in cos[i + 1 :]:
            if rng.random() < 0.7:
                extra.append((co, other, "alliance", 2, _year(rng, 2018)))
    links = pd.concat([links, pd.DataFrame(extra, columns=links.columns)], ignore_index=True)
    return df, links.reset_index(drop=True)


def write_tables(folder: str | Path, actors: pd.DataFrame, links: pd.DataFrame) -> tuple[Path, Path]:
    """Write ``actors`` and ``links`` to ``folder/actors.csv`` and ``folder/links.csv`` (atomically)."""
    from ..export.atomic import atomic_write

    folder = Path(folder)
    paths = folder / "actors.csv", folder / "links.csv"
    for frame, path in zip((actors, links), paths):
        with atomic_write(path, newline="") as fh:
            frame.to_csv(fh, index=False)
    return paths


def write_sample(folder: str | Path) -> tuple[Path, Path]:
    """Write the bundled sample to ``folder/actors.csv`` and ``folder/links.csv``."""
    return write_tables(folder, *sample_ecosystem())


# --------------------------------------------------------------------------- projects sample

#: Fourth-helix actors added to the sample for ``data/projects`` (id, name, alias type, region).
_SAMPLE_OTHERS = [
    ("MRE-OTH1", "Ålesund Sjukehus", "hospital", "Møre og Romsdal"),
    ("MRE-OTH2", "Ålesund Næringsforum", "chamber of commerce", "Møre og Romsdal"),
    ("VES-OTH1", "Stiftelsen Havkunnskap", "foundation", "Vestland"),
    ("PAI-OTH1", "Cámara de Comercio de País", "chamber of commerce", "País Vasco"),
    ("PAI-OTH2", "Fundación Empleo y Oficios", "foundation", "País Vasco"),
    ("NAV-OTH1", "Asociación Navarra de la Industria", "association", "Navarra"),
    ("BAD-OTH1", "Handwerkskammer Stuttgart", "chamber", "Baden-Württemberg"),
    ("BAD-OTH2", "Stuttgart Business Angels", "investor", "Baden-Württemberg"),
]

#: Named projects of the sample: (id, acronym, title, programme, start, end, budget, partners);
#: partners are ids, or "REGION:type:k" for the first k actors of a type in a region (prefix of the id).
_SAMPLE_PROJECTS = [
    (
        "ERA-VET-01",
        "WELDSKILLS",
        "Green welding skills for maritime SMEs",
        "Erasmus+ KA2",
        "2022-09-01",
        "2024-08-31",
        250000,
        ["MRE-VET1", "PAI-VET1", "BAD-VET1", "MRE-CLU1", "PAI-CLU1", "MRE:F:3", "PAI:F:2"],
    ),
    (
        "COVE-01",
        "BLUECOVE",
        "Centre of Vocational Excellence for the blue economy",
        "Erasmus+ CoVE",
        "2023-01-01",
        "2026-12-31",
        4000000,
        [
            "MRE:VET:3",
            "VES:VET:3",
            "PAI:VET:2",
            "BAD:VET:2",
            "MRE:UNI:1",
            "VES:UNI:1",
            "MRE-CLU1",
            "VES-CLU1",
            "PAI-CLU1",
            "MRE-GOV1",
            "VES-GOV1",
            "MRE:F:4",
            "VES:F:4",
            "PAI:F:2",
            "MRE-OTH2",
            "VES-OTH1",
        ],
    ),
    (
        "HEU-01",
        "OCEANTWIN",
        "Digital twins for sustainable ocean industries",
        "Horizon Europe",
        "2021-06-01",
        "2025-05-31",
        9500000,
        [
            "MRE:RTO:2",
            "VES:RTO:2",
            "PAI:RTO:2",
            "BAD:RTO:2",
            "MRE:UNI:2",
            "VES:UNI:2",
            "PAI:UNI:2",
            "BAD:UNI:2",
            "MRE:F:6",
            "VES:F:6",
            "PAI:F:4",
            "BAD:F:4",
            "NAV:F:2",
            "NAV:RTO:1",
            "BAD-OTH2",
        ],
    ),
    (
        "HEU-02",
        "AGRIFOODLAB",
        "Agrifood processing pilot lines",
        "Horizon Europe",
        "2022-01-01",
        "2024-12-31",
        3200000,
        ["NAV:RTO:2", "PAI:RTO:1", "NAV:F:5", "PAI:F:2", "BAD:UNI:1", "NAV-CLU1"],
    ),
    (
        "INT-01",
        "PYRENEES-SKILLS",
        "Cross-border dual training",
        "Interreg POCTEFA",
        "2020-03-01",
        "2022-02-28",
        900000,
        ["NAV-VET1", "PAI:VET:3", "NAV-GOV1", "PAI-GOV1", "NAV:F:3", "PAI:F:3", "PAI-OTH2", "NAV-OTH1"],
    ),
    (
        "CLU-TRAIN-01",
        "MRE-ACADEMY",
        "Møre Cluster's own leadership training for members",
        "Cluster programme",
        "2023-09-01",
        "2024-03-31",
        60000,
        ["MRE-CLU1"],
    ),
    (
        "CLU-TRAIN-02",
        "NAV-DIGI",
        "Clúster Navarra digital skills workshops",
        "Cluster programme",
        "2021-10-01",
        "2022-01-31",
        35000,
        ["NAV-CLU1"],
    ),
    (
        "NAT-NO-01",
        "HAVBRUK",
        "Aquaculture apprenticeship pipeline",
        "Norwegian skills programme",
        "2019-01-01",
        "2023-12-31",
        1200000,
        ["VES:VET:2", "VES:F:5", "VES-GOV2", "VES-CLU1"],
    ),
    (
        "NAT-DE-01",
        "DUALPLUS",
        "Dual study programmes with SMEs",
        "ESF Baden-Württemberg",
        "2020-01-01",
        "2021-12-31",
        800000,
        ["BAD:VET:3", "BAD:UNI:2", "BAD:F:8", "BAD-OTH1", "BAD-GOV1"],
    ),
    (
        "NAT-ES-01",
        "FP-DUAL-PV",
        "Dual VET in Basque manufacturing",
        "Basque VET plan",
        "2021-01-01",
        "2023-12-31",
        600000,
        ["PAI:VET:3", "PAI:F:6", "PAI-OTH1", "PAI-GOV1"],
    ),
    (
        "REG-NO-01",
        "HOSPITECH",
        "Welfare technology with the hospital",
        "Regional research fund",
        "2022-04-01",
        "2023-03-31",
        300000,
        ["MRE-OTH1", "MRE:UNI:1", "MRE:F:2"],
    ),
    (
        "REG-DE-01",
        "AUTOSENS",
        "Sensor retrofits for suppliers",
        "Invest BW",
        "2023-01-01",
        "2024-06-30",
        450000,
        ["BAD:RTO:1", "BAD:F:3"],
    ),
]


def _expand(spec: str, actors: pd.DataFrame) -> list[str]:
    if ":" not in spec:
        return [spec]
    prefix, kind, k = spec.split(":")
    ids = [i for i in actors["id"] if i.startswith(f"{prefix}-{kind}")]
    return ids[: int(k)]


def sample_projects(seed: int = 2024) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The bundled projects sample (``data/projects``): actors, participations and projects (all invented).

    The actors of :func:`sample_ecosystem` plus eight fourth-helix organisations
    (a hospital, chambers, foundations, an association, an investor); twelve named
    projects (an Erasmus+ VET partnership, a Centre of Vocational Excellence, two
    Horizon Europe consortia, an Interreg project, national and regional
    programmes, a cluster organisation's own training) and twenty smaller regional
    or national projects.

    >>> actors, parts, projects = sample_projects()
    >>> len(projects), (actors["type"] == "hospital").sum(), parts.duplicated(["project", "actor"]).any()
    (32, np.int64(1), np.False_)
    """
    actors, _ = sample_ecosystem()
    regions = dict(zip(actors["region"], actors["country"]))
    others = pd.DataFrame(
        [
            {"id": i, "name": n, "type": t, "region": r, "country": regions[r], "sector": "", "size": ""}
            for i, n, t, r in _SAMPLE_OTHERS
        ]
    )
    actors = pd.concat([actors, others], ignore_index=True)
    rows, projects = [], []
    for pid, acronym, title, programme, start, end, budget, partners in _SAMPLE_PROJECTS:
        members = list(dict.fromkeys(a for spec in partners for a in _expand(spec, actors)))
        rows += [(pid, a, "coordinator" if k == 0 else "participant") for k, a in enumerate(members)]
        projects.append((pid, acronym, title, programme, start, end, budget))
    rng = random.Random(seed)
    prefixes = {"MRE": "Møre og Romsdal", "VES": "Vestland", "PAI": "País Vasco", "NAV": "Navarra",
                "BAD": "Baden-Württemberg"}  # fmt: skip
    topics = ["automation", "energy efficiency", "digital twins", "circular materials", "safety", "logistics"]
    for k in range(20):
        prefix = rng.choice(sorted(prefixes))
        local = [i for i in actors["id"] if i.startswith(prefix + "-")]
        firms = [i for i in local if i.startswith(f"{prefix}-F")]
        knowledge = [i for i in local if "-F" not in i and "-CLU" not in i]
        members = rng.sample(firms, rng.choice([1, 2, 2, 3, 4])) + rng.sample(knowledge, rng.choice([1, 1, 2]))
        rng.shuffle(members)
        pid = f"{prefix}-P{k + 1:02d}"
        year = rng.randint(2018, 2024)
        months = rng.choice([6, 9, 12, 18, 24, 36, 48])
        end_year, end_month = year + (months - 1) // 12, (months - 1) % 12 + 1
        rows += [(pid, a, "coordinator" if j == 0 else "participant") for j, a in enumerate(members)]
        topic = rng.choice(topics)
        projects.append((pid, "", f"{prefixes[prefix]}: {topic} pilot", "Regional innovation voucher",
                         f"{year}-01-01", f"{end_year}-{end_month:02d}-28", rng.randint(2, 30) * 10000))  # fmt: skip
    parts = pd.DataFrame(rows, columns=["project", "actor", "role"])
    projects_df = pd.DataFrame(projects, columns=["id", "acronym", "title", "programme", "start", "end", "budget"])
    return actors, parts, projects_df


def write_projects_sample(folder: str | Path) -> tuple[Path, Path, Path]:
    """Write the projects sample to ``folder``: actors.csv, participations.csv, projects.csv."""
    from ..export.atomic import atomic_write

    folder = Path(folder)
    frames = dict(zip(("actors", "participations", "projects"), sample_projects()))
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        with atomic_write(path, newline="") as fh:
            frame.to_csv(fh, index=False)
        paths.append(path)
    return paths[0], paths[1], paths[2]


from . import shapes as shapes  # noqa: E402  (other network shapes: clustergraph/synthetic/shapes.py)
