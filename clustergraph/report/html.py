"""HTML building blocks of the report: escaping, tables, figures and the page shell.

Every value that comes from the data (names, regions, sectors, file names,
any cell) goes through :func:`esc` (``html.escape`` with quotes), so an actor
called ``<script>`` is shown as text. Only the fixed texts of
:mod:`clustergraph.report.texts` and the SVG produced by
:mod:`clustergraph.report.charts` are inserted as markup.

The page is self-contained: the style sheet is inline, there is no script and
no external resource; the only links are relative ones to files written beside
the report (maps, CSV tables).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Sequence

import pandas as pd

from ..files.guard import visible
from ..formatting import fmt_bool, fmt_float, fmt_int, fmt_pct, fmt_text


def esc(value) -> str:
    """Escape any value for HTML text or attribute context.

    >>> esc('<script>alert("x")</script>')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
    >>> esc(None)
    ''
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return html.escape(visible(str(value)), quote=True)  # control characters as \\xNN text


#: A column of :func:`table`: (column name, header label, formatter, numeric?)
Column = tuple[str, str, Callable, bool]


def col(name: str, label: str, kind: str = "text") -> Column:
    """Describe a table column; ``kind`` is text, int, float, float1, pct or bool."""
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


def table(
    df: pd.DataFrame,
    columns: Sequence[Column],
    caption: str | None = None,
    empty: str = "Nothing to show.",
    css: str = "",
    max_rows: int | None = None,
    full_list: str = "the CSV file",
) -> str:
    """Render ``df`` as an HTML table (escaped cells; numbers right-aligned).

    Parameters
    ----------
    df : DataFrame
    columns : list of :func:`col` tuples
        Columns missing from ``df`` are skipped.
    caption : str, optional
        Escaped.
    empty : str
        Text shown instead of an empty table (escaped).
    max_rows : int, optional
        Show the first rows only, with a note of how many more there are and
        where they are (``full_list``, e.g. ``gaps.csv``; escaped).

    Examples
    --------
    >>> df = pd.DataFrame({"name": ["<b>"], "n": [3]})
    >>> "&lt;b&gt;" in table(df, [col("name", "Name"), col("n", "N", "int")])
    True
    """
    if df is None or not len(df):
        return f'<p class="empty">{esc(empty)}</p>\n'
    cols = [c for c in columns if c[0] in df.columns]
    shown = df if max_rows is None else df.head(max_rows)
    out = [f'<div class="table-wrap"><table class="{esc(css)}">']
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col"{" class=num" if num else ""}>{esc(label)}</th>' for _, label, _, num in cols)
        + "</tr></thead><tbody>"
    )
    for rec in shown[[c[0] for c in cols]].itertuples(index=False):
        cells = []
        for (_name, _, f, num), value in zip(cols, rec):
            cells.append(f"<td{' class=num' if num else ''}>{esc(f(value))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    if max_rows is not None and len(df) > max_rows:
        out.append(f'<p class="more">{len(df) - max_rows:,} more rows in {esc(full_list)}.</p>')
    return "\n".join(out) + "\n"


def figure(svg: str, caption: str) -> str:
    """A chart (trusted SVG from :mod:`.charts`) with an escaped caption."""
    return f'<figure class="chart-box">\n{svg}<figcaption>{esc(caption)}</figcaption>\n</figure>\n'


def how_to_read(text: str) -> str:
    """The "How to read this" box (``text`` is a fixed, trusted string)."""
    return f'<aside class="how"><h3>How to read this</h3><p>{text}</p></aside>\n'


def section(anchor: str, heading: str, body: str, css: str = "") -> str:
    """A numbered report section with an anchor for the table of contents (``css``: extra classes)."""
    classes = "section" + (f" {esc(css)}" if css else "")
    return f'<section id="{esc(anchor)}" class="{classes}">\n<h2>{esc(heading)}</h2>\n{body}</section>\n'


def cards(items: Iterable[tuple[str, str, str]]) -> str:
    """Headline figure cards from (value, label, note) triples (all escaped)."""
    parts = ['<div class="cards">']
    for value, label, note in items:
        parts.append(
            f'<div class="card"><div class="value">{esc(value)}</div>'
            f'<div class="label">{esc(label)}</div>'
            + (f'<div class="note">{esc(note)}</div>' if note else "")
            + "</div>"
        )
    parts.append("</div>")
    return "\n".join(parts) + "\n"


def bullets(items: Iterable[str], css: str = "") -> str:
    """A list of already escaped HTML items."""
    items = list(items)
    if not items:
        return ""
    return f'<ul class="{esc(css)}">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>\n"


STYLE = """
:root { --ink: #1f2933; --muted: #52606d; --line: #d9dee3; --band: #12355b; --accent: #0072b2;
  --soft: #eef4fa; --warn: #fff4e5; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif;
  color: var(--ink); background: #f6f7f9; line-height: 1.5; font-size: 15px; }
header.top { background: var(--band); color: #fff; padding: 28px 0 22px; }
.wrap { max-width: 1120px; margin: 0 auto; padding: 0 28px; }
header.top .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; opacity: .8;
  margin: 0; }
header.top h1 { font-size: 30px; line-height: 1.2; margin: 6px 0 6px; font-weight: 650; }
header.top .subtitle { margin: 0; font-size: 15px; opacity: .92; }
header.top .meta { margin: 10px 0 0; font-size: 12.5px; opacity: .75; }
nav.toc { background: #fff; border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
nav.toc ol { list-style: none; margin: 0; padding: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 18px;
  font-size: 13.5px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 8px 0 40px; }
.section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 6px 28px 22px;
  margin: 22px 0; }
h2 { font-size: 21px; margin: 18px 0 10px; color: var(--band); }
h3 { font-size: 16px; margin: 20px 0 8px; }
aside.how { background: var(--soft); border-left: 4px solid var(--accent); padding: 8px 16px;
  margin: 10px 0 16px; font-size: 14px; }
aside.how h3 { margin: 4px 0 2px; font-size: 12px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--accent); }
aside.how p { margin: 4px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px;
  margin: 14px 0 18px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; background: #fbfcfd; }
.card .value { font-size: 26px; font-weight: 650; color: var(--band); line-height: 1.15; }
.card .label { font-size: 13.5px; font-weight: 600; margin-top: 2px; }
.card .note { font-size: 12px; color: var(--muted); margin-top: 2px; }
.findings { background: var(--warn); border: 1px solid #f3d7a7; border-radius: 6px;
  padding: 10px 18px 10px 34px;
  margin: 10px 0 16px; }
.findings li { margin: 4px 0; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 8px 28px;
  align-items: start; }
.table-wrap { overflow-x: auto; margin: 6px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; color: var(--ink); }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f1f4f7; font-weight: 600; font-size: 12.5px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
p.empty, p.more { color: var(--muted); font-style: italic; font-size: 13.5px; }
figure.chart-box { margin: 10px 0 18px; }
figure.chart-box svg.chart { width: 100%; height: auto; max-width: 860px; display: block; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.map-top { display: grid; grid-template-columns: minmax(0, 3fr) minmax(200px, 1fr); gap: 8px 24px;
  align-items: start; margin-top: 8px; }
.map-side { font-size: 14px; background: var(--soft); border-radius: 6px; padding: 4px 14px; }
figure.chart-box svg.chart[data-chart="network"] { max-width: 760px; }
@media (max-width: 800px) { .map-top { grid-template-columns: 1fr; } }
table.steps td:nth-child(2) { min-width: 210px; }
table.steps td:first-child { font-weight: 600; }
ul.moves > li { margin: 6px 0; }
.print-only { display: none; }
dl.defs dt { font-weight: 650; margin-top: 12px; }
dl.defs dd { margin: 2px 0 0 0; font-size: 14px; }
code { font-size: 13px; background: #f1f4f7; padding: 0 4px; border-radius: 3px; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 12px;
  word-break: break-all; }
footer { color: var(--muted); font-size: 12.5px; padding: 0 0 30px; }
@media (max-width: 900px) { .cards { grid-template-columns: repeat(2, 1fr); } }
@media (max-width: 700px) { .wrap { padding: 0 14px; } .section { padding: 4px 14px 16px; } }
@media print {
  @page { size: A4; margin: 12mm 11mm; }
  body { background: #fff; font-size: 9.5pt; line-height: 1.35; }
  header.top { -webkit-print-color-adjust: exact; print-color-adjust: exact; padding: 10px 0; }
  header.top h1 { font-size: 18pt; }
  .wrap { max-width: none; padding: 0; }
  nav.toc, .no-print, .print-skip, aside.how, .map-side { display: none !important; }
  .print-only { display: block; }
  main { padding: 0; }
  .section { border: none; padding: 0; margin: 0 0 6mm; }
  .print-break { break-before: page; }
  h2 { font-size: 14pt; margin: 6px 0 6px; }
  h3 { font-size: 11pt; margin: 10px 0 4px; }
  figure, .card, .findings, caption { break-inside: avoid; }
  caption, h3 { break-after: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .table-wrap { overflow: visible; margin: 2px 0 6px; }
  table { font-size: 7.5pt; }
  th, td { padding: 1.5px 4px; }
  th { hyphens: auto; overflow-wrap: anywhere; font-size: 7pt; }
  .cards { grid-template-columns: repeat(4, 1fr); gap: 4px; margin: 6px 0 8px; }
  .card { padding: 5px 8px; }
  .card .value { font-size: 14pt; }
  .findings { padding: 4px 12px 4px 26px; margin: 6px 0; }
  .map-top { display: block; }
  figure.chart-box svg.chart { max-width: 100%; }
  figure.chart-box svg.chart[data-chart="network"] { max-height: 215mm; width: auto; max-width: 100%;
    margin: 0 auto; }
  ul.moves > li { margin: 2px 0; }
  table.steps td:nth-child(2) { min-width: 0; width: 24%; }
}
"""


def page(title: str, header_html: str, toc: Sequence[tuple[str, str]], body: str, footer: str) -> str:
    """The whole HTML document (``title`` escaped; the other parts already built)."""
    nav = "".join(f'<li><a href="#{esc(a)}">{esc(h)}</a></li>' for a, h in toc)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="clustergraph">\n'
        # defence in depth: no script at all, nothing from the network; only the maps beside it in frames
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:; frame-src 'none'; script-src 'none'; "
        "base-uri 'none'; form-action 'none'\">\n"
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="top" id="top"><div class="wrap">\n{header_html}</div></header>\n'
        f'<nav class="toc" aria-label="Contents"><div class="wrap"><ol>{nav}</ol></div></nav>\n'
        f'<main><div class="wrap">\n{body}</div></main>\n'
        f'<footer><div class="wrap">{footer}</div></footer>\n'
        "</body>\n</html>\n"
    )
