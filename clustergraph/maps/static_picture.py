"""A static picture of the network (SVG or PNG), a pure function of the map's model.

The report shows it at the top of its map section, inlined so the report keeps
its picture when forwarded alone or printed; ``clustergraph map --format svg``
writes it on its own. :func:`picture_from_model` draws a
:class:`~clustergraph.maps.model.MapModel` (the one the interactive map is
written from, so positions, greyed actors and sizes are the map's; nothing is
laid out again). Colour = actor type (Okabe & Ito palette of
:data:`clustergraph.schema.TYPE_COLOURS`), area = the model's size metric
(Gould-Fernandez brokerage total by default), the largest actors are labelled.
"""

from __future__ import annotations

import io
import math

import networkx as nx
import numpy as np
import pandas as pd

from ..formatting import fmt_short
from ..schema import ACTOR_TYPES, TYPE_COLOURS, TYPE_LABELS
from .model import MapModel

#: Actors labelled by name (highest brokerage first).
LABELLED = 10
#: Above this many links (actors), the links (actors) are drawn as one embedded raster layer (keeps the SVG small).
RASTER_LINKS = 3000
RASTER_ACTORS = 800
#: Colour of actors whose type is not one of :data:`clustergraph.schema.ACTOR_TYPES`.
OTHER_COLOUR = "#999999"
#: Colour of greyed actors (outside partners of a region view).
GREY = "#c8ced6"


def picture_figure(
    model: MapModel,
    *,
    title: str | None = None,
    labelled: int = LABELLED,
    width: float = 9.0,
):
    """The matplotlib figure of the network picture of ``model`` (see the module docstring).

    Parameters
    ----------
    model : MapModel
        From :func:`clustergraph.maps.model.build_map_model` (not an aggregate view).
    title : str, optional
    labelled : int
        How many actors (largest size metric) carry their name.
    width : float
        Figure width in inches.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    by_id = {n.id: n for n in model.nodes}
    nodes = [n.id for n in model.nodes]
    greyed = model.greyed
    xy = np.array([(by_id[n].x, by_id[n].y) for n in nodes], dtype=float).reshape(-1, 2)
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
    pairs = sorted(
        {tuple(sorted((e.source, e.target))) for e in model.edges if not e.suggestion and e.source != e.target}
    )
    segs = [(xy[index[u]], xy[index[v]]) for u, v in pairs]
    if segs:
        lines = LineCollection(segs, colors="#9aa5b1", linewidths=0.5, alpha=0.55, zorder=1)
        if len(segs) > RASTER_LINKS:
            lines.set_rasterized(True)
        ax.add_collection(lines)
    score = np.array([float((by_id[n].measures or (None,))[0] or 0.0) for n in nodes])
    top = score.max() if len(score) and score.max() > 0 else 1.0
    small = 14 if len(nodes) <= 300 else 6
    sizes = small + 360 * np.sqrt(score / top)
    types = [by_id[n].type for n in nodes]
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
    # name the view's own actors, not the grey outside partners (placed once the layout is fixed)
    ranked = sorted((i for i in range(len(nodes)) if nodes[i] not in greyed), key=lambda i: (-score[i], str(nodes[i])))
    candidates = [i for i in ranked[: max(labelled, 0)] if score[i] > 0]
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
    measure = model.legend.measures[0] if model.legend.measures else ""
    what, who = ("brokerage", "brokers") if measure.startswith("Brokerage") else (measure.lower(), "actors")
    caption = fig.suptitle(f"{fmt_short(heading, 90)}\n", fontsize=10)
    if len(xy):
        pad = 0.04 * max(float(span.max()), 1.0)
        ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
        ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + 3 * pad)
    ax.set_aspect("equal", adjustable="box")
    named = place_labels(
        fig, ax, [(xy[i], fmt_short(by_id[nodes[i]].name, 32), math.sqrt(sizes[i])) for i in candidates]
    )
    caption.set_text(
        f"{fmt_short(heading, 90)}\n{len(nodes):,} actors, {len(pairs):,} links; "
        f"size = {what}, {named} largest {who} named"
        + (
            f" ({len(candidates) - named} more left unnamed where names would overlap)"
            if named < len(candidates)
            else ""
        )
    )
    return fig


#: Where a name may go around its actor (offset direction in points), in order of preference.
_LABEL_SPOTS = (
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
)


def place_labels(fig, ax, labels) -> int:
    """Name actors without overlaps: each ``(xy, text, marker diameter in points)`` in order (the
    largest first) goes above its actor, else below, right or left, wherever it overlaps no name
    already placed; a name that fits nowhere is left out. Returns how many were placed.

    The figure's layout is computed first and then frozen, so the checked positions are final.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not labels:
        return 0
    if fig.canvas is None or not hasattr(fig.canvas, "get_renderer"):
        FigureCanvasAgg(fig)
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    renderer = fig.canvas.get_renderer()
    placed: list = []
    for xy, text, diameter in labels:
        for dx, dy, ha, va in _LABEL_SPOTS:
            gap = 0.5 * diameter + 2
            note = ax.annotate(
                text,
                xy,
                xytext=(dx * gap, dy * gap),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=7.5,
                zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
            )
            box = note.get_window_extent(renderer).expanded(1.04, 1.1)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
            note.remove()
    return len(placed)


def picture_from_model(
    model: MapModel, *, title: str | None = None, fmt: str = "svg", labelled: int = LABELLED
) -> str | bytes:
    """The picture of ``model`` as inline SVG text (``fmt="svg"``) or PNG bytes (``fmt="png"``).

    The SVG is the report's: deterministic, text kept as text, no fixed size
    (it scales with the page), ``data-chart="network"``.

    Examples
    --------
    >>> from clustergraph.maps.model import build_map_model
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "firm", "b": "cluster_org", "c": "vet"}, "type")
    >>> svg = picture_from_model(build_map_model(G))
    >>> svg.startswith("<svg") and 'data-chart="network"' in svg
    True
    """
    from ..style import styled, to_svg

    if model.kind == "aggregate":
        raise ValueError("the static picture draws actors, not the groups of an aggregate view")
    with styled():
        fig = picture_figure(model, title=title, labelled=labelled)
        if fmt == "png":
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
            return buf.getvalue()
        if fmt != "svg":
            raise ValueError(f"unknown picture format {fmt!r}: svg or png")
        return to_svg(fig, "network", title or "The ecosystem network")


def network_picture(
    G: nx.Graph,
    *,
    metrics: pd.DataFrame | None = None,
    seed: int = 0,
    title: str | None = None,
    fmt: str = "svg",
    labelled: int = LABELLED,
    greyed: frozenset = frozenset(),
    communities=None,
) -> str | bytes:
    """The picture of the whole of ``G`` sized by brokerage: :func:`picture_from_model` of
    ``build_map_model(G, MapOptions(seed=seed, force_full=True), metrics=metrics)``, with
    ``greyed`` actors drawn grey. Build the model yourself to share it with the map.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "firm", "b": "cluster_org", "c": "vet"}, "type")
    >>> svg = network_picture(G, seed=1)
    >>> svg.startswith("<svg") and 'data-chart="network"' in svg
    True
    """
    import dataclasses

    from .model import build_map_model
    from .options import MapOptions

    model = build_map_model(G, MapOptions(seed=seed, force_full=True), metrics=metrics, communities=communities)
    if greyed:
        grey = {str(g) for g in greyed}
        model = dataclasses.replace(
            model, nodes=tuple(dataclasses.replace(n, greyed=n.id in grey) for n in model.nodes)
        )
    return picture_from_model(model, title=title, fmt=fmt, labelled=labelled)
