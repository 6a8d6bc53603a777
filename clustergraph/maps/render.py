"""Build the pyvis network of a view: node and edge styles, tooltips and vis options.

Visual encoding (documented in the README "Maps" section):

- node colour: actor type, Okabe-Ito palette (:data:`clustergraph.schema.TYPE_COLOURS`);
- node shape: diamond for cluster organisations, dot for everyone else;
- node size: the chosen metric (see :mod:`clustergraph.maps.measures`);
- thick black border: actor flagged by gap analysis;
- grey node: outside partner in a region view;
- edge width: link weight, ``1 + 5 * sqrt((w - min) / (max - min))`` pixels;
- edge colour and dash: scope (:data:`SCOPE_STYLES`); suggested partnerships
  are long magenta dashes.

Tooltips are plain text (field ``cg_tip``); the page turns them into DOM text
nodes, so a name such as ``<img src=x onerror=alert(1)>`` is shown, not run.

pyvis's ``Network.add_edge`` checks every existing edge for duplicates (quadratic
time), so nodes and edges are appended through pyvis's own ``Node``/``Edge``
classes instead; the network's ``options`` is a plain dict of vis-network options.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import pandas as pd
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from ..formatting import fmt_compact as format_value
from ..schema import TYPE_COLOURS, TYPE_LABELS
from .backbone import disparity_alpha
from .layout import layout
from .measures import SIZE_MAX, SIZE_MIN
from .views import View, plural

#: Edge style per link scope: (label, colour, dashes or False).
SCOPE_STYLES: dict[str | None, tuple[str, str, list[int] | bool]] = {
    "regional": ("Regional link", "#A0A0A0", False),
    "national": ("National link", "#5A5A5A", [8, 5]),
    "international": ("International link", "#1A1A1A", [2, 4]),
    None: ("Link, scope unknown", "#C8C8C8", False),
}
#: Style of suggested (not yet existing) partnerships.
SUGGESTION_STYLE: tuple[str, str, list[int]] = ("Suggested partnership", "#C2185B", [12, 6])
#: Grey of outside partners in a region view.
GREY_FILL, GREY_BORDER, GREY_FONT = "#E3E3E3", "#B5B5B5", "#9A9A9A"
#: Border of actors flagged by gap analysis.
FLAG_BORDER, FLAG_WIDTH = "#000000", 4
#: Flagged actors are drawn at least this big so that the ring shows.
FLAG_MIN_SIZE = 13.0
#: Colour of aggregated groups that mix actor types (aggregate by region).
MIXED_COLOUR = "#7F7F7F"
#: Physics is switched on at load (then off once stable) only up to this many nodes.
PHYSICS_AUTO_MAX = 150
#: Above this many nodes the page's physics switch is disabled (it cannot settle in time).
PHYSICS_MAX = 1000
#: Above this many nodes only the :data:`LABELS_MAX` largest actors carry a label
#: (the focused neighbourhood gets its labels back in the page).
LABELS_FROM = 1000
LABELS_MAX = 150


def edge_widths(weights: pd.Series) -> pd.Series:
    """Edge width in pixels from weights: ``1 + 5 * sqrt((w - min) / (max - min))``.

    >>> edge_widths(pd.Series([1.0, 2.0, 5.0])).round(2).tolist()
    [1.0, 3.5, 6.0]
    """
    w = weights.astype(float)
    lo, hi = float(w.min()), float(w.max())
    if math.isclose(lo, hi):
        return pd.Series(1.5, index=w.index)
    return 1.0 + 5.0 * ((w - lo) / (hi - lo)) ** 0.5


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _number(value) -> float | None:
    """A finite float rounded to 6 significant digits, or None (JSON has no NaN)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return float(f"{x:.6g}") if math.isfinite(x) else None


def _first_year(d: dict) -> int | None:
    years = d.get("years") or []
    if years:
        return int(min(years))
    y = d.get("year")
    return int(y) if isinstance(y, (int, float)) and not isinstance(y, bool) and math.isfinite(y) else None


def _has_coordinates(G: nx.Graph) -> bool:
    """True when some actor has numeric ``lat`` and ``lon`` (the page then offers the geographic layout)."""
    return any(_number(d.get("lat")) is not None and _number(d.get("lon")) is not None for _, d in G.nodes(data=True))


def _name(G: nx.Graph, n) -> str:
    """What a node is called on the map: the actor's (or group's) name, else its id."""
    return _text(G.nodes[n].get("name")) or str(n)


def _node_tip(node, attrs: dict, tip_rows: list[tuple[str, str]], flagged: bool, greyed: bool, aggregate: bool) -> str:
    lines = [_text(attrs.get("name")) or str(node)]
    if aggregate:
        lines.append(f"Actors: {format_value(attrs.get('actors', 0))}")
        for t, k in attrs.get("types", {}).items():
            lines.append(f"  {TYPE_LABELS.get(t, t)}: {format_value(k)}")
        lines.append(f"Links inside the group: {format_value(attrs.get('internal', 0))}")
        return "\n".join(lines)
    atype = attrs.get("type")
    lines.append(f"Type: {TYPE_LABELS.get(atype, _text(atype) or 'unknown')}")  # type: ignore[arg-type]
    for key, label in (("region", "Region"), ("country", "Country"), ("sector", "Sector"), ("size", "Size")):
        val = _text(attrs.get(key))
        if val:
            lines.append(f"{label}: {val}")
    lines.append(f"Id: {node}")
    lines.extend(f"{label}: {value}" for label, value in tip_rows)
    if flagged:
        lines.append("Flagged by gap analysis")
    if greyed:
        lines.append("Partner outside the region")
    return "\n".join(lines)


def _edge_tip(G: nx.Graph, u, v, d: dict, aggregate: bool) -> str:
    arrow = " -> " if G.is_directed() else " - "
    lines = [_name(G, u) + arrow + _name(G, v)]
    if aggregate:
        lines.append(f"Links: {format_value(d.get('links', 0))}")
        lines.append(f"Total weight: {format_value(d.get('link_weight', 0))}")
        return "\n".join(lines)
    if d.get("types"):
        lines.append("Link type: " + ", ".join(map(str, d["types"])))
    lines.append(f"Weight: {format_value(d.get('weight', 1.0))} ({plural(int(d.get('count', 1)), 'link')})")
    years = d.get("years") or []
    if years:
        lines.append("Year: " + (str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"))
    lines.append("Scope: " + (d.get("scope") or "unknown"))
    return "\n".join(lines)


def _node_options(
    view: View,
    n,
    xy: tuple[float, float],
    size: float,
    tip_rows: list[tuple[str, str]],
    flagged: bool,
    extra: dict | None = None,
) -> dict:
    """vis-network options of node ``n``: position, size, colours, border, tooltip."""
    attrs = view.graph.nodes[n]
    aggregate = view.kind == "aggregate"
    atype = attrs.get("type")
    greyed = n in view.greyed
    mixed = aggregate and view.group_by == "region"
    fill = MIXED_COLOUR if mixed else TYPE_COLOURS.get(atype, MIXED_COLOUR)
    border, width = fill, 1.5
    font: dict[str, object] | None = None
    if greyed:
        fill, border, font = GREY_FILL, GREY_BORDER, {"color": GREY_FONT}
    if flagged:
        border, width = FLAG_BORDER, FLAG_WIDTH
    if n == view.focus:
        font = {"size": 22, "color": "#000000"}
        width = max(width, 3)
        border = FLAG_BORDER if flagged else "#333333"
    region = _text(attrs.get("region"))
    opts = {
        "x": xy[0],
        "y": xy[1],
        "value": round(max(size, FLAG_MIN_SIZE if flagged else 0.0), 2),
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "borderWidth": width,
        "cg_type": atype if atype is not None else "",
        "cg_region": region if region is not None else "",
        "cg_tip": _node_tip(n, attrs, tip_rows, flagged, greyed, aggregate),
    }
    if font:
        opts["font"] = font
    if extra:
        opts.update(extra)
    if greyed:
        opts["cg_grey"] = True
    if flagged:
        opts["cg_flagged"] = True
    if aggregate:
        opts["cg_actors"] = int(attrs.get("actors", 0))
        if mixed:
            opts["cg_types"] = {str(t): int(k) for t, k in attrs.get("types", {}).items()}
    return opts


def vis_options(n_nodes: int, n_edges: int, physics: bool, seed: int) -> dict:
    """The vis-network options of a map (a JSON-ready dict)."""
    big = n_nodes > 1000 or n_edges > 4000
    return {
        "autoResize": True,
        "layout": {"randomSeed": int(seed), "improvedLayout": False},
        "physics": {
            "enabled": bool(physics),
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -4000,
                "springLength": 110,
                "springConstant": 0.02,
                "damping": 0.4,
                "avoidOverlap": 0.2,
            },
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": True,
            "navigationButtons": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "size": 14,
                "face": "Arial, Helvetica, sans-serif",
                "color": "#222222",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "scaling": {
                "min": SIZE_MIN,
                "max": SIZE_MAX,
                "label": {"enabled": True, "min": 11, "max": 26, "maxVisible": 30, "drawThreshold": 8},
            },
        },
        "edges": {"smooth": False, "color": {"inherit": False}, "selectionWidth": 2, "hoverWidth": 1.5},
    }


def build_network(
    view: View,
    sizes: pd.Series,
    tips: pd.DataFrame | None = None,
    tip_columns: Sequence[tuple[str, str]] = (),
    flagged=(),
    suggestions=None,
    seed: int = 0,
    physics: bool | None = None,
    measures: dict[str, pd.Series] | None = None,
    geo: bool = False,
) -> Network:
    """The pyvis :class:`~pyvis.network.Network` of a view.

    Parameters
    ----------
    view : View
        From :mod:`clustergraph.maps.views`.
    sizes : pandas.Series
        Node radius in pixels per node (see :func:`clustergraph.maps.measures.scale_sizes`).
    tips : DataFrame, optional
        Metrics per actor id for the tooltips; ``tip_columns`` lists (column, label).
    flagged : iterable of str
        Actor ids flagged by gap analysis.
    suggestions : DataFrame, optional
        Columns ``firm`` and ``candidate``: suggested partnerships, drawn dashed.
    seed : int
        Layout seed.
    physics : bool, optional
        Run vis physics at load (stopped once stable); by default only for
        views of up to :data:`PHYSICS_AUTO_MAX` actors (never for aggregates).
    measures : dict, optional
        Label -> values per actor id: the page's *size by* menu (``cg_m`` of each
        node holds the values in this order).
    geo : bool
        Place actors at their coordinates (:func:`clustergraph.maps.geo.geo_positions`);
        ``net.cg_geo`` then holds the projection and the counts of guessed places.

    Returns
    -------
    pyvis.network.Network
        ``net.nodes``/``net.edges`` hold vis-network dicts; ``net.options`` a dict.

    Examples
    --------
    >>> from clustergraph.maps.views import full_view
    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, "firm", "type")
    >>> net = build_network(full_view(G), pd.Series({"a": 10.0, "b": 20.0}))
    >>> [n["id"] for n in net.nodes], net.edges[0]["from"]
    (['a', 'b'], 'a')
    """
    G = view.graph
    aggregate = view.kind == "aggregate"
    flagged = {str(f) for f in flagged or ()} & set(G.nodes)
    n_nodes, n_edges = G.number_of_nodes(), G.number_of_edges()
    if physics is None:
        physics = n_nodes <= PHYSICS_AUTO_MAX and not aggregate
    physics = bool(physics) and n_nodes <= PHYSICS_MAX and not geo
    pos, comm = layout(G, seed=seed, groups="region" if view.group_by == "region-type" else None, positions=not geo)
    geo_info = None
    if geo:
        from .geo import geo_positions

        geo_info = geo_positions(G)
        pos = geo_info.pos
    switch = None
    if not geo and not aggregate and _has_coordinates(G):
        from .geo import geo_positions

        switch = geo_positions(G)
    net = Network(height="100%", width="100%", directed=G.is_directed(), cdn_resources="in_line")
    tip_lookup = {}
    if tips is not None and tip_columns:
        cols = [c for c, _ in tip_columns]
        sub = tips.reindex([str(n) for n in G.nodes])[cols]
        for n, row in zip(G.nodes, sub.itertuples(index=False)):
            tip_lookup[n] = [
                (label, format_value(v))
                for (_, label), v in zip(tip_columns, row)
                if not (isinstance(v, float) and math.isnan(v))
            ]

    measure_cols = list((measures or {}).items())
    labelled = set(G.nodes)
    if n_nodes > LABELS_FROM:
        labelled = set(sorted(G.nodes, key=lambda x: (-float(sizes.get(x, SIZE_MIN)), str(x)))[:LABELS_MAX])
    for n in sorted(G.nodes, key=str):
        attrs = G.nodes[n]
        extra: dict[str, object] = {"cg_name": _name(G, n)}
        if switch is not None:
            extra["cg_geo"] = list(switch.pos[n])
        if not aggregate:
            extra["cg_country"] = _text(attrs.get("country")) or ""
            extra["cg_comm"] = int(comm.get(n, -1))
            if measure_cols:
                extra["cg_m"] = [_number(series.get(str(n))) for _, series in measure_cols]
        node = Node(
            str(n),
            "diamond" if attrs.get("type") == "cluster_org" else "dot",
            _name(G, n) if n in labelled else "",
            **_node_options(view, n, pos[n], float(sizes.get(n, SIZE_MIN)), tip_lookup.get(n, []), n in flagged, extra),
        )
        net.nodes.append(node.options)
        net.node_ids.append(str(n))
        net.node_map[str(n)] = node.options

    if G.is_directed():
        edges = list(G.edges(data=True))
    else:  # orient by id: the same graph built in another row order gives the same page
        edges = [(u, v, d) if str(u) <= str(v) else (v, u, d) for u, v, d in G.edges(data=True)]
    edges.sort(key=lambda e: (str(e[0]), str(e[1])))
    widths = edge_widths(pd.Series([float(d.get("weight", 1.0)) for _, _, d in edges])) if edges else []
    alpha = disparity_alpha(G) if not aggregate else {}
    small = n_nodes <= LABELS_FROM
    for i, ((u, v, d), w) in enumerate(zip(edges, widths)):
        scope = None if aggregate else d.get("scope")
        _, colour, dashes = SCOPE_STYLES.get(scope, SCOPE_STYLES[None])
        if aggregate:
            colour, dashes = "#8A8A8A", False
        if u in view.greyed or v in view.greyed:
            colour = GREY_BORDER if scope in (None, "regional") else colour
        edge = Edge(
            str(u),
            str(v),
            G.is_directed(),
            id=f"e{i}",
            width=round(float(w), 2),
            color={"color": colour, "highlight": "#000000", "hover": "#000000"},
            dashes=dashes,
            cg_w=_number(d.get("weight", 1.0)),
        )
        if small or aggregate:  # large maps: the page writes the tooltip from the link's fields
            edge.options["cg_tip"] = _edge_tip(G, u, v, d, aggregate)
        if not aggregate:
            sig = alpha.get((u, v), alpha.get((v, u), 1.0))
            edge.options.update(
                cg_year=_first_year(d),
                cg_last=max(d.get("years") or [0]) or None,
                cg_n=int(d.get("count", 1)),
                cg_scope=scope or "",
                cg_lt=[str(t) for t in d.get("types") or []],
                cg_alpha=round(float(sig), 6),
            )
        net.edges.append(edge.options)

    if suggestions is not None and not aggregate:
        label, colour, dashes = SUGGESTION_STYLE
        pairs = sorted(
            {
                (str(a), str(b))
                for a, b in zip(suggestions["firm"], suggestions["candidate"])
                if str(a) in G and str(b) in G and str(a) != str(b)
            }
        )
        for i, (a, b) in enumerate(pairs):
            edge = Edge(
                a,
                b,
                False,
                id=f"s{i}",
                width=2.5,
                dashes=dashes,
                color={"color": colour, "highlight": colour, "hover": colour},
                cg_tip=f"{label}\n{_name(G, a)} - {_name(G, b)}",
                cg_suggestion=True,
            )
            net.edges.append(edge.options)

    net.options = vis_options(n_nodes, n_edges, physics, seed)
    if switch is not None:
        net.cg_geo_switch = dict(switch.projection)
    if geo_info is not None:
        net.cg_geo = {
            **geo_info.projection,
            "at_region_centre": geo_info.at_region_centre,
            "unplaced": geo_info.unplaced,
        }
    if aggregate:
        net.options["nodes"]["scaling"]["label"].update({"min": 12, "max": 18, "drawThreshold": 5})
    return net
