"""Fixed, seeded node positions that show the structure of a network at any size.

Positions are computed once in Python and written into the page, so the same
input and seed always give the same picture and nothing spins in the browser.

Two-level layout (:func:`positions`)
------------------------------------
1. Isolated actors are set aside, and so are (when grouping by community) the
   small components: linked components of 2 to :data:`SMALL_COMPONENT` actors.
2. The other linked actors are split into groups: their communities (by default the
   Leiden communities of :func:`clustergraph.metrics.communities.detect`, the
   same call and seed as :func:`clustergraph.metrics`, so the map's groups are
   the metrics table's ``community``; or a given ``membership``), or a node
   attribute (``groups="region"``).
3. Each group gets a disc whose area grows with its number of actors; the discs
   are placed by a force-directed layout of the *group graph* (one node per
   group, edge weight = number of links between the two groups) and then pushed
   apart until no two discs overlap.
4. Inside its disc, each group is laid out on its own with Fruchterman and
   Reingold's force-directed algorithm (igraph's grid variant when python-igraph
   is available, :func:`networkx.spring_layout` otherwise), started from seeded
   random positions.
5. The small components are drawn directly, without force iterations, as a grid
   of small blocks under the drawing (:func:`small_blocks`: a pair side by side,
   a star around its centre, otherwise a ring), so that ten thousand two-actor
   components cost no more than a list of positions.
6. Isolated actors go to a labelled block (:func:`isolated_block`) under that,
   outside the convex hull of the linked actors.

Many groups (above :data:`MANY_GROUPS`, e.g. a hub whose partners form thousands of
two-actor communities) are placed with igraph's grid layout and separated with a
k-d tree, so no step compares every pair of groups.

Links inside a group are therefore short and links between groups long: the
quality figures of :func:`quality` (printed by ``benchmarks/maps_bench.py``)
measure it.

References
----------
Fruchterman, T.M.J. and Reingold, E.M. (1991). Graph drawing by force-directed
placement. Software: Practice and Experience 21(11): 1129-1164.
Traag, V.A., Waltman, L. and van Eck, N.J. (2019). From Louvain to Leiden:
guaranteeing well-connected communities. Scientific Reports 9: 5233.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import networkx as nx
import numpy as np

from ..metrics import _igraph
from ..randomness import igraph_seeded, numpy_rng

#: Pixels per square root of a group's actor count: the radius of its disc.
SPREAD = 34.0
#: Gap in pixels between two group discs.
GAP = 40.0
#: Node radius used by :func:`quality` to count overlapping pairs (the smallest node size).
NODE_RADIUS = 6.0
#: Distance in pixels between isolated actors in their block.
ISOLATE_STEP = 30.0

#: Kept for compatibility: views up to this size were once laid out as a whole.
WHOLE_LAYOUT_MAX = 600
#: Linked components of at most this many actors are drawn directly as small blocks in a grid
#: (:func:`small_blocks`), without any force layout.
SMALL_COMPONENT = 8
#: Above this many groups the group discs are placed by igraph's grid force layout and
#: pushed apart with a k-d tree (both about linear per iteration).
MANY_GROUPS = 300


def _sorted_copy(G: nx.Graph) -> nx.Graph:
    """An undirected copy with nodes and edges in sorted order (order-independent layout)."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=str))
    edges: dict[tuple, float] = {}
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        a, b = sorted((u, v), key=str)
        edges[(a, b)] = edges.get((a, b), 0.0) + float(d.get("weight", 1.0) or 1.0)
    H.add_weighted_edges_from(sorted(((a, b, w) for (a, b), w in edges.items()), key=lambda e: (str(e[0]), str(e[1]))))
    return H


def _grid_start(n: int) -> float:
    """Half-width of the seeded start of igraph's grid Fruchterman-Reingold for ``n`` nodes:
    igraph's own random start (a square of side sqrt(n)). Its grid cells have a fixed size,
    so a start squeezed into [-1, 1] puts every node in one cell and costs n^2 per iteration
    (9.7 CPU s instead of 0.2 s for 5,000 nodes)."""
    return math.sqrt(n) / 2


def _force(n: int, edges: list[tuple[int, int]], seed: int, scale: float) -> np.ndarray:
    """Force-directed positions of ``n`` nodes linked by ``edges`` (index pairs), centred on 0
    within ``scale``."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]]) * min(scale, 2 * SPREAD)
    rng = numpy_rng(seed)
    start = rng.uniform(-1, 1, size=(n, 2))
    if _igraph.available():
        import igraph as ig

        g = ig.Graph(n=n, edges=edges)
        grid = n > 300
        with igraph_seeded(seed):
            xy = np.array(
                g.layout_fruchterman_reingold(
                    seed=(start * _grid_start(n) if grid else start).tolist(),
                    niter=300 if n <= 500 else 120,
                    grid="grid" if grid else "nogrid",
                )
            )
    else:
        S = nx.Graph()
        S.add_nodes_from(range(n))
        S.add_edges_from(edges)
        pos = nx.spring_layout(S, pos={i: start[i] for i in range(n)}, seed=seed, weight=None, iterations=80)
        xy = np.array([pos[i] for i in range(n)])
    xy = xy - xy.mean(axis=0)
    reach = np.sqrt((xy**2).sum(axis=1)).max()
    return xy * (scale / reach if reach > 0 else 1.0)


def _separate(centres: np.ndarray, radii: np.ndarray, iterations: int = 300) -> np.ndarray:
    """Push discs apart until no two overlap (with :data:`GAP` between them).

    Each overlapping pair moves apart by its overlap, the lighter disc more. Up to
    :data:`MANY_GROUPS` discs every pair is looked at; above, :func:`_separate_near`."""
    p = centres.astype(float).copy()
    k = len(p)
    if k < 2:
        return p
    if k > MANY_GROUPS:
        return _separate_near(p, radii, iterations)
    mass = radii**2
    for _ in range(iterations):
        delta = p[:, None, :] - p[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        need = radii[:, None] + radii[None, :] + GAP
        over = np.triu(need - dist, 1)
        over[over < 0] = 0
        if not over.any():
            break
        over = over + over.T
        safe = np.where(dist > 1e-9, dist, 1.0)
        unit = delta / safe[:, :, None]
        # coincident centres: separate along a fixed direction per pair
        unit[dist <= 1e-9] = np.array([1.0, 0.0])
        share = mass[None, :] / (mass[:, None] + mass[None, :])  # the lighter disc moves more
        p += 0.5 * (unit * (over * share)[:, :, None]).sum(axis=1)
    return p


def _separate_near(p: np.ndarray, radii: np.ndarray, iterations: int) -> np.ndarray:
    """:func:`_separate` for many discs: only pairs that can overlap are looked at.

    The few large discs (radius above three times the median) are checked against every
    disc; the others against the discs near them, found with a k-d tree. Memory and time
    per iteration grow with the number of discs times the number of large ones, not with
    the square of the number of discs."""
    from scipy.spatial import cKDTree

    mass = radii**2
    cut = 3.0 * float(np.median(radii))
    big = np.flatnonzero(radii > cut)
    rest = np.flatnonzero(radii <= cut)
    reach = 2 * float(radii[rest].max()) + GAP if len(rest) else 0.0
    k = len(p)
    for _ in range(iterations):
        found = [np.empty((0, 2), dtype=np.int64)]
        if len(rest) > 1:
            near = cKDTree(p[rest]).query_pairs(reach, output_type="ndarray")
            found.append(rest[near])
        for b in big:  # a large disc against every disc after it, and every other disc
            others = np.flatnonzero((np.arange(k) > b) | (radii <= cut))
            others = others[others != b]
            found.append(np.column_stack([np.full(len(others), b), others]))
        pairs = np.vstack(found)
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        delta = p[i] - p[j]
        dist = np.sqrt((delta**2).sum(axis=1))
        over = radii[i] + radii[j] + GAP - dist
        keep = over > 0
        if not keep.any():
            break
        i, j, delta, dist, over = i[keep], j[keep], delta[keep], dist[keep], over[keep]
        unit = np.where(dist[:, None] > 1e-9, delta / np.where(dist > 1e-9, dist, 1.0)[:, None], [1.0, 0.0])
        push = 0.5 * unit * over[:, None]
        move = np.zeros_like(p)
        np.add.at(move, i, push * (mass[j] / (mass[i] + mass[j]))[:, None])
        np.add.at(move, j, -push * (mass[i] / (mass[i] + mass[j]))[:, None])
        p += move
    return p


def leiden_membership(G: nx.Graph, *, seed: int = 0) -> dict[str, int]:
    """Community of every actor (id as text), exactly as :func:`clustergraph.metrics` finds them:
    :func:`clustergraph.metrics.communities.detect` on ``G`` without self-loops, same seed
    (0 = the largest community; isolated actors are communities of their own).

    >>> c = leiden_membership(nx.barbell_graph(4, 0)); sorted(set(c.values()))
    [0, 1]
    """
    from ..graph import drop_self_loops
    from ..metrics.communities import detect

    found, _, _ = detect(drop_self_loops(G), seed=seed)
    return {str(k): int(v) for k, v in found.items()}


def communities(G: nx.Graph, *, seed: int = 0) -> dict:
    """Community number of every node (0 = largest): the Leiden communities the layout groups by
    (:func:`leiden_membership`, keyed by the graph's own nodes).

    >>> c = communities(nx.barbell_graph(4, 0)); sorted(set(c.values()))
    [0, 1]
    """
    found = leiden_membership(G, seed=seed)
    return {n: found[str(n)] for n in G}


def _groups(H: nx.Graph, G: nx.Graph, by: str | None, seed: int, membership: Mapping | None) -> list[list]:
    """The groups of the linked graph ``H``, largest first, members in ``H`` order."""
    if by is None:
        found = leiden_membership(G, seed=seed) if membership is None else membership
        values: dict = {n: found.get(str(n)) for n in H}
        extra = {n: ("", str(n)) for n, c in values.items() if c is None}  # not in the mapping: alone
        values = {n: extra.get(n, (c,)) for n, c in values.items()}
    else:
        values = {n: str(G.nodes[n].get(by)) for n in H}
    out: dict = {}
    for n in H:
        out.setdefault(values[n], []).append(n)
    return sorted(out.values(), key=lambda m: (-len(m), str(m[0])))


def isolated_block(nodes: list, top: float, centre_x: float = 0.0) -> dict:
    """Grid positions for isolated ``nodes`` in a block whose top edge is at ``top``.

    >>> isolated_block(["a", "b"], 100.0)
    {'a': (-15.0, 100.0), 'b': (15.0, 100.0)}
    """
    per_row = max(1, min(len(nodes), math.ceil(math.sqrt(len(nodes) * 3))))
    left = centre_x - ISOLATE_STEP * (per_row - 1) / 2
    return {n: (left + ISOLATE_STEP * (i % per_row), top + ISOLATE_STEP * (i // per_row)) for i, n in enumerate(nodes)}


def positions(
    G: nx.Graph, *, seed: int = 0, by_region: bool | None = None, groups: str | None = None
) -> dict[str, tuple[float, float]]:
    """Seeded screen positions (pixels at zoom 1, rounded to 0.1) for every node of ``G``.

    Two-level layout: groups of actors (Leiden communities, or the values of
    the node attribute ``groups``) are placed as non-overlapping discs by a
    force-directed layout of the group graph, each group is laid out inside its
    disc, and isolated actors are put in a block under the rest (see the module
    text).

    Parameters
    ----------
    G : networkx.Graph
        Directed graphs are laid out as undirected.
    seed : int
        Seed of the communities and of the force-directed layouts.
    by_region : bool, optional
        Shorthand for ``groups="region"`` (True); kept for compatibility.
    groups : str, optional
        Node attribute whose values form the groups; default: Leiden communities.

    Returns
    -------
    dict
        node -> (x, y), y growing downwards (screen coordinates).

    Examples
    --------
    >>> pos = positions(nx.path_graph(["a", "b", "c"]), seed=1)
    >>> pos == positions(nx.path_graph(["c", "b", "a"]), seed=1)
    True
    >>> G = nx.Graph([("a", "b")]); G.add_node("z")
    >>> positions(G)["z"][1] > max(positions(G)["a"][1], positions(G)["b"][1])
    True
    """
    if groups is None and by_region:
        groups = "region"
    return layout(G, seed=seed, groups=groups)[0]


def layout(
    G: nx.Graph,
    *,
    seed: int = 0,
    groups: str | None = None,
    positions: bool = True,
    membership: Mapping | None = None,
) -> tuple[dict[str, tuple[float, float]], dict]:
    """:func:`positions` and the group number of every node (0 = largest; isolated: -1).

    ``membership`` (actor id as text -> community) gives the communities to group by
    (the map passes the metrics' ones); default :func:`leiden_membership` of ``G``.
    With ``positions=False`` only the groups are computed (and the first dict is empty).

    >>> pos, group = layout(nx.barbell_graph(4, 0)); sorted(set(group.values()))
    [0, 1]
    """
    if G.number_of_nodes() == 0:
        return {}, {}
    H = _sorted_copy(G)
    isolates = [n for n in H if H.degree(n) == 0]
    H.remove_nodes_from(isolates)
    group_of: dict = {n: -1 for n in isolates}
    pos: dict = {}
    small: list[list] = []
    if H.number_of_nodes():
        members = _groups(H, G, groups, seed, membership)
        group_of.update({n: i for i, m in enumerate(members) for n in m})
        if not positions:
            return {}, group_of
        small = small_components(H) if groups is None else []  # groups by attribute: kept together
        in_small = {n for c in small for n in c}
        members = [k for k in ([n for n in m if n not in in_small] for m in members) if k]
        pos.update(_group_layout(H, members, seed))
    if not positions:
        return {}, group_of
    top, cx, width = _below(pos)
    if small:
        blocks = small_blocks(small, H, top, cx, width=width)
        pos.update(blocks)
        top, cx, width = _below(pos)
    if isolates:
        pos.update(isolated_block(isolates, top, cx))
    return {node: (round(float(p[0]), 1), round(float(p[1]), 1)) for node, p in pos.items()}, group_of


def _below(pos: Mapping) -> tuple[float, float, float]:
    """Top edge, centre x and width of a block put under the positions ``pos`` (0, 0, 0 without any)."""
    if not pos:
        return 0.0, 0.0, 0.0
    arr = np.array(list(pos.values()), dtype=float)
    lo, hi = arr.min(axis=0), arr.max(axis=0)
    return float(hi[1]) + 3 * ISOLATE_STEP, float((hi[0] + lo[0]) / 2), float(hi[0] - lo[0])


def _group_layout(H: nx.Graph, members: list[list], seed: int) -> dict:
    """Positions of the actors of ``members`` (groups of linked actors of ``H``): the group discs
    placed by a force-directed layout of the group graph and pushed apart, each group laid out
    inside its disc (steps 3 and 4 of the module text)."""
    if not members:
        return {}
    index = {n: i for i, m in enumerate(members) for n in m}
    local = {n: k for m in members for k, n in enumerate(m)}
    inner: list[list[tuple[int, int]]] = [[] for _ in members]
    between: dict[tuple[int, int], int] = {}
    for u, v in H.edges():
        a, b = index.get(u), index.get(v)
        if a is None or b is None:
            continue
        if a == b:
            inner[a].append((local[u], local[v]))
        else:
            key = (min(a, b), max(a, b))
            between[key] = between.get(key, 0) + 1
    radii = np.array([SPREAD * math.sqrt(len(m)) + 8.0 for m in members])
    if len(members) == 1:
        centres = np.zeros((1, 2))
    else:
        centres = _group_centres(len(members), sorted(between.items()), seed)
        centres = centres - centres.mean(axis=0)
        total = math.sqrt(float((radii**2).sum()))
        reach = max(float(np.sqrt((centres**2).sum(axis=1)).max()), 1e-9)
        centres = _separate(centres * (1.1 * total / reach), radii)
    pos: dict = {}
    for i, m in enumerate(members):
        xy = _force(len(m), inner[i], seed, radii[i] - 8.0) + centres[i]
        pos.update(zip(m, xy))
    return pos


def _group_centres(k: int, between: list[tuple[tuple[int, int], int]], seed: int) -> np.ndarray:
    """Force-directed positions of the ``k`` groups (edge weight = links between two groups).

    Up to :data:`MANY_GROUPS` groups: :func:`networkx.spring_layout` (all pairs repel);
    above, igraph's grid Fruchterman-Reingold (repulsion only between neighbouring cells,
    linear per iteration) when python-igraph is available."""
    start = numpy_rng(seed).uniform(-1, 1, size=(k, 2))
    if k > MANY_GROUPS and _igraph.available():
        import igraph as ig

        g = ig.Graph(n=k, edges=[e for e, _ in between])
        with igraph_seeded(seed):
            return np.array(
                g.layout_fruchterman_reingold(
                    weights=[float(w) for _, w in between] or None,
                    seed=(start * _grid_start(k)).tolist(),
                    niter=200,
                    grid="grid",
                )
            )
    CG = nx.Graph()
    CG.add_nodes_from(range(k))
    CG.add_weighted_edges_from((a, b, w) for (a, b), w in between)
    cpos = nx.spring_layout(CG, pos={i: start[i] for i in range(k)}, seed=seed, weight="weight", iterations=100)
    return np.array([cpos[i] for i in range(k)])


def small_components(H: nx.Graph, *, size: int | None = None) -> list[list]:
    """The connected components of ``H`` of 2 to ``size`` (default :data:`SMALL_COMPONENT`) actors,
    largest first, members in ``H`` order: the ones :func:`small_blocks` draws.

    >>> small_components(nx.Graph([("a", "b"), ("c", "d"), ("d", "e")]))
    [['c', 'd', 'e'], ['a', 'b']]
    """
    limit = SMALL_COMPONENT if size is None else size
    order = {n: i for i, n in enumerate(H)}
    found = [sorted(c, key=order.__getitem__) for c in nx.connected_components(H) if 2 <= len(c) <= limit]
    return sorted(found, key=lambda c: (-len(c), order[c[0]]))


def _block_shape(nodes: list, H: nx.Graph) -> np.ndarray:
    """Offsets of a small component's actors from its block centre, without any force iterations:
    two side by side, a star's centre in the middle of its leaves, otherwise a ring in
    breadth-first order from the best-linked actor (so that most links join ring neighbours).
    Neighbours on the ring are :data:`ISOLATE_STEP` apart."""
    m = len(nodes)
    if m == 1:
        return np.zeros((1, 2))
    if m == 2:
        return np.array([[-ISOLATE_STEP / 2, 0.0], [ISOLATE_STEP / 2, 0.0]])
    sub = H.subgraph(nodes)
    first = max(nodes, key=lambda n: sub.degree(n))  # ties: the first in H order
    if m >= 4 and sub.degree(first) == m - 1:  # a star: its centre in the middle
        ring = [n for n in nodes if n != first]
        at = {first: np.zeros(2), **dict(zip(ring, _ring(len(ring), centre_gap=True)))}
    else:
        order = list(nx.bfs_tree(sub, first))
        at = dict(zip(order, _ring(m)))
    return np.array([at[n] for n in nodes])


def _ring(m: int, *, centre_gap: bool = False) -> np.ndarray:
    """``m`` points on a circle, neighbours :data:`ISOLATE_STEP` apart (at least that far from the
    centre with ``centre_gap``), the first at the top."""
    r = (ISOLATE_STEP / 2) / math.sin(math.pi / m)
    if centre_gap:
        r = max(r, ISOLATE_STEP)
    a = -math.pi / 2 + 2 * math.pi * np.arange(m) / m
    return np.column_stack([r * np.cos(a), r * np.sin(a)])


def small_blocks(components: list[list], H: nx.Graph, top: float, centre_x: float = 0.0, *, width: float = 0.0) -> dict:
    """Positions of small components drawn directly as a grid of blocks (no force layout).

    Each component (see :func:`small_components`) gets one square cell of the grid, in the
    given order; inside it its actors are placed by :func:`_block_shape`. The grid is
    centred on ``centre_x``, its top edge at ``top``, and at least ``width`` wide when it
    has enough blocks (so that it lines up under the drawing above); otherwise about three
    times as wide as it is high. Cost: linear in the number of actors, whatever the number
    of components.

    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> small_blocks(small_components(G), G, 0.0)
    {'a': (-60.0, 45.0), 'b': (-30.0, 45.0), 'c': (30.0, 45.0), 'd': (60.0, 45.0)}
    """
    if not components:
        return {}
    shapes = [_block_shape(c, H) for c in components]
    reach = max(float(np.sqrt((s**2).sum(axis=1)).max()) for s in shapes)
    cell = 2 * reach + 2 * ISOLATE_STEP
    k = len(components)
    per_row = max(math.ceil(math.sqrt(k * 3)), int(width // cell))
    per_row = max(1, min(k, per_row))
    left = centre_x - cell * (per_row - 1) / 2
    out: dict = {}
    for i, (c, s) in enumerate(zip(components, shapes)):
        x = left + cell * (i % per_row)
        y = top + cell / 2 + cell * (i // per_row)
        for n, (dx, dy) in zip(c, s):
            out[n] = (round(float(x + dx), 1), round(float(y + dy), 1))
    return out


def quality(G: nx.Graph, pos: dict, *, seed: int = 0, node_radius: float = NODE_RADIUS) -> dict[str, float]:
    """Layout quality figures: structure shown, nodes apart, isolated actors aside.

    Parameters
    ----------
    G : networkx.Graph
    pos : dict
        node -> (x, y), e.g. from :func:`positions`.
    seed : int
        Seed of the Leiden communities that define "inside" and "between".
    node_radius : float
        Two nodes overlap when their centres are closer than twice this.

    Returns
    -------
    dict
        ``length_ratio``: mean drawn length of links inside a community divided
        by that of links between communities (lower is better; NaN without
        both kinds); ``overlap_share``: share of node pairs that overlap;
        ``isolates_inside_hull``: number of isolated actors inside the convex
        hull of the linked ones.

    Examples
    --------
    >>> G = nx.barbell_graph(5, 3); G.add_node("x")
    >>> q = quality(G, positions(G))
    >>> q["length_ratio"] < 0.5, q["overlap_share"], q["isolates_inside_hull"]
    (True, 0.0, 0)
    """
    from scipy.spatial import Delaunay, cKDTree

    H = _sorted_copy(G)
    isolates = [n for n in H if H.degree(n) == 0]
    linked = [n for n in H if H.degree(n) > 0]
    membership = layout(G, seed=seed, positions=False)[1]
    inside: list[float] = []
    between: list[float] = []
    for u, v in H.edges():
        length = math.dist(pos[u], pos[v])
        (inside if membership[u] == membership[v] else between).append(length)
    ratio = float(np.mean(inside) / np.mean(between)) if inside and between and np.mean(between) > 0 else math.nan
    xy = np.array([pos[n] for n in H], dtype=float)
    n = len(xy)
    pairs = len(cKDTree(xy).query_pairs(2 * node_radius)) if n > 1 else 0
    share = pairs / (n * (n - 1) / 2) if n > 1 else 0.0
    in_hull = 0
    if isolates and len(linked) >= 3:
        pts = np.array([pos[v] for v in linked], dtype=float)
        try:
            hull = Delaunay(pts)
            in_hull = int((hull.find_simplex(np.array([pos[v] for v in isolates], dtype=float)) >= 0).sum())
        except Exception:  # all linked actors on a line: no area, nothing inside
            in_hull = 0
    return {"length_ratio": ratio, "overlap_share": float(share), "isolates_inside_hull": in_hull}
