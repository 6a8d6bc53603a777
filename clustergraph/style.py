"""The figure style shared by the report's charts and the maps' static picture.

One home for what a chart looks like, below both :mod:`clustergraph.maps` and
:mod:`clustergraph.report`: the colour of each actor type (the colour-blind-safe
palette of :data:`clustergraph.schema.TYPE_COLOURS`, Okabe & Ito 2008), the ink
and grid colours, the fonts and sizes (:data:`FIGURE_RC`, matplotlib rcParams
applied with :func:`styled`), and :func:`to_svg`, which turns a
:class:`matplotlib.figure.Figure` into deterministic inline SVG.

Nothing here selects a matplotlib backend or touches pyplot's global state:
figures are made with :class:`matplotlib.figure.Figure` directly and saved
through matplotlib's Agg-based canvases.

References
----------
Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people. J*Fly.
"""

from __future__ import annotations

import contextlib
import html
import io
import re
from collections.abc import Iterator
from typing import Any

from .schema import TYPE_COLOURS

#: Colour of each actor type (re-exported from :mod:`clustergraph.schema`).
TYPE_PALETTE: dict[str, str] = TYPE_COLOURS
#: Colour of actors whose type is not one of :data:`clustergraph.schema.ACTOR_TYPES`.
OTHER_COLOUR = "#999999"
#: Colour of greyed actors (outside partners of a region view).
GREY = "#c8ced6"
#: Text and axis colours.
INK = "#1f2933"
GRID = "#d9dee3"
#: Colour of the links in the network picture.
LINK_COLOUR = "#9aa5b1"

#: matplotlib rcParams of every figure (fonts, sizes, colours; text kept as text in SVG).
FIGURE_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    # labels come from the data: a region called "$5 to $6" is text, not mathtext (an odd
    # "$\frac" would even raise while drawing)
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 10,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "axes.titlesize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "text.color": INK,
    "legend.frameon": False,
}


@contextlib.contextmanager
def styled(**extra: Any) -> Iterator[None]:
    """Draw under :data:`FIGURE_RC` (plus ``extra`` rcParams); rcParams are read when artists are made.

    >>> import matplotlib
    >>> with styled():
    ...     matplotlib.rcParams["svg.fonttype"]
    'none'
    """
    import matplotlib

    with matplotlib.rc_context({**FIGURE_RC, **extra}):  # type: ignore[dict-item]
        yield


def to_svg(fig, name: str, title: str) -> str:
    """Render a matplotlib figure to an inline ``<svg>`` element.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        A chart name (also the ``svg.hashsalt``, so ids are stable and unique per chart).
    title : str
        Accessible title (``<title>`` and ``aria-label``); escaped here.

    Returns
    -------
    str
        ``<svg ...>...</svg>`` without XML declaration or DOCTYPE, scaling to
        its container width.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> svg = to_svg(Figure(figsize=(1, 1)), "demo", "<b>")
    >>> svg.startswith("<svg") and 'data-chart="demo"' in svg and "&lt;b&gt;" in svg
    True
    """
    buf = io.StringIO()
    with styled(**{"svg.hashsalt": f"clustergraph-{name}"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    label = html.escape(title, quote=True)
    # inline SVG in HTML needs neither the RDF metadata nor namespace declarations
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", text[:400]) + text[400:]
    # drop the fixed size (keep the viewBox) so the chart scales with the page
    text = re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        lambda m: f'<svg{m.group(1)} class="chart" data-chart="{name}" role="img" aria-label="{label}"',
        text,
        count=1,
    )
    # group ids (figure_1, axes_1 ...) would repeat across the charts of one page
    text = re.sub(r'<g id="[^"]*"', "<g", text)
    text = text.replace(">", f"><title>{label}</title>", 1)
    return text.strip() + "\n"
