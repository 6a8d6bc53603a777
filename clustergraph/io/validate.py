"""Validate raw tables into canonical actor and link frames; every problem names file, row and column."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..files.guard import shown
from ..schema import (
    ACTOR_OPTIONAL,
    ACTOR_REQUIRED,
    ACTOR_TYPES,
    DATE_COLUMNS,
    LINK_OPTIONAL,
    LINK_REQUIRED,
    SCOPES,
    SIZES,
    WEIGHT_RANGE,
    YEAR_RANGE,
    canonical_column,
    normalise_type,
)
from .table import _WHOLE_FLOAT, Table


@dataclass
class LoadReport:
    """What the loader found: fatal problems, dropped rows and fixes applied."""

    problems: list[Problem] = field(default_factory=list)
    dropped: list[Problem] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    #: ids of actor rows that were left out (so links to them get a clear message)
    dropped_ids: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- validation


def normalise_id(value: str) -> str:
    """The canonical form of an actor id: trimmed, Unicode NFC, ``7.0`` -> ``7``, leading zeros kept.

    NFC makes ``Café`` typed with a combining accent (as macOS file names and some exports write
    it) the same id as ``Café`` with the accented letter.

    >>> normalise_id(" 7.0 "), normalise_id("007"), normalise_id("A-1"), normalise_id("Cafe\u0301") == "Caf\u00e9"
    ('7', '007', 'A-1', True)
    """
    value = unicodedata.normalize("NFC", value.strip())
    if _WHOLE_FLOAT.match(value):
        return value.split(".")[0]
    return value


# --------------------------------------------------------------------------- value parsers

_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[,.' \u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?")
_YEAR = re.compile(r"[+-]?[0-9]{1,4}(?:\.0*)?")
_DATES = (
    re.compile(r"([0-9]{4})-[0-9]{1,2}-[0-9]{1,2}(?:[T ][0-9:.]+)?"),  # 2019-05-01, Excel date cells
    re.compile(r"([0-9]{4})[./][0-9]{1,2}[./][0-9]{1,2}"),  # 2019/05/01
    re.compile(r"[0-9]{1,2}[./-][0-9]{1,2}[./-]([0-9]{4})"),  # 01.05.2019, 5/1/2019
    re.compile(r"([0-9]{4})"),  # 2019
    re.compile(r"([0-9]{4})-[0-9]{1,2}"),  # 2019-05
)


def parse_number(text: str, *, delimiter: str | None = None) -> tuple[float, bool]:
    """A number as people type it: ``(value, True when a decimal comma was read)``.

    Accepted: ASCII digits with a decimal point and an optional exponent (``2``, ``1.5``,
    ``2e3``); a decimal comma (``1,5``) when the file's separator is ``;`` or the value cannot
    be a thousands separator (not exactly three digits after the comma). Refused with a
    :class:`ValueError` whose text says why: thousands separators (``1,000,000``, ``1.234,5``,
    ``1 000``), an ambiguous ``1,500`` in a comma-separated file, other digits (``²``, ``٣``),
    ``nan``/``inf`` and values that are not finite (``1e400``, 400 digits).

    >>> parse_number("1,5"), parse_number("1,500", delimiter=";"), parse_number("-2e3")
    ((1.5, True), (1.5, True), (-2000.0, False))
    >>> parse_number("1,500")
    Traceback (most recent call last):
    ...
    ValueError: '1,500' is ambiguous (a decimal comma or a thousands separator?); write 1.5 or 1500
    """
    t = text.strip()
    if _PLAIN.fullmatch(t):
        value, comma = float(t), False
    elif _DECIMAL_COMMA.fullmatch(t) and (delimiter == ";" or len(t.split(",")[1]) != 3):
        value, comma = float(t.replace(",", ".")), True
    elif _DECIMAL_COMMA.fullmatch(t):
        whole, frac = t.split(",")
        raise ValueError(
            f"'{t}' is ambiguous (a decimal comma or a thousands separator?); write {whole}.{frac.rstrip('0') or '0'} "
            f"or {whole}{frac}"
        )
    elif _GROUPED.fullmatch(t):
        raise ValueError(f"'{t}' has a thousands separator; write the number without it (e.g. 1234.5)")
    else:
        raise ValueError(f"'{t}' is not a number")
    if not math.isfinite(value):
        raise ValueError(f"'{t}' is too large")
    return value, comma


def parse_year(text: str, *, from_date: bool = False) -> int:
    """A year: a whole number of at most four ASCII digits (``2019``, ``2019.0``); with
    ``from_date`` also the year of a date (``2019-05-01``, ``01.05.2019``, ``5/1/2019``).

    >>> parse_year("2019.0"), parse_year("01.05.2019", from_date=True)
    (2019, 2019)
    >>> parse_year("2²")
    Traceback (most recent call last):
    ...
    ValueError: '2²' is not a whole number
    """
    t = text.strip()
    if from_date:
        for pattern in _DATES:
            m = pattern.fullmatch(t)
            if m:
                return int(m.group(1))
        raise ValueError(f"'{t}' is not a date (2019-05-01, 01.05.2019 or 2019)")
    if not _YEAR.fullmatch(t):
        raise ValueError(f"'{t}' is not a whole number")
    return int(t.split(".")[0])


def _is_text_column(table: Table, pos: int) -> bool:
    values = [v.strip() for v in table.column(pos, 200) if v.strip()]
    return (
        bool(values) and sum(1 for v in values if _PLAIN.fullmatch(v) or _DECIMAL_COMMA.fullmatch(v)) < len(values) / 2
    )


#: Optional columns worth a hint when missing and probably present under another name.
_HINTED = {"actors": ("region", "country", "sector", "lat", "lon"), "links": ("type", "weight", "year")}


def _columns(table: Table, required, optional) -> dict[str, int]:
    """Map canonical column names to positions (no synonyms); raise on problems with the header."""
    return _header(table, required, optional, kind="")[0]


def _header(
    table: Table, required, optional, *, kind: str, report: LoadReport | None = None
) -> tuple[dict[str, int], dict[str, str]]:
    """Map canonical column names to positions; record problems with the header.

    Synonyms (:data:`clustergraph.schema.COLUMN_SYNONYMS`) are read as their canonical column
    when that column is not in the header itself; returns the index and ``{canonical: header}``
    of the synonyms used. Columns that are probably meant (near a missing column's name, or the
    only text column left) are named in a hint.
    """
    from ..lookup import nearest

    known = set(required) | set(optional)
    head_row = table.header_row
    slots: list[tuple[int, str]] = []
    synonyms: list[tuple[int, str, str]] = []
    unknown: list[tuple[int, str]] = []
    problems = []
    taken: set[str] = set()
    for pos, raw in enumerate(table.columns):
        name = raw.strip().lstrip("\ufeff").strip()
        if not name:
            has_data = any(v.strip() for v in table.column(pos))
            if has_data:
                problems.append(
                    Problem(
                        table.file,
                        head_row,
                        f"#{pos + 1}",
                        "column has data but no header (merged header cells?); name it",
                    )
                )
            continue
        canon, is_synonym = canonical_column(name, kind)
        if is_synonym:
            synonyms.append((pos, name, canon))
            continue
        key = canon if canon in known else name
        if key in taken:
            problems.append(Problem(table.file, head_row, name, "column name appears twice"))
            continue
        if key not in known:
            unknown.append((pos, name))
        taken.add(key)
        slots.append((pos, key))
    renamed: dict[str, str] = {}
    for pos, name, canon in synonyms:
        if canon not in taken:
            taken.add(canon)
            renamed[canon] = name
            slots.append((pos, canon))
        elif name not in taken:  # a second synonym of a column already there: kept as an attribute
            taken.add(name)
            unknown.append((pos, name))
            slots.append((pos, name))
    index = {key: pos for pos, key in sorted(slots)}
    names = [n for _, n in unknown]
    text_left = [n for p, n in unknown if _is_text_column(table, p)]
    for col in (c for c in required if c not in index):
        near = nearest(col, names, cutoff=0.7)
        if near is None and len(text_left) == 1 and col in ("name", "type"):
            near = text_left[0]
        hint = f"; is '{near}' meant? name it '{col}'" if near else ""
        problems.append(
            Problem(
                table.file,
                head_row,
                col,
                f"missing required column '{col}' (columns found: "
                f"{', '.join(c.strip() for c in table.columns if c.strip()) or 'none'}){hint}",
            )
        )
    if problems:
        raise InputError(problems)
    if report is not None:
        if renamed:
            report.fixes.append(
                f"{table.file}: columns read by their usual names: "
                + ", ".join(f"'{h}' as '{c}'" for c, h in renamed.items())
            )
        for col in (c for c in _HINTED.get(kind, ()) if c not in index):
            near = nearest(col, names, cutoff=0.7)
            if near is None and col == "type" and len(text_left) == 1:
                near = text_left[0]
            if near is not None:
                report.fixes.append(
                    f"{table.file}: no '{col}' column; column '{near}' is kept as an attribute: if it holds the "
                    f"{'link ' if kind == 'links' else ''}{col}, name it '{col}'"
                    + (" (links without a type show as '(no type)')" if col == "type" else "")
                )
    return index, renamed


def _records(table: Table, index: dict[str, int], report: LoadReport):
    """Yield (row_number, {column: trimmed value}, problem or None); note trimmed values.

    The problem is a row with more cells than the header; its values are still given.
    """
    trimmed: dict[str, int] = {}
    width = len(table.columns)
    for number, row in zip(table.row_numbers, table.rows):
        bad = None
        if len(row) > width and any(c.strip() for c in row[width:]):
            bad = f"row has {len(row)} cells but the header has {width}"
        rec = {}
        for name, pos in index.items():
            raw = row[pos] if pos < len(row) else ""
            value = raw.strip()
            if not bad and value != raw and value and name in ("id", "type", "source", "target", "scope"):
                trimmed[name] = trimmed.get(name, 0) + 1
            rec[name] = value
        yield number, rec, bad
    for name, n in trimmed.items():
        report.fixes.append(f"{table.file}: spaces trimmed around {n} value{'s' if n != 1 else ''} in column '{name}'")


class _Columns:
    """Validated rows kept column by column (a list per column, not a dict per row: a tenth of
    the memory for big files)."""

    def __init__(self, columns: list[str]):
        self.columns = columns
        self.data: dict[str, list] = {c: [] for c in columns}
        self.n = 0

    def append(self, rec: dict) -> None:
        for c, values in self.data.items():
            values.append(rec.get(c))
        self.n += 1

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.data, columns=self.columns)


def _fail(report: LoadReport, lenient: bool, problem: Problem) -> None:
    (report.dropped if lenient else report.problems).append(problem)


def validate_actors(table: Table, report: LoadReport, lenient: bool = False) -> pd.DataFrame:
    """Validate an actors table and return it as a DataFrame of canonical values.

    Problems go to ``report.problems`` (or ``report.dropped`` with the row left
    out when ``lenient``). Bad optional values (``size``, ``lat``, ``lon``) are
    problems too; when lenient they are cleared rather than the row dropped.
    """
    index, _ = _header(table, ACTOR_REQUIRED, ACTOR_OPTIONAL, kind="actors", report=report)
    f = table.file
    seen: dict[str, int] = {}
    raw_of: dict[str, str] = {}
    shown_of: dict[str, tuple[str, int]] = {}  # id as control-free text -> (id, row)
    columns = ["id", "name", "type"] + [c for c in index if c not in ("id", "name", "type")]
    out = _Columns(columns)
    normalised_ids = 0
    nfc_ids = 0
    commas: dict[str, int] = {}
    dropped_ids: set[str] = set()
    for number, rec, bad in _records(table, index, report):
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + ("; row dropped" if lenient else "")))
            dropped_ids.add(normalise_id(rec["id"]))
            continue
        row_problems: list[Problem] = []
        raw_id = rec["id"]
        aid = normalise_id(raw_id)
        if aid != raw_id:
            if unicodedata.normalize("NFC", raw_id) != raw_id:
                nfc_ids += 1
            else:
                normalised_ids += 1
        shown_id = shown(aid)
        if not aid:
            row_problems.append(Problem(f, number, "id", "empty id"))
        elif shown_id in shown_of and shown_of[shown_id][0] != aid:
            other, row = shown_of[shown_id]
            row_problems.append(
                Problem(
                    f,
                    number,
                    "id",
                    f"id '{aid}' and id '{other}' (row {row}) become the same text '{shown_id}' once control "
                    "characters are written as \\xNN in the workbook, GraphML and HTML outputs; rename one",
                )
            )
        elif aid in seen:
            same = "" if raw_of[aid] == raw_id else " (the same id once accents are written the same way, Unicode NFC)"
            row_problems.append(Problem(f, number, "id", f"duplicate id '{aid}' (first on row {seen[aid]}){same}"))
        if not rec["name"]:
            row_problems.append(Problem(f, number, "name", "empty name"))
        t = normalise_type(rec["type"]) if rec["type"] else None
        if not rec["type"]:
            row_problems.append(Problem(f, number, "type", f"empty type; allowed: {', '.join(ACTOR_TYPES)}"))
        elif t is None:
            row_problems.append(
                Problem(
                    f,
                    number,
                    "type",
                    f"unknown type '{rec['type']}'; allowed: {', '.join(ACTOR_TYPES)} "
                    "(or an alias listed in the README)",
                )
            )
        if row_problems:
            for p in row_problems:
                _fail(
                    report, lenient, Problem(p.file, p.row, p.column, p.message + ("; row dropped" if lenient else ""))
                )
            dropped_ids.add(aid)
            continue
        seen[aid] = number
        raw_of[aid] = raw_id
        shown_of.setdefault(shown_id, (aid, number))
        rec["id"], rec["type"] = aid, t
        if rec.get("size"):
            size = rec["size"].lower()
            if size not in SIZES:
                _fail(
                    report,
                    lenient,
                    Problem(
                        f,
                        number,
                        "size",
                        f"unknown size '{rec['size']}'; allowed: "
                        f"{', '.join(SIZES)}" + ("; value cleared" if lenient else ""),
                    ),
                )
                size = ""
            rec["size"] = size
        for col, bound in (("lat", 90.0), ("lon", 180.0)):
            if rec.get(col):
                try:
                    # a comma in a coordinate is always decimal: 53,140 read as thousands is out of range
                    value, comma = parse_number(rec[col], delimiter=";")
                    if abs(value) > bound:
                        raise ValueError(f"'{rec[col]}' is out of range")
                    commas[col] = commas.get(col, 0) + comma
                    rec[col] = value
                except ValueError as exc:
                    _fail(
                        report,
                        lenient,
                        Problem(
                            f,
                            number,
                            col,
                            f"{exc}: a {col} is a decimal number between "
                            f"-{bound:g} and {bound:g}" + ("; value cleared" if lenient else ""),
                        ),
                    )
                    rec[col] = None
            elif col in rec:
                rec[col] = None
        out.append(rec)
    report.dropped_ids = {i for i in dropped_ids if i and i not in seen}
    if normalised_ids:
        report.fixes.append(
            f"{f}: {normalised_ids} id{'s' if normalised_ids != 1 else ''} written as whole "
            "numbers with '.0' read without it (7.0 -> 7)"
        )
    if nfc_ids:
        report.fixes.append(
            f"{f}: {nfc_ids} id{'s' if nfc_ids != 1 else ''} with accents written as combining characters "
            "read in the composed form (Unicode NFC), as links are matched"
        )
    _note_commas(report, f, commas)
    _note_case_collisions(report, f, seen)
    if not out.n and not report.problems:
        report.problems.append(Problem(f, None, None, "no actors (the file has a header but no data rows)"))
    return out.frame()


def _folded(header: str) -> str:
    from ..lookup import fold

    return fold(header.replace("_", " ").replace("-", " "))


def _note_commas(report: LoadReport, file: str, commas: dict[str, int]) -> None:
    for col, n in commas.items():
        if n:
            report.fixes.append(f"{file}: {n} decimal comma{'s' if n != 1 else ''} read in column '{col}' (1,5 -> 1.5)")


def _note_case_collisions(report: LoadReport, file: str, seen: dict[str, int]) -> None:
    """A notice for ids that differ only by case: they stay different actors, which may not be meant."""
    groups: dict[str, list[str]] = {}
    for aid in seen:
        groups.setdefault(aid.casefold(), []).append(aid)
    clashes = [ids for ids in groups.values() if len(ids) > 1]
    for ids in clashes[:10]:
        listed = ", ".join(f"'{i}' (row {seen[i]})" for i in ids)
        report.fixes.append(f"{file}: ids {listed} differ only by case; they are read as different actors")
    if len(clashes) > 10:
        report.fixes.append(f"{file}: ... and {len(clashes) - 10} more groups of ids differing only by case")


def _suggest_id(value: str, known: set[str]) -> str:
    from ..lookup import nearest

    if value.lstrip("0") in known and value.lstrip("0") != value:
        return f" (did you mean '{value.lstrip('0')}'? leading zeros count in ids)"
    padded = [k for k in known if k.lstrip("0") == value and k != value]
    if padded:
        return f" (did you mean '{padded[0]}'? leading zeros count in ids)"
    cased = [k for k in known if k.casefold() == value.casefold()]
    if cased:
        return f" (did you mean '{cased[0]}'? ids are case-sensitive)"
    close = nearest(value, known, cutoff=0.8) if len(known) < 20000 else None
    return f" (did you mean '{close}'?)" if close else ""


def validate_links(
    table: Table,
    actor_ids: set[str],
    report: LoadReport,
    lenient: bool = False,
    dropped_ids: set[str] | frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Validate a links table against the known actor ids; return canonical values.

    ``weight`` defaults to 1 when empty; it must be a number in
    :data:`~clustergraph.schema.WEIGHT_RANGE` (see :func:`parse_number` for decimal commas).
    ``year`` must be a whole number in :data:`~clustergraph.schema.YEAR_RANGE` (from a ``date``
    column, the year of the date); ``scope`` one of regional/national/international (any case).
    """
    index, renamed = _header(table, LINK_REQUIRED, LINK_OPTIONAL, kind="links", report=report)
    from_date = "year" in renamed and _folded(renamed["year"]) in DATE_COLUMNS
    f = table.file
    columns = ["source", "target"] + [c for c in index if c not in ("source", "target")]
    out = _Columns(columns)
    lo, hi = YEAR_RANGE
    wlo, whi = WEIGHT_RANGE
    commas = 0
    year_col = renamed.get("year", "year")
    seen_weights: dict[str, tuple[float, bool]] = {}
    seen_years: dict[str, int] = {}
    if table.frame is not None:
        fast = _fast_links(table, index, columns, actor_ids, from_date=from_date, report=report)
        if fast is not None:
            return fast
    for number, rec, bad in _records(table, index, report):
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + ("; row dropped" if lenient else "")))
            continue
        problems: list[Problem] = []
        for col in ("source", "target"):
            rec[col] = normalise_id(rec[col])
            if not rec[col]:
                problems.append(Problem(f, number, col, f"empty {col}"))
            elif rec[col] not in actor_ids:
                if rec[col] in dropped_ids:
                    problems.append(Problem(f, number, col, f"actor '{rec[col]}' was dropped (see above)"))
                else:
                    problems.append(
                        Problem(f, number, col, f"unknown actor '{rec[col]}'" + _suggest_id(rec[col], actor_ids))
                    )
        if rec["source"] and rec["source"] == rec["target"]:
            problems.append(Problem(f, number, "target", f"self-loop: '{rec['source']}' linked to itself"))
        w = rec.get("weight", "")
        if w:
            try:
                cached = seen_weights.get(w)
                weight, comma = cached if cached is not None else parse_number(w, delimiter=table.delimiter)
                if cached is None and len(seen_weights) < 10_000:
                    seen_weights[w] = (weight, comma)  # one float object per distinct text: less memory
                commas += comma
                if weight <= 0:
                    raise ValueError("not above 0")
                if not wlo <= weight <= whi:
                    problems.append(
                        Problem(f, number, "weight", f"weight '{w}' is outside the accepted range {wlo:g} to {whi:g}")
                    )
            except ValueError as exc:
                weight = None
                why = str(exc)
                detail = f" ({why})" if "separator" in why or "ambiguous" in why else ""
                problems.append(Problem(f, number, "weight", f"weight '{w}' is not a positive number{detail}"))
            rec["weight"] = weight
        else:
            rec["weight"] = 1.0
        y = rec.get("year", "")
        if y:
            try:
                year: int | None = seen_years[y] if y in seen_years else parse_year(y, from_date=from_date)
            except ValueError:
                year = None
            if year is not None and len(seen_years) < 10_000:
                year = seen_years.setdefault(y, year)
            if year is None or not lo <= year <= hi:
                what = "a date with a year" if from_date else "a whole number"
                problems.append(Problem(f, number, year_col, f"year '{y}' is not {what} from {lo} to {hi}"))
            rec["year"] = year
        else:
            rec["year"] = None
        s = rec.get("scope", "")
        if s:
            if s.lower() not in SCOPES:
                problems.append(Problem(f, number, "scope", f"unknown scope '{s}'; allowed: {', '.join(SCOPES)}"))
            rec["scope"] = s.lower()
        elif "scope" in rec:
            rec["scope"] = None
        if "type" in rec and not rec["type"]:
            rec["type"] = None
        if problems:
            for p in problems:
                _fail(
                    report, lenient, Problem(p.file, p.row, p.column, p.message + ("; row dropped" if lenient else ""))
                )
            continue
        out.append(rec)
    _note_commas(report, f, {"weight": commas})
    frame = out.frame()
    if "year" in frame:
        frame["year"] = frame["year"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- vectorised path


def _stripped_categories(table: Table, pos: int) -> tuple[list[str], np.ndarray, list[bool]]:
    """(the distinct values of column ``pos`` trimmed, each cell's index in them, whether trimming
    changed a non-empty value) of a column-wise table: the work is done once per distinct value."""
    col = table.frame[pos]
    raw = col.cat.categories.to_numpy(dtype=object)
    stripped = [c.strip() for c in raw]
    changed = [v != c and bool(v) for v, c in zip(stripped, raw)]
    return stripped, col.cat.codes.to_numpy(), changed


def _fast_links(
    table: Table, index: dict[str, int], columns: list[str], actor_ids: set[str], *, from_date: bool, report: LoadReport
) -> pd.DataFrame | None:
    """Validate a column-wise links table (:attr:`Table.frame`) with array operations, one check
    per distinct value; ``None`` as soon as any cell would be a problem or a notice the fast path
    does not model (a decimal comma), so that the row-wise validation reports it word for word."""
    n = len(table.frame)
    if not n:
        return None
    lo, hi = YEAR_RANGE
    wlo, whi = WEIGHT_RANGE
    out: dict[str, object] = {}
    trimmed: list[tuple[int, int, str, int]] = []  # (first row, position in index, column, count)
    known = pd.Index(sorted(actor_ids))
    endpoints: dict[str, np.ndarray] = {}
    for order, (name, pos) in enumerate(index.items()):
        values, codes, changed = _stripped_categories(table, pos)
        if name in ("id", "type", "source", "target", "scope") and any(changed):
            hit = np.asarray(changed, dtype=bool)[codes]
            trimmed.append((int(hit.argmax()), order, name, int(hit.sum())))
        if name in ("source", "target"):
            ids = [normalise_id(v) for v in values]
            where = known.get_indexer(ids)
            if not all(ids) or (where < 0).any():
                return None
            endpoints[name] = where.astype(np.int32)[codes]
            out[name] = _column(np.asarray(ids, dtype=object)[codes])
        elif name == "weight":
            weights = []
            for v in values:
                if not v:
                    weights.append(1.0)
                    continue
                try:
                    w, comma = parse_number(v, delimiter=table.delimiter)
                except ValueError:
                    return None  # separators, not numbers: the row-wise path says which
                if comma or not (w > 0 and wlo <= w <= whi):
                    return None  # a decimal comma is noted by the row-wise path
                weights.append(w)
            out[name] = _column(np.asarray(weights, dtype=float)[codes])
        elif name == "year":
            years: list[int | None] = []
            for v in values:
                if not v:
                    years.append(None)
                    continue
                try:
                    y = parse_year(v, from_date=from_date)
                except ValueError:
                    return None
                if not lo <= y <= hi:
                    return None
                years.append(y)
            found = np.asarray([y is not None for y in years], dtype=bool)
            number = np.asarray([y or 0 for y in years], dtype=np.int64)
            out[name] = _column(pd.arrays.IntegerArray(number[codes], ~found[codes]))
        elif name == "scope":
            if any(v and v.lower() not in SCOPES for v in values):
                return None
            out[name] = _column(np.asarray([v.lower() or None for v in values], dtype=object)[codes])
        elif name == "type":
            out[name] = _column(np.asarray([v or None for v in values], dtype=object)[codes])
        else:
            out[name] = _column(np.asarray(values, dtype=object)[codes])
    if (endpoints.pop("source") == endpoints.pop("target")).any():
        return None
    for _, _, name, count in sorted(trimmed):
        report.fixes.append(
            f"{table.file}: spaces trimmed around {count} value{'s' if count != 1 else ''} in column '{name}'"
        )
    return pd.DataFrame(out, columns=columns, copy=False)


def _column(values) -> pd.Series:
    """A column as pandas infers it from a list (so text becomes the same dtype as in the row-wise
    frame), made one at a time so that only one intermediate array exists at once."""
    return pd.Series(values, copy=False)
