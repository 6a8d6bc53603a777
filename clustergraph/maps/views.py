"""Which part of the ecosystem a map shows: the whole, one region, one actor's
neighbourhood, or groups of actors.

Each view function returns a :class:`View`: the graph to draw plus what the
renderer needs to know about it (nodes to grey out, the focal actor, the
grouping). Views never change the input graph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from ..errors import InputError
from ..graph import check_region
from ..lookup import resolve_actor
from ..schema import ACTOR_TYPES, TYPE_LABELS

#: Label of the group of actors without a region.
NO_REGION = "(no region)"

#: Accepted values of ``aggregate``.
AGGREGATES: tuple[str, ...] = ("region", "type", "region-type")


@dataclass(frozen=True)
class View:
    """A graph to draw and how to draw it.

    Attributes
    ----------
    graph : networkx.Graph
        Nodes and edges shown on the map (attributes as in the input graph; for
        an aggregate view see :func:`aggregate_view`).
    kind : {"full", "region", "ego", "aggregate"}
    description : str
        One line shown under the map title.
    greyed : frozenset
        Nodes drawn in grey (the outside partners of a region view).
    focus : str or None
        The focal actor of an ego view.
    group_by : str or None
        The grouping of an aggregate view.
    """

    graph: nx.Graph
    kind: str = "full"
    description: str = ""
    greyed: frozenset = field(default_factory=frozenset)
    focus: str | None = None
    group_by: str | None = None


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1 (also used by the report).

    >>> plural(1, "actor"), plural(1200, "actor"), plural(2, "country", "countries")
    ('1 actor', '1,200 actors', '2 countries')
    """
    return f"{n:,} {word if n == 1 else (plural_form or word + 's')}"


def full_view(G: nx.Graph) -> View:
    """The whole ecosystem.

    Examples
    --------
    >>> full_view(nx.path_graph(3)).description
    'All 3 actors, 2 links'
    """
    return View(G, "full", f"All {plural(G.number_of_nodes(), 'actor')}, {plural(G.number_of_edges(), 'link')}")


def region_view(G: nx.Graph, region: str) -> View:
    """One region's actors, their links, and their partners outside the region (greyed).

    Links between two outside partners are left out: the view is about the region.

    Parameters
    ----------
    G : networkx.Graph
    region : str
        A value of the actors' ``region`` attribute (exact match).

    Returns
    -------
    View
        ``greyed`` holds the outside partners.

    Raises
    ------
    InputError
        When no actor is in ``region``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"region": "N"}), ("b", {"region": "N"}), ("c", {"region": "S"}),
    ...                   ("d", {"region": "S"})])
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("c", "d")])
    >>> v = region_view(G, "N")
    >>> sorted(v.graph), sorted(v.greyed), v.graph.number_of_edges()
    (['a', 'b', 'c'], ['c'], 2)
    """
    region = check_region(G, region) or region
    inside = {n for n, r in G.nodes(data="region") if r is not None and str(r) == region}
    # the links of the region's actors only: a report draws one map per region, and scanning
    # every link of the network for each of them made the maps quadratic in the regions
    links = list(G.edges(inside, data=True))
    if G.is_directed():  # a DiGraph's edges(nbunch) are out-links: add the in-links from outside
        links += [(u, v, d) for u, v, d in G.in_edges(inside, data=True) if u not in inside]
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in inside)
    H.add_edges_from(links)
    outside = set(H) - inside
    H.add_nodes_from((n, G.nodes[n]) for n in outside)
    desc = f"Region {region}: {plural(len(inside), 'actor')} and {plural(len(outside), 'outside partner')} (grey)"
    return View(H, "region", desc, frozenset(outside))


def ego_view(G: nx.Graph, ego: str, radius: int = 1) -> View:
    """An actor and everyone within ``radius`` links of it (link direction ignored).

    Uses :func:`networkx.ego_graph`.

    Parameters
    ----------
    G : networkx.Graph
    ego : str
        Actor id or name (see :func:`clustergraph.lookup.resolve_actor`).
    radius : int
        Number of steps (at least 1).

    Examples
    --------
    >>> v = ego_view(nx.path_graph(["a", "b", "c", "d"]), "a", radius=2)
    >>> sorted(v.graph), v.focus
    (['a', 'b', 'c'], 'a')
    """
    ego = resolve_actor(G, ego, what="--ego actor")
    if int(radius) < 1:
        raise InputError(f"--radius must be at least 1, got {radius}.")
    H = nx.ego_graph(G, ego, radius=int(radius), undirected=True)
    name = G.nodes[ego].get("name", ego)
    desc = f"{name} and {plural(H.number_of_nodes() - 1, 'actor')} within {plural(int(radius), 'step')}"
    return View(H, "ego", desc, focus=ego)


def _group_key(attrs: dict, by: str) -> tuple[str, str | None, str | None]:
    """(key, region, type) of the group an actor falls in."""
    region = attrs.get("region")
    region = NO_REGION if region is None else str(region)
    atype = attrs.get("type")
    if by == "region":
        return region, region, None
    if by == "type":
        return str(atype), None, atype
    return f"{region} | {TYPE_LABELS.get(atype, atype)}", region, atype  # type: ignore[arg-type]


def aggregate_view(G: nx.Graph, by: str = "region") -> View:
    """One node per group of actors, one edge per pair of linked groups.

    Parameters
    ----------
    G : networkx.Graph
    by : {"region", "type", "region-type"}

    Returns
    -------
    View
        Its graph is undirected. Node attributes: ``name`` (the group's label),
        ``actors`` (number of actors), ``types`` (actors per type, a dict),
        ``internal`` (links inside the group), ``region`` and ``type`` where
        they apply. Edge attributes: ``weight`` = ``links`` = the number of
        links between the two groups (the sum of the merged edges' ``count``),
        ``link_weight`` = the sum of their weights.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("a", {"type": "firm", "region": "N"}), ("b", {"type": "vet", "region": "N"}),
    ...                   ("c", {"type": "firm", "region": "S"})])
    >>> G.add_edge("a", "b", weight=1.0, count=1); G.add_edge("a", "c", weight=2.0, count=3)
    >>> H = aggregate_view(G, "region").graph
    >>> H.nodes["N"]["actors"], H.nodes["N"]["internal"], H["N"]["S"]["links"]
    (2, 1, 3)
    """
    if by not in AGGREGATES:
        raise InputError(f"--aggregate must be one of {', '.join(AGGREGATES)}, got {by!r}.")
    H = nx.Graph()
    H.graph.update(G.graph)
    group_of = {}
    for n, attrs in G.nodes(data=True):
        key, region, atype = _group_key(attrs, by)
        group_of[n] = key
        if key not in H:
            label = TYPE_LABELS.get(key, key) if by == "type" else key
            H.add_node(
                key,
                name=label,
                actors=0,
                types=Counter(),
                internal=0,
                **({"region": region} if region is not None else {}),
                **({"type": atype} if atype is not None else {}),
            )
        H.nodes[key]["actors"] += 1
        H.nodes[key]["types"][attrs.get("type")] += 1
    for u, v, d in G.edges(data=True):
        a, b = group_of[u], group_of[v]
        count = int(d.get("count", 1))
        if a == b:
            H.nodes[a]["internal"] += count
        elif H.has_edge(a, b):
            H[a][b]["links"] += count
            H[a][b]["link_weight"] += float(d.get("weight", 1.0))
        else:
            H.add_edge(a, b, links=count, link_weight=float(d.get("weight", 1.0)))
    for _, _, d in H.edges(data=True):
        d["weight"] = float(d["links"])
    order = {t: i for i, t in enumerate(ACTOR_TYPES)}
    for _, attrs in H.nodes(data=True):
        attrs["types"] = dict(sorted(attrs["types"].items(), key=lambda kv: order.get(kv[0], 99)))
    what = {"region": "region", "type": "actor type", "region-type": "region and actor type"}[by]
    desc = (
        f"{plural(G.number_of_nodes(), 'actor')} grouped by {what}: "
        f"{plural(H.number_of_nodes(), 'group')}, size = number of actors, "
        f"edge width = number of links"
    )
    return View(H, "aggregate", desc, group_by=by)
