"""Fixed, seeded node positions, so the same input always gives the same picture.

Positions are computed once in Python and written into the page; the browser's
physics engine is off by default for large maps, so nothing spins.

- Up to :data:`WHOLE_LAYOUT_MAX` nodes: one force-directed layout of the whole
  view (:func:`networkx.spring_layout`, Fruchterman and Reingold 1991) with a
  fixed seed.
- Larger views: a per-region arrangement. Each region is laid out on its own
  (same seeded spring layout) and the regions are placed on a grid in
  alphabetical order. This is faster (the cost grows with the square of the
  largest region, not of the whole graph) and keeps regions readable.

Reference: Fruchterman, T.M.J. and Reingold, E.M. (1991). Graph drawing by
force-directed placement. Software: Practice and Experience 21(11): 1129-1164.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

from .views import NO_REGION

#: Views with more nodes than this get the per-region arrangement.
WHOLE_LAYOUT_MAX = 600
#: Pixels per square root of the node count: the spread of a layout on screen.
SPREAD = 70.0


def _sorted_copy(G: nx.Graph) -> nx.Graph:
    """An undirected copy with nodes and edges in sorted order (order-independent layout)."""
    H = nx.Graph()
    H.add_nodes_from(sorted(G.nodes, key=str))
    H.add_edges_from(sorted((tuple(sorted((u, v), key=str)) for u, v in G.edges()), key=str))
    return H


def _spring(G: nx.Graph, seed: int, scale: float) -> dict:
    """Seeded spring layout of the linked nodes; isolated nodes in rows underneath.

    (Left in the force layout, isolated nodes fly to the edges and squeeze
    everyone else into the middle of the picture.)
    """
    H = _sorted_copy(G)
    isolates = [n for n in H if H.degree(n) == 0]
    H.remove_nodes_from(isolates)
    pos: dict = {}
    if H.number_of_nodes() == 1:
        pos = {next(iter(H)): np.zeros(2)}
    elif H.number_of_nodes() > 1:
        pos = nx.spring_layout(H, seed=seed, scale=scale)
    if isolates:
        step = 2.2 * SPREAD / 3
        bottom = max((p[1] for p in pos.values()), default=-step) + step
        per_row = max(4, int(2 * scale / step))
        left = -step * (min(per_row, len(isolates)) - 1) / 2
        for i, n in enumerate(isolates):
            pos[n] = np.array([left + step * (i % per_row), bottom + step * (i // per_row)])
    return pos


def positions(G: nx.Graph, seed: int = 0, by_region: bool | None = None) -> dict[str, tuple[float, float]]:
    """Seeded screen positions (pixels, rounded to 0.1) for every node of ``G``.

    Parameters
    ----------
    G : networkx.Graph
    seed : int
        Seed of the spring layout.
    by_region : bool, optional
        Force (True) or forbid (False) the per-region arrangement; by default it
        is used above :data:`WHOLE_LAYOUT_MAX` nodes.

    Returns
    -------
    dict
        node -> (x, y).

    Examples
    --------
    >>> pos = positions(nx.path_graph(["a", "b", "c"]), seed=1)
    >>> pos == positions(nx.path_graph(["c", "b", "a"]), seed=1)
    True
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    if by_region is None:
        by_region = n > WHOLE_LAYOUT_MAX
    if not by_region:
        pos = _spring(G, seed, SPREAD * math.sqrt(n))
    else:
        groups: dict[str, list] = {}
        for node, region in G.nodes(data="region"):
            groups.setdefault(NO_REGION if region is None else str(region), []).append(node)
        names = sorted(groups)
        radius = {g: SPREAD * math.sqrt(len(groups[g])) for g in names}
        cell = 2.4 * max(radius.values())
        cols = math.ceil(math.sqrt(len(names)))
        pos = {}
        for i, g in enumerate(names):
            centre = np.array([(i % cols) * cell, (i // cols) * cell])
            sub = _spring(G.subgraph(groups[g]), seed, radius[g])
            for node, p in sub.items():
                pos[node] = centre + p
    return {node: (round(float(p[0]), 1), round(float(p[1]), 1)) for node, p in pos.items()}
