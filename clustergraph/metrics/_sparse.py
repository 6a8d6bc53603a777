"""Sparse adjacency matrices and memory-bounded masked products.

The structural-hole and clustering measures all need, for each link ``v - w``,
a sum over the common neighbours of ``v`` and ``w``: the entry ``(v, w)`` of a
matrix product ``X @ Y`` read only where the adjacency matrix is non-zero.
:func:`masked_product_rows` forms ``(X @ Y) * mask`` in blocks of rows so that
the full two-step product (which can hold ``sum(degree**2)`` entries) never
sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

#: Upper bound on the entries of one block's product in :func:`masked_product_rows`.
BLOCK_ENTRIES = 5_000_000


def edge_arrays(G: nx.Graph, nodes: Sequence, weight: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The links of ``G`` as positions in ``nodes`` of their two ends, and their weights.

    In ``G.edges()`` order (an undirected link once); self-loops and links to
    actors not in ``nodes`` are left out. Weights are the edge attribute
    ``weight``, 1 when absent or when ``weight`` is None.

    >>> u, v, w = edge_arrays(nx.Graph([("a", "b"), ("b", "b"), ("b", "c")]), ["a", "b", "c"])
    >>> u.tolist(), v.tolist(), w.tolist()
    ([0, 1], [1, 2], [1.0, 1.0])
    """
    index = {x: i for i, x in enumerate(nodes)}
    m = G.number_of_edges()
    # one pass over the edges: 2-4 times faster than nx.to_scipy_sparse_array
    ends = np.fromiter((index.get(x, -1) for e in G.edges() for x in e), dtype=np.int64, count=2 * m)
    w = (
        np.ones(m)
        if weight is None
        else np.fromiter((d for _, _, d in G.edges(data=weight, default=1)), dtype=float, count=m)
    )
    u, v = ends[0::2], ends[1::2]
    keep = (u != v) & (u >= 0) & (v >= 0)
    return u[keep], v[keep], w[keep]


def adjacency(G: nx.Graph, nodes: Sequence, weight: str | None = None) -> sp.csr_array:
    """The adjacency matrix of ``G`` in the order of ``nodes`` (CSR, float64).

    Self-loops are dropped, and links to actors not in ``nodes``. With
    ``weight=None`` entries are 1; otherwise the edge attribute ``weight`` (1
    when absent). Undirected links give both ``A[u, v]`` and ``A[v, u]``;
    directed graphs give the non-symmetric matrix with ``A[u, v]`` for the arc
    ``u -> v``. Same matrix as ``networkx.to_scipy_sparse_array`` with the
    diagonal removed.
    """
    u, v, w = edge_arrays(G, nodes, weight)
    if not G.is_directed():
        u, v, w = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])
    n = len(nodes)
    A = sp.csr_array((w, (u, v)), shape=(n, n))
    A.sort_indices()
    return A


def undirected_binary(A: sp.csr_array) -> sp.csr_array:
    """0/1 matrix of the undirected view: ``B[u, v] = 1`` when a link runs either way."""
    B = (A + A.T) if (A != A.T).nnz else A.copy()
    B = sp.csr_array(B)
    B.data[:] = 1.0
    B.sort_indices()
    return B


def masked_product_rows(
    X: sp.csr_array, Y: sp.csr_array, mask: sp.csr_array, budget: int | None = None
) -> Iterator[tuple[int, int, sp.csr_array]]:
    """Yield ``(r0, r1, ((X @ Y) * mask)[r0:r1])`` over blocks of rows.

    Blocks are cut so that each block's unmasked product has at most about
    ``budget`` entries (default :data:`BLOCK_ENTRIES`; estimated from the
    non-zeros of ``X`` and the row lengths of ``Y``), so memory stays bounded
    on large graphs.
    """
    budget = BLOCK_ENTRIES if budget is None else budget
    n = X.shape[0]
    y_len = np.diff(Y.indptr).astype(np.int64)
    # work of row r of X @ Y: sum of the lengths of the rows of Y it touches
    x_rows = np.repeat(np.arange(n), np.diff(X.indptr))
    work = np.bincount(x_rows, weights=y_len[X.indices], minlength=n)
    cum = np.concatenate([[0.0], np.cumsum(work)])
    r0 = 0
    while r0 < n:
        r1 = int(np.searchsorted(cum, cum[r0] + budget, side="right")) - 1
        r1 = min(max(r1, r0 + 1), n)
        block = sp.csr_array(X[r0:r1] @ Y).multiply(mask[r0:r1])
        yield r0, r1, sp.csr_array(block)
        r0 = r1


def row_sums_of_masked_product(X, Y, mask, budget: int | None = None) -> np.ndarray:
    """``((X @ Y) * mask).sum(axis=1)`` computed block by block."""
    out = np.zeros(X.shape[0])
    for r0, r1, block in masked_product_rows(X, Y, mask, budget):
        out[r0:r1] = np.asarray(block.sum(axis=1)).ravel()
    return out
