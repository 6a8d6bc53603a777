"""Gould-Fernandez brokerage roles: hand-computed cases and a reference loop."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest

from clustergraph.metrics import _sparse
from clustergraph.metrics.brokerage import ROLES, brokerage_roles

COUNT_COLS = list(ROLES) + ["total"]


def _digraph(arcs, groups):
    G = nx.DiGraph()
    G.add_nodes_from(groups)  # fixes node order
    G.add_edges_from(arcs)
    for v, g in groups.items():
        if g is not None:
            G.nodes[v]["type"] = g
    return G


# ---------------------------------------------------------------- canonical cases
# One directed two-path a -> v -> c (no a -> c): v brokers exactly one ordered
# two-path; its role is set by the groups of a, v, c.
@pytest.mark.parametrize(
    "ga, gv, gc, role",
    [
        ("X", "X", "X", "coordinator"),
        ("X", "Y", "X", "itinerant"),
        ("X", "X", "Y", "representative"),
        ("X", "Y", "Y", "gatekeeper"),
        ("X", "Y", "Z", "liaison"),
    ],
)
def test_canonical_configurations(ga, gv, gc, role):
    G = _digraph([("a", "v"), ("v", "c")], {"a": ga, "v": gv, "c": gc})
    df = brokerage_roles(G)
    expected = {r: 0 for r in ROLES}
    expected[role] = 1
    assert df.loc["v", list(ROLES)].to_dict() == expected
    assert df.loc["v", "total"] == 1
    # the endpoints broker nothing
    assert (df.loc[["a", "c"], COUNT_COLS] == 0).all().all()


def test_closed_triad_is_not_brokerage():
    # a -> v -> c with a -> c: v is not needed.
    G = _digraph([("a", "v"), ("v", "c"), ("a", "c")], {"a": "X", "v": "Y", "c": "Z"})
    assert brokerage_roles(G)["total"].sum() == 0
    # but c -> a instead of a -> c does not close a -> v -> c
    G = _digraph([("a", "v"), ("v", "c"), ("c", "a")], {"a": "X", "v": "Y", "c": "Z"})
    df = brokerage_roles(G)
    # every node now brokers one two-path of the directed 3-cycle, all liaison
    assert df["liaison"].tolist() == [1, 1, 1]
    assert df["total"].tolist() == [1, 1, 1]


def test_reciprocated_tie_is_not_a_two_path():
    # a <-> v: a -> v -> a has a == c and must not count.
    G = _digraph([("a", "v"), ("v", "a")], {"a": "X", "v": "X"})
    assert brokerage_roles(G)["total"].tolist() == [0, 0]


def test_missing_attribute_forms_group_none():
    # a and c lack the attribute -> both in "(none)", v in X: itinerant.
    G = _digraph([("a", "v"), ("v", "c")], {"a": None, "v": "X", "c": None})
    assert brokerage_roles(G).loc["v", "itinerant"] == 1
    # groups dict: nodes missing from it are "(none)" too; here a, v = "(none)".
    df = brokerage_roles(G, groups={"c": "X"})
    assert df.loc["v", "representative"] == 1


def test_attribute_option():
    G = _digraph([("a", "v"), ("v", "c")], {"a": "X", "v": "X", "c": "X"})
    nx.set_node_attributes(G, {"a": "north", "v": "south", "c": "east"}, "region")
    assert brokerage_roles(G)["coordinator"].tolist() == [0, 1, 0]
    assert brokerage_roles(G, attribute="region")["liaison"].tolist() == [0, 1, 0]


# ---------------------------------------------------------------- hand examples
def test_undirected_star_by_hand():
    # Hub h (X) with leaves l1, l2 (X), l3, l5 (Y), l4 (Z); no leaf-leaf links.
    # Each unordered leaf pair is two ordered two-paths (both directions), 20 in all:
    #   coordinator   (l1,l2),(l2,l1)                                   = 2
    #   itinerant     (l3,l5),(l5,l3)                                   = 2
    #   representative a in {l1,l2}, c in {l3,l4,l5}: 2*3               = 6
    #   gatekeeper     the reverses of the representative paths         = 6
    #   liaison        a in {l3,l5}, c = l4 and reverse: 2*2            = 4
    G = nx.Graph([("h", x) for x in ("l1", "l2", "l3", "l4", "l5")])
    nx.set_node_attributes(G, {"h": "X", "l1": "X", "l2": "X", "l3": "Y", "l5": "Y", "l4": "Z"}, "type")
    df = brokerage_roles(G)
    assert df.loc["h", COUNT_COLS].tolist() == [2, 2, 6, 6, 4, 20]
    assert (df.drop(index="h")[COUNT_COLS] == 0).all().all()
    # Linking l1 - l3 closes (l1,l3) (a representative path at h) and (l3,l1)
    # (a gatekeeper path). l1's only pair (h, l3) is linked, so l1 brokers
    # nothing; likewise l3.
    G.add_edge("l1", "l3")
    df = brokerage_roles(G)
    assert df.loc["h", COUNT_COLS].tolist() == [2, 2, 5, 5, 4, 18]
    assert df.loc["l1", "total"] == 0 and df.loc["l3", "total"] == 0


def test_directed_several_groups_by_hand():
    # Groups F = {f1, f2, f3}, E = {e1}, R = {r1}. Arcs:
    #   f1->e1, e1->f2, f2->e1, e1->r1, f1->r1, r1->f1, f2->f3, f3->f1
    # f1: in {r1, f3}, out {e1, r1}
    #     (r1,e1) open R,F,E liaison; (r1,r1) a == c;
    #     (f3,e1) open F,F,E representative; (f3,r1) open F,F,R representative
    # f2: in {e1}, out {e1, f3}: (e1,e1) a == c; (e1,f3) open E,F,F gatekeeper
    # f3: in {f2}, out {f1}: (f2,f1) open F,F,F coordinator
    # e1: in {f1, f2}, out {f2, r1}: (f1,f2) open F,E,F itinerant;
    #     (f1,r1) closed by f1->r1; (f2,f2) a == c; (f2,r1) open F,E,R liaison
    # r1: in {e1, f1}, out {f1}: (e1,f1) open E,R,F liaison; (f1,f1) a == c
    arcs = [
        ("f1", "e1"),
        ("e1", "f2"),
        ("f2", "e1"),
        ("e1", "r1"),
        ("f1", "r1"),
        ("r1", "f1"),
        ("f2", "f3"),
        ("f3", "f1"),
    ]
    groups = {"f1": "F", "f2": "F", "f3": "F", "e1": "E", "r1": "R"}
    G = _digraph(arcs, groups)
    expected = {  # coordinator, itinerant, representative, gatekeeper, liaison, total
        "f1": [0, 0, 2, 0, 1, 3],
        "f2": [0, 0, 0, 1, 0, 1],
        "f3": [1, 0, 0, 0, 0, 1],
        "e1": [0, 1, 0, 0, 1, 2],
        "r1": [0, 0, 0, 0, 1, 1],
    }
    for df in (brokerage_roles(G), brokerage_roles(G, attribute="nothing", groups=groups)):
        assert list(df.index) == list(groups)
        assert df.index.name == "id"
        for v, row in expected.items():
            assert df.loc[v, COUNT_COLS].tolist() == row, v


def test_columns_and_dtypes():
    G = _digraph([("a", "v"), ("v", "c")], {"a": "X", "v": "Y", "c": "Z"})
    df = brokerage_roles(G)
    assert list(df.columns) == COUNT_COLS + [c + "_z" for c in COUNT_COLS]
    assert all(df[c].dtype == np.int64 for c in COUNT_COLS)
    assert brokerage_roles(nx.Graph()).shape == (0, 12)


# ---------------------------------------------------------------- z-scores by hand
def test_z_scores_directed_path_one_group():
    # a -> v -> c, one group of N = 3. m = 2 arcs, d = 2 / (3*2) = 1/3,
    # p = d^2 (1-d) = 2/27, q = d^3 (1-d)^3 = 8/729.
    # Coordinator, n_i = 3: E = p (n_i-1)(n_i-2) = 4/27,
    #   V = E (1-p) + 2 (2)(1)(0) q = 4/27 * 25/27 = 100/729, sd = 10/27.
    #   v: z = (1 - 4/27) / (10/27) = 23/10 = 2.3;  a, c: z = -4/10 = -0.4.
    # Total: E = p (N-1)(N-2) = 4/27, V = 100/729 + 2*2*1*0*q: same numbers.
    # Itinerant/liaison/representative: no other group -> E = V = 0 -> NaN.
    G = _digraph([("a", "v"), ("v", "c")], {"a": "X", "v": "X", "c": "X"})
    df = brokerage_roles(G)
    assert df.loc["v", "coordinator_z"] == pytest.approx(2.3)
    assert df.loc["a", "coordinator_z"] == pytest.approx(-0.4)
    assert df.loc["v", "total_z"] == pytest.approx(2.3)
    assert math.isnan(df.loc["v", "itinerant_z"])
    assert math.isnan(df.loc["v", "liaison_z"])


def test_z_scores_two_groups():
    # a -> v -> c, a, v in X (n_i = 2), c in Y. N = 3, d = 1/3, p = 2/27, q = 8/729.
    # Representative for v: E = p (N-n_i)(n_i-1) = 2/27,
    #   V = E (1-p) + 2 ((n_i-1) C(N-n_i,2) + (N-n_i) C(n_i-1,2)) q
    #     = 2/27 * 25/27 + 2 (1*0 + 1*0) q = 50/729,
    #   z = (1 - 2/27) / (sqrt(50)/27) = 25 / sqrt(50) = sqrt(12.5).
    # Gatekeeper has the same moments, observed 0: z = -2/sqrt(50).
    # Itinerant for c (group Y, n_i = 1): E = p * 2*1 = 4/27, V = 100/729 + 2*2*1*0*q,
    #   observed 0: z = -0.4.
    G = _digraph([("a", "v"), ("v", "c")], {"a": "X", "v": "X", "c": "Y"})
    df = brokerage_roles(G)
    assert df.loc["v", "representative_z"] == pytest.approx(math.sqrt(12.5))
    assert df.loc["v", "gatekeeper_z"] == pytest.approx(-2 / math.sqrt(50))
    assert df.loc["c", "itinerant_z"] == pytest.approx(-0.4)


def test_z_scores_undirected_use_the_undirected_null():
    # Undirected a - v - c, one group, N = 3: m = 2 links of C(3, 2) = 3 pairs,
    # d = 2/3, p = d^2 (1-d) = 4/27. v brokers a->v->c and c->v->a: 2.
    # Undirected null: one pair {a, c} (|S| = 1, s_a = 1, no covariance term),
    # w = 2: E = 2 p = 8/27, V = 4 p (1-p) = 4 * 4/27 * 23/27 = 368/729,
    # z = (2 - 8/27) / (sqrt(368)/27) = 46 / sqrt(368) = sqrt(5.75)
    # (sna's arc-independent model would give V = 184/729 and sqrt(11.5)).
    G = nx.Graph([("a", "v"), ("v", "c")])
    nx.set_node_attributes(G, "X", "type")
    df = brokerage_roles(G)
    assert df.loc["v", "coordinator"] == 2
    assert df.loc["v", "coordinator_z"] == pytest.approx(math.sqrt(5.75))
    assert df.loc["a", "coordinator_z"] == pytest.approx(-(8 / 27) / (math.sqrt(368) / 27))


def test_z_scores_undirected_representative_keeps_sna_variance():
    # Undirected a - v - c, a and v in X, c in Y: d = 2/3, p = 4/27, q = d^3 (1-d)^3 = 8/729.
    # Representative of v: |S| = (n_i-1)(N-n_i) = 1, w = 1: E = 4/27,
    # V = p (1-p) = 92/729; observed 1 (a->v->c): z = (23/27) / (sqrt(92)/27) = 23/sqrt(92).
    G = nx.Graph([("a", "v"), ("v", "c")])
    nx.set_node_attributes(G, {"a": "X", "v": "X", "c": "Y"}, "type")
    df = brokerage_roles(G)
    assert df.loc["v", "representative_z"] == pytest.approx(23 / math.sqrt(92))
    assert df.loc["v", "gatekeeper_z"] == pytest.approx(23 / math.sqrt(92))


@pytest.mark.parametrize("directed", [False, True])
def test_z_scores_are_calibrated_on_random_graphs(directed):
    """Null calibration: on 200 Bernoulli random graphs of the right kind (undirected
    G(N, d) / directed arc-independent), each role's z-scores have SD within 0.9-1.1."""
    rng = np.random.default_rng(2026)
    n = 20
    zs = []
    for _ in range(200):
        upper = np.triu(rng.random((n, n)) < 0.25, 1)
        adj = (rng.random((n, n)) < 0.25) & ~np.eye(n, dtype=bool) if directed else upper | upper.T
        G = nx.from_numpy_array(adj.astype(int), create_using=nx.DiGraph if directed else nx.Graph)
        groups = dict(enumerate(rng.choice(list("ABCD"), size=n)))
        zs.append(brokerage_roles(G, groups=groups).filter(like="_z").to_numpy())
    sd = np.nanstd(np.vstack(zs), axis=0)
    assert ((sd > 0.9) & (sd < 1.1)).all(), dict(zip(COUNT_COLS, sd.round(3)))


# ---------------------------------------------------------------- reference loop
def _reference(G, label):
    """Straightforward loop over every broker and every pair of its neighbours."""
    D = G if G.is_directed() else G.to_directed()
    out = {}
    for v in D:
        counts = dict.fromkeys(COUNT_COLS, 0)
        for a in D.predecessors(v):
            for c in D.successors(v):
                if a == c or a == v or c == v or D.has_edge(a, c):
                    continue
                ga, gv, gc = label(a), label(v), label(c)
                if ga == gv == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "itinerant"
                elif ga == gv:
                    role = "representative"
                elif gv == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[role] += 1
                counts["total"] += 1
        out[v] = [counts[c] for c in COUNT_COLS]
    return out


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("n, p, seed", [(6, 0.5, 1), (15, 0.3, 2), (40, 0.12, 3), (80, 0.06, 4), (120, 0.2, 5)])
def test_matches_reference_loop(n, p, seed, directed):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, {i: f"n{i}" for i in G})
    for v in G:
        g = rng.choice(["firm", "vet", "rto", "government", None])
        if g is not None:
            G.nodes[v]["type"] = g
    G.add_edge("n0", "n0")  # a self-loop must be ignored
    df = brokerage_roles(G)
    ref = _reference(G, lambda x: G.nodes[x].get("type", "(none)"))
    assert {v: df.loc[v, COUNT_COLS].tolist() for v in G} == ref
    if not directed:
        assert (df["gatekeeper"] == df["representative"]).all()


def test_row_blocks_give_same_counts(monkeypatch):
    # Force the memory-bounded row-block path and compare with the one-shot product.
    G = nx.gnp_random_graph(60, 0.15, seed=7, directed=True)
    rng = random.Random(7)
    groups = {v: rng.choice("ABC") for v in G}
    whole = brokerage_roles(G, groups=groups)
    monkeypatch.setattr(_sparse, "BLOCK_ENTRIES", 5)
    blocks = brokerage_roles(G, groups=groups)
    assert (whole[COUNT_COLS] == blocks[COUNT_COLS]).all().all()
    ref = _reference(G, groups.get)
    assert {v: blocks.loc[v, COUNT_COLS].tolist() for v in G} == ref


@pytest.mark.parametrize("directed", [False, True])
def test_many_groups_match_reference_loop(directed):
    # One group per actor except a few shared ones: mostly liaison, some itinerant.
    G = nx.gnp_random_graph(50, 0.15, seed=11, directed=directed)
    groups = {v: (v % 3 if v < 9 else f"g{v}") for v in G}
    df = brokerage_roles(G, groups=groups)
    assert {v: df.loc[v, COUNT_COLS].tolist() for v in G} == _reference(G, groups.get)
    assert df["liaison"].sum() > 0 and df["itinerant"].sum() > 0
