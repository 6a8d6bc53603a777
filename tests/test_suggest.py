"""Partner suggestions: the exact order for a case worked out by hand, reasons, brokers."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from clustergraph.analysis.suggest import (
    DEFAULT_WEIGHTS,
    NO_CONTACT,
    providers_to_bring_in,
    resource_allocation_matrix,
    suggest_partners,
    weighted_adamic_adar,
)
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.synthetic import sample_ecosystem


def hand_graph() -> nx.Graph:
    """Firm F (North, food) lacks an education partner; four candidates.

    Edges: F-C, F-H, C-V2, C-U1, H-U1, K-U1, K-U2, K-V2.
    Degrees: C 3, H 2, K 3.  Candidates: V1 (vet, North, food, no links),
    V2 (vet, North, metal), U1 (university, South, food), U2 (university, South, metal).
    """
    G = nx.Graph()
    for n, t, r, s in [
        ("F", "firm", "North", "food"),
        ("H", "firm", "North", "food"),
        ("K", "firm", "South", "metal"),
        ("C", "cluster_org", "North", None),
        ("V1", "vet", "North", "food"),
        ("V2", "vet", "North", "metal"),
        ("U1", "university", "South", "food"),
        ("U2", "university", "South", "metal"),
    ]:
        G.add_node(n, name=f"Name {n}", type=t, region=r, **({"sector": s} if s else {}))
    G.add_edges_from(
        [("F", "C"), ("F", "H"), ("C", "V2"), ("C", "U1"), ("H", "U1"), ("K", "U1"), ("K", "U2"), ("K", "V2")]
    )
    return G


def test_default_order_worked_out_by_hand():
    # Only F lacks an education partner (H has U1, K has U1, U2, V2). No weights: A = 1.
    # AA(F, c) = sum of 1/log(deg w) over shared partners w (deg C 3, H 2):
    #   V1: none -> 0;  V2: {C} -> 1/log 3 = .9102;  U1: {C, H} -> .9102 + 1/log 2 = 2.3529;  U2: 0.
    # network = AA / largest (2.3529): V1 0, V2 .3869, U1 1, U2 0.
    # popularity = partners / most (U1: C, H, K = 3): V1 0, V2 2/3, U1 1, U2 1/3.
    # topic: no programmes or link kinds -> same sector (food): V1 1, U1 1.
    # place: North same region 1; South: every North link abroad goes South -> near 1 -> .5.
    # score = 1 network + 1 popularity + .5 topic + .1 place:
    #   U1 = 1 + 1 + .5 + .05 = 2.55;  V2 = .3869 + .6667 + 0 + .1 = 1.1536;
    #   V1 = 0 + 0 + .5 + .1 = .6;  U2 = 0 + .3333 + 0 + .05 = .3833
    df = suggest_partners(hand_graph(), top=10)
    assert df["firm"].unique().tolist() == ["F"]
    assert df["candidate"].tolist() == ["U1", "V2", "V1", "U2"]
    assert df["rank"].tolist() == [1, 2, 3, 4]
    third = 1 / np.log(3)
    assert df["score"].tolist() == pytest.approx(
        [2.55, third / (third + 1 / np.log(2)) + 2 / 3 + 0.1, 0.6, 0.05 + 1 / 3]
    )
    assert df["adamic_adar"].tolist() == pytest.approx([third + 1 / np.log(2), third, 0, 0])
    assert df["shared_partners"].tolist() == [2, 1, 0, 0]
    assert df["candidate_firms"].tolist() == [2, 1, 0, 1]
    parts = df[["network_score", "popularity_score", "topic_score", "place_score"]].sum(axis=1)
    assert parts.tolist() == pytest.approx(df["score"].tolist())
    assert df[["region", "sector"]].drop_duplicates().values.tolist() == [["North", "food"]]
    assert df["recommended"].all()


def test_reasons_and_ways_in():
    df = suggest_partners(hand_graph(), top=4).set_index("candidate")
    assert (
        df.loc["V1", "reason"] == "no shared partners yet; no firm partner yet; same region (North); same sector (food)"
    )
    # shared partners listed most specific first: H (degree 2) before C (degree 3)
    assert df.loc["U1", "reason"] == (
        "2 shared partners (Name H, Name C); works with 2 firms; neighbouring region (South); same sector (food)"
    )
    # U1: of the shared partners C (brokerage 6) and H (2), H shares F's sector (food): it vouches
    assert df.loc["U1", ["introducer_kind", "broker"]].tolist() == ["shared partner", "H"]
    assert df.loc["V2", ["introducer_kind", "broker"]].tolist() == ["shared partner", "C"]
    # no shared partner: F is a member of the cluster organisation C
    assert df.loc["V1", ["introducer_kind", "broker"]].tolist() == ["cluster organisation", "C"]
    assert df["way_in"].notna().all() and df["way_in"].str.len().gt(0).all()


def test_way_in_falls_back_to_broker_then_a_sentence():
    G = nx.Graph([("f", "g"), ("g", "r"), ("r", "u")])
    G.add_node("lone")
    types = {"f": "firm", "g": "government", "r": "rto", "u": "university", "lone": "firm"}
    nx.set_node_attributes(G, types, "type")
    df = suggest_partners(G).set_index("firm")
    # f - g - r - u: no shared partner, no cluster organisation; g and r lie on the shortest path,
    # r brokers more (g-u two-paths... r: g-u both ways = 2; g: f-r both ways = 2 -> tie, smaller id: g)
    assert df.loc["f", "introducer_kind"] == "broker" and df.loc["f", "broker"] in {"g", "r"}
    assert df.loc["f", "way_in"].endswith("the strongest broker between them")
    assert df.loc["lone", "introducer_kind"] == "none" and df.loc["lone", "broker"] is None
    assert df.loc["lone", "way_in"] == NO_CONTACT and df.loc["lone", "broker_name"] == NO_CONTACT
    assert df["recommended"].all()  # a way in is always stated


def test_spread_no_candidate_first_for_most_firms_of_a_region():
    # 10 firms of R share the hub h with u1, u2, u3; u1 has more partners: first for all without spread
    G = nx.Graph([(f"f{i}", "h") for i in range(10)])
    G.add_edges_from([("h", "u1"), ("h", "u2"), ("h", "u3"), ("u1", "x1"), ("u1", "x2")])
    for n in G:
        G.nodes[n].update(type="firm" if n.startswith("f") else "rto", region="R")
    for u in ("u1", "u2", "u3"):
        G.nodes[u]["type"] = "university"
    df = suggest_partners(G, top=3)
    first = df[df["rank"] == 1]
    assert first["candidate"].value_counts().max() <= 5
    assert first["spread"].sum() == 5 and (first["candidate"] == "u1").sum() == 5
    assert first.loc[first["spread"], "reason"].str.contains("spread introductions").all()
    # the three suggested stay the same for every firm
    assert df.groupby("firm")["candidate"].apply(set).map(len).eq(3).all()
    unspread = suggest_partners(G.subgraph([n for n in G if n not in {"f5", "f6", "f7", "f8", "f9"}]), top=3)
    assert set(unspread.loc[unspread["rank"] == 1, "candidate"]) == {"u1"}  # 5 firms: below the threshold


def test_ties_broken_by_candidate_id():
    # network only: U1 1, V2 .39, then U2 and V1 tie at 0 -> by id: U2 before V1
    w = {"network": 1, "popularity": 0, "topic": 0, "place": 0}
    assert suggest_partners(hand_graph(), top=4, weights=w)["candidate"].tolist() == ["U1", "V2", "U2", "V1"]


def test_weighted_adamic_adar_matches_networkx_without_weights():
    G = nx.gnp_random_graph(40, 0.12, seed=3)
    G = nx.relabel_nodes(G, {n: f"n{n:02d}" for n in G})
    rows, cols = sorted(G)[:15], sorted(G)[15:]
    aa, cn = weighted_adamic_adar(G, rows, cols)
    want = {(u, v): p for u, v, p in nx.adamic_adar_index(G, [(u, v) for u in rows for v in cols])}
    for i, u in enumerate(rows):
        for j, v in enumerate(cols):
            assert aa[i, j] == pytest.approx(want[(u, v)])
            assert cn[i, j] == len(list(nx.common_neighbors(G, u, v)))
    # a strong tie to the shared partner counts more: (A_fw + A_wc) / 2 / log 2 with the median weight 1
    H = nx.Graph()
    H.add_edge("f", "w", weight=3.0)
    H.add_edge("w", "c", weight=1.0)
    H.add_edge("c", "z", weight=1.0)
    assert weighted_adamic_adar(H, ["f"], ["c"])[0][0, 0] == pytest.approx((3 + 1) / 2 / np.log(2))


def test_given_firms_exclude_existing_partners_and_top():
    df = suggest_partners(hand_graph(), top=2, firms=["H", "F"])
    assert df["firm"].tolist() == ["F", "F", "H", "H"]
    assert "U1" not in df.loc[df["firm"] == "H", "candidate"].tolist()
    assert df["rank"].tolist() == [1, 2, 1, 2]


def test_bad_arguments():
    G = hand_graph()
    with pytest.raises(InputError, match="firm 'Z' is not an actor id"):
        suggest_partners(G, firms=["Z"])
    with pytest.raises(InputError, match="at least 1"):
        suggest_partners(G, top=0)
    with pytest.raises(InputError, match="unknown weight"):
        suggest_partners(G, weights={"distance": 1})
    assert DEFAULT_WEIGHTS["network"] == 1.0  # not modified by the calls above


def test_resource_allocation_matrix_matches_networkx():
    G = nx.gnp_random_graph(40, 0.12, seed=3)
    G = nx.relabel_nodes(G, {n: f"n{n:02d}" for n in G})
    rows, cols = sorted(G)[:15], sorted(G)[15:]
    ra, cn = resource_allocation_matrix(G, rows, cols)
    want = {(u, v): p for u, v, p in nx.resource_allocation_index(G, [(u, v) for u in rows for v in cols])}
    got = ra.toarray()
    for i, u in enumerate(rows):
        for j, v in enumerate(cols):
            assert got[i, j] == pytest.approx(want[(u, v)])
            assert cn[i, j] == len(list(nx.common_neighbors(G, u, v)))


def test_sample_navarra_untapped_vet_is_a_provider_to_bring_in_not_everyones_first_introduction():
    G = build_graph(*sample_ecosystem())
    df = suggest_partners(G, top=5, region="Navarra")
    nav_firms = sorted(n for n, d in G.nodes(data=True) if d["type"] == "firm" and d["region"] == "Navarra")
    assert sorted(df["firm"].unique()) == nav_firms
    assert set(df["candidate_type"]) <= {"vet", "university"}
    first = df[df["rank"] == 1]
    assert "NAV-VET1" not in set(first["candidate"])  # linked to nobody: no evidence it will partner
    providers = providers_to_bring_in(G, "Navarra")
    assert "NAV-VET1" in set(providers["id"])
    row = providers.set_index("id").loc["NAV-VET1"]
    assert row["recruiter"] == "NAV-CLU1" and row["reason"].startswith("linked to nobody")
    assert df["reason"].str.len().gt(0).all() and df["way_in"].notna().all()


def test_deterministic_and_directed():
    G = build_graph(*sample_ecosystem())
    a, b = suggest_partners(G), suggest_partners(G)
    assert a.equals(b)
    D = nx.DiGraph(hand_graph())
    D.remove_edge("C", "F")  # F -> C only: still a tie when read undirected
    assert suggest_partners(D, top=4)["candidate"].tolist() == ["U1", "V2", "V1", "U2"]
    assert np.isfinite(a["score"]).all()


# --------------------------------------------------------------------------- time-split protocol


def _advice_benchmark():
    """benchmarks/advice.py as a module (benchmarks/ is not a package)."""
    import importlib.util
    import sys
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "advice.py"
    spec = importlib.util.spec_from_file_location("advice_benchmark", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_time_split_protocol_worked_out_by_hand(tmp_path):
    # P1 2017 f1+u1; P2 2018 f2+r; P3 2018 r+u1; P7 2016 u2 alone  -> input (cut at 2018)
    # P4 2019 f2+u1 (new pair); P5 2019 f1+u1 (known pair); P6 2020 f2+u2 (new pair);
    # P8 2019 f3+u1 (f3 not active up to 2018); P9 2019 f2+u3 (u3 not active)
    # Firms without an education partner at 2018: f2 only.  Truth: {f2: {u1, u2}}.
    bench = _advice_benchmark()
    (tmp_path / "a.csv").write_text(
        "id,name,type,region\nf1,F1,firm,N\nf2,F2,firm,N\nf3,F3,firm,N\nr,R,rto,N\n"
        "u1,U1,university,S\nu2,U2,university,N\nu3,U3,university,N\n"
    )
    projects = [("P1", 2017), ("P2", 2018), ("P3", 2018), ("P4", 2019), ("P5", 2019), ("P6", 2020)]
    projects += [("P7", 2016), ("P8", 2019), ("P9", 2019)]
    (tmp_path / "j.csv").write_text("id,start\n" + "".join(f"{p},{y}-03-01\n" for p, y in projects))
    members = {"P1": "f1 u1", "P2": "f2 r", "P3": "r u1", "P4": "f2 u1", "P5": "f1 u1", "P6": "f2 u2"}
    members |= {"P7": "u2", "P8": "f3 u1", "P9": "f2 u3"}
    (tmp_path / "p.csv").write_text(
        "project,actor\n" + "".join(f"{p},{a}\n" for p, m in members.items() for a in m.split())
    )
    from clustergraph.io.loading import load

    G = load(tmp_path / "a.csv", participations=tmp_path / "p.csv", projects=tmp_path / "j.csv")
    split = bench.time_split(G, 2018)
    assert sorted(split.graph.nodes) == ["f1", "f2", "r", "u1", "u2"]
    assert sorted(split.graph.edges) == [("f1", "u1"), ("f2", "r"), ("r", "u1")]
    assert split.firms == ["f2"] and split.truth == {"f2": {"u1", "u2"}}
    # top-1: most-linked u1 (2 partners) before u2 (0) -> 1 hit of 2;
    # Adamic-Adar: f2-u1 share r (1/log 2), f2-u2 nothing -> u1 -> 1 hit
    assert bench.most_linked(split.graph, split.firms, 1) == {"f2": ["u1"]}
    assert bench.adamic_adar(split.graph, split.firms, 1) == {"f2": ["u1"]}
    assert bench.evaluate({"f2": ["u1"]}, split.truth) == {"hits": 1, "truth": 2, "recall": 0.5, "firms_hit": 1}
    # top-5 names both candidates: every later pair is caught
    assert bench.evaluate(bench.clustergraph_picks(split.graph, split.firms), split.truth)["hits"] == 2
    # every active firm: f1's later project with u1 repeats a known pair, so the truth is unchanged
    every = bench.time_split(G, 2018, all_firms=True)
    assert every.firms == ["f1", "f2"] and every.truth == {"f2": {"u1", "u2"}}
