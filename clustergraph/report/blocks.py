"""View-model building blocks of the report: tables, headline cards and figures, as values.

The page sections of :mod:`clustergraph.report.page` turn :class:`ReportData`
into these small records; the templates of ``clustergraph/templates/report/``
(``macros.html``) draw them. Cells are formatted here (numbers, shares) and
escaped by the templates' autoescaping, so an actor called ``<script>`` is
shown as text. Only :class:`markupsafe.Markup` is inserted as markup: the fixed
texts of :mod:`clustergraph.report.texts` and the SVG that matplotlib draws
(:mod:`clustergraph.report.charts`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from ..formatting import fmt_bool, fmt_float, fmt_int, fmt_pct, fmt_text

__all__ = ["Card", "Cell", "Column", "Figure", "Table", "cards", "col", "figure", "table"]

#: A column of :func:`table`: (column name, header label, formatter, numeric?)
Column = tuple[str, str, Callable, bool]


def col(name: str, label: str, kind: str = "text") -> Column:
    """Describe a table column; ``kind`` is text, int, float, float1, float2, pct or bool."""
    formatter = {
        "text": fmt_text,
        "int": fmt_int,
        "float": fmt_float,
        "pct": fmt_pct,
        "bool": fmt_bool,
        "float1": lambda v: fmt_float(v, 1),
        "float2": lambda v: fmt_float(v, 2),
    }[kind]
    return (name, label, formatter, kind not in ("text", "bool"))


@dataclass(frozen=True)
class Cell:
    """One formatted table cell (``num``: right-aligned)."""

    text: str
    num: bool = False


@dataclass(frozen=True)
class Table:
    """A table ready to draw: headers, formatted rows, and what to say when empty or cut."""

    headers: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    caption: str | None = None
    css: str = ""
    empty: str = "Nothing to show."
    more: str | None = None  # "12 more rows in gaps.csv."


def table(
    df: pd.DataFrame | None,
    columns: Sequence[Column],
    caption: str | None = None,
    empty: str = "Nothing to show.",
    css: str = "",
    max_rows: int | None = None,
    full_list: str = "the CSV file",
) -> Table:
    """The :class:`Table` of ``df`` (numbers right-aligned).

    Parameters
    ----------
    df : DataFrame
    columns : list of :func:`col` tuples
        Columns missing from ``df`` are skipped.
    caption : str, optional
    empty : str
        Text shown instead of an empty table.
    max_rows : int, optional
        Show the first rows only, with a note of how many more there are and
        where they are (``full_list``, e.g. ``gaps.csv``).

    Examples
    --------
    >>> t = table(pd.DataFrame({"name": ["<b>"], "n": [3000]}), [col("name", "Name"), col("n", "N", "int")])
    >>> [c.text for c in t.rows[0]], t.headers[1].num
    (['<b>', '3,000'], True)
    """
    if df is None or not len(df):
        return Table(empty=empty, css=css)
    cols = [c for c in columns if c[0] in df.columns]
    shown = df if max_rows is None else df.head(max_rows)
    rows = [
        [Cell(f(value), num) for (_name, _, f, num), value in zip(cols, rec)]
        for rec in shown[[c[0] for c in cols]].itertuples(index=False)
    ]
    more = f"{len(df) - max_rows:,} more rows in {full_list}." if max_rows is not None and len(df) > max_rows else None
    return Table(
        headers=[Cell(label, num) for _, label, _, num in cols],
        rows=rows,
        caption=caption,
        css=css,
        empty=empty,
        more=more,
    )


@dataclass(frozen=True)
class Figure:
    """A chart (trusted SVG from :mod:`.charts`) and its caption."""

    svg: Markup
    caption: str


def figure(svg: str, caption: str) -> Figure:
    """A :class:`Figure` of SVG drawn by matplotlib (:func:`clustergraph.style.to_svg`)."""
    return Figure(Markup(svg), caption)


@dataclass(frozen=True)
class Card:
    """A headline figure: value, label and an optional note."""

    value: str
    label: str
    note: str = ""


def cards(items: Iterable[tuple[str, str, str]]) -> list[Card]:
    """Headline figure cards from (value, label, note) triples."""
    return [Card(*item) for item in items]
