"""One Excel workbook of the results (``--excel`` and ``report.xlsx``), for cluster managers.

:func:`write_workbook` writes, with XlsxWriter, one sheet per table given (actor metrics, groups,
gaps, suggestions, projects when present) and a ``Definitions`` sheet with the meaning of every
column. Each table sheet has a bold, frozen header row, an autofilter, column widths fitted to
the content (within limits) and number formats (whole numbers without decimals, shares as
percentages, other numbers with up to four decimals). Values equal the CSV files' values.

**Formula guard.** Text that a spreadsheet would run as a formula (``= + - @``, tab, CR) is
written with a leading ``'`` as in the CSV files (:func:`clustergraph.export.tables.neutralise`),
unless ``guard=False`` (``--raw-text``). Every text cell is written as text (``write_string``,
never as a formula), so the raw workbook cannot run ``=HYPERLINK(...)`` either; the guard keeps the
workbook's values identical to the guarded CSVs.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from ..files.atomic import atomic_write_bytes
from ..files.guard import neutralise, visible

#: Sheet names, in order, for the keyword arguments of :func:`write_workbook`.
SHEETS: dict[str, str] = {
    "actors": "Actors",
    "groups": "Groups",
    "gaps": "Gaps",
    "suggestions": "Suggestions",
    "projects": "Projects",
}
DEFINITIONS_SHEET = "Definitions"

_ROLE_TEXT = "brokerage role count (Gould & Fernandez 1989); groups = actor type or --brokerage-by"

#: The meaning of the columns of the group, gap, suggestion and project tables; the actor metric
#: columns are defined once in :func:`clustergraph.metrics.column_definitions`.
TABLE_DEFINITIONS: dict[str, str] = {
    "by": "the grouping: region, type, sector, community or region-type (groups); the grouping flagged (gaps)",
    "group": "the group's value of that grouping ('(none)' for actors without one)",
    "n_actors": "actors in the group",
    "links_internal": "links with both ends in the group",
    "links_external": "links with one end in the group",
    "density": "internal links over possible pairs",
    "lcc_share": "share of the group in its largest connected part",
    "mean_core": "mean k-core number of the members",
    "shannon_diversity": "Shannon diversity of actor types, -sum p ln p (Shannon 1948)",
    "blau_index": "Blau index of actor types, 1 - sum p^2 (Blau 1977)",
    "helix_complete": "the group has linked firm, education, research and government actors",
    "firms_with_education_share": "share of firms with a VET or university partner",
    "ei_index": "(E - I)/(E + I): links across types E against within types I (Krackhardt & Stern 1988)",
    "kind": "what was flagged (README, Gap analysis)",
    "detail": "the gap in plain words",
    "firm": "id of the firm without an education partner",
    "firm_name": "name of that firm",
    "rank": "rank of the suggestion for this firm (1 = best)",
    "candidate": "id of the suggested VET provider or university",
    "candidate_name": "name of the suggested partner",
    "candidate_type": "type of the suggested partner",
    "score": "network_score + popularity_score + topic_score + place_score (README, How suggestions are scored)",
    "network_score": "part of the score from shared partners (weighted Adamic-Adar index)",
    "popularity_score": "part of the score for the candidate's activity (its number of partners)",
    "topic_score": "part of the score for similar programmes or the same sector",
    "place_score": "part of the score for the same region (or a neighbouring one)",
    "adamic_adar": "weighted Adamic-Adar index of the pair (Adamic & Adar 2003)",
    "shared_partners": "partners the firm and the candidate have in common",
    "candidate_firms": "firms the candidate already works with",
    "programme_similarity": "cosine similarity of the programmes (or link kinds) of firm and candidate",
    "candidate_region": "region of the suggested partner",
    "same_region": "TRUE when firm and candidate share a region",
    "same_sector": "TRUE when firm and candidate share a sector",
    "spread": "TRUE when put first to spread introductions over the region's providers",
    "introducer_kind": "who makes the introduction: shared partner, cluster organisation, broker or none",
    "way_in": "how the first contact is made, in plain words (never blank)",
    "recommended": "TRUE when the suggestion may be shown as a recommendation (score above zero)",
    "region": "region of the actor (of the firm, in suggestions)",
    "country": "country of the actor (of the firm, in suggestions)",
    "sector": "sector of the actor (of the firm, in suggestions)",
    "reason": "why this partner is suggested, in plain words",
    "broker": "id of the actor best placed to make the introduction",
    "broker_name": "name of that actor",
    "project": "project id or acronym",
    "actor": "actor id taking part in the project",
}
for _t in ("firm", "vet", "university", "rto", "government", "cluster_org", "other"):
    TABLE_DEFINITIONS[f"n_{_t}"] = f"actors of type {_t} in the group"


#: Columns shown as percentages.
_PERCENT = {"lcc_share", "firms_with_education_share", "density"}
_WIDTH = (8, 60)


def definition(column: str, *, directed: bool = False) -> str:
    """The meaning of ``column`` (a generic text for a column of the input data).

    >>> definition("density"), definition("website")
    ('internal links over possible pairs', 'a column of the input data, copied as given')
    """
    from ..analysis.skills import SKILL_DEFINITIONS
    from ..metrics import column_definitions

    text = (
        TABLE_DEFINITIONS.get(str(column))
        or SKILL_DEFINITIONS.get(str(column))
        or column_definitions(directed).get(str(column))
    )
    return text or "a column of the input data, copied as given"


def _cell_value(value, guard: bool):
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, (list, tuple)):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str):
        value = visible(value)  # XML 1.0: control characters as \\xNN text
        return neutralise(value) if guard else value
    return value


def _number_format(frame: pd.DataFrame, col) -> str | None:
    series = frame[col]
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return "0"
    if pd.api.types.is_numeric_dtype(series):
        if str(col) in _PERCENT:
            return "0.0%"
        values = series.dropna()
        if len(values) and bool((values == values.round()).all()) and values.abs().max() < 1e15:
            return "0"
        return "0.0000"
    return None


def _write_value(ws, i: int, j: int, value, fmt) -> None:
    """One cell (not None: :func:`_write_sheet` writes the blanks), by type: text is always
    written as text (never as a formula)."""
    if isinstance(value, bool):
        ws.write_boolean(i, j, value, fmt)
    elif isinstance(value, (int, float)) and math.isfinite(value):
        ws.write_number(i, j, value, fmt)
    else:
        ws.write_string(i, j, str(value), fmt)


def _column(ws, series: pd.Series, guard: bool):
    """``(values, write)`` of one column: its cells ready to write (None for a missing value) and
    the writer that takes ``(row, col, value, format)``.

    A column of one kind (booleans, finite numbers, text) is prepared at once and gets
    XlsxWriter's writer of that kind; any other column goes cell by cell through
    :func:`_cell_value` and :func:`_write_value`. Same cells either way: 4 million cells of a
    100,000-actor report spent a quarter of their time in the per-cell checks.
    """
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) and not series.hasnans:
        return series.tolist(), ws.write_boolean  # numpy scalars become Python ones
    if pd.api.types.is_integer_dtype(dtype) and not series.hasnans:
        return series.tolist(), ws.write_number
    if pd.api.types.is_float_dtype(dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(numbers)
        if bool(np.isfinite(numbers[~missing]).all()):  # inf goes the generic way (written as text)
            values = numbers.tolist()
            if missing.any():
                values = [None if v != v else v for v in values]
            return values, ws.write_number
    elif pd.api.types.infer_dtype(series, skipna=True) in ("string", "empty"):
        values = []
        for v in series.tolist():
            if isinstance(v, str):
                v = visible(v)  # XML 1.0: control characters as \\xNN text
                values.append(neutralise(v) if guard else v)
            else:  # None, NaN, pd.NA
                values.append(None)
        return values, ws.write_string
    values = series.tolist()
    return [_cell_value(v, guard) for v in values], lambda i, j, v, fmt: _write_value(ws, i, j, v, fmt)


def _write_sheet(book, ws, frame: pd.DataFrame, guard: bool, formats: dict) -> None:
    columns = [str(c) for c in frame.columns]
    header = formats["header"]
    for j, c in enumerate(columns):
        ws.write_string(0, j, neutralise(visible(c)) if guard else visible(c), header)
    col_formats = []
    for j, col in enumerate(frame.columns):
        fmt = _number_format(frame, col)
        if fmt is not None and fmt not in formats:
            formats[fmt] = book.add_format({"num_format": fmt})
        col_formats.append(formats.get(fmt) if fmt else None)
        sample = [str(columns[j])] + [str(v) for v in frame[col].head(200).tolist()]
        ws.set_column(j, j, max(_WIDTH[0], min(_WIDTH[1], max(len(s) for s in sample) + 2)))
    ws.freeze_panes(1, 0)
    if columns:
        ws.autofilter(0, 0, max(len(frame), 0), len(columns) - 1)
    prepared = [_column(ws, frame.iloc[:, j], guard) for j in range(len(columns))]
    writers = [w for _, w in prepared]
    blank = ws.write_blank
    for i, row in enumerate(zip(*(v for v, _ in prepared)), start=1):
        for j, v in enumerate(row):
            if v is None:
                if col_formats[j] is not None:
                    blank(i, j, None, col_formats[j])
            else:
                writers[j](i, j, v, col_formats[j])


def write_workbook(
    path,
    *,
    actors: pd.DataFrame | None = None,
    groups: pd.DataFrame | None = None,
    gaps: pd.DataFrame | None = None,
    suggestions: pd.DataFrame | None = None,
    projects: pd.DataFrame | None = None,
    extra: Mapping[str, pd.DataFrame] | None = None,
    guard: bool = True,
    directed: bool = False,
) -> Path:
    """Write the given tables into one .xlsx workbook (atomically) with a ``Definitions`` sheet.

    Parameters
    ----------
    path : path-like
        The workbook to write (e.g. ``report.xlsx``).
    actors, groups, gaps, suggestions, projects : DataFrame, optional
        The tables, each on its sheet (:data:`SHEETS`); a table not given gets no sheet.
    extra : mapping of sheet name to DataFrame, optional
        Further sheets, after these.
    guard : bool
        Neutralise text that a spreadsheet would run as a formula (default True; ``--raw-text``
        turns it off).
    directed : bool
        The links were read as directed (some actor metric definitions differ).

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> p = Path(tempfile.mkdtemp()) / "r.xlsx"
    >>> _ = write_workbook(p, actors=pd.DataFrame({"id": ["a"], "name": ["=1+1"], "degree": [2]}))
    >>> wb = openpyxl.load_workbook(p)
    >>> wb.sheetnames, wb["Actors"]["B2"].value, wb["Actors"].freeze_panes
    (['Actors', 'Definitions'], "'=1+1", 'A2')
    """
    tables = {
        SHEETS[k]: v
        for k, v in {
            "actors": actors,
            "groups": groups,
            "gaps": gaps,
            "suggestions": suggestions,
            "projects": projects,
        }.items()
        if v is not None
    }
    tables.update(extra or {})
    book = WorkbookWriter(guard=guard, directed=directed)
    for name, frame in tables.items():
        book.add(name, frame)
    return book.close(path)


class WorkbookWriter:
    """The sheets of :func:`write_workbook` written one at a time, in order, then the workbook closed.

    The same bytes as :func:`write_workbook` given the same tables in the same order: a report can
    start writing the sheets it already has (the actor metrics) before the others are computed.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> book = WorkbookWriter()
    >>> book.add("Actors", pd.DataFrame({"id": ["a"], "degree": [2]}))
    >>> p = book.close(Path(tempfile.mkdtemp()) / "r.xlsx")
    >>> openpyxl.load_workbook(p).sheetnames
    ['Actors', 'Definitions']
    """

    def __init__(self, *, guard: bool = True, directed: bool = False) -> None:
        import xlsxwriter

        self._guard, self._directed = guard, directed
        self._buf = io.BytesIO()
        # rows are written in order and kept in temporary files, not as a cell object each (openpyxl
        # took 36 us a cell: 3.4 million cells of a 20,000-actor report, two minutes)
        self._book = xlsxwriter.Workbook(
            self._buf, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        # a fixed document date: same tables, same bytes (XlsxWriter dates the zip entries itself)
        self._book.set_properties({"created": _FIXED_DATE})
        self._formats = {"header": self._book.add_format({"bold": True, "text_wrap": True, "valign": "top"})}
        self._rows: list[tuple[str, str, str]] = []

    def add(self, name: str, frame: pd.DataFrame) -> None:
        """Write ``frame`` as the next sheet (its name cut to Excel's 31 characters)."""
        _write_sheet(self._book, self._book.add_worksheet(name[:31]), frame, self._guard, self._formats)
        self._rows += [(name, str(c), definition(c, directed=self._directed)) for c in frame.columns]

    def close(self, path) -> Path:
        """Add the ``Definitions`` sheet and write the workbook to ``path`` (atomically)."""
        definitions = pd.DataFrame(self._rows, columns=["sheet", "column", "meaning"])
        _write_sheet(self._book, self._book.add_worksheet(DEFINITIONS_SHEET), definitions, self._guard, self._formats)
        self._book.close()
        return atomic_write_bytes(path, self._buf.getvalue())


_FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)


#: The workbook written into every report folder (by :func:`clustergraph.report.build.write_report_workbook`).
REPORT_WORKBOOK = "report.xlsx"
