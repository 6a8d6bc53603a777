""".xlsx workbooks, guarded before they are opened: the zip parts' sizes and compression ratio, the
sheet's declared and actual size (streamed at byte level), columns beyond ZZ, merged cells and
formulas without a saved value; then openpyxl reads the chosen sheet."""

from __future__ import annotations

import io as _io
import math
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Problem
from ..schema import SHEET_NAMES
from .budget import InputBudget, _too_many_rows
from .source import read_limited
from .table import HEADER_SEARCH_ROWS, Table, _assemble

#: Columns a sheet may have: A to ZZ (a workbook declaring more, e.g. ``A1:XFD1048576``, is refused).
MAX_COLUMNS = 702


#: A workbook part that unpacks to more than this many times its compressed size (and to more
#: than :data:`RATIO_FLOOR_MB`) is refused as a decompression bomb.
MAX_XLSX_RATIO = 100


RATIO_FLOOR_MB = 20


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


_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ref(ref: str) -> tuple[int, int]:
    """``"B7"`` -> (row 7, column 2)."""
    m = _REF.fullmatch(ref.replace("$", ""))
    if not m:
        return 0, 0
    return int(m.group(2)), _col_index(m.group(1))


@dataclass
class _SheetScan:
    rows: int = 0
    columns: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # row0, col0, row1, col1
    uncached: list[tuple[int, int]] = field(default_factory=list)  # formula cells without a saved value


class _Counting(_io.RawIOBase):
    """A stream that refuses to deliver more than ``limit`` bytes (a lying zip header)."""

    def __init__(self, raw, limit: int, file: str):
        self.raw, self.limit, self.seen, self.file = raw, limit, 0, file

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        chunk = self.raw.read(len(b))
        self.seen += len(chunk)
        if self.seen > self.limit:
            raise InputError([Problem(self.file, None, None, _bomb_text(self.seen))])
        b[: len(chunk)] = chunk
        return len(chunk)


def _bomb_text(size: int) -> str:
    return (
        f"a part of the workbook unpacks to more than {size / 1024 / 1024:,.0f} MB (a decompression bomb, or a "
        "sheet far larger than the file suggests); save the sheet as CSV, or raise --max-input-mb"
    )


def _guard_zip(path: Path, zf: zipfile.ZipFile, budget: InputBudget) -> None:
    limit = budget.input_mb() * 1024 * 1024
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_MB * 1024 * 1024 and ratio > MAX_XLSX_RATIO:
            raise InputError(
                [
                    Problem(
                        str(path),
                        None,
                        None,
                        f"workbook part {info.filename} unpacks {ratio:,.0f} times its compressed size "
                        f"(to {info.file_size / 1024 / 1024:,.0f} MB), above the limit of {MAX_XLSX_RATIO}: "
                        "refused as a possible decompression bomb; save the sheet as CSV",
                    )
                ]
            )
        if total > limit:
            raise InputError([Problem(str(path), None, None, _bomb_text(total))])


#: Rows an Excel sheet can hold; a workbook with more is not from Excel (or is a bomb).
EXCEL_MAX_ROWS = 1_048_576


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >/]")


_WIDE_CELL = re.compile(rb"<(?:\w+:)?c r=\"[A-Z]{3}[0-9]")


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell ref=\"([A-Z0-9:$]+)\"")


def _scan_sheet(
    path: Path, zf: zipfile.ZipFile, member: str, label: str, budget: InputBudget, *, formulas: bool = True
) -> _SheetScan:
    """Stream the sheet's XML once, at byte level: rows, columns beyond ZZ, merged ranges and
    whether there are formulas (then a second, parsing pass finds those without a saved value).

    Stops as soon as a limit is exceeded, so a sheet of millions of rows is refused in seconds.
    """
    scan = _SheetScan()
    info = zf.getinfo(member)
    limit = int(min(info.file_size * 1.01 + 65536, budget.input_mb() * 1024 * 1024))
    limit_rows = min(budget.max_rows + HEADER_SEARCH_ROWS + 1, EXCEL_MAX_ROWS)
    stream = _Counting(zf.open(member), limit, str(path))
    carry = b""
    has_formulas = False
    at_start = True
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        if at_start:
            _check_declared(label, chunk[:4096], budget)
            at_start = False
        buf = carry + chunk
        edge = len(carry)
        scan.rows += sum(1 for m in _ROW_TAG.finditer(buf) if m.end() > edge)
        if scan.rows > limit_rows:
            if scan.rows > EXCEL_MAX_ROWS:
                raise InputError(
                    [
                        Problem(
                            label,
                            None,
                            None,
                            f"the sheet has more than {EXCEL_MAX_ROWS:,} rows, more than Excel can hold: "
                            "refused (a damaged or hostile workbook); save the data as CSV",
                        )
                    ]
                )
            raise _too_many_rows(label, budget)
        if _WIDE_CELL.search(buf):
            raise InputError(
                [
                    Problem(
                        label,
                        None,
                        None,
                        f"the sheet has cells beyond column ZZ (more than {MAX_COLUMNS:,} columns); delete the stray "
                        "cells on the right, or save the sheet as CSV",
                    )
                ]
            )
        has_formulas = has_formulas or bool(_FORMULA_TAG.search(buf))
        for m in _MERGE.finditer(buf):
            if m.end() > edge:
                first, _, last = m.group(1).decode().partition(":")
                r0, c0 = _ref(first)
                r1, c1 = _ref(last or first)
                if r0 and c0:
                    scan.merges.append((r0, c0, r1, c1))
        carry = buf[-64:]
    if formulas and has_formulas:
        scan.uncached = _uncached_formulas(zf, member, label, limit)
    return scan


def _uncached_formulas(zf: zipfile.ZipFile, member: str, label: str, limit: int) -> list[tuple[int, int]]:
    import xml.etree.ElementTree as ET

    found: list[tuple[int, int]] = []
    stream = _io.BufferedReader(_Counting(zf.open(member), limit, label), 1 << 16)
    try:
        for _, el in ET.iterparse(stream, events=("end",)):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "c":
                children = {ch.tag.rsplit("}", 1)[-1]: ch for ch in el}
                saved = children["v"].text if "v" in children else None
                if "f" in children and not saved and el.get("t") != "inlineStr":
                    found.append(_ref(el.get("r", "")))
                el.clear()
            elif tag == "row":
                el.clear()
    except ET.ParseError as exc:
        raise InputError([Problem(label, None, None, f"damaged sheet XML ({exc})")]) from None
    return found


def _choose_sheet(sheets: list[_SheetPart], path: Path, kind: str, fixes: list[str]) -> _SheetPart:
    """The sheet for ``kind``: a visible sheet named after it (or a synonym) before a hidden one."""
    from ..lookup import fold

    names = SHEET_NAMES.get(kind, (kind,))
    matches = [
        (names.index(fold(s.title)), s.sheet_state != "visible", i, s)
        for i, s in enumerate(sheets)
        if fold(s.title) in names
    ]
    if matches:
        _, hidden, _, sheet = min(matches, key=lambda m: (m[1], m[0], m[2]))
        if hidden:
            fixes.append(f"{path}: read the hidden sheet '{sheet.title}' (no visible sheet is named {kind!r})")
        return sheet
    visible = [s for s in sheets if s.sheet_state == "visible"]
    if len(visible) == 1 and len(sheets) >= 1 and (len(sheets) == 1 or not _other_kind_sheet(sheets, kind)):
        return visible[0]
    if len(sheets) == 1:
        return sheets[0]
    allowed = ", ".join(repr(n) for n in names)
    raise InputError(
        [
            Problem(
                str(path),
                None,
                None,
                f"no sheet named '{kind}' (sheets: {', '.join(s.title for s in sheets)}); name the sheet one of "
                f"{allowed}",
            )
        ]
    )


def _other_kind_sheet(sheets, kind: str) -> bool:
    from ..lookup import fold

    others = {n for k, ns in SHEET_NAMES.items() if k != kind for n in ns}
    return any(fold(s.title) in others for s in sheets)


@dataclass(frozen=True)
class _SheetPart:
    title: str
    sheet_state: str
    path: str


def _sheet_parts(zf: zipfile.ZipFile, file: str) -> list[_SheetPart]:
    """The sheets of a workbook (name, visibility, XML part) read from its small index files,
    without opening any sheet (openpyxl scans every sheet on opening, bombs included)."""
    import xml.etree.ElementTree as ET

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    try:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError) as exc:
        raise InputError([Problem(file, None, None, f"cannot open as an Excel workbook ({exc})")]) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels if local(r.tag) == "Relationship"}
    parts = []
    for el in book.iter():
        if local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if local(k) == "id"), None)
        target = targets.get(rid, "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        parts.append(_SheetPart(el.get("name", ""), el.get("state", "visible"), target))
    return parts


def workbook_sheet_names(path: str | os.PathLike) -> list[str]:
    """The sheet names of an .xlsx workbook without opening any sheet; ``[]`` when unreadable.

    >>> workbook_sheet_names("data/actors.csv")
    []
    """
    try:
        with zipfile.ZipFile(path) as zf:
            return [s.title for s in _sheet_parts(zf, str(path))]
    except (OSError, zipfile.BadZipFile, InputError):
        return []


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension ref=\"([A-Z0-9:$]+)\"")


def _check_declared(label: str, head: bytes, budget: InputBudget) -> None:
    m = _DIMENSION.search(head)
    if not m:
        return
    first, _, last = m.group(1).decode().partition(":")
    r0, c0 = _ref(first)
    r1, c1 = _ref(last or first)
    rows, cols = r1 - r0 + 1, c1 - c0 + 1
    if rows > budget.max_rows + HEADER_SEARCH_ROWS or c1 > MAX_COLUMNS:
        raise InputError(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"the sheet declares its size as {m.group(1).decode()} ({rows:,} rows x {cols:,} columns), "
                    f"above the limits of {budget.max_rows:,} rows (--max-rows) and {MAX_COLUMNS:,} columns; "
                    "if the data is smaller, delete the empty rows and columns below and right of it and save "
                    "again, or save the sheet as CSV",
                )
            ]
        )


def _read_excel(path: Path, kind: str, budget: InputBudget, size: int) -> Table:
    from openpyxl import load_workbook

    data, digest = read_limited(path, budget.input_mb())
    try:
        zf = zipfile.ZipFile(_io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError([Problem(str(path), None, None, f"cannot open as an Excel workbook ({exc})")]) from None
    _guard_zip(path, zf, budget)
    fixes: list[str] = []
    parts = _sheet_parts(zf, str(path))
    chosen = _choose_sheet(parts, path, kind, fixes)
    label = f"{path} [sheet {chosen.title}]"
    hostile = InputBudget(EXCEL_MAX_ROWS, budget.max_cell_bytes, budget.max_input_mb)
    for part in parts:  # openpyxl reads every sheet's size on opening: guard them all first
        if part is not chosen and part.path in zf.namelist():
            _scan_sheet(path, zf, part.path, f"{path} [sheet {part.title}]", hostile, formulas=False)
    scan = _scan_sheet(path, zf, chosen.path, label, budget)
    try:
        wb = load_workbook(_io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(
            [Problem(str(path), None, None, f"cannot open as an Excel workbook ({type(exc).__name__}: {exc})")]
        ) from None
    sheet = wb[chosen.title]
    records = ((i, [_cell(v) for v in values]) for i, values in enumerate(sheet.iter_rows(values_only=True), start=1))
    if scan.merges:
        records = _fill_merges(records, scan.merges, label, fixes)
    header, header_row, rows, numbers = _assemble(label, records, kind, budget, fixes)
    wb.close()
    if not header:
        raise InputError([Problem(label, None, None, "sheet is empty (no header row)")])
    uncached = [(r, c) for r, c in scan.uncached if r >= header_row]
    if uncached:
        named = [
            f"{_col_letters(c)}{r}"
            + (f" ({header[c - 1].strip()})" if c - 1 < len(header) and header[c - 1].strip() else "")
            for r, c in uncached[:10]
        ]
        raise InputError(
            [
                Problem(
                    label,
                    uncached[0][0],
                    header[uncached[0][1] - 1].strip() if uncached[0][1] - 1 < len(header) else None,
                    f"{len(uncached)} formula cell{'s' if len(uncached) != 1 else ''} without a saved value "
                    f"({', '.join(named)}{' ...' if len(uncached) > 10 else ''}): the workbook was written by a "
                    "program that does not calculate formulas; open it in Excel or LibreOffice and save it, "
                    "then load it again",
                )
            ]
        )
    # trailing all-empty rows are the norm in workbooks: not worth a notice
    fixes = [f for f in fixes if "blank row" not in f]
    return Table(label, header, rows, numbers, digest, fixes, None, header_row, size)


def _col_letters(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _fill_merges(records, merges, label: str, fixes: list[str]):
    """Fill the cells of vertically merged ranges with the top-left value (reported); a range
    merged across columns below its first row is refused (which column would the value belong to?)."""
    fill: dict[int, dict[int, tuple[int, int]]] = {}
    for r0, c0, r1, c1 in merges:
        if r1 > r0 and c1 > c0:
            raise InputError(
                [
                    Problem(
                        label,
                        r0,
                        None,
                        f"cells {_col_letters(c0)}{r0}:{_col_letters(c1)}{r1} are merged across rows and columns; "
                        "unmerge them and give each cell its value",
                    )
                ]
            )
        for r in range(r0 + 1, r1 + 1):
            fill.setdefault(r, {})[c0] = (r0, c0)
    top: dict[tuple[int, int], str] = {}
    filled = 0
    wanted = {src for row in fill.values() for src in row.values()}
    for row_no, cells in records:
        for src in wanted:
            if src[0] == row_no and src[1] - 1 < len(cells):
                top[src] = cells[src[1] - 1]
        for col, src in fill.get(row_no, {}).items():
            value = top.get(src, "")
            if value:
                while len(cells) < col:
                    cells.append("")
                if not cells[col - 1].strip():
                    cells[col - 1] = value
                    filled += 1
        yield row_no, cells
    if filled:
        ranges = [f"{_col_letters(c0)}{r0}:{_col_letters(c1)}{r1}" for r0, c0, r1, c1 in merges if r1 > r0]
        fixes.append(
            f"{label}: {filled} cell{'s' if filled != 1 else ''} of merged ranges "
            f"({', '.join(ranges[:5])}{' ...' if len(ranges) > 5 else ''}) filled with the range's top-left value"
        )
