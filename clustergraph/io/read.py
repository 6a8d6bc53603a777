"""Read a table from a file (CSV in any usual dialect and encoding, or .xlsx) into rows of text."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io as _io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem

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


# --------------------------------------------------------------------------- reading


def _check_path(path: Path, label: str) -> None:
    if not path.exists():
        raise InputError([Problem(str(path), None, None, f"{label} file not found")])
    if path.is_dir():
        raise InputError(
            [Problem(str(path), None, None, f"is a folder, not a {label} file (give e.g. {path / (label + '.csv')})")]
        )
    try:
        limit = float(os.environ.get("CLUSTERGRAPH_MAX_INPUT_MB", MAX_INPUT_MB))
    except ValueError:
        limit = MAX_INPUT_MB
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"file is {size / 1024 / 1024:.0f} MB, above the {limit:g} MB limit; "
                    "split it, or raise the limit with CLUSTERGRAPH_MAX_INPUT_MB if the "
                    "machine has the memory (about 20x the file size)",
                )
            ]
        )


def _decode(data: bytes, file: str, fixes: list[str]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body[: exc.start].count(b"\n") + 1
            raise InputError(
                [
                    Problem(
                        file,
                        line,
                        None,
                        "the file says it is UTF-8 (it starts with a byte-order mark) but "
                        f"this line is not valid UTF-8 (byte 0x{body[exc.start]:02x}); "
                        "save it again as CSV UTF-8",
                    )
                ]
            ) from None
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
            raise InputError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        "binary data or an unknown encoding; save the file as "
                        "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8)",
                    )
                ]
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        fixes.append(
            f"{file}: not UTF-8 (first odd byte on line {line}); read as Windows-1252/Latin-1. "
            "Check accented names, or save the file as CSV UTF-8"
        )
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
        raise InputError(
            [Problem(str(path), None, None, "contains NUL characters (binary data?); save it as CSV UTF-8")]
        )
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
        raise InputError(
            [Problem(str(path), None, None, f"cannot open as an Excel workbook ({type(exc).__name__}: {exc})")]
        ) from None
    names = {n.strip().lower(): n for n in wb.sheetnames}
    if kind in names:
        sheet = wb[names[kind]]
    elif len(wb.sheetnames) == 1:
        sheet = wb[wb.sheetnames[0]]
    else:
        raise InputError(
            [Problem(str(path), None, None, f"no sheet named '{kind}' (sheets: {', '.join(wb.sheetnames)})")]
        )
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
        raise InputError(
            [Problem(str(path), None, None, "old .xls workbooks are not supported; save as .xlsx or CSV UTF-8")]
        )
    return _read_csv(path)
