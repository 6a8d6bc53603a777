"""Communities of the ecosystem: Louvain modularity optimisation with a fixed seed.

Community numbers are stable: 0 is the largest community, ties broken by the
smallest member id, so the same graph and seed always give the same numbers.
The per-community critical-mass table is
``clustergraph.metrics.critical_mass.group_metrics(G, by="community",
communities=...)``.
"""

from __future__ import annotations

import math

import networkx as nx


def _smallest(members):
    try:
        return (0, min(members))
    except TypeError:  # ids of mixed, incomparable types
        return (1, min(str(m) for m in members))


#: Weights outside this range are divided by the largest before Louvain (modularity is scale-free;
#: networkx squares the total weight, which overflows from about 1e154).
_SAFE_WEIGHTS = (1e-100, 1e100)


def _scaled(G: nx.Graph, weight: str | None) -> nx.Graph:
    """``G``, or a copy with weights divided by the largest when they are extreme (same communities)."""
    if weight is None or G.number_of_edges() == 0:
        return G
    w = [float(d) for _, _, d in G.edges(data=weight, default=1.0)]
    top, low = max(w), min(w)
    if _SAFE_WEIGHTS[0] <= low and top <= _SAFE_WEIGHTS[1]:
        return G
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d[weight] = float(d.get(weight, 1.0)) / top
    return H


def louvain(G: nx.Graph, seed: int = 0, resolution: float = 1.0, weight: str | None = "weight") -> tuple[dict, float]:
    """Louvain communities and their modularity.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem (directed graphs use directed modularity).
    seed : int
        Random seed of the Louvain node order; fixed for reproducible output.
    resolution : float
        Modularity resolution ``gamma``; below 1 favours larger communities,
        above 1 smaller ones.
    weight : str or None
        Edge attribute used as weight (missing values count 1); None ignores
        weights.

    Returns
    -------
    communities : dict
        Node -> community number. 0 is the largest community; equal sizes are
        ordered by their smallest member id. An isolated actor is its own
        community.
    modularity : float
        Newman-Girvan modularity of that partition at ``resolution``
        (NaN when the graph has no links).

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> comm, q = louvain(G)
    >>> sorted(set(comm.values())), round(q, 3)
    ([0, 1], 0.423)

    References
    ----------
    Blondel, V.D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008). Fast
    unfolding of communities in large networks. Journal of Statistical
    Mechanics: Theory and Experiment P10008.
    """
    if G.number_of_nodes() == 0:
        return {}, math.nan
    G = _scaled(G, weight)
    parts = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    parts = sorted((set(p) for p in parts), key=lambda p: (-len(p), _smallest(p)))
    membership = {v: i for i, part in enumerate(parts) for v in part}
    membership = {v: membership[v] for v in G}  # G's node order
    if G.number_of_edges() == 0 or G.size(weight=weight) == 0:
        return membership, math.nan
    q = nx.community.modularity(G, parts, weight=weight, resolution=resolution)
    return membership, float(q)
