"""Combine several sources and the cluster's member list into one ecosystem, one actor per organisation.

A cluster manager starts from a member list (a sheet of names, sometimes with organisation
numbers) and public project data (``clustergraph import cordis``, ``import erasmus``), whose ids
differ and whose names are spelled differently. :func:`combine` matches the records of one
organisation across them:

1. **identifiers**: PIC, VAT number or national organisation number (:func:`clustergraph.names.identifier_key`:
   spaces, dots, country prefix and ``MVA`` ignored; a VAT number matches the organisation number it
   contains) -> merged;
2. **exact name**: names equal once case, accents, punctuation, ``&``/and/og/und and the legal form are
   ignored (:func:`clustergraph.names.name_key`), in the same country (or one country unknown), with no
   other organisation of that name, the cities not contradicting and no differing identifiers of one kind
   (two PICs) -> merged; otherwise to review;
3. **fuzzy**: the nearest names by rapidfuzz's ``WRatio`` (at least ``review_score``, same country or
   one unknown) -> never merged silently: to review, with both records side by side;
4. otherwise a new actor.

Records of one source are never merged by name with each other (the source's ids say they are
different). A decision taken in ``review.xlsx`` (``same``/``different``) is applied on the next run
(``decisions=``): ``same`` merges (rule ``decision``), ``different`` keeps them apart.

The result is the tables every command reads, with ``member`` (the organisation is on the member
list; members in no project or link are kept, flagged ``no_collaboration``: they are the gaps) and
``sources`` columns on the actors, ``data_source`` on links and participations, ``matches`` (every
record: ``source``, ``record``, ``id``, ``score``, ``rule``, ``status``) and ``review``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..names import country_code, fold, identifier_key, name_key
from ..schema import ACTOR_TYPES, normalise_type
from .read import EXCEL_SUFFIXES, read_table
from .validate import LoadReport, validate_actors, validate_links

MEMBERS = "members"
#: Header spellings (folded, punctuation as spaces) of a member list's columns.
MEMBER_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "navn", "organisation", "organization", "organisation name", "organization name", "company",
             "company name", "firma", "firmanavn", "bedrift", "virksomhet", "member", "medlem", "legal name",
             "nombre", "nom", "unternehmen", "member name"),
    "id": ("id", "member id", "medlemsnummer", "member number"),
    "org_number": ("org number", "org nr", "orgnr", "org no", "organisation number", "organization number",
                   "organisasjonsnummer", "organisasjonsnr", "registration number", "company number",
                   "company registration number", "business id", "y tunnus", "cvr", "cvr nr", "cvr nummer", "kvk",
                   "kvk nummer", "siren", "siret", "handelsregister", "cif", "nif", "orgnummer",
                   "organisationsnummer"),
    "vat": ("vat", "vat number", "vat no", "vat id", "mva", "mva nummer", "ust id", "ust idnr", "tva", "iva"),
    "pic": ("pic", "participant identification code"),
    "type": ("type", "organisation type", "organization type", "category", "kategori", "actor type"),
    "region": ("region", "fylke", "county", "province", "provincia", "bundesland", "nuts"),
    "country": ("country", "land", "country code", "pais", "pays"),
    "city": ("city", "town", "by", "poststed", "sted", "ciudad", "ville", "stadt", "ort", "kommune"),
    "website": ("website", "web", "url", "homepage", "nettside", "hjemmeside", "web site"),
}  # fmt: skip
#: Identifier columns of a source's actors (the importers write ``pic`` and ``vat``).
ID_KINDS = {"pic": "pic", "vat": "reg", "org_number": "reg"}
#: The actors' columns of the combined table, in order (others follow).
ACTOR_COLUMNS = ["id", "name", "type", "region", "country", "city", "member", "no_collaboration", "sources",
                 "pic", "vat", "org_number", "website", "lat", "lon", "sector", "size"]  # fmt: skip
MATCH_COLUMNS = ["source", "record", "record_id", "id", "score", "rule", "status"]
REVIEW_COLUMNS = ["decision", "score", "rule", "record_source", "record_id", "record_name", "record_country",
                  "record_city", "record_type", "record_identifiers", "candidate_id", "candidate_source",
                  "candidate_record", "candidate_name", "candidate_country", "candidate_city", "candidate_type",
                  "candidate_identifiers"]  # fmt: skip
DECISIONS = {"same": "same", "different": "different", "yes": "same", "no": "different", "ja": "same", "nei": "different",
             "s": "same", "d": "different", "match": "same", "no match": "different"}  # fmt: skip


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).lstrip("\ufeff")).split())


@dataclass
class Source:
    """One source's tables: actors (with ``id``, ``name``, ``type`` ...), links, participations, projects."""

    name: str
    actors: pd.DataFrame
    links: pd.DataFrame | None = None
    participations: pd.DataFrame | None = None
    projects: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Combined:
    """The combined ecosystem and every matching decision."""

    actors: pd.DataFrame
    links: pd.DataFrame | None
    participations: pd.DataFrame | None
    projects: pd.DataFrame | None
    matches: pd.DataFrame
    review: pd.DataFrame
    notes: list[str] = field(default_factory=list)


@dataclass
class _Record:
    source: str
    rid: str
    name: str
    key: str
    country: str | None
    city: str
    ids: set[tuple[str, str]]
    attrs: dict
    member: bool


@dataclass
class _Actor:
    id: str
    records: list[_Record]


# --------------------------------------------------------------------------- reading


def _source_file(folder: Path, stem: str) -> Path | None:
    for suffix in (".csv", ".xlsx", ".xlsm", ".tsv", ".txt"):
        p = folder / f"{stem}{suffix}"
        if p.is_file():
            return p
    return None


def read_source(path, *, name: str | None = None) -> Source:
    """Read a source: a folder holding ``actors.csv`` with ``links.csv`` and/or ``participations.csv``
    (and ``projects.csv``), as the importers write them, or a workbook with such sheets.

    Raises
    ------
    InputError
        A missing actors table or a problem in one, naming file, row and column.
    """
    from .participations import validate_participations, validate_projects

    path = Path(path)
    report = LoadReport()
    if path.is_dir():
        files = {k: _source_file(path, k) for k in ("actors", "links", "participations", "projects")}
        if files["actors"] is None:
            raise InputError([Problem(str(path), None, None, "no actors.csv in this folder")])
    elif path.suffix.lower() in EXCEL_SUFFIXES:
        from .read import workbook_sheet_names

        sheets = {s.strip().lower() for s in workbook_sheet_names(path)}
        files = {k: (path if k in sheets or k == "actors" else None) for k in ("actors", "links", "participations",
                                                                                 "projects")}  # fmt: skip
    else:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    "a source is a folder with actors.csv (and links.csv or "
                    "participations.csv) or an .xlsx workbook with those sheets",
                )
            ]  # fmt: skip
        )
    tables = {k: read_table(p, k) for k, p in files.items() if p is not None}
    for t in tables.values():
        report.fixes += t.fixes
    actors = validate_actors(tables["actors"], report)
    ids = set(actors["id"])
    links = validate_links(tables["links"], ids, report) if "links" in tables else None
    parts = validate_participations(tables["participations"], ids, report) if "participations" in tables else None
    projects = validate_projects(tables["projects"], report) if "projects" in tables else None
    if report.problems:
        raise InputError(report.problems[:50])
    label = name or (path.name if path.is_dir() else path.stem)
    return Source(label, actors, links, parts, projects, list(report.fixes))


def read_members(path) -> pd.DataFrame:
    """Read a member list (a CSV or a sheet; a title row above the header is skipped): at least a name
    column; ``org_number``, ``vat``, ``pic``, ``type``, ``region``, ``country``, ``city``, ``website``, ``id``
    when there (under their usual names in several languages, :data:`MEMBER_COLUMNS`).

    Returns
    -------
    DataFrame
        Those columns (missing ones empty), ``row`` (the row as a spreadsheet shows it) and any further
        columns as given.
    """
    table = read_table(path, "actors")
    candidates = [(table.header_row, list(table.columns))] + list(zip(table.row_numbers[:30], table.rows[:30]))
    at = next((i for i, (_, cells) in enumerate(candidates) if _member_index(cells).get("name") is not None), None)
    if at is None:
        found = ", ".join(c.strip() for c in table.columns if c.strip())
        raise InputError(
            [
                Problem(
                    table.file,
                    table.header_row,
                    "name",
                    f"no name column in the member list (columns found: {found}); name one column 'name'",
                )
            ]  # fmt: skip
        )
    header_row, header = candidates[at]
    rows = list(zip(table.row_numbers, table.rows))[at:] if at else list(zip(table.row_numbers, table.rows))
    index = _member_index(header)
    extra = {p: str(c).strip() for p, c in enumerate(header) if p not in index.values() and str(c).strip()}
    out = []
    problems = []
    for number, row in rows:
        if not any(str(c).strip() for c in row):
            continue
        rec: dict[str, object] = {k: (" ".join(str(row[p]).split()) if p < len(row) else "") for k, p in index.items()}
        if not rec["name"]:
            problems.append(Problem(table.file, number, header[index["name"]], "empty name"))
            continue
        rec["row"] = number
        for p, col in extra.items():
            rec[col] = str(row[p]).strip() if p < len(row) else ""
        out.append(rec)
    if problems:
        raise InputError(problems[:50])
    frame = pd.DataFrame(out)
    for col in MEMBER_COLUMNS:
        if col not in frame:
            frame[col] = ""
    return frame


def _member_index(cells) -> dict[str, int]:
    keys = [_key(str(c)) for c in cells]
    index: dict[str, int] = {}
    for col, spellings in MEMBER_COLUMNS.items():
        for spelling in spellings:
            pos = next((p for p, k in enumerate(keys) if k == spelling and p not in index.values()), None)
            if pos is not None:
                index[col] = pos
                break
    return index


def read_decisions(path) -> dict[frozenset, str]:
    """The decisions of a ``review.xlsx`` (or CSV): pair of ``(source, record id)`` -> ``same``/``different``.

    Raises
    ------
    InputError
        A decision that is neither ``same`` nor ``different`` (row and column named).
    """
    table = read_table(path, "review")
    cols = {c.strip().lower(): p for p, c in enumerate(table.columns)}
    need = ("decision", "record_source", "record_id", "candidate_source", "candidate_record")
    missing = [c for c in need if c not in cols]
    if missing:
        raise InputError(
            [Problem(table.file, table.header_row, c, f"missing column '{c}' of review.xlsx") for c in missing]
        )
    out: dict[frozenset, str] = {}
    problems = []
    for number, row in zip(table.row_numbers, table.rows):

        def get(c: str, row=row) -> str:
            return str(row[cols[c]]).strip() if cols[c] < len(row) else ""

        raw = get("decision")
        if not raw:
            continue
        decision = DECISIONS.get(fold(raw))
        if decision is None:
            problems.append(Problem(table.file, number, "decision", f"'{raw}' is neither 'same' nor 'different'"))
            continue
        out[
            frozenset({(get("record_source"), get("record_id")), (get("candidate_source"), get("candidate_record"))})
        ] = decision
    if problems:
        raise InputError(problems[:50])
    return out


# --------------------------------------------------------------------------- matching


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return " ".join(str(value).split())


def _records(frame: pd.DataFrame, source: str, member: bool) -> list[_Record]:
    out = []
    cols = set(frame.columns)
    id_cols = [c for c in ID_KINDS if c in cols]
    for rec in frame.to_dict("records"):
        attrs = {k: v for k, v in rec.items() if _text(v) != ""}
        name = _text(rec.get("name"))
        ids = set()
        for col in id_cols:
            key = identifier_key(_text(rec.get(col)))
            if key:
                ids.add((ID_KINDS[col], key))
        country_raw = _text(rec.get("country"))
        country = country_code(country_raw)
        if country:
            attrs["country"] = country
        elif country_raw:  # not a country the table knows: no evidence either way, and said so
            attrs.pop("country", None)
            attrs["country_as_written"] = country_raw
        rid = _text(rec.get("id"))
        out.append(
            _Record(source, rid, name, name_key(name), country, fold(_text(rec.get("city"))), ids, attrs, member)
        )
    return out


def _member_records(members: pd.DataFrame, count: Counter) -> list[_Record]:
    frame = members.copy()
    for col in MEMBER_COLUMNS:
        if col not in frame:
            frame[col] = ""
    used: set[str] = set()
    ids = []
    for given, name in zip(frame["id"], frame["name"]):
        rid = _text(given) or "M-" + ("-".join(name_key(name).split())[:50] or "member")
        base, n = rid, 2
        while rid in used:
            rid, n = f"{base}-{n}", n + 1
        used.add(rid)
        ids.append(rid)
    frame["id"] = ids
    types = []
    for t in frame["type"]:
        text = _text(t)
        atype = normalise_type(text) if text else None
        if text and atype is None:
            count["member_type_unknown"] += 1
        types.append(atype)
    frame["type"] = types
    return _records(frame.drop(columns=["row"], errors="ignore"), MEMBERS, True)


def _ids_conflict(r: _Record, a: _Actor) -> bool:
    """True when ``r`` and ``a`` both have a PIC (or both an organisation/VAT number) and none is shared."""
    for kind in ("pic", "reg"):
        mine = {v for k, v in r.ids if k == kind}
        theirs = {v for x in a.records for k, v in x.ids if k == kind}
        if mine and theirs and not mine & theirs:
            return True
    return False


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def combine(
    sources: Sequence[Source],
    members: pd.DataFrame | None = None,
    *,
    decisions: dict[frozenset, str] | None = None,
    around_members: bool = False,
    review_score: float = 86.0,
    default_member_type: str = "firm",
) -> Combined:
    """Match the records of ``sources`` and ``members`` into one actor per organisation (see the module).

    Parameters
    ----------
    sources : sequence of Source
        From :func:`read_source`.
    members : DataFrame, optional
        From :func:`read_members`.
    decisions : dict, optional
        From :func:`read_decisions`.
    around_members : bool
        Keep the members and their partners only (and the projects and links among them).
    review_score : float
        The least rapidfuzz ``WRatio`` (0-100) of two names for a pair to go to review.
    default_member_type : str
        The type of a member no source and no ``type`` column types.

    Returns
    -------
    Combined

    Examples
    --------
    >>> src = Source("cordis", pd.DataFrame({"id": ["999"], "name": ["ULSTEIN VERFT AS"], "type": ["firm"],
    ...                                      "country": ["NO"]}))
    >>> m = pd.DataFrame({"name": ["Ulstein Verft"], "country": ["Norway"], "id": [""], "row": [2]})
    >>> c = combine([src], m)
    >>> c.actors[["id", "name", "member", "sources"]].values.tolist()
    [['999', 'Ulstein Verft', True, 'members;cordis']]
    >>> c.matches[["source", "rule", "status"]].values.tolist()
    [['cordis', 'new', 'new'], ['members', 'exact name', 'merged']]
    """
    from rapidfuzz import fuzz, process

    decisions = decisions or {}
    count: Counter = Counter()
    notes: list[str] = []
    labels = [MEMBERS] if members is not None else []
    for s in sources:
        if s.name in labels:
            raise InputError(f"two sources are named {s.name!r}; give them different folder names")
        labels.append(s.name)
    all_records: list[_Record] = []
    for s in sources:
        all_records += _records(s.actors, s.name, False)
    if members is not None:  # last: a member sees every record it could be (two in different countries: review)
        all_records += _member_records(members, count)

    actors: list[_Actor] = []
    by_id: dict[tuple[str, str], list[int]] = {}
    by_key: dict[str, list[int]] = {}
    keys: list[str] = []  # the name key of each indexed record
    key_actor: list[int] = []
    used_ids: set[str] = set()
    record_actor: dict[tuple[str, str], str] = {}
    matches = []
    review = []
    seen_pairs: set[frozenset] = set()

    def decided(r: _Record, a: _Actor) -> str | None:
        for other in a.records:
            d = decisions.get(frozenset({(r.source, r.rid), (other.source, other.rid)}))
            if d:
                return d
        return None

    def add_review(r: _Record, a: _Actor, score: float, rule: str, decision: str | None) -> None:
        first = a.records[0]
        pair = frozenset({(r.source, r.rid), (first.source, first.rid)})
        if pair in seen_pairs:
            return
        seen_pairs.add(pair)
        review.append(
            {
                "decision": decision or "",
                "score": round(score, 1),
                "rule": rule,
                "record_source": r.source,
                "record_id": r.rid,
                "record_name": r.name,
                "record_country": r.country or "",
                "record_city": _text(r.attrs.get("city")),
                "record_type": _text(r.attrs.get("type")),
                "record_identifiers": " ".join(v for _, v in sorted(r.ids)),
                "candidate_id": a.id,
                "candidate_source": first.source,
                "candidate_record": first.rid,
                "candidate_name": first.name,
                "candidate_country": next((x.country for x in a.records if x.country), "") or "",
                "candidate_city": next((_text(x.attrs.get("city")) for x in a.records if x.city), ""),
                "candidate_type": next((_text(x.attrs.get("type")) for x in a.records if x.attrs.get("type")), ""),
                "candidate_identifiers": " ".join(sorted({v for x in a.records for _, v in x.ids})),
            }
        )

    def index(r: _Record, ai: int) -> None:
        for k in r.ids:
            by_id.setdefault(k, []).append(ai)
        if r.key:
            if r.key not in by_key:
                keys.append(r.key)
                key_actor.append(ai)
            by_key.setdefault(r.key, []).append(ai)

    def country_of(a: _Actor) -> str | None:
        return next((x.country for x in a.records if x.country), None)

    def city_of(a: _Actor) -> str:
        return next((x.city for x in a.records if x.city), "")

    def has_source(a: _Actor, source: str) -> bool:
        return any(x.source == source for x in a.records)

    for r in all_records:
        target: int | None = None
        rule, status, score = "new", "new", 0.0
        # 1. identifiers
        hits = sorted({ai for k in r.ids for ai in by_id.get(k, []) if _compatible(r.country, country_of(actors[ai]))})
        if len(hits) == 1:
            target, rule, status, score = hits[0], "identifier", "merged", 100.0
        elif len(hits) > 1:
            count["identifier_ambiguous"] += 1
            for ai in hits:
                add_review(r, actors[ai], 100.0, "identifier (several)", decided(r, actors[ai]))
            rule, status = "identifier (several)", "review"
        if target is None and status != "review" and r.key:
            # 2. exact name; 3. fuzzy
            cands: dict[int, tuple[float, str]] = {}
            exact = [
                ai
                for ai in dict.fromkeys(by_key.get(r.key, []))
                if not has_source(actors[ai], r.source) and _compatible(r.country, country_of(actors[ai]))
            ]
            for ai in exact:
                cands[ai] = (100.0, "exact name")
            if keys:
                for _, sc, pos in process.extract(r.key, keys, scorer=fuzz.WRatio, score_cutoff=review_score, limit=8):
                    ai = key_actor[pos]
                    a = actors[ai]
                    if ai in cands or has_source(a, r.source) or not _compatible(r.country, country_of(a)):
                        continue
                    cands[ai] = (float(sc), "fuzzy")
            # apply decisions first
            for ai in list(cands):
                d = decided(r, actors[ai])
                if d == "different":
                    add_review(r, actors[ai], cands[ai][0], cands[ai][1], d)
                    del cands[ai]
                elif d == "same" and target is None:
                    add_review(r, actors[ai], cands[ai][0], cands[ai][1], d)
                    target, rule, status, score = ai, "decision", "merged", cands[ai][0]
            if target is None and cands:
                sure = [
                    ai
                    for ai in exact
                    if ai in cands
                    and (not r.city or not city_of(actors[ai]) or r.city == city_of(actors[ai]))
                    and not _ids_conflict(r, actors[ai])
                ]
                if len(exact) == 1 and len(sure) == 1 and len(cands) >= 1:
                    others = [ai for ai in cands if ai != sure[0] and cands[ai][0] >= 100.0]
                    if not others:
                        target, rule, status, score = sure[0], "exact name", "merged", 100.0
                if target is None:
                    ranked = sorted(cands.items(), key=lambda kv: -kv[1][0])[:3]
                    for ai, (sc, why) in ranked:
                        if why == "exact name" and ai not in sure:
                            why += ", identifiers differ" if _ids_conflict(r, actors[ai]) else ", city differs"
                        why = why + (", several" if len(exact) > 1 and ai in exact else "")
                        add_review(r, actors[ai], sc, why, None)
                    rule, status, score = ranked[0][1][1], "review", ranked[0][1][0]
        if target is None:
            rid = r.rid if r.rid and r.rid not in used_ids else f"{r.source}:{r.rid}"
            base, n = rid, 2
            while rid in used_ids:
                rid, n = f"{base}-{n}", n + 1
            used_ids.add(rid)
            actors.append(_Actor(rid, [r]))
            target = len(actors) - 1
        else:
            actors[target].records.append(r)
        index(r, target)
        record_actor[(r.source, r.rid)] = actors[target].id
        matches.append(
            {
                "source": r.source,
                "record": r.name,
                "record_id": r.rid,
                "id": actors[target].id,
                "score": round(score, 1),
                "rule": rule,
                "status": status,
            }
        )
        count[f"{status}:{rule}"] += 1

    actor_df, type_conflicts, typed_default = _actor_table(actors, default_member_type)
    links, parts, projects, dup = _relations(sources, record_actor)
    connected = set()
    if links is not None:
        connected |= set(links["source"]) | set(links["target"])
    if parts is not None:
        connected |= set(parts["actor"])
    actor_df["no_collaboration"] = ~actor_df["id"].isin(connected)
    if around_members:
        actor_df, links, parts, projects, dropped = _around(actor_df, links, parts, projects)
        notes.append(f"--around members: kept the members and their partners ({len(actor_df):,} actors); "
                     f"left out {dropped:,} actors")  # fmt: skip
    matches_df = pd.DataFrame(matches, columns=MATCH_COLUMNS)
    review_df = pd.DataFrame(review, columns=REVIEW_COLUMNS)
    notes = _notes(all_records, labels, count, matches_df, review_df, actor_df, type_conflicts, typed_default,
                   dup, decisions) + notes  # fmt: skip
    return Combined(actor_df, links, parts, projects, matches_df, review_df, notes)


def _actor_table(actors: list[_Actor], default_type: str) -> tuple[pd.DataFrame, int, int]:
    rows = []
    conflicts = 0
    typed_default = 0
    for a in actors:
        row: dict = {"id": a.id}
        records = sorted(a.records, key=lambda r: not r.member)  # the member list's spelling and values first
        for r in records:
            for k, v in r.attrs.items():
                if k in ("id",) or k in row:
                    continue
                row[k] = v
        row["name"] = records[0].name
        types = {_text(r.attrs.get("type")) for r in a.records if _text(r.attrs.get("type"))}
        conflicts += len(types) > 1
        if not row.get("type"):
            row["type"] = default_type
            typed_default += 1
        row["member"] = any(r.member for r in a.records)
        row["sources"] = ";".join(dict.fromkeys(r.source for r in records))
        for kind_col, kind in (("pic", "pic"),):
            if not row.get(kind_col):
                value = next((v for r in a.records for k, v in sorted(r.ids) if k == kind), None)
                if value:
                    row[kind_col] = value
        rows.append(row)
    frame = pd.DataFrame(rows)
    for col in ACTOR_COLUMNS:
        if col not in frame:
            frame[col] = None
    frame = frame[ACTOR_COLUMNS + [c for c in frame.columns if c not in ACTOR_COLUMNS]]
    frame["type"] = [t if t in ACTOR_TYPES else (normalise_type(str(t)) or "other") for t in frame["type"]]
    return frame, conflicts, typed_default


def _relations(sources: Sequence[Source], record_actor: dict[tuple[str, str], str]):
    links, parts, projects = [], [], []
    for s in sources:
        amap = {rid: record_actor[(s.name, rid)] for rid in s.actors["id"]}
        if s.links is not None and len(s.links):
            lk = s.links.copy()
            lk["source"] = lk["source"].map(amap)
            lk["target"] = lk["target"].map(amap)
            lk["data_source"] = s.name
            links.append(lk[lk["source"] != lk["target"]])
        if s.participations is not None:
            p = s.participations.copy()
            p["actor"] = p["actor"].map(amap)
            p["data_source"] = s.name
            parts.append(p)
        if s.projects is not None:
            projects.append(s.projects.assign(data_source=s.name))
    links_df = pd.concat(links, ignore_index=True) if links else None
    parts_df = None
    dup = 0
    if parts:
        allp = pd.concat(parts, ignore_index=True)
        grouped = allp.groupby(["project", "actor"], sort=False)["data_source"].agg(
            lambda s: ";".join(dict.fromkeys(s))
        )
        first = allp.drop_duplicates(["project", "actor"]).set_index(["project", "actor"])
        first["data_source"] = grouped
        dup = len(allp) - len(first)
        parts_df = first.reset_index()
    projects_df = None
    if projects:
        allj = pd.concat(projects, ignore_index=True)
        projects_df = allj.drop_duplicates("id").reset_index(drop=True)
        for col in ("start", "end"):
            if col in projects_df:
                projects_df[col] = pd.to_datetime(projects_df[col]).dt.strftime("%Y-%m-%d")
    return links_df, parts_df, projects_df, dup


def _around(actors, links, parts, projects):
    members = set(actors.loc[actors["member"], "id"])
    keep = set(members)
    member_projects: set = set()
    if parts is not None:
        member_projects = set(parts.loc[parts["actor"].isin(members), "project"])
        parts = parts[parts["project"].isin(member_projects)].reset_index(drop=True)
        keep |= set(parts["actor"])
    if links is not None:
        touching = links["source"].isin(members) | links["target"].isin(members)
        links = links[touching].reset_index(drop=True)
        keep |= set(links["source"]) | set(links["target"])
    if projects is not None:
        projects = projects[projects["id"].isin(member_projects)].reset_index(drop=True)
    dropped = int((~actors["id"].isin(keep)).sum())
    return actors[actors["id"].isin(keep)].reset_index(drop=True), links, parts, projects, dropped


def _notes(records, labels, count, matches, review, actors, type_conflicts, typed_default, dup, decisions):
    lines = []
    per_source = Counter(r.source for r in records)
    lines.append(
        f"read {len(records):,} records from {len(labels)} sources ("
        + ", ".join(f"{s} {per_source[s]:,}" for s in labels)
        + f") into {len(actors):,} actors"
    )
    by = matches.groupby(["status", "rule"]).size()
    for (status, rule), n in by.items():
        if status == "merged":
            lines.append(f"merged: {n:,} records by {rule}")
    n_review = int((matches["status"] == "review").sum())
    if n_review:
        open_rows = int((review["decision"] == "").sum())
        lines.append(
            f"review: {n_review:,} records kept apart for now, with {open_rows:,} candidate pairs in review.xlsx to "
            "decide (write same or different in the decision column, then run again with --decisions review.xlsx)"
        )
    if decisions:
        used = int((review["decision"] != "").sum())
        lines.append(f"decisions: {used:,} of the {len(decisions):,} decisions given applied")
    if count["identifier_ambiguous"]:
        lines.append(f"review: {count['identifier_ambiguous']:,} records whose identifiers belong to several actors")
    if "member" in actors:
        members = actors[actors["member"]]
        alone = members[members["no_collaboration"]]
        pending = int(alone["id"].isin(set(matches.loc[matches["status"] == "review", "id"])).sum())
        lines.append(
            f"members: {len(members):,}, of which {len(alone):,} in no project or link of any source (kept, "
            "no_collaboration = true"
            + (f"; {pending:,} of them have candidates in review.xlsx" if pending else "")
            + ")"
            + (
                ": " + ", ".join(alone["name"].astype(str).head(20)) + (" ..." if len(alone) > 20 else "")
                if len(alone)
                else ""
            )
        )
    unknown = Counter(_text(r.attrs.get("country_as_written")) for r in records if r.attrs.get("country_as_written"))
    if unknown:
        lines.append(
            f"unknown: {sum(unknown.values()):,} records with a country not recognised (not used as evidence; kept as "
            "country_as_written): " + ", ".join(f"'{c}' ({n})" for c, n in unknown.most_common(10))
        )
    if typed_default:
        lines.append(
            f"guessed: {typed_default:,} actors without a type in any source typed 'firm' (give a type column)"
        )
    if count["member_type_unknown"]:
        lines.append(
            f"guessed: {count['member_type_unknown']:,} member types not recognised were taken from the sources"
        )
    if type_conflicts:
        lines.append(
            f"kept the first type (members first) of {type_conflicts:,} actors typed differently by the sources"
        )
    if dup:
        lines.append(f"merged: {dup:,} participations listed by several sources (or by records merged into one actor)")
    return lines


# --------------------------------------------------------------------------- writing


def write_review(frame: pd.DataFrame, path) -> Path:
    """Write the review pairs as a workbook (atomically; formula-guarded): sheet ``review`` with a
    ``decision`` column offering ``same``/``different``, the header frozen."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..files.atomic import atomic_write_bytes
    from ..files.guard import neutralise

    wb = Workbook()
    ws = wb.active
    ws.title = "review"
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append([None if (isinstance(v, float) and pd.isna(v)) else neutralise(v) for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    choice = DataValidation(type="list", formula1='"same,different"', allow_blank=True)
    ws.add_data_validation(choice)
    last = max(len(frame) + 1, 2)
    choice.add(f"A2:A{last}")
    fill = PatternFill("solid", fgColor="FFF2CC")
    for r in range(2, len(frame) + 2):
        ws.cell(row=r, column=1).fill = fill
    for col, width in zip("ABCDEFGHIJKLMNOPQR", (11, 7, 26, 12, 16, 34, 9, 14, 12, 16, 16, 12, 16, 34, 9, 14, 12, 16)):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(path, buf.getvalue())


def write_combined(result: Combined, outdir) -> list[Path]:
    """Write actors.csv, links.csv, participations.csv, projects.csv, matches.csv, review.xlsx and
    combine_notes.txt to ``outdir`` (atomically; formula-guarded). A review.xlsx without rows is still
    written, so a stale one never lingers."""
    from ..files.atomic import atomic_write_text
    from ..files.guard import safe_csv

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = [safe_csv(result.actors, outdir / "actors.csv")]
    if result.links is not None:
        paths.append(safe_csv(result.links, outdir / "links.csv"))
    if result.participations is not None:
        paths.append(safe_csv(result.participations, outdir / "participations.csv"))
    if result.projects is not None:
        paths.append(safe_csv(result.projects, outdir / "projects.csv"))
    paths.append(safe_csv(result.matches, outdir / "matches.csv"))
    paths.append(write_review(result.review, outdir / "review.xlsx"))
    paths.append(atomic_write_text(outdir / "combine_notes.txt", "".join(f"{line}\n" for line in result.notes)))
    return paths
