"""Sparse adjacency matrices and memory-bounded masked products.

The structural-hole and clustering measures all need, for each link ``v - w``,
a sum over the common neighbours of ``v`` and ``w``: the entry ``(v, w)`` of a
matrix product ``X @ Y`` read only where the adjacency matrix is non-zero.
:func:`masked_product_rows` forms ``(X @ Y) * mask`` in blocks of rows so that
the full two-step product (which can hold ``sum(degree**2)`` entries) never
sits in memory at once.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
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
    ``weight``, 1 when absent or when ``weight`` is None. Inside
    :func:`edge_cache` the arrays of ``G`` are computed once per ``nodes`` and
    ``weight`` (read-only arrays then).

    >>> u, v, w = edge_arrays(nx.Graph([("a", "b"), ("b", "b"), ("b", "c")]), ["a", "b", "c"])
    >>> u.tolist(), v.tolist(), w.tolist()
    ([0, 1], [1, 2], [1.0, 1.0])
    """
    cache = _EDGE_CACHE.get(id(G))
    if cache is None:
        return _edge_arrays(G, nodes, weight)
    entries = cache[1]
    entry = next((e for e in entries if e["nodes"] is nodes or e["nodes"] == nodes), None)
    if entry is None:
        entry = {"nodes": list(nodes)}
        entries.append(entry)
    if weight not in entry:
        if weight is None and "ends" in entry:  # the links of a weighted pass, weights 1
            u, v = entry["ends"]
            arrays = (u, v, np.ones(len(u)))
        else:
            arrays = _edge_arrays(G, nodes, weight)
        for a in arrays:
            a.flags.writeable = False  # shared by every caller inside the cache
        entry.setdefault("ends", arrays[:2])
        entry[weight] = arrays
    return entry[weight]


#: id(graph) -> (graph, [{"nodes": nodes, "ends": (u, v), weight: (u, v, w)}]) while :func:`edge_cache` is active.
_EDGE_CACHE: dict[int, tuple[nx.Graph, list[dict]]] = {}


@contextlib.contextmanager
def edge_cache(G: nx.Graph) -> Iterator[None]:
    """Compute :func:`edge_arrays` (and :func:`adjacency`) of ``G`` once while the block runs.

    :func:`clustergraph.metrics.compute` reads the links of one unchanged graph in
    every family of metrics (centrality, brokerage, structural holes, mixing); on
    500,000 links each pass over the networkx edges costs about a second. ``G`` must
    not change inside the block. Nested blocks for the same graph share the cache.

    >>> G = nx.path_graph(3)
    >>> with edge_cache(G):
    ...     edge_arrays(G, list(G)) is edge_arrays(G, list(G))
    True
    """
    key = id(G)
    if key in _EDGE_CACHE:
        yield
        return
    _EDGE_CACHE[key] = (G, [])
    try:
        yield
    finally:
        _EDGE_CACHE.pop(key, None)


def _edge_arrays(G: nx.Graph, nodes: Sequence, weight: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    m = G.number_of_edges()
    adj = getattr(G, "_adj", None)
    if type(adj) is dict and not G.is_multigraph():
        # the adjacency dicts read in C (map/chain) instead of a Python generator per link: 5-10 times faster.
        # G.edges() yields (n, nbr) for each neighbour nbr of each node n (in node order) that comes at or
        # after n in that order (undirected: each link once, from its earlier end); every one when directed.
        n_g = len(adj)
        lengths = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n_g)
        rank = {x: i for i, x in enumerate(adj)}
        flat = np.fromiter(
            map(rank.__getitem__, itertools.chain.from_iterable(adj.values())), dtype=np.int64, count=int(lengths.sum())
        )
        first = np.repeat(np.arange(n_g, dtype=np.int64), lengths)
        sel = None if G.is_directed() else flat >= first
        a, b = (first, flat) if sel is None else (first[sel], flat[sel])
        if isinstance(nodes, list) and len(nodes) == n_g and nodes == list(adj):
            position = np.arange(n_g, dtype=np.int64)
        else:
            index = {x: i for i, x in enumerate(nodes)}
            position = np.fromiter(map(index.get, adj, itertools.repeat(-1)), dtype=np.int64, count=n_g)
        u, v = position[a], position[b]
        if weight is None:
            w = np.ones(len(u))
        else:
            get = operator.methodcaller("get", weight, 1)
            datas = itertools.chain.from_iterable(map(dict.values, adj.values()))
            w = np.fromiter(map(get, datas), dtype=float, count=len(flat))
            w = w if sel is None else w[sel]
    else:
        index = {x: i for i, x in enumerate(nodes)}
        # one pass over the edges: 2-4 times faster than nx.to_scipy_sparse_array
        ends = np.fromiter((index.get(x, -1) for e in G.edges() for x in e), dtype=np.int64, count=2 * m)
        w = (
            np.ones(m)
            if weight is None
            else np.fromiter((d for _, _, d in G.edges(data=weight, default=1)), dtype=float, count=m)
        )
        u, v = ends[0::2], ends[1::2]
    keep = (u != v) & (u >= 0) & (v >= 0)
    if weight is not None:
        check_weights(G, w[keep], np.flatnonzero(keep), weight)
    return u[keep], v[keep], w[keep]


def check_weights(G: nx.Graph, w: np.ndarray, positions: np.ndarray | None = None, weight: str = "weight") -> None:
    """Raise :class:`~clustergraph.errors.InputError` unless the link weights ``w`` are usable.

    The rule (the loader's, applied again to graphs built in Python and to
    merged repeated links): every weight a positive finite number, and their
    total finite, so that every sum of weights (weighted degree, group totals)
    is finite too. Scale-free measures rescale weights themselves, so any
    weights within that rule, 1e-320 or 1e300, work. ``positions[i]`` is the
    index in ``G.edges()`` of ``w[i]`` (to name the link).

    >>> check_weights(nx.Graph([("a", "b", {"weight": 1e308})]), np.array([1e308]))  # fine
    >>> check_weights(nx.Graph([("a", "b", {"weight": float("inf")})]), np.array([float("inf")]))
    Traceback (most recent call last):
    ...
    clustergraph.errors.InputError: 1 problem in the input:
      - input: link a - b: weight inf is not a positive finite number (as in links.csv, weights are numbers above 0)
    """
    with np.errstate(invalid="ignore", over="ignore"):
        bad = ~(np.isfinite(w) & (w > 0))
        total_ok = not bad.any() and bool(np.isfinite(np.sum(w)))
    if total_ok:
        return
    from ..errors import InputError

    if not bad.any():
        raise InputError(
            f"link weights ({weight!r}) sum to more than {np.finfo(float).max:.3g}, the largest number a float holds: "
            "divide all weights by a common factor"
        )
    i = int(np.flatnonzero(bad)[0])
    e = int(positions[i]) if positions is not None else i
    u, v = next(x for j, x in enumerate(G.edges()) if j == e)
    arrow = "->" if G.is_directed() else "-"
    data = G.get_edge_data(u, v) or {}
    merged = data.get("count", 1) if not G.is_multigraph() else 1
    why = (
        f"the sum of its {merged} repeated links is too large for a float"
        if isinstance(merged, int) and merged > 1 and w[i] == np.inf
        else "as in links.csv, weights are numbers above 0"
    )
    raise InputError(f"link {u} {arrow} {v}: {weight} {float(w[i])!r} is not a positive finite number ({why})")


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


def divided_by_max(A: sp.csr_array) -> sp.csr_array:
    """``A`` divided by its largest entry, entry by entry (scipy's ``A / x`` multiplies by ``1/x``,
    which overflows for a subnormal ``x`` such as 1e-320). For scale-free measures.

    >>> divided_by_max(sp.csr_array(np.array([[0.0, 1e-320], [2e-320, 0.0]]))).toarray().tolist()
    [[0.0, 0.5], [1.0, 0.0]]
    """
    B = sp.csr_array(A, copy=True)
    if B.nnz:
        B.data = B.data / B.data.max()
    return B


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
