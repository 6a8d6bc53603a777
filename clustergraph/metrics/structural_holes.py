"""Structural holes (Burt 1992), articulation points and bridges.

An actor spans a *structural hole* when its partners are not linked to each
other: it then hears different things from each and can broker between them.
Burt's measures, for actor ``i`` with contacts ``N(i)`` (partners linked in
either direction), ``n = |N(i)|``:

- **effective size**: ``sum_{j in N(i)} (1 - sum_{q in N(i)} p_iq m_jq)``, the
  number of contacts minus their redundancy, where ``p_iq`` is the share of
  ``i``'s ties invested in ``q`` (mutual weight ``a_iq + a_qi`` over its sum
  across ``i``'s contacts) and ``m_jq`` is ``j``'s mutual weight with ``q``
  divided by ``j``'s largest mutual weight. For undirected unweighted graphs
  this is Borgatti's (1997) closed form ``n - 2 t / n`` with ``t`` the number
  of links among ``i``'s contacts;
- **efficiency**: effective size / ``n``;
- **constraint**: ``sum_{j in N(i)} c_ij`` with the *local constraint*
  ``c_ij = (p_ij + sum_{q in N(i)} p_iq p_qj)^2``: how much ``i``'s network is
  concentrated on contacts that are themselves linked;
- **hierarchy**: ``sum_j r_j ln(r_j) / (n ln n)`` with ``r_j = c_ij / (C / n)``,
  ``C`` the constraint: how far the constraint is concentrated on one contact
  (0 when spread evenly, 1 when it all comes from one contact).

The numbers equal networkx's :func:`~networkx.effective_size` and
:func:`~networkx.constraint` computed node by node (which loop over pairs of
neighbours in Python and take about 45 minutes for effective size on 10,000
actors). Note: networkx 3.6's own vectorised path for *weighted or directed*
effective size (used when ``nodes`` is not given) normalises the max-weights
by columns instead of rows and so disagrees with its node-by-node path and with
Burt's definition (networkx pull request #8906); clustergraph follows the
definition. Here they are
computed with sparse matrix algebra: with ``P`` the row-normalised and ``Mx``
the row-max-normalised mutual-weight matrix and ``A`` the 0/1 contact matrix,
the redundancy of ``i`` is ``sum_q P_iq (A @ Mx)_iq`` and the indirect term of
``c_ij`` is ``(P @ P)_ij``, both read only on links (block by block to bound
memory, see :mod:`clustergraph.metrics._sparse`).

Conventions: actors without contacts get NaN for all four measures (as in
networkx); hierarchy is NaN for actors with a single contact (``0/0``).
Self-loops are dropped with a notice (:func:`clustergraph.graph.drop_self_loops`).
With ``weight``, the weights are rescaled per actor before use (the measures
depend only on ratios of one actor's weights), so weights from 1e-320 to 1e308
give no overflow. In directed graphs, contacts are partners linked in
either direction (networkx's ``all_neighbors``).

References
----------
Burt, R.S. (1992). *Structural Holes: The Social Structure of Competition*.
Harvard University Press, pp. 51-55 (effective size, efficiency), 54-55 and
70-71 (constraint, hierarchy).
Borgatti, S.P. (1997). Structural holes: unpacking Burt's redundancy measures.
*Connections* 20(1): 35-38.
Tarjan, R.E. (1974). A note on finding the bridges of a graph. *Information
Processing Letters* 2(6): 160-161.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..graph import drop_self_loops, undirected
from . import _igraph
from ._sparse import adjacency, masked_product_rows, row_sums_of_masked_product, undirected_binary

#: Columns of :func:`structural_holes`, in order.
COLUMNS: tuple[str, ...] = ("effective_size", "efficiency", "constraint", "hierarchy", "is_articulation_point")


def _row_scale(M: sp.csr_array, scale: np.ndarray) -> sp.csr_array:
    """Multiply row ``i`` of ``M`` by ``scale[i]`` (0 where ``scale`` is not finite)."""
    scale = np.where(np.isfinite(scale), scale, 0.0)
    return sp.csr_array(sp.diags_array(scale) @ M)


def structural_holes(G: nx.Graph, weight: str | None = None) -> pd.DataFrame:
    """Burt's effective size, efficiency, constraint and hierarchy, and articulation points.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem graph.
    weight : str, optional
        Edge attribute used as tie strength (e.g. ``"weight"``). ``None``
        (default) treats every link as strength 1, as networkx does.

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (the nodes of ``G`` in order), columns :data:`COLUMNS`.
        ``is_articulation_point`` is True for actors whose removal splits their
        component (links read as undirected).

    Examples
    --------
    A star: the centre's three partners are unlinked, so its effective size is
    3, its efficiency 1 and its constraint ``3 * (1/3)**2 = 1/3``.

    >>> sh = structural_holes(nx.star_graph(3))
    >>> sh.loc[0, ["effective_size", "efficiency", "constraint"]].round(3).tolist()
    [3.0, 1.0, 0.333]
    >>> bool(sh.loc[0, "is_articulation_point"])
    True

    References
    ----------
    Burt (1992), *Structural Holes*; Borgatti (1997), *Connections* 20(1): 35-38.
    """
    G = drop_self_loops(G)
    nodes = list(G)
    n = len(nodes)
    frame = pd.DataFrame(index=pd.Index(nodes, name="id", dtype=object))
    if n == 0:
        for col in COLUMNS:
            frame[col] = pd.Series(dtype=bool if col == "is_articulation_point" else float)
        return frame
    W = adjacency(G, nodes, weight)
    A = undirected_binary(W)
    deg = np.diff(A.indptr).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if weight is None:
            M = sp.csr_array(W + W.T) if G.is_directed() else W  # mutual weights
        else:
            # every measure reads M only through per-row ratios (P, Mx): halve (no overflow from
            # 1e308 + 1e308), then divide each row by its largest entry (no overflow from 1e-320)
            M = sp.csr_array(W * 0.5 + W.T * 0.5) if G.is_directed() else W
            M = sp.csr_array(M)
            top = M.max(axis=1).toarray().ravel()
            M.data = M.data / np.repeat(top, np.diff(M.indptr))  # division: 1/1e-320 would overflow
        M.sort_indices()
        P = _row_scale(M, 1.0 / np.asarray(M.sum(axis=1)).ravel())

        # effective size
        if not G.is_directed() and weight is None:
            ties_among_contacts = row_sums_of_masked_product(A, A, A) / 2.0
            esize = deg - 2.0 * ties_among_contacts / deg
        else:
            Mx = _row_scale(M, 1.0 / M.max(axis=1).toarray().ravel())
            esize = deg - row_sums_of_masked_product(A, Mx, P)
        esize[deg == 0] = np.nan

        # constraint and hierarchy from the local constraints c_ij on each link
        constraint = np.full(n, np.nan)
        hierarchy = np.full(n, np.nan)
        for r0, r1, indirect in masked_product_rows(P, P, A):
            local = sp.csr_array(P[r0:r1] + indirect)
            local.data **= 2
            rows = np.repeat(np.arange(r1 - r0), np.diff(local.indptr))
            total = np.bincount(rows, weights=local.data, minlength=r1 - r0)
            k = deg[r0:r1]
            r = local.data * k[rows] / total[rows]
            h = np.bincount(rows, weights=r * np.log(r), minlength=r1 - r0) / (k * np.log(k))
            has = k > 0
            constraint[r0:r1][has] = total[has]
            hierarchy[r0:r1][k > 1] = h[k > 1]

    frame["effective_size"] = esize
    frame["efficiency"] = esize / np.where(deg > 0, deg, np.nan)
    frame["constraint"] = constraint
    frame["hierarchy"] = hierarchy
    cut = set(articulation_points(G))
    frame["is_articulation_point"] = [v in cut for v in nodes]
    return frame


def articulation_points(G: nx.Graph) -> list:
    """Actors whose removal disconnects their component (links read as undirected).

    Same set as :func:`networkx.articulation_points`; computed with igraph
    when available. Returned in the node order of ``G``.

    Examples
    --------
    >>> articulation_points(nx.path_graph(4))
    [1, 2]
    """
    H = undirected(G)
    nodes = list(H)
    if _igraph.available():
        cut = _igraph.to_igraph(H, nodes).articulation_points()
        found = {nodes[i] for i in cut}
    else:
        found = set(nx.articulation_points(H))
    return [v for v in nodes if v in found]


def bridges(G: nx.Graph) -> pd.DataFrame:
    """Links whose removal disconnects their component (links read as undirected).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (the link as stored in ``G``), one row
        per bridge, sorted by ``source`` then ``target`` (as strings). Same
        links as :func:`networkx.bridges`.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> bridges(G).values.tolist()
    [['c', 'd']]

    References
    ----------
    Tarjan (1974), Information Processing Letters 2(6): 160-161.
    """
    H = undirected(G)
    nodes = list(H)
    if _igraph.available():
        edges = _igraph.edge_index_list(H, nodes)
        ids = _igraph.to_igraph(H, nodes, edges).bridges()
        pairs = [(nodes[edges[e][0]], nodes[edges[e][1]]) for e in ids]
    else:
        pairs = list(nx.bridges(H))
    frame = pd.DataFrame(pairs, columns=["source", "target"], dtype=object)
    order = sorted(range(len(pairs)), key=lambda i: (str(pairs[i][0]), str(pairs[i][1])))
    return frame.iloc[order].reset_index(drop=True)
