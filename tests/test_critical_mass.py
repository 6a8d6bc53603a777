"""Critical mass per group, type mixing and assortativity, against hand values."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from clustergraph.errors import InputError
from clustergraph.metrics.critical_mass import GROUP_COLUMNS, group_metrics, mixing_matrix, type_assortativity
from clustergraph.schema import ACTOR_TYPES


def _eco():
    """Two regions and an actor without region.

    N: f1, f2 (firm), v1 (vet), g1 (government), r1 (rto)
    S: f3, f4 (firm), u1 (university), c1 (cluster_org); f4 isolated
    (none): x1 (firm)
    Links: N internal f1-f2, f1-v1, v1-g1, g1-r1, r1-f1 (4-cycle f1-v1-g1-r1 + f1-f2)
           S internal u1-f3, c1-u1
           across f2-f3 (N-S), x1-f3 ((none)-S)
    """
    actors = {
        "f1": ("firm", "N"),
        "f2": ("firm", "N"),
        "v1": ("vet", "N"),
        "g1": ("government", "N"),
        "r1": ("rto", "N"),
        "f3": ("firm", "S"),
        "f4": ("firm", "S"),
        "u1": ("university", "S"),
        "c1": ("cluster_org", "S"),
        "x1": ("firm", None),
    }
    G = nx.Graph()
    for a, (t, r) in actors.items():
        G.add_node(a, type=t, **({"region": r} if r else {}))
    G.add_edges_from(
        [
            ("f1", "f2"),
            ("f1", "v1"),
            ("v1", "g1"),
            ("g1", "r1"),
            ("r1", "f1"),
            ("u1", "f3"),
            ("c1", "u1"),
            ("f2", "f3"),
            ("x1", "f3"),
        ]
    )
    return G


def _row(df, group):
    rows = df[df["group"] == group]
    assert len(rows) == 1, group
    return rows.iloc[0]


def test_columns_and_order():
    df = group_metrics(_eco())
    assert tuple(df.columns) == GROUP_COLUMNS
    assert list(df.columns[2:9]) == [f"n_{t}" for t in ACTOR_TYPES]
    # sorted by name: "(" sorts before letters
    assert df["group"].tolist() == ["(none)", "N", "S"]


def test_region_north_by_hand():
    r = _row(group_metrics(_eco()), "N")
    assert r["n_actors"] == 5
    assert [r[f"n_{t}"] for t in ACTOR_TYPES] == [2, 1, 0, 1, 1, 0, 0]
    assert r["links_internal"] == 5
    assert r["links_external"] == 1  # f2-f3
    assert r["density"] == pytest.approx(5 / 10)  # 5 of C(5,2) = 10 pairs
    assert r["lcc_share"] == pytest.approx(1.0)  # all five connected
    # Core numbers in the whole graph: peeling degree-1 actors removes x1, c1, then
    # u1, f3, f2 (core 1); the 4-cycle f1-v1-g1-r1 is the 2-core; f4 has core 0.
    # N: (2 + 2 + 2 + 2 + 1) / 5 = 1.8
    assert r["mean_core"] == pytest.approx(1.8)
    # type shares 2/5, 1/5, 1/5, 1/5
    assert r["shannon_diversity"] == pytest.approx(-(0.4 * math.log(0.4) + 3 * 0.2 * math.log(0.2)))
    assert r["blau_index"] == pytest.approx(1 - (0.16 + 3 * 0.04))  # 0.72
    # firm, education (v1), research (r1), government (g1) all present; cross-helix
    # links inside N: f1-v1 (industry, education), r1-f1 (research), g1-v1 (government)
    assert bool(r["helix_complete"]) is True
    # f1 has the vet neighbour v1, f2 has none: 1/2
    assert r["firms_with_education_share"] == pytest.approx(0.5)
    # links touching N: f1-f2 I, f1-v1 E, v1-g1 E, g1-r1 E, r1-f1 E, f2-f3 I
    # E = 4, I = 2: (4 - 2) / 6
    assert r["ei_index"] == pytest.approx(1 / 3)


def test_region_south_by_hand():
    r = _row(group_metrics(_eco()), "S")
    assert r["n_actors"] == 4
    assert [r[f"n_{t}"] for t in ACTOR_TYPES] == [2, 0, 1, 0, 0, 1, 0]
    assert r["links_internal"] == 2  # u1-f3, c1-u1
    assert r["links_external"] == 2  # f2-f3, x1-f3
    assert r["density"] == pytest.approx(2 / 6)
    assert r["lcc_share"] == pytest.approx(3 / 4)  # {f3, u1, c1}; f4 alone
    assert r["mean_core"] == pytest.approx((1 + 1 + 1 + 0) / 4)
    # shares 1/2, 1/4, 1/4: H = 0.5 ln 2 + 2 * 0.25 ln 4 = 1.5 ln 2
    assert r["shannon_diversity"] == pytest.approx(1.5 * math.log(2))
    assert r["blau_index"] == pytest.approx(1 - (0.25 + 2 * 0.0625))
    assert bool(r["helix_complete"]) is False  # no government
    assert r["firms_with_education_share"] == pytest.approx(0.5)  # f3 (u1) yes, f4 no
    # u1-f3 E, c1-u1 E, f2-f3 I, x1-f3 I: (2 - 2) / 4
    assert r["ei_index"] == pytest.approx(0.0)


def test_group_without_attribute_by_hand():
    r = _row(group_metrics(_eco()), "(none)")
    assert r["n_actors"] == 1 and r["n_firm"] == 1
    assert r["links_internal"] == 0 and r["links_external"] == 1
    assert math.isnan(r["density"])  # fewer than 2 actors
    assert r["lcc_share"] == pytest.approx(1.0)
    assert r["mean_core"] == pytest.approx(1.0)
    assert r["shannon_diversity"] == pytest.approx(0.0)
    assert r["blau_index"] == pytest.approx(0.0)
    assert r["firms_with_education_share"] == pytest.approx(0.0)
    assert r["ei_index"] == pytest.approx(-1.0)  # its one link is firm-firm


def test_by_type_is_classic_ei_index():
    df = group_metrics(_eco(), by="type")
    assert df["group"].tolist() == sorted(set(ACTOR_TYPES) - {"other"})  # the types present
    firm = _row(df, "firm")
    # firms f1..f4, x1; firm-firm links f1-f2, f2-f3, x1-f3 (I = 3);
    # firm-other links f1-v1, r1-f1, u1-f3 (E = 3)
    assert firm["links_internal"] == 3 and firm["links_external"] == 3
    assert firm["ei_index"] == pytest.approx(0.0)
    assert firm["density"] == pytest.approx(3 / 10)
    assert _row(df, "vet")["ei_index"] == pytest.approx(1.0)
    assert math.isnan(_row(df, "vet")["density"])


def test_by_region_type_pairs():
    df = group_metrics(_eco(), by="region-type")
    assert "N / firm" in set(df["group"]) and "(none) / firm" in set(df["group"])
    nf = _row(df, "N / firm")
    assert (nf["n_actors"], nf["links_internal"], nf["density"]) == (2, 1, 1.0)
    sf = _row(df, "S / firm")  # f3, f4: not linked to each other
    assert (sf["links_internal"], sf["density"], sf["lcc_share"]) == (0, 0.0, 0.5)
    assert len(df) == 8  # N: 4 types, S: 3, (none): 1


def test_by_community_and_any_attribute():
    G = _eco()
    comm = {v: (0 if v in ("f1", "f2", "v1") else 1) for v in G if v != "x1"}
    df = group_metrics(G, by="community", communities=comm)
    assert df["group"].tolist() == [0, 1, "(none)"]  # numbers before text
    c0 = _row(df, 0)
    assert (c0["n_actors"], c0["links_internal"], c0["links_external"]) == (3, 2, 3)
    with pytest.raises(InputError):
        group_metrics(G, by="community")
    nx.set_node_attributes(G, {"f1": "a", "f2": "a"}, "sector")
    df = group_metrics(G, by="sector")
    assert df["group"].tolist() == ["(none)", "a"]
    assert _row(df, "a")["density"] == pytest.approx(1.0)


def test_helix_needs_cross_helix_links():
    # All four helices present, but government is tied only to the cluster
    # organisation, which belongs to no helix: not complete.
    G = nx.Graph([("f", "v"), ("f", "r"), ("g", "c")])
    nx.set_node_attributes(G, {"f": "firm", "v": "vet", "r": "rto", "g": "government", "c": "cluster_org"}, "type")
    nx.set_node_attributes(G, "R", "region")
    assert bool(group_metrics(G).loc[0, "helix_complete"]) is False
    G.add_edge("g", "f")
    assert bool(group_metrics(G).loc[0, "helix_complete"]) is True
    # A university alone covers education and research.
    H = nx.Graph([("f", "u"), ("g", "f")])
    nx.set_node_attributes(H, {"f": "firm", "u": "university", "g": "government"}, "type")
    assert bool(group_metrics(H, by="nothing").loc[0, "helix_complete"]) is True
    # ... but the link must be inside the group: move g to another region.
    nx.set_node_attributes(H, {"f": "A", "u": "A", "g": "B"}, "region")
    assert not group_metrics(H)["helix_complete"].any()


def test_directed_density_and_components():
    # a -> b, b -> a, b -> c in one group of 3: 3 arcs of 3*2 = 6 possible;
    # weakly connected, so lcc_share 1.
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    nx.set_node_attributes(G, "firm", "type")
    r = group_metrics(G, by="type").iloc[0]
    assert r["links_internal"] == 3 and r["density"] == pytest.approx(0.5)
    assert r["lcc_share"] == pytest.approx(1.0)
    assert r["ei_index"] == pytest.approx(-1.0)


def test_mixing_matrix_undirected_by_hand():
    G = _eco()
    M = mixing_matrix(G)
    assert list(M.index) == list(ACTOR_TYPES) and list(M.columns) == list(ACTOR_TYPES)
    # firm-firm: f1-f2, f2-f3, x1-f3 -> 3 on the diagonal (once each)
    assert M.loc["firm", "firm"] == 3
    # firm-vet: f1-v1; firm-rto: r1-f1; firm-university: u1-f3
    assert M.loc["firm", "vet"] == M.loc["vet", "firm"] == 1
    assert M.loc["firm", "university"] == M.loc["rto", "firm"] == 1
    assert M.loc["vet", "government"] == M.loc["government", "rto"] == 1
    assert M.loc["university", "cluster_org"] == 1
    assert (M.values == M.values.T).all()
    # each link appears once in the upper triangle including the diagonal
    assert np.triu(M.values).sum() == G.number_of_edges()


def test_mixing_matrix_directed_weighted_and_other_attribute():
    G = nx.DiGraph()
    G.add_node("a", type="firm", region="N")
    G.add_node("b", type="vet", region="S")
    G.add_node("c", type="firm")
    G.add_edge("a", "b", weight=2.5)
    G.add_edge("b", "c", weight=1.0)
    G.add_edge("c", "a")  # no weight: counts 1
    M = mixing_matrix(G)
    assert M.loc["firm", "vet"] == 1 and M.loc["vet", "firm"] == 1
    assert M.loc["firm", "firm"] == 1 and M.values.sum() == 3
    W = mixing_matrix(G, weight="weight")
    assert W.loc["firm", "vet"] == 2.5 and W.loc["firm", "firm"] == 1.0
    R = mixing_matrix(G, attribute="region")
    assert list(R.index) == ["N", "S", "(none)"]
    assert R.loc["N", "S"] == 1 and R.loc["S", "(none)"] == 1 and R.loc["(none)", "N"] == 1


def test_type_assortativity_by_hand():
    # f1-f2, f3-f4, f4-v1. Mixing fractions over both link directions (2m = 6):
    # e_ff = 4/6, e_fv = e_vf = 1/6; a_f = 5/6, a_v = 1/6, sum a^2 = 26/36.
    # r = (4/6 - 26/36) / (1 - 26/36) = (-2/36) / (10/36) = -0.2
    G = nx.Graph([("f1", "f2"), ("f3", "f4"), ("f4", "v1")])
    nx.set_node_attributes(G, "firm", "type")
    G.nodes["v1"]["type"] = "vet"
    assert type_assortativity(G) == pytest.approx(-0.2)
    # firm - vet - firm: e_ff = e_vv = 0, a_f = a_v = 1/2: r = (0 - 1/2) / (1/2) = -1
    P = nx.Graph([("f1", "v"), ("v", "f2")])
    nx.set_node_attributes(P, {"f1": "firm", "f2": "firm", "v": "vet"}, "type")
    assert type_assortativity(P) == pytest.approx(-1.0)


def test_type_assortativity_degenerate():
    G = nx.Graph()
    G.add_nodes_from(["a", "b"], type="firm")
    assert math.isnan(type_assortativity(G))  # no links
    G.add_edge("a", "b")
    assert math.isnan(type_assortativity(G))  # one type only
    G.add_edge("a", "c")  # c has no type -> "(none)"
    # e_{f,f} = 2/4, e_{f,n} = e_{n,f} = 1/4; a_f = 3/4, a_n = 1/4, sum a^2 = 10/16
    # r = (2/4 - 10/16) / (6/16) = -1/3
    assert type_assortativity(G) == pytest.approx(-1 / 3)


def test_empty_graph():
    df = group_metrics(nx.Graph())
    assert tuple(df.columns) == GROUP_COLUMNS and len(df) == 0
    assert mixing_matrix(nx.Graph()).shape == (7, 7)
    assert math.isnan(type_assortativity(nx.Graph()))
