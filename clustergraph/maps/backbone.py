"""Disparity-filter backbone of a weighted network (Serrano, Boguna and Vespignani 2009).

For actor ``i`` with ``k_i`` links and strength ``s_i`` (sum of its link
weights), the link ``(i, j)`` carries the share ``p_ij = w_ij / s_i`` of ``i``'s
strength. Under the null hypothesis that ``i``'s strength is spread uniformly at
random over its ``k_i`` links, the probability of a share at least ``p_ij`` is

    alpha_ij = (1 - p_ij) ** (k_i - 1).

A link is significant at level ``alpha`` for ``i`` when ``alpha_ij < alpha``;
the backbone keeps the links significant for at least one of their two ends,
so each link gets ``min(alpha_ij, alpha_ji)`` (:func:`disparity_alpha`) and the
map's *backbone* slider keeps the links at or below the chosen level. An end
with a single link (``k_i = 1``) cannot be tested: its ``alpha_ij`` is 1 (the
link is kept only when it is significant for the other end).

Reference
---------
Serrano, M.A., Boguna, M. and Vespignani, A. (2009). Extracting the multiscale
backbone of complex weighted networks. PNAS 106(16): 6483-6488.
"""

from __future__ import annotations

import networkx as nx


def disparity_alpha(G: nx.Graph, weight: str = "weight") -> dict[tuple, float]:
    """The disparity-filter significance of every link: ``min(alpha_ij, alpha_ji)``.

    Parameters
    ----------
    G : networkx.Graph
        Directed graphs are treated as undirected (weights of both directions add up).
    weight : str
        Edge attribute holding the weight (missing: 1).

    Returns
    -------
    dict
        ``(u, v)`` as in ``G.edges()`` -> alpha in [0, 1]; smaller is more significant.

    Examples
    --------
    A hub ``h`` with one heavy link (weight 8) and three light ones (weight 1):
    ``p = 8/11`` so ``alpha = (3/11) ** 3 = 0.0203`` for the heavy link, and
    ``(10/11) ** 3 = 0.751`` for each light one (their other ends have one link).

    >>> G = nx.Graph()
    >>> G.add_weighted_edges_from([("h", "a", 8), ("h", "b", 1), ("h", "c", 1), ("h", "d", 1)])
    >>> {v: round(a, 4) for (u, v), a in disparity_alpha(G).items()}
    {'a': 0.0203, 'b': 0.7513, 'c': 0.7513, 'd': 0.7513}

    References
    ----------
    Serrano, Boguna and Vespignani (2009), PNAS 106(16): 6483-6488, eq. 2.
    """
    strength: dict = {}
    degree: dict = {}
    pairs: dict = {}
    for u, v, d in G.edges(data=True):
        if u == v:
            continue
        w = float(d.get(weight, 1.0) or 0.0)
        key = (u, v) if (v, u) not in pairs else (v, u)
        pairs[key] = pairs.get(key, 0.0) + w
    for (u, v), w in pairs.items():
        for a in (u, v):
            strength[a] = strength.get(a, 0.0) + w
            degree[a] = degree.get(a, 0) + 1

    def one_end(a, w: float) -> float:
        k, s = degree[a], strength[a]
        if k < 2 or s <= 0:
            return 1.0
        return float((1.0 - w / s) ** (k - 1))

    out: dict[tuple, float] = {}
    for u, v in G.edges():
        if u == v:
            out[(u, v)] = 1.0
            continue
        w = pairs[(u, v)] if (u, v) in pairs else pairs[(v, u)]
        out[(u, v)] = min(one_end(u, w), one_end(v, w))
    return out
