"""Gould-Fernandez brokerage roles, computed with sparse matrix algebra.

An actor ``v`` *brokers* the ordered two-path ``a -> v -> c`` when ``a != c`` and
there is no tie ``a -> c`` (Gould & Fernandez 1989). With a partition of the
actors into groups ``g(.)`` (by default the actor type) each brokered two-path
is one of five roles:

==============  ===========================  ===============
role            groups                        sna name
==============  ===========================  ===============
coordinator     g(a) = g(v) = g(c)            ``w_I``
itinerant       g(a) = g(c) != g(v)           ``w_O``
representative  g(a) = g(v) != g(c)           ``b_IO``
gatekeeper      g(a) != g(v) = g(c)           ``b_OI``
liaison         g(a), g(v), g(c) all differ   ``b_O``
==============  ===========================  ===============

Undirected graphs are read as directed graphs in which every link points both
ways, so the undirected two-path ``a - v - c`` counts as ``a -> v -> c`` *and*
``c -> v -> a``. Hence in undirected graphs ``gatekeeper == representative``
for every actor and every count is even for coordinator, itinerant, liaison
and total. Link weights and self-loops are ignored.

**Counting without a loop over neighbour pairs.** With ``A`` the 0/1 adjacency
matrix (``A[a, v] = 1`` for ``a -> v``), ``In[v, g]`` / ``Out[v, g]`` the number
of in-/out-neighbours of ``v`` in group ``g`` (``A.T @ D`` and ``A @ D``, with
``D`` the n x k group indicator matrix), the two-paths through ``v`` from
group ``g1`` to group ``g2`` are ``In[v, g1] * Out[v, g2]``, minus those with
``a == c`` (reciprocated ties, ``(A * A.T) @ D``), minus the closed ones (tie
``a -> c``). The closed ones ending in group ``g`` are the column sums of
``A * (A_g @ A_g.T)`` where ``A_g`` keeps the columns of group ``g``; the
product is formed in row blocks to bound memory. Every role count is a sum of
such terms, so the whole computation is a handful of sparse products.

**Z-scores** follow R ``sna::brokerage`` (Butts): under a null model in which
each of the ``N (N-1)`` possible arcs is present independently with
probability ``d = m / (N (N-1))`` (``m`` arcs of the directed version; an
undirected link is two arcs), each ordered triple is a brokered two-path with
probability ``p = d^2 (1-d)``. For an actor in group ``i`` of size ``n_i``
(groups ``j`` of sizes ``n_j``, ``N`` actors, ``C(x, 2) = x (x-1) / 2``,
``q = d^3 (1-d)^3``), the expectations E and variances V are

- coordinator: ``E = p (n_i-1)(n_i-2)``;
  ``V = E (1-p) + 2 (n_i-1)(n_i-2)(n_i-3) q``
- itinerant: ``E = p sum_{j!=i} n_j (n_j-1)``;
  ``V = E (1-p) + 2 sum_{j!=i} n_j (n_j-1)(n_j-2) q``
- representative and gatekeeper: ``E = p (N-n_i)(n_i-1)``;
  ``V = E (1-p) + 2 ((n_i-1) C(N-n_i, 2) + (N-n_i) C(n_i-1, 2)) q``
- liaison: ``E = p ((N-n_i)^2 - sum_{j!=i} n_j^2)``;
  ``V = E (1-p) + 4 sum_{j!=i} n_j C(N-n_j-n_i, 2) q``
- total: ``E = p (N-1)(N-2)``; ``V = E (1-p) + 2 (N-1)(N-2)(N-3) q``

and ``z = (observed - E) / sqrt(V)``, NaN when ``V = 0`` (for example the
itinerant score when there is a single group, or a graph with fewer than 3
actors or no arcs).

References
----------
Gould, R.V. and Fernandez, R.M. (1989). Structures of mediation: a formal
approach to brokerage in transaction networks. Sociological Methodology 19:
89-126.

Butts, C.T. (2008). Social network analysis with sna. Journal of Statistical
Software 24(6) (function ``brokerage``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

#: Role columns, in output order.
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: Group of actors that lack the grouping attribute.
NO_GROUP = "(none)"

# Upper bound on the entries of one row block of A_g @ A_g.T (memory guard).
_BLOCK_NNZ = 20_000_000


def _group_codes(G: nx.Graph, nodes: list, attribute: str,
                 groups: Mapping[Hashable, Hashable] | None) -> tuple[np.ndarray, int]:
    """Integer group code per node (groups sorted by their string form)."""
    if groups is not None:
        labels = [groups.get(v, NO_GROUP) for v in nodes]
    else:
        labels = [G.nodes[v].get(attribute, NO_GROUP) for v in nodes]
    labels = [NO_GROUP if lab is None or (isinstance(lab, float) and np.isnan(lab)) else lab
              for lab in labels]
    uniq = sorted(set(labels), key=str)
    index = {lab: i for i, lab in enumerate(uniq)}
    return np.fromiter((index[lab] for lab in labels), dtype=np.int64, count=len(labels)), len(uniq)


def _adjacency(G: nx.Graph, nodes: list) -> sp.csr_matrix:
    """0/1 adjacency matrix of the directed version of G, without self-loops."""
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight=None, format="coo", dtype=np.float64)
    keep = A.row != A.col
    n = len(nodes)
    A = sp.csr_matrix((np.ones(int(keep.sum())), (A.row[keep], A.col[keep])), shape=(n, n))
    A.sum_duplicates()
    A.data[:] = 1.0
    return A


def _closed_by_end_group(A: sp.csr_matrix, cols: np.ndarray) -> sp.csr_matrix:
    """``A * (A_g @ A_g.T)``: entry (a, v) counts c in ``cols`` with a->v, a->c, v->c."""
    Ag = A[:, cols].tocsr()
    AgT = Ag.T.tocsr()
    n = A.shape[0]
    # Rough size of a row block's product: sum over rows of (row nnz * mean column nnz).
    col_nnz = np.diff(AgT.indptr)
    work_per_row = np.asarray(Ag @ col_nnz.astype(np.float64)).ravel()
    total = float(work_per_row.sum())
    if total <= _BLOCK_NNZ:
        return A.multiply(Ag @ AgT).tocsr()
    parts = []
    start = 0
    cum = np.cumsum(work_per_row)
    while start < n:
        base = cum[start - 1] if start else 0.0
        stop = int(np.searchsorted(cum, base + _BLOCK_NNZ, side="right"))
        stop = max(stop, start + 1)
        stop = min(stop, n)
        parts.append(A[start:stop].multiply(Ag[start:stop] @ AgT).tocsr())
        start = stop
    return sp.vstack(parts, format="csr")


def _role_counts(A: sp.csr_matrix, code: np.ndarray, k: int) -> np.ndarray:
    """n x 6 array of role counts (ROLES order, then total)."""
    n = A.shape[0]
    rows = np.arange(n)
    D = sp.csr_matrix((np.ones(n), (rows, code)), shape=(n, k))
    AT = A.T.tocsr()
    In = np.asarray((AT @ D).todense())     # In[v, g]: in-neighbours of v in g
    Out = np.asarray((A @ D).todense())     # Out[v, g]: out-neighbours of v in g
    Rec = np.asarray((A.multiply(AT) @ D).todense())  # reciprocated neighbours in g
    indeg, outdeg = In.sum(axis=1), Out.sum(axis=1)
    own_in, own_out = In[rows, code], Out[rows, code]

    # All two-paths a->v->c with a != c, by group pattern (before removing closed ones).
    total = indeg * outdeg - Rec.sum(axis=1)
    diag = In * Out - Rec                      # g(a) = g(c) = g, per g
    same_start = own_in * outdeg - Rec[rows, code]   # g(a) = g(v)
    same_end = indeg * own_out - Rec[rows, code]     # g(c) = g(v)

    # Closed two-paths (tie a->c), removed group by group of c.
    coo = A.tocoo()
    same_pair = code[coo.row] == code[coo.col]     # arcs a->v with g(a) = g(v)
    S = sp.csr_matrix((same_pair.astype(np.float64), (coo.row, coo.col)), shape=(n, n))
    for g in range(k):
        cols = np.flatnonzero(code == g)
        W = _closed_by_end_group(A, cols)          # W[a, v]: closed, g(c) = g
        if W.nnz == 0:
            continue
        by_start = np.asarray((W.T @ D).todense())   # [v, g(a)]
        col_sum = by_start.sum(axis=1)
        total -= col_sum
        diag[:, g] -= by_start[:, g]
        same_start -= np.asarray(W.multiply(S).sum(axis=0)).ravel()
        mine = code == g
        same_end[mine] -= col_sum[mine]

    coordinator = diag[rows, code]
    itinerant = diag.sum(axis=1) - coordinator
    representative = same_start - coordinator
    gatekeeper = same_end - coordinator
    liaison = total - coordinator - itinerant - representative - gatekeeper
    return np.column_stack([coordinator, itinerant, representative, gatekeeper, liaison, total])


def _expectations(code: np.ndarray, k: int, n_arcs: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-node expected role counts and variances (n x 6) as in sna::brokerage."""
    N = float(len(code))
    sizes = np.bincount(code, minlength=k).astype(np.float64)
    E = np.full((k, 6), np.nan)
    V = np.full((k, 6), np.nan)
    if N < 3 or N * (N - 1) == 0:
        return E[code], V[code]
    d = n_arcs / (N * (N - 1))
    p = d * d * (1 - d)
    q = d ** 3 * (1 - d) ** 3

    def c2(x):
        return x * (x - 1) / 2

    for i in range(k):
        ni = sizes[i]
        others = np.delete(sizes, i)
        E[i, 0] = p * (ni - 1) * (ni - 2)
        V[i, 0] = E[i, 0] * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * q
        E[i, 1] = p * np.sum(others * (others - 1))
        V[i, 1] = E[i, 1] * (1 - p) + 2 * np.sum(others * (others - 1) * (others - 2)) * q
        E[i, 2] = p * (N - ni) * (ni - 1)
        V[i, 2] = E[i, 2] * (1 - p) + 2 * ((ni - 1) * c2(N - ni) + (N - ni) * c2(ni - 1)) * q
        E[i, 3], V[i, 3] = E[i, 2], V[i, 2]
        E[i, 4] = p * ((N - ni) ** 2 - np.sum(others ** 2))
        V[i, 4] = E[i, 4] * (1 - p) + 4 * np.sum(others * c2(N - others - ni)) * q
        E[i, 5] = p * (N - 1) * (N - 2)
        V[i, 5] = E[i, 5] * (1 - p) + 2 * (N - 1) * (N - 2) * (N - 3) * q
    return E[code], V[code]


def brokerage_roles(G: nx.Graph, attribute: str = "type",
                    groups: Mapping[Hashable, Hashable] | None = None) -> pd.DataFrame:
    """Gould-Fernandez brokerage role counts and z-scores for every actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem. Undirected links count both ways (see the module
        docstring), so gatekeeper equals representative. Weights are ignored.
    attribute : str
        Node attribute that defines the groups (default the actor ``type``).
        Nodes lacking it form the group ``"(none)"``.
    groups : mapping, optional
        Node -> group; overrides ``attribute``. Nodes missing from it form the
        group ``"(none)"``.

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (nodes in G's order). Columns ``coordinator``,
        ``itinerant``, ``representative``, ``gatekeeper``, ``liaison``,
        ``total`` (int counts of brokered ordered two-paths) and the same six
        with suffix ``_z``: standardised scores against random mixing at the
        observed density, as in R ``sna::brokerage`` (NaN when the null
        variance is 0).

    Examples
    --------
    >>> G = nx.DiGraph([("a", "v"), ("v", "c")])
    >>> nx.set_node_attributes(G, {"a": "firm", "v": "rto", "c": "vet"}, "type")
    >>> brokerage_roles(G).loc["v", ["liaison", "total"]].tolist()
    [1, 1]

    References
    ----------
    Gould, R.V. and Fernandez, R.M. (1989). Structures of mediation: a formal
    approach to brokerage in transaction networks. Sociological Methodology
    19: 89-126.
    """
    nodes = list(G.nodes)
    code, k = _group_codes(G, nodes, attribute, groups)
    cols = list(ROLES) + ["total"]
    if not nodes:
        return pd.DataFrame(columns=cols + [c + "_z" for c in cols],
                            index=pd.Index([], name="id"))
    A = _adjacency(G, nodes)
    counts = np.rint(_role_counts(A, code, k)).astype(np.int64)
    E, V = _expectations(code, k, A.nnz)
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(V)
        z = np.where(sd > 0, (counts - E) / np.where(sd > 0, sd, 1.0), np.nan)
    out = pd.DataFrame(counts, columns=cols, index=pd.Index(nodes, name="id"))
    for j, c in enumerate(cols):
        out[c + "_z"] = z[:, j]
    return out
