"""The report's charts, drawn with matplotlib and returned as inline SVG text.

Each function takes a small table and returns an ``<svg>`` element ready to be
placed in the HTML page. The output is deterministic (same data, same bytes):
figures made with :class:`matplotlib.figure.Figure` (no pyplot, no backend
selected at import), a fixed ``svg.hashsalt`` per chart (so ids differ
between charts on one page but not between runs), no date in the metadata, and
text kept as text (``svg.fonttype = "none"``) so it stays sharp, searchable and
small (:func:`clustergraph.style.to_svg`). Fonts, sizes and colours are the
shared figure style of :mod:`clustergraph.style`: the colour-blind-safe palette
of :data:`clustergraph.schema.TYPE_COLOURS` (Okabe & Ito 2008).

References
----------
Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make figures
and presentations that are friendly to colorblind people. J*Fly.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..formatting import fmt_short
from ..schema import ACTOR_TYPES, TYPE_LABELS
from ..style import GRID, INK, styled, to_svg
from ..style import TYPE_PALETTE as TYPE_COLOURS

__all__ = ["GRID", "INK", "ROLES", "ROLE_COLOURS", "to_svg"]

#: Gould-Fernandez brokerage roles, in the order they are stacked.
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: Role colours (a sequential blue-green ramp, distinct from the actor-type palette).
ROLE_COLOURS: dict[str, str] = {
    "coordinator": "#c7e9b4",
    "itinerant": "#7fcdbb",
    "representative": "#41b6c4",
    "gatekeeper": "#2c7fb8",
    "liaison": "#253494",
}


def _styled(func):
    """Draw the whole chart under the shared figure style (:func:`clustergraph.style.styled`)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with styled():
            return func(*args, **kwargs)

    return wrapper


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _stacked_barh(fig, ax, labels: list[str], stacks, legend_cols: int) -> np.ndarray:
    """Stacked horizontal bars with an x grid and a legend above; returns the bar totals.

    ``stacks``: ``(values, colour, label)`` for each layer, drawn left to right.
    """
    left = np.zeros(len(labels))
    for vals, colour, label in stacks:
        ax.barh(labels, vals, left=left, color=colour, label=label, edgecolor="white", linewidth=0.6)
        left += vals
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper left", ncols=legend_cols, fontsize=8.5, handlelength=1.2, columnspacing=1.2)
    return left


@_styled
def actors_by_region(table: pd.DataFrame, title: str = "Actors by type in each region") -> str:
    """Stacked horizontal bars: actors of each type per region.

    Parameters
    ----------
    table : DataFrame
        Index: region; columns: actor types (others, e.g. ``total``, ignored);
        a ``Total`` row is ignored.

    Returns
    -------
    str
        Inline SVG.

    Examples
    --------
    >>> t = pd.DataFrame({"firm": [3, 1], "vet": [1, 0]}, index=["A", "B"])
    >>> actors_by_region(t).startswith("<svg")
    True
    """
    t = table.drop(index=[i for i in table.index if str(i) == "Total"], errors="ignore")
    types = [c for c in ACTOR_TYPES if c in t.columns]
    t = t[types].astype(float).sort_index(ascending=False, key=lambda s: s.astype(str))
    fig = _figure(7.5, 1.2 + 0.42 * max(len(t), 1))
    ax = fig.add_subplot()
    left = _stacked_barh(
        fig,
        ax,
        [str(i) for i in t.index],
        [(t[typ].to_numpy(), TYPE_COLOURS[typ], TYPE_LABELS[typ]) for typ in types],
        legend_cols=min(len(types), 3),
    )
    for y, total in enumerate(left):
        ax.text(total, y, f" {total:.0f}", va="center", ha="left", fontsize=9)
    ax.set_xlabel("number of actors")
    ax.set_xlim(0, max(left.max() if len(left) else 1, 1) * 1.08)
    return to_svg(fig, "actors_by_region", title)


@_styled
def mixing_heatmap(mixing: pd.DataFrame, title: str = "Links between actor types") -> str:
    """Heat map of the type-mixing matrix (links between each pair of actor types).

    Parameters
    ----------
    mixing : DataFrame
        Square table of link counts, rows and columns indexed by actor type.

    Returns
    -------
    str
        Inline SVG; each cell is annotated with its count (darker = more links),
        so no colour bar is needed.

    Examples
    --------
    >>> m = pd.DataFrame([[2, 5], [5, 0]], index=["firm", "vet"], columns=["firm", "vet"])
    >>> "Firm" in mixing_heatmap(m)
    True
    """
    types = [t for t in ACTOR_TYPES if t in mixing.index and t in mixing.columns]
    extra = sorted(set(map(str, mixing.index)) - set(types))
    order = types + [t for t in extra if t in mixing.columns]
    m = mixing.reindex(index=order, columns=order).fillna(0)
    m.index = m.columns = [TYPE_LABELS.get(t, t) for t in order]
    return _heatmap(m, "mixing", title)


@_styled
def matrix_heatmap(matrix: pd.DataFrame, name: str, title: str, *, scale_without: tuple[str, ...] = ()) -> str:
    """Heat map with counts of any square matrix (regions x regions, countries x countries).

    Parameters
    ----------
    matrix : DataFrame
        Square table of counts; rows and columns in the order to show.
    name : str
        Chart name (unique on the page).
    title : str
    scale_without : tuple of str
        Rows and columns left out of the colour scale (e.g. ``"others"``, which
        would wash out every other cell); their cells show at most the darkest colour.

    Returns
    -------
    str
        Inline SVG.

    Examples
    --------
    >>> m = pd.DataFrame([[2, 5], [5, 0]], index=["North", "South"], columns=["North", "South"])
    >>> "South" in matrix_heatmap(m, "regions", "Links between regions")
    True
    """
    return _heatmap(matrix, name, title, scale_without)


def _heatmap(matrix: pd.DataFrame, name: str, title: str, scale_without: tuple[str, ...] = ()) -> str:
    m = matrix.fillna(0).to_numpy(float)
    labels = [fmt_short(x) for x in matrix.index]
    keep = [i for i, x in enumerate(matrix.index) if str(x) not in scale_without]
    scaled = m[np.ix_(keep, keep)] if keep else m
    hi = scaled.max() if scaled.size else 0
    k = len(labels)
    side = min(max(3.2 + 0.42 * k, 4.5), 9.5)
    fig = _figure(side + 1.3, side)
    ax = fig.add_subplot()
    # vector cells (pcolormesh), not a raster image: sharp in print
    ax.pcolormesh(
        np.arange(k + 1) - 0.5,
        np.arange(k + 1) - 0.5,
        m,
        cmap="Blues",
        vmin=0,
        vmax=max(hi, 1),
        edgecolors="white",
        linewidth=1,
    )
    ax.set_aspect("equal")
    ax.invert_yaxis()
    ax.set_xticks(range(k), labels, rotation=30, ha="right")
    ax.set_yticks(range(k), labels)
    ax.tick_params(length=0)
    for sp in ax.spines.values():
        sp.set_visible(False)
    size = 9 if k <= 10 else 7
    for i in range(k):
        for j in range(k):
            v = m[i, j]
            ax.text(
                j,
                i,
                f"{v:.0f}",
                ha="center",
                va="center",
                fontsize=size,
                color="white" if hi and v > 0.55 * hi else INK,
            )
    return to_svg(fig, name, title)


@_styled
def small_multiples(table: pd.DataFrame, title: str = "New links per year in each region", cols: int = 3) -> str:
    """One small bar chart per column of ``table`` (e.g. new links per year per region), same y scale.

    Parameters
    ----------
    table : DataFrame
        Index: years; one column per panel.

    Returns
    -------
    str
        Inline SVG.

    Examples
    --------
    >>> t = pd.DataFrame({"North": [1, 3], "South": [0, 2]}, index=[2020, 2021])
    >>> small_multiples(t).startswith("<svg")
    True
    """
    names = [str(c) for c in table.columns]
    n = max(len(names), 1)
    cols = min(cols, n)
    rows = int(np.ceil(n / cols))
    fig = _figure(7.5, 0.4 + 1.7 * rows)
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
    years = np.asarray(table.index, dtype=int)
    for k, ax in enumerate(axes.ravel()):
        if k >= len(names):
            ax.set_visible(False)
            continue
        ax.bar(years, table.iloc[:, k].to_numpy(float), color="#0072B2", width=0.75)
        ax.set_title(fmt_short(names[k]), fontsize=9.5, loc="left")
        ax.grid(axis="y", color=GRID, linewidth=0.6)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=8)
    if len(years):
        step = max(1, int(np.ceil(len(years) / 4)))
        for ax in axes[-1]:
            ax.set_xticks(years[::step], [str(y) for y in years[::step]])
    return to_svg(fig, "region_years", title)


@_styled
def degree_distribution(
    degrees: pd.Series, types: pd.Series | None = None, title: str = "How many partners each actor has"
) -> str:
    """Histogram of the number of partners (degree) per actor, stacked by actor type.

    Parameters
    ----------
    degrees : Series
        Degree of each actor.
    types : Series, optional
        Actor type of each actor (same index); stacked by type when given.

    Returns
    -------
    str
        Inline SVG. Degrees are binned one by one up to 40, in wider bins above.

    Examples
    --------
    >>> degree_distribution(pd.Series([0, 1, 1, 2, 5])).startswith("<svg")
    True
    """
    d = pd.Series(degrees).astype(int)
    hi = int(d.max()) if len(d) else 0
    width = max(1, int(np.ceil((hi + 1) / 40)))
    edges = np.arange(0, hi + width + 1, width) - 0.5
    fig = _figure(7.5, 3.4)
    ax = fig.add_subplot()
    if types is not None:
        t = pd.Series(types).reindex(d.index)
        bottom = np.zeros(len(edges) - 1)
        for typ in ACTOR_TYPES:
            sel = d[t == typ].to_numpy()
            if not len(sel):
                continue
            counts, _ = np.histogram(sel, bins=edges)
            ax.bar(
                edges[:-1] + width / 2,
                counts,
                width=width * 0.9,
                bottom=bottom,
                color=TYPE_COLOURS[typ],
                label=TYPE_LABELS[typ],
            )
            bottom += counts
        ax.legend(fontsize=8.5, ncols=2, loc="upper right")
    else:
        counts, _ = np.histogram(d.to_numpy(), bins=edges)
        ax.bar(edges[:-1] + width / 2, counts, width=width * 0.9, color="#0072B2")
    ax.set_xlabel("number of partners (degree)" + (f", bins of {width}" if width > 1 else ""))
    ax.set_ylabel("number of actors")
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_xlim(-0.5 - width / 2, hi + width)
    return to_svg(fig, "degree", title)


@_styled
def brokerage_by_type(actors: pd.DataFrame, title: str = "Brokerage roles by actor type") -> str:
    """Stacked bars: Gould-Fernandez brokerage counts of each role, summed per actor type.

    Parameters
    ----------
    actors : DataFrame
        One row per actor with a ``type`` column and role columns
        (:data:`ROLES`; missing ones are skipped).

    Returns
    -------
    str
        Inline SVG.

    Examples
    --------
    >>> a = pd.DataFrame({"type": ["firm", "vet"], "coordinator": [2, 0], "liaison": [0, 4]})
    >>> brokerage_by_type(a).startswith("<svg")
    True

    References
    ----------
    Gould, R.V. and Fernandez, R.M. (1989). Structures of mediation: a formal
    approach to brokerage in transaction networks. Sociological Methodology 19: 89-126.
    """
    roles = [r for r in ROLES if r in actors.columns]
    sums = actors.groupby("type")[roles].sum().reindex([t for t in ACTOR_TYPES]).fillna(0)
    sums = sums.iloc[::-1]
    fig = _figure(7.5, 3.6)
    ax = fig.add_subplot()
    _stacked_barh(
        fig,
        ax,
        [TYPE_LABELS[t] for t in sums.index],
        [(sums[role].to_numpy(float), ROLE_COLOURS[role], role) for role in roles],
        legend_cols=len(roles),
    )
    ax.set_xlabel("brokered two-step paths (sum over actors of the type)")
    ax.ticklabel_format(axis="x", style="plain")
    return to_svg(fig, "brokerage", title)


@_styled
def links_over_years(yearly: pd.DataFrame, title: str = "Links over the years") -> str:
    """New links per year (bars) and the share of firms with an education partner (line).

    Parameters
    ----------
    yearly : DataFrame
        :func:`clustergraph.analysis.timeline.yearly_figures`.

    Returns
    -------
    str
        Inline SVG.

    Examples
    --------
    >>> y = pd.DataFrame({"year": [2020, 2021], "new_links": [3, 4], "links": [3, 7],
    ...                   "firms_with_education_share": [0.2, 0.5]})
    >>> links_over_years(y).startswith("<svg")
    True
    """
    years = yearly["year"].astype(int).to_numpy()
    fig = _figure(7.5, 3.4)
    ax = fig.add_subplot()
    ax.bar(years, yearly["new_links"].to_numpy(), color="#0072B2", width=0.7, label="new links that year")
    ax.set_ylabel("new links")
    ax.set_xticks(years, [str(y) for y in years], rotation=45 if len(years) > 12 else 0)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    ax2 = ax.twinx()
    ax2.plot(
        years,
        100 * yearly["firms_with_education_share"].to_numpy(float),
        color="#D55E00",
        marker="o",
        linewidth=2,
        label="firms with an education partner (%)",
    )
    ax2.set_ylim(0, 100)
    ax2.set_ylabel("% of active firms")
    ax2.spines["right"].set_visible(True)
    fig.legend(loc="outside upper left", ncols=2, fontsize=8.5)
    return to_svg(fig, "years", title)
