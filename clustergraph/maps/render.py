"""Build the pyvis network of a view: node and edge styles, tooltips and vis options.

Visual encoding (documented in the README "Maps" section):

- node colour: actor type, Okabe-Ito palette (:data:`clustergraph.schema.TYPE_COLOURS`);
- node shape: diamond for cluster organisations, dot for everyone else;
- node size: the chosen metric (see :mod:`clustergraph.maps.measures`);
- halo (drawn by the page, switchable): actor flagged by gap analysis; its size and colours stay;
- grey node: outside partner in a region view;
- edge width: link weight, ``1 + 5 * sqrt((w - min) / (max - min))`` pixels;
- edge colour and dash: scope (:data:`SCOPE_STYLES`); suggested partnerships
  are long magenta dashes.

The network is a pure function of a :class:`~clustergraph.maps.model.MapModel`
(:func:`vis_network`): positions, sizes, tooltips and communities come from the
model; this module only turns them into vis-network's node and edge options.

Tooltips are plain text (field ``cg_tip``); the page turns them into DOM text
nodes, so a name such as ``<img src=x onerror=alert(1)>`` is shown, not run.

pyvis's ``Network.add_edge`` checks every existing edge for duplicates (quadratic
time), so nodes and edges are appended through pyvis's own ``Node``/``Edge``
classes instead; the network's ``options`` is a plain dict of vis-network options.
"""

from __future__ import annotations

from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from ..schema import TYPE_COLOURS
from .measures import SIZE_MAX, SIZE_MIN
from .model import LABELS_FROM, PHYSICS_MAX, MapEdge, MapModel, MapNode, edge_widths

__all__ = ["PHYSICS_MAX", "LABELS_FROM", "edge_widths", "vis_network", "vis_options"]

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
#: Halo of actors flagged by gap analysis (drawn by the page under the actor; translucent, so the
#: type colour stays readable where hundreds are flagged).
FLAG_HALO = "rgba(204, 0, 102, 0.38)"
#: Border of the focused actor.
FLAG_BORDER = "#000000"
#: Colour of aggregated groups that mix actor types (aggregate by region).
MIXED_COLOUR = "#7F7F7F"


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


def _node_options(model: MapModel, n: MapNode) -> dict:
    """vis-network options of node ``n``: position, size, colours, border, tooltip and the page's fields."""
    aggregate = model.kind == "aggregate"
    mixed = aggregate and model.aggregate_by == "region"
    fill = MIXED_COLOUR if mixed else TYPE_COLOURS.get(n.type, MIXED_COLOUR)  # type: ignore[arg-type]
    border, width = fill, 1.5
    font: dict[str, object] | None = None
    if n.greyed:
        fill, border, font = GREY_FILL, GREY_BORDER, {"color": GREY_FONT}
    if n.focus:
        font = {"size": 22, "color": "#000000"}
        width = max(width, 3)
        border = "#333333"
    opts: dict[str, object] = {
        "x": n.x,
        "y": n.y,
        "value": round(n.size, 2),
        "color": {
            "background": fill,
            "border": border,
            "highlight": {"background": fill, "border": "#000000"},
            "hover": {"background": fill, "border": "#000000"},
        },
        "borderWidth": width,
        "cg_type": n.type if n.type is not None else "",
        "cg_region": n.region if n.region is not None else "",
        "cg_tip": n.tip,
        "cg_name": n.name,
    }
    if font:
        opts["font"] = font
    if n.geo is not None:
        opts["cg_geo"] = list(n.geo)
    if not aggregate:
        opts["cg_country"] = n.country or ""
        opts["cg_comm"] = n.community if n.community is not None else -1
        if n.measures:
            opts["cg_m"] = list(n.measures)
    if n.greyed:
        opts["cg_grey"] = True
    if n.flagged:
        opts["cg_flagged"] = True
    if aggregate:
        opts["cg_actors"] = int(n.actors or 0)
        if n.types is not None:
            opts["cg_types"] = dict(n.types)
    return opts


def _edge_options(model: MapModel, e: MapEdge) -> dict:
    """vis-network options of edge ``e`` (links: colour and dash by scope; suggestions: magenta dashes)."""
    if e.suggestion:
        label, colour, dashes = SUGGESTION_STYLE
        return Edge(
            e.source,
            e.target,
            False,
            id=e.id,
            width=e.width,
            dashes=dashes,
            color={"color": colour, "highlight": colour, "hover": colour},
            cg_tip=e.tip,
            cg_suggestion=True,
        ).options
    aggregate = model.kind == "aggregate"
    _, colour, dash = SCOPE_STYLES.get(e.scope, SCOPE_STYLES[None])
    if aggregate:
        colour, dash = "#8A8A8A", False
    if e.greyed:
        colour = GREY_BORDER if e.scope in (None, "regional") else colour
    edge = Edge(
        e.source,
        e.target,
        model.directed,
        id=e.id,
        width=e.width,
        color={"color": colour, "highlight": "#000000", "hover": "#000000"},
        dashes=dash,
        cg_w=e.weight,
    )
    if e.tip is not None:
        edge.options["cg_tip"] = e.tip
    if not aggregate:
        edge.options.update(
            cg_year=e.year,
            cg_last=e.last,
            cg_n=e.count,
            cg_scope=e.scope or "",
            cg_lt=list(e.link_types),
            cg_alpha=e.alpha,
        )
    return edge.options


def vis_network(model: MapModel) -> Network:
    """The pyvis :class:`~pyvis.network.Network` of a map model (nothing is computed here).

    Returns
    -------
    pyvis.network.Network
        ``net.nodes``/``net.edges`` hold vis-network dicts; ``net.options`` a dict.

    Examples
    --------
    >>> import networkx as nx
    >>> from clustergraph.maps.model import build_map_model
    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, "firm", "type")
    >>> net = vis_network(build_map_model(G))
    >>> [n["id"] for n in net.nodes], net.edges[0]["from"]
    (['a', 'b'], 'a')
    """
    net = Network(height="100%", width="100%", directed=model.directed, cdn_resources="in_line")
    for n in model.nodes:
        shape = "diamond" if n.type == "cluster_org" else "dot"
        node = Node(n.id, shape, n.label, **_node_options(model, n))
        net.nodes.append(node.options)
        net.node_ids.append(n.id)
        net.node_map[n.id] = node.options
    for e in model.edges:
        net.edges.append(_edge_options(model, e))
    links = sum(1 for e in model.edges if not e.suggestion)
    net.options = vis_options(len(model.nodes), links, model.physics, model.seed)
    if model.kind == "aggregate":
        net.options["nodes"]["scaling"]["label"].update({"min": 12, "max": 18, "drawThreshold": 5})
    return net
