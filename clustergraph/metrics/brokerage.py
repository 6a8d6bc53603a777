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
and total. Link weights are ignored; self-loops are dropped with a notice
(:func:`clustergraph.graph.drop_self_loops`).

**Counting without a loop over neighbour pairs.** With ``A`` the 0/1 adjacency
matrix (``A[a, v] = 1`` for ``a -> v``) and ``A_s`` its arcs inside a group,
each role is a difference of counts "two-paths through ``v`` whose ends
satisfy a group condition": all pairs of an in-neighbour and an out-neighbour
(products of in/out degrees, own-group degrees, or ``(A.T @ D) * (A @ D)``
with ``D`` the group indicator matrix), minus pairs with ``a == c``
(reciprocated ties, ``A * A.T``), minus closed pairs (tie ``a -> c``), the
column sums of masked sparse products such as ``A * (A @ A.T)`` and
``A_s * (A_s @ A_s.T)``. Five masked products in all, formed in row blocks to
bound memory, whatever the number of groups.

**Z-scores, directed graphs** follow R ``sna::brokerage`` (Butts 2008): under
a null model in which each of the ``N (N-1)`` possible arcs is present
independently with probability ``d = m / (N (N-1))`` (``m`` arcs), each ordered
triple is a brokered two-path with probability ``p = d^2 (1-d)``. For an actor
in group ``i`` of size ``n_i`` (groups ``j`` of sizes ``n_j``, ``N`` actors,
``C(x, 2) = x (x-1) / 2``, ``q = d^3 (1-d)^3``), the expectations E and
variances V are

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
actors or no links).

**Z-scores, undirected graphs.** ``sna``'s model draws the two arcs of a link
independently, which an undirected graph cannot do: its z-scores of the
symmetric roles then have a standard deviation of about ``sqrt(2)`` instead of
1. clustergraph uses the matching null model instead, the undirected Bernoulli
graph: each of the ``C(N, 2)`` pairs is linked independently with probability
``d = m / C(N, 2)`` (``m`` links; the same number as ``sna``'s density of the
two-arc version). Derivation: for the broker ``v`` and an unordered pair
``{a, c}`` of other actors let ``Y_ac = e_av e_vc (1 - e_ac)`` (``e`` the link
indicators), so ``P(Y_ac = 1) = p = d^2 (1-d)``. A role's count is
``w sum_{{a,c} in S} Y_ac`` over the set ``S`` of unordered pairs of the role's
group pattern, with ``w = 2`` for coordinator, itinerant, liaison and total
(both orders of a pair are counted) and ``w = 1`` for representative and
gatekeeper (one order of a pair is representative, the other gatekeeper).
Two indicators of pairs with no actor in common use disjoint links and are
independent; two indicators of pairs sharing one actor ``a`` (``{a, c}``,
``{a, c'}``) use five distinct links, so ``E[Y_ac Y_ac'] = d^3 (1-d)^2`` and
their covariance is ``d^3 (1-d)^2 - p^2 = d^3 (1-d)^3 = q``. With ``s_a`` the
number of pairs of ``S`` that contain ``a``, the pairs sharing an actor are
``sum_a C(s_a, 2)``, hence

``E = w |S| p`` and ``V = w^2 (|S| p (1-p) + q sum_a s_a (s_a - 1))``.

Coordinator: ``|S| = C(n_i-1, 2)``, ``s_a = n_i-2``; itinerant:
``|S| = sum_{j!=i} C(n_j, 2)``, ``s_a = n_j-1``; representative/gatekeeper:
``|S| = (n_i-1)(N-n_i)``, ``s_a = N-n_i`` inside group ``i`` and ``n_i-1``
outside; liaison: pairs across two groups other than ``i``,
``s_a = N-n_i-n_j``; total: ``|S| = C(N-1, 2)``, ``s_a = N-2``. Substituting,
the expectations are the directed ones above and the variances are exactly
**twice** the directed formulas for coordinator, itinerant, liaison and total,
and **equal** to them for representative and gatekeeper. A test simulates
random graphs of both kinds and checks that every z-score has a standard
deviation within 0.9-1.1.

References
----------
Gould, R.V. and Fernandez, R.M. (1989). Structures of mediation: a formal
approach to brokerage in transaction networks. Sociological Methodology 19:
89-126.

Butts, C.T. (2008). Social network analysis with sna. Journal of Statistical
Software 24(6) (function ``brokerage``).

Erdős, P. and Rényi, A. (1959). On random graphs I. Publicationes
Mathematicae 6: 290-297 (the undirected Bernoulli graph ``G(N, d)``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..graph import drop_self_loops
from ._sparse import adjacency, masked_product_rows

#: Role columns, in output order.
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: Group of actors that lack the grouping attribute.
NO_GROUP = "(none)"


def _group_codes(
    G: nx.Graph, nodes: list, attribute: str, groups: Mapping[Hashable, Hashable] | None
) -> tuple[np.ndarray, int]:
    """Integer group code per node (groups sorted by their string form)."""
    if groups is not None:
        labels = [groups.get(v, NO_GROUP) for v in nodes]
    else:
        labels = [G.nodes[v].get(attribute, NO_GROUP) for v in nodes]
    labels = [NO_GROUP if lab is None or (isinstance(lab, float) and np.isnan(lab)) else lab for lab in labels]
    uniq = sorted(set(labels), key=str)
    index = {lab: i for i, lab in enumerate(uniq)}
    return np.fromiter((index[lab] for lab in labels), dtype=np.int64, count=len(labels)), len(uniq)


def _masked_product(M: sp.csr_array, X: sp.csr_array, Y: sp.csr_array) -> sp.csr_array:
    """``M * (X @ Y.T)`` (elementwise), formed in row blocks to bound memory."""
    blocks = [block for _, _, block in masked_product_rows(X, sp.csr_array(Y.T), M)]
    return sp.csr_array(sp.vstack(blocks, format="csr"))


def _colsum(M) -> np.ndarray:
    return np.asarray(M.sum(axis=0)).ravel()


def _rowsum(M) -> np.ndarray:
    return np.asarray(M.sum(axis=1)).ravel()


def _role_counts(A: sp.csr_array, code: np.ndarray, k: int) -> np.ndarray:
    """n x 6 array of role counts (ROLES order, then total).

    Every count is "two-paths a->v->c of a group pattern" = all pairs
    (in-neighbour a, out-neighbour c) of that pattern, minus those with a == c
    (reciprocated ties), minus the closed ones (tie a->c). With ``S`` the arcs
    inside a group (``A_s = A * S``), the closed ones are column sums of masked
    products: ``A * (A @ A.T)`` (all), ``A * (A_s @ A.T)`` (g(a) = g(c)),
    ``A * (A @ A_s.T)`` (g(c) = g(v)), ``A_s * (A @ A.T)`` (g(a) = g(v)) and
    ``A_s * (A_s @ A_s.T)`` (all three equal). The number of products does not
    depend on the number of groups.
    """
    n = A.shape[0]
    D = sp.csr_array((np.ones(n), (np.arange(n), code)), shape=(n, k))
    AT = sp.csr_array(A.T)
    coo = A.tocoo()
    same = code[coo.row] == code[coo.col]
    As = sp.csr_array((np.ones(int(same.sum())), (coo.row[same], coo.col[same])), shape=(n, n))

    indeg, outdeg = _colsum(A), _rowsum(A)
    own_in, own_out = _colsum(As), _rowsum(As)  # neighbours in v's own group
    R = A.multiply(AT).tocsr()  # reciprocated arcs
    rec, rec_own = _rowsum(R), _rowsum(R.multiply(As))
    # pairs (a, c) of in-/out-neighbours in the same group, summed over groups
    same_pairs = _rowsum((AT @ D).multiply(A @ D))

    W = _masked_product(A, A, A)  # W[a, v]: c with a->c, v->c
    total = indeg * outdeg - rec - _colsum(W)
    same_ac = same_pairs - rec - _colsum(_masked_product(A, As, A))
    coordinator = own_in * own_out - rec_own - _colsum(_masked_product(As, As, As))
    same_av = own_in * outdeg - rec_own - _colsum(W.multiply(As))
    same_vc = indeg * own_out - rec_own - _colsum(_masked_product(A, A, As))

    itinerant = same_ac - coordinator
    representative = same_av - coordinator
    gatekeeper = same_vc - coordinator
    liaison = total - coordinator - itinerant - representative - gatekeeper
    return np.column_stack([coordinator, itinerant, representative, gatekeeper, liaison, total])


def _expectations(code: np.ndarray, k: int, n_arcs: int, directed: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Per-node expected role counts and variances (n x 6).

    ``directed``: as sna::brokerage (independent arcs; ``n_arcs`` arcs).
    Otherwise under the undirected Bernoulli graph (``n_arcs`` = twice the
    links, so the density is the same): the variances of coordinator,
    itinerant, liaison and total are doubled (module docstring).
    """
    N = float(len(code))
    sizes = np.bincount(code, minlength=k).astype(np.float64)
    if N < 3:
        return np.full((len(code), 6), np.nan), np.full((len(code), 6), np.nan)
    d = n_arcs / (N * (N - 1))
    p = d * d * (1 - d)
    q = d**3 * (1 - d) ** 3

    def c2(x):
        return x * (x - 1) / 2

    # E and V depend on a group only through its size: one pass per distinct size
    # (at most about sqrt(2N) of them) instead of one per group, which was quadratic
    # when every actor is its own group
    uniq, inverse = np.unique(sizes, return_inverse=True)
    E = np.full((len(uniq), 6), np.nan)
    V = np.full((len(uniq), 6), np.nan)
    for i, ni in enumerate(uniq):
        others = np.delete(sizes, np.flatnonzero(sizes == ni)[0])
        E[i, 0] = p * (ni - 1) * (ni - 2)
        V[i, 0] = E[i, 0] * (1 - p) + 2 * (ni - 1) * (ni - 2) * (ni - 3) * q
        E[i, 1] = p * np.sum(others * (others - 1))
        V[i, 1] = E[i, 1] * (1 - p) + 2 * np.sum(others * (others - 1) * (others - 2)) * q
        E[i, 2] = p * (N - ni) * (ni - 1)
        V[i, 2] = E[i, 2] * (1 - p) + 2 * ((ni - 1) * c2(N - ni) + (N - ni) * c2(ni - 1)) * q
        E[i, 3], V[i, 3] = E[i, 2], V[i, 2]
        E[i, 4] = p * ((N - ni) ** 2 - np.sum(others**2))
        V[i, 4] = E[i, 4] * (1 - p) + 4 * np.sum(others * c2(N - others - ni)) * q
        E[i, 5] = p * (N - 1) * (N - 2)
        V[i, 5] = E[i, 5] * (1 - p) + 2 * (N - 1) * (N - 2) * (N - 3) * q
    if not directed:
        V[:, [0, 1, 4, 5]] *= 2.0
    return E[inverse][code], V[inverse][code]


def brokerage_roles(
    G: nx.Graph, attribute: str = "type", groups: Mapping[Hashable, Hashable] | None = None
) -> pd.DataFrame:
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
        with suffix ``_z``: standardised scores against random links at the
        observed density: independent arcs as R ``sna::brokerage`` for a
        directed graph, independent undirected links for an undirected one
        (see the module docstring; NaN when the null variance is 0).

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
    G = drop_self_loops(G)
    nodes = list(G.nodes)
    code, k = _group_codes(G, nodes, attribute, groups)
    cols = list(ROLES) + ["total"]
    if not nodes:
        return pd.DataFrame(columns=cols + [c + "_z" for c in cols], index=pd.Index([], name="id"))
    A = adjacency(G, nodes)  # 0/1, no self-loops; an undirected link both ways
    counts = np.rint(_role_counts(A, code, k)).astype(np.int64)
    E, V = _expectations(code, k, A.nnz, G.is_directed())
    with np.errstate(divide="ignore", invalid="ignore"):
        sd = np.sqrt(V)
        z = np.where(sd > 0, (counts - E) / np.where(sd > 0, sd, 1.0), np.nan)
    out = pd.DataFrame(counts, columns=cols, index=pd.Index(nodes, name="id"))
    for j, c in enumerate(cols):
        out[c + "_z"] = z[:, j]
    return out
