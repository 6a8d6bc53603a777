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

*Betweenness is computed by the engine that is cheapest on this graph* (not by its
size): exact, sampled sources with a stated error, or KADABRA. A few sources are
timed first and each engine's cost estimated; the cheapest that meets the target
error ``epsilon`` (:data:`APPROX_EPSILON`, 0.005, for every actor with probability
``1 -`` :data:`APPROX_DELTA`) within ``max_seconds`` (default 5 s at 10,000 actors, 23 s at 100,000) is
taken; when none does, the sample is cut to the budget and its wider error stated and
logged (see :mod:`clustergraph.metrics._betweenness`). The plan (engine, sample size,
stated error, the estimates) is in ``frame.attrs["betweenness_plan"]`` and, for an
estimate, ``frame.attrs["approximations"]``: both go to ``metrics.json``. A given ``k``
samples ``k`` source actors exactly as networkx ``betweenness_centrality(G, k, seed)``
(same sample, same rescaling), with its error bound stated too.

Closeness and harmonic centrality are exact up to :data:`EXACT_MAX_ACTORS_DISTANCES`
(5,000) actors and estimated above from the distances of :data:`DEFAULT_SAMPLES`
sampled sources to each actor (Eppstein & Wang 2004), exact for actors whose
component holds fewer than two sampled sources (median relative error about 1 % with
200 sources on 2,000 actors); the distances come from a multi-source breadth-first
search in numpy (64 sources per pass over the links, Then et al. 2014: 1.7 CPU s for
1,000 sources on 100,000 actors; :mod:`clustergraph.metrics._distances`). Every
estimate is announced (WARNING on the ``clustergraph`` logger); ``exact=True``
forces exact computation.

From 2,000 actors on a machine with two or more CPUs exact or sampled betweenness
uses a second (forked) process: betweenness is a sum over source actors (Brandes
2001), so each process takes part of the sources (one also computing exact
closeness, the other harmonic centrality) and the raw sums are added before
normalising. The second process never outlives the first
(:mod:`clustergraph.metrics._pool`).

The module is the orchestration; the engines are in ``_betweenness`` (betweenness),
``_distances`` (closeness, harmonic), ``_matrix`` (eigenvector, PageRank,
clustering, partner types) and ``_pool`` (the second process); every public name is
importable from here.

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

import logging
import random
from collections.abc import Callable

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..graph import drop_self_loops
from ..schema import ACTOR_TYPES
from . import _igraph, _pool
from ._betweenness import (
    APPROX_DELTA,
    APPROX_EPSILON,
    DEFAULT_MAX_SECONDS,
    PLAN_MIN_ACTORS,
    BetweennessPlan,
    _betweenness,
    _networkit_available,
    _Sampler,
    _scale_exact_betweenness,
    default_max_seconds,
    kadabra_betweenness,
    networkx_sample_error,
    plan_betweenness,
    run_sampled,
    sampled_error,
)
from ._betweenness import _sources_worker as _parallel_worker
from ._distances import (
    _DISTANCE_BATCH_ENTRIES,
    _bfs_hops,
    _closeness_harmonic_estimates,
    _closeness_harmonic_igraph,
    _closeness_igraph,
    _distance_sources,
    _mode,
    _sampled_closeness_harmonic,
)
from ._matrix import (
    DAMPING,
    PAGERANK_TOL,
    eigenvector_by_component,
    local_clustering,
    pagerank,
    pagerank_of_matrix,
    partner_type_counts,
)
from ._sparse import adjacency, divided_by_max, undirected_binary

__all__ = [
    "APPROX_DELTA",
    "APPROX_EPSILON",
    "COLUMNS",
    "DAMPING",
    "DEFAULT_MAX_SECONDS",
    "DEFAULT_SAMPLES",
    "default_max_seconds",
    "EXACT_MAX_ACTORS",
    "EXACT_MAX_ACTORS_DISTANCES",
    "PAGERANK_TOL",
    "PARTNER_TYPE_COLUMNS",
    "STEPS",
    "BetweennessPlan",
    "centrality",
    "eigenvector_by_component",
    "kadabra_betweenness",
    "local_clustering",
    "pagerank",
    "pagerank_of_matrix",
    "partner_type_counts",
    "sample_size",
    "sampled_error",
]
# kept importable from here (tests and callers of earlier versions use them)
_KEPT = (
    _DISTANCE_BATCH_ENTRIES,
    _bfs_hops,
    _closeness_harmonic_estimates,
    _closeness_igraph,
    _distance_sources,
    _networkit_available,
    _parallel_worker,
)

#: Without python-igraph (networkx fallback), betweenness is exact up to this many actors.
EXACT_MAX_ACTORS: int = 20_000
#: Closeness and harmonic centrality are exact up to this many actors.
EXACT_MAX_ACTORS_DISTANCES: int = 5_000
#: Number of sampled source actors of closeness and harmonic centrality above that size.
DEFAULT_SAMPLES: int = 1_000
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
#: Share of exact betweenness sources given to the second process when it also computes
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


def sample_size(n: int, exact: bool | None = None, k: int | None = None, limit: int | None = None) -> int | None:
    """How many source actors to sample for ``n`` actors, or None for exact computation.

    ``exact=True`` always gives None; ``exact=False`` samples ``k`` (default
    :data:`DEFAULT_SAMPLES`); ``exact=None`` samples when ``k`` is given or
    ``n > limit`` (default :data:`EXACT_MAX_ACTORS`). A sample as large as the
    graph means exact. (Closeness and harmonic centrality; betweenness follows its plan.)

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


def _announce(n: int, plan: BetweennessPlan, k_distance: int | None, seed: int) -> None:
    """Log which measures are estimated, how, with which error, and how to get exact ones."""
    parts = []
    if plan.engine == "KADABRA":
        parts.append(
            f"betweenness is estimated with KADABRA adaptive sampling (absolute error at most {plan.epsilon:.3g} "
            f"with probability {1 - plan.delta:g}, seed {seed})"
        )
    elif plan.engine == "sampled sources":
        parts.append(
            f"betweenness is estimated from {plan.k:,} sampled source actors (absolute error at most "
            f"{plan.epsilon:.3g} with probability {1 - plan.delta:g}, seed {seed})"
        )
        if plan.epsilon is not None and plan.epsilon > plan.target_epsilon and plan.max_seconds is not None:
            exact_s = plan.estimated_seconds.get("exact")
            about = f" (exact: about {exact_s:,.0f} s)" if exact_s else ""
            parts[-1] += (
                f", wider than the target {plan.target_epsilon:g} to stay within --max-seconds "
                f"{plan.max_seconds:g}{about}"
            )
    if k_distance is not None:
        parts.append(f"closeness and harmonic centrality from {k_distance:,} sampled source actors")
        if plan.engine == "exact":
            parts[-1] += " (betweenness is exact)"
    if not parts:
        return
    logger.warning(
        f"{n:,} actors: " + "; ".join(parts) + "; use --exact (exact=True) for exact values, which take longer."
    )


def centrality(
    G: nx.Graph,
    *,
    exact: bool | None = None,
    k: int | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    weight: str = "weight",
    max_seconds: float | None = None,
    epsilon: float = APPROX_EPSILON,
) -> pd.DataFrame:
    """Centrality measures of every actor.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem graph.
    exact : bool, optional
        ``True``: exact betweenness/closeness/harmonic whatever the size;
        ``False``: always estimate; ``None`` (default): betweenness by the
        cheapest engine that meets ``epsilon`` within ``max_seconds`` (exact when
        that fits), closeness and harmonic exact up to
        :data:`EXACT_MAX_ACTORS_DISTANCES` actors; every estimate is logged.
    k : int, optional
        Number of sampled source actors: betweenness exactly as networkx
        ``betweenness_centrality(G, k, seed)``, closeness and harmonic from the
        same sample (default :data:`DEFAULT_SAMPLES` for those).
    seed : int
        Seed of the samples (``random.Random(seed).sample(list(G), k)``, as
        networkx does, for a given ``k``).
    progress : callable, optional
        Called with each step name of :data:`STEPS` as the step starts.
    weight : str
        Edge attribute read by ``weighted_degree``, ``eigenvector`` and
        ``pagerank`` (1 when absent). Distances are unweighted.
    max_seconds : float, optional
        Time budget of betweenness (planned CPU seconds per core; default
        :func:`~clustergraph.metrics._betweenness.default_max_seconds`: 5 s at 10,000
        actors, 23 s at 100,000); an estimate that cannot meet ``epsilon`` within it is
        cut to it and its wider error stated. ``math.inf``: no budget.
    epsilon : float
        Target absolute error of estimated betweenness (default :data:`APPROX_EPSILON`).

    Returns
    -------
    pandas.DataFrame
        Index ``id`` (nodes of ``G`` in order), columns :data:`COLUMNS`.
        ``frame.attrs["approximations"]`` maps each estimated column to
        ``{"method", "k", "seed", ...}``; betweenness's also ``epsilon`` (the stated
        error) and ``delta``; empty when everything is exact.
        ``frame.attrs["betweenness_plan"]``: the engine chosen and its estimates
        (:class:`BetweennessPlan`), empty for tiny graphs.

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
    Freeman (1977); Brandes (2001); Brandes & Pich (2007); Wasserman & Faust (1994); Brin & Page (1998).
    """
    if max_seconds is not None and not (max_seconds > 0):  # nan refused too
        raise ValueError(f"max_seconds must be a positive number of seconds, not {max_seconds!r}")
    if not 0 < epsilon < 1:
        raise ValueError(f"epsilon must be between 0 and 1, not {epsilon!r}")
    G = drop_self_loops(G)
    step = progress or (lambda name: None)
    nodes = list(G)
    n = len(nodes)
    max_seconds = default_max_seconds(n) if max_seconds is None else float(max_seconds)
    directed = G.is_directed()
    frame = pd.DataFrame(index=pd.Index(nodes, name="id", dtype=object))
    frame.attrs["approximations"] = {}
    frame.attrs["betweenness_plan"] = {}
    if n == 0:
        for col in COLUMNS:
            frame[col] = pd.Series(dtype=float)
        return frame
    k_between = sample_size(n, exact, k) if k is not None else None  # a given k: networkx's sample
    k_distance = sample_size(n, exact, k, limit=EXACT_MAX_ACTORS_DISTANCES)
    k_max = max(k_between or 0, k_distance or 0)
    sample = random.Random(seed).sample(nodes, k_max) if k_max else None

    step(STEPS[0])
    W = adjacency(G, nodes, weight)
    B = undirected_binary(W)
    frame["degree"] = np.array([d for _, d in G.degree()], dtype=np.int64)
    # strength from the checked weight matrix (positive, finite, finite total: see _sparse.check_weights)
    strength = np.asarray(W.sum(axis=1)).ravel()
    frame["weighted_degree"] = strength + np.asarray(W.sum(axis=0)).ravel() if directed else strength
    frame[list(PARTNER_TYPE_COLUMNS)] = partner_type_counts(G, nodes, B)

    edges = _igraph.edge_index_list(G, nodes) if _igraph.available() else None
    g = _igraph.to_igraph(G, nodes, edges) if edges is not None else None
    step(STEPS[1])
    plan = BetweennessPlan("exact", epsilon, APPROX_DELTA, max_seconds, largest_component=n, seed=seed, epsilon=0.0)
    clo = har = None
    exact_between = True
    if n <= 2:
        frame["betweenness"] = np.zeros(n)
        exact_between = False  # nothing to compute
    elif g is None:
        plan = _plan_without_igraph(G, nodes, plan, exact, k_between)
        exact_between = False
        if plan.k and (sample is None or len(sample) < plan.k):
            sample = random.Random(seed).sample(nodes, plan.k)
        if plan.engine == "KADABRA":
            frame["betweenness"] = kadabra_betweenness(G, nodes, epsilon=epsilon, delta=APPROX_DELTA, seed=seed)
        else:
            frame["betweenness"] = _betweenness(G, nodes, None, sample[: plan.k] if plan.k else None, seed)
            if plan.k:
                plan.epsilon = networkx_sample_error(
                    frame["betweenness"].to_numpy(), nodes, sample[: plan.k], APPROX_DELTA
                )
    elif k_between is not None:
        plan.engine, plan.k = "sampled sources", k_between
        values = _betweenness(G, nodes, g, sample[:k_between], seed)
        frame["betweenness"] = values
        plan.epsilon = networkx_sample_error(values, nodes, sample[:k_between], APPROX_DELTA)
        exact_between = False
    elif exact or (exact is None and n < PLAN_MIN_ACTORS):
        plan.largest_component = int(max(np.bincount(g.connected_components(mode="weak").membership)))
    else:
        sampler = _Sampler(g, seed)
        plan = plan_betweenness(
            sampler,
            epsilon=epsilon,
            delta=APPROX_DELTA,
            max_seconds=max_seconds,
            allow_exact=exact is None,
            kadabra=not directed and _networkit_available(),
            seed=seed,
        )
        if plan.engine != "exact":
            exact_between = False
            values, clo = run_sampled(
                sampler, plan, edges, worker=_parallel_worker, closeness=k_distance is None and _pool.can_fork()
            )
            frame["betweenness"] = values
    if exact_between:
        clo, har = _exact_betweenness(frame, g, n, edges, directed, k_distance, nodes, W, sample, step)
    else:
        step(STEPS[2])
    if har is None:
        if k_distance is not None:
            clo, har = _sampled_closeness_harmonic(nodes, W, sample[:k_distance], directed=directed)
        elif g is not None:
            if clo is None:
                clo, har = _closeness_harmonic_igraph(g)
            else:
                har = np.array(g.harmonic_centrality(mode=_mode(g), normalized=False), dtype=float)
        else:
            c, h = nx.closeness_centrality(G), nx.harmonic_centrality(G)
            clo = np.array([c[v] for v in nodes], dtype=float)
            har = np.array([h[v] for v in nodes], dtype=float)
    frame["closeness"] = clo
    frame["harmonic"] = har
    approx = {}
    if plan.engine == "KADABRA":
        approx["betweenness"] = {
            "method": "KADABRA adaptive sampling (Borassi & Natale 2019), NetworKit",
            "epsilon": plan.epsilon,
            "delta": plan.delta,
            "seed": seed,
        }
    elif plan.engine == "sampled sources":
        approx["betweenness"] = {
            "method": "sampled sources (Brandes & Pich 2007)",
            "k": plan.k,
            "seed": seed,
            "epsilon": float(f"{plan.epsilon:.4g}"),
            "delta": plan.delta,
        }
    if k_distance is not None:
        for col in ("closeness", "harmonic"):
            approx[col] = {"method": "sampled sources (Eppstein & Wang 2004)", "k": k_distance, "seed": seed}
    frame.attrs["approximations"] = approx
    frame.attrs["betweenness_plan"] = plan.record() if n > 2 else {}
    _announce(n, plan, k_distance, seed)

    step(STEPS[3])
    # eigenvector: scale-free, so weights are divided by the largest (no overflow from 1e300)
    Ws = divided_by_max(W)
    frame["eigenvector"] = eigenvector_by_component(sp.csr_array(Ws + Ws.T) if directed else Ws)
    frame["pagerank"] = pagerank_of_matrix(W)

    step(STEPS[4])
    if g is not None:
        frame["core_number"] = np.array(g.coreness(mode="all"), dtype=np.int64)
    else:
        H = nx.restricted_view(G, [], list(nx.selfloop_edges(G)))
        cn = nx.core_number(H)
        frame["core_number"] = np.array([cn[v] for v in nodes], dtype=np.int64)
    if directed:
        frame["clustering"] = local_clustering(B)
    elif g is not None:
        frame["clustering"] = np.array(g.transitivity_local_undirected(mode="zero"), dtype=float)
    else:
        cl = nx.clustering(G)
        frame["clustering"] = np.array([cl[v] for v in nodes], dtype=float)
    return frame[list(COLUMNS)]


def _plan_without_igraph(G, nodes, plan, exact, k_between) -> BetweennessPlan:
    """networkx fallback (no python-igraph): exact up to :data:`EXACT_MAX_ACTORS`, else KADABRA or a sample."""
    n = len(nodes)
    if k_between is not None:
        plan.engine, plan.k = "sampled sources", k_between
    elif not exact and (exact is False or n > EXACT_MAX_ACTORS):
        if not G.is_directed() and _networkit_available():
            plan.engine, plan.epsilon = "KADABRA", plan.target_epsilon
        else:
            plan.engine, plan.k = "sampled sources", min(DEFAULT_SAMPLES, n - 1)
    return plan


def _exact_betweenness(frame, g, n, edges, directed, k_distance, nodes, W, sample, step):
    """Exact betweenness into ``frame`` (two processes from 2,000 actors); ``(closeness, harmonic)`` done meanwhile."""
    pending = None
    if n >= _PARALLEL_MIN_ACTORS:
        share = _SHARE_WITH_CLOSENESS if k_distance is None else _SHARE_BETWEENNESS_ONLY
        started = _pool.start_worker(_parallel_worker, n, edges, directed, _sources(n, share, True), k_distance is None)
        pending = None if started is None else (*started, share)
    if pending is None:
        frame["betweenness"] = _scale_exact_betweenness(
            np.array(g.betweenness(directed=directed), dtype=float), n, directed
        )
        step(STEPS[2])
        return None, None
    # this process takes part of the sources and harmonic (or sampled closeness and harmonic),
    # the second one the other sources and exact closeness when that is wanted
    pool, future, share = pending
    clo = None
    try:
        raw = np.array(g.betweenness(directed=directed, sources=_sources(n, share, False)), dtype=float)
        step(STEPS[2])
        if k_distance is None:
            har = np.array(g.harmonic_centrality(mode=_mode(g), normalized=False), dtype=float)
        else:
            clo, har = _sampled_closeness_harmonic(nodes, W, sample[:k_distance], directed=directed)
    except BaseException:  # Ctrl-C, a SIGTERM handler's SystemExit, an error: no orphan worker
        _pool.stop_pool(pool)
        raise

    def here():
        there = np.array(g.betweenness(directed=directed, sources=_sources(n, share, True)), dtype=float)
        return there, (_closeness_igraph(g) if k_distance is None else None)

    raw_there, clo_there = _pool.finish((pool, future), here)
    frame["betweenness"] = _scale_exact_betweenness(raw + raw_there, n, directed)
    return (clo_there if k_distance is None else clo), har
