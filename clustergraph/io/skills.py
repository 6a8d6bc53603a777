"""Read and validate the skills table: who needs and who offers which skill.

The skills table (``skills.csv``, or a sheet ``skills`` of the workbook) has one row per actor,
skill and kind:

- ``actor`` (required): the actor's id or name, as the other tables accept it (an exact id, an
  exact name, or a name that is unique once case and accents are ignored);
- ``skill`` (required): free text, e.g. ``welding``, ``Cyber security``;
- ``kind`` (required): ``need`` or ``offer`` (``needs``/``offers``, ``demand``/``supply``,
  ``wants``/``provides`` are read too; :data:`clustergraph.schema.SKILL_KINDS`);
- ``priority`` (optional): ``high``, ``medium``, ``low`` or ``1``-``3`` (1 = high);
- ``level`` (optional): a qualification level, e.g. EQF ``1``-``8`` (``EQF 5`` is read as 5);
- ``year`` (optional): a whole number; ``note`` (optional): free text. Further columns are kept.

Headers are matched like the other tables' (:data:`clustergraph.schema.COLUMN_SYNONYMS`,
e.g. ``competence`` for ``skill``, ``type`` for ``kind``). Every problem names file, row and
column (an unknown actor comes with "did you mean"); with ``lenient`` the row is dropped and the
drop recorded.

One skill, however it is typed
------------------------------
Skills are matched by :func:`skill_key`: case, accents, spaces, hyphens, underscores and dots
are ignored, so ``Cyber security``, ``cybersecurity`` and ``CYBER-SECURITY`` are one skill. The
spelling shown is the most frequent one (ties: the first in the file). A skill groups table
(``--skill-groups``: columns ``skill``, ``group``) maps skills to the user's own groups (an
ESCO-style taxonomy): a grouped skill is then matched and shown as its group. Every merge is
reported, and near-misses that stay apart get a hint ("'weldng' is probably 'welding'",
rapidfuzz ratio of the keys at least :data:`NEAR_MISS_SCORE`).

The validated table lives in ``G.graph["skills"]`` as a :class:`SkillsData`
(:func:`skills_data`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..lookup import fold, nearest
from ..schema import PRIORITIES, SKILL_KINDS, SKILL_OPTIONAL, SKILL_REQUIRED, YEAR_RANGE
from .read import EXCEL_SUFFIXES, Table, read_table, workbook_sheet_names
from .validate import LoadReport, _fail, _header, _records, normalise_id, parse_year

#: Columns of :attr:`SkillsData.table`.
SKILL_COLUMNS: list[str] = [
    "actor",
    "skill",
    "kind",
    "priority",
    "level",
    "year",
    "note",
    "skill_as_typed",
    "row",
]

#: Two different skills whose keys have at least this rapidfuzz ratio (0-100) get a hint.
NEAR_MISS_SCORE = 85.0

#: The example row of each sheet of the survey template (:func:`clustergraph.export.template`):
#: a row equal to it right under the header is the template's example and is skipped (reported).
TEMPLATE_EXAMPLES: dict[str, dict[str, str]] = {
    "actors": {
        "id": "EX-F01",
        "name": "Example Firm AS (example row: write yours below)",
        "type": "firm",
        "region": "Vestland",
        "country": "NO",
        "sector": "maritime",
        "size": "small",
    },
    "links": {"source": "EX-F01", "target": "EX-VET01", "type": "training", "weight": "1", "year": "2024"},
    "skills": {
        "actor": "EX-F01",
        "skill": "welding",
        "kind": "need",
        "priority": "high",
        "level": "4",
        "year": "2024",
        "note": "example row: write yours below",
    },
}

_SEPARATORS = re.compile(r"[\s\-_.\u2010-\u2015]+")


def skill_key(text: object) -> str:
    """The matching key of a skill: case, accents, spaces, hyphens, underscores and dots ignored.

    >>> skill_key("Cyber security") == skill_key("cybersecurity") == skill_key("CYBER-SECURITY")
    True
    >>> skill_key("Soldadura  (MIG)"), skill_key("Økonomi")
    ('soldadura(mig)', 'okonomi')
    """
    return _SEPARATORS.sub("", fold(text))


def _shown(text: str) -> str:
    return " ".join(str(text).split())


@dataclass
class SkillsData:
    """The skills of an ecosystem, kept beside the graph in ``G.graph["skills"]``.

    Attributes
    ----------
    table : DataFrame
        One row per actor, skill and kind (columns :data:`SKILL_COLUMNS`): ``actor`` (id),
        ``skill`` (the canonical spelling, or the group), ``kind`` (``need``/``offer``),
        ``priority`` (``high``/``medium``/``low`` or None), ``level`` (Int64), ``year``
        (Int64), ``note``, ``skill_as_typed`` and the file's ``row``.
    merges : list of str
        Each merge of spellings or into a group, in plain words.
    hints : list of str
        Near-misses left apart.
    file : str
        Where the table came from.
    groups : dict, optional
        Skill key -> group, from ``--skill-groups``.
    """

    table: pd.DataFrame
    merges: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    file: str = ""
    groups: dict[str, str] | None = None

    @property
    def needs(self) -> pd.DataFrame:
        """The ``need`` rows."""
        return self.table[self.table["kind"] == "need"]

    @property
    def offers(self) -> pd.DataFrame:
        """The ``offer`` rows."""
        return self.table[self.table["kind"] == "offer"]

    @property
    def skills(self) -> list[str]:
        """The distinct skills, sorted by folded name."""
        return sorted(set(self.table["skill"]), key=lambda s: (fold(s), s))

    def __str__(self) -> str:  # what a GraphML/GEXF export writes for G.graph["skills"]
        return (
            f"{len(self.needs)} needs and {len(self.offers)} offers of {len(self.skills)} skills "
            f"by {self.table['actor'].nunique()} actors"
        )


def skills_data(G) -> SkillsData | None:
    """The :class:`SkillsData` of ``G``, or None when it was loaded without skills.

    >>> import networkx as nx
    >>> skills_data(nx.Graph()) is None
    True
    """
    data = G.graph.get("skills")
    return data if isinstance(data, SkillsData) else None


# --------------------------------------------------------------------------- template examples


def skip_template_example(table: Table, kind: str) -> Table:
    """``table`` without its first data row when that row is the survey template's example.

    The example row of :data:`TEMPLATE_EXAMPLES` stands right under the header of each sheet of
    ``clustergraph template``; a user writes their rows below it. The skip is recorded in the
    table's fixes.
    """
    example = TEMPLATE_EXAMPLES.get(kind)
    if example is None or table.frame is not None or not len(table.rows):
        return table
    names = [c.strip().lower() for c in table.columns]
    first = table.rows[0]
    cells = {n: (first[i].strip() if i < len(first) else "") for i, n in enumerate(names)}
    if not all(cells.get(k, "") == v for k, v in example.items()):
        return table
    fixes = [*table.fixes, f"{table.file}: row {table.row_numbers[0]} is the template's example row; skipped"]
    return replace(table, rows=list(table.rows[1:]), row_numbers=list(table.row_numbers[1:]), fixes=fixes)


# --------------------------------------------------------------------------- reading


def skills_sheet(path) -> bool:
    """True when ``path`` is a workbook with a sheet named ``skills`` (or a synonym)."""
    from ..schema import SHEET_NAMES

    if Path(path).suffix.lower() not in EXCEL_SUFFIXES:
        return False
    return any(fold(n) in SHEET_NAMES["skills"] for n in workbook_sheet_names(path))


class _Actors:
    """Find an actor by id or name (as typed in a skills row)."""

    def __init__(self, actors: pd.DataFrame):
        self.ids = set(actors["id"])
        self.by_name: dict[str, list[str]] = {}
        self.by_folded: dict[str, list[str]] = {}
        self.names: dict[str, str] = {}
        for aid, name in zip(actors["id"], actors["name"]):
            self.by_name.setdefault(str(name).strip(), []).append(aid)
            self.by_folded.setdefault(fold(name), []).append(aid)
            self.names.setdefault(str(name), aid)

    def find(self, text: str) -> tuple[str | None, str | None]:
        """(actor id, None) or (None, the problem)."""
        aid = normalise_id(text)
        if aid in self.ids:
            return aid, None
        hits = self.by_name.get(text.strip()) or self.by_folded.get(fold(text)) or []
        if len(hits) == 1:
            return hits[0], None
        if len(hits) > 1:
            return None, f"actor '{text}' matches {len(hits)} actors ({', '.join(sorted(hits)[:5])}); give the id"
        guess = nearest(text, [*self.ids, *self.names], cutoff=0.75) if len(self.ids) < 20000 else None
        hint = ""
        if guess is not None:
            hint = (
                f" (did you mean '{guess}'?)"
                if guess in self.ids
                else f" (did you mean '{guess}', id {self.names[guess]}?)"
            )
        return None, f"unknown actor '{text}': neither an id nor a name in the actors table{hint}"


def _priority(value: str) -> str | None:
    v = fold(value)
    if v in PRIORITIES:
        return v
    if re.fullmatch(r"[1-3](\.0*)?", v):
        return PRIORITIES[int(v[0]) - 1]
    return None


def _level(value: str) -> int | None:
    m = re.fullmatch(r"(?:eqf|level|nivel|niva|niveau)?\s*([1-8])(?:\.0*)?", fold(value))
    return int(m.group(1)) if m else None


def validate_skills(
    table: Table,
    actors: pd.DataFrame,
    report: LoadReport,
    lenient: bool = False,
    *,
    groups: dict[str, str] | None = None,
    groups_file: str | None = None,
) -> SkillsData:
    """Validate a skills table against the actors; merge spellings; return a :class:`SkillsData`.

    Problems go to ``report.problems`` (or ``report.dropped``, the row left out, when
    ``lenient``); merges and hints go to ``report.fixes`` as well as to the result.

    Examples
    --------
    >>> a = pd.DataFrame({"id": ["F1", "U1"], "name": ["Acme", "Uni"]})
    >>> t = Table("s.csv", ["actor", "skill", "kind"],
    ...           [("F1", "Cyber security", "need"), ("uni", "CYBER-SECURITY", "offers")], [2, 3], "")
    >>> s = validate_skills(t, a, LoadReport())
    >>> s.table[["actor", "skill", "kind"]].values.tolist()
    [['F1', 'Cyber security', 'need'], ['U1', 'Cyber security', 'offer']]
    """
    index, _ = _header(table, SKILL_REQUIRED, SKILL_OPTIONAL, kind="skills", report=report)
    f = table.file
    find = _Actors(actors)
    lo, hi = YEAR_RANGE
    extra = [c for c in index if c not in SKILL_REQUIRED and c not in SKILL_OPTIONAL]
    rows: list[dict] = []
    for number, rec, bad in _records(table, index, report):
        drop = "; row dropped" if lenient else ""
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + drop))
            continue
        problems: list[Problem] = []
        aid = None
        if not rec["actor"]:
            problems.append(Problem(f, number, "actor", "empty actor"))
        else:
            aid, why = find.find(rec["actor"])
            if why:
                problems.append(Problem(f, number, "actor", why))
        if not rec["skill"]:
            problems.append(Problem(f, number, "skill", "empty skill"))
        kind = SKILL_KINDS.get(fold(rec["kind"]).replace(" ", ""))
        if kind is None:
            allowed = "need or offer (also needs/offers, demand/supply, wants/provides)"
            what = f"unknown kind '{rec['kind']}'" if rec["kind"] else "empty kind"
            problems.append(Problem(f, number, "kind", f"{what}; allowed: {allowed}"))
        priority = level = year = None
        if rec.get("priority"):
            priority = _priority(rec["priority"])
            if priority is None:
                problems.append(
                    Problem(
                        f,
                        number,
                        "priority",
                        f"unknown priority '{rec['priority']}'; allowed: high, medium, low or 1-3",
                    )
                )
        if rec.get("level"):
            level = _level(rec["level"])
            if level is None:
                problems.append(Problem(f, number, "level", f"level '{rec['level']}' is not a level 1-8 (EQF)"))
        if rec.get("year"):
            try:
                year = parse_year(rec["year"])
            except ValueError:
                year = None
            if year is None or not lo <= year <= hi:
                problems.append(
                    Problem(f, number, "year", f"year '{rec['year']}' is not a whole number from {lo} to {hi}")
                )
                year = None
        if problems:
            for p in problems:
                _fail(report, lenient, Problem(p.file, p.row, p.column, p.message + drop))
            continue
        row = {
            "actor": aid,
            "skill_as_typed": _shown(rec["skill"]),
            "kind": kind,
            "priority": priority,
            "level": level,
            "year": year,
            "note": rec.get("note") or None,
            "row": number,
        }
        row.update({c: rec.get(c) or None for c in extra})
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c in SKILL_COLUMNS if c != "skill"] + extra)
    data = _canonical(frame, f, groups, groups_file)
    report.fixes += data.merges + data.hints
    return data


_PRIORITY_RANK = {p: i for i, p in enumerate(PRIORITIES)}


def _canonical(frame: pd.DataFrame, file: str, groups: dict[str, str] | None, groups_file: str | None) -> SkillsData:
    """Merge the spellings of each skill (most frequent shown), map groups, merge repeated rows."""
    keys = frame["skill_as_typed"].map(skill_key)
    spellings: dict[str, Counter] = {}
    for k, typed in zip(keys, frame["skill_as_typed"]):
        spellings.setdefault(k, Counter())[typed] += 1
    shown = {k: c.most_common(1)[0][0] for k, c in spellings.items()}  # Counter keeps first-seen order on ties
    merges = []
    for k, c in spellings.items():
        if len(c) > 1:
            listed = ", ".join(f"'{s}' ({n} row{'s' if n != 1 else ''})" for s, n in c.most_common())
            merges.append(f"{file}: skills {listed} read as one skill, shown as '{shown[k]}'")
    unit = {k: shown[k] for k in spellings}
    if groups:
        members: dict[str, list[str]] = {}
        for k in spellings:
            if k in groups:
                unit[k] = groups[k]
                members.setdefault(groups[k], []).append(shown[k])
        for g, names in members.items():
            if len(names) > 1 or skill_key(names[0]) != skill_key(g):
                merges.append(
                    f"{file}: skills {', '.join(repr(n) for n in names)} counted as the group '{g}' ({groups_file})"
                )
    out = frame.assign(skill=keys.map(unit))
    hints = _near_misses(out, file)
    # one row per actor, skill and kind: repeated rows merged (highest priority, first row kept)
    out["_p"] = out["priority"].map(lambda p: _PRIORITY_RANK.get(p, 9))
    out = out.sort_values(["_p", "row"], kind="stable")
    dup = out.duplicated(["actor", "skill", "kind"])
    if dup.any():
        merges.append(
            f"{file}: {int(dup.sum())} repeated row{'s' if dup.sum() != 1 else ''} (same actor, skill and kind) "
            f"merged into the first (rows {', '.join(str(r) for r in out.loc[dup, 'row'][:10])}"
            f"{' ...' if dup.sum() > 10 else ''})"
        )
    out = out[~dup].sort_values("row").drop(columns="_p").reset_index(drop=True)
    out = out[SKILL_COLUMNS + [c for c in out.columns if c not in SKILL_COLUMNS]]
    out = out.astype({"level": "Int64", "year": "Int64"})
    return SkillsData(out, merges, hints, file, groups)


def _near_misses(frame: pd.DataFrame, file: str) -> list[str]:
    """Hints for skills whose keys are nearly equal: the rarer is probably the commoner."""
    from rapidfuzz import fuzz, process

    counts = frame["skill"].value_counts()
    names = sorted(counts.index, key=lambda s: (-counts[s], str(s)))
    keys = [skill_key(n) for n in names]
    if len(names) < 2 or len(names) > 5000:
        return []
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=NEAR_MISS_SCORE)
    hints = []
    for i, name in enumerate(names):
        for j in range(i):  # j is at least as frequent as i
            if scores[i][j] and min(len(keys[i]), len(keys[j])) >= 4:
                hints.append(
                    f"{file}: skill '{name}' ({counts[name]} row{'s' if counts[name] != 1 else ''}) is probably "
                    f"'{names[j]}' ({counts[names[j]]}); they are counted apart: write them alike, or put both "
                    "in one group with --skill-groups"
                )
                break
    return hints


def read_skill_groups(path, *, budget=None) -> dict[str, str]:
    """Read a skill groups table (columns ``skill``, ``group``): skill key -> group.

    Raises
    ------
    InputError
        An empty cell, or one skill in two groups, naming file and row.
    """
    table = read_table(path, "skill_groups", budget=budget)
    report = LoadReport()
    index, _ = _header(table, ("skill", "group"), (), kind="skill_groups", report=report)
    groups: dict[str, str] = {}
    first: dict[str, int] = {}
    problems = []
    for number, rec, bad in _records(table, index, report):
        if bad:
            problems.append(Problem(table.file, number, None, bad))
            continue
        for col in ("skill", "group"):
            if not rec[col]:
                problems.append(Problem(table.file, number, col, f"empty {col}"))
        if not rec["skill"] or not rec["group"]:
            continue
        k, g = skill_key(rec["skill"]), _shown(rec["group"])
        if k in groups and groups[k] != g:
            problems.append(
                Problem(
                    table.file,
                    number,
                    "group",
                    f"skill '{rec['skill']}' is in group '{groups[k]}' on row {first[k]} already; one group per skill",
                )
            )
            continue
        groups[k] = g
        first.setdefault(k, number)
    if problems:
        raise InputError(problems)
    return groups


def read_skills(
    path,
    actors: pd.DataFrame,
    report: LoadReport,
    lenient: bool = False,
    *,
    groups_path=None,
    budget=None,
) -> tuple[SkillsData, Table]:
    """Read and validate the skills table at ``path`` (a CSV or a workbook's ``skills`` sheet).

    Returns the :class:`SkillsData` and the raw :class:`~clustergraph.io.read.Table` (for provenance).
    """
    groups = read_skill_groups(groups_path, budget=budget) if groups_path is not None else None
    table = skip_template_example(read_table(path, "skills", budget=budget), "skills")
    report.fixes += table.fixes
    data = validate_skills(
        table, actors, report, lenient, groups=groups, groups_file=None if groups_path is None else str(groups_path)
    )
    return data, table
