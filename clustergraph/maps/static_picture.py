"""A static picture of the network (SVG or PNG) from the same layout as the interactive map.

The report shows it at the top of its map section, inlined so the report keeps
its picture when forwarded alone or printed; ``clustergraph map --format svg``
writes it on its own. Positions come from
:func:`clustergraph.maps.layout.positions` with the same seed as the map, so
the picture and the map look alike. Colour = actor type (Okabe & Ito palette
of :data:`clustergraph.schema.TYPE_COLOURS`), area = Gould-Fernandez brokerage
total, the actors with the highest brokerage are labelled.
"""

from __future__ import annotations

import io
import math

import networkx as nx
import numpy as np
import pandas as pd

from ..formatting import fmt_short
from ..graph import undirected
from ..schema import ACTOR_TYPES, TYPE_COLOURS, TYPE_LABELS

#: Actors labelled by name (highest brokerage first).
LABELLED = 10
#: Above this many links (actors), the links (actors) are drawn as one embedded raster layer (keeps the SVG small).
RASTER_LINKS = 3000
RASTER_ACTORS = 800
#: Colour of actors whose type is not one of :data:`clustergraph.schema.ACTOR_TYPES`.
OTHER_COLOUR = "#999999"
#: Colour of greyed actors (outside partners of a region view).
GREY = "#c8ced6"


def _brokerage(G: nx.Graph, metrics: pd.DataFrame | None) -> dict:
    if metrics is not None and "brokerage_total" in metrics.columns:
        return {str(i): float(v) for i, v in zip(metrics["id"], metrics["brokerage_total"].fillna(0))}
    from ..metrics.brokerage import brokerage_roles

    return {str(k): float(v) for k, v in brokerage_roles(G, attribute="type")["total"].items()}


def picture_figure(
    G: nx.Graph,
    *,
    metrics: pd.DataFrame | None = None,
    seed: int = 0,
    title: str | None = None,
    labelled: int = LABELLED,
    width: float = 9.0,
    greyed: frozenset = frozenset(),
):
    """The matplotlib figure of the network picture (see the module docstring).

    Parameters
    ----------
    G : networkx.Graph
    metrics : DataFrame, optional
        Actor table with ``id`` and ``brokerage_total`` (e.g. ``MetricsResult.actors``);
        computed when not given.
    seed : int
        Layout seed (the map's ``--seed``).
    title : str, optional
    labelled : int
        How many actors (highest brokerage) carry their name.
    width : float
        Figure width in inches.
    greyed : frozenset
        Actors drawn in grey (the outside partners of a region view, as on the map).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    from .layout import positions

    pos = positions(G, seed=seed)
    nodes = sorted(G.nodes, key=str)
    xy = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    if len(xy):
        xy[:, 1] = -xy[:, 1]  # screen y grows downwards, matplotlib's upwards
    span = np.ptp(xy, axis=0) if len(xy) else np.array([1.0, 1.0])
    aspect = float(span[1] / span[0]) if span[0] > 0 else 1.0
    height = min(max(width * aspect, 4.0), width * 1.1) + 1.0
    # the resolution of the raster layers of large networks (their size in the SVG grows with its square)
    fig = Figure(figsize=(width, height), layout="constrained", dpi=100)
    ax = fig.add_subplot()
    ax.set_axis_off()
    index = {n: i for i, n in enumerate(nodes)}
    U = undirected(G)
    segs = [(xy[index[u]], xy[index[v]]) for u, v in U.edges() if u != v]
    if segs:
        lines = LineCollection(segs, colors="#9aa5b1", linewidths=0.5, alpha=0.55, zorder=1)
        if len(segs) > RASTER_LINKS:
            lines.set_rasterized(True)
        ax.add_collection(lines)
    b = _brokerage(G, metrics)
    score = np.array([b.get(str(n), 0.0) for n in nodes])
    top = score.max() if len(score) and score.max() > 0 else 1.0
    small = 14 if len(nodes) <= 300 else 6
    sizes = small + 360 * np.sqrt(score / top)
    types = [G.nodes[n].get("type") for n in nodes]
    colours = [
        GREY if n in greyed else (TYPE_COLOURS.get(t, OTHER_COLOUR) if isinstance(t, str) else OTHER_COLOUR)
        for n, t in zip(nodes, types)
    ]
    order = np.argsort(sizes, kind="stable")  # big ones on top
    # diamonds for cluster organisations, as on the interactive map
    for diamond in (False, True):
        sel = np.array([i for i in order if (types[i] == "cluster_org") == diamond], dtype=int)
        if len(sel):
            dots = ax.scatter(
                xy[sel, 0],
                xy[sel, 1],
                s=sizes[sel] * (0.8 if diamond else 1.0),
                c=[colours[i] for i in sel],
                marker="D" if diamond else "o",
                edgecolors="white",
                linewidths=0.6,
                zorder=2 + diamond,
            )
            if len(nodes) > RASTER_ACTORS:
                dots.set_rasterized(True)
    # name the view's own actors, not the grey outside partners
    ranked = sorted((i for i in range(len(nodes)) if nodes[i] not in greyed), key=lambda i: (-score[i], str(nodes[i])))
    for i in ranked[: max(labelled, 0)]:
        if score[i] <= 0:
            break
        ax.annotate(
            fmt_short(G.nodes[nodes[i]].get("name", nodes[i]), 32),
            xy[i],
            xytext=(0, 0.5 * math.sqrt(sizes[i]) + 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7.5,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    own = [t for n, t in zip(nodes, types) if n not in greyed]
    present = [t for t in ACTOR_TYPES if t in set(own)]
    handles = [
        Line2D(
            [],
            [],
            marker="D" if t == "cluster_org" else "o",
            linestyle="",
            markersize=7,
            markerfacecolor=TYPE_COLOURS[t],
            markeredgecolor="white",
        )
        for t in present
    ]
    labels = [f"{TYPE_LABELS[t]} ({own.count(t)})" for t in present]
    if greyed:
        handles.append(
            Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=GREY, markeredgecolor="white")
        )
        labels.append(f"outside partners ({len(greyed & set(nodes))})")
    others = sum(1 for t in own if t not in TYPE_COLOURS)
    if others:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=7, markerfacecolor=OTHER_COLOUR))
        labels.append(f"other or unknown type ({others})")
    fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4), fontsize=8, frameon=False)
    heading = title or "The ecosystem network"
    fig.suptitle(
        f"{fmt_short(heading, 90)}\n{G.number_of_nodes():,} actors, {U.number_of_edges():,} links; "
        f"size = brokerage, {min(labelled, sum(1 for i in ranked if score[i] > 0))} largest brokers named",
        fontsize=10,
    )
    if len(xy):
        pad = 0.04 * max(float(span.max()), 1.0)
        ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
        ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + 3 * pad)
    ax.set_aspect("equal", adjustable="box")
    return fig


def network_picture(
    G: nx.Graph,
    *,
    metrics: pd.DataFrame | None = None,
    seed: int = 0,
    title: str | None = None,
    fmt: str = "svg",
    labelled: int = LABELLED,
    greyed: frozenset = frozenset(),
) -> str | bytes:
    """The network picture as inline SVG text (``fmt="svg"``) or PNG bytes (``fmt="png"``).

    The SVG is the report's: deterministic, text kept as text, no fixed size
    (it scales with the page), ``data-chart="network"``.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "firm", "b": "cluster_org", "c": "vet"}, "type")
    >>> svg = network_picture(G, seed=1)
    >>> svg.startswith("<svg") and 'data-chart="network"' in svg
    True
    """
    import matplotlib

    from ..report.charts import _RC, no_glyph_warnings, to_svg

    with matplotlib.rc_context(_RC), no_glyph_warnings():  # type: ignore[arg-type]
        fig = picture_figure(G, metrics=metrics, seed=seed, title=title, labelled=labelled, greyed=greyed)
        if fmt == "png":
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
            return buf.getvalue()
        if fmt != "svg":
            raise ValueError(f"unknown picture format {fmt!r}: svg or png")
        return to_svg(fig, "network", title or "The ecosystem network")
