"""Errors and problem reports shared by every stage of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the 1-based line number as a spreadsheet shows it (the header is
    row 1, the first data row is row 2); ``None`` when the problem concerns the
    whole file. ``column`` is the column name, ``None`` when not applicable.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class ClusterGraphError(Exception):
    """Base class of the errors clustergraph raises on purpose."""


class InputError(ClusterGraphError):
    """Bad input or usage. The CLI prints the problems and exits with code 2."""

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(file="input", row=None, column=None, message=problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input:"
        return "\n".join([head] + [f"  - {p}" for p in self.problems])


class SeedError(InputError, ValueError):
    """A seed that is not a whole number in range (:func:`clustergraph.randomness.check_seed`).

    Also a :class:`ValueError`, as numpy's own seed errors are; the CLI shows it like every
    :class:`InputError` (a message, exit code 2).
    """

    def _text(self) -> str:
        return self.problems[0].message if len(self.problems) == 1 else super()._text()
