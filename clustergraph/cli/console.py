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


def _reconfigure_streams() -> None:
    """Make the standard streams safe for any terminal and any pipe.

    - A closed stream (``clustergraph ... >&-``: Python then sets ``sys.stdout`` to
      None) becomes a sink, so nothing fails on ``isatty`` or ``write``.
    - Characters the stream's encoding cannot hold (``PYTHONIOENCODING=ascii``,
      a C locale) are written as ``\\xNN`` escapes instead of stopping the run.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives as long as the process)
            continue
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="backslashreplace")


_reconfigure_streams()


def _columns() -> int | None:
    """``$COLUMNS`` when it is a usable width (at least 20), else None (``COLUMNS=0`` printed nothing at all)."""
    with contextlib.suppress(ValueError):
        width = int(os.environ.get("COLUMNS", ""))
        if width >= 20:
            return width
    return None


#: Normal output goes to stdout; notices, warnings and progress go to stderr so
#: that a pipe of stdout stays clean.
def _pipe_width() -> int | None:
    """Let rich size tables to a terminal; in a pipe or file use 160 columns, not 80."""
    if os.environ.get("COLUMNS") and _columns() is None:
        return 80  # COLUMNS=0, COLUMNS=abc: rich would print nothing
    if _isatty(sys.stdout) or os.environ.get("COLUMNS"):
        return None
    return 160


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class _PipeSafe:
    """``sys.stdout`` or ``sys.stderr`` (looked up at each write), except that a closed pipe is not an error.

    ``clustergraph metrics ... | head`` (or ``2>&1 | head -1``) closes the pipe
    after a few lines; the run still writes its files and exits normally, the
    rest of the terminal output is dropped.
    """

    def __init__(self, name: str = "stdout") -> None:
        self.name = name
        self.closed_pipe = False

    @property
    def stream(self):
        return getattr(sys, self.name)

    def write(self, text: str) -> int:
        if not self.closed_pipe:
            try:
                return self.stream.write(text)
            except (BrokenPipeError, ValueError):  # ValueError: the stream was closed
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self.closed_pipe:
            try:
                self.stream.flush()
            except (BrokenPipeError, ValueError):
                self._drop()

    def _drop(self) -> None:
        self.closed_pipe = True
        with contextlib.suppress(OSError, ValueError, AttributeError):  # later writes (and the exit flush) go nowhere
            fd = os.open(os.devnull, os.O_WRONLY)
            os.dup2(fd, self.stream.fileno())
            os.close(fd)

    def isatty(self) -> bool:
        return _isatty(self.stream)

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", None) or "utf-8"


out = Console(file=_PipeSafe("stdout"), highlight=False, soft_wrap=False, width=_pipe_width())  # type: ignore[arg-type]
err = Console(
    file=_PipeSafe("stderr"),  # type: ignore[arg-type]
    highlight=False,
    soft_wrap=True,
    width=80 if os.environ.get("COLUMNS") and _columns() is None else None,
)


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


def print_summary(G, title: str = "Ecosystem", *, summary=None):
    """Print :func:`clustergraph.analysis.summary.summarise` of ``G`` (or ``summary`` when given,
    e.g. ``summarise_tables``; ``G`` may then be None) as readable tables and return it."""
    from ..analysis.summary import summarise

    s = summarise(G) if summary is None else summary
    f = s.figures
    out.print(
        f"[bold]{_escape(title)}[/bold]: {f['n_actors']} actors, {f['n_links']} links, "
        f"{f['n_regions']} regions in {f['n_countries']} countries; density {f['density']:.4f}; "
        f"{f['components']} components (largest holds {f['largest_component_share']:.0%} of actors); "
        f"{f['isolated']} isolated actors"
    )
    if f.get("hub_projects") and G is not None:
        from ..projection import project_data

        pdata = project_data(G)
        hubs = pdata.hubs if pdata is not None and pdata.hubs is not None else None
        shown = (
            ", ".join(f"{p} ({k:,} partners)" for p, k in zip(hubs["project"][:5], hubs["partners"][:5]))
            if hubs is not None
            else ""
        )
        out.print(
            f"{f['hub_projects']} hub project{'s' if f['hub_projects'] != 1 else ''} (--hub-above): one node "
            f"each, linked to each partner by {f['hub_links']:,} links not counted above"
            + (f": {shown}" + (" ..." if hubs is not None and len(hubs) > 5 else "") if shown else ""),
            markup=False,
            highlight=False,
            soft_wrap=True,
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
