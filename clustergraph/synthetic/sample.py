"""The bundled sample (``data/``): :func:`sample_ecosystem` and :func:`sample_projects`, invented
organisations in real regions; :func:`write_sample` and :func:`write_projects_sample` write them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd

from ..randomness import python_rng
from .generator import _link_type, _links, _year, write_tables  # the same link rules as generated ecosystems

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
    rng = python_rng(seed)
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
    rng = python_rng(seed)
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
    from ..files.atomic import atomic_write

    folder = Path(folder)
    frames = dict(zip(("actors", "participations", "projects"), sample_projects()))
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.csv"
        with atomic_write(path, newline="") as fh:
            frame.to_csv(fh, index=False)
        paths.append(path)
    return paths[0], paths[1], paths[2]
