"""CSV files row by row, the reference path: encoding (UTF-8, UTF-16, Windows-1252, reported),
the separator sniffed from the first lines, cells spanning lines as RFC 4180 allows, and quotes
that run away (swallowing the rows below them) refused with the row and column.

The file is streamed: bytes are read a block at a time within the byte budget
(:mod:`.source`), decoded and split into lines a block at a time, and parsed by :mod:`csv`
record by record; only the kept rows (tuples of interned text) stay in memory.
"""

from __future__ import annotations

import codecs
import csv
import io as _io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from ..errors import InputError, Problem
from .budget import MAX_CELL_BYTES, InputBudget
from .source import BLOCK, Opened, open_input
from .table import Table, _assemble

_NEWLINE = re.compile(r"\r\n|\r|\n")

#: Bytes examined to tell the encoding (byte-order marks, UTF-16 without one).
HEAD_BYTES = 4096


class _Restart(Exception):
    """The file is not UTF-8: read it again from the start as Windows-1252."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _encoding(head: bytes, file: str) -> tuple[str, int, str | None]:
    """(codec, bytes of byte-order mark to skip, note) for a file starting with ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-bom", len(codecs.BOM_UTF8), None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0, None
    head = head[:HEAD_BYTES]
    if head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        return enc, 0, f"{file}: read as {enc.upper()} (no byte-order mark)"
    return "utf-8", 0, None


def _decode_error(file: str, codec: str, exc: UnicodeDecodeError, line: int, byte: int) -> InputError | _Restart:
    if codec == "utf-8-bom":
        return InputError(
            [
                Problem(
                    file,
                    line,
                    None,
                    "the file says it is UTF-8 (it starts with a byte-order mark) but "
                    f"this line is not valid UTF-8 (byte 0x{byte:02x}); "
                    "save it again as CSV UTF-8",
                )
            ]
        )
    if codec == "utf-16":
        return InputError([Problem(file, None, None, f"damaged UTF-16 text ({exc.reason})")])
    if codec.startswith("utf-16"):
        return InputError(
            [
                Problem(
                    file,
                    None,
                    None,
                    "binary data or an unknown encoding; save the file as "
                    "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8)",
                )
            ]
        )
    return _Restart(line)


def _text_blocks(opened: Opened, codec: str, skip: int) -> Iterator[str]:
    """The decoded text of ``opened``, a block at a time; a NUL character is refused."""
    stream = opened.stream
    if skip:
        stream.read(skip)
    name = "utf-8" if codec == "utf-8-bom" else codec
    decoder = codecs.getincrementaldecoder(name)("replace" if codec == "cp1252" else "strict")
    lines = 1
    while True:
        block = stream.read(BLOCK)
        final = not block
        pending = decoder.getstate()[0] if codec != "cp1252" else b""
        try:
            text = decoder.decode(block, final=final)
        except UnicodeDecodeError as exc:
            seen = (pending + block)[: exc.start]
            bad = (pending + block)[exc.start : exc.start + 1] or b"\x00"
            raise _decode_error(opened.file, codec, exc, lines + seen.count(b"\n"), bad[0]) from None
        if "\x00" in text:
            raise InputError(
                [Problem(opened.file, None, None, "contains NUL characters (binary data?); save it as CSV UTF-8")]
            )
        if text:
            yield text
        if final:
            return
        lines += block.count(b"\n")


def _line_batches(blocks: Iterable[str]) -> Iterator[list[str]]:
    """The lines of the text ``blocks`` as :class:`io.StringIO` with ``newline=""`` splits them
    (ends kept; ``\\r\\n``, ``\\r`` and ``\\n`` end a line, no other character does), a batch per block."""
    carry: list[str] = []
    for piece in blocks:
        end = len(piece) - 1 if piece.endswith("\r") else len(piece)  # a \r may be the start of \r\n
        cut = max(piece.rfind("\n", 0, end), piece.rfind("\r", 0, end)) + 1
        if cut == 0:
            carry.append(piece)
            continue
        text = "".join(carry) + piece[:cut] if carry else piece[:cut]
        carry = [piece[cut:]] if cut < len(piece) else []
        yield _io.StringIO(text, newline="").readlines()
    if carry:
        yield _io.StringIO("".join(carry), newline="").readlines()


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


@dataclass(slots=True)
class _Spanning:
    """A record whose quoted cell spans lines: where, and what the lines inside it look like."""

    row: int  # the line the record starts on
    end: int  # the line it ends on
    pos: int  # the first cell spanning lines (from 0)
    cells: int  # cells in the record
    filled: int  # cells up to the last non-empty one
    inner: dict[int, int]  # cells a line inside the quote would have on its own -> first such line
    open_end: bool  # the cell ends with a line break (the quote may never close)


@dataclass
class _Records:
    """Parse CSV ``lines`` into (first line, cells) records, noting those that span lines
    (:attr:`spanning`) for :func:`_check_quotes` once the header is known.

    ``max_cell_bytes`` raises the csv module's own field limit (131,072 characters) so that
    ``--max-cell-bytes`` above it is honoured; the budget itself is checked on the cells.
    """

    lines: Iterable[str]
    delimiter: str
    file: str
    max_cell_bytes: int = MAX_CELL_BYTES
    spanning: list[_Spanning] = field(default_factory=list)
    last_line: int = 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        csv.field_size_limit(max(self.max_cell_bytes + 1, 131_072))  # per read: the limit is the process's
        reader = csv.reader(self.lines, delimiter=self.delimiter)
        start = 1
        try:
            for record in reader:
                row_no = start
                start = reader.line_num + 1
                if reader.line_num > row_no:
                    self._note(row_no, reader.line_num, record)
                yield row_no, record
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError(
                    [
                        Problem(
                            self.file,
                            reader.line_num,
                            None,
                            f"a cell is larger than the {self.max_cell_bytes:,}-byte cell limit (or a quote runs "
                            "away); raise the limit with --max-cell-bytes if the cell is meant to be that large",
                        )
                    ]
                ) from None
            raise InputError([Problem(self.file, reader.line_num, None, f"cannot parse CSV: {exc}")]) from None
        self.last_line = reader.line_num

    def _note(self, row_no: int, end: int, record: list[str]) -> None:
        pos = -1
        inner: dict[int, int] = {}
        line = row_no
        open_end = False
        for i, cell in enumerate(record):
            parts = _NEWLINE.split(cell)
            if len(parts) == 1:
                continue
            pos = i if pos < 0 else pos
            for offset, part in enumerate(parts[1:-1], start=1):  # lines wholly inside the quote
                inner.setdefault(part.count(self.delimiter) + 1, line + offset)
            line += len(parts) - 1
            open_end = not parts[-1]
        filled = max((i + 1 for i, c in enumerate(record) if c.strip()), default=0)
        self.spanning.append(_Spanning(row_no, end, max(pos, 0), len(record), filled, inner, open_end))


def _csv_records(
    lines: Iterable[str], delimiter: str, file: str, max_cell_bytes: int = MAX_CELL_BYTES
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record of ``lines`` (no check of cells spanning lines)."""
    return iter(_Records(lines, delimiter, file, max_cell_bytes))


def _check_quotes(file: str, records: _Records, header: list[str], header_row: int) -> None:
    """Refuse a quote that runs away: a record below the header whose quoted cell spans lines is
    data when the record keeps the header's cells and no line inside the quote would be a full
    row of the table on its own; otherwise the quote swallowed the rows below it (RFC 4180
    cells may hold line breaks and separators, but a stray quote merges rows silently)."""
    width = len(header)
    for span in records.spanning:
        if span.row <= header_row:
            continue
        full = span.inner.get(width) if width >= 2 else None
        short = span.cells < width
        long = span.filled > width
        if not (full or short or long):
            continue
        never = span.open_end and span.end >= records.last_line
        if full:
            why = f"line {full} inside the quote reads as a full row of {width} cells"
        else:
            why = f"the row is left with {span.cells if short else span.filled} cells where the header has {width}"
        column = header[span.pos].strip() if span.pos < width and header[span.pos].strip() else f"#{span.pos + 1}"
        raise InputError(
            [
                Problem(
                    file,
                    span.row,
                    column,
                    "unbalanced quote: a quote opens on this row and "
                    + ("never closes" if never else f"closes only on row {span.end}")
                    + f", so {span.end - span.row + 1} lines are read as one cell and {why}; close the quote on "
                    f'row {span.row} (a quote inside a quoted cell is written ""). A cell may span lines when '
                    "its row keeps all the header's cells",
                )
            ]
        )


def _read_csv(path: Path, kind: str, budget: InputBudget, size: int, *, data: bytes | None = None) -> Table:
    """Read a CSV file (or, with ``data``, standard input) row by row; see the module docs."""
    limit = budget.input_mb()
    with open_input(path, limit, data=data) as opened:
        codec, skip, note = _encoding(opened.stream.peek(HEAD_BYTES)[:HEAD_BYTES], opened.file)
    try:
        return _parse(path, kind, budget, data, codec, skip, [note] if note else [])
    except _Restart as restart:
        note = (
            f"{opened.file}: not UTF-8 (first odd byte on line {restart.line}); read as Windows-1252/Latin-1. "
            "Check accented names, or save the file as CSV UTF-8"
        )
        return _parse(path, kind, budget, data, "cp1252", 0, [note])


def _parse(
    path: Path, kind: str, budget: InputBudget, data: bytes | None, codec: str, skip: int, fixes: list[str]
) -> Table:
    with open_input(path, budget.input_mb(), data=data) as opened:
        lines = chain.from_iterable(_line_batches(_text_blocks(opened, codec, skip)))
        head: list[str] = []
        consumed: list[str] = []
        for ln in lines:
            consumed.append(ln)
            if ln.strip():
                head.append(ln)
                if len(head) >= 10:
                    break
        delimiter = _sniff_delimiter(head)
        records = _Records(chain(consumed, lines), delimiter, opened.file, budget.max_cell_bytes)
        del consumed, head
        header, header_row, rows, numbers = _assemble(opened.file, iter(records), kind, budget, fixes)
        opened.stream.read()  # the rest (nothing, or what the hash still needs)
        opened.finish()
        digest, size = opened.digest(), opened.size
    if not header:
        raise InputError([Problem(opened.file, None, None, "file is empty (no header row)")])
    _check_quotes(opened.file, records, header, header_row)
    return Table(opened.file, header, rows, numbers, digest, fixes, delimiter, header_row, size)
