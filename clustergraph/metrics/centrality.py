"""Centrality of each actor: who is central, who bridges, who is well connected.

Columns of :func:`centrality` (one row per actor, isolated actors included):

==================  ===============================================================
``degree``          number of links (in + out for directed graphs), networkx ``degree``
``weighted_degree`` sum of link weights (``weight`` attribute; "strength")
``deg_<type>``      number of distinct partners of each actor type (``deg_firm``,
                    ``deg_vet``, ``deg_university``, ``deg_rto``, ``deg_government``,
                    ``deg_cluster_org``, ``deg_other``), links read in either direction
``betweenness``     share of shortest paths between other actors that pass through
                    the actor (Freeman 1977; Brandes 2001), normalised as networkx
                    ``betweenness_centrality``: by ``(n-1)(n-2)/2`` pairs
                    (``(n-1)(n-2)`` directed); unweighted
``closeness``       inverse mean distance to the actors it can reach, times the
                    share of actors it can reach: ``(r-1)/(n-1) * (r-1)/sum d``
                    (Wasserman & Faust 1994, networkx ``closeness_centrality`` with
                    ``wf_improved=True``); incoming distances when directed; 0 for
                    isolated actors; unweighted
``harmonic``        ``sum 1/d(u, v)`` over the other actors, not normalised
                    (Marchiori & Latora 2000, networkx ``harmonic_centrality``)
``eigenvector``     leading eigenvector of the weighted adjacency matrix, computed
                    per connected component (see below); directed graphs: of
                    ``W + W.T``, the undirected view
``pagerank``        PageRank with damping 0.85 over link weights (Brin & Page
                    1998), converged (:func:`pagerank`: igraph PRPACK, or networkx
                    ``pagerank`` with tolerance :data:`PAGERANK_TOL`)
``core_number``     largest ``k`` such that the actor is in the k-core (Seidman
                    1983, networkx ``core_number``)
``clustering``      share of pairs of partners that are linked themselves (Watts &
                    Strogatz 1998, networkx ``clustering``, unweighted); directed
                    graphs: the same on the undirected view (:func:`local_clustering`)
==================  ===============================================================

**Eigenvector centrality on disconnected graphs.** The leading eigenvector of
the whole adjacency matrix is zero outside the component with the largest
eigenvalue, so actors of every other component (a region with no link to the
rest, say) would all score 0. Instead the leading (Perron) eigenvector of each
component ``C`` with two or more actors is taken, scaled to Euclidean norm
``sqrt(|C| / n)``; isolated actors get 0. On a connected graph this is exactly
networkx ``eigenvector_centrality_numpy`` (unit norm), which itself refuses
disconnected graphs (``AmbiguousSolution`` in networkx 3.6). Directed graphs use the
undirected view (the in-link eigenvector of an acyclic network is all zero).

**Fast paths and approximation.** Betweenness, closeness and harmonic
centrality are computed with python-igraph when it is installed (rescaled to the
networkx definitions above and tested equal to networkx), networkx otherwise.
igraph was chosen by measurement on 10,000 actors / 47,000 links (2 cores, CPU
seconds for exact betweenness / closeness / harmonic): igraph 8.0 / 3.4 / 3.3,
NetworKit 11.3 26 / 3.5 / 29, rustworkx 0.18 24 / 17 / - (see
``benchmarks/results.md``).
Betweenness is exact up to :data:`EXACT_MAX_ACTORS` (20,000) actors, closeness
and harmonic centrality up to :data:`EXACT_MAX_ACTORS_DISTANCES` (5,000); above,
they are *estimated* and a notice is logged (WARNING on the ``clustergraph``
logger). Betweenness of undirected graphs, when NetworKit is installed and no
sample size ``k`` is given, with KADABRA (Borassi & Natale 2019; see
:func:`kadabra_betweenness`): every value within :data:`APPROX_EPSILON` (0.005)
of the exact one with probability at least ``1 -`` :data:`APPROX_DELTA` (0.9),
both recorded in ``frame.attrs["approximations"]``. Otherwise (directed graphs,
a given ``k``, no NetworKit) from :data:`DEFAULT_SAMPLES` source actors drawn
with a fixed seed, exactly as networkx
``betweenness_centrality(G, k, seed)`` (same sample, same rescaling); closeness
and harmonic centrality from the distances of the sampled sources to each actor
(Eppstein & Wang 2004), exact for actors whose component holds fewer than two
sampled sources (median relative error about 1 % with 200 sources on 2,000
actors); the distances come from a multi-source breadth-first search in numpy
(64 sources per pass over the links, Then et al. 2014: 1.7 CPU s for 1,000 sources
on 100,000 actors, against 14.5 s with igraph's distance rows). The sample size and seed are stored in
``frame.attrs["approximations"]``. ``exact=True`` forces exact computation.
From 2,000 actors on a machine with two or more CPUs exact betweenness uses a
second (forked) process: betweenness is a sum over source actors (Brandes
2001), so each process takes part of the sources (one also computing exact
closeness, the other harmonic centrality) and the raw sums are added before
normalising. The second process never outlives the first: it asks Linux to kill
it when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, which also covers a
SIGKILL of the parent; elsewhere a thread watches the parent id), and an
interruption of the parent (Ctrl-C, a stop signal, an error) kills it first.

References
----------
Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
Mathematical Sociology* 25(2): 163-177.
Borassi, M. and Natale, E. (2019). KADABRA is an ADaptive Algorithm for
Betweenness via Random Approximation. *ACM J. Exp. Algorithmics* 24: 1.2.
Brandes, U. and Pich, C. (2007). Centrality estimation in large networks.
*International Journal of Bifurcation and Chaos* 17(7): 2303-2318.
Eppstein, D. and Wang, J. (2004). Fast approximation of centrality. *Journal of
Graph Algorithms and Applications* 8(1): 39-45.
Freeman, L.C. (1977). A set of measures of centrality based on betweenness.
*Sociometry* 40(1): 35-41.
Then, M., Kaufmann, M., Chirigati, F., et al. (2014). The more the merrier: efficient
multi-source graph traversal. *Proceedings of the VLDB Endowment* 8(4): 449-460.
Wasserman, S. and Faust, K. (1994). *Social Network Analysis*. Cambridge UP.
Bonacich, P. (1987). Power and centrality: a family of measures. *American
Journal of Sociology* 92(5): 1170-1182.
"""

# The optional parallel and igraph paths narrow Optional values by control flow mypy does not follow.
# mypy: disable-error-code="union-attr,index,type-var,assignment,arg-type"
from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import logging
import multiprocessing
import os
import random
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.sparse.linalg import eigsh

from ..graph import drop_self_loops
from ..schema import ACTOR_TYPES
from . import _igraph
from ._sparse import adjacency, divided_by_max, edge_arrays, row_sums_of_masked_product, undirected_binary

#: Betweenness is exact up to this many actors.
EXACT_MAX_ACTORS: int = 20_000
#: Closeness and harmonic centrality are exact up to this many actors.
EXACT_MAX_ACTORS_DISTANCES: int = 5_000
#: Number of sampled source actors used above those sizes.
DEFAULT_SAMPLES: int = 1_000
#: Absolute error bound of approximate betweenness (networkx normalisation) with NetworKit's KADABRA ...
APPROX_EPSILON: float = 0.005
#: ... holding with probability at least ``1 - APPROX_DELTA``.
APPROX_DELTA: float = 0.1
#: Columns ``deg_<type>``: distinct partners of each actor type.
PARTNER_TYPE_COLUMNS: tuple[str, ...] = tuple(f"deg_{t}" for t in ACTOR_TYPES)
#: Columns of :func:`centrality`, in order.
COLUMNS: tuple[str, ...] = (
    "degree",
    "weighted_degree",
    *PARTNER_TYPE_COLUMNS,
    "betweenness",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "core_number",
    "clustering",
)
logger = logging.getLogger("clustergraph")

#: Step names passed to the ``progress`` callback, in order.
STEPS: tuple[str, ...] = (
    "degree",
    "betweenness",
    "closeness and harmonic",
    "eigenvector and PageRank",
    "k-core and clustering",
)
#: Below this many actors exact betweenness/closeness/harmonic are not worth a second process.
_PARALLEL_MIN_ACTORS = 2_000
#: Distance rows kept in memory at once by the sampled closeness (entries).
_DISTANCE_BATCH_ENTRIES = 2_000_000


def sample_size(n: int, exact: bool | None = None, k: int | None = None, limit: int | None = None) -> int | None:
    """How many source actors to sample for ``n`` actors, or None for exact computation.

    ``exact=True`` always gives None; ``exact=False`` samples ``k`` (default
    :data:`DEFAULT_SAMPLES`); ``exact=None`` samples when ``k`` is given or
    ``n > limit`` (default :data:`EXACT_MAX_ACTORS`). A sample as large as the
    graph means exact.

    >>> sample_size(10_000), sample_size(50_000), sample_size(50_000, exact=True)
    (None, 1000, None)
    >>> sample_size(10_000, limit=EXACT_MAX_ACTORS_DISTANCES), sample_size(100, k=10)
    (1000, 10)
    """
    if exact:
        return None
    limit = EXACT_MAX_ACTORS if limit is None else limit
    if exact is None and k is None and n <= limit:
        return None
    k = DEFAULT_SAMPLES if k is None else int(k)
    if k < 2:
        raise ValueError("the sample size k must be at least 2")
    return None if k >= n else k


def _announce(n: int, k_between: int | None, k_distance: int | None, seed: int, kadabra: bool = False) -> None:
    """Log which measures are estimated, from how many sources, and how to get exact ones."""
    if k_between is None and k_distance is None:
        return
    if kadabra:
        rest = (
            f"closeness and harmonic centrality from {k_distance:,} sampled source actors"
            if k_distance is not None
            else "closeness and harmonic centrality are exact"
        )
        logger.warning(
            f"{n:,} actors: betweenness is estimated with KADABRA adaptive sampling (absolute error at most "
            f"{APPROX_EPSILON:g} with probability {1 - APPROX_DELTA:g}, seed {seed}); {rest}; use --exact "
            f"(exact=True) for exact values, which take longer."
        )
        return
    if k_between is not None and k_distance is not None and k_between == k_distance:
        what, k, rest = "betweenness, closeness and harmonic centrality are", k_between, ""
    elif k_between is None:
        what, k, rest = "closeness and harmonic centrality are", k_distance, " (betweenness is exact)"
    else:
        what, k, rest = "betweenness is", k_between, ""
    logger.warning(
        f"{n:,} actors: {what} estimated from {k:,} sampled source actors (seed {seed}){rest}; "
        f"use --exact (exact=True) for exact values, which take longer."
    )


def centrality(
    G: nx.Graph,
    *,
    exact: bool | None = None,
    k: int | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    weight: str = "weight",
) -> pd.DataFrame:
    """Centrality measures of every actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem graph.
    exact : bool, optional
        ``True``: exact betweenness/closeness/harmonic whatever the size;
        ``False``: always estimate from ``k`` sampled sources; ``None``
        (default): betweenness exact up to :data:`EXACT_MAX_ACTORS` actors,
        closeness and harmonic up to :data:`EXACT_MAX_ACTORS_DISTANCES`,
        estimated above (or whenever ``k`` is given), with a logged notice.
    k : int, optional
        Number of sampled source actors (default :data:`DEFAULT_SAMPLES`).
    seed : int
        Seed of the sample (``random.Random(seed).sample(list(G), k)``, as
        networkx does).
    progress : callable, optional
        Called with each step name of :data:`STEPS` as the step starts.
    weight : str
        Edge attribute read by ``weighted_degree``, ``eigenvector`` and
        ``pagerank`` (1 when absent). Distances are unweighted.

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (nodes of ``G`` in order), columns :data:`COLUMNS`.
        ``frame.attrs["approximations"]`` maps each estimated column to
        ``{"method", "k", "seed"}`` (sampled sources) or ``{"method",
        "epsilon", "delta", "seed"}`` (KADABRA); empty when everything is exact.

    Examples
    --------
    In the path ``a - b - c``, ``b`` lies on the only path between ``a`` and ``c``:

    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> nx.set_node_attributes(G, "firm", "type")
    >>> c = centrality(G)
    >>> c.loc["b", ["betweenness", "closeness", "harmonic"]].tolist()
    [1.0, 1.0, 2.0]
    >>> int(c.loc["b", "degree"]), int(c.loc["b", "deg_firm"])
    (2, 2)
    >>> round(float(c.loc["a", "closeness"]), 3)  # 2 / (1 + 2)
    0.667

    References
    ----------
    Freeman (1977); Brandes (2001); Wasserman & Faust (1994); Brin & Page (1998).
    """
    G = drop_self_loops(G)
    step = progress or (lambda name: None)
    nodes = list(G)
    n = len(nodes)
    frame = pd.DataFrame(index=pd.Index(nodes, name="id", dtype=object))
    frame.attrs["approximations"] = {}
    if n == 0:
        for col in COLUMNS:
            frame[col] = pd.Series(dtype=float)
        return frame
    k_between = sample_size(n, exact, k)
    k_distance = sample_size(n, exact, k, limit=EXACT_MAX_ACTORS_DISTANCES)
    k_max = max(k_between or 0, k_distance or 0)
    sample = random.Random(seed).sample(nodes, k_max) if k_max else None
    # a guaranteed error bound instead of a fixed sample when nobody asked for a sample size
    kadabra = k_between is not None and k is None and not G.is_directed() and _networkit_available() and n > 2
    _announce(n, k_between, k_distance, seed, kadabra)

    step(STEPS[0])
    W = adjacency(G, nodes, weight)
    B = undirected_binary(W)
    frame["degree"] = np.array([d for _, d in G.degree()], dtype=np.int64)
    # strength from the checked weight matrix (positive, finite, finite total: see _sparse.check_weights)
    strength = np.asarray(W.sum(axis=1)).ravel()
    frame["weighted_degree"] = strength + np.asarray(W.sum(axis=0)).ravel() if G.is_directed() else strength
    frame[list(PARTNER_TYPE_COLUMNS)] = partner_type_counts(G, nodes, B)

    edges = _igraph.edge_index_list(G, nodes) if _igraph.available() else None
    g = _igraph.to_igraph(G, nodes, edges) if edges is not None else None
    step(STEPS[1])
    pending = None
    if k_between is None and g is not None and n >= _PARALLEL_MIN_ACTORS:
        share = _SHARE_WITH_CLOSENESS if k_distance is None else _SHARE_BETWEENNESS_ONLY
        pending = _start_parallel(n, edges, G.is_directed(), share, k_distance is None)
    if pending is not None:
        # exact betweenness in two processes: this one takes part of the sources and
        # harmonic (or sampled closeness and harmonic), the second one the other
        # sources and exact closeness when that is wanted
        try:
            raw = np.array(g.betweenness(directed=G.is_directed(), sources=_sources(n, pending[2], False)), dtype=float)
            step(STEPS[2])
            if k_distance is None:
                har = np.array(g.harmonic_centrality(mode=_mode(g), normalized=False), dtype=float)
            else:
                clo, har = _sampled_closeness_harmonic(nodes, W, sample[:k_distance], directed=G.is_directed())
        except BaseException:  # Ctrl-C, a SIGTERM handler's SystemExit, an error: no orphan worker
            _stop_pool(pending[0])
            raise
        raw_there, clo_there = _finish_parallel(pending, g)
        if k_distance is None:
            clo = clo_there
        frame["betweenness"] = _scale_exact_betweenness(raw + raw_there, n, G.is_directed())
    else:
        if kadabra:
            frame["betweenness"] = kadabra_betweenness(G, nodes, epsilon=APPROX_EPSILON, delta=APPROX_DELTA, seed=seed)
        else:
            frame["betweenness"] = _betweenness(G, nodes, g, sample[:k_between] if k_between else None, seed)
        step(STEPS[2])
        if k_distance is not None:
            clo, har = _sampled_closeness_harmonic(nodes, W, sample[:k_distance], directed=G.is_directed())
        elif g is not None:
            clo, har = _closeness_harmonic_igraph(g)
        else:
            c, h = nx.closeness_centrality(G), nx.harmonic_centrality(G)
            clo = np.array([c[v] for v in nodes], dtype=float)
            har = np.array([h[v] for v in nodes], dtype=float)
    frame["closeness"] = clo
    frame["harmonic"] = har
    approx = {}
    if kadabra:
        approx["betweenness"] = {
            "method": "KADABRA adaptive sampling (Borassi & Natale 2019), NetworKit",
            "epsilon": APPROX_EPSILON,
            "delta": APPROX_DELTA,
            "seed": seed,
        }
    elif k_between is not None:
        approx["betweenness"] = {"method": "sampled sources (Brandes & Pich 2007)", "k": k_between, "seed": seed}
    if k_distance is not None:
        for col in ("closeness", "harmonic"):
            approx[col] = {"method": "sampled sources (Eppstein & Wang 2004)", "k": k_distance, "seed": seed}
    frame.attrs["approximations"] = approx

    step(STEPS[3])
    # eigenvector: scale-free, so weights are divided by the largest (no overflow from 1e300)
    Ws = divided_by_max(W)
    frame["eigenvector"] = eigenvector_by_component(sp.csr_array(Ws + Ws.T) if G.is_directed() else Ws)
    frame["pagerank"] = pagerank_of_matrix(W)

    step(STEPS[4])
    if g is not None:
        frame["core_number"] = np.array(g.coreness(mode="all"), dtype=np.int64)
    else:
        H = nx.restricted_view(G, [], list(nx.selfloop_edges(G)))
        cn = nx.core_number(H)
        frame["core_number"] = np.array([cn[v] for v in nodes], dtype=np.int64)
    if G.is_directed():
        frame["clustering"] = local_clustering(B)
    elif g is not None:
        frame["clustering"] = np.array(g.transitivity_local_undirected(mode="zero"), dtype=float)
    else:
        cl = nx.clustering(G)
        frame["clustering"] = np.array([cl[v] for v in nodes], dtype=float)
    return frame[list(COLUMNS)]


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


# ----------------------------------------------------------------------------- betweenness


def _betweenness(G: nx.Graph, nodes: list, g, sample: list | None, seed: int) -> np.ndarray:
    """Betweenness normalised as networkx (exact, or sampled with networkx's rescaling)."""
    n = len(nodes)
    if n <= 2:
        return np.zeros(n)
    directed = G.is_directed()
    if g is None:
        b = nx.betweenness_centrality(G, k=None if sample is None else len(sample), seed=seed)
        return np.array([b[v] for v in nodes], dtype=float)
    pairs = 1.0 if directed else 2.0
    if sample is None:
        return _scale_exact_betweenness(np.array(g.betweenness(directed=directed), dtype=float), n, directed)
    index = {v: i for i, v in enumerate(nodes)}
    src = [index[s] for s in sample]
    raw = np.array(g.betweenness(directed=directed, sources=src), dtype=float)
    # networkx 3.6 rescaling with endpoints excluded: a sampled source cannot
    # be an inner node of its own paths, so it was seen by k-1 sources, others by k
    seen = np.full(n, float(len(src)))
    seen[src] = len(src) - 1
    return raw * pairs / (seen * (n - 2))


def _networkit_available() -> bool:
    """True when NetworKit is importable and not disabled by ``CLUSTERGRAPH_NO_NETWORKIT=1``."""
    if os.environ.get("CLUSTERGRAPH_NO_NETWORKIT", "") not in ("", "0"):
        return False
    import importlib.util

    return importlib.util.find_spec("networkit") is not None  # imported (about 1-2 s) only when used


def kadabra_betweenness(
    G: nx.Graph, nodes: list | None = None, *, epsilon: float = 0.005, delta: float = 0.1, seed: int = 0
) -> np.ndarray:
    """Betweenness within ``epsilon`` of the exact value with probability ``1 - delta`` (undirected ``G``).

    NetworKit's KADABRA (Borassi & Natale 2019) samples random shortest paths
    between random pairs of actors until every actor's estimate is within
    the error bound; one thread, ``deterministic=True`` and ``seed`` make the
    result reproducible (measured at 100,000 actors / 478,000 links: 8.6 s of
    CPU for ``epsilon=0.005``). KADABRA's bound holds for the share of ordered
    pairs ``b(v) = sum sigma_st(v)/sigma_st / (n(n-1))``, which is ``(n-2)/n``
    times the networkx normalisation used here (NetworKit reports twice that
    value for undirected graphs; rescaled), so NetworKit is asked for the bound
    ``epsilon (n-2)/n``: the returned values are networkx-normalised and the
    bound ``epsilon`` holds for them.

    Parameters
    ----------
    G : networkx.Graph
        Undirected (NetworKit's KADABRA does not handle directed graphs).
    nodes : list, optional
        Order of the returned values (default ``list(G)``).
    epsilon, delta : float
        Absolute error bound and failure probability.
    seed : int
        Seed of NetworKit's random generator (reduced modulo ``2**32``).

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> b = kadabra_betweenness(nx.path_graph(5), epsilon=0.01)
    >>> bool(abs(b[2] - 2 / 3) <= 0.01), float(b[0])
    (True, 0.0)

    References
    ----------
    Borassi, M. and Natale, E. (2019). KADABRA is an ADaptive Algorithm for
    Betweenness via Random Approximation. *ACM Journal of Experimental
    Algorithmics* 24: 1.2.
    """
    import networkit as nk

    nodes = list(G) if nodes is None else list(nodes)
    n = len(nodes)
    if G.is_directed():
        raise ValueError("KADABRA betweenness needs an undirected graph")
    if n <= 2:
        return np.zeros(n)
    u, v, _ = edge_arrays(G, nodes)
    h = nk.graph.Graph(n, weighted=False, directed=False)
    if len(u):
        h.addEdges((u.astype(np.uint64), v.astype(np.uint64)))
    scale = n / (2.0 * (n - 2))  # NetworKit's value times this is networkx's
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(1)  # reproducible: with two threads the sampled paths depend on timing
    try:
        nk.setSeed(int(seed) % 2**32, True)
        # the bound holds on KADABRA's own ordered-pair scale, half NetworKit's reported value
        algo = nk.centrality.KadabraBetweenness(h, epsilon * (n - 2) / n, delta, True)
        algo.run()
    finally:
        nk.setNumberOfThreads(threads)
    return np.asarray(algo.scores(), dtype=float) * scale


# ----------------------------------------------------------------------------- closeness


def _scale_exact_betweenness(raw: np.ndarray, n: int, directed: bool) -> np.ndarray:
    """igraph's raw betweenness normalised as networkx.

    igraph counts each unordered pair once in undirected graphs; networkx's
    normalisation divides ordered-pair counts by ``(n-1)(n-2)``.
    """
    if n <= 2:
        return np.zeros(n)
    return raw * (1.0 if directed else 2.0) / ((n - 1) * (n - 2))


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


#: Share of betweenness sources given to the second process when it also computes
#: exact closeness (measured with igraph 1.0 on 10,000 actors: betweenness 11.8 s,
#: closeness 4.4 s, harmonic 4.7 s, so 13/25 of the sources balance the processes) ...
_SHARE_WITH_CLOSENESS = (13, 25)
#: ... and when closeness/harmonic are sampled instead (0.1 s at 10,000 actors since the
#: numpy breadth-first search; the second process pays its start-up, so it still gets 13/25).
_SHARE_BETWEENNESS_ONLY = (13, 25)


def _sources(n: int, share: tuple[int, int], there: bool) -> list[int]:
    """Source actors of the second process (``there``) or of this one: an interleaved split."""
    a, b = share
    return [i for i in range(n) if (i % b < a) == there]


def _parallel_worker(n: int, edges: list, directed: bool, share: tuple[int, int], closeness: bool):
    """Run in the second process: raw betweenness from its share of sources (and closeness).

    Betweenness is a sum over source actors (Brandes 2001), so the two
    processes' raw sums add up to the exact value.
    """
    import igraph

    if _TASK_STARTED is not None:
        _TASK_STARTED.set()
    g = igraph.Graph(n=n, edges=edges, directed=directed)
    raw = np.array(g.betweenness(directed=directed, sources=_sources(n, share, True)), dtype=float)
    return raw, (_closeness_igraph(g) if closeness else None)


#: ``prctl`` option asking Linux to send a signal when the parent process dies.
_PR_SET_PDEATHSIG = 1


#: In the worker: set when it starts its task (see :func:`_start_parallel`).
_TASK_STARTED: Any = None


def _die_with_parent(parent: int, started: Any = None) -> None:
    """Pool initializer: make the worker process end whenever ``parent`` ends, however it ends.

    On Linux the kernel sends SIGKILL to the worker when its parent dies (also by
    SIGKILL, where no handler of the parent can run): ``prctl(PR_SET_PDEATHSIG)``.
    Elsewhere (and as a second guard) a daemon thread polls the parent id once a
    second. A parent that died before this ran is noticed by the id check at once.
    SIGINT (Ctrl-C reaches the whole process group) is left to the parent, which
    stops the pool itself.
    """
    global _TASK_STARTED
    _TASK_STARTED = started
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the watchdog below remains
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # pragma: no cover - the parent is gone already
        os._exit(1)

    def watchdog() -> None:  # pragma: no cover - only runs when the parent dies without PDEATHSIG
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watchdog, name="clustergraph-parent-watchdog", daemon=True).start()


def _start_parallel(n: int, edges: list, directed: bool, share: tuple[int, int], closeness: bool):
    """Start the second process; ``(pool, future, share, closeness)`` or None when not possible."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    if cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    pool = None
    try:
        context = multiprocessing.get_context("fork")
        started = context.Event()
        pool = concurrent.futures.ProcessPoolExecutor(
            1, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(), started)
        )
        future = pool.submit(_parallel_worker, n, edges, directed, share, closeness)
        # The pool hands the task over from a thread of this process, which needs the GIL; igraph
        # holds it while it computes, so without this wait the worker only got its task once this
        # process had finished its own share (measured: 7.5 s instead of 4 s at 10,000 actors).
        started.wait(timeout=30)
        return pool, future, share, closeness
    except Exception:  # pragma: no cover - fall back to one process
        if pool is not None:
            _stop_pool(pool)
        return None
    except BaseException:  # interrupted while starting: no orphan
        if pool is not None:
            _stop_pool(pool)
        raise


def _stop_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes and shut it down without waiting for their work."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):  # already gone
            proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _finish_parallel(pending, g) -> tuple[np.ndarray, np.ndarray | None]:
    """The second process's (raw betweenness share, closeness or None); computed here if it failed.

    Any interruption while waiting (Ctrl-C's KeyboardInterrupt, SystemExit from a
    SIGTERM handler) kills the worker before it propagates: no process outlives the run.
    """
    pool, future, share, closeness = pending
    try:
        result = future.result()
    except Exception:  # pragma: no cover - worker died: do its share here
        _stop_pool(pool)
        n = g.vcount()
        raw = np.array(g.betweenness(directed=g.is_directed(), sources=_sources(n, share, True)), dtype=float)
        return raw, (_closeness_igraph(g) if closeness else None)
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return result


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
    searched = size[labels[sources]] > 1  # an isolated source reaches nobody: its row stays 0
    rank = np.cumsum(searched) - 1  # position among the searched sources
    todo = sources[searched]
    block, hops = -1, np.zeros((0, n), dtype=np.uint16)
    batch = max(1, _DISTANCE_BATCH_ENTRIES // max(n, 1))
    for b0 in range(0, len(sources), batch):
        rows = np.flatnonzero(searched[b0 : b0 + batch])
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


# ----------------------------------------------------------------------------- eigenvector


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
