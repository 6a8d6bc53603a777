"""Terminal output: readable tables and progress bars (rich), shared by every command."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..formatting import fmt_cell


#: Normal output goes to stdout; notices, warnings and progress go to stderr so
#: that a pipe of stdout stays clean.
def _pipe_width() -> int | None:
    """Let rich size tables to a terminal; in a pipe or file use 160 columns, not 80."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS"):
        return None
    return 160


class _PipeSafeStdout:
    """``sys.stdout`` (looked up at each write), except that a closed pipe is not an error.

    ``clustergraph metrics ... | head`` closes the pipe after a few lines; the
    run still writes its files and exits normally, the rest of the terminal
    output is dropped.
    """

    closed_pipe = False

    def write(self, text: str) -> int:
        if not self.closed_pipe:
            try:
                return sys.stdout.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self.closed_pipe:
            try:
                sys.stdout.flush()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        self.closed_pipe = True
        with contextlib.suppress(OSError, ValueError):  # later writes (and the flush at exit) go nowhere
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, sys.stdout.fileno())
            os.close(fd)

    def isatty(self) -> bool:
        return sys.stdout.isatty()

    def fileno(self) -> int:
        return sys.stdout.fileno()

    @property
    def encoding(self) -> str:
        return getattr(sys.stdout, "encoding", None) or "utf-8"


out = Console(file=_PipeSafeStdout(), highlight=False, soft_wrap=False, width=_pipe_width())  # type: ignore[arg-type]
err = Console(stderr=True, highlight=False, soft_wrap=True)


def table(
    df: pd.DataFrame, title: str | None = None, max_rows: int = 30, index: bool = False, full_list: str | None = None
) -> Table:
    """Build a rich :class:`~rich.table.Table` from a DataFrame (first ``max_rows`` rows).

    ``full_list`` names where the rows not shown are (e.g. a CSV file): it is said under a cut table.
    """
    t = Table(title=None if title is None else _escape(title), title_justify="left", show_lines=False)
    frame = df.reset_index() if index else df
    for col in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col])
        t.add_column(_escape(str(col)), justify="right" if numeric else "left", overflow="fold")
    for row in frame.head(max_rows).itertuples(index=False):
        # markup=False semantics: escape square brackets so names print verbatim
        t.add_row(*[_escape(fmt_cell(v)) for v in row])
    if len(frame) > max_rows:
        t.caption = f"{len(frame) - max_rows} more rows not shown" + (
            f"; the full list is in {full_list}" if full_list else ""
        )
    return t


#: Invisible characters that reorder text on a terminal (bidirectional overrides and isolates).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def plain(text: object) -> str:
    r"""``text`` safe for a terminal: control characters shown as escapes, line breaks and tabs kept.

    Names come from user files: an escape sequence in one (``\x1b[2J`` clears
    the screen, ``\x1b]8;;`` makes a link) or a bidirectional override must be
    shown, not obeyed. Every table, notice and message of the CLI goes through
    this function.

    >>> plain("ACME\x1b[2J\u202eGmbH\r\nnext")
    'ACME\\x1b[2J\\u202eGmbH\\x0d\nnext'
    """
    text = str(text)
    if text.isprintable():
        return text
    return "".join(c if c in "\n\t" or (c.isprintable() and c not in _BIDI) else _code(c) for c in text)


def _code(c: str) -> str:
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"


def _escape(text: str) -> str:
    """:func:`plain`, then rich markup escaped (square brackets print verbatim)."""
    from rich.markup import escape

    return escape(plain(text))


def print_table(
    df: pd.DataFrame, title: str | None = None, max_rows: int = 30, index: bool = False, full_list: str | None = None
) -> None:
    """Print a DataFrame as a table on stdout (``full_list``: where the rows not shown are)."""
    out.print(table(df, title=title, max_rows=max_rows, index=index, full_list=full_list))


def notice(message: str) -> None:
    """Print a notice (approximation used, rows dropped, ...) on stderr."""
    err.print(_escape(message), style="yellow")


@contextlib.contextmanager
def progress(enabled: bool | None = None) -> Iterator[Progress]:
    """A progress display on stderr; silent when stderr is not a terminal unless enabled."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    p = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=err,
        disable=not enabled,
        transient=False,
    )
    with p:
        yield p


@contextlib.contextmanager
def named_steps(
    description: str, total: int, enabled: bool | None = None, done: str | None = None
) -> Iterator[Callable[[str], None]]:
    """One progress bar advanced by named steps; yields ``step(name)``.

    >>> with named_steps("Report", total=2, enabled=False) as step:
    ...     step("Drawing the map"); step("Writing the report")
    """
    with progress(enabled) as bar:
        task = bar.add_task(description, total=total)

        def step(name: str) -> None:
            bar.update(task, description=name)
            bar.advance(task)

        yield step
        bar.update(task, completed=total, description=done or description)


def steps(items: Iterable, description: str, enabled: bool | None = None) -> Iterator:
    """Iterate over ``items`` showing one progress bar."""
    items = list(items)
    with progress(enabled) as p:
        task = p.add_task(description, total=len(items))
        for item in items:
            yield item
            p.advance(task)


class _NoticeHandler(logging.Handler):
    """Shows the library's log records as the CLI's yellow notices on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            style = "red" if record.levelno >= logging.ERROR else "yellow"
            err.print(_escape(text), style=style if record.levelno >= logging.WARNING else None)
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)


def install_log_handler(verbose: bool = False) -> None:
    """Route the ``clustergraph`` logger to the terminal (WARNING and up; INFO too with --verbose).

    The library only logs; this is where its notices become visible. Calling it
    twice keeps one handler.
    """
    log = logging.getLogger("clustergraph")
    for h in list(log.handlers):
        if isinstance(h, _NoticeHandler):
            log.removeHandler(h)
    handler = _NoticeHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    log.propagate = False


def print_summary(G, title: str = "Ecosystem"):
    """Print :func:`clustergraph.analysis.summary.summarise` as readable tables and return it."""
    from ..analysis.summary import summarise

    s = summarise(G)
    f = s.figures
    out.print(
        f"[bold]{_escape(title)}[/bold]: {f['n_actors']} actors, {f['n_links']} links, "
        f"{f['n_regions']} regions in {f['n_countries']} countries; density {f['density']:.4f}; "
        f"{f['components']} components (largest holds {f['largest_component_share']:.0%} of actors); "
        f"{f['isolated']} isolated actors"
    )
    if f.get("actors_without_region"):
        n = f["actors_without_region"]
        out.print(
            f"{n} actor{'s' if n != 1 else ''} without a region (counted under '(none)'; their links' scope is "
            "unknown unless the countries differ)",
            markup=False,
            highlight=False,
        )
    print_table(s.actors_by_region, title="Actors by region and type", index=True, max_rows=60)
    print_table(s.links_by_type, title="Links by type")
    print_table(s.links_by_scope, title="Links by scope")
    if len(s.isolated):
        print_table(s.isolated, title="Isolated actors (no link at all)")
    return s
