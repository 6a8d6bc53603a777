"""Centrality: hand-computed tiny cases, fast paths equal to networkx, announced approximation."""

from __future__ import annotations

import importlib
import logging
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from clustergraph.errors import InputError
from clustergraph.metrics.centrality import (
    COLUMNS,
    EXACT_MAX_ACTORS,
    centrality,
    eigenvector_by_component,
    pagerank,
    sample_size,
)

# the module itself (clustergraph.metrics.centrality is the function of the same name)
cmod = importlib.import_module("clustergraph.metrics.centrality")
dmod = importlib.import_module("clustergraph.metrics._distances")  # the closeness/harmonic backends


@pytest.fixture(params=["igraph", "networkx"])
def backend(request, monkeypatch):
    """Run a test with the igraph fast path and with the networkx fallback."""
    monkeypatch.setenv("CLUSTERGRAPH_NO_IGRAPH", "1" if request.param == "networkx" else "0")
    return request.param


def path_plus_isolated() -> nx.Graph:
    # a - b - c, and d alone
    G = nx.Graph()
    G.add_node("a", type="firm")
    G.add_node("b", type="vet")
    G.add_node("c", type="firm")
    G.add_node("d", type="university")
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("b", "c", weight=0.5)
    return G


def test_columns_index_and_order():
    c = centrality(path_plus_isolated())
    assert tuple(c.columns) == COLUMNS
    assert c.index.name == "id" and list(c.index) == ["a", "b", "c", "d"]
    assert c.attrs["approximations"] == {}


def test_path_with_isolated_actor_by_hand(backend):
    c = centrality(path_plus_isolated())
    # degree / strength
    assert c["degree"].tolist() == [1, 2, 1, 0]
    assert c["weighted_degree"].tolist() == [2.0, 2.5, 0.5, 0.0]
    # b has two firm partners, a one vet partner, d none
    assert c.loc["b", "deg_firm"] == 2 and c.loc["b", "deg_vet"] == 0
    assert c.loc["a", "deg_vet"] == 1 and c.loc["d"].filter(like="deg_").sum() == 0
    # betweenness of b: the only pair it can lie between is (a, c), out of
    # (n-1)(n-2)/2 = 3 pairs of other actors -> 1/3
    assert c["betweenness"].tolist() == pytest.approx([0, 1 / 3, 0, 0])
    # closeness of a: reaches r-1 = 2 actors at total distance 1 + 2 = 3:
    # (2/3) * (r-1)/(n-1) = (2/3) * (2/3) = 4/9; b: (2/2) * (2/3) = 2/3; d: 0
    assert c["closeness"].tolist() == pytest.approx([4 / 9, 2 / 3, 4 / 9, 0])
    # harmonic of a: 1/1 + 1/2; b: 1 + 1
    assert c["harmonic"].tolist() == pytest.approx([1.5, 2.0, 1.5, 0.0])
    # k-core: the path is a 1-core, d a 0-core; no triangles
    assert c["core_number"].tolist() == [1, 1, 1, 0]
    assert c["clustering"].tolist() == [0, 0, 0, 0]


def test_eigenvector_is_per_component_and_scaled():
    # unweighted path a-b-c: leading eigenvector of the 3x3 path is (1, sqrt2, 1)/2
    # (eigenvalue sqrt 2); the component holds 3 of 4 actors -> times sqrt(3/4)
    G = path_plus_isolated()
    nx.set_edge_attributes(G, 1.0, "weight")
    e = centrality(G)["eigenvector"]
    s = math.sqrt(3 / 4)
    assert e.tolist() == pytest.approx([0.5 * s, math.sqrt(2) / 2 * s, 0.5 * s, 0.0])
    # triangle + separate link + isolated actor, n = 6: every linked actor is
    # symmetric within its component: triangle 1/sqrt3 * sqrt(3/6) = 1/sqrt6,
    # link 1/sqrt2 * sqrt(2/6) = 1/sqrt6
    H = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4)])
    H.add_node(5)
    got = centrality(H)["eigenvector"].tolist()
    assert got == pytest.approx([1 / math.sqrt(6)] * 5 + [0.0])


def test_eigenvector_connected_equals_networkx():
    G = nx.connected_watts_strogatz_graph(300, 6, 0.2, seed=2)  # > 200 actors: sparse solver
    rng = random.Random(2)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.uniform(0.5, 3)
    ref = nx.eigenvector_centrality_numpy(G, weight="weight")
    got = centrality(G)["eigenvector"]
    np.testing.assert_allclose(got.to_numpy(), [ref[v] for v in G], atol=1e-8)
    small = nx.cycle_graph(5)
    np.testing.assert_allclose(
        eigenvector_by_component(nx.to_scipy_sparse_array(small, dtype=float)), [1 / math.sqrt(5)] * 5
    )


def test_pagerank_on_cycle_is_uniform():
    # every actor of a cycle is alike: PageRank 1/n
    assert centrality(nx.cycle_graph(4))["pagerank"].tolist() == pytest.approx([0.25] * 4)


def test_clustering_and_core_by_hand(backend):
    # triangle a, b, c plus pendant d on c: c has 1 link among its 3 partner pairs -> 1/3
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    c = centrality(G)
    assert c["clustering"].tolist() == pytest.approx([1, 1, 1 / 3, 0])
    assert c["core_number"].tolist() == [2, 2, 2, 1]


def test_directed_by_hand(backend):
    # a -> b -> c, n = 3. Closeness uses incoming distances (networkx):
    # c is reached by b (1) and a (2): (2/3) * (2/2) = 2/3; b by a (1): (1/1) * (1/2); a by nobody: 0
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    c = centrality(G)
    assert c["closeness"].tolist() == pytest.approx([0, 0.5, 2 / 3])
    assert c["harmonic"].tolist() == pytest.approx([0, 1, 1.5])
    # b lies on the one ordered path a -> c out of (n-1)(n-2) = 2 ordered pairs
    assert c["betweenness"].tolist() == pytest.approx([0, 0.5, 0])
    assert c["degree"].tolist() == [1, 2, 1]


def _random(seed, directed=False):
    G = nx.gnm_random_graph(70, 150 if not directed else 220, seed=seed, directed=directed)
    G.add_nodes_from(["iso1", "iso2"])
    G.add_edge("x1", "x2")
    rng = random.Random(seed)
    for v in G:
        G.nodes[v]["type"] = rng.choice(["firm", "vet", "rto", "government"])
    for u, v in G.edges():
        G[u][v]["weight"] = rng.choice([1.0, 2.0, 3.0])
    return G


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("seed", [1, 2])
def test_exact_equals_networkx(backend, directed, seed):
    G = _random(seed, directed)
    c = centrality(G)
    refs = {
        "betweenness": nx.betweenness_centrality(G),
        "closeness": nx.closeness_centrality(G),
        "harmonic": nx.harmonic_centrality(G),
        "pagerank": nx.pagerank(G, weight="weight", tol=1e-15, max_iter=10_000),  # converged, not nx's default
        "core_number": nx.core_number(G),
        "clustering": nx.clustering(nx.Graph(G)),  # README's definition: undirected view in both modes
        "degree": dict(G.degree()),
        "weighted_degree": dict(G.degree(weight="weight")),
    }
    for col, ref in refs.items():
        np.testing.assert_allclose(c[col].to_numpy(dtype=float), [ref[v] for v in G], atol=1e-10, err_msg=col)
    # partner-type counts equal a plain loop over neighbours
    U = G.to_undirected() if directed else G
    for v in G:
        partners = [G.nodes[u]["type"] for u in U[v]]
        assert c.loc[v, "deg_rto"] == partners.count("rto")
        assert c.loc[v, "deg_firm"] == partners.count("firm")


@pytest.mark.parametrize("directed", [False, True])
def test_sampled_betweenness_equals_networkx_sample(backend, directed):
    # same seed -> same sampled sources and same rescaling as networkx 3.6
    G = _random(3, directed)
    c = centrality(G, k=12, seed=5)
    ref = nx.betweenness_centrality(G, k=12, seed=5)
    np.testing.assert_allclose(c["betweenness"].to_numpy(), [ref[v] for v in G], atol=1e-12)
    assert c.attrs["approximations"]["betweenness"]["k"] == 12
    assert c.attrs["approximations"]["closeness"]["seed"] == 5


@pytest.mark.parametrize("directed", [False, True])
def test_sampled_closeness_exact_on_complete_components(backend, directed):
    # K5 + K3 + an isolated actor, n = 9. All distances are 1, so any sample
    # gives the exact values; the component scaling is what is tested:
    # K5 actor: reaches 4 -> closeness (4/8) * (4/4) = 1/2, harmonic 4;
    # K3 actor: (2/8) * (2/2) = 1/4, harmonic 2; isolated: 0, 0.
    G = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(3))
    G.add_node(8)
    if directed:
        G = G.to_directed()
    c = centrality(G, exact=False, k=3, seed=1)
    assert c["closeness"].tolist() == pytest.approx([0.5] * 5 + [0.25] * 3 + [0])
    assert c["harmonic"].tolist() == pytest.approx([4.0] * 5 + [2.0] * 3 + [0])


def test_sampled_closeness_is_close(backend):
    # estimates from 150 of 600 sources: mean within 3%, ranking strongly correlated
    G = nx.gnm_random_graph(600, 1500, seed=4)
    c = centrality(G, k=150, seed=0)
    for col, ref in (("closeness", nx.closeness_centrality(G)), ("harmonic", nx.harmonic_centrality(G))):
        exact = np.array([ref[v] for v in G])
        assert abs(c[col].mean() / exact.mean() - 1) < 0.03
        assert np.corrcoef(c[col], exact)[0, 1] > 0.95


def _random_graph(seed: int, directed: bool) -> nx.Graph:
    # several components, isolated actors, a self-loop: what the estimator meets in real data
    rng = random.Random(seed)
    G = nx.gnm_random_graph(rng.randint(20, 160), rng.randint(10, 260), seed=seed, directed=directed)
    G.add_nodes_from(range(G.number_of_nodes(), G.number_of_nodes() + rng.randint(0, 5)))
    G.add_edge(0, 0)
    return G


@pytest.mark.parametrize("directed", [False, True])
def test_bfs_hops_equals_scipy_shortest_path(directed):
    from scipy.sparse import csgraph

    from clustergraph.metrics._sparse import adjacency

    graphs = [_random_graph(seed, directed) for seed in range(12)]
    graphs.append(nx.path_graph(300, create_using=nx.DiGraph if directed else nx.Graph))  # deeper than 256 levels
    for G in graphs:
        nodes = list(G)
        W = adjacency(G, nodes, None)
        A = sp.csr_array(W.T) if directed else sp.csr_array(W)
        rng = np.random.default_rng(len(nodes))
        sources = rng.choice(len(nodes), size=min(64, len(nodes)), replace=False)
        D = csgraph.shortest_path(W, directed=directed, unweighted=True, indices=sources)
        want = np.where(np.isfinite(D), D, 0)
        assert (cmod._bfs_hops(A, sources) == want).all()


def _reference_sampled_closeness_harmonic(nodes, W, sample, *, directed):
    """The estimator with scipy's distance rows (the form before the multi-source search)."""
    from scipy.sparse import csgraph

    n = len(nodes)
    labels, size, sources, others = cmod._distance_sources(nodes, W, sample, directed=directed)
    found, dist_sum, inv_sum = np.zeros(n), np.zeros(n), np.zeros(n)
    batch = max(1, dmod._DISTANCE_BATCH_ENTRIES // max(n, 1))
    for b0 in range(0, len(sources), batch):
        D = csgraph.shortest_path(W, directed=directed, unweighted=True, indices=sources[b0 : b0 + batch])
        ok = np.isfinite(D) & (D > 0)
        Dz = np.where(ok, D, 1.0)
        found += ok.sum(axis=0)
        dist_sum += np.where(ok, Dz, 0.0).sum(axis=0)
        inv_sum += np.where(ok, 1.0 / Dz, 0.0).sum(axis=0)
    return cmod._closeness_harmonic_estimates(labels, size, others, found, dist_sum, inv_sum)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("batch_entries", [1, 1_000, 2_000_000])
def test_sampled_closeness_is_identical_to_distance_rows(monkeypatch, directed, batch_entries):
    # the multi-source search changes how distances are found, not one bit of the estimate:
    # same batches of sources, same order of the floating-point sums
    from clustergraph.metrics._sparse import adjacency

    monkeypatch.setattr(dmod, "_DISTANCE_BATCH_ENTRIES", batch_entries)
    monkeypatch.setattr(dmod, "_BLOCK_ACTORS", 0)  # every component by the multi-source search
    for seed in range(8):
        G = _random_graph(seed, directed)
        nodes = list(G)
        W = adjacency(G, nodes, None)
        sample = random.Random(seed).sample(nodes, max(2, len(nodes) * 3 // 4))
        got = cmod._sampled_closeness_harmonic(nodes, W, sample, directed=directed)
        want = _reference_sampled_closeness_harmonic(nodes, W, sample, directed=directed)
        assert got[0].tolist() == want[0].tolist() and got[1].tolist() == want[1].tolist()


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("block_actors", [3, 2_000])
def test_small_components_searched_in_blocks_give_the_distance_rows_values(monkeypatch, directed, block_actors):
    # components with fewer than two sampled sources are searched in full, all pairs within blocks
    # of whole components: the same counts and distance sums; inverse sums added in another order
    from clustergraph.metrics._sparse import adjacency

    monkeypatch.setattr(dmod, "_BLOCK_ACTORS", block_actors)
    rng = random.Random(3)
    for seed in range(6):
        parts = [nx.gnm_random_graph(rng.randint(1, 12), rng.randint(0, 25), seed=seed * 20 + i, directed=directed)
                 for i in range(15)]  # fmt: skip
        G = nx.disjoint_union_all([*parts, nx.gnm_random_graph(120, 300, seed=seed, directed=directed)])
        nodes = list(G)
        W = adjacency(G, nodes, None)
        sample = rng.sample(nodes, 30)
        got = cmod._sampled_closeness_harmonic(nodes, W, sample, directed=directed)
        want = _reference_sampled_closeness_harmonic(nodes, W, sample, directed=directed)
        assert np.allclose(got[0], want[0], rtol=1e-13, atol=0) and np.allclose(got[1], want[1], rtol=1e-13, atol=0)


def test_sample_size_rules():
    assert sample_size(EXACT_MAX_ACTORS) is None
    assert sample_size(EXACT_MAX_ACTORS + 1) == cmod.DEFAULT_SAMPLES
    assert sample_size(EXACT_MAX_ACTORS + 1, exact=True) is None
    assert sample_size(100, exact=False) is None  # default sample >= graph: exact
    assert sample_size(100, exact=False, k=10) == 10
    assert sample_size(100, k=10) == 10
    with pytest.raises(ValueError):
        sample_size(100, k=1)


def test_given_sample_is_networkx_sample_and_announced(caplog):
    caplog.set_level("WARNING", logger="clustergraph")

    def notices():
        return [r.getMessage() for r in caplog.records if r.name == "clustergraph"]

    G = nx.gnm_random_graph(80, 200, seed=1)
    c = centrality(G, k=20, seed=9)
    approx = c.attrs["approximations"]["betweenness"]
    assert {k: approx[k] for k in ("method", "k", "seed", "delta")} == {
        "method": "sampled sources (Brandes & Pich 2007)",
        "k": 20,
        "seed": 9,
        "delta": cmod.APPROX_DELTA,
    }
    ref = nx.betweenness_centrality(G, k=20, seed=9)
    np.testing.assert_allclose(c["betweenness"].to_numpy(), [ref[v] for v in G], atol=1e-12)
    exact = nx.betweenness_centrality(G)
    assert np.abs(c["betweenness"].to_numpy() - [exact[v] for v in G]).max() <= approx["epsilon"]
    assert len(notices()) == 1 and "20 sampled" in notices()[0] and "--exact" in notices()[0]
    assert f"{approx['epsilon']:.3g}" in notices()[0]
    # forcing exact: no notice, no approximation recorded
    caplog.clear()
    assert centrality(G, exact=True).attrs["approximations"] == {} and notices() == []


@pytest.mark.parametrize("directed", [False, True])
def test_two_process_exact_path_equals_networkx(monkeypatch, directed):
    # above a size threshold the exact betweenness sources are split between two
    # processes (one also does closeness, the other harmonic): sums must be exact
    monkeypatch.setattr(cmod, "_PARALLEL_MIN_ACTORS", 10)
    G = nx.gnm_random_graph(120, 300, seed=8, directed=directed)
    G.add_node("isolated")
    c = centrality(G)
    for col, ref in (
        ("betweenness", nx.betweenness_centrality(G)),
        ("closeness", nx.closeness_centrality(G)),
        ("harmonic", nx.harmonic_centrality(G)),
    ):
        np.testing.assert_allclose(c[col].to_numpy(), [ref[v] for v in G], atol=1e-12, err_msg=col)


def test_progress_steps_and_empty_graph():
    seen = []
    centrality(nx.path_graph(3), progress=seen.append)
    assert tuple(seen) == cmod.STEPS
    empty = centrality(nx.Graph())
    assert len(empty) == 0 and tuple(empty.columns) == COLUMNS


def test_single_link_and_single_actor():
    # n <= 2: betweenness is 0 (no pair of other actors), networkx convention
    c = centrality(nx.Graph([("a", "b")]))
    assert c["betweenness"].tolist() == [0, 0]
    assert c["closeness"].tolist() == pytest.approx([1, 1])
    one = nx.Graph()
    one.add_node("solo")
    assert centrality(one).loc["solo", ["degree", "closeness", "eigenvector"]].tolist() == [0, 0, 0]


@pytest.mark.parametrize("two_processes", [False, True])
def test_exact_betweenness_with_sampled_closeness(monkeypatch, caplog, two_processes):
    # between the two documented sizes: betweenness exact, closeness/harmonic sampled
    caplog.set_level("WARNING", logger="clustergraph")
    monkeypatch.setattr(cmod, "EXACT_MAX_ACTORS_DISTANCES", 50)
    monkeypatch.setattr(cmod, "DEFAULT_SAMPLES", 30)
    monkeypatch.setattr(cmod, "_PARALLEL_MIN_ACTORS", 10 if two_processes else 10**9)
    G = nx.gnm_random_graph(150, 400, seed=6)
    c = centrality(G, seed=2)
    ref = nx.betweenness_centrality(G)
    np.testing.assert_allclose(c["betweenness"].to_numpy(), [ref[v] for v in G], atol=1e-12)
    assert set(c.attrs["approximations"]) == {"closeness", "harmonic"}
    assert c.attrs["approximations"]["closeness"]["k"] == 30
    notices = [r.getMessage() for r in caplog.records if r.name == "clustergraph"]
    assert len(notices) == 1 and "betweenness is exact" in notices[0]
    exact = nx.closeness_centrality(G)
    assert np.corrcoef(c["closeness"], [exact[v] for v in G])[0, 1] > 0.9


def test_directed_eigenvector_uses_undirected_view():
    # documented choice: links in either direction count, so a directed path
    # scores like the undirected path (1, sqrt2, 1)/2
    c = centrality(nx.DiGraph([("a", "b"), ("b", "c")]))
    assert c["eigenvector"].tolist() == pytest.approx([0.5, math.sqrt(2) / 2, 0.5])


def test_two_process_source_split_covers_every_actor_once():
    for share in (cmod._SHARE_WITH_CLOSENESS, cmod._SHARE_BETWEENNESS_ONLY):
        there, here = cmod._sources(103, share, True), cmod._sources(103, share, False)
        assert sorted(there + here) == list(range(103)) and not set(there) & set(here)


# ----------------------------------------------------------------------------- KADABRA (issue 15)


def test_kadabra_within_epsilon_on_2000_actors_and_reproducible():
    pytest.importorskip("networkit")
    from clustergraph.graph import build_graph
    from clustergraph.synthetic import generate

    G = build_graph(*generate(2000, seed=5))
    got = cmod.kadabra_betweenness(G, epsilon=0.005, seed=4)
    exact = nx.betweenness_centrality(G)
    assert np.abs(got - [exact[v] for v in G]).max() <= 0.005
    assert (cmod.kadabra_betweenness(G, epsilon=0.005, seed=4) == got).all()


def test_kadabra_never_for_directed_or_without_networkit(monkeypatch):
    D = nx.gnm_random_graph(300, 900, seed=1, directed=True)
    plan = centrality(D, exact=False, max_seconds=1e-6).attrs["betweenness_plan"]
    assert plan["engine"] == "sampled sources" and not plan["kadabra_race"]
    monkeypatch.setenv("CLUSTERGRAPH_NO_NETWORKIT", "1")
    G = nx.gnm_random_graph(300, 900, seed=1)
    assert not centrality(G, exact=False, max_seconds=1e-6).attrs["betweenness_plan"]["kadabra_race"]
    pytest.importorskip("networkit")
    with pytest.raises(ValueError):
        cmod.kadabra_betweenness(D)


# ---------------------------------------------------------------- PageRank converged


def _weighted_dangling_digraph(seed=3):
    """Directed, weighted (1 to 1000), with dangling actors (no outgoing arc) and an isolated one."""
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(120, 360, seed=seed, directed=True)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.choice([1.0, 2.5, 10.0, 1000.0]))
    sinks = [v for v in list(G)[:10]]
    G.remove_edges_from([e for e in list(G.edges()) if e[0] in sinks])  # 10 dangling actors
    G.add_node("alone")
    return G


@pytest.mark.parametrize("directed", [True, False])
def test_pagerank_equals_igraph_prpack(backend, directed):
    """PageRank (both backends) equals python-igraph's PRPACK to 1e-9: weighted, dangling actors."""
    import igraph

    G = _weighted_dangling_digraph()
    if not directed:
        G = G.to_undirected()
    if directed:
        assert sum(1 for v in G if G.out_degree(v) == 0) >= 10
    nodes = list(G)
    index = {v: i for i, v in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges()], directed=directed)
    ref = g.pagerank(weights=[d for _, _, d in G.edges(data="weight")], damping=0.85, implementation="prpack")
    got = centrality(G)["pagerank"].to_numpy()
    np.testing.assert_allclose(got, ref, rtol=0, atol=1e-9)
    np.testing.assert_allclose(got, ref, rtol=1e-7)  # relative too: the default tolerance was 1e-3 off
    assert got.sum() == pytest.approx(1.0, abs=1e-12)


def test_pagerank_networkx_default_tolerance_was_not_converged():
    """Why the tolerance matters: networkx's default stops about 1e-6 off on this graph; ours does not."""
    G = _weighted_dangling_digraph()
    tight = nx.pagerank(G, weight="weight", tol=1e-15, max_iter=10_000)
    loose = nx.pagerank(G, weight="weight")
    ref = np.array([tight[v] for v in G])
    assert np.abs(np.array([loose[v] for v in G]) - ref).max() > 1e-9
    np.testing.assert_allclose(pagerank(G), ref, rtol=0, atol=1e-11)


# ---------------------------------------------------------------- self-loops and extreme weights


def test_self_loops_are_dropped_with_a_notice_everywhere():
    """One rule: a self-loop added in Python counts in no metric (degree, weighted degree, PageRank, clustering)."""
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    nx.set_node_attributes(G, "firm", "type")
    clean = centrality(G)
    H = G.copy()
    H.add_edge("c", "c", weight=5.0)
    seen: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("clustergraph").addHandler(handler)
    try:
        looped = centrality(H)
    finally:
        logging.getLogger("clustergraph").removeHandler(handler)
    assert any("self-loop" in m and "'c'" in m for m in seen)
    pd.testing.assert_frame_equal(looped, clean)
    assert H.has_edge("c", "c")  # the caller's graph is left alone


@pytest.mark.parametrize("big", [1e154, 1e200, 1e300])
def test_huge_weights_are_rescaled_not_overflowed(backend, big):
    """Weights from 1e154 up: scale-free measures (PageRank, eigenvector) equal those of the scaled-down graph."""
    G = _random(1)
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["weight"] = d["weight"] * big / 4.0
    with np.errstate(all="raise"):
        a, b = centrality(G), centrality(H)
    for col in ("pagerank", "eigenvector", "clustering", "betweenness"):
        np.testing.assert_allclose(b[col], a[col], rtol=1e-9, atol=1e-12, err_msg=col)
    np.testing.assert_allclose(b["weighted_degree"], a["weighted_degree"] * big / 4.0, rtol=1e-12)


def test_tiny_weights_do_not_overflow(backend):
    """A weight of 1e-320 (subnormal) beside weights of 1: no overflow, PageRank still sums to 1."""
    G = _random(2, directed=True)
    u, v = next(iter(G.edges()))
    G[u][v]["weight"] = 1e-320
    for w in list(G[u]):
        if w != v:
            G.remove_edge(u, w)  # u's only outgoing link is the tiny one
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        c = centrality(G)
    assert np.isfinite(c[["pagerank", "eigenvector", "weighted_degree"]].to_numpy()).all()
    assert c["pagerank"].sum() == pytest.approx(1.0)
    # u's walker follows its one link whatever its weight: same PageRank as with weight 1
    G[u][v]["weight"] = 1.0
    ref = nx.pagerank(G, weight="weight", tol=1e-15, max_iter=10_000)
    np.testing.assert_allclose(c["pagerank"], [ref[x] for x in G], atol=1e-10)


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), 0.0, -1.0])
def test_unusable_weights_are_refused(bad):
    G = nx.Graph([("a", "b"), ("b", "c")])
    G["b"]["c"]["weight"] = bad
    with pytest.raises(InputError, match="link b - c: weight"):
        centrality(G)


def test_weights_summing_to_infinity_are_refused():
    # two links of 1e308 each: every weight finite, their sum (b's weighted degree) is not
    G = nx.Graph([("a", "b", {"weight": 1e308}), ("b", "c", {"weight": 1e308})])
    with pytest.raises(InputError, match="sum to more than"):
        centrality(G)
