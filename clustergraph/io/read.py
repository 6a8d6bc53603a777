"""Read a table from a file (CSV in any usual dialect and encoding, or .xlsx) into rows of text.

Reading is bounded by an :class:`InputBudget` checked before the expensive work: the file size
(from ``stat`` first, then counted on the bytes as they are read), the number of data rows, the bytes of one cell and, for workbooks, the declared and actual size
of the sheet and the compression ratio of the workbook's parts (a "zip bomb" is refused before it
is unpacked). Each limit has a command-line flag that raises it.

The reading is split by job: :mod:`.budget` (the limits), :mod:`.table` (the :class:`Table` and
the header search), :mod:`.csvfile` (CSV row by row), :mod:`.fastcsv` (the column-wise path for
big plain CSV files), :mod:`.xlsx` (workbooks) and :mod:`.source` (opening a file or standard input
within the byte budget, and noticing a file that changes while it is read). This module chooses
between them.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError, Problem
from . import csvfile, fastcsv, xlsx
from .budget import MAX_CELL_BYTES, MAX_INPUT_MB, MAX_ROWS, InputBudget, _check_path
from .source import STDIN_NAME, Snapshot, check_unchanged, is_stdin, stdin_bytes
from .table import EXCEL_SUFFIXES, HEADER_SEARCH_ROWS, MAX_LISTED, FrameRows, Table
from .xlsx import EXCEL_MAX_ROWS, MAX_COLUMNS, workbook_sheet_names

__all__ = [
    "read_table",
    "InputBudget",
    "Table",
    "FrameRows",
    "workbook_sheet_names",
    "EXCEL_SUFFIXES",
    "EXCEL_MAX_ROWS",
    "HEADER_SEARCH_ROWS",
    "MAX_CELL_BYTES",
    "MAX_COLUMNS",
    "MAX_INPUT_MB",
    "MAX_LISTED",
    "MAX_ROWS",
]


def _read_csv(path: Path, kind: str, budget: InputBudget, size: int) -> Table:
    """The fast column-wise path when the file is plain enough, else the row-by-row reference path."""
    fast = fastcsv._read_csv_fast(path, kind, budget, size)
    return fast if fast is not None else csvfile._read_csv(path, kind, budget, size)


def _read_stdin(kind: str, budget: InputBudget) -> Table:
    """A CSV table on standard input (``-``), read within the byte budget, row by row."""
    data = stdin_bytes(int(budget.input_mb() * 1024 * 1024), budget.input_mb())
    if data.startswith(b"PK\x03\x04"):
        raise InputError(
            [
                Problem(
                    STDIN_NAME,
                    None,
                    None,
                    "standard input holds a workbook (.xlsx); give the workbook's path instead of '-' "
                    "(standard input is read as CSV)",
                )
            ]
        )
    return csvfile._read_csv(Path(STDIN_NAME), kind, budget, len(data), data=data)


def read_table(path: str | os.PathLike, kind: str, *, budget: InputBudget | None = None) -> Table:
    """Read one input table (``kind`` is ``"actors"`` or ``"links"``) without validating it.

    Parameters
    ----------
    path : path-like
        A CSV file or an .xlsx workbook (a regular file), or ``"-"``: a CSV table on standard input.
    kind : {"actors", "links", "participations"}
        Which sheet to take from a workbook (see :data:`clustergraph.schema.SHEET_NAMES`), and which
        column names identify the header row below title rows.
    budget : InputBudget, optional
        Limits on rows, cell size and file size (defaults: :class:`InputBudget`).

    Raises
    ------
    InputError
        For anything wrong with the file (naming file, row and column), a file beyond the budget
        (naming the flag), a pipe, FIFO or device, or a file that changed while it was read.

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
    if is_stdin(path):
        return _read_stdin(kind, budget)
    path = Path(path)
    size = _check_path(path, kind, budget)
    before = Snapshot.of(path.stat())
    if path.suffix.lower() in EXCEL_SUFFIXES:
        table = xlsx._read_excel(path, kind, budget, size)
    elif path.suffix.lower() == ".xls":
        raise InputError(
            [Problem(str(path), None, None, "old .xls workbooks are not supported; save as .xlsx or CSV UTF-8")]
        )
    else:
        table = _read_csv(path, kind, budget, size)
    check_unchanged(path, before)  # the column-wise path reads the file twice: it is the same file still
    return table
