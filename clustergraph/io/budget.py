"""What one input may cost: the :class:`InputBudget` (rows, cell size, file size) and the checks
that refuse an input beyond it, each naming the command-line flag that raises the limit."""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, Problem

#: Inputs larger than this are refused with a message rather than risking
#: memory exhaustion (override with ``--max-input-mb`` or the environment variable
#: ``CLUSTERGRAPH_MAX_INPUT_MB``).
MAX_INPUT_MB = 512


#: Default limit of data rows per table (``--max-rows``).
MAX_ROWS = 5_000_000


#: Default limit of one cell's size in bytes (``--max-cell-bytes``).
MAX_CELL_BYTES = 100_000


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


def _check_path(path: Path, label: str, budget: InputBudget) -> int:
    if not path.exists():
        raise InputError([Problem(str(path), None, None, f"{label} file not found")])
    if path.is_dir():
        raise InputError(
            [Problem(str(path), None, None, f"is a folder, not a {label} file (give e.g. {path / (label + '.csv')})")]
        )
    st = path.stat()
    if not stat.S_ISREG(st.st_mode):  # a FIFO would hang, /dev/zero never ends, <(cat f) is a pipe
        from .source import refuse_special

        raise refuse_special(path, label, st.st_mode)
    limit = budget.input_mb()
    size = st.st_size
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
