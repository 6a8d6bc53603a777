"""Build the NetworkX graph of the ecosystem from validated actor and link tables.

Nodes are actor ids (strings) and carry every actor column as an attribute
(empty cells are left out). Repeated links between the same pair are merged
into one edge:

- ``weight``: the sum of the links' weights;
- ``count``: how many links were merged;
- ``types``: the sorted distinct link types (list of str);
- ``years``: the sorted distinct years (list of int); ``year`` is the first one;
- ``scope``: regional / national / international, taken from the links when
  given (the widest when they differ), otherwise derived from the two actors'
  ``region`` and ``country``; left out when it cannot be known.

Isolated actors are kept: an actor with no link is what a cluster manager must see.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import networkx as nx
import pandas as pd

from .schema import SCOPES

logger = logging.getLogger("clustergraph")


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    try:
        if pd.isna(value):
            return False
    except (TypeError, ValueError):
        pass
    return not (isinstance(value, str) and value == "")


def undirected(G: nx.Graph) -> nx.Graph:
    """The undirected view of ``G`` (``G`` itself when already undirected): a link is a tie
    whatever its direction.

    >>> D = nx.DiGraph([("a", "b")])
    >>> undirected(D).has_edge("b", "a")
    True
    """
    return G.to_undirected(as_view=True) if G.is_directed() else G


def drop_self_loops(G: nx.Graph) -> nx.Graph:
    """``G`` without self-loops: the one self-loop rule of every entry point of the Python API.

    The loader refuses a link from an actor to itself; a graph built in Python
    may have some. They are dropped here, with a WARNING on the
    ``clustergraph`` logger naming the actors, so that every metric, gap and
    map sees the same graph (otherwise degree and PageRank would count them
    and the other measures would not). Returns ``G`` itself when it has no
    self-loop, else a copy without them (``G`` is not changed).

    >>> G = nx.Graph([("a", "a"), ("a", "b")])
    >>> H = drop_self_loops(G)
    >>> H.number_of_edges(), G.number_of_edges(), drop_self_loops(H) is H
    (1, 2, True)
    """
    loops = list(nx.selfloop_edges(G))
    if not loops:
        return G
    actors = sorted({str(u) for u, _ in loops})
    shown = ", ".join(repr(a) for a in actors[:10]) + (" ..." if len(actors) > 10 else "")
    logger.warning(
        "dropped %d self-loop(s) (a link from an actor to itself, which the loader refuses): %s", len(loops), shown
    )
    H = G.copy()
    H.remove_edges_from(loops)
    return H


def derive_scope(a: dict, b: dict) -> str | None:
    """The scope of a link between actors with attribute dicts ``a`` and ``b``.

    - ``international``: both countries known and different;
    - ``regional``: both regions known and equal (countries not different);
    - ``national``: both countries known and equal, both regions known and different;
    - ``None`` (shown as *unknown*): not enough information, e.g. an end without a region
      (two actors of one country without regions may well be in the same region).

    >>> derive_scope({"region": "A", "country": "NO"}, {"region": "B", "country": "NO"})
    'national'
    >>> derive_scope({"region": "A", "country": "NO"}, {"region": "A", "country": "NO"})
    'regional'
    >>> derive_scope({"country": "NO"}, {"country": "ES"})
    'international'
    >>> derive_scope({"region": "A"}, {"region": "B"}) is None
    True
    >>> derive_scope({"country": "NO"}, {"region": "B", "country": "NO"}) is None
    True
    """
    ca, cb = a.get("country"), b.get("country")
    ra, rb = a.get("region"), b.get("region")
    if ca and cb and ca != cb:
        return "international"
    if not (ra and rb):
        return None
    if ra == rb:
        return "regional"
    if ca and cb:
        return "national"
    return None


def build_graph(
    actors: pd.DataFrame, links: pd.DataFrame, *, directed: bool = False, name: str = "ecosystem"
) -> nx.Graph:
    """Build the ecosystem graph from validated tables.

    Parameters
    ----------
    actors : DataFrame
        Validated actors (see :func:`clustergraph.io.read_actors`): ``id``,
        ``name``, canonical ``type`` and any further columns.
    links : DataFrame
        Validated links: ``source``, ``target`` and optional ``type``,
        ``weight``, ``year``, ``scope`` and further columns. Every endpoint must
        be an actor id.
    directed : bool
        Read links as ``source -> target`` (a :class:`networkx.DiGraph`);
        otherwise links are undirected (a :class:`networkx.Graph`).
    name : str
        Stored as ``G.graph["name"]``.

    Returns
    -------
    networkx.Graph or networkx.DiGraph

    Examples
    --------
    >>> a = pd.DataFrame({"id": ["1", "2"], "name": ["A", "B"], "type": ["firm", "vet"]})
    >>> l = pd.DataFrame({"source": ["1", "2"], "target": ["2", "1"], "weight": [1.0, 2.0]})
    >>> G = build_graph(a, l)
    >>> G["1"]["2"]["weight"], G["1"]["2"]["count"]
    (3.0, 2)
    """
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    G.graph["name"] = name
    G.graph["directed"] = bool(directed)
    for rec in actors.to_dict("records"):
        node = str(rec.pop("id"))
        G.add_node(node, **{k: v for k, v in rec.items() if _present(v)})

    scope_rank = {s: i for i, s in enumerate(SCOPES)}
    for rec in links.to_dict("records"):
        u, v = str(rec.pop("source")), str(rec.pop("target"))
        weight = float(rec.pop("weight", 1.0)) if _present(rec.get("weight")) else 1.0
        rec.pop("weight", None)
        ltype = rec.pop("type", None)
        year = rec.pop("year", None)
        scope = rec.pop("scope", None)
        extra = {k: val for k, val in rec.items() if _present(val)}
        if G.has_edge(u, v):
            d = G[u][v]
            d["weight"] += weight
            d["count"] += 1
        else:
            G.add_edge(u, v, weight=weight, count=1, types=[], years=[])
            d = G[u][v]
        for t in ltype if isinstance(ltype, tuple) else (ltype,):  # a tuple: several (projected links)
            if _present(t) and t not in d["types"]:
                d["types"] = sorted(d["types"] + [str(t)])
        if _present(year) and int(year) not in d["years"]:
            d["years"] = sorted(d["years"] + [int(year)])
            d["year"] = d["years"][0]
        if _present(scope):
            old = d.get("scope_given")
            if old is None or scope_rank[scope] > scope_rank[old]:
                d["scope_given"] = scope
        for k, val in extra.items():
            d.setdefault(k, val)

    for u, v, d in G.edges(data=True):
        given = d.pop("scope_given", None)
        scope = given or derive_scope(G.nodes[u], G.nodes[v])
        if scope:
            d["scope"] = scope
    return G


# --------------------------------------------------------------------------- queries

#: Actor attributes that identify an actor in every table (metrics, gaps, report).
IDENTITY_COLUMNS: tuple[str, ...] = ("id", "name", "type", "region", "country", "sector")


def regions(G: nx.Graph) -> list[str]:
    """The sorted distinct regions of the actors of ``G`` (as text).

    >>> G = nx.Graph(); G.add_node("a", region="S"); G.add_node("b", region="N"); G.add_node("c")
    >>> regions(G)
    ['N', 'S']
    """
    return sorted({str(r) for _, r in G.nodes(data="region") if r is not None})


def check_region(G: nx.Graph, region: str | None) -> str | None:
    """Return ``region`` as the data spells it; raise :class:`InputError` when no actor has it.

    The one home of the "which region did you mean" rule used by gaps,
    suggestions, maps and the report: an exact match wins, then a unique match
    ignoring case and accents (``navarra`` finds ``Navarra``); otherwise the
    error lists the regions of the data, nearest first.

    >>> G = nx.Graph(); G.add_node("a", region="País Vasco")
    >>> check_region(G, "pais vasco")
    'País Vasco'
    >>> check_region(G, None) is None
    True
    """
    if region is None:
        return None
    from .errors import InputError
    from .lookup import fold, nearest

    known = regions(G)
    if region in known:
        return region
    hits = [r for r in known if fold(r) == fold(region)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise InputError(f"region {region!r} is ambiguous: {', '.join(hits)}")
    near = nearest(region, known)
    shown = ", ".join(known[:20]) + (" ..." if len(known) > 20 else "")
    hint = f" (did you mean {near!r}?)" if near else ""
    raise InputError(f"region {region!r} not found{hint}; regions in the data: {shown or 'none'}")


def graph_figures(G: nx.Graph) -> dict:
    """Whole-graph figures: n_actors, n_links, density, components, largest_component_share, isolated.

    Components are weak components in a directed graph; density is 0 below two actors.

    >>> graph_figures(nx.Graph([("a", "b")]))["largest_component_share"]
    1.0
    """
    n = G.number_of_nodes()
    comps = list(nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    largest = max((len(c) for c in comps), default=0)
    return {
        "n_actors": n,
        "n_links": G.number_of_edges(),
        "density": nx.density(G) if n > 1 else 0.0,
        "components": len(comps),
        "largest_component_share": largest / n if n else 0.0,
        "isolated": sum(1 for _, d in G.degree() if d == 0),
    }


def actor_table(G: nx.Graph, columns: tuple[str, ...] = IDENTITY_COLUMNS) -> pd.DataFrame:
    """One row per actor (in graph order) with the node attributes ``columns``; ``id`` is the node.

    The one place the identity table of metrics, summaries and the report is
    built from node attributes; missing attributes are None.

    >>> G = nx.Graph(); G.add_node("a", name="A", type="firm")
    >>> actor_table(G, ("id", "name", "type", "region")).to_dict("records")
    [{'id': 'a', 'name': 'A', 'type': 'firm', 'region': None}]
    """
    nodes = list(G)
    data = {"id": nodes}
    for col in columns:
        if col != "id":
            data[col] = [G.nodes[v].get(col) for v in nodes]
    return pd.DataFrame(data, columns=list(columns))


def check_graph(G: Any, *, what: str = "G") -> nx.Graph:
    """The graph argument of the Python API, checked the same way by every facade function.

    - ``None`` or not a networkx graph: :class:`~clustergraph.errors.InputError`;
    - a multigraph: merged into a simple graph as :func:`build_graph` merges repeated links
      (weights summed, ``count`` links), with a notice on the ``clustergraph`` logger;
    - node ids that collide once written as text (``1`` and ``"1"``): refused, since every
      table and file of clustergraph writes ids as text.

    Self-loops (:func:`drop_self_loops`) and link weights (the metrics' weight guard) are
    checked where they matter.

    Returns ``G`` itself when nothing needed merging.

    >>> M = nx.MultiGraph([("a", "b"), ("a", "b")])
    >>> H = check_graph(M)
    >>> H.is_multigraph(), H["a"]["b"]["weight"], H["a"]["b"]["count"]
    (False, 2.0, 2)
    >>> check_graph(nx.Graph([(1, "1")]))
    Traceback (most recent call last):
    ...
    clustergraph.errors.InputError: 1 problem in the input:
      - input: G: node ids 1 and '1' are the same once written as text; rename one of them
    """
    from .errors import InputError

    if G is None or not isinstance(G, nx.Graph):
        raise InputError(f"{what}: expected a networkx graph (e.g. clustergraph.load(...)), got {type(G).__name__}")
    if G.is_multigraph():
        H: nx.Graph = nx.DiGraph() if G.is_directed() else nx.Graph()
        H.graph.update(G.graph)
        H.add_nodes_from(G.nodes(data=True))
        for u, v, d in G.edges(data=True):
            w = float(d.get("weight", 1.0))
            if H.has_edge(u, v):
                e = H[u][v]
                e["weight"] += w
                e["count"] += int(d.get("count", 1))
            else:
                H.add_edge(u, v, **{**d, "weight": w, "count": int(d.get("count", 1))})
        logging.getLogger("clustergraph").warning(
            "%s is a multigraph: %d parallel links merged into %d (weights summed)",
            what,
            G.number_of_edges(),
            H.number_of_edges(),
        )
        G = H
    seen: dict[str, object] = {}
    for n in G:
        key = str(n)
        if key in seen and seen[key] is not n and seen[key] != n:
            raise InputError(
                f"{what}: node ids {seen[key]!r} and {n!r} are the same once written as text; rename one of them"
            )
        seen[key] = n
    return G
