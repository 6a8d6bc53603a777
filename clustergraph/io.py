"""Read and validate ``actors`` and ``links`` tables (CSV or Excel) into a graph.

The loader never drops data silently. Every problem is a
:class:`~clustergraph.errors.Problem` naming the file, the row (as a spreadsheet
shows it: the header is row 1) and the column. By default any problem stops the
load with an :class:`~clustergraph.errors.InputError` listing all of them;
with ``lenient=True`` the bad rows are dropped and each drop is recorded.
Harmless fixes (trimmed spaces, ``7.0`` read as ``7``, a non-UTF-8 encoding,
skipped blank lines, merged repeated links) are recorded too. Both lists end up
in ``G.graph["provenance"]``.

Reading rules
-------------
- CSV with ``,`` ``;`` or tab separators (detected from the header line); UTF-8
  with or without BOM, UTF-16 with BOM (Excel "Unicode text"); a file that is
  not valid UTF-8 is read as Windows-1252 (a superset of Latin-1) and that is
  reported.
- ``.xlsx`` workbooks: sheet ``actors`` / ``links`` (any case), or the only
  sheet of a one-sheet workbook. One workbook with both sheets may be given
  alone.
- Column names are matched case-insensitively after trimming.
- **Ids are text.** They are trimmed, and a whole number written with a
  trailing ``.0`` (as spreadsheets export numbers) loses it: ``7.0`` is ``7``.
  Leading zeros are kept: ``007`` and ``7`` are different actors.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io as _io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from .errors import InputError, Problem
from .graph import build_graph
from .schema import (ACTOR_OPTIONAL, ACTOR_REQUIRED, ACTOR_TYPES, LINK_OPTIONAL, LINK_REQUIRED,
                     SCOPES, SIZES, YEAR_RANGE, normalise_type)

#: Inputs larger than this are refused with a message rather than risking
#: memory exhaustion (override with the environment variable
#: ``CLUSTERGRAPH_MAX_INPUT_MB``).
MAX_INPUT_MB = 512

#: At most this many problems are listed in an error message.
MAX_LISTED = 50

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_WHOLE_FLOAT = re.compile(r"^[+-]?\d+\.0*$")


@dataclass
class Table:
    """A raw table read from a file: header, rows of strings and their row numbers."""

    file: str
    columns: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    sha256: str
    fixes: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    """What the loader found: fatal problems, dropped rows and fixes applied."""

    problems: list[Problem] = field(default_factory=list)
    dropped: list[Problem] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    #: ids of actor rows that were left out (so links to them get a clear message)
    dropped_ids: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- reading

def _check_path(path: Path, label: str) -> None:
    if not path.exists():
        raise InputError([Problem(str(path), None, None, f"{label} file not found")])
    if path.is_dir():
        raise InputError([Problem(str(path), None, None,
                                  f"is a folder, not a {label} file (give e.g. {path / (label + '.csv')})")])
    try:
        limit = float(os.environ.get("CLUSTERGRAPH_MAX_INPUT_MB", MAX_INPUT_MB))
    except ValueError:
        limit = MAX_INPUT_MB
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise InputError([Problem(str(path), None, None,
                                  f"file is {size / 1024 / 1024:.0f} MB, above the {limit:g} MB limit; "
                                  "split it, or raise the limit with CLUSTERGRAPH_MAX_INPUT_MB if the "
                                  "machine has the memory (about 20x the file size)")])


def _decode(data: bytes, file: str, fixes: list[str]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8):]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body[:exc.start].count(b"\n") + 1
            raise InputError([Problem(file, line, None,
                                      "the file says it is UTF-8 (it starts with a byte-order mark) but "
                                      f"this line is not valid UTF-8 (byte 0x{body[exc.start]:02x}); "
                                      "save it again as CSV UTF-8")]) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError([Problem(file, None, None, f"damaged UTF-16 text ({exc.reason})")]) from None
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            text = data.decode(enc)
            fixes.append(f"{file}: read as {enc.upper()} (no byte-order mark)")
            return text
        except UnicodeDecodeError:
            raise InputError([Problem(file, None, None,
                                      "binary data or an unknown encoding; save the file as "
                                      "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8)")]) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        fixes.append(f"{file}: not UTF-8 (first odd byte on line {line}); read as Windows-1252/Latin-1. "
                     "Check accented names, or save the file as CSV UTF-8")
        return text


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in first_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _cell(value) -> str:
    """An Excel cell value as text, following the id rules (7.0 -> 7)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_csv(path: Path) -> Table:
    data = path.read_bytes()
    fixes: list[str] = []
    text = _decode(data, str(path), fixes)
    if "\x00" in text:
        raise InputError([Problem(str(path), None, None,
                                  "contains NUL characters (binary data?); save it as CSV UTF-8")])
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = _sniff_delimiter(first)
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    blank = 0
    start = 1
    try:
        for record in reader:
            row_no = start
            start = reader.line_num + 1
            if not record or all(not c.strip() for c in record):
                if header is not None:
                    blank += 1
                continue
            if header is None:
                header = record
                header_row = row_no
                continue
            rows.append(record)
            numbers.append(row_no)
    except csv.Error as exc:
        raise InputError([Problem(str(path), reader.line_num, None, f"cannot parse CSV: {exc}")]) from None
    if header is None:
        raise InputError([Problem(str(path), None, None, "file is empty (no header row)")])
    if header_row != 1:
        fixes.append(f"{path}: header found on row {header_row}; blank rows above it skipped")
    if blank:
        fixes.append(f"{path}: {blank} blank row{'s' if blank != 1 else ''} skipped")
    return Table(str(path), header, rows, numbers, hashlib.sha256(data).hexdigest(), fixes)


def _read_excel(path: Path, kind: str) -> Table:
    from openpyxl import load_workbook
    data = path.read_bytes()
    try:
        wb = load_workbook(_io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError([Problem(str(path), None, None,
                                  f"cannot open as an Excel workbook ({type(exc).__name__}: {exc})")]) from None
    names = {n.strip().lower(): n for n in wb.sheetnames}
    if kind in names:
        sheet = wb[names[kind]]
    elif len(wb.sheetnames) == 1:
        sheet = wb[wb.sheetnames[0]]
    else:
        raise InputError([Problem(str(path), None, None,
                                  f"no sheet named '{kind}' (sheets: {', '.join(wb.sheetnames)})")])
    header = None
    rows, numbers = [], []
    blank = 0
    for i, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell(v) for v in values]
        if all(not c.strip() for c in cells):
            if header is not None:
                blank += 1
            continue
        if header is None:
            header = cells
            continue
        rows.append(cells)
        numbers.append(i)
    wb.close()
    label = f"{path} [sheet {sheet.title}]"
    if header is None:
        raise InputError([Problem(label, None, None, "sheet is empty (no header row)")])
    # trailing all-empty rows are the norm in workbooks: not worth a notice
    return Table(label, header, rows, numbers, hashlib.sha256(data).hexdigest(), [])


def read_table(path: str | os.PathLike, kind: str) -> Table:
    """Read one input table (``kind`` is ``"actors"`` or ``"links"``) without validating it.

    Parameters
    ----------
    path : path-like
        A CSV file or an .xlsx workbook.
    kind : {"actors", "links"}
        Which sheet to take from a workbook.

    Returns
    -------
    Table
    """
    path = Path(path)
    _check_path(path, kind)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, kind)
    if path.suffix.lower() == ".xls":
        raise InputError([Problem(str(path), None, None,
                                  "old .xls workbooks are not supported; save as .xlsx or CSV UTF-8")])
    return _read_csv(path)


# --------------------------------------------------------------------------- validation

def normalise_id(value: str) -> str:
    """The canonical form of an actor id: trimmed, ``7.0`` -> ``7``, leading zeros kept.

    >>> normalise_id(" 7.0 "), normalise_id("007"), normalise_id("A-1")
    ('7', '007', 'A-1')
    """
    value = value.strip()
    if _WHOLE_FLOAT.match(value):
        return value.split(".")[0]
    return value


def _columns(table: Table, required, optional) -> dict[str, int]:
    """Map canonical column names to positions; record problems with the header."""
    known = set(required) | set(optional)
    index: dict[str, int] = {}
    problems = []
    for pos, raw in enumerate(table.columns):
        name = raw.strip().lstrip("\ufeff")
        key = name.lower() if name.lower() in known else name
        if not name:
            has_data = any(pos < len(r) and r[pos].strip() for r in table.rows)
            if has_data:
                problems.append(Problem(table.file, 1, f"#{pos + 1}",
                                        "column has data but no header (merged header cells?); name it"))
            continue
        if key in index:
            problems.append(Problem(table.file, 1, name, "column name appears twice"))
            continue
        index[key] = pos
    missing = [c for c in required if c not in index]
    for col in missing:
        problems.append(Problem(table.file, 1, col,
                                f"missing required column '{col}' (columns found: "
                                f"{', '.join(c.strip() for c in table.columns if c.strip()) or 'none'})"))
    if problems:
        raise InputError(problems)
    return index


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
        report.fixes.append(f"{table.file}: spaces trimmed around {n} value{'s' if n != 1 else ''} "
                            f"in column '{name}'")


def _fail(report: LoadReport, lenient: bool, problem: Problem) -> None:
    (report.dropped if lenient else report.problems).append(problem)


def validate_actors(table: Table, report: LoadReport, lenient: bool = False) -> pd.DataFrame:
    """Validate an actors table and return it as a DataFrame of canonical values.

    Problems go to ``report.problems`` (or ``report.dropped`` with the row left
    out when ``lenient``). Bad optional values (``size``, ``lat``, ``lon``) are
    problems too; when lenient they are cleared rather than the row dropped.
    """
    index = _columns(table, ACTOR_REQUIRED, ACTOR_OPTIONAL)
    f = table.file
    seen: dict[str, int] = {}
    out = []
    normalised_ids = 0
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
            normalised_ids += 1
        if not aid:
            row_problems.append(Problem(f, number, "id", "empty id"))
        elif aid in seen:
            row_problems.append(Problem(f, number, "id", f"duplicate id '{aid}' (first on row {seen[aid]})"))
        if not rec["name"]:
            row_problems.append(Problem(f, number, "name", "empty name"))
        t = normalise_type(rec["type"]) if rec["type"] else None
        if not rec["type"]:
            row_problems.append(Problem(f, number, "type", f"empty type; allowed: {', '.join(ACTOR_TYPES)}"))
        elif t is None:
            row_problems.append(Problem(f, number, "type",
                                        f"unknown type '{rec['type']}'; allowed: {', '.join(ACTOR_TYPES)} "
                                        "(or an alias listed in the README)"))
        if row_problems:
            for p in row_problems:
                _fail(report, lenient, Problem(p.file, p.row, p.column,
                                               p.message + ("; row dropped" if lenient else "")))
            dropped_ids.add(aid)
            continue
        seen[aid] = number
        rec["id"], rec["type"] = aid, t
        if rec.get("size"):
            size = rec["size"].lower()
            if size not in SIZES:
                _fail(report, lenient, Problem(f, number, "size", f"unknown size '{rec['size']}'; allowed: "
                                               f"{', '.join(SIZES)}" + ("; value cleared" if lenient else "")))
                size = ""
            rec["size"] = size
        for col, bound in (("lat", 90.0), ("lon", 180.0)):
            if rec.get(col):
                try:
                    value = float(rec[col].replace(",", ".") if rec[col].count(",") == 1 and "." not in rec[col]
                                  else rec[col])
                    if not math.isfinite(value) or abs(value) > bound:
                        raise ValueError
                    rec[col] = value
                except ValueError:
                    _fail(report, lenient, Problem(f, number, col, f"'{rec[col]}' is not a {col} between "
                                                   f"-{bound:g} and {bound:g}" + ("; value cleared" if lenient else "")))
                    rec[col] = None
            elif col in rec:
                rec[col] = None
        out.append(rec)
    report.dropped_ids = {i for i in dropped_ids if i and i not in seen}
    if normalised_ids:
        report.fixes.append(f"{f}: {normalised_ids} id{'s' if normalised_ids != 1 else ''} written as whole "
                            "numbers with '.0' read without it (7.0 -> 7)")
    if not out and not report.problems:
        report.problems.append(Problem(f, None, None, "no actors (the file has a header but no data rows)"))
    columns = ["id", "name", "type"] + [c for c in index if c not in ("id", "name", "type")]
    return pd.DataFrame(out, columns=columns)


def _suggest_id(value: str, known: set[str]) -> str:
    if value.lstrip("0") in known and value.lstrip("0") != value:
        return f" (did you mean '{value.lstrip('0')}'? leading zeros count in ids)"
    padded = [k for k in known if k.lstrip("0") == value and k != value]
    if padded:
        return f" (did you mean '{padded[0]}'? leading zeros count in ids)"
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.8) if len(known) < 20000 else []
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate_links(table: Table, actor_ids: set[str], report: LoadReport, lenient: bool = False,
                   dropped_ids: set[str] = frozenset()) -> pd.DataFrame:
    """Validate a links table against the known actor ids; return canonical values.

    ``weight`` defaults to 1 when empty; it must be a finite positive number.
    ``year`` must be a whole number in :data:`~clustergraph.schema.YEAR_RANGE`;
    ``scope`` one of regional/national/international (any case).
    """
    index = _columns(table, LINK_REQUIRED, LINK_OPTIONAL)
    f = table.file
    out = []
    lo, hi = YEAR_RANGE
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
                    problems.append(Problem(f, number, col, f"unknown actor '{rec[col]}'"
                                            + _suggest_id(rec[col], actor_ids)))
        if rec["source"] and rec["source"] == rec["target"]:
            problems.append(Problem(f, number, "target", f"self-loop: '{rec['source']}' linked to itself"))
        w = rec.get("weight", "")
        if w:
            try:
                weight = float(w)
            except ValueError:
                weight = None
            if weight is None or not math.isfinite(weight) or weight <= 0:
                problems.append(Problem(f, number, "weight", f"weight '{w}' is not a positive number"))
            rec["weight"] = weight
        else:
            rec["weight"] = 1.0
        y = rec.get("year", "")
        if y:
            year = int(float(y)) if _WHOLE_FLOAT.match(y) or y.lstrip("+-").isdigit() else None
            if year is None or not lo <= year <= hi:
                problems.append(Problem(f, number, "year", f"year '{y}' is not a whole number from {lo} to {hi}"))
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
                _fail(report, lenient, Problem(p.file, p.row, p.column,
                                               p.message + ("; row dropped" if lenient else "")))
            continue
        out.append(rec)
    columns = ["source", "target"] + [c for c in index if c not in ("source", "target")]
    frame = pd.DataFrame(out, columns=columns)
    if "year" in frame:
        frame["year"] = frame["year"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- loading

def _provenance(table: Table, rows: int) -> dict:
    return {"file": table.file, "sha256": table.sha256, "rows_read": len(table.rows), "rows_kept": rows}


def read_inputs(actors, links=None, lenient: bool = False) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Read and validate both tables.

    Returns
    -------
    (actors, links, provenance) : DataFrames of canonical values and a dict
        with, per file, its name, SHA-256, rows read and kept, and the lists
        ``dropped`` and ``fixed`` (human-readable lines).

    Raises
    ------
    InputError
        With every problem found, unless ``lenient`` (then only for problems
        no row drop can fix: unreadable files, missing columns, no actors).
    """
    actors_path = Path(actors)
    if links is None:
        if actors_path.suffix.lower() in EXCEL_SUFFIXES:
            links = actors_path
        else:
            raise InputError([Problem(str(actors_path), None, None,
                                      "no links file given (only a workbook with sheets 'actors' and "
                                      "'links' may be given alone)")])
    report = LoadReport()
    atable = read_table(actors_path, "actors")
    ltable = read_table(links, "links")
    report.fixes += atable.fixes + ltable.fixes
    actor_df = validate_actors(atable, report, lenient)
    link_df = validate_links(ltable, set(actor_df["id"]), report, lenient, report.dropped_ids)
    if report.problems:
        raise InputError(report.problems[:MAX_LISTED] + (
            [Problem("input", None, None, f"... and {len(report.problems) - MAX_LISTED} more problems")]
            if len(report.problems) > MAX_LISTED else []))
    provenance = {
        "actors": _provenance(atable, len(actor_df)),
        "links": _provenance(ltable, len(link_df)),
        "dropped": [str(p) for p in report.dropped],
        "fixed": list(report.fixes),
    }
    return actor_df, link_df, provenance


def load(actors, links=None, directed: bool = False, lenient: bool = False,
         report: bool = False) -> nx.Graph:
    """Load and validate ``actors`` and ``links`` and return the ecosystem graph.

    Parameters
    ----------
    actors, links : path-like
        CSV files or .xlsx workbooks (see the module docstring for the rules).
        ``links`` may be omitted when ``actors`` is a workbook with both sheets.
    directed : bool
        Read links as ``source -> target``.
    lenient : bool
        Drop bad rows instead of raising; every drop is recorded.
    report : bool
        Print what was dropped or fixed (to stderr).

    Returns
    -------
    networkx.Graph
        Built by :func:`clustergraph.graph.build_graph`;
        ``G.graph["provenance"]`` holds the files' checksums, row counts and
        the dropped and fixed lists.

    Raises
    ------
    InputError
        Listing every problem with file, row and column.

    Examples
    --------
    >>> G = load("data/actors.csv", "data/links.csv")  # doctest: +SKIP
    >>> G.nodes["NAV-VET1"]["type"]  # doctest: +SKIP
    'vet'
    """
    actor_df, link_df, provenance = read_inputs(actors, links, lenient)
    G = build_graph(actor_df, link_df, directed=directed)
    merged = len(link_df) - G.number_of_edges()
    if merged:
        provenance["fixed"].append(
            f"{provenance['links']['file']}: {merged} repeated link{'s' if merged != 1 else ''} merged into "
            "the edge of the same pair (weights summed, types and years kept)")
    G.graph["provenance"] = provenance
    if report:
        print_load_report(provenance)
    return G


def print_load_report(provenance: dict) -> None:
    """Print the dropped rows and applied fixes of a load (stderr)."""
    from .console import notice
    dropped = provenance.get("dropped", [])
    if dropped:
        notice(f"{len(dropped)} row problem{'s' if len(dropped) != 1 else ''} (rows dropped or values cleared):")
        for line in dropped:
            notice(f"  - {line}")
    for line in provenance.get("fixed", []):
        notice(f"note: {line}")
