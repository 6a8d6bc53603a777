"""Read and validate participations (``project``, ``actor``) and projects tables.

A participations table is recognised by its columns ``project`` and ``actor``
(any case), wherever a links table is accepted: as the ``LINKS`` file, as a
sheet ``participations`` of the workbook, or given with ``--participations``
beside a links file. A projects table (``--projects``, or a sheet ``projects``)
describes the projects. Every problem names file, row and column, as for links.

Participations
--------------
``project`` (required), ``actor`` (required, an actor id), ``role``
(coordinator, participant, ... free text), ``year`` (whole number), ``type``
(free text, e.g. the kind of project); further columns are kept. The same actor
twice in one project is an error naming both rows.

Projects
--------
``id`` (required, unique), ``title``, ``acronym``, ``programme``, ``start``,
``end`` (a date ``2021-03-01``, ``01/03/2021``, ``2021-03``, or a year ``2021``: a
year alone is 1 January for a start and 31 December for an end), ``budget``
(a number, ``,`` accepted as decimal mark).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..projection import PARTICIPATION_COLUMNS, PROJECT_COLUMNS
from ..schema import YEAR_RANGE
from .read import EXCEL_SUFFIXES, InputBudget, Table
from .validate import LoadReport, _columns, _fail, _records, _suggest_id, normalise_id, parse_year

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")


def is_participations(table: Table) -> bool:
    """True when ``table`` has the columns ``project`` and ``actor`` (any case): a participations table.

    >>> is_participations(Table("p.csv", ["Project", " actor ", "role"], [], [], ""))
    True
    >>> is_participations(Table("l.csv", ["source", "target"], [], [], ""))
    False
    """
    names = {c.strip().lstrip("\ufeff").lower() for c in table.columns}
    return {"project", "actor"} <= names


def sheet_names(path: str | Path) -> list[str]:
    """The lower-cased sheet names of an .xlsx workbook; ``[]`` for any other file (or an unreadable one)."""
    path = Path(path)
    if path.suffix.lower() not in EXCEL_SUFFIXES or not path.is_file():
        return []
    from .read import workbook_sheet_names  # opens no sheet: a hostile sheet is refused by the reader

    return [n.strip().lower() for n in workbook_sheet_names(path)]


def _year(value: str) -> int | None:
    lo, hi = YEAR_RANGE
    try:
        year = parse_year(value)  # ASCII digits only: '2²' is refused, not a ValueError later
    except ValueError:
        return None
    return year if lo <= year <= hi else None


def parse_date(value: str, *, end: bool = False) -> pd.Timestamp | None:
    """A project date: ``2021``, ``2021-03``, ``2021-03-01``, ``01/03/2021`` or ``01.03.2021``; None if not one.

    A year alone is 1 January (``end=False``) or 31 December (``end=True``); a
    month alone its first or last day.

    >>> parse_date("2021"), parse_date("2021", end=True), parse_date("15/03/2022")
    (Timestamp('2021-01-01 00:00:00'), Timestamp('2021-12-31 00:00:00'), Timestamp('2022-03-15 00:00:00'))
    >>> parse_date("soon") is None
    True
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}(\.0*)?", value):
        year = _year(value)
        return None if year is None else pd.Timestamp(year, 12, 31) if end else pd.Timestamp(year, 1, 1)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if m and 1 <= int(m.group(2)) <= 12:
        first = pd.Timestamp(int(m.group(1)), int(m.group(2)), 1)
        return first + pd.offsets.MonthEnd(0) if end else first
    for fmt in _DATE_FORMATS:
        try:
            stamp = pd.to_datetime(value, format=fmt)
        except (ValueError, OverflowError):
            continue
        return stamp if YEAR_RANGE[0] <= stamp.year <= YEAR_RANGE[1] else None
    return None


def parse_amount(value: str) -> float | None:
    """A non-negative amount (budget, cost) as exports write it (``1 200,5``, ``1200.5``); None if not one.

    Unlike :func:`clustergraph.io.validate.parse_number` (link weights), spaces as thousands
    separators are accepted: money columns of CORDIS and spreadsheets use them.

    >>> parse_amount("1234567,5"), parse_amount("2 500"), parse_amount("-1"), parse_amount("n/a")
    (1234567.5, 2500.0, None, None)
    """
    text = value.replace(" ", "").replace("\u00a0", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def validate_participations(
    table: Table,
    actor_ids: set[str],
    report: LoadReport,
    lenient: bool = False,
    dropped_ids: set[str] | frozenset[str] = frozenset(),
    seen: dict[tuple[str, str], str] | None = None,
) -> pd.DataFrame:
    """Validate a participations table against the known actor ids; return canonical values.

    ``seen`` maps ``(project, actor)`` to where it was first listed, shared
    between several participation tables so that a repetition across files is
    found too.
    """
    index = _columns(table, ("project", "actor"), PARTICIPATION_COLUMNS[2:])
    f = table.file
    seen = {} if seen is None else seen
    out = []
    for number, rec, bad in _records(table, index, report):
        suffix = "; row dropped" if lenient else ""
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + suffix))
            continue
        problems: list[Problem] = []
        rec["project"] = normalise_id(rec["project"])
        rec["actor"] = normalise_id(rec["actor"])
        if not rec["project"]:
            problems.append(Problem(f, number, "project", "empty project"))
        actor = rec["actor"]
        if not actor:
            problems.append(Problem(f, number, "actor", "empty actor"))
        elif actor not in actor_ids:
            if actor in dropped_ids:
                problems.append(Problem(f, number, "actor", f"actor '{actor}' was dropped (see above)"))
            else:
                problems.append(Problem(f, number, "actor", f"unknown actor '{actor}'" + _suggest_id(actor, actor_ids)))
        key = (rec["project"], actor)
        if rec["project"] and actor and key in seen:
            problems.append(
                Problem(f, number, "actor", f"actor '{actor}' listed twice in project '{rec['project']}' ({seen[key]})")
            )
        y = rec.get("year", "")
        if y:
            year = _year(y)
            if year is None:
                lo, hi = YEAR_RANGE
                problems.append(Problem(f, number, "year", f"year '{y}' is not a whole number from {lo} to {hi}"))
            rec["year"] = year
        elif "year" in rec:
            rec["year"] = None
        for col in ("role", "type"):
            if col in rec:
                rec[col] = rec[col] or None
        if problems:
            for p in problems:
                _fail(report, lenient, Problem(p.file, p.row, p.column, p.message + suffix))
            continue
        seen[key] = f"first on row {number} of {Path(f).name}"
        out.append(rec)
    columns = ["project", "actor"] + [c for c in index if c not in ("project", "actor")]
    frame = pd.DataFrame(out, columns=columns)
    if "year" in frame:
        frame["year"] = frame["year"].astype("Int64")
    return frame


def validate_projects(table: Table, report: LoadReport, lenient: bool = False) -> pd.DataFrame:
    """Validate a projects table: unique ``id``, dates, budget; return canonical values.

    ``start``/``end`` become Timestamps (NaT when empty), ``budget`` a float (NaN
    when empty). Bad optional values are problems; when lenient they are cleared.
    """
    index = _columns(table, ("id",), PROJECT_COLUMNS[1:])
    f = table.file
    seen: dict[str, int] = {}
    out = []
    for number, rec, bad in _records(table, index, report):
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + ("; row dropped" if lenient else "")))
            continue
        pid = normalise_id(rec["id"])
        if not pid or pid in seen:
            message = "empty id" if not pid else f"duplicate project id '{pid}' (first on row {seen[pid]})"
            _fail(report, lenient, Problem(f, number, "id", message + ("; row dropped" if lenient else "")))
            continue
        seen[pid] = number
        rec["id"] = pid
        cleared = "; value cleared" if lenient else ""
        for col in ("start", "end"):
            value = rec.get(col, "")
            stamp = parse_date(value, end=col == "end") if value else None
            if value and stamp is None:
                _fail(
                    report,
                    lenient,
                    Problem(f, number, col, f"'{value}' is not a date (2021-03-01, 01/03/2021) or a year{cleared}"),
                )
            rec[col] = stamp if stamp is not None else pd.NaT
        if pd.notna(rec["start"]) and pd.notna(rec["end"]) and rec["end"] < rec["start"]:
            _fail(report, lenient, Problem(f, number, "end", f"end {rec['end'].date()} is before start{cleared}"))
            rec["end"] = pd.NaT
        b = rec.get("budget", "")
        budget = parse_amount(b) if b else None
        if b and budget is None:
            _fail(report, lenient, Problem(f, number, "budget", f"budget '{b}' is not a positive number{cleared}"))
        rec["budget"] = math.nan if budget is None else budget
        for col in ("title", "acronym", "programme"):
            rec[col] = rec.get(col) or None
        out.append(rec)
    columns = list(PROJECT_COLUMNS) + [c for c in index if c not in PROJECT_COLUMNS]
    frame = pd.DataFrame(out, columns=columns)
    for col in ("start", "end"):
        frame[col] = pd.to_datetime(frame[col])
    frame["budget"] = frame["budget"].astype(float)
    return frame


def project_table(
    participations: pd.DataFrame, projects: pd.DataFrame | None, report: LoadReport, *, file: str | None = None
) -> pd.DataFrame:
    """One row per project: the projects table's rows for the projects with participants, plus a bare row
    for each project only named in the participations; ``start_year`` from ``start``, else the first
    participation ``year``. What is missing on either side is recorded in ``report.fixes``.

    >>> p = pd.DataFrame({"project": ["P1", "P1"], "actor": ["a", "b"], "year": [2020, 2021]})
    >>> project_table(p, None, LoadReport())[["id", "start_year"]].values.tolist()
    [['P1', 2020]]
    """
    used = pd.unique(participations["project"])
    if projects is None:
        projects = pd.DataFrame(columns=list(PROJECT_COLUMNS))
        projects["start"] = pd.to_datetime(projects["start"])
        projects["end"] = pd.to_datetime(projects["end"])
    known = set(projects["id"])
    missing = [p for p in used if p not in known]
    if missing and len(projects):
        shown = ", ".join(map(str, missing[:5])) + (" ..." if len(missing) > 5 else "")
        report.fixes.append(
            f"{file}: {len(missing)} project{'s' if len(missing) != 1 else ''} of the participations "
            f"{'have' if len(missing) != 1 else 'has'} no row here (title, programme and dates unknown): {shown}"
        )
    unused = projects.loc[~projects["id"].isin(set(used)), "id"].tolist()
    if unused:
        shown = ", ".join(map(str, unused[:5])) + (" ..." if len(unused) > 5 else "")
        report.fixes.append(
            f"{file}: {len(unused)} project{'s' if len(unused) != 1 else ''} without any participation "
            f"left out: {shown}"
        )
    table = projects.loc[projects["id"].isin(set(used))]
    if missing:
        table = (
            pd.concat([table, pd.DataFrame({"id": missing})], ignore_index=True)
            if len(table)
            else (pd.DataFrame({"id": missing}).reindex(columns=projects.columns))
        )
    table = table.reset_index(drop=True)
    for col in ("start", "end"):
        table[col] = pd.to_datetime(table[col])
    start_year = table["start"].dt.year.astype("Int64")
    if "year" in participations and participations["year"].notna().any():
        first = participations.dropna(subset=["year"]).groupby("project")["year"].min()
        start_year = start_year.fillna(table["id"].map(first).astype("Int64"))
    table["start_year"] = start_year
    return table


def input_tables(
    actors: Path, links, participations=None, projects=None, *, budget: InputBudget | None = None
) -> tuple[Table | None, list[Table], Table | None]:
    """Find the links, participations and projects tables among the inputs, and read them.

    ``links`` may be a links or a participations table (told apart by their
    columns); a workbook's sheets ``links``, ``participations`` and ``projects``
    are used when present; ``participations`` and ``projects`` are the extra
    files given with ``--participations`` and ``--projects``.

    Returns
    -------
    (links, participations, projects) : the links table or None, the participation
        tables (possibly none) and the projects table or None.
    """
    from .read import read_table as _read

    def read_table(path, kind: str) -> Table:
        return _read(path, kind, budget=budget)

    link_table: Table | None = None
    part_tables: list[Table] = []
    project_table_: Table | None = None
    if links is not None:
        sheets = sheet_names(links)
        if sheets and "links" not in sheets and "participations" in sheets:
            part_tables.append(read_table(links, "participations"))
        else:
            table = read_table(links, "links")
            if is_participations(table):
                part_tables.append(table)
            else:
                link_table = table
        if "participations" in sheets and "links" in sheets:
            part_tables.append(read_table(links, "participations"))
        if "projects" in sheets and projects is None:
            project_table_ = read_table(links, "projects")
    if participations is not None:
        part_tables.append(read_table(participations, "participations"))
    if projects is not None:
        project_table_ = read_table(projects, "projects")
    return link_table, part_tables, project_table_


def validate_project_inputs(
    part_tables: list[Table],
    project_table_: Table | None,
    actor_ids: set[str],
    report: LoadReport,
    *,
    lenient: bool = False,
    dropped_ids: set[str] | frozenset[str] = frozenset(),
    projection: str = "newman",
    high_helices: int = 3,
    high_partners: int = 10,
    max_consortium: int | None = None,
    hub_above: int | None = None,
):
    """Validate participation and project tables and project them onto links.

    A project of more than ``hub_above`` partners (when given) is kept as one hub node linked to
    each partner (:func:`clustergraph.projection.hub_projects`; the hubs in ``ProjectData.hubs``);
    any other project of more than ``max_consortium`` partners (default
    :data:`clustergraph.projection.DEFAULT_MAX_CONSORTIUM`) is refused before its pairs are made.

    Returns
    -------
    (ProjectData or None, DataFrame of projected links or None)
        None, None when there is no participations table. A projects table
        without participations is a problem.
    """
    from ..projection import DEFAULT_MAX_CONSORTIUM, ProjectData, hub_projects, project_links

    if not part_tables:
        if project_table_ is not None:
            report.problems.append(
                Problem(
                    project_table_.file,
                    None,
                    None,
                    "a projects table needs a participations table (columns project, actor) to say who took part",
                )
            )
        return None, None
    seen: dict[tuple[str, str], str] = {}
    frames = [validate_participations(t, actor_ids, report, lenient, dropped_ids, seen) for t in part_tables]
    parts = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if "year" in parts:
        parts["year"] = parts["year"].astype("Int64")
    projects = validate_projects(project_table_, report, lenient) if project_table_ is not None else None
    table = project_table(parts, projects, report, file=project_table_.file if project_table_ else None)
    data = ProjectData(table, parts.reset_index(drop=True), projection, high_helices, high_partners)
    pairs, hub_links = parts, None
    if hub_above is not None:
        data.hub_above = hub_above
        pairs, hubs, hub_links = hub_projects(parts, table, hub_above, actor_ids)
        if len(hubs):
            data.hubs = hubs
            report.fixes.append(
                f"{len(hubs)} project{'s' if len(hubs) != 1 else ''} of more than --hub-above {hub_above:,} partners "
                f"kept as hub node{'s' if len(hubs) != 1 else ''} linked to each partner instead of "
                f"{int((hubs['partners'] * (hubs['partners'] - 1) // 2).sum()):,} partner pairs: "
                + ", ".join(f"{p} ({n:,} partners)" for p, n in zip(hubs["project"][:10], hubs["partners"][:10]))
                + (f" and {len(hubs) - 10} more" if len(hubs) > 10 else "")
            )
    links = project_links(
        pairs,
        table,
        method=projection,
        max_consortium=DEFAULT_MAX_CONSORTIUM if max_consortium is None else max_consortium,
        file=", ".join(sorted({t.file for t in part_tables})),
    )
    if hub_links is not None and len(hub_links):
        links = pd.concat([links, hub_links], ignore_index=True) if len(links) else hub_links
    return data, links
