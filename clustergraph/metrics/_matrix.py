"""Measures read from the sparse adjacency matrix: eigenvector per component, PageRank, clustering, partner types.

Called by :func:`clustergraph.metrics.centrality.centrality` (and importable from there).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh

from ..schema import ACTOR_TYPES
from . import _igraph
from ._sparse import adjacency, row_sums_of_masked_product, undirected_binary


def local_clustering(B: sp.csr_array) -> np.ndarray:
    """Share of pairs of partners that are linked, from the 0/1 undirected matrix ``B``.

    ``2 t_i / (k_i (k_i - 1))`` with ``k_i`` the partners of ``i`` and ``t_i``
    the links among them, 0 below two partners (Watts & Strogatz 1998). For a
    directed graph ``B`` is the undirected view (:func:`undirected_binary`), so
    this is networkx ``clustering`` of ``nx.Graph(G)``, not networkx's directed
    clustering (Fagiolo 2007), which counts directed triangles.

    >>> B = sp.csr_array(np.array([[0, 1, 1, 1], [1, 0, 0, 1], [1, 0, 0, 0], [1, 1, 0, 0]], float))
    >>> local_clustering(B).round(3).tolist()
    [0.333, 1.0, 0.0, 1.0]
    """
    k = np.diff(B.indptr).astype(float)
    t = row_sums_of_masked_product(B, B, B) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(k > 1, 2.0 * t / (k * (k - 1.0)), 0.0)


#: PageRank damping factor (Brin & Page 1998; networkx and igraph default).
DAMPING: float = 0.85
#: Convergence of the networkx fallback: L1 change between iterations below this.
PAGERANK_TOL: float = 1e-12


def pagerank(G: nx.Graph, nodes: list | None = None, *, weight: str | None = "weight") -> np.ndarray:
    """PageRank of every actor, converged to about 1e-12 (in ``nodes`` order, default ``list(G)``).

    Damping :data:`DAMPING`; a walker at an actor follows one of its links
    with probability proportional to the link weight (both directions of an
    undirected link; arcs forward in a directed graph) and jumps to a uniformly
    chosen actor otherwise; actors with no outgoing link (dangling) jump
    uniformly. Self-loops are not counted (:func:`clustergraph.graph.drop_self_loops`).
    Computed by igraph's PRPACK solver (a direct solve) when python-igraph is
    available, otherwise by networkx ``pagerank`` with the stopping rule
    tightened from networkx's default (L1 change below ``n * 1e-6``) to
    :data:`PAGERANK_TOL`. Only the weights' ratios among one actor's links
    matter, so each actor's outgoing weights are divided by their largest
    first: weights from 1e-320 to 1e308 give no overflow.

    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])  # c is dangling
    >>> ref = nx.pagerank(G, tol=1e-14)
    >>> bool(np.allclose(pagerank(G), [ref[v] for v in G], atol=1e-12))
    True

    References
    ----------
    Brin, S. and Page, L. (1998). The anatomy of a large-scale hypertextual web
    search engine. *Computer Networks* 30: 107-117. Gleich, D.F. et al. PRPACK
    (igraph's default PageRank solver).
    """
    nodes = list(G) if nodes is None else list(nodes)
    return pagerank_of_matrix(adjacency(G, nodes, weight))


def pagerank_of_matrix(W: sp.csr_array) -> np.ndarray:
    """PageRank of the weighted arc matrix ``W`` (``W[u, v]``: weight of ``u -> v``; see :func:`pagerank`).

    >>> pagerank_of_matrix(sp.csr_array(np.array([[0, 1.0], [1e-320, 0]]))).round(3).tolist()
    [0.5, 0.5]
    """
    n = W.shape[0]
    if n == 0:
        return np.zeros(0)
    W = sp.csr_array(W, copy=True)
    W.eliminate_zeros()
    top = W.max(axis=1).toarray().ravel()
    # per-actor scaling (a division: 1/1e-320 overflows); transition probabilities unchanged
    W.data = W.data / np.repeat(top, np.diff(W.indptr))
    coo = W.tocoo()
    if _igraph.available():
        import igraph
        from threadpoolctl import threadpool_limits

        g = igraph.Graph(n=n, edges=np.column_stack([coo.row, coo.col]).tolist(), directed=True)
        # PRPACK sums with OpenMP threads in no fixed order (PageRank differed by ~1e-17 run to run):
        # one thread, so the same input gives the same bits (same files, see export.tables.OUTPUT_DIGITS)
        with threadpool_limits(limits=1, user_api="openmp"):
            x = np.array(g.pagerank(weights=coo.data.tolist(), damping=DAMPING, implementation="prpack"), dtype=float)
    else:
        H = nx.DiGraph()
        H.add_nodes_from(range(n))
        H.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist()))
        r = nx.pagerank(H, alpha=DAMPING, weight="weight", tol=PAGERANK_TOL / n, max_iter=10_000)
        x = np.array([r[i] for i in range(n)], dtype=float)
    return x / x.sum()


def partner_type_counts(G: nx.Graph, nodes: list, B: sp.csr_array | None = None) -> np.ndarray:
    """Number of distinct partners of each type in :data:`~clustergraph.schema.ACTOR_TYPES`.

    Returns an ``n x len(ACTOR_TYPES)`` integer array (row ``i`` for ``nodes[i]``); partners
    of an unknown or missing type are not counted. ``B`` is the 0/1
    undirected adjacency matrix (computed when not given).

    >>> G = nx.Graph([("f", "v"), ("f", "u")])
    >>> nx.set_node_attributes(G, {"f": "firm", "v": "vet", "u": "vet"}, "type")
    >>> partner_type_counts(G, ["f", "v", "u"])[0].tolist()
    [0, 2, 0, 0, 0, 0, 0]
    """
    if B is None:
        B = undirected_binary(adjacency(G, nodes))
    column = {t: j for j, t in enumerate(ACTOR_TYPES)}
    rows, cols = [], []
    for i, v in enumerate(nodes):
        j = column.get(G.nodes[v].get("type"))
        if j is not None:
            rows.append(i)
            cols.append(j)
    T = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(nodes), len(ACTOR_TYPES)))
    return np.rint((B @ T).toarray()).astype(np.int64)


def eigenvector_by_component(A: sp.csr_array) -> np.ndarray:
    """Eigenvector centrality per connected component of a symmetric non-negative matrix.

    Each component ``C`` of two or more nodes gets its leading (Perron)
    eigenvector, non-negative, scaled to Euclidean norm ``sqrt(|C|/n)``;
    isolated nodes get 0. On a connected graph this is the unit-norm vector of
    networkx ``eigenvector_centrality_numpy``.

    Examples
    --------
    Two disjoint links: each end scores ``1/sqrt(2)`` within its component,
    times ``sqrt(2/4)``, so ``1/2``:

    >>> A = sp.csr_array(np.array([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]], float))
    >>> eigenvector_by_component(A).round(3).tolist()
    [0.5, 0.5, 0.5, 0.5]

    References
    ----------
    Bonacich, P. (1987). Power and centrality: a family of measures. *American
    Journal of Sociology* 92(5): 1170-1182.
    """
    n = A.shape[0]
    x = np.zeros(n)
    if n == 0:
        return x
    ncomp, labels = csgraph.connected_components(A, directed=False)
    order = np.argsort(labels, kind="stable")
    sizes = np.bincount(labels, minlength=ncomp)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    Ap = sp.csr_array(A[order][:, order])
    for c in np.flatnonzero(sizes >= 2):
        s, e = starts[c], starts[c + 1]
        block = Ap[s:e, s:e]
        if e - s <= 200:
            _, vecs = np.linalg.eigh(block.toarray())
            vec = vecs[:, -1]
        else:
            _, vecs = eigsh(block, k=1, which="LA", v0=np.ones(e - s), maxiter=10_000)
            vec = vecs[:, 0]
        vec = np.abs(vec)
        x[order[s:e]] = vec / np.linalg.norm(vec) * np.sqrt((e - s) / n)
    return x
