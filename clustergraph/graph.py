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

import contextlib
import gc
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np
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
    warn_self_loops([u for u, _ in loops])
    H = G.copy()
    H.remove_edges_from(loops)
    return H


def warn_self_loops(actors: list) -> None:
    """The WARNING of :func:`drop_self_loops`: how many self-loops were dropped and the first ten
    actors (one per self-loop edge in ``actors``)."""
    names = sorted({str(u) for u in actors})
    shown = ", ".join(repr(a) for a in names[:10]) + (" ..." if len(names) > 10 else "")
    logger.warning(
        "dropped %d self-loop(s) (a link from an actor to itself, which the loader refuses): %s", len(actors), shown
    )


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
    return _build_graph(actors, links, directed=directed, name=name)


def _build_graph(
    actors: pd.DataFrame,
    links: pd.DataFrame,
    *,
    directed: bool = False,
    name: str = "ecosystem",
    merged: MergedLinks | None = None,
) -> nx.Graph:
    """:func:`build_graph`, given :func:`merge_links` of the actor ids and ``links`` when the loader
    has it already (:meth:`clustergraph.io.loading.LoadedTables.graph`)."""
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    G.graph["name"] = name
    G.graph["directed"] = bool(directed)
    with gc_paused():  # a million small dicts and lists: the collector's full passes would cost a third
        G.add_nodes_from(_node_attributes(actors))
        G.add_edges_from(_merged_links(G, links, directed=directed, merged=merged))
    return G


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many objects that form no cycle are created.

    With a large heap (a graph of 100,000 actors and its metrics) each full collection
    walks every object: building or writing half a million links would trigger several
    of them, a third of the time spent. The collector is switched back on (if it was on)
    when the block ends, also on an error.

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_LINK_FIELDS = ("source", "target", "weight", "type", "year", "scope")
_EDGE_FIELDS = ("weight", "count", "types", "years")


@dataclass(frozen=True)
class MergedLinks:
    """How :func:`build_graph` merges the rows of a link table into edges, as integer arrays.

    The one home of the merge rule: one edge per unordered pair of actors (per ordered pair when
    ``directed``), whatever the direction and however often the pair repeats; a self-loop is an
    edge too (:func:`drop_self_loops` leaves it out of the analyses). Edges are numbered in order
    of their pair's first row.

    Attributes
    ----------
    nodes : list of str
        The node order: the actor ids, then endpoints that are no actor (hub projects) in order of
        first appearance, as ``add_edge`` would add them.
    edge : ndarray of int64
        Per link row, its edge.
    first_row : ndarray of int64
        Per edge, its first row.
    u, v : ndarray of int64
        Per edge, the codes (positions in ``nodes``) of its two ends: the lower first unless
        ``directed`` (then source, target).
    """

    nodes: list[str]
    edge: np.ndarray
    first_row: np.ndarray
    u: np.ndarray
    v: np.ndarray

    @property
    def n_edges(self) -> int:
        """How many edges (self-loops included): ``G.number_of_edges()`` of :func:`build_graph`."""
        return len(self.first_row)


def merge_links(nodes: list[str], links: pd.DataFrame, *, directed: bool = False) -> MergedLinks:
    """Merge the rows of ``links`` into edges between ``nodes`` (actor ids, in the actors' order) as
    :func:`build_graph` does, without building a graph (see :class:`MergedLinks`).

    >>> m = merge_links(["a", "b", "c"], pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "a", "a"]}))
    >>> m.n_edges, m.edge.tolist(), m.u.tolist(), m.v.tolist()
    (2, [0, 0, 1], [0, 0], [1, 2])
    >>> merge_links(["a", "b"], pd.DataFrame({"source": ["a", "b"], "target": ["b", "a"]}), directed=True).n_edges
    2
    """
    order = list(nodes)
    n_rows = len(links)
    if n_rows == 0:
        empty = np.zeros(0, dtype=np.int64)
        return MergedLinks(order, empty, empty, empty, empty)
    index = pd.Index(order)
    # codes by position in the node order; the text of each id only when some are no node or not text
    cu, cv = _node_codes(index, links["source"]), _node_codes(index, links["target"])
    if (cu < 0).any() or (cv < 0).any():
        src = [str(x) for x in links["source"].tolist()]
        dst = [str(x) for x in links["target"].tolist()]
        cu, cv = index.get_indexer(src), index.get_indexer(dst)
        if (cu < 0).any() or (cv < 0).any():  # endpoints missing from the actors appended as add_edge would
            position = {node: i for i, node in enumerate(order)}
            for node in (x for pair in zip(src, dst) for x in pair):
                if node not in position:
                    position[node] = len(order)
                    order.append(node)
            cu = np.fromiter((position[x] for x in src), dtype=np.int64, count=n_rows)
            cv = np.fromiter((position[x] for x in dst), dtype=np.int64, count=n_rows)
    cu, cv = cu.astype(np.int64), cv.astype(np.int64)
    lo, hi = (cu, cv) if directed else (np.minimum(cu, cv), np.maximum(cu, cv))
    edge, _ = pd.factorize(lo * max(len(order), 1) + hi, sort=False)  # edge ids in order of first row
    edge = edge.astype(np.int64)
    first_row = _first_per_group(edge, int(edge.max()) + 1)
    return MergedLinks(order, edge, first_row, lo[first_row], hi[first_row])


def _node_codes(index: pd.Index, column: pd.Series) -> np.ndarray:
    """Per cell of ``column``, the position of its value in ``index`` (-1: none), each distinct
    value looked up once (no Python string per cell of a text column)."""
    codes, uniques = pd.factorize(column)
    found = np.append(index.get_indexer(np.asarray(uniques, dtype=object)), -1)  # code -1 (empty) stays -1
    return found[codes]


def link_type_rows(links: pd.DataFrame) -> tuple[np.ndarray, list[str] | np.ndarray]:
    """The link types of ``links`` as (row, type) pairs: rows without a type left out, a row of
    several types (a tuple, from projected participations) once per type."""
    if "type" not in links:
        return np.zeros(0, dtype=np.int64), []
    mask = _present_mask(links["type"])
    rows = np.flatnonzero(mask)
    if isinstance(links["type"].dtype, pd.StringDtype):  # text only: no tuple, no conversion
        return rows, links["type"].to_numpy(dtype=object)[rows]
    values = links["type"].to_numpy(dtype=object)[rows].tolist()
    if any(isinstance(t, tuple) for t in values):  # several types in one row (projected links)
        pairs = [
            (r, str(x))
            for r, t in zip(rows.tolist(), values)
            for x in (t if isinstance(t, tuple) else (t,))
            if _present(x)
        ]
        return np.asarray([r for r, _ in pairs], dtype=np.int64), [x for _, x in pairs]
    return rows, [str(t) for t in values]


def link_type_codes(links: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`link_type_rows` as integer codes: ``(rows, codes, types)`` with ``types[codes[i]]`` the
    type of row ``rows[i]`` (a text column is factorised as it is, no Python string per cell)."""
    column = links.get("type")
    if column is not None and isinstance(column.dtype, pd.StringDtype):
        rows = np.flatnonzero(_present_mask(column))
        codes, uniques = pd.factorize(column)
        return rows, codes[rows].astype(np.int64), [str(t) for t in uniques]
    rows, values = link_type_rows(links)
    if not len(rows):
        return rows, np.zeros(0, dtype=np.int64), []
    codes, uniques = pd.factorize(np.asarray(values, dtype=object))
    return rows, codes.astype(np.int64), [str(t) for t in uniques]


def edge_scope_codes(merged: MergedLinks, links: pd.DataFrame, places: list[tuple]) -> np.ndarray:
    """Per edge of ``merged``, its scope as a position in :data:`~clustergraph.schema.SCOPES`
    (-1: unknown): the widest scope its links give, else :func:`derive_scope` of its two ends.

    ``places`` holds per node of ``merged.nodes`` its ``(country, region)`` (None where unknown);
    :func:`derive_scope` is called once per distinct pair of places.
    """
    n_edges = merged.n_edges
    given = np.full(n_edges, -1, dtype=np.int64)
    if "scope" in links and n_edges:
        mask = _present_mask(links["scope"])
        rows = np.flatnonzero(mask)
        rank = {s: i for i, s in enumerate(SCOPES)}
        ranks = np.fromiter((rank[s] for s in links["scope"].to_numpy(dtype=object)[rows]), dtype=np.int64)
        np.maximum.at(given, merged.edge[rows], ranks)  # the widest scope given
    place_of: dict[tuple, int] = {}
    node_place = np.empty(len(places), dtype=np.int64)
    for i, key in enumerate(places):
        node_place[i] = place_of.setdefault(key, len(place_of))
    known = list(place_of)
    k = max(len(known), 1)
    a, b = node_place[merged.u], node_place[merged.v]
    pair, inverse = np.unique(a * k + b, return_inverse=True)
    code: dict[str | None, int] = {s: i for i, s in enumerate(SCOPES)}
    place = [{"country": country, "region": region} for country, region in known]
    derived = np.array([code.get(derive_scope(place[p // k], place[p % k]), -1) for p in pair.tolist()], dtype=np.int64)
    return np.where(given >= 0, given, derived[inverse.reshape(-1)] if n_edges else given)


def _merged_links(
    G: nx.Graph, links: pd.DataFrame, *, directed: bool, merged: MergedLinks | None = None
) -> list[tuple[str, str, dict]]:
    """The edges of :func:`build_graph`, one per pair (or ordered pair), from the link table's columns.

    Computed column by column with numpy (the row-by-row merge it replaces is kept in
    ``tests/test_graph_build.py`` as the reference): edges in order of the pair's first
    row, oriented as that row; attribute keys in the order the row-by-row merge created
    them (``weight``, ``count``, ``types``, ``years``, then ``year`` and the further
    columns in the order of the row where each first had a value, ``scope`` last).
    ``merged``: :func:`merge_links` of ``list(G)`` and ``links`` when already computed.
    """
    n_rows = len(links)
    if n_rows == 0:
        return []
    if merged is None:
        merged = merge_links(list(G), links, directed=directed)
    edge, first_row, n_edges = merged.edge, merged.first_row, merged.n_edges

    if "weight" in links:
        mask = _present_mask(links["weight"])
        w = np.ones(n_rows)
        w[mask] = [float(x) for x in links["weight"][mask].tolist()]
    else:
        w = np.ones(n_rows)
    weights = np.bincount(edge, weights=w, minlength=n_edges).tolist()  # row order, as the merge adds
    counts = np.bincount(edge, minlength=n_edges).tolist()

    types: list[list] = [[] for _ in range(n_edges)]
    if "type" in links:
        rows, type_values = link_type_rows(links)
        types = _sorted_distinct(edge[rows], type_values, n_edges)

    years: list[list] = [[] for _ in range(n_edges)]
    optional: dict[Any, tuple[np.ndarray, list]] = {}  # key -> (first row with a value per edge, value per edge)
    if "year" in links:
        mask = _present_mask(links["year"])
        rows = np.flatnonzero(mask)
        values = [int(y) for y in links["year"].to_numpy(dtype=object)[rows].tolist()]
        years = _sorted_distinct(edge[rows], values, n_edges)
        first = np.full(n_edges, -1, dtype=np.int64)
        has = _first_per_group(edge[rows], n_edges)
        first[has >= 0] = rows[has[has >= 0]]
        optional["year"] = (first, [ys[0] if ys else None for ys in years])

    for col in links.columns:
        if col in _LINK_FIELDS or col in _EDGE_FIELDS:
            continue  # (the merge's setdefault keeps weight/count/types/years)
        mask = _present_mask(links[col])
        rows = np.flatnonzero(mask)
        first = np.full(n_edges, -1, dtype=np.int64)
        has = _first_per_group(edge[rows], n_edges)
        first[has >= 0] = rows[has[has >= 0]]
        column = links[col].tolist()
        optional[col] = (first, [column[r] if r >= 0 else None for r in first.tolist()])

    attrs = G.nodes
    places = [(d.get("country"), d.get("region")) for d in (attrs.get(node, {}) for node in merged.nodes)]
    scopes = [SCOPES[c] if c >= 0 else None for c in edge_scope_codes(merged, links, places).tolist()]

    # attribute keys in the order the merge created them: by first row with a value, then year, then columns
    keys = list(optional)
    if keys:
        firsts = np.column_stack([optional[k][0] for k in keys])
        sort_key = np.where(firsts >= 0, firsts, n_rows)
        perm = np.argsort(sort_key, axis=1, kind="stable")
        signature = np.where(np.take_along_axis(firsts, perm, axis=1) >= 0, perm, -1)
        shapes, shape_of = np.unique(signature, axis=0, return_inverse=True)
        shape_of = shape_of.reshape(-1)
    else:
        shapes, shape_of = np.zeros((1, 0), dtype=np.int64), np.zeros(n_edges, dtype=np.int64)
    u_name = [str(x) for x in links["source"].to_numpy(dtype=object)[first_row].tolist()]
    v_name = [str(x) for x in links["target"].to_numpy(dtype=object)[first_row].tolist()]
    out: list[tuple[str, str, dict]] = [None] * n_edges  # type: ignore[list-item]
    for s, shape in enumerate(shapes.tolist()):
        present = [keys[k] for k in shape if k >= 0]
        columns = [optional[k][1] for k in present]
        names = (*_EDGE_FIELDS, *present)
        for i in np.flatnonzero(shape_of == s).tolist():
            d = dict(zip(names, (weights[i], counts[i], types[i], years[i], *(c[i] for c in columns))))
            if scopes[i] is not None:
                d["scope"] = scopes[i]
            out[i] = (u_name[i], v_name[i], d)
    return out


def _present_mask(s: pd.Series) -> np.ndarray:
    """Which cells of ``s`` hold a value (the vectorised ``_present``: not None/NaN/NA/NaT, not "")."""
    mask = np.array(s.notna(), dtype=bool)
    if isinstance(s.dtype, pd.StringDtype):  # text only: compared at once
        return mask & s.ne("").fillna(False).to_numpy(dtype=bool)
    if not (pd.api.types.is_numeric_dtype(s.dtype) or pd.api.types.is_datetime64_any_dtype(s.dtype)):
        values = s.to_numpy(dtype=object)
        where = np.flatnonzero(mask)
        empty = np.fromiter((isinstance(x, str) and x == "" for x in values[where]), dtype=bool, count=len(where))
        mask[where[empty]] = False
    return mask


def _first_per_group(groups: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group id ``0..n_groups-1`` the first position of ``groups`` holding it (-1: none)."""
    first = np.full(n_groups, -1, dtype=np.int64)
    ids, pos = np.unique(groups, return_index=True)
    first[ids] = pos
    return first


def _sorted_distinct(edge: np.ndarray, values: list | np.ndarray, n_edges: int, *, key=None) -> list[list]:
    """Per edge, the sorted distinct ``values`` of its rows (``edge[i]`` is the edge of ``values[i]``)."""
    out: list[list] = [[] for _ in range(n_edges)]
    if len(values) == 0:
        return out
    codes, uniques = pd.factorize(np.asarray(values, dtype=object), sort=True)
    order = np.lexsort((codes, edge))
    e, c = edge[order], codes[order]
    keep = np.ones(len(e), dtype=bool)
    keep[1:] = (e[1:] != e[:-1]) | (c[1:] != c[:-1])
    names = list(uniques)
    for i, j in zip(e[keep].tolist(), c[keep].tolist()):
        out[i].append(names[j])
    return out


def _node_attributes(actors: pd.DataFrame) -> list[tuple[str, dict]]:
    """(id, attributes) of every actor row: every column but ``id``, empty cells left out."""
    ids = [str(x) for x in actors["id"].tolist()]
    columns = [c for c in actors.columns if c != "id"]
    absent = object()
    cells = []
    for col in columns:
        values, mask = actors[col].tolist(), _present_mask(actors[col])
        cells.append(values if mask.all() else [v if m else absent for v, m in zip(values, mask.tolist())])
    return [
        (node, {c: v for c, v in zip(columns, row) if v is not absent})
        for node, row in zip(ids, zip(*cells) if cells else ((),) * len(ids))
    ]


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


def hub_nodes(G: nx.Graph) -> list:
    """The hub projects of ``G`` (nodes with attribute ``hub=True``; ``--hub-above``, see
    :func:`clustergraph.projection.hub_projects`), in graph order; [] for a graph of actors only.

    >>> G = nx.Graph([("a", "project:P"), ("b", "project:P")]); G.nodes["project:P"]["hub"] = True
    >>> hub_nodes(G)
    ['project:P']
    """
    return [n for n, h in G.nodes(data="hub") if h is True]


def actors_only(G: nx.Graph) -> nx.Graph:
    """``G`` without its hub projects (:func:`hub_nodes`): the graph of the actor-level analyses.

    The one home of the rule "hub nodes are not actors": gaps, suggestions, critical mass,
    mixing, brokerage roles, the summary's tables, maps and the report see actors and the links
    between them only, so a partner whose only tie is a hub project has no partner there (sharing
    a consortium of thousands is not a working relation; the report's giant-consortium caveat
    says how many actors share one). Returns ``G`` itself when it has no hub, else a copy
    (``G.graph`` shallow-copied, so ``G.graph["projects"]`` still lists the hubs) whose
    ``graph["hubs_left_out"]`` lists each hub's ``name`` and ``partners``.

    >>> G = nx.Graph([("a", "b"), ("a", "project:P"), ("c", "project:P")]); G.nodes["project:P"]["hub"] = True
    >>> sorted(actors_only(G)), actors_only(G).number_of_edges(), actors_only(nx.Graph()) is not None
    (['a', 'b', 'c'], 1, True)
    """
    hubs = set(hub_nodes(G))
    if not hubs:
        return G
    H = G.subgraph([n for n in G if n not in hubs]).copy()
    H.graph.update(G.graph)
    H.graph["hubs_left_out"] = [  # what a map or report drawn from H says it leaves out
        {"name": str(G.nodes[h].get("name", h)), "partners": int(G.nodes[h].get("partners", G.degree(h)))}
        for h in hub_nodes(G)
    ]
    return H


def graph_figures(G: nx.Graph) -> dict:
    """Whole-graph figures: n_actors, n_links, density, components, largest_component_share, isolated.

    Components are weak components in a directed graph; density is 0 below two actors.

    With hub projects (:func:`hub_nodes`) the figures count actors only: ``n_actors`` and
    ``n_links`` (links between actors) and ``density`` leave the hubs and their links out, while
    ``components``, ``largest_component_share`` and ``isolated`` are computed with the hubs, so
    they are exactly those of the clique projection (a project's partners are one component,
    none isolated); ``hub_projects`` and ``hub_links`` count the hubs and their links.

    >>> graph_figures(nx.Graph([("a", "b")]))["largest_component_share"]
    1.0
    >>> G = nx.Graph([("a", "project:P"), ("b", "project:P"), ("c", "d")]); G.nodes["project:P"]["hub"] = True
    >>> f = graph_figures(G); f["n_actors"], f["n_links"], f["components"], f["isolated"], f["hub_links"]
    (4, 1, 2, 0, 2)
    """
    hubs = set(hub_nodes(G))
    n = G.number_of_nodes() - len(hubs)
    comps = list(nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G))
    if hubs:  # a hub left without partners (a network cut to earlier years) is no component of actors
        comps = [c for c in comps if not c <= hubs]
    largest = max((len(c) - len(c & hubs) if hubs else len(c) for c in comps), default=0)
    hub_links = sum(d for _, d in G.degree(hubs)) if hubs else 0
    m = G.number_of_edges() - hub_links
    figures = {
        "n_actors": n,
        "n_links": m,
        "density": (nx.density(G) if not hubs else m / (n * (n - 1) / (1 if G.is_directed() else 2))) if n > 1 else 0.0,
        "components": len(comps),
        "largest_component_share": largest / n if n else 0.0,
        "isolated": sum(1 for v, d in G.degree() if d == 0 and v not in hubs),
    }
    if hubs:
        figures.update(hub_projects=len(hubs), hub_links=hub_links)
    return figures


def actor_names(G: nx.Graph, nodes: list, *, limit: int = 3) -> str:
    """The names of ``nodes`` for a sentence: the first ``limit``, then "and N more".

    >>> G = nx.Graph(); G.add_nodes_from([("a", {"name": "Alpha"}), ("b", {}), ("c", {}), ("d", {})])
    >>> actor_names(G, ["a", "b"]), actor_names(G, ["a", "b", "c", "d"], limit=2)
    ('Alpha, b', 'Alpha, b and 2 more')
    """
    shown = [str(G.nodes[n].get("name", n)) for n in nodes[:limit]]
    more = len(nodes) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


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
