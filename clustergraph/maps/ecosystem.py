"""The public map function: choose the view, size the nodes, write the offline page."""

from __future__ import annotations

import logging
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import InputError
from .measures import METRIC_LABELS, metric_column, scale_sizes, size_values, tooltip_table
from .offline import write_assets, write_page
from .render import build_network
from .views import View, aggregate_view, ego_view, full_view, region_view

logger = logging.getLogger("clustergraph")

#: Above this many actors in view, a notice suggests the aggregate view.
LARGE_MAP = 2000
#: Accepted values of ``layout``.
LAYOUTS: tuple[str, ...] = ("community", "geo")
#: Folder (beside the page) of the shared JavaScript/CSS with ``shared_assets=True``.
ASSETS_DIR = "assets"
#: A full map of more actors than this opens on the region x type groups (with a way into each).
OPEN_GROUPED = 5000
#: With ``renderer="auto"``, a map of more actors than this is drawn with WebGL (sigma.js): every
#: actor at once, with the region x type groups one button away. vis-network (the renderer of
#: smaller maps) needed 66 s to draw 20,000 actors and 14 s per pan frame.
WEBGL_FROM = OPEN_GROUPED
#: Accepted values of ``renderer``.
RENDERERS: tuple[str, ...] = ("auto", "vis", "webgl")
#: Above this many actors or links a map is drawn as the region x type aggregate unless
#: ``force_full=True`` (``--full-map``): bigger pages do not open in a browser in reasonable time.
MAX_MAP_ACTORS = 50_000
MAX_MAP_LINKS = 200_000


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


def ecosystem_network(
    G: nx.Graph,
    *,
    size_by: str = "brokerage",
    metrics: pd.DataFrame | None = None,
    flagged=None,
    suggestions: pd.DataFrame | None = None,
    region: str | None = None,
    ego: str | None = None,
    radius: int = 1,
    aggregate: str | None = None,
    seed: int = 0,
    physics: bool | None = None,
    force_full: bool = False,
    layout: str = "community",
    renderer: str = "auto",
):
    """The pyvis network of a map and its view (for notebooks; see :func:`ecosystem_map`).

    Returns
    -------
    (pyvis.network.Network, View, str)
        The network, the view, and the legend text for node size.
    """
    if layout not in LAYOUTS:
        raise InputError(f"layout must be one of {', '.join(LAYOUTS)}, got {layout!r}.")
    if renderer not in RENDERERS:
        raise InputError(f"renderer must be one of {', '.join(RENDERERS)}, got {renderer!r}.")
    view = select_view(G, region=region, ego=ego, radius=radius, aggregate=aggregate)
    if view.kind != "aggregate" and not force_full:
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
    if view.kind == "aggregate":
        H = view.graph
        counts = pd.Series({n: float(d["actors"]) for n, d in H.nodes(data=True)}, dtype=float)
        net = build_network(view, scale_sizes(counts, from_zero=True), seed=seed, physics=physics)
        net.cg_renderer = "webgl" if renderer == "webgl" else "vis"
        return net, view, "number of actors"
    n = view.graph.number_of_nodes()
    if n > LARGE_MAP:
        logger.warning(
            f"The map shows {n:,} actors (more than {LARGE_MAP:,}): it may open slowly. "
            "Consider --aggregate region (or type, region-type), --region R or --ego ID."
        )
    values = size_values(G, size_by, metrics)
    sizes = scale_sizes(values.reindex([str(x) for x in view.graph.nodes]))
    sizes.index = list(view.graph.nodes)
    tips, shown = tooltip_table(G, size_by, values, metrics)
    column = metric_column(size_by)
    measures = {METRIC_LABELS.get(column, column): values}
    for c, label in shown:
        measures.setdefault(label, tips[c])
    measures.setdefault("Weighted degree", pd.Series(dict(G.degree(weight="weight")), dtype=float))
    net = build_network(
        view,
        sizes,
        tips,
        shown,
        flagged=flagged,
        suggestions=suggestions,
        seed=seed,
        physics=physics,
        measures=measures,
        geo=layout == "geo",
    )
    net.cg_measures = list(measures)
    net.cg_renderer = "webgl" if renderer == "webgl" or (renderer == "auto" and n > WEBGL_FROM) else "vis"
    if view.kind == "full" and n > OPEN_GROUPED:
        groups = aggregate_view(G, "region-type")
        counts = pd.Series({k: float(d["actors"]) for k, d in groups.graph.nodes(data=True)}, dtype=float)
        net.cg_groups = build_network(groups, scale_sizes(counts, from_zero=True), seed=seed, physics=False)
    return net, view, f"{METRIC_LABELS.get(column, column)}; area grows with the value"


def ecosystem_map(
    G: nx.Graph,
    path,
    *,
    size_by: str = "brokerage",
    metrics: pd.DataFrame | None = None,
    flagged=None,
    suggestions: pd.DataFrame | None = None,
    region: str | None = None,
    ego: str | None = None,
    radius: int = 1,
    aggregate: str | None = None,
    title: str | None = None,
    seed: int = 0,
    physics: bool | None = None,
    force_full: bool = False,
    shared_assets: bool = False,
    layout: str = "community",
    renderer: str = "auto",
    suggestions_in_views: bool = False,
) -> Path:
    """Write an interactive, self-contained (offline) HTML map of the ecosystem.

    Parameters
    ----------
    G : networkx.Graph
        From :func:`clustergraph.load` or :func:`clustergraph.graph.build_graph`.
    path : path-like
        The HTML file to write (folders are created; written atomically).
    size_by : str
        Metric for node size: ``brokerage`` (total Gould-Fernandez brokerage),
        ``degree``, ``weighted_degree``, ``betweenness``, ``pagerank``, ... or any
        numeric column of ``metrics``. Square-root scale, see
        :mod:`clustergraph.maps.measures`.
    metrics : DataFrame, optional
        Actor metrics indexed by actor id (``clustergraph.metrics(G).actors``);
        computed when missing (only what ``size_by`` needs).
    flagged : iterable of str, optional
        Actors flagged by gap analysis (drawn with a thick black ring).
    suggestions : DataFrame, optional
        Suggested partnerships, columns ``firm`` and ``candidate`` (dashed magenta edges).
    region : str, optional
        Show one region; its outside partners are grey.
    ego, radius : str, int, optional
        Show one actor and everyone within ``radius`` links.
    aggregate : {"region", "type", "region-type"}, optional
        One node per group, sized by its number of actors; edge width = number of links.
    title : str, optional
        Page heading; default ``"Ecosystem map"`` plus the graph name.
    seed : int
        Layout seed: same input and seed give byte-identical HTML.
    physics : bool, optional
        Let vis-network's physics settle the layout at load; by default only
        for views of at most 150 actors, never for aggregates (it stops once
        stable either way; the page has a switch, disabled above
        :data:`~clustergraph.maps.render.PHYSICS_MAX` actors).
    force_full : bool
        Draw every actor even above :data:`MAX_MAP_ACTORS` actors or
        :data:`MAX_MAP_LINKS` links (by default such maps are drawn as the
        region x type aggregate, with a warning).
    shared_assets : bool
        Write vis-network and the explorer's JavaScript/CSS once into an
        ``assets/`` folder beside ``path`` and load them from there (for report
        folders with many maps; still offline). Default: one self-contained file.
    layout : {"community", "geo"}
        ``community`` (default): the two-level layout of
        :func:`clustergraph.maps.layout.positions`; ``geo``: actors at their
        ``lat``/``lon`` over country outlines (:mod:`clustergraph.maps.geo`).
    renderer : {"auto", "vis", "webgl"}
        ``vis``: vis-network (canvas); ``webgl``: sigma.js + graphology (WebGL, every actor
        drawn at the precomputed positions, physics off); ``auto`` (default): WebGL above
        :data:`WEBGL_FROM` actors, else vis-network.
    suggestions_in_views : bool
        Draw the suggested introductions only when the page shows one region
        (its region menu, or ``map.html#region=...``), not over the whole
        network (the report's one map: hundreds of suggestions hide a network).

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> from clustergraph.graph import build_graph
    >>> from clustergraph.synthetic import sample_ecosystem
    >>> import tempfile, pathlib
    >>> G = build_graph(*sample_ecosystem())
    >>> out = ecosystem_map(G, pathlib.Path(tempfile.mkdtemp()) / "map.html", size_by="degree")
    >>> out.read_text(encoding="utf-8").count('src="http')
    0

    References
    ----------
    Okabe, M. and Ito, K. (2008). Color Universal Design (CUD): how to make
    figures and presentations that are friendly to colorblind people.
    vis-network (https://visjs.github.io/vis-network/), through pyvis.
    """
    from ..graph import drop_self_loops

    G = drop_self_loops(G)
    net, view, size_note = ecosystem_network(
        G,
        size_by=size_by,
        metrics=metrics,
        flagged=flagged,
        suggestions=suggestions,
        region=region,
        ego=ego,
        radius=radius,
        aggregate=aggregate,
        seed=seed,
        physics=physics,
        force_full=force_full,
        layout=layout,
        renderer=renderer,
    )
    if title is None:
        name = G.graph.get("name")
        title = "Ecosystem map" + (f": {name}" if name and name != "ecosystem" else "")
    description = view.description
    geo = getattr(net, "cg_geo", None)
    if geo is not None:
        guessed = []
        if geo["at_region_centre"]:
            guessed.append(f"{geo['at_region_centre']:,} without coordinates at their region's centre")
        if geo["unplaced"]:
            guessed.append(f"{geo['unplaced']:,} without any coordinates in their region, under the map")
        description += "; geographic layout" + (" (" + "; ".join(guessed) + ")" if guessed else "")
        if guessed:
            logger.warning("Geographic layout: " + "; ".join(guessed) + ".")
    net.cg_suggestions_in_views = bool(suggestions_in_views)
    assets = None
    if shared_assets:
        write_assets(Path(path).parent / ASSETS_DIR)
        assets = ASSETS_DIR
    return write_page(
        net,
        path,
        title=title,
        description=description,
        size_note=size_note,
        aggregate_by=view.group_by,
        assets=assets,
    )
