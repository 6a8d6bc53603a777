"""Convert CORDIS open-data exports (Horizon 2020, Horizon Europe) into actors, participations and projects.

CORDIS publishes, per framework programme, ``organization.csv`` (one row per
organisation and project) and ``project.csv`` (one row per project):
``;``-separated, every field quoted, UTF-8. :func:`convert_cordis` reads both,
applies the filters and returns the three tables clustergraph reads, with a
list of notes saying what was dropped or guessed, with counts.

Mapping
-------
- one actor per ``organisationID`` (an organisation repeated across projects is
  one actor; the first row's name, type and address are kept, and differing
  names are counted);
- ``activityType`` -> ``type``: PRC firm, HES university, REC rto, PUB
  government, OTH other; ``PRC;PRC`` takes the first code; an empty or unknown
  code is ``other`` (counted);
- cluster organisations (:func:`clustergraph.names.cluster_evidence`, in the
  languages of the data): an OTH (or empty) organisation whose name has a
  cluster word (cluster, klynge, kluster, klaster, clúster, clusterul, pôle de
  compétitivité, distretto tecnologico, innovation network ...), and a PRC or
  PUB one whose name says it runs a cluster (``IT'S OWL Clustermanagement
  GmbH``, ``Distretto Tecnologico ...``, ``NCE``/``GCE`` ...), become
  ``cluster_org``, as do the organisations of ``cluster_orgs`` (ids or names);
  each re-typing is listed in the notes;
- ``nutsCode`` -> ``region``: its first 2 + ``region_level`` characters (NUTS-2
  by default: no maintained package on PyPI ships a small NUTS code -> name table);
  without a long enough code, the country (counted); ``country`` as given;
  ``geolocation`` ``"lat,lon"`` -> ``lat``, ``lon``; ``organisationID`` (the PIC)
  and ``vatNumber`` are kept as ``pic`` and ``vat`` for ``clustergraph combine``;
- ``role`` -> participation ``role``; third parties (``thirdParty``) are left
  out unless ``include_third_parties`` (and counted);
- ``frameworkProgramme`` -> ``programme``; ``startDate``/``endDate`` -> ``start``/``end``;
  ``totalCost`` -> ``budget``.

Malformed rows (a wrong number of fields, an empty ``projectID`` or
``organisationID``, a date that is not a date) stop the conversion with an
:class:`~clustergraph.errors.InputError` naming file, row and column.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..names import cluster_evidence, name_key
from .participations import parse_amount, parse_date
from .read import MAX_LISTED, Table, read_table
from .validate import normalise_id

#: Columns of CORDIS ``organization.csv`` (H2020 and Horizon Europe).
ORGANIZATION_COLUMNS: tuple[str, ...] = (
    "projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME", "activityType",
    "street", "postCode", "city", "country", "nutsCode", "geolocation", "organizationURL", "contactForm",
    "contentUpdateDate", "rcn", "order", "role", "ecContribution", "netEcContribution", "totalCost",
    "endOfParticipation", "active",
)  # fmt: skip
#: Columns of CORDIS ``project.csv``.
PROJECT_COLUMNS: tuple[str, ...] = (
    "id", "acronym", "status", "title", "startDate", "endDate", "totalCost", "ecMaxContribution", "legalBasis",
    "topics", "ecSignatureDate", "frameworkProgramme", "masterCall", "subCall", "fundingScheme", "nature",
    "objective", "contentUpdateDate", "rcn",
)  # fmt: skip
#: The organisation columns the conversion needs; the others may be missing.
ORGANIZATION_REQUIRED = ("projectID", "organisationID", "name", "activityType", "country", "role")
PROJECT_REQUIRED = ("id",)

#: CORDIS ``activityType`` -> clustergraph type.
ACTIVITY_TYPES: dict[str, str] = {
    "PRC": "firm",
    "HES": "university",
    "REC": "rto",
    "PUB": "government",
    "OTH": "other",
}
THIRD_PARTY_ROLES = frozenset({"thirdparty", "third party", "third_party"})

_GEO = re.compile(r"^\(?\s*([+-]?\d+(?:\.\d+)?)\s*[,;]\s*([+-]?\d+(?:\.\d+)?)\s*\)?$")


@dataclass
class CordisImport:
    """The converted tables and what the conversion dropped or guessed (one line each, with counts)."""

    actors: pd.DataFrame
    participations: pd.DataFrame
    projects: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    cluster_orgs: list[str] = field(default_factory=list)  # "id name" of the organisations typed cluster_org


def _index(table: Table, expected: tuple[str, ...], required: tuple[str, ...]) -> dict[str, int]:
    index = {}
    for pos, raw in enumerate(table.columns):
        name = raw.strip().lstrip("\ufeff")
        match = next((c for c in expected if c.lower() == name.lower()), None)
        if match and match not in index:
            index[match] = pos
    missing = [c for c in required if c not in index]
    if missing:
        found = ", ".join(c.strip() for c in table.columns[:12]) + (" ..." if len(table.columns) > 12 else "")
        raise InputError(
            [
                Problem(
                    table.file,
                    1,
                    c,
                    f"missing CORDIS column '{c}' (columns found: {found}); is this the right file "
                    "(organization.csv / project.csv of a CORDIS export, ';'-separated)?",
                )
                for c in missing
            ]
        )
    return index


def _rows(table: Table, index: dict[str, int], problems: list[Problem]):
    width = len(table.columns)
    for number, row in zip(table.row_numbers, table.rows):
        if len(row) != width:
            problems.append(
                Problem(
                    table.file,
                    number,
                    None,
                    f"malformed row: {len(row)} fields where the header has {width} (a stray ';' or quote?)",
                )
            )
            continue
        yield number, {c: row[p].strip() for c, p in index.items()}


def _raise(problems: list[Problem]) -> None:
    if problems:
        more = len(problems) - MAX_LISTED
        raise InputError(
            problems[:MAX_LISTED]
            + ([Problem("input", None, None, f"... and {more} more problems")] if more > 0 else [])
        )


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def convert_cordis(
    organizations,
    projects,
    *,
    countries: tuple[str, ...] = (),
    nuts: tuple[str, ...] = (),
    programmes: tuple[str, ...] = (),
    since: int | None = None,
    until: int | None = None,
    include_third_parties: bool = False,
    keep_partners: bool = False,
    region_level: int = 2,
    cluster_orgs: tuple[str, ...] | list[str] = (),
) -> CordisImport:
    """Convert a CORDIS ``organization.csv`` and ``project.csv`` into clustergraph tables.

    Parameters
    ----------
    organizations, projects : path-like
        The two CORDIS files (``;``-separated, quoted, UTF-8).
    countries : tuple of str
        Keep organisations of these countries (``country`` codes, any case).
    nuts : tuple of str
        Keep organisations whose ``nutsCode`` starts with one of these prefixes.
    programmes : tuple of str
        Keep projects of these framework programmes (``frameworkProgramme``, any case).
    since, until : int, optional
        Keep projects starting in these years (inclusive).
    include_third_parties : bool
        Keep third parties (role ``thirdParty``); left out by default.
    keep_partners : bool
        With ``countries``/``nuts``: keep every partner of the projects an
        organisation of the selection takes part in (foreign partners too), so
        the typology sees international projects as international.
    region_level : {1, 2, 3}
        NUTS level of ``region``.
    cluster_orgs : sequence of str
        Ids (PICs) or names of organisations to type ``cluster_org`` (names compared ignoring case,
        accents and legal form).

    Returns
    -------
    CordisImport

    Raises
    ------
    InputError
        Missing columns or malformed rows, naming file, row and column.

    Examples
    --------
    >>> imp = convert_cordis("organization.csv", "project.csv", countries=("ES",))  # doctest: +SKIP
    >>> imp.actors.columns[:5].tolist()  # doctest: +SKIP
    ['id', 'name', 'type', 'region', 'country']
    """
    if region_level not in (1, 2, 3):
        raise InputError(f"--region-level must be 1, 2 or 3, not {region_level}")
    otable = read_table(organizations, "organization")
    ptable = read_table(projects, "project")
    notes: list[str] = [f"{otable.file}: {len(otable.rows):,} rows; {ptable.file}: {len(ptable.rows):,} rows"]
    for t in (otable, ptable):
        notes += t.fixes
    problems: list[Problem] = []

    # ------------------------------------------------------------------ projects
    pindex = _index(ptable, PROJECT_COLUMNS, PROJECT_REQUIRED)
    proj_rows: dict[str, dict] = {}
    for number, rec in _rows(ptable, pindex, problems):
        pid = normalise_id(rec["id"])
        if not pid:
            problems.append(Problem(ptable.file, number, "id", "empty project id"))
            continue
        if pid in proj_rows:
            problems.append(
                Problem(
                    ptable.file, number, "id", f"project {pid} listed twice (first on row {proj_rows[pid]['_row']})"
                )
            )
            continue
        out = {"_row": number, "id": pid}
        for col, end in (("startDate", False), ("endDate", True)):
            value = rec.get(col, "")
            stamp = parse_date(value[:10], end=end) if value else None
            if value and stamp is None:
                problems.append(Problem(ptable.file, number, col, f"'{value}' is not a date (YYYY-MM-DD)"))
            out[col] = stamp
        out["budget"] = parse_amount(rec.get("totalCost", "")) if rec.get("totalCost") else None
        for col in ("acronym", "title", "frameworkProgramme", "status", "fundingScheme", "legalBasis"):
            out[col] = rec.get(col) or None
        proj_rows[pid] = out

    # ------------------------------------------------------------------ organisations
    oindex = _index(otable, ORGANIZATION_COLUMNS, ORGANIZATION_REQUIRED)
    orows = []
    for number, rec in _rows(otable, oindex, problems):
        rec["projectID"] = normalise_id(rec["projectID"])
        rec["organisationID"] = normalise_id(rec["organisationID"])
        for col in ("projectID", "organisationID"):
            if not rec[col]:
                problems.append(Problem(otable.file, number, col, f"empty {col}"))
        rec["_row"] = number
        orows.append(rec)
    _raise(problems)

    count: Counter = Counter()
    # project filters
    wanted_prog = {p.strip().lower() for p in programmes}
    selected_projects = set()
    for pid, p in proj_rows.items():
        if wanted_prog and (p["frameworkProgramme"] or "").lower() not in wanted_prog:
            count["project_programme"] += 1
            continue
        year = p["startDate"].year if p["startDate"] is not None else None
        if (since is not None or until is not None) and year is None:
            count["project_no_start"] += 1
            continue
        if year is not None and ((since is not None and year < since) or (until is not None and year > until)):
            count["project_years"] += 1
            continue
        selected_projects.add(pid)

    wanted_countries = {c.strip().upper() for c in countries}
    prefixes = tuple(n.strip().upper() for n in nuts)

    def in_place(rec: dict) -> bool:
        if wanted_countries and rec.get("country", "").upper() not in wanted_countries:
            return False
        return not prefixes or rec.get("nutsCode", "").upper().startswith(prefixes)

    kept_rows = []
    place_projects = set()
    for rec in orows:
        if rec["projectID"] not in proj_rows:
            count["org_unknown_project"] += 1
            continue
        if rec["projectID"] not in selected_projects:
            count["org_project_filtered"] += 1
            continue
        if rec.get("role", "").strip().lower() in THIRD_PARTY_ROLES and not include_third_parties:
            count["third_party"] += 1
            continue
        if in_place(rec):
            place_projects.add(rec["projectID"])
        kept_rows.append(rec)
    if wanted_countries or prefixes:
        rows_before = len(kept_rows)
        if keep_partners:
            kept_rows = [r for r in kept_rows if r["projectID"] in place_projects]
        else:
            kept_rows = [r for r in kept_rows if in_place(r)]
        count["org_place"] = rows_before - len(kept_rows)

    # one actor per organisationID; participations deduplicated per project
    wanted_clusters = {c.strip() for c in cluster_orgs} | {name_key(c) for c in cluster_orgs} - {""}
    retyped: list[str] = []
    actors: dict[str, dict] = {}
    names: dict[str, set] = {}
    parts = []
    seen_pairs: set[tuple[str, str]] = set()
    for rec in kept_rows:
        oid, pid = rec["organisationID"], rec["projectID"]
        if (pid, oid) in seen_pairs:
            count["repeated_in_project"] += 1
            continue
        seen_pairs.add((pid, oid))
        parts.append(
            {
                "project": pid,
                "actor": oid,
                "role": rec.get("role") or None,
                "ec_contribution": parse_amount(rec.get("ecContribution", "")) if rec.get("ecContribution") else None,
            }
        )
        names.setdefault(oid, set()).add(rec.get("name", ""))
        if oid in actors:
            continue
        actors[oid] = _actor(rec, region_level, count, wanted_clusters, retyped)
    count["repeated_orgs"] = len(parts) - len(actors)
    clusters = [f"{a['id']} {a['name']}" for a in actors.values() if a["type"] == "cluster_org"]
    count["differing_names"] = sum(1 for v in names.values() if len(v) > 1)

    actor_df = pd.DataFrame(
        list(actors.values()),
        columns=[
            "id",
            "name",
            "type",
            "region",
            "country",
            "lat",
            "lon",
            "short_name",
            "sme",
            "city",
            "nuts_code",
            "activity_type",
            "pic",
            "vat",
        ],  # fmt: skip
    )
    part_df = pd.DataFrame(parts, columns=["project", "actor", "role", "ec_contribution"])
    used = list(dict.fromkeys(part_df["project"]))
    project_df = pd.DataFrame(
        [
            {
                "id": pid,
                "acronym": proj_rows[pid]["acronym"],
                "title": proj_rows[pid]["title"],
                "programme": proj_rows[pid]["frameworkProgramme"],
                "start": _iso(proj_rows[pid]["startDate"]),
                "end": _iso(proj_rows[pid]["endDate"]),
                "budget": proj_rows[pid]["budget"],
                "status": proj_rows[pid]["status"],
                "funding_scheme": proj_rows[pid]["fundingScheme"],
            }
            for pid in used
        ],
        columns=["id", "acronym", "title", "programme", "start", "end", "budget", "status", "funding_scheme"],
    )
    notes += _notes(count, len(proj_rows) - len(selected_projects), retyped, region_level, include_third_parties)
    notes.append(
        f"written: {_plural(len(actor_df), 'actor')}, {_plural(len(part_df), 'participation')}, "
        f"{_plural(len(project_df), 'project')}"
    )
    return CordisImport(actor_df, part_df, project_df, notes, clusters)


def _iso(stamp) -> str | None:
    return None if stamp is None else stamp.strftime("%Y-%m-%d")


def _actor(rec: dict, region_level: int, count: Counter, wanted: set[str], retyped: list[str]) -> dict:
    codes = [c.strip().upper() for c in re.split(r"[;,|]", rec.get("activityType", "")) if c.strip()]
    code = codes[0] if codes else ""
    if len(set(codes)) > 1:
        count["several_codes"] += 1
    atype = ACTIVITY_TYPES.get(code)
    if atype is None:
        count["type_unknown"] += 1
        atype = "other"
    name = rec.get("name", "") or rec["organisationID"]
    if not rec.get("name"):
        count["no_name"] += 1
    why = ""
    if rec["organisationID"] in wanted or name_key(name) in wanted:
        why = "in --cluster-orgs"
    else:
        evidence = cluster_evidence(name)
        if evidence and atype == "other":
            why = "the name has a cluster word" if evidence == "weak" else "the name says it runs a cluster"
        elif evidence == "strong" and atype in ("firm", "government"):
            why = "the name says it runs a cluster"
    if why:
        retyped.append(f"{rec['organisationID']} {name} (was {code or 'no code'} {atype}: {why})")
        atype = "cluster_org"
    nuts = rec.get("nutsCode", "").strip().upper()
    region = nuts[: 2 + region_level] if len(nuts) >= 2 + region_level else None
    if nuts and region is None:
        count["nuts_short"] += 1
    if not nuts:
        count["no_nuts"] += 1
    if region is None:
        region = rec.get("country") or None
    lat = lon = None
    geo = rec.get("geolocation", "")
    if geo:
        m = _GEO.match(geo)
        if m and abs(float(m.group(1))) <= 90 and abs(float(m.group(2))) <= 180:
            lat, lon = float(m.group(1)), float(m.group(2))
        else:
            count["bad_geo"] += 1
    else:
        count["no_geo"] += 1
    sme = rec.get("SME", "").strip().lower()
    return {
        "id": rec["organisationID"],
        "name": name,
        "type": atype,
        "region": region,
        "country": rec.get("country") or None,
        "lat": lat,
        "lon": lon,
        "short_name": rec.get("shortName") or None,
        "sme": {"true": True, "false": False}.get(sme),
        "city": rec.get("city") or None,
        "nuts_code": nuts or None,
        "activity_type": rec.get("activityType") or None,
        "pic": rec["organisationID"],
        "vat": rec.get("vatNumber") or None,
    }


def _notes(count: Counter, projects_out: int, retyped: list[str], level: int, third: bool) -> list[str]:
    lines = []
    if projects_out:
        why = []
        for key, text in (
            ("project_programme", "other programmes"),
            ("project_years", "started outside --since/--until"),
            ("project_no_start", "no start date, with --since/--until"),
        ):
            if count[key]:
                why.append(f"{count[key]:,} {text}")
        lines.append(f"dropped: {_plural(projects_out, 'project')} by the filters ({'; '.join(why)})")
    table = [
        ("org_unknown_project", "dropped: {} organisation rows of projects missing from the project file"),
        ("org_project_filtered", "dropped: {} organisation rows of the projects filtered out"),
        ("third_party", "dropped: {} third-party rows (use --include-third-parties to keep them)"),
        ("org_place", "dropped: {} organisation rows outside --country/--nuts"),
        ("repeated_in_project", "dropped: {} repeated rows of an organisation already in the same project"),
        ("repeated_orgs", "merged: {} rows of organisations taking part in several projects (one actor each, "
                          "by organisationID)"),
        ("differing_names", "kept the first name of {} organisations written differently across rows"),
        ("several_codes", "guessed: {} organisations with several activityType codes took the first"),
        ("type_unknown", "guessed: {} organisations with an empty or unknown activityType typed 'other'"),
        ("no_name", "guessed: {} organisations without a name named by their organisationID"),
        ("no_nuts", "guessed: {} organisations without nutsCode have their country as region"),
        ("nuts_short", f"guessed: {{}} organisations with a nutsCode shorter than NUTS-{level} have their country as "
                       "region"),
        ("bad_geo", "cleared: {} geolocations that are not 'lat,lon'"),
    ]  # fmt: skip
    for key, text in table:
        if count[key]:
            lines.append(text.format(f"{count[key]:,}"))
    if retyped:
        lines.append(
            f"re-typed: {_plural(len(retyped), 'organisation')} as cluster_org: "
            + "; ".join(retyped[:30])
            + (" ..." if len(retyped) > 30 else "")
        )
    if third:
        lines.append("third parties kept (--include-third-parties)")
    return lines


def write_cordis(result: CordisImport, outdir) -> list[Path]:
    """Write actors.csv, participations.csv, projects.csv (atomically, formula-guarded) and the notes
    of the conversion, import_notes.txt, to ``outdir``."""
    from .imported import write_import

    return write_import(result, outdir)
