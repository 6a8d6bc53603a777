"""The map's view model: everything a map shows, computed once (:func:`build_map_model`).

:class:`MapModel` holds the nodes (id, name, type, region, position, size, the
metrics shown, community, flags), the edges, the communities, the legend and
the view. Every map writer is a pure function of it and computes nothing:

- :func:`clustergraph.maps.render.vis_network` (the vis-network part, through pyvis),
- :func:`clustergraph.maps.offline.page_html` / :func:`~clustergraph.maps.offline.write_page`
  (the explorer page, vis-network or WebGL),
- :func:`clustergraph.maps.static_picture.picture_from_model` (the static SVG/PNG).

A caller that draws the same map twice (the report: ``map.html`` and its static
picture) builds the model once::

    model = build_map_model(G, MapOptions(region=..., seed=seed), metrics=result.actors)
    write_page(model, "map.html")
    svg = picture_from_model(model)

Communities are the Leiden communities of :mod:`clustergraph.metrics.communities`
(the ``community`` column of the metrics table when ``metrics`` has it, else
:func:`~clustergraph.metrics.communities.detect` with the same seed as
:func:`clustergraph.metrics`): the map's community of an actor is its
``community`` in ``actors_metrics.csv``, numbered from 0 (the largest).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from ..errors import InputError
from ..formatting import fmt_compact as format_value
from ..schema import ACTOR_TYPES, TYPE_LABELS
from .backbone import disparity_alpha
from .layout import layout, leiden_membership
from .measures import METRIC_LABELS, SIZE_MIN, metric_column, scale_sizes, size_values, tooltip_table
from .options import MapOptions
from .skills_layer import MapSkills, map_skills
from .views import View, aggregate_view, ego_view, full_view, plural, region_view

logger = logging.getLogger("clustergraph")

#: Above this many actors in view, a notice suggests the aggregate view.
LARGE_MAP = 2000
#: A full map of more actors than this opens on the region x type groups (with a way into each).
OPEN_GROUPED = 5000
#: With ``renderer="auto"``, a map of more actors than this is drawn with WebGL (sigma.js): every
#: actor at once, with the region x type groups one button away. vis-network (the renderer of
#: smaller maps) needed 66 s to draw 20,000 actors and 14 s per pan frame.
WEBGL_FROM = OPEN_GROUPED
#: Above this many actors or links a map is drawn as the region x type aggregate unless
#: ``force_full=True`` (``--full-map``): bigger pages do not open in a browser in reasonable time.
MAX_MAP_ACTORS = 50_000
MAX_MAP_LINKS = 200_000
#: Physics is switched on at load (then off once stable) only up to this many nodes.
PHYSICS_AUTO_MAX = 150
#: Above this many nodes the page's physics switch is disabled (it cannot settle in time).
PHYSICS_MAX = 1000
#: Above this many nodes only the :data:`LABELS_MAX` largest actors carry a label
#: (the focused neighbourhood gets its labels back in the page).
LABELS_FROM = 1000
LABELS_MAX = 150
#: Above this many links the page draws the links itself, batched by style in one canvas pass
#: under vis-network's nodes (vis-network draws, and builds an object for, each link one by one:
#: 38,000 links took 6.5-7.3 s to first draw). Such links have no hover tooltip.
EDGE_LAYER_FROM = 4000


@dataclass(frozen=True, kw_only=True)
class MapNode:
    """One actor (or group of an aggregate view) as the map shows it."""

    id: str
    name: str
    #: The label drawn beside the node ("" on big maps for all but the largest actors).
    label: str
    type: str | None
    region: str | None
    country: str | None
    x: float
    y: float
    #: Radius in pixels from the size metric (the same for flagged actors: a flag is a halo, not a size).
    size: float
    #: Tooltip, plain text.
    tip: str
    #: Leiden community (as in the metrics table); None in aggregate views.
    community: int | None = None
    flagged: bool = False
    greyed: bool = False
    focus: bool = False
    #: Values of :attr:`MapModel.measures`, in that order (None: missing).
    measures: tuple[float | None, ...] = ()
    #: Position in the geographic layout the page can switch to.
    geo: tuple[float, float] | None = None
    #: Aggregate views: the group's number of actors, and per type when the group mixes types.
    actors: int | None = None
    types: dict[str, int] | None = None


@dataclass(frozen=True, kw_only=True)
class MapEdge:
    """One link (or suggested introduction) as the map shows it."""

    id: str
    source: str
    target: str
    width: float
    weight: float | None = None
    #: Tooltip (None on large maps: the page writes it from the fields).
    tip: str | None = None
    scope: str | None = None
    year: int | None = None
    last: int | None = None
    count: int = 1
    link_types: tuple[str, ...] = ()
    #: Disparity-filter significance (backbone slider).
    alpha: float = 1.0
    #: An endpoint is an outside partner of a region view.
    greyed: bool = False
    suggestion: bool = False


@dataclass(frozen=True, kw_only=True)
class Legend:
    """What the legend and filters list (counts of actors per type, of links per scope)."""

    type_counts: dict[str, int]
    size_note: str
    #: Labels of the size-by menu (the first is the size shown at load).
    measures: tuple[str, ...]
    has_flagged: bool
    has_greyed: bool
    has_suggestions: bool
    scope_counts: dict[str, int]
    #: Where the page writes "Isolated actors (n)": {"x", "y", "text"}, or None.
    isolated: dict | None
    #: Number of nodes without a link, as text ("7"; "" when none or all): the page's switch.
    isolated_count: str = ""


@dataclass(frozen=True, kw_only=True)
class MapModel:
    """A map, computed once; the writers only render it (see the module text)."""

    kind: str
    title: str
    description: str
    aggregate_by: str | None
    directed: bool
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    legend: Legend
    #: node id -> Leiden community (every actor of the graph; empty for aggregates).
    communities: Mapping[str, int]
    seed: int
    physics: bool
    renderer: str
    suggestions_in_views: bool
    #: Projection of the geographic layout, when the map opens on it (``layout="geo"``).
    geo: dict | None = None
    #: Projection the page's geographic switch uses (actors with coordinates, community layout).
    geo_switch: dict | None = None
    #: The region x type groups a large full map opens on.
    groups: MapModel | None = None
    options: MapOptions = field(default_factory=MapOptions)
    #: The skills layer (needs and offers of the actors shown; None without a skills table).
    skills: MapSkills | None = None

    @property
    def positions(self) -> dict[str, tuple[float, float]]:
        """node id -> (x, y), screen pixels (y grows downwards)."""
        return {n.id: (n.x, n.y) for n in self.nodes}

    @property
    def greyed(self) -> frozenset[str]:
        return frozenset(n.id for n in self.nodes if n.greyed)


def select_view(
    G: nx.Graph, *, region: str | None = None, ego: str | None = None, radius: int = 1, aggregate: str | None = None
) -> View:
    """The :class:`~clustergraph.maps.views.View` asked for (at most one of region, ego, aggregate).

    Examples
    --------
    >>> select_view(nx.path_graph(["a", "b", "c"]), ego="a").focus
    'a'
    """
    chosen = [name for name, val in (("region", region), ("ego", ego), ("aggregate", aggregate)) if val is not None]
    if len(chosen) > 1:
        raise InputError(f"Choose one view at a time, not {' and '.join(chosen)}.")
    if region is not None:
        return region_view(G, str(region))
    if ego is not None:
        return ego_view(G, str(ego), radius)
    if aggregate is not None:
        return aggregate_view(G, aggregate)
    return full_view(G)


def map_communities(
    G: nx.Graph, *, metrics: pd.DataFrame | None = None, communities: Mapping | None = None, seed: int = 0
) -> dict[str, int]:
    """The communities a map shows: ``communities`` when given, else the ``community`` column
    of ``metrics``, else Leiden on ``G`` exactly as :func:`clustergraph.metrics` runs it.

    >>> G = nx.barbell_graph(4, 0)
    >>> sorted(set(map_communities(G).values()))
    [0, 1]
    """
    if communities is not None:
        return {str(k): int(v) for k, v in communities.items() if v is not None and not pd.isna(v)}
    if metrics is not None and "community" in metrics.columns:
        ids = metrics["id"] if "id" in metrics.columns else metrics.index
        return {str(i): int(c) for i, c in zip(ids, metrics["community"]) if not pd.isna(c)}
    return leiden_membership(G, seed=seed)


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


def _isolated_label(nodes: Iterable[MapNode], edges: Iterable[MapEdge]) -> dict | None:
    """Where the page writes "Isolated actors (n)": above their block."""
    nodes = list(nodes)
    linked = {e.source for e in edges if not e.suggestion} | {e.target for e in edges if not e.suggestion}
    alone = [n for n in nodes if n.id not in linked]
    if not alone or len(alone) == len(nodes):
        return None
    xs = [n.x for n in alone]
    top = min(n.y for n in alone)
    return {
        "x": round((min(xs) + max(xs)) / 2, 1),
        "y": round(top - 28, 1),
        "text": f"Isolated actors ({len(alone):,})",
    }


def _type_counts(nodes: Iterable[MapNode]) -> dict[str, int]:
    """Actors per type; groups count their actors (per type when they mix types)."""
    counts: dict[str, int] = {}
    for n in nodes:
        if n.types is not None:
            for t, k in n.types.items():
                counts[t] = counts.get(t, 0) + k
        else:
            key = n.type if n.type is not None else ""
            counts[key] = counts.get(key, 0) + (n.actors if n.actors is not None else 1)
    return counts


def _view_model(
    view: View,
    sizes: pd.Series,
    *,
    title: str,
    description: str,
    size_note: str,
    options: MapOptions,
    tips: pd.DataFrame | None = None,
    tip_columns: list[tuple[str, str]] | None = None,
    flagged: Iterable = (),
    suggestions: pd.DataFrame | None = None,
    measures: dict[str, pd.Series] | None = None,
    communities: Mapping[str, int] | None = None,
    physics: bool | None = None,
    renderer: str = "vis",
    geo: bool = False,
) -> MapModel:
    """The model of one view: positions (layout run here, once), sizes, tooltips, legend."""
    G = view.graph
    aggregate = view.kind == "aggregate"
    seed = options.seed
    flagged_set = {str(f) for f in flagged or ()} & set(G.nodes)
    n_nodes = G.number_of_nodes()
    if physics is None:
        physics = n_nodes <= PHYSICS_AUTO_MAX and not aggregate
    physics = bool(physics) and n_nodes <= PHYSICS_MAX and not geo
    comm = {} if aggregate else dict(communities or {})
    pos, _ = layout(
        G,
        seed=seed,
        groups="region" if view.group_by == "region-type" else None,
        positions=not geo,
        membership=None if aggregate else comm,
    )
    geo_info = switch = None
    if geo:
        from .geo import geo_positions

        geo_info = geo_positions(G)
        pos = geo_info.pos
    if not geo and not aggregate and _has_coordinates(G):
        from .geo import geo_positions

        switch = geo_positions(G)
    tip_lookup: dict = {}
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
    size_of = sizes.to_dict()  # a dict lookup per node: Series.get costs ~80 us each
    labelled = set(G.nodes)
    if n_nodes > LABELS_FROM:
        labelled = set(sorted(G.nodes, key=lambda x: (-float(size_of.get(x, SIZE_MIN)), str(x)))[:LABELS_MAX])
    mixed = aggregate and view.group_by == "region"
    nodes = []
    for n in sorted(G.nodes, key=str):
        attrs = G.nodes[n]
        is_flagged, greyed = n in flagged_set, n in view.greyed
        atype = attrs.get("type")
        nodes.append(
            MapNode(
                id=str(n),
                name=_name(G, n),
                label=_name(G, n) if n in labelled else "",
                type=atype if atype is not None else None,
                region=_text(attrs.get("region")),
                country=None if aggregate else _text(attrs.get("country")) or "",
                x=pos[n][0],
                y=pos[n][1],
                size=float(size_of.get(n, SIZE_MIN)),
                tip=_node_tip(n, attrs, tip_lookup.get(n, []), is_flagged, greyed, aggregate),
                community=None if aggregate else int(comm.get(str(n), -1)),
                flagged=is_flagged,
                greyed=greyed,
                focus=n == view.focus,
                measures=tuple(_number(series.get(str(n))) for _, series in measure_cols) if not aggregate else (),
                geo=tuple(switch.pos[n]) if switch is not None else None,  # type: ignore[arg-type]
                actors=int(attrs.get("actors", 0)) if aggregate else None,
                types={str(t): int(k) for t, k in attrs.get("types", {}).items()} if mixed else None,
            )
        )
    if G.is_directed():
        raw = list(G.edges(data=True))
    else:  # orient by id: the same graph built in another row order gives the same page
        raw = [(u, v, d) if str(u) <= str(v) else (v, u, d) for u, v, d in G.edges(data=True)]
    raw.sort(key=lambda e: (str(e[0]), str(e[1])))
    widths = edge_widths(pd.Series([float(d.get("weight", 1.0)) for _, _, d in raw])) if raw else []
    alpha = disparity_alpha(G) if not aggregate else {}
    small = n_nodes <= LABELS_FROM and len(raw) <= EDGE_LAYER_FROM
    edges = []
    for i, ((u, v, d), w) in enumerate(zip(raw, widths)):
        edges.append(
            MapEdge(
                id=f"e{i}",
                source=str(u),
                target=str(v),
                width=round(float(w), 2),
                weight=_number(d.get("weight", 1.0)),
                tip=_edge_tip(G, u, v, d, aggregate) if small or aggregate else None,
                scope=None if aggregate else (d.get("scope") or None),
                year=None if aggregate else _first_year(d),
                last=None if aggregate else (max(d.get("years") or [0]) or None),
                count=int(d.get("count", 1)),
                link_types=() if aggregate else tuple(str(t) for t in d.get("types") or []),
                alpha=round(float(alpha.get((u, v), alpha.get((v, u), 1.0))), 6) if not aggregate else 1.0,
                greyed=u in view.greyed or v in view.greyed,
            )
        )
    if suggestions is not None and not aggregate:
        pairs = sorted(
            {
                (str(a), str(b))
                for a, b in zip(suggestions["firm"], suggestions["candidate"])
                if str(a) in G and str(b) in G and str(a) != str(b)
            }
        )
        for i, (a, b) in enumerate(pairs):
            edges.append(
                MapEdge(
                    id=f"s{i}",
                    source=a,
                    target=b,
                    width=2.5,
                    tip=f"Suggested partnership\n{_name(G, a)} - {_name(G, b)}",
                    suggestion=True,
                )
            )
    scope_counts: dict[str, int] = {}
    for e in edges if not aggregate else ():
        if not e.suggestion:
            scope_counts[e.scope or ""] = scope_counts.get(e.scope or "", 0) + 1
    measure_labels = tuple(measures or ()) or (size_note.split(";")[0] or "Size",)
    alone = _isolated_label(nodes, edges)
    legend = Legend(
        type_counts=_type_counts(nodes),
        size_note=size_note,
        measures=measure_labels,
        has_flagged=any(n.flagged for n in nodes),
        has_greyed=any(n.greyed for n in nodes),
        has_suggestions=any(e.suggestion for e in edges),
        scope_counts=scope_counts,
        isolated=alone if not aggregate and not geo else None,
        isolated_count=alone["text"].split("(")[1].rstrip(")") if alone else "",
    )
    geo_projection = None
    if geo_info is not None:
        geo_projection = {
            **geo_info.projection,
            "at_region_centre": geo_info.at_region_centre,
            "unplaced": geo_info.unplaced,
        }
    return MapModel(
        kind=view.kind,
        title=title,
        description=description,
        aggregate_by=view.group_by,
        directed=G.is_directed(),
        nodes=tuple(nodes),
        edges=tuple(edges),
        legend=legend,
        communities=comm,
        seed=seed,
        physics=physics,
        renderer=renderer,
        suggestions_in_views=options.suggestions_in_views,
        geo=geo_projection,
        geo_switch=dict(switch.projection) if switch is not None else None,
        options=options,
    )


def build_map_model(
    G: nx.Graph,
    options: MapOptions | None = None,
    *,
    metrics: pd.DataFrame | None = None,
    communities: Mapping | None = None,
    flagged: Iterable | None = None,
    suggestions: pd.DataFrame | None = None,
) -> MapModel:
    """Compute a map once (view, sizes, tooltips, communities, layout, legend): **the entry point**
    for anyone who draws a map.

    Build it once and hand it to every writer: :func:`clustergraph.maps.offline.write_page`
    (``map.html``), :func:`clustergraph.maps.static_picture.picture_from_model` (the
    report's picture); none of them computes or lays out anything again.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`clustergraph.load` or :func:`clustergraph.graph.build_graph` (self-loops
        are ignored).
    options : MapOptions, optional
        How the map is drawn (view, size metric, seed, renderer, ...); default ``MapOptions()``.
    metrics : DataFrame, optional
        The actor table of :func:`clustergraph.metrics` (``MetricsResult.actors``): sizes,
        tooltips and, through its ``community`` column, the communities; what is missing is
        computed (only what the map needs).
    communities : mapping, optional
        Actor id -> community number, overriding ``metrics``; by default the metrics'
        Leiden communities (:func:`map_communities`, same seed as :func:`clustergraph.metrics`).
    flagged : iterable of str, optional
        Actors flagged by gap analysis (a halo the page can switch off).
    suggestions : DataFrame, optional
        Suggested partnerships, columns ``firm`` and ``candidate``.

    Returns
    -------
    MapModel

    Examples
    --------
    >>> from clustergraph.graph import build_graph
    >>> from clustergraph.synthetic import sample_ecosystem
    >>> G = build_graph(*sample_ecosystem())
    >>> model = build_map_model(G, MapOptions(size_by="degree"))
    >>> len(model.nodes) == G.number_of_nodes(), model.kind
    (True, 'full')
    """
    from ..graph import actors_only, drop_self_loops

    options = options or MapOptions()
    G = drop_self_loops(G)
    A = actors_only(G)  # hub projects (--hub-above) are not actors: left out, and the map says so
    left_out = A.graph.get("hubs_left_out")
    model = _build_map_model(
        A, options, metrics=metrics, communities=communities, flagged=flagged, suggestions=suggestions
    )
    if not left_out:
        return model
    note = hub_notice(left_out)
    logger.warning(f"The map leaves out {note}.")
    return _replace(model, description=f"{model.description}; without {note}")


def _build_map_model(
    G: nx.Graph,
    options: MapOptions,
    *,
    metrics: pd.DataFrame | None,
    communities: Mapping | None,
    flagged: Iterable | None,
    suggestions: pd.DataFrame | None,
) -> MapModel:
    """:func:`build_map_model` of a graph of actors only."""
    view = select_view(G, region=options.region, ego=options.ego, radius=options.radius, aggregate=options.aggregate)
    if view.kind != "aggregate" and not options.force_full:
        n, m = view.graph.number_of_nodes(), view.graph.number_of_edges()
        if n > MAX_MAP_ACTORS or m > MAX_MAP_LINKS:
            logger.warning(
                f"The map would show {n:,} actors and {m:,} links (limits {MAX_MAP_ACTORS:,} actors, "
                f"{MAX_MAP_LINKS:,} links): it is drawn as the region x type aggregate instead. "
                "Use --full-map (force_full=True) to force the full map."
            )
            view = aggregate_view(view.graph, "region-type")
    if suggestions is not None:
        missing = {"firm", "candidate"} - set(suggestions.columns)
        if missing:
            raise InputError(f"suggestions needs columns firm and candidate; missing {sorted(missing)}.")
    title = options.title
    if title is None:
        name = G.graph.get("name")
        title = "Ecosystem map" + (f": {name}" if name and name != "ecosystem" else "")
    common = {"title": title, "options": options}
    if view.kind == "aggregate":
        renderer = "webgl" if options.renderer == "webgl" else "vis"
        return _aggregate_model(view, title=title, options=options, physics=options.physics, renderer=renderer)
    n = view.graph.number_of_nodes()
    if n > LARGE_MAP:
        logger.warning(
            f"The map shows {n:,} actors (more than {LARGE_MAP:,}): it may open slowly. "
            "Consider --aggregate region (or type, region-type), --region R or --ego ID."
        )
    size_by = options.size_by
    values = size_values(G, size_by, metrics)
    sizes = scale_sizes(values.reindex([str(x) for x in view.graph.nodes]))
    sizes.index = list(view.graph.nodes)
    tips, shown = tooltip_table(G, size_by, values, metrics)
    column = metric_column(size_by)
    measures = {METRIC_LABELS.get(column, column): values}
    brokerage = {"total", "brokerage_total"}
    for c, label in shown:
        if c == column or {c, column} <= brokerage:  # the size metric under another name: listed once
            continue
        measures.setdefault(label, tips[c])
    measures.setdefault("Weighted degree", pd.Series(dict(G.degree(weight="weight")), dtype=float))
    geo = options.layout == "geo"
    comm = map_communities(G, metrics=metrics, communities=communities, seed=options.seed)
    renderer = "webgl" if options.renderer == "webgl" or (options.renderer == "auto" and n > WEBGL_FROM) else "vis"
    model = _view_model(
        view,
        sizes,
        description=view.description,
        size_note=f"{METRIC_LABELS.get(column, column)}; area grows with the value",
        tips=tips,
        tip_columns=shown,
        flagged=flagged or (),
        suggestions=suggestions,
        measures=measures,
        communities=comm,
        physics=options.physics,
        renderer=renderer,
        geo=geo,
        **common,  # type: ignore[arg-type]
    )
    if model.geo is not None:
        guessed = []
        if model.geo["at_region_centre"]:
            guessed.append(f"{model.geo['at_region_centre']:,} without coordinates at their region's centre")
        if model.geo["unplaced"]:
            guessed.append(f"{model.geo['unplaced']:,} without any coordinates in their region, under the map")
        description = view.description + "; geographic layout" + (" (" + "; ".join(guessed) + ")" if guessed else "")
        if guessed:
            logger.warning("Geographic layout: " + "; ".join(guessed) + ".")
        model = _replace(model, description=description)
    model = _replace(model, skills=map_skills(G, [x.id for x in model.nodes]))  # the skill filter's data
    if view.kind == "full" and n > OPEN_GROUPED:
        groups = aggregate_view(G, "region-type")
        model = _replace(model, groups=_aggregate_model(groups, title=title, options=options, physics=False))
    return model


def hub_notice(hubs: list[dict]) -> str:
    """The map's words on the hub projects it leaves out (plain text; the page escapes it).

    ``hubs``: one dict per hub (``name``, ``partners``), as
    :func:`clustergraph.graph.actors_only` lists them in ``graph["hubs_left_out"]``.

    >>> hub_notice([{"name": "Big <P>", "partners": 5000}])
    "1 hub project (Big <P>: 5,000 partners; --hub-above): its partners are drawn without the project's links"
    """
    shown = "; ".join(f"{h['name']}: {h['partners']:,} partners" for h in hubs[:3]) + ("; ..." if len(hubs) > 3 else "")
    one = len(hubs) == 1
    return (
        f"{len(hubs)} hub project{'' if one else 's'} ({shown}; --hub-above): "
        f"{'its' if one else 'their'} partners are drawn without the project's links"
    )


def _aggregate_model(
    view: View, *, title: str, options: MapOptions, physics: bool | None, renderer: str = "vis"
) -> MapModel:
    """The model of an aggregate view: one node per group, sized by its number of actors (from 0)."""
    counts = pd.Series({n: float(d["actors"]) for n, d in view.graph.nodes(data=True)}, dtype=float)
    return _view_model(
        view,
        scale_sizes(counts, from_zero=True),
        description=view.description,
        size_note="number of actors",
        title=title,
        options=options,
        physics=physics,
        renderer=renderer,
    )


def _replace(model: MapModel, **changes) -> MapModel:
    import dataclasses

    return dataclasses.replace(model, **changes)


__all__ = ["ACTOR_TYPES", "Legend", "MapEdge", "MapModel", "MapNode", "MapOptions", "build_map_model"]
