"""Structural holes, articulation points and bridges: hand-computed cases and equality with networkx."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clustergraph.metrics import _sparse
from clustergraph.metrics.structural_holes import COLUMNS, articulation_points, bridges, structural_holes


@pytest.fixture(params=["igraph", "networkx"])
def backend(request, monkeypatch):
    """Run a test with the igraph fast path and with the networkx fallback."""
    monkeypatch.setenv("CLUSTERGRAPH_NO_IGRAPH", "1" if request.param == "networkx" else "0")
    return request.param


def triangle_with_pendant() -> nx.Graph:
    # a, b, c form a triangle; d hangs off c
    return nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])


def test_columns_and_index():
    G = triangle_with_pendant()
    G.add_node("z")
    sh = structural_holes(G)
    assert tuple(sh.columns) == COLUMNS
    assert sh.index.name == "id"
    assert list(sh.index) == ["a", "b", "c", "d", "z"]


def test_star_centre_spans_every_hole():
    # centre 0 with 3 unlinked partners: no redundancy -> effective size 3,
    # efficiency 3/3 = 1; p_0j = 1/3, no indirect paths -> constraint 3 * (1/3)^2 = 1/3;
    # all local constraints equal -> r_j = 1, hierarchy sum(1 * ln 1) = 0.
    # leaves: one contact -> effective size 1, constraint (1)^2 = 1, hierarchy 0/0 = NaN
    sh = structural_holes(nx.star_graph(3))
    assert sh.loc[0, "effective_size"] == pytest.approx(3.0)
    assert sh.loc[0, "efficiency"] == pytest.approx(1.0)
    assert sh.loc[0, "constraint"] == pytest.approx(1 / 3)
    assert sh.loc[0, "hierarchy"] == pytest.approx(0.0)
    assert sh.loc[1, "effective_size"] == pytest.approx(1.0)
    assert sh.loc[1, "constraint"] == pytest.approx(1.0)
    assert math.isnan(sh.loc[1, "hierarchy"])


def test_triangle_with_pendant_by_hand():
    sh = structural_holes(triangle_with_pendant())
    # c: contacts a, b, d (n = 3), one tie among them (a-b): Borgatti n - 2t/n = 3 - 2/3 = 7/3
    assert sh.loc["c", "effective_size"] == pytest.approx(7 / 3)
    assert sh.loc["c", "efficiency"] == pytest.approx(7 / 9)
    # a: contacts b, c linked to each other: 2 - 2*1/2 = 1
    assert sh.loc["a", "effective_size"] == pytest.approx(1.0)
    # constraint of c: p_c. = 1/3 each; p_ba = 1/2 (b has contacts a and c)
    #   c_ca = (1/3 + p_cb p_ba)^2 = (1/3 + 1/6)^2 = 1/4 ; c_cb = 1/4 likewise
    #   c_cd = (1/3)^2 = 1/9 (no third party links c and d)   -> C = 1/2 + 1/9 = 11/18
    assert sh.loc["c", "constraint"] == pytest.approx(11 / 18)
    # hierarchy of c: C/N = 11/54; r_a = r_b = (1/4)/(11/54) = 27/22, r_d = (1/9)/(11/54) = 6/11
    r = [27 / 22, 27 / 22, 6 / 11]
    assert sh.loc["c", "hierarchy"] == pytest.approx(sum(x * math.log(x) for x in r) / (3 * math.log(3)))
    # constraint of a: p_ab = p_ac = 1/2, p_cb = 1/3, p_bc = 1/2
    #   c_ab = (1/2 + 1/2 * 1/3)^2 = 4/9 ; c_ac = (1/2 + 1/2 * 1/2)^2 = 9/16
    assert sh.loc["a", "constraint"] == pytest.approx(4 / 9 + 9 / 16)
    # d: a single contact: effective size 1, efficiency 1, constraint 1
    assert sh.loc["d", ["effective_size", "efficiency", "constraint"]].tolist() == pytest.approx([1, 1, 1])
    assert sh["is_articulation_point"].to_dict() == {"a": False, "b": False, "c": True, "d": False}


def test_weighted_triangle_by_hand():
    # weights a-b 2, a-c 1, b-c 1.  For a: p_ab = 2/3, p_ac = 1/3.
    # max-normalised: b's mutual weights a:2, c:1 -> m_bc = 1/2 ; c's a:1, b:1 -> m_cb = 1
    # effective size(a) = (1 - p_ac m_bc) + (1 - p_ab m_cb) = (1 - 1/6) + (1 - 2/3) = 7/6
    # constraint(a): p_cb = 1/2, p_bc = 1/3
    #   c_ab = (2/3 + 1/3 * 1/2)^2 = 25/36 ; c_ac = (1/3 + 2/3 * 1/3)^2 = 25/81
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("a", "c", weight=1.0)
    G.add_edge("b", "c", weight=1.0)
    sh = structural_holes(G, weight="weight")
    assert sh.loc["a", "effective_size"] == pytest.approx(7 / 6)
    assert sh.loc["a", "efficiency"] == pytest.approx(7 / 12)
    assert sh.loc["a", "constraint"] == pytest.approx(25 / 36 + 25 / 81)
    # without weights the triangle is fully redundant: 2 - 2*1/2 = 1
    assert structural_holes(G).loc["a", "effective_size"] == pytest.approx(1.0)


def test_directed_mutual_weights_by_hand():
    # a <-> b and a -> c: mutual weights a-b 2, a-c 1, so p_ab = 2/3, p_ac = 1/3;
    # b and c are not linked -> no redundancy: effective size 2;
    # constraint (2/3)^2 + (1/3)^2 = 5/9. c (only an in-link) still has contact a.
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")])
    sh = structural_holes(G)
    assert sh.loc["a", "effective_size"] == pytest.approx(2.0)
    assert sh.loc["a", "constraint"] == pytest.approx(5 / 9)
    assert sh.loc["c", "effective_size"] == pytest.approx(1.0)
    assert sh.loc["c", "constraint"] == pytest.approx(1.0)


def test_isolated_actor_gets_nan_and_empty_graph():
    G = nx.Graph([("a", "b")])
    G.add_node("lonely")
    sh = structural_holes(G)
    assert sh.loc["lonely", ["effective_size", "efficiency", "constraint", "hierarchy"]].isna().all()
    assert not sh.loc["lonely", "is_articulation_point"]
    empty = structural_holes(nx.Graph())
    assert len(empty) == 0 and tuple(empty.columns) == COLUMNS


def _random_graph(seed: int, n: int, m: int, directed: bool = False, weighted: bool = False) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=seed, directed=directed)
    G.add_node(n + 1)  # an isolated actor
    rng = random.Random(seed)
    if weighted:
        for u, v in G.edges():
            G[u][v]["weight"] = rng.choice([0.5, 1.0, 2.0, 3.5])
    return G


def _assert_matches_networkx(G, weight=None):
    sh = structural_holes(G, weight=weight)
    # nodes=list(G) selects networkx's node-by-node path: its vectorised path is
    # wrong for weighted/directed effective size (networkx PR #8906)
    esize = nx.effective_size(G, nodes=list(G), weight=weight)
    cons = nx.constraint(G, nodes=list(G), weight=weight)
    for v in G:
        if len(G[v]) == 0:  # networkx looks at successors only; see module docstring
            continue
        assert sh.loc[v, "effective_size"] == pytest.approx(esize[v], abs=1e-9)
        assert sh.loc[v, "constraint"] == pytest.approx(cons[v], abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("directed,weighted", [(False, False), (False, True), (True, False), (True, True)])
def test_equals_networkx_on_random_graphs(seed, directed, weighted):
    G = _random_graph(seed, 40, 110, directed=directed, weighted=weighted)
    _assert_matches_networkx(G, "weight" if weighted else None)


def test_unweighted_equals_networkx_default_path():
    # the default (vectorised) networkx path is right for undirected unweighted graphs
    G = _random_graph(7, 60, 200)
    sh = structural_holes(G)
    esize, cons = nx.effective_size(G), nx.constraint(G)
    for v in G:
        if G.degree(v):
            assert sh.loc[v, "effective_size"] == pytest.approx(esize[v])
            assert sh.loc[v, "constraint"] == pytest.approx(cons[v])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 14), st.floats(0.1, 0.9), st.booleans())
def test_property_equals_networkx(seed, n, p, weighted):
    G = nx.gnp_random_graph(n, p, seed=seed)
    rng = random.Random(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = rng.randint(1, 4)
    _assert_matches_networkx(G, "weight" if weighted else None)


def test_hierarchy_matches_definition_on_random_graph():
    # hierarchy recomputed from networkx's local_constraint with Burt's formula
    G = _random_graph(11, 30, 80)
    sh = structural_holes(G)
    for v in G:
        contacts = list(G[v])
        if len(contacts) < 2:
            continue
        local = [nx.local_constraint(G, v, j) for j in contacts]
        mean = sum(local) / len(local)
        expected = sum((c / mean) * math.log(c / mean) for c in local) / (len(local) * math.log(len(local)))
        assert sh.loc[v, "hierarchy"] == pytest.approx(expected, abs=1e-12)


def test_small_memory_blocks_give_same_numbers(monkeypatch):
    G = _random_graph(5, 50, 160, weighted=True)
    full = structural_holes(G, weight="weight")
    monkeypatch.setattr(_sparse, "BLOCK_ENTRIES", 7)  # forces many one- or two-row blocks
    blocked = structural_holes(G, weight="weight")
    np.testing.assert_allclose(blocked.iloc[:, :4].to_numpy(), full.iloc[:, :4].to_numpy(), equal_nan=True)


def test_articulation_points_and_bridges_by_hand(backend):
    # path a-b-c-d: inner actors cut it, every link is a bridge
    P = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    assert articulation_points(P) == ["b", "c"]
    assert bridges(P).values.tolist() == [["a", "b"], ["b", "c"], ["c", "d"]]
    # triangle with pendant: only c, only the pendant link
    T = triangle_with_pendant()
    assert articulation_points(T) == ["c"]
    assert bridges(T).values.tolist() == [["c", "d"]]
    assert list(bridges(nx.cycle_graph(4)).columns) == ["source", "target"]
    assert bridges(nx.cycle_graph(4)).empty


@pytest.mark.parametrize("seed", [1, 2])
def test_articulation_points_and_bridges_equal_networkx(backend, seed):
    G = nx.gnm_random_graph(80, 90, seed=seed)
    assert set(articulation_points(G)) == set(nx.articulation_points(G))
    got = {frozenset(p) for p in bridges(G).values.tolist()}
    assert got == {frozenset(p) for p in nx.bridges(G)}
    D = nx.gnm_random_graph(40, 50, seed=seed, directed=True)
    U = D.to_undirected()
    assert set(articulation_points(D)) == set(nx.articulation_points(U))
    assert {frozenset(p) for p in bridges(D).values.tolist()} == {frozenset(p) for p in nx.bridges(U)}
