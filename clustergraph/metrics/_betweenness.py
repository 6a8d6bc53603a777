"""Betweenness engines, and the plan that chooses one by its estimated cost on this graph.

Engines (all give betweenness normalised as networkx ``betweenness_centrality``):

``exact``
    Brandes (2001) with python-igraph, the sources split over two processes.
``sampled sources``
    Brandes & Pich (2007), Bader et al. (2007): the dependencies of ``k`` source actors
    drawn uniformly from the largest connected component, scaled up; every actor of the
    other components is a source (those components are exact). The stated error is a
    Bernstein bound (below), computed from the result.
``KADABRA``
    NetworKit's adaptive sampling of shortest paths (Borassi & Natale 2019), every value
    within ``epsilon`` with probability ``1 - delta``.

**The plan** (:func:`plan_betweenness`). A few sources of the largest component ``C``
are searched first (timed in CPU seconds: the *pilot*, kept as part of the sample). From
the time of one source ``t``: exact costs ``t |C|`` plus the other components
(``t`` scaled by their size and links), divided by the CPUs used; sampled sources cost
``t k``, with ``k`` the sources the Bernstein bound needs for the target error given the
pilot's largest betweenness. The cheapest engine that meets the target error within
``max_seconds`` is taken: exact, else sampled sources. When neither fits, the sample is
cut to what ``max_seconds`` allows and its (wider) error stated. KADABRA's sampling cost
cannot be estimated beforehand, and NetworKit first computes the graph's exact diameter
(more than 300 s on a 100,000-actor regional graph where the search of one source takes
55 ms), so the cost of that phase is estimated (:meth:`_Sampler.kadabra_diameter_cost`:
the searches an iFUB-style diameter needs, timed; ``estimated_seconds["KADABRA"]``, the
diameter phase alone). When it fits the budget KADABRA runs beside the sample in the
second process and its result is taken when it finishes first; otherwise it is not
started and both processes sample sources (twice the sources, a narrower stated error).

**The stated error of sampled sources.** For actor ``v`` of ``C`` the value is the mean of
``X_s = delta_s(v) / (|C| - 2)`` over the sampled sources ``s``, with ``delta_s(v)`` the
dependency of ``s`` on ``v`` (Brandes 2001): ``0 <= X_s <= 1`` and the mean over all
sources is ``v``'s betweenness within ``C``, ``b``. Bernstein's inequality (which holds
for sampling without replacement, Hoeffding 1963) with variance at most ``b (1 - b)``
and a union bound over the actors gives, with probability at least ``1 - delta``, for
every actor ``|estimate - b| <= L/(3k) + sqrt(L^2/(9 k^2) + 2 L b/k)``, ``L = ln(2 |C| /
delta)``; ``b`` is replaced by the estimate plus the bound (a fixed point, so the
statement stays conservative), and the largest bound over the actors, rescaled from
``C`` to the whole graph by ``(|C|-1)(|C|-2) / ((n-1)(n-2))``, is stated. The bound is at
least ``8 L / (3 k)`` (the fixed point at ``b = 0``): 0.005 on 100,000 actors needs about
7,700 sources even when no actor is a hub, so on large graphs exact or KADABRA usually win.

References
----------
Bader, D.A., Kintali, S., Madduri, K. and Mihail, M. (2007). Approximating betweenness
centrality. *WAW 2007*, LNCS 4863: 124-137.
Borassi, M. and Natale, E. (2019). KADABRA is an ADaptive Algorithm for Betweenness via
Random Approximation. *ACM J. Exp. Algorithmics* 24: 1.2.
Brandes, U. (2001). A faster algorithm for betweenness centrality. *Journal of
Mathematical Sociology* 25(2): 163-177.
Brandes, U. and Pich, C. (2007). Centrality estimation in large networks. *International
Journal of Bifurcation and Chaos* 17(7): 2303-2318.
Crescenzi, P., Grossi, R., Habib, M., Lanzi, L. and Marino, A. (2013). On computing the
diameter of real-world undirected graphs. *Theoretical Computer Science* 514: 84-95.
Hoeffding, W. (1963). Probability inequalities for sums of bounded random variables.
*JASA* 58: 13-30.
"""

# igraph and NetworKit objects are untyped.
# mypy: disable-error-code="union-attr,index,arg-type,assignment"
from __future__ import annotations

import logging
import math
import os
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from . import _pool
from ._sparse import edge_arrays

logger = logging.getLogger("clustergraph")

#: Target absolute error of estimated betweenness (networkx normalisation) ...
APPROX_EPSILON: float = 0.005
#: ... holding for every actor with probability at least ``1 - APPROX_DELTA``.
APPROX_DELTA: float = 0.1
#: Default time budget of the betweenness step (planned CPU seconds per core) is
#: ``DEFAULT_MAX_SECONDS + n / SECONDS_PER_ACTORS`` (:func:`default_max_seconds`): 5 s at 10,000
#: actors, 23 s at 100,000, which keeps ``clustergraph metrics`` under 10 s and under a minute
#: there on two cores (the other steps take about 4 s and 30 s).
DEFAULT_MAX_SECONDS: float = 3.0
SECONDS_PER_ACTORS: float = 5_000.0


def default_max_seconds(n: int) -> float:
    """The default time budget of betweenness for ``n`` actors (see :data:`DEFAULT_MAX_SECONDS`).

    >>> default_max_seconds(10_000), default_max_seconds(100_000)
    (5.0, 23.0)
    """
    return DEFAULT_MAX_SECONDS + n / SECONDS_PER_ACTORS


#: Below this many actors betweenness is exact without a plan (well under a second).
PLAN_MIN_ACTORS: int = 2_000
#: Sources timed by the pilot (at least; more while they take under :data:`_PILOT_SECONDS`).
_PILOT_SOURCES = 4
_PILOT_MAX_SOURCES = 32
_PILOT_SECONDS = 0.2
#: Sources searched per igraph call while a KADABRA race runs (checked between calls).
_CHUNK = 16


# ----------------------------------------------------------------------------- error bound


def sampled_error(estimate: np.ndarray, k: np.ndarray | float, population: int, delta: float) -> np.ndarray:
    """Bernstein bound of the error of each mean of ``k`` values in [0, 1] drawn from ``population``.

    ``estimate``: the sampled means (betweenness within the component, before rescaling);
    with probability at least ``1 - delta`` every one is within its bound of the
    population mean (union bound over ``population`` actors). 0 where every source was searched.

    >>> round(float(sampled_error(np.array([0.0]), 2000, 100_000, 0.1)[0]), 4)  # 8 L / (3 k) at b = 0
    0.0193
    >>> float(sampled_error(np.array([0.3]), 100, 100, 0.1)[0])
    0.0
    """
    b = np.asarray(estimate, dtype=float)
    k = np.broadcast_to(np.asarray(k, dtype=float), b.shape)
    L = math.log(2.0 * max(population, 1) / delta)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.zeros_like(b)
        for _ in range(30):  # fixed point of t = f(b + t); f is concave with a small slope
            var = np.minimum(b + t, 0.25)
            t = L / (3 * k) + np.sqrt(L * L / (9 * k * k) + 2 * L * var / k)
    return np.where(k >= population - 1, 0.0, np.nan_to_num(t, nan=0.0, posinf=1.0))


def sources_needed(b_max: float, epsilon: float, population: int, delta: float) -> int:
    """Sources for a Bernstein error of ``epsilon`` at betweenness ``b_max`` (see :func:`sampled_error`).

    >>> sources_needed(0.0, 0.005, 100_000, 0.1), sources_needed(0.2, 0.005, 100_000, 0.1)
    (7738, 100000)
    """
    L = math.log(2.0 * max(population, 1) / delta)
    var = min(max(b_max, 0.0) + epsilon, 0.25)
    return int(min(population, math.ceil(L * (2 * var + 2 * epsilon / 3) / epsilon**2)))


def _ladder(k: float, up: bool) -> int:
    """``k`` rounded to 1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten (up or down): the same
    plan on a slightly faster or slower run, so the same sample and the same values."""
    if k < 1:
        return 0
    steps = [m * 10**e for e in range(0, 9) for m in (1, 1.5, 2, 3, 4, 5, 6, 8)]
    if up:
        return int(next(s for s in steps if s >= k))
    return int(max(s for s in steps if s <= k))


# ----------------------------------------------------------------------------- plan


@dataclass
class BetweennessPlan:
    """The engine chosen for betweenness, why, and what it promises (written to ``metrics.json``)."""

    engine: str
    target_epsilon: float
    delta: float
    max_seconds: float | None
    k: int | None = None
    epsilon: float | None = None
    largest_component: int = 0
    seconds_per_source: float | None = None
    estimated_seconds: dict[str, float | None] = field(default_factory=dict)
    sources_needed: int | None = None
    cpus: int = 1
    kadabra_race: bool = False
    kadabra_diameter_searches: int | None = None
    seed: int = 0

    def record(self) -> dict[str, Any]:
        """JSON-ready dict (floats rounded)."""
        out = asdict(self)
        for key in ("epsilon", "seconds_per_source"):
            if out[key] is not None:
                out[key] = float(f"{out[key]:.4g}")
        out["estimated_seconds"] = {
            e: (None if s is None else round(float(s), 2)) for e, s in self.estimated_seconds.items()
        }
        return out


def _components(g) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(labels, sizes, links per component) of the (weakly) connected components."""
    labels = np.asarray(g.connected_components(mode="weak").membership, dtype=np.int64)
    sizes = np.bincount(labels)
    ends = np.asarray(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    links = np.bincount(labels[ends[:, 0]], minlength=len(sizes)) if len(ends) else np.zeros(len(sizes))
    return labels, sizes, links


class _Sampler:
    """Raw igraph dependencies summed over sources of the largest component, timed."""

    def __init__(self, g, seed: int) -> None:
        self.g = g
        self.n = g.vcount()
        self.directed = g.is_directed()
        self.labels, self.sizes, self.links = _components(g)
        self.big = int(np.argmax(self.sizes))
        self.c = int(self.sizes[self.big])
        members = np.flatnonzero(self.labels == self.big)
        self.order = members[np.random.default_rng(seed).permutation(len(members))]
        self.rest = np.flatnonzero(self.labels != self.big)
        self.raw = np.zeros(self.n)
        self.done = 0  # sources of order[:done] searched
        self.cpu = 0.0

    def search(self, upto: int) -> None:
        """Add the dependencies of ``order[done:upto]`` (timed)."""
        upto = min(upto, self.c)
        if upto <= self.done:
            return
        t = time.thread_time()
        src = self.order[self.done : upto].tolist()
        self.raw += np.asarray(self.g.betweenness(directed=self.directed, sources=src), dtype=float)
        self.cpu += time.thread_time() - t
        self.done = upto

    def kadabra_diameter_cost(self) -> tuple[int, float]:
        """(searches, CPU seconds): an estimate of the exact-diameter phase that KADABRA runs first.

        NetworKit computes the diameter of ``C`` exactly before sampling, by breadth-first
        searches from the actors far from a central one (as iFUB does, Crescenzi et al. 2013):
        from the best-connected actor ``u``, with ``e`` its eccentricity and ``lb`` the largest
        eccentricity seen (``u``'s and the pilot sources'), a search from every actor ``v``
        with ``2 (d(u, v) - 1) >= lb``. Few on a network with hubs or cliques (tens to a few
        thousand of 100,000 actors); nine in ten on a regional network without hubs, where the
        phase alone costs as much as exact betweenness. A search is timed on the pilot sources
        (their eccentricities, at most 8).
        """
        members = self.order
        if len(members) < 3:
            return 0, 0.0
        degree = np.asarray(self.g.degree(members.tolist()), dtype=np.int64)
        hub = int(members[int(np.argmax(degree))])
        dist = np.asarray(self.g.distances(source=[hub], mode="all")[0], dtype=float)[members]
        pilot = self.order[: min(max(self.done, 1), 8)].tolist()
        t = time.thread_time()  # eccentricities: one search each, a few numbers back (no list of n)
        ecc = np.asarray(self.g.eccentricity(vertices=pilot, mode="all"), dtype=float)
        per_search = (time.thread_time() - t) / len(pilot)
        lb = max(float(dist.max()), float(ecc.max(initial=0.0)))
        searches = int((2 * (dist - 1) >= lb).sum())
        return searches, searches * per_search

    def rest_cost(self, per_source: float) -> float:
        """Estimated CPU seconds of searching every actor outside the largest component."""
        work = self.sizes + self.links
        mask = np.arange(len(self.sizes)) != self.big
        unit = per_source / max(work[self.big], 1)
        return float(unit * (self.sizes[mask] * work[mask]).sum())

    def scale(self, raw: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(betweenness, within-component estimate of C's actors) from raw sums over ``order[:k]`` and the rest."""
        n, c = self.n, self.c
        pairs = 1.0 if self.directed else 2.0
        out = raw * pairs / ((n - 1) * (n - 2))  # exact for actors outside C (all their sources searched)
        inside = self.labels == self.big
        seen = np.full(n, float(k))
        seen[self.order[:k]] = k - 1  # a source is no inner node of its own paths
        with np.errstate(divide="ignore", invalid="ignore"):
            within = np.where(inside, raw * pairs / (np.maximum(seen, 1) * max(c - 2, 1)), 0.0)
        out[inside] = within[inside] * (c - 1) * (c - 2) / ((n - 1) * (n - 2))
        return out, within


def plan_betweenness(
    sampler: _Sampler,
    *,
    epsilon: float,
    delta: float,
    max_seconds: float | None,
    allow_exact: bool,
    kadabra: bool,
    seed: int,
) -> BetweennessPlan:
    """Choose the engine by estimated cost (see the module docstring); runs the pilot."""
    n, c = sampler.n, sampler.c
    cpus = 2 if _pool.can_fork() else 1
    plan = BetweennessPlan("exact", epsilon, delta, max_seconds, largest_component=c, cpus=cpus, seed=seed, epsilon=0.0)
    if c <= 2:
        return plan
    sampler.search(min(_PILOT_SOURCES, c))
    while sampler.done < min(_PILOT_MAX_SOURCES, c) and sampler.cpu < _PILOT_SECONDS:
        sampler.search(min(2 * sampler.done, _PILOT_MAX_SOURCES, c))
    t = max(sampler.cpu / sampler.done, 1e-7)
    plan.seconds_per_source = t
    rest = sampler.rest_cost(t)
    exact_s = (t * c + rest) / cpus
    scale = (c - 1) * (c - 2) / ((n - 1) * (n - 2))
    eps_c = min(epsilon / scale, 1.0)
    _, within = sampler.scale(sampler.raw, sampler.done)
    b_max = float(within[sampler.labels == sampler.big].max(initial=0.0))
    need = _ladder(sources_needed(b_max, eps_c, c, delta), up=True)
    need = c if need >= c else need
    plan.sources_needed = need
    plan.estimated_seconds = {"exact": exact_s, "sampled sources": (t * need + rest) / cpus, "KADABRA": None}
    budget = math.inf if max_seconds is None else max_seconds
    if allow_exact and exact_s <= budget:
        return plan
    if need < c and (t * need + rest) / cpus <= budget:
        plan.engine, plan.k = "sampled sources", max(need, sampler.done)
        return plan
    # neither meets the target within the budget: the sample the budget allows, KADABRA beside it
    # when its diameter phase alone fits the budget (else both processes sample: twice the sources)
    plan.engine = "sampled sources"
    plan.kadabra_race = bool(kadabra and cpus >= 2 and c > 2)
    if plan.kadabra_race:
        plan.kadabra_diameter_searches, diameter_s = sampler.kadabra_diameter_cost()
        plan.estimated_seconds["KADABRA"] = diameter_s
        plan.kadabra_race = diameter_s <= budget
    cores_for_sample = 1 if plan.kadabra_race else cpus
    k_budget = _ladder(max((budget * cores_for_sample - rest) / t, 1.0), up=False)
    plan.k = int(min(max(k_budget, sampler.done, 2), c))
    if plan.k >= c:
        plan.engine, plan.k, plan.kadabra_race = "exact", None, False
    return plan


# ----------------------------------------------------------------------------- running a plan


def _sources_worker(n: int, edges: list, directed: bool, sources: list[int], closeness: bool):
    """Run in the second process: raw betweenness from ``sources`` (and exact closeness)."""
    import igraph

    from ._distances import _closeness_igraph

    _pool.task_started()
    g = igraph.Graph(n=n, edges=edges, directed=directed)
    raw = np.array(g.betweenness(directed=directed, sources=sources), dtype=float)
    return raw, (_closeness_igraph(g) if closeness else None)


def _kadabra_worker(n: int, u: np.ndarray, v: np.ndarray, epsilon: float, delta: float, seed: int) -> np.ndarray:
    """Run in the second process: KADABRA on a graph given by its edge arrays (networkx-normalised)."""
    _pool.task_started()
    return _kadabra_arrays(n, u, v, epsilon=epsilon, delta=delta, seed=seed)


def run_sampled(
    sampler: _Sampler,
    plan: BetweennessPlan,
    edges: list,
    *,
    worker: Any = _sources_worker,
    closeness: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Betweenness by ``plan`` (sampled sources, possibly racing KADABRA); ``(values, exact closeness or None)``.

    Fills ``plan.epsilon`` (the stated error) and, when KADABRA won, ``plan.engine``.
    """
    n, c = sampler.n, sampler.c
    k = int(plan.k)
    todo = sampler.order[sampler.done : k].tolist() + sampler.rest.tolist()
    clo = None
    if plan.kadabra_race:
        inside = sampler.order  # C's actors; KADABRA on the subgraph they induce
        local = np.full(n, -1, dtype=np.int64)
        local[inside] = np.arange(c)
        ends = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
        keep = (local[ends[:, 0]] >= 0) & (local[ends[:, 1]] >= 0)
        scale = (c - 1) * (c - 2) / ((n - 1) * (n - 2))
        pending = _pool.start_worker(
            _kadabra_worker,
            c,
            local[ends[keep, 0]],
            local[ends[keep, 1]],
            min(plan.target_epsilon / scale, 1.0),
            plan.delta,
            plan.seed,
        )
        won = None
        try:
            for i in range(0, len(todo), _CHUNK):
                if pending is not None and pending[1].done():
                    break
                t = time.thread_time()
                sampler.raw += np.asarray(
                    sampler.g.betweenness(directed=sampler.directed, sources=todo[i : i + _CHUNK]), dtype=float
                )
                sampler.cpu += time.thread_time() - t
            if pending is not None and pending[1].done() and pending[1].exception() is None:
                won = pending[1].result()
        finally:
            if pending is not None:
                _pool.stop_pool(pending[0])
        if won is not None:
            out = np.zeros(n)
            out[inside] = won[np.arange(c)] * scale
            rest = sampler.rest.tolist()
            if rest:  # the other components, exact
                raw = np.asarray(sampler.g.betweenness(directed=sampler.directed, sources=rest), dtype=float)
                mask = sampler.labels != sampler.big
                out[mask] = (raw * (1.0 if sampler.directed else 2.0) / ((n - 1) * (n - 2)))[mask]
            plan.engine, plan.k, plan.epsilon = "KADABRA", None, plan.target_epsilon
            return out, None
        sampler.done = k
    else:
        share = len(todo) * 12 // 25  # the second process starts later: a little less than half
        pending = _pool.start_worker(worker, n, edges, sampler.directed, todo[:share], closeness) if share else None
        here = todo[share:] if pending is not None else todo
        try:
            if here:
                sampler.raw += np.asarray(sampler.g.betweenness(directed=sampler.directed, sources=here), dtype=float)
        except BaseException:
            if pending is not None:
                _pool.stop_pool(pending[0])
            raise
        if pending is not None:
            from ._distances import _closeness_igraph

            there, clo = _pool.finish(
                pending,
                lambda: (
                    np.asarray(sampler.g.betweenness(directed=sampler.directed, sources=todo[:share]), dtype=float),
                    _closeness_igraph(sampler.g) if closeness else None,
                ),
            )
            sampler.raw += there
        sampler.done = k
    values, within = sampler.scale(sampler.raw, k)
    inside = sampler.labels == sampler.big
    seen = np.where(np.isin(np.arange(n), sampler.order[:k]), k - 1, k)[inside]
    err = sampled_error(within[inside], seen, c, plan.delta)
    plan.epsilon = float(err.max(initial=0.0)) * (c - 1) * (c - 2) / ((n - 1) * (n - 2))
    return values, clo


# ----------------------------------------------------------------------------- single engines


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


def networkx_sample_error(values: np.ndarray, nodes: list, sample: list, delta: float) -> float:
    """Stated error of networkx-style sampled betweenness (``k`` sources drawn from all ``n`` actors).

    The value of ``v`` is the mean over the sources of ``delta_s(v)/(n-2)`` in [0, 1]: the
    bound of :func:`sampled_error` over the ``n - 1`` possible sources.
    """
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    seen = np.full(n, float(len(sample)))
    seen[[index[s] for s in sample]] = len(sample) - 1
    return float(sampled_error(values, seen, n - 1, delta).max(initial=0.0))


def _scale_exact_betweenness(raw: np.ndarray, n: int, directed: bool) -> np.ndarray:
    """igraph's raw betweenness normalised as networkx.

    igraph counts each unordered pair once in undirected graphs; networkx's
    normalisation divides ordered-pair counts by ``(n-1)(n-2)``.
    """
    if n <= 2:
        return np.zeros(n)
    return raw * (1.0 if directed else 2.0) / ((n - 1) * (n - 2))


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
    result reproducible. KADABRA's bound holds for the share of ordered
    pairs ``b(v) = sum sigma_st(v)/sigma_st / (n(n-1))``, which is ``(n-2)/n``
    times the networkx normalisation used here (NetworKit reports twice that
    value for undirected graphs; rescaled), so NetworKit is asked for the bound
    ``epsilon (n-2)/n``: the returned values are networkx-normalised and the
    bound ``epsilon`` holds for them. Its running time is not bounded by the
    sample size: NetworKit first computes the exact diameter (more than 300 s on a
    100,000-actor regional graph); :func:`clustergraph.metrics.centrality.centrality`
    only runs it beside a time-bounded estimate.

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
    nodes = list(G) if nodes is None else list(nodes)
    if G.is_directed():
        raise ValueError("KADABRA betweenness needs an undirected graph")
    u, v, _ = edge_arrays(G, nodes)
    return _kadabra_arrays(len(nodes), u, v, epsilon=epsilon, delta=delta, seed=seed)


def _kadabra_arrays(n: int, u: np.ndarray, v: np.ndarray, *, epsilon: float, delta: float, seed: int) -> np.ndarray:
    import networkit as nk

    if n <= 2:
        return np.zeros(n)
    h = nk.graph.Graph(n, weighted=False, directed=False)
    if len(u):
        h.addEdges((np.asarray(u, dtype=np.uint64), np.asarray(v, dtype=np.uint64)))
        h.removeMultiEdges()
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
