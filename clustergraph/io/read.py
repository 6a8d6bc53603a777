"""Read a table from a file (CSV in any usual dialect and encoding, or .xlsx) into rows of text.

Reading is bounded by an :class:`InputBudget` checked before the expensive work: the file size,
the number of data rows, the bytes of one cell and, for workbooks, the declared and actual size
of the sheet and the compression ratio of the workbook's parts (a "zip bomb" is refused before it
is unpacked). Each limit has a command-line flag that raises it.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io as _io
import math
import os
import re
import zipfile
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError, Problem
from ..schema import ACTOR_OPTIONAL, ACTOR_REQUIRED, LINK_OPTIONAL, LINK_REQUIRED, SHEET_NAMES, canonical_column

#: Inputs larger than this are refused with a message rather than risking
#: memory exhaustion (override with ``--max-input-mb`` or the environment variable
#: ``CLUSTERGRAPH_MAX_INPUT_MB``).
MAX_INPUT_MB = 512
#: Default limit of data rows per table (``--max-rows``).
MAX_ROWS = 5_000_000
#: Default limit of one cell's size in bytes (``--max-cell-bytes``).
MAX_CELL_BYTES = 100_000
#: Columns a sheet may have: A to ZZ (a workbook declaring more, e.g. ``A1:XFD1048576``, is refused).
MAX_COLUMNS = 702
#: A workbook part that unpacks to more than this many times its compressed size (and to more
#: than :data:`RATIO_FLOOR_MB`) is refused as a decompression bomb.
MAX_XLSX_RATIO = 100
RATIO_FLOOR_MB = 20

#: At most this many problems are listed in an error message.
MAX_LISTED = 50

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_WHOLE_FLOAT = re.compile(r"^[+-]?[0-9]+\.0*$")
#: Rows above the header searched for it (title rows, notes, blank rows).
HEADER_SEARCH_ROWS = 30

_KNOWN = {
    "actors": set(ACTOR_REQUIRED) | set(ACTOR_OPTIONAL),
    "links": set(LINK_REQUIRED) | set(LINK_OPTIONAL),
}


@dataclass(frozen=True)
class InputBudget:
    """Limits on what one input may cost; every limit has a CLI flag (see README, troubleshooting).

    >>> InputBudget().max_rows == MAX_ROWS
    True
    """

    max_rows: int = MAX_ROWS
    max_cell_bytes: int = MAX_CELL_BYTES
    max_input_mb: float | None = None  # None: CLUSTERGRAPH_MAX_INPUT_MB or MAX_INPUT_MB

    def input_mb(self) -> float:
        """The file-size limit in MB."""
        if self.max_input_mb is not None:
            value = float(self.max_input_mb)
            if not (math.isfinite(value) and value > 0):
                raise InputError(f"max_input_mb={self.max_input_mb!r}: give a number of megabytes above 0")
            return value
        raw = os.environ.get("CLUSTERGRAPH_MAX_INPUT_MB")
        if raw is None or not raw.strip():
            return float(MAX_INPUT_MB)
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):  # -5, abc, nan, inf: refused, not ignored
            raise InputError(
                f"CLUSTERGRAPH_MAX_INPUT_MB={raw!r} is not a number of megabytes above 0; "
                f"unset it (default {MAX_INPUT_MB}) or give e.g. CLUSTERGRAPH_MAX_INPUT_MB=1024"
            )
        return value


@dataclass
class Table:
    """A raw table read from a file: header, rows of strings and their row numbers."""

    file: str
    columns: list[str]
    rows: Sequence[Sequence[str]]  # tuples of interned strings (a third less memory than lists)
    row_numbers: Sequence[int]  # an array of ints for big files
    sha256: str
    fixes: list[str] = field(default_factory=list)
    #: the CSV delimiter (None for a workbook); ``;`` means decimal commas are expected
    delimiter: str | None = None
    #: the row of the header as the file shows it
    header_row: int = 1
    #: the file's size in bytes
    size: int = 0
    #: the cells as categorical columns (numbered from 0) when the CSV was read column-wise
    #: (:func:`_read_csv_fast`); ``rows`` then gives the same text row by row
    frame: Any = None


# --------------------------------------------------------------------------- reading


def _check_path(path: Path, label: str, budget: InputBudget) -> int:
    if not path.exists():
        raise InputError([Problem(str(path), None, None, f"{label} file not found")])
    if path.is_dir():
        raise InputError(
            [Problem(str(path), None, None, f"is a folder, not a {label} file (give e.g. {path / (label + '.csv')})")]
        )
    limit = budget.input_mb()
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise InputError(
            [
                Problem(
                    str(path),
                    None,
                    None,
                    f"file is {size / 1024 / 1024:.0f} MB, above the {limit:g} MB limit; "
                    "split it, or raise the limit with --max-input-mb (or CLUSTERGRAPH_MAX_INPUT_MB) if the "
                    "machine has the memory (about 20x the file size)",
                )
            ]
        )
    return size


def _too_many_rows(file: str, budget: InputBudget) -> InputError:
    return InputError(
        [
            Problem(
                file,
                None,
                None,
                f"more than {budget.max_rows:,} data rows (the --max-rows limit); split the file, "
                "or raise the limit with --max-rows",
            )
        ]
    )


def _check_cells(file: str, row_no: int, cells: list[str], budget: InputBudget) -> None:
    limit = budget.max_cell_bytes
    for pos, c in enumerate(cells):
        if len(c) * 4 > limit and len(c.encode("utf-8")) > limit:
            raise InputError(
                [
                    Problem(
                        file,
                        row_no,
                        f"#{pos + 1}",
                        f"cell of {len(c.encode('utf-8')):,} bytes, above the --max-cell-bytes limit of "
                        f"{limit:,}; check the file (an unclosed quote?) or raise --max-cell-bytes",
                    )
                ]
            )


def _header_index(candidates: list[tuple[int, list[str]]], kind: str) -> int:
    """Index in ``candidates`` (first non-empty rows) of the header: the first row naming two
    known columns of ``kind`` (or a synonym), else the first row."""
    known = _KNOWN.get(kind)
    if not known:
        return 0
    for i, (_, cells) in enumerate(candidates):
        names = {canonical_column(c, kind)[0] for c in cells if c.strip()}
        if len(names & known) >= 2:
            return i
    return 0


def _skipped_note(file: str, above: list[tuple[int, list[str]]], header_row: int) -> str:
    texts = [" ".join(c.strip() for c in cells if c.strip()) for _, cells in above]
    shown = "; ".join(repr(t[:60]) for t in texts[:3]) + (" ..." if len(texts) > 3 else "")
    what = f"{len(above)} row{'s' if len(above) != 1 else ''} above it skipped ({shown})" if above else ""
    return f"{file}: header found on row {header_row}" + (f"; {what}" if what else "; blank rows above it skipped")


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


def _sniff_delimiter(lines: list[str]) -> str:
    """The separator of the first non-blank ``lines``: the one with most cells in any of them
    (a title row above the header has none), ``,`` on a tie."""
    best_counts = {d: 0 for d in (",", ";", "\t")}
    for line in lines:
        counts = {d: 0 for d in best_counts}
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        for d, n in counts.items():
            best_counts[d] = max(best_counts[d], n)
    best = max(best_counts, key=lambda d: (best_counts[d], d == ","))
    return best if best_counts[best] else ","


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


def _csv_records(
    text: str, delimiter: str, file: str, max_cell_bytes: int = MAX_CELL_BYTES
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a quote that swallows lines holding the separator is an error.

    ``max_cell_bytes`` raises the csv module's own field limit (131,072 characters) so that
    ``--max-cell-bytes`` above it is honoured; the budget itself is checked on the cells.
    """
    csv.field_size_limit(max(max_cell_bytes + 1, 131_072))  # per read: the limit is the process's
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = text.count("\n")
    start = 1
    try:
        for record in reader:
            row_no = start
            start = reader.line_num + 1
            if reader.line_num > row_no:
                for cell in record:
                    inner = cell.split("\n")[1:]
                    if any(delimiter in part for part in inner) or (
                        reader.line_num >= last_line and cell.endswith("\n")
                    ):
                        raise InputError(
                            [
                                Problem(
                                    file,
                                    row_no,
                                    None,
                                    "unbalanced quote: a quote opens on this row and "
                                    + (
                                        "never closes"
                                        if cell.endswith("\n") and reader.line_num >= last_line
                                        else f"closes only on row {reader.line_num}"
                                    )
                                    + f", so {len(inner) + 1} lines are read as one cell; close the quote on row "
                                    f'{row_no} (a quote inside a quoted cell is written "")',
                                )
                            ]
                        )
            yield row_no, record
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise InputError(
                [
                    Problem(
                        file,
                        reader.line_num,
                        None,
                        f"a cell is larger than the {max_cell_bytes:,}-byte cell limit (or a quote runs away); "
                        "raise the limit with --max-cell-bytes if the cell is meant to be that large",
                    )
                ]
            ) from None
        raise InputError([Problem(file, reader.line_num, None, f"cannot parse CSV: {exc}")]) from None


def _assemble(
    file: str,
    records: Iterator[tuple[int, list[str]]],
    kind: str,
    budget: InputBudget,
    fixes: list[str],
) -> tuple[list[str], int, list[tuple[str, ...]], array]:
    """Find the header among the first non-empty rows; collect the data rows below it."""
    candidates: list[tuple[int, list[str]]] = []
    above: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    header_row = 0
    rows: list[tuple[str, ...]] = []
    numbers = array("q")
    blank = 0
    pending_blanks: list[int] = []
    intern: dict[str, str] = {}

    def keep(row_no: int, cells: list[str]) -> None:
        if len(rows) >= budget.max_rows:
            raise _too_many_rows(file, budget)
        _check_cells(file, row_no, cells, budget)
        rows.append(tuple([intern.setdefault(c, c) for c in cells]))
        numbers.append(row_no)

    def settle() -> tuple[int, list[str], list[tuple[int, list[str]]], int]:
        """Pick the header among the candidate rows; keep the rows below it; count their blank rows."""
        i = _header_index(candidates, kind)
        row, cells = candidates[i]
        for n, c in candidates[i + 1 :]:
            keep(n, c)
        return row, cells, candidates[:i], blank + sum(1 for n in pending_blanks if n > row)

    for row_no, cells in records:
        if not cells or all(not c.strip() for c in cells):
            if header is not None:
                blank += 1
            elif candidates:
                pending_blanks.append(row_no)
            continue
        if header is None:
            candidates.append((row_no, cells))
            if len(candidates) >= HEADER_SEARCH_ROWS:
                header_row, header, above, blank = settle()
            continue
        keep(row_no, cells)
    if header is None and candidates:
        header_row, header, above, blank = settle()
    if header is None:
        return [], 0, rows, numbers
    if header_row != 1:
        fixes.append(_skipped_note(file, above, header_row))
    if blank:
        fixes.append(f"{file}: {blank} blank row{'s' if blank != 1 else ''} skipped")
    return header, header_row, rows, numbers


class FrameRows(Sequence):
    """The rows of a table read column-wise (:func:`_read_csv_fast`) as tuples of text, made on
    demand: the row-wise validation reads them only when the vectorised checks found a problem."""

    def __init__(self, frame):
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    def _tuples(self, start: int, stop: int) -> list[tuple[str, ...]]:
        cols = [self.frame.iloc[start:stop, i].to_numpy(dtype=object) for i in range(self.frame.shape[1])]
        return list(zip(*cols))

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            return self._tuples(start, stop)[::step]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._tuples(i, i + 1)[0]

    def __iter__(self):
        step = 100_000
        for start in range(0, len(self), step):
            yield from self._tuples(start, start + step)


def _plain_utf8(path: Path) -> tuple[str, bytes] | None:
    """(SHA-256, first 64 KiB) of a file that is UTF-8 text (a byte-order mark allowed) which the
    column-wise path models: no quotes, no NUL, no lone carriage return; else ``None``. Read in
    blocks, so the file is never in memory as a whole."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    carry = b""
    with path.open("rb") as fh:
        while True:
            block = fh.read(1 << 22)
            if not head:
                head = block[: 1 << 16]
                if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    return None
            if not block:
                break
            digest.update(block)
            if b'"' in block or b"\x00" in block:
                return None
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return None
            text = carry + block
            carry = b"\r" if text.endswith(b"\r") else b""
            if text.count(b"\r") - len(carry) != text.count(b"\r\n"):
                return None
    if carry:
        return None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return digest.hexdigest(), head


#: Rows parsed at a time by the column-wise reader (its text cells exist only for one chunk).
FAST_CHUNK_ROWS = 100_000


def _categorical_columns(path: Path, delimiter: str) -> tuple[list, int]:
    """The cells of a plain CSV file below its first row as one ``pandas.Categorical`` per
    column, parsed by pandas' C parser a chunk at a time: memory is the integer codes plus each
    distinct text once. Raises pandas' ``ParserError`` for a row longer than the first."""
    import pandas as pd

    chunks = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        dtype=str,
        na_filter=False,
        skip_blank_lines=False,
        quoting=csv.QUOTE_NONE,
        encoding="utf-8-sig",
        engine="c",
        chunksize=FAST_CHUNK_ROWS,
    )
    lookups: list[dict[str, int]] = []
    codes: list[list[np.ndarray]] = []
    width = 0
    with chunks:
        for chunk in chunks:
            if not lookups:
                lookups = [{} for _ in range(chunk.shape[1])]
                codes = [[] for _ in range(chunk.shape[1])]
                width = chunk.shape[1]
                chunk = chunk.iloc[1:]  # the header row
            if chunk.shape[1] != width:
                raise ValueError("a chunk of another width")
            for i in range(width):
                local, uniques = pd.factorize(chunk.iloc[:, i].to_numpy(dtype=object))
                seen = lookups[i]
                to_global = np.fromiter(
                    (seen.setdefault(u, len(seen)) for u in uniques), dtype=np.int32, count=len(uniques)
                )
                small = np.int8 if len(seen) < 127 else np.int16 if len(seen) < 32_767 else np.int32
                codes[i].append(to_global.astype(small)[local])
    return [
        pd.Categorical.from_codes(np.concatenate(parts), categories=pd.Index(list(seen), dtype=object))
        for parts, seen in zip(codes, lookups)
    ], width


def _read_csv_fast(path: Path, kind: str, budget: InputBudget, size: int) -> Table | None:
    """Read a plain CSV file (UTF-8, no quotes, the header on row 1, no blank rows, no row longer
    than the header) column-wise with pandas' C parser into categorical columns; ``None`` when the
    file has anything this does not model, so that :func:`_read_csv` reads it row by row and
    reports exactly as before."""
    import pandas as pd

    plain = _plain_utf8(path)
    if plain is None:
        return None
    digest, head_bytes = plain
    head_text = head_bytes.decode("utf-8", errors="ignore")
    head_text = head_text[1:] if head_text.startswith("\ufeff") else head_text  # the byte-order mark
    head_lines = list(_io.StringIO(head_text))  # split as the row-wise reader splits lines
    cut = len(head_bytes) == 1 << 16
    if cut:  # the last line may be cut
        head_lines = head_lines[:-1]
    head_lines = head_lines[:HEADER_SEARCH_ROWS]
    if not head_lines or not head_lines[0].strip() or (cut and len(head_lines) < 10):
        return None
    delimiter = _sniff_delimiter(head_lines[:10])
    candidates = list(_csv_records("".join(head_lines), delimiter, str(path), budget.max_cell_bytes))
    if any(not cells or all(not c.strip() for c in cells) for _, cells in candidates):
        return None
    known = _KNOWN.get(kind)
    if known and len({canonical_column(c, kind)[0] for c in candidates[0][1] if c.strip()} & known) < 2:
        return None  # the header is not plainly on row 1: the row-wise reader searches for it
    header = candidates[0][1]
    try:
        columns, width = _categorical_columns(path, delimiter)
    except (ValueError, pd.errors.ParserError):
        return None
    if width != len(header) or (columns and len(columns[0]) > budget.max_rows):
        return None
    frame = pd.DataFrame(dict(enumerate(columns)), columns=range(width))
    del columns
    blank = None
    for i in range(frame.shape[1]):
        col = frame[i]
        cats = col.cat.categories.to_numpy(dtype=object)
        if any(len(c) * 4 > budget.max_cell_bytes and len(c.encode("utf-8")) > budget.max_cell_bytes for c in cats):
            return None
        empty = np.fromiter((not c.strip() for c in cats), dtype=bool, count=len(cats))[col.cat.codes.to_numpy()]
        blank = empty if blank is None else blank & empty
    if blank is not None and blank.any():
        return None
    return Table(str(path), header, FrameRows(frame), range(2, len(frame) + 2), digest, [], delimiter, 1, size, frame)


def _read_csv(path: Path, kind: str, budget: InputBudget, size: int) -> Table:
    fast = _read_csv_fast(path, kind, budget, size)
    if fast is not None:
        return fast
    data = path.read_bytes()
    fixes: list[str] = []
    text = _decode(data, str(path), fixes)
    digest = hashlib.sha256(data).hexdigest()
    del data
    if "\x00" in text:
        raise InputError(
            [Problem(str(path), None, None, "contains NUL characters (binary data?); save it as CSV UTF-8")]
        )
    head: list[str] = []
    for ln in _io.StringIO(text):
        if ln.strip():
            head.append(ln)
            if len(head) >= 10:
                break
    delimiter = _sniff_delimiter(head)
    header, header_row, rows, numbers = _assemble(
        str(path), _csv_records(text, delimiter, str(path), budget.max_cell_bytes), kind, budget, fixes
    )
    if not header:
        raise InputError([Problem(str(path), None, None, "file is empty (no header row)")])
    return Table(str(path), header, rows, numbers, digest, fixes, delimiter, header_row, size)


# --------------------------------------------------------------------------- workbooks

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

    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
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


def read_table(path: str | os.PathLike, kind: str, *, budget: InputBudget | None = None) -> Table:
    """Read one input table (``kind`` is ``"actors"`` or ``"links"``) without validating it.

    Parameters
    ----------
    path : path-like
        A CSV file or an .xlsx workbook.
    kind : {"actors", "links", "participations"}
        Which sheet to take from a workbook (see :data:`clustergraph.schema.SHEET_NAMES`), and which
        column names identify the header row below title rows.
    budget : InputBudget, optional
        Limits on rows, cell size and file size (defaults: :class:`InputBudget`).

    Returns
    -------
    Table
        A plain CSV file (UTF-8, no quotes, the header on row 1, no blank rows, no row longer than
        the header) is read column-wise: :attr:`Table.frame` holds categorical columns and
        :attr:`Table.rows` makes the same rows of text on demand. Anything else is read row by row.

    Examples
    --------
    >>> t = read_table("data/links.csv", "links")
    >>> t.columns[:2], t.delimiter
    (['source', 'target'], ',')
    """
    budget = budget or InputBudget()
    path = Path(path)
    size = _check_path(path, kind, budget)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path, kind, budget, size)
    if path.suffix.lower() == ".xls":
        raise InputError(
            [Problem(str(path), None, None, "old .xls workbooks are not supported; save as .xlsx or CSV UTF-8")]
        )
    return _read_csv(path, kind, budget, size)
