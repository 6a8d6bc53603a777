"""Closeness and harmonic centrality backends: exact with igraph, or estimated from sampled sources.

Exact: python-igraph's closeness and harmonic centrality, rescaled to networkx's
definitions (:func:`_closeness_harmonic_igraph`). Estimated: from the hop distances
of sampled source actors to every actor (Eppstein & Wang 2004), found by a
multi-source breadth-first search in numpy, 64 sources per pass over the links
(Then et al. 2014; :func:`_bfs_hops`). Called by :func:`clustergraph.metrics.centrality.centrality`.

References
----------
Eppstein, D. and Wang, J. (2004). Fast approximation of centrality. *Journal of
Graph Algorithms and Applications* 8(1): 39-45.
Then, M., Kaufmann, M., Chirigati, F., et al. (2014). The more the merrier: efficient
multi-source graph traversal. *Proceedings of the VLDB Endowment* 8(4): 449-460.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph

#: Distance rows kept in memory at once by the sampled closeness (entries).
_DISTANCE_BATCH_ENTRIES = 2_000_000


def _mode(g) -> str:
    """Distances *to* an actor, as networkx's closeness and harmonic centrality use."""
    return "in" if g.is_directed() else "all"


def _closeness_igraph(g) -> np.ndarray:
    """Exact closeness in networkx's Wasserman-Faust form, with igraph."""
    n = g.vcount()
    mode = _mode(g)
    inv_mean = np.array(g.closeness(mode=mode, normalized=True), dtype=float)  # (r-1)/sum d
    if g.is_directed():
        inv_total = np.array(g.closeness(mode=mode, normalized=False), dtype=float)  # 1/sum d
        with np.errstate(divide="ignore", invalid="ignore"):
            reached = np.rint(inv_mean / inv_total)  # r - 1
    else:
        membership = np.array(g.connected_components().membership)
        reached = np.bincount(membership)[membership] - 1.0
    clo = np.nan_to_num(inv_mean, nan=0.0) * reached / (n - 1) if n > 1 else np.zeros(n)
    return np.nan_to_num(clo, nan=0.0)


def _closeness_harmonic_igraph(g) -> tuple[np.ndarray, np.ndarray]:
    """Exact closeness and harmonic centrality (not normalised) with igraph."""
    return _closeness_igraph(g), np.array(g.harmonic_centrality(mode=_mode(g), normalized=False), dtype=float)


def _sampled_closeness_harmonic(
    nodes: list, W: sp.csr_array, sample: list, *, directed: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Closeness and harmonic centrality estimated from the distances of sampled sources.

    For actor ``v`` in (weakly connected) component ``C``, with ``m`` sources
    in ``C`` other than ``v`` of which ``f`` reach ``v`` at total distance
    ``D`` and inverse-distance sum ``H``: reach ``r-1 ~ (|C|-1) f / m``,
    closeness ``~ (r-1)/(n-1) * f / D``, harmonic ``~ (|C|-1)/m * H``.
    Components with fewer than two sampled sources use all their actors as
    sources, which makes the formulas exact there.

    The hop distances come from :func:`_bfs_hops` (64 sources per breadth-first
    search), in batches of sources whose sums are added in the order of the
    sources, so the result does not depend on the search engine.
    """
    n = len(nodes)
    labels, size, sources, others = _distance_sources(nodes, W, sample, directed=directed)
    found = np.zeros(n)
    dist_sum = np.zeros(n)
    inv_sum = np.zeros(n)
    # hops along the links' direction: a node's next frontier is the union of its predecessors'
    A = sp.csr_array(W.T) if directed else sp.csr_array(W)
    # small components searched in full: all-pairs distances within a block of whole components
    small = _small_exhaustive_components(labels, size, sources)
    if small.any():
        _add_block_distances(W, labels, np.flatnonzero(small[labels]), directed, found, dist_sum, inv_sum)
    # an isolated source reaches nobody: its row stays 0 (and the rows of small components are added)
    searched = (size[labels[sources]] > 1) & ~small[labels[sources]]
    rank = np.cumsum(searched) - 1  # position among the searched sources
    todo = sources[searched]
    block, hops = -1, np.zeros((0, n), dtype=np.uint16)
    batch = max(1, _DISTANCE_BATCH_ENTRIES // max(n, 1))
    for b0 in range(0, len(sources), batch):
        rows = np.flatnonzero(searched[b0 : b0 + batch])
        if not len(rows):  # only zero rows (projects data: most actors can share no project)
            continue
        D = np.zeros((min(batch, len(sources) - b0), n), dtype=hops.dtype)
        for r in rows.tolist():
            j = int(rank[b0 + r])
            if j // _BFS_WIDTH != block:
                block = j // _BFS_WIDTH
                hops = _bfs_hops(A, todo[block * _BFS_WIDTH : (block + 1) * _BFS_WIDTH])
                D = D.astype(hops.dtype)
            D[r] = hops[j % _BFS_WIDTH]
        ok = D > 0  # 0: not reached, or the source itself
        found += ok.sum(axis=0)
        dist_sum += D.sum(axis=0, dtype=float)
        inverse = 1.0 / np.arange(max(int(D.max(initial=0)), 0) + 1, dtype=float).clip(1.0)
        inverse[0] = 0.0
        inv_sum += inverse[D].sum(axis=0)  # rows added in source order, as distance rows always were
    return _closeness_harmonic_estimates(labels, size, others, found, dist_sum, inv_sum)


#: Components searched in full (fewer than two sampled sources) of at most this many actors have
#: their distances computed together, all pairs, in blocks of about this many actors.
_BLOCK_ACTORS = 2_000


def _small_exhaustive_components(labels: np.ndarray, size: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Per component: True when every one of its actors is a source and it has 2 to
    :data:`_BLOCK_ACTORS` actors (searched by :func:`_add_block_distances`)."""
    per_comp = np.bincount(labels[sources], minlength=len(size))
    return (per_comp == size) & (size >= 2) & (size <= _BLOCK_ACTORS)


def _add_block_distances(W, labels, members, directed, found, dist_sum, inv_sum) -> None:
    """Add, for each actor of ``members`` (whole components), the count, sum and inverse sum of the
    hop distances from every other actor of its component (as :func:`_bfs_hops` rows would).

    Each component is searched only within itself, a block of components at a time (scipy's
    breadth-first ``shortest_path`` on the block, at most about :data:`_BLOCK_ACTORS` squared
    entries): on 100,000 actors of which 80,000 are in small project components this takes a
    second where one multi-source search over the whole graph per 64 of them took a minute.
    """
    members = members[np.argsort(labels[members], kind="stable")]
    comp = labels[members]
    starts = np.flatnonzero(np.r_[True, comp[1:] != comp[:-1]])
    bounds = np.r_[starts, len(members)]
    a = 0
    while a < len(starts):
        b = a + 1
        while b < len(starts) and bounds[b + 1] - bounds[a] <= _BLOCK_ACTORS:
            b += 1
        block = members[bounds[a] : bounds[b]]
        sub = sp.csr_array(W[block][:, block])
        D = csgraph.shortest_path(sub, directed=directed, unweighted=True)  # D[s, v]: from s to v
        ok = np.isfinite(D) & (D > 0)
        hops = np.where(ok, D, 0.0)
        found[block] += ok.sum(axis=0)
        dist_sum[block] += hops.sum(axis=0)
        with np.errstate(divide="ignore"):
            inv_sum[block] += np.where(ok, 1.0 / np.where(ok, D, 1.0), 0.0).sum(axis=0)
        a = b


def _distance_sources(
    nodes: list, W: sp.csr_array, sample: list, *, directed: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(component labels, component sizes, source indices, ``m`` per actor) of the estimator:
    the sample, plus every actor of a component with fewer than two sampled sources."""
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    _, labels = csgraph.connected_components(W, directed=directed, connection="weak")
    size = np.bincount(labels)
    src = np.zeros(n, dtype=bool)
    src[[index[s] for s in sample]] = True
    per_comp = np.bincount(labels[src], minlength=len(size))
    src |= per_comp[labels] < 2  # under-sampled components: every actor is a source
    others = (np.bincount(labels[src], minlength=len(size))[labels] - src).astype(float)  # m
    return labels, size, np.flatnonzero(src), others


def _closeness_harmonic_estimates(
    labels: np.ndarray,
    size: np.ndarray,
    others: np.ndarray,
    found: np.ndarray,
    dist_sum: np.ndarray,
    inv_sum: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Closeness and harmonic estimates from the per-actor sums over the sources (see above)."""
    n = len(labels)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(others > 0, (size[labels] - 1) / others, 0.0)
        reached = scale * found
        clo = np.where(dist_sum > 0, reached / max(n - 1, 1) * found / dist_sum, 0.0)
        har = scale * inv_sum
    return clo, har


#: Sources searched together by :func:`_bfs_hops` (bits of one machine word).
_BFS_WIDTH = 64
#: Levels after which :func:`_bfs_hops` hands over to one search per source (long chains).
_BFS_MAX_LEVELS = 256


def _bfs_hops(A: sp.csr_array, sources: np.ndarray) -> np.ndarray:
    """Hop distances from up to 64 ``sources`` to every node: shape ``(len(sources), n)``.

    ``A[v]`` lists the predecessors of ``v`` (the adjacency matrix, transposed when
    directed). 0 stands for "not reached" and for the source itself. One
    breadth-first search for all the sources at once (multi-source BFS, Then et al.
    2014): each node holds a 64-bit word, bit ``i`` set once source ``i`` reached it;
    a level is one pass over the links (``bitwise_or`` of the predecessors' frontier
    words), so 64 searches cost about one. A graph deeper than
    :data:`_BFS_MAX_LEVELS` levels (a long chain) is searched source by source instead
    (scipy's ``shortest_path``).

    >>> A = sp.csr_array(np.array([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 0], [0, 0, 0, 0]]))
    >>> _bfs_hops(A, np.array([0, 3])).tolist()
    [[0, 1, 2, 0], [0, 0, 0, 0]]

    References
    ----------
    Then, M., Kaufmann, M., Chirigati, F., et al. (2014). The more the merrier: efficient
    multi-source graph traversal. *Proceedings of the VLDB Endowment* 8(4): 449-460.
    """
    n, k = A.shape[0], len(sources)
    indptr, indices = A.indptr, A.indices
    has = np.flatnonzero(np.diff(indptr) > 0)
    starts = indptr[has]
    seen = np.zeros(n, dtype=np.uint64)
    seen[sources] = np.left_shift(np.uint64(1), np.arange(k, dtype=np.uint64))
    frontier = seen.copy()
    hops = np.zeros((n, 64), dtype=np.uint16)  # node-major while searching
    d = 0
    while len(has):
        d += 1
        reach = np.zeros(n, dtype=np.uint64)
        reach[has] = np.bitwise_or.reduceat(frontier[indices], starts)
        new = reach & ~seen
        live = np.flatnonzero(new)
        if not len(live):
            break
        if d > _BFS_MAX_LEVELS:
            D = csgraph.shortest_path(A.T, directed=True, unweighted=True, indices=sources)
            return np.where(np.isfinite(D), D, 0).astype(np.uint32)
        seen[live] |= new[live]
        frontier = new
        bits = np.unpackbits(new[live].astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
        hops[live] += bits.astype(np.uint16) * np.uint16(d)
    return np.ascontiguousarray(hops[:, :k].T)
