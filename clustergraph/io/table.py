"""A table read from a file (:class:`Table`: header, rows of text, row numbers) and the header
search shared by the CSV and workbook readers (:func:`_assemble`: title rows above the header,
blank rows, the budget on every kept row)."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..schema import ACTOR_OPTIONAL, ACTOR_REQUIRED, LINK_OPTIONAL, LINK_REQUIRED, canonical_column
from .budget import InputBudget, _check_cells, _too_many_rows

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

    def column(self, pos: int, stop: int | None = None) -> Sequence[str]:
        """The cells of column ``pos`` (from 0) of the first ``stop`` rows (all by default), ``""``
        where a row is shorter: one column costs its own cells, not the whole rows' (a table of
        3,000 columns is checked column by column in time linear in its size)."""
        if self.frame is not None:
            return self.frame[pos].iloc[:stop].to_numpy(dtype=object)
        rows = self.rows if stop is None else self.rows[:stop]
        return [r[pos] if pos < len(r) else "" for r in rows]


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
