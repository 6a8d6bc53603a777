"""Convert Erasmus+ project data, as people download it, into actors, participations and projects.

Two layouts are read, told apart by their columns (any case, accents and punctuation ignored):

**Project-results list (wide)**, as the Erasmus+ Project Results Platform exports it (xlsx or CSV,
title rows above the header possible): one row per project with ``Programme``, ``Key Action``,
``Action Type``, ``Call year``, ``Project Identifier``, ``Project Title``, ``Start Date``, ``End Date``,
``EU Grant award in euros``, the coordinator (``Coordinating organisation name``, ``Coordinator's
organisation type``, ``... region``, ``... country``, ``... address``, ``... website``, ``... PIC``) and
the partners in numbered column groups (``Partner 1 name``, ``Partner 1 organisation type``,
``Partner 1 region``, ``Partner 1 country`` ..., as many as the file has).

**Participants list (long)**, such as the Centres of Vocational Excellence lists: one row per
participating organisation with the project (``Project number``/``Project identifier``), the
organisation (``Organisation name``/``Legal name``), its ``Organisation type``, ``Country``,
``Region``/``City``, ``Role`` and ``PIC`` when given, and optionally the project's columns as above.

Mapping
-------
- one actor per organisation: by ``PIC`` when given, else by name (:func:`clustergraph.names.name_key`:
  case, accents, punctuation and legal form ignored) and country; names written differently are
  counted;
- organisation type labels -> ``type`` by keywords (:data:`TYPE_KEYWORDS`, several languages):
  vocational/VET -> ``vet``, higher education -> ``university``, research -> ``rto``, chamber,
  association, NGO, foundation, hospital, other -> ``other``, public body/authority/ministry ->
  ``government``, enterprise/SME/company -> ``firm``; a label no keyword matches is ``other`` and is
  counted and listed (map it with ``type_map``); an organisation whose name says it is a cluster
  organisation becomes ``cluster_org`` (:func:`clustergraph.names.cluster_evidence`), as does one of
  ``cluster_orgs``; each re-typing is listed;
- ``region`` as given, else the country (counted); ``country`` as a code (``Norway`` -> ``NO``);
- the projects keep programme, key action, action type, call year, title, start, end and the EU
  grant (``budget``); the action type gives the typology's ``scope`` and ``complexity`` where the
  action's rules settle them (:data:`ACTION_TYPOLOGY`: a Centre of Vocational Excellence or an
  alliance is international and of high complexity; a cooperation partnership is international).

Every organisation entry read is either a participation or counted in the notes (an entry without
a name, an organisation listed twice in one project): counts in = counts out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError, Problem
from ..names import cluster_evidence, country_code, fold, identifier_key, name_key
from ..schema import ACTOR_TYPES, normalise_type
from .participations import parse_amount, parse_date
from .read import MAX_LISTED, read_table

#: (pattern on the folded label, type), tried in order: the first that matches decides.
TYPE_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"vocational|\bvet\b|\bi?c?vet provider|berufsbild|berufsschule|berufskolleg|yrkesfag|fagskole|"
     r"yrkeshogskol|formacion profesional|formation professionnelle|istruzione e formazione professionale|"
     r"formazione professionale|beroepsonderwijs|\bmbo\b|ammatillinen|erhvervsskole|erhvervsuddannelse|"
     r"ensino profissional|ksztalcenia zawodowego|szkola zawodowa", "vet"),
    (r"higher education|\bhei\b|universit|hochschule|hogskole|hogskola|yliopisto|ammattikorkeakoulu|"
     r"fachhochschule|politecnico|polytechnic|ecole superieure|enseignement superieur|educacion superior",
     "university"),
    (r"research|\brto\b|\bres\b|\brec\b|forschung|investigacion|recherche|ricerca|forskning|tutkimus|onderzoek|"
     r"technology centre|technology center|centro tecnologico|institut fur", "rto"),
    (r"chamber|kammer|camara de comercio|chambre|camera di commercio|handelskammer|association|\bngo\b|"
     r"non.?governmental|non.?profit|foundation|stiftung|fundacion|fondazione|stiftelse|verein|asociacion|"
     r"associazione|forening|yhdistys|hospital|klinik|sykehus|trade union|employers|federation|"
     r"social partner|youth|sport|church|museum|library|^other\b|^others?$|^oth$|sonstige|andre|otros|altro",
     "other"),
    (r"public body|public authority|public administration|public institution|authority|ministry|ministerium|"
     r"ministerio|ministere|ministero|departement|municipal|municipality|kommune|gemeinde|ayuntamiento|comune|"
     r"county|region(al)? (government|council)|government|\bpub\b|verwaltung|behorde|administracion publica|"
     r"agency|agentur|agencia|offentlig", "government"),
    (r"enterprise|\bsme\b|compan|business|\bfirm|industr|private|\bent\b|\bprc\b|unternehmen|empresa|"
     r"entreprise|impresa|azienda|bedrift|foretak|foretag|virksomhed|yritys|onderneming|\bgmbh\b|\bltd\b",
     "firm"),
)  # fmt: skip
_TYPE_PATTERNS = tuple((re.compile(p), t) for p, t in TYPE_KEYWORDS)

#: (pattern on the folded action type or key action, scope, complexity): what an action's rules settle.
#: ``None`` leaves it to the partners (:func:`clustergraph.analysis.projects.project_metrics`).
ACTION_TYPOLOGY: tuple[tuple[str, str | None, str | None], ...] = (
    (r"vocational excellence|\bcove\b|pex.cove|partnerships? for excellence", "collaboration, international", "high"),
    (r"alliance|sector skills|blueprint|knowledge alliances", "collaboration, international", "high"),
    (r"partnership|capacity building|cooperation for innovation|\bka2\d\d\b|\bka2\b", "collaboration, international",
     None),
)  # fmt: skip
_ACTION_PATTERNS = tuple((re.compile(p), s, c) for p, s, c in ACTION_TYPOLOGY)

#: The project's columns: canonical name -> header spellings (folded, punctuation as spaces).
PROJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("project identifier", "project number", "project id", "project code", "project reference",
           "grant agreement number", "grant agreement", "agreement number", "project"),
    "programme": ("programme", "program", "funding programme"),
    "key_action": ("key action",),
    "action": ("action type", "action", "type of action", "call", "topic", "sub action"),
    "call_year": ("call year", "year of call", "call year of the project"),
    "title": ("project title", "title"),
    "acronym": ("project acronym", "acronym"),
    "start": ("start date", "project start date", "start"),
    "end": ("end date", "project end date", "end"),
    "budget": ("eu grant award in euros", "eu grant", "eu grant award", "eu contribution", "grant", "grant amount",
               "budget"),
}  # fmt: skip
#: An organisation's columns in the long layout.
ORG_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("organisation name", "organization name", "legal name", "participant name", "partner name",
             "beneficiary name", "participant", "organisation", "organization", "name"),
    "type": ("organisation type", "organization type", "type of organisation", "type of organization",
             "participant type", "type"),
    "country": ("country", "organisation country", "organization country", "country code"),
    "region": ("region", "organisation region", "organization region", "nuts region"),
    "city": ("city", "town", "organisation city", "organization city"),
    "role": ("role", "participant role", "partner role", "role in the project"),
    "pic": ("pic", "participant identification code", "organisation pic", "organization pic"),
    "oid": ("oid", "organisation id", "organization id", "organisation identifier"),
    "website": ("website", "organisation website", "organization website", "url"),
    "address": ("address", "organisation address", "organization address"),
}  # fmt: skip
_COORD = re.compile(
    r"^(coordinating organi[sz]ation|coordinator s|coordinators|coordinator|applicant organi[sz]ation)\b\s*(.*)$"
)
_PARTNER = re.compile(r"^partner\s*(\d+)\s*s?\b\s*(.*)$")
#: The words that tell a coordinator's or a partner's column what it holds.
_GROUP_FIELDS: tuple[tuple[str, str], ...] = (
    ("type", "type"),
    ("region", "region"),
    ("country", "country"),
    ("city", "city"),
    ("address", "address"),
    ("website", "website"),
    ("url", "website"),
    ("pic", "pic"),
    ("oid", "oid"),
    ("role", "role"),
    ("name", "name"),
)
_HEADER_SEARCH = 30
#: Fields whose header may go on after the known words.
_PREFIX_FIELDS = frozenset({"budget"})
_ACTOR_COLUMNS = ["id", "name", "type", "region", "country", "city", "pic", "erasmus_type", "website"]
_PROJECT_COLUMNS = ["id", "acronym", "title", "programme", "key_action", "action", "call_year", "start", "end",
                    "budget", "scope", "complexity"]  # fmt: skip


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text).lstrip("\ufeff")).split())


def map_type(label: str, type_map: dict[str, str] | None = None) -> str | None:
    """The clustergraph type of an Erasmus+ organisation-type label, None when no keyword matches.

    >>> map_type("School/Institute/Educational centre – Vocational Training (secondary level)")
    'vet'
    >>> map_type("Higher education institution (tertiary level)"), map_type("Small and medium sized enterprise")
    ('university', 'firm')
    >>> map_type("Non-governmental organisation/association/social enterprise"), map_type("Regional Public body")
    ('other', 'government')
    >>> map_type("Berufsschule"), map_type("Forschungseinrichtung"), map_type("Counselling body")
    ('vet', 'rto', None)
    """
    folded = fold(label)
    if type_map and folded in type_map:
        return type_map[folded]
    if not folded:
        return None
    direct = normalise_type(folded)
    if direct is not None and folded in ACTOR_TYPES:
        return direct
    for pattern, atype in _TYPE_PATTERNS:
        if pattern.search(folded):
            return atype
    return None


def action_typology(*texts: str | None) -> tuple[str | None, str | None]:
    """The (scope, complexity) an Erasmus+ action's rules settle, from its action type or key action.

    >>> action_typology("Partnerships for Excellence - Centres of Vocational Excellence")
    ('collaboration, international', 'high')
    >>> action_typology("Cooperation partnerships in vocational education and training")
    ('collaboration, international', None)
    >>> action_typology("Learning Mobility of Individuals", "KA1")
    (None, None)
    """
    for text in texts:
        folded = fold(text or "")
        if not folded:
            continue
        for pattern, scope, complexity in _ACTION_PATTERNS:
            if pattern.search(folded):
                return scope, complexity
    return None, None


@dataclass
class ErasmusImport:
    """The converted tables and what the conversion dropped, guessed or could not map (with counts)."""

    actors: pd.DataFrame
    participations: pd.DataFrame
    projects: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    #: every organisation-type label no keyword matched, with how many entries had it
    unmapped: Counter = field(default_factory=Counter)
    #: "id name (why)" of the organisations typed cluster_org
    cluster_orgs: list[str] = field(default_factory=list)
    #: organisation entries read (coordinators and partners with a name, or rows of the long layout)
    entries: int = 0


def _find_header(columns: list[str], rows) -> tuple[int, list[str]]:
    """Index (-1: the table's own header) and cells of the row that is the Erasmus+ header."""
    candidates = [columns] + [list(r) for r in list(rows[:_HEADER_SEARCH])]
    for i, cells in enumerate(candidates):
        keys = {_header_key(c) for c in cells}
        has_project = any(k in PROJECT_FIELDS["id"] for k in keys)
        has_org = any(_COORD.match(k) or _PARTNER.match(k) for k in keys) or any(k in ORG_FIELDS["name"] for k in keys)
        if has_project and has_org:
            return i - 1, cells
    return -2, columns


def _pick(keys: list[str], fields: dict[str, tuple[str, ...]], taken: set[int]) -> dict[str, int]:
    index: dict[str, int] = {}
    for name, spellings in fields.items():
        for spelling in spellings:  # the most specific spelling first
            pos = next((p for p, k in enumerate(keys) if k == spelling and p not in taken), None)
            if pos is None and name in _PREFIX_FIELDS:  # "EU Grant award in euros (This amount represents ...)"
                pos = next((p for p, k in enumerate(keys) if k.startswith(spelling + " ") and p not in taken), None)
            if pos is not None:
                index[name] = pos
                taken.add(pos)
                break
    return index


def _groups(keys: list[str]) -> tuple[dict[str, int], dict[int, dict[str, int]]]:
    """The coordinator's columns and each partner group's columns (by partner number)."""
    coord: dict[str, int] = {}
    partners: dict[int, dict[str, int]] = {}
    for pos, key in enumerate(keys):
        m = _COORD.match(key)
        group: dict[str, int] | None = None
        rest = ""
        if m:
            group, rest = coord, m.group(2)
        else:
            p = _PARTNER.match(key)
            if p:
                group, rest = partners.setdefault(int(p.group(1)), {}), p.group(2)
        if group is None:
            continue
        what = next((f for word, f in _GROUP_FIELDS if re.search(rf"\b{word}\b", rest)), None)
        if what is None and not rest:
            what = "name"
        if what is None and "organi" in rest:
            what = "name"
        if what and what not in group:
            group[what] = pos
    return coord, partners


def convert_erasmus(
    files: Sequence | str | Path,
    *,
    type_map: dict[str, str] | None = None,
    cluster_orgs: Iterable[str] = (),
) -> ErasmusImport:
    """Convert Erasmus+ project-results lists and participants lists into clustergraph tables.

    Parameters
    ----------
    files : path-like or sequence of them
        Files in either layout (xlsx or CSV; each file's layout is told by its columns).
    type_map : dict, optional
        Organisation-type label -> clustergraph type for labels the keywords do not map (or map
        otherwise), e.g. ``{"Adult education provider": "vet"}``.
    cluster_orgs : iterable of str
        Ids, PICs or names of organisations to type ``cluster_org`` (names compared ignoring case,
        accents and legal form).

    Returns
    -------
    ErasmusImport

    Raises
    ------
    InputError
        A file in neither layout, a row without a project identifier, a date that is not a date or
        an unknown type in ``type_map``, naming file, row and column.

    Examples
    --------
    >>> imp = convert_erasmus(["ProjectResults.xlsx", "CoVE-participants.csv"])  # doctest: +SKIP
    >>> imp.actors.columns[:5].tolist()  # doctest: +SKIP
    ['id', 'name', 'type', 'region', 'country']
    """
    paths = [files] if isinstance(files, (str, Path)) else list(files)
    tmap: dict[str, str] = {}
    for label, atype in (type_map or {}).items():
        t = normalise_type(atype)
        if t is None:
            raise InputError(f"type for {label!r}: unknown type {atype!r}; allowed: {', '.join(ACTOR_TYPES)}")
        tmap[fold(label)] = t
    listed = [str(c).strip() for c in cluster_orgs]
    state = _State(
        tmap, {c for c in listed} | {name_key(c) for c in listed} | {identifier_key(c) for c in listed} - {""}
    )
    for path in paths:
        state.read(path)
    state.raise_problems()
    return state.result()


class _State:
    def __init__(self, type_map: dict[str, str], cluster_orgs: set[str]) -> None:
        self.type_map = type_map
        self.cluster_orgs = cluster_orgs
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.count: Counter = Counter()
        self.unmapped: Counter = Counter()
        self.actors: dict[str, dict] = {}
        self.actors_by_key: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}
        self.types_seen: dict[str, set[str]] = {}
        self.projects: dict[str, dict] = {}
        self.parts: dict[tuple[str, str], dict] = {}
        self.entries = 0
        self.retyped: list[str] = []

    # ------------------------------------------------------------------ reading
    def read(self, path) -> None:
        table = read_table(path, "projects")
        at, header = _find_header(table.columns, table.rows)
        if at == -2:
            raise InputError(
                [
                    Problem(
                        table.file,
                        None,
                        None,
                        "neither Erasmus+ layout: no project identifier column ('Project Identifier', 'Project "
                        "number') with organisation columns ('Coordinating organisation name', 'Partner 1 name' or "
                        f"'Organisation name') in the first {_HEADER_SEARCH} rows",
                    )
                ]
            )
        rows, numbers = list(table.rows), list(table.row_numbers)
        header_row = table.header_row if at == -1 else numbers[at]
        if at >= 0:
            self.notes.append(
                f"{table.file}: header found on row {header_row}; {at + 1} row{'s' if at else ''} above it skipped"
            )
            rows, numbers = rows[at + 1 :], numbers[at + 1 :]
        self.notes += [f for f in table.fixes if "header found" not in f]
        keys = [_header_key(c) for c in header]
        coord, partners = _groups(keys)
        taken = {p for g in [coord, *partners.values()] for p in g.values()}
        pindex = _pick(keys, PROJECT_FIELDS, taken)
        before = self.entries
        if coord or partners:
            layout = "project-results list"
            for number, row in zip(numbers, rows):
                self._wide_row(table.file, number, header, row, pindex, coord, partners)
        else:
            layout = "participants list"
            oindex = _pick(keys, ORG_FIELDS, set(taken) | set(pindex.values()))
            for number, row in zip(numbers, rows):
                self._long_row(table.file, number, header, row, pindex, oindex)
        self.notes.append(
            f"{table.file}: {layout}, {len(rows):,} rows, {self.entries - before:,} organisation entries"
            + (f", {len(partners)} partner column groups" if partners else "")
        )

    def _cell(self, row, pos: int | None) -> str:
        if pos is None or pos >= len(row):
            return ""
        return " ".join(str(row[pos]).split())

    def _project(self, file: str, number: int, header, row, pindex: dict[str, int]) -> str | None:
        pid = self._cell(row, pindex.get("id"))
        if not pid:
            column = header[pindex["id"]] if "id" in pindex else "Project Identifier"
            self.problems.append(Problem(file, number, column, "empty project identifier"))
            return None
        rec: dict[str, Any] = {c: self._cell(row, pindex.get(c)) or None for c in PROJECT_FIELDS if c != "id"}
        for col, end in (("start", False), ("end", True)):
            value = rec[col]
            if value:
                stamp = parse_date(value[:10], end=end)
                if stamp is None:
                    self.problems.append(Problem(file, number, header[pindex[col]], f"'{value}' is not a date"))
                rec[col] = None if stamp is None else stamp.strftime("%Y-%m-%d")
        if rec["budget"]:
            rec["budget"] = parse_amount(rec["budget"].replace("€", "").replace("EUR", "").strip())
        if rec["call_year"]:
            m = re.search(r"(19|20)\d\d", rec["call_year"])
            rec["call_year"] = int(m.group(0)) if m else None
        known = self.projects.get(pid)
        if known is None:
            rec["scope"], rec["complexity"] = action_typology(rec["action"], rec["key_action"])
            self.projects[pid] = {"id": pid, **rec}
        else:
            for col, value in rec.items():  # a participants list repeats the project on every row
                if known.get(col) is None and value is not None:
                    known[col] = value
            if known.get("scope") is None:
                known["scope"], known["complexity"] = action_typology(known.get("action"), known.get("key_action"))
        return pid

    def _wide_row(self, file, number, header, row, pindex, coord, partners) -> None:
        if not any(str(c).strip() for c in row):
            return
        pid = self._project(file, number, header, row, pindex)
        if pid is None:
            return
        groups = [("coordinator", coord)] + [("participant", partners[n]) for n in sorted(partners)]
        for role, group in groups:
            if not group:
                continue
            rec = {f: self._cell(row, pos) for f, pos in group.items()}
            if not rec.get("name"):
                if any(v for f, v in rec.items()):
                    self.count["group_without_name"] += 1
                continue
            self._entry(pid, rec, rec.get("role") or role)

    def _long_row(self, file, number, header, row, pindex, oindex) -> None:
        if not any(str(c).strip() for c in row):
            return
        pid = self._project(file, number, header, row, pindex)
        if pid is None:
            return
        rec = {f: self._cell(row, pos) for f, pos in oindex.items()}
        if not rec.get("name"):
            self.problems.append(Problem(file, number, header[oindex["name"]], "empty organisation name"))
            return
        self._entry(pid, rec, rec.get("role") or "participant")

    # ------------------------------------------------------------------ organisations
    def _entry(self, pid: str, rec: dict, role: str) -> None:
        self.entries += 1
        name = rec["name"]
        country = country_code(rec.get("country")) or (rec.get("country") or None)
        pic = identifier_key(rec.get("pic") or rec.get("oid") or "")
        keys = ([f"pic:{pic}"] if pic else []) + [f"name:{country or ''}:{name_key(name)}"]
        aid = next((self.actors_by_key[k] for k in keys if k in self.actors_by_key), None)
        if aid is None:
            aid = pic or self._new_id(name, country)
            self.actors[aid] = self._actor(aid, rec, country, pic)
        elif pic and not self.actors[aid]["pic"]:
            self.actors[aid]["pic"] = pic
        for k in keys:
            self.actors_by_key.setdefault(k, aid)
        self.names.setdefault(aid, set()).add(name)
        self.types_seen.setdefault(aid, set()).add(fold(rec.get("type", "")))
        folded_role = fold(role)
        role_out = (
            "coordinator"
            if folded_role.startswith(("coordinator", "coordinating", "applicant"))
            else "associated partner"
            if "associated" in folded_role
            else "participant"
            if folded_role in ("participant", "partner", "beneficiary", "full partner", "")
            else role
        )
        if (pid, aid) in self.parts:
            self.count["repeated_in_project"] += 1
            return
        self.parts[(pid, aid)] = {"project": pid, "actor": aid, "role": role_out}

    def _new_id(self, name: str, country: str | None) -> str:
        slug = "-".join(name_key(name).split())[:60] or "organisation"
        base = f"{country or 'XX'}-{slug}"
        aid, n = base, 2
        while aid in self.actors:
            aid, n = f"{base}-{n}", n + 1
        return aid

    def _actor(self, aid: str, rec: dict, country: str | None, pic: str) -> dict:
        label = rec.get("type", "")
        atype = map_type(label, self.type_map)
        if atype is None:
            self.unmapped[label or "(empty)"] += 1
            atype = "other"
        name = rec["name"]
        why = ""
        if aid in self.cluster_orgs or name_key(name) in self.cluster_orgs or (pic and pic in self.cluster_orgs):
            why = "in the cluster-organisations list"
        else:
            evidence = cluster_evidence(name)
            if evidence == "strong" and atype in ("firm", "government", "other"):
                why = "the name says it runs a cluster"
            elif evidence == "weak" and atype == "other":
                why = "the name has a cluster word"
        if why and atype != "cluster_org":
            self.retyped.append(f"{aid} {name} (was {atype}: {why})")
            atype = "cluster_org"
        region = rec.get("region") or None
        if region is None:
            self.count["region_is_country"] += 1
            region = country
        return {
            "id": aid,
            "name": name,
            "type": atype,
            "region": region,
            "country": country,
            "city": rec.get("city") or None,
            "pic": pic or None,
            "erasmus_type": label or None,
            "website": rec.get("website") or None,
        }

    # ------------------------------------------------------------------ results
    def raise_problems(self) -> None:
        if self.problems:
            more = len(self.problems) - MAX_LISTED
            raise InputError(
                self.problems[:MAX_LISTED]
                + ([Problem("input", None, None, f"... and {more} more problems")] if more > 0 else [])
            )

    def result(self) -> ErasmusImport:
        actors = pd.DataFrame(list(self.actors.values()), columns=_ACTOR_COLUMNS)
        parts = pd.DataFrame(list(self.parts.values()), columns=["project", "actor", "role"])
        used = set(parts["project"])
        projects = pd.DataFrame([p for pid, p in self.projects.items() if pid in used], columns=_PROJECT_COLUMNS)
        projects["call_year"] = projects["call_year"].astype("Int64")
        notes = list(self.notes)
        c = self.count
        if c["group_without_name"]:
            notes.append(f"dropped: {c['group_without_name']:,} partner column groups with data but no name")
        if c["repeated_in_project"]:
            notes.append(
                f"merged: {c['repeated_in_project']:,} entries of an organisation listed again in the same project"
            )
        repeated = len(parts) - len(actors)
        if repeated:
            notes.append(
                f"merged: {repeated:,} entries of organisations taking part in several projects (one actor each, "
                "by PIC, else by name and country, legal form and case ignored)"
            )
        differing = sum(1 for v in self.names.values() if len(v) > 1)
        if differing:
            notes.append(f"kept the first name of {differing:,} organisations written differently across entries")
        types_differ = sum(1 for v in self.types_seen.values() if len(v) > 1)
        if types_differ:
            notes.append(f"kept the first type of {types_differ:,} organisations given different types")
        if c["region_is_country"]:
            notes.append(f"guessed: {c['region_is_country']:,} organisations without a region have their country")
        if self.unmapped:
            listed = "; ".join(f"'{label}' ({n:,})" for label, n in self.unmapped.most_common())
            notes.append(
                f"unmapped: {sum(self.unmapped.values()):,} organisations with {len(self.unmapped)} organisation-type "
                f"labels no keyword maps, typed 'other' (map them with --type LABEL=TYPE): {listed}"
            )
        if self.retyped:
            notes.append(
                f"re-typed: {len(self.retyped):,} organisations as cluster_org: "
                + "; ".join(self.retyped[:30])
                + (" ..." if len(self.retyped) > 30 else "")
            )
        hinted = projects["complexity"].notna().sum()
        scoped = projects["scope"].notna().sum()
        if scoped:
            notes.append(
                f"typology: {scoped:,} projects international by their action type ({hinted:,} of them of high "
                "complexity: Centres of Vocational Excellence, alliances)"
            )
        notes.append(
            f"written: {len(actors):,} actors, {len(parts):,} participations, {len(projects):,} projects "
            f"from {self.entries:,} organisation entries"
        )
        return ErasmusImport(actors, parts, projects, notes, self.unmapped, self.retyped, self.entries)


def write_erasmus(result: ErasmusImport, outdir) -> list[Path]:
    """Write actors.csv, participations.csv, projects.csv and import_notes.txt to ``outdir``."""
    from .imported import write_import

    return write_import(result, outdir)
