"""The four steps of a cluster organisation (issue 13): indicators against hand-computed values."""

from __future__ import annotations

import doctest

import networkx as nx

from clustergraph.analysis import steps
from clustergraph.analysis.steps import indicators, step_history, step_indicators, step_moves
from clustergraph.analysis.suggest import suggest_partners


def hand_made() -> nx.Graph:
    """Cluster organisation K (North, NO) with members F1, F2, F3; drawn in the test below."""
    G = nx.Graph()
    actors = {
        "K": ("cluster_org", "North", "NO"),
        "F1": ("firm", "North", "NO"),
        "F2": ("firm", "North", "NO"),
        "F3": ("firm", "North", "NO"),
        "F4": ("firm", "North", "NO"),  # not a member
        "V": ("vet", "North", "NO"),
        "U": ("university", "North", "NO"),
        "U2": ("university", "West", "NO"),
        "G": ("government", "North", "NO"),
        "G2": ("government", "West", "NO"),  # another region's government
        "R": ("rto", "North", "NO"),
        "K2": ("cluster_org", "West", "NO"),
        "KX": ("cluster_org", "Baviera", "DE"),
        "FX": ("firm", "Baviera", "DE"),
        "VX": ("vet", "Navarra", "ES"),
        "KY": ("cluster_org", "Navarra", "ES"),  # not linked: the international move
    }
    for n, (t, r, c) in actors.items():
        G.add_node(n, type=t, region=r, country=c, name=n)
    edges = [
        ("K", "F1", ["membership"], 2019, "regional"),
        ("K", "F2", ["membership"], 2019, "regional"),
        ("K", "F3", ["membership"], 2021, "regional"),
        ("K", "V", ["training"], 2019, "regional"),
        ("K", "U", ["curriculum", "project"], 2021, "regional"),
        ("K", "G", ["funding"], 2019, "regional"),
        ("K", "G2", ["funding"], 2021, "national"),
        ("K", "K2", ["alliance"], 2019, "national"),
        ("K", "KX", ["alliance"], 2021, "international"),
        ("F1", "V", ["internship"], 2019, "regional"),
        ("F1", "U2", ["project"], 2021, "national"),
        ("F2", "FX", ["supply"], 2021, "international"),
        ("F2", "VX", ["training"], 2021, "international"),
        ("F4", "R", ["project"], 2019, "regional"),
        ("KY", "VX", ["alliance"], 2019, "regional"),
    ]
    for u, v, types, year, scope in edges:
        G.add_edge(u, v, types=types, year=year, years=[year], scope=scope, weight=1.0, count=1)
    return G


def test_indicators_by_hand():
    got = indicators(hand_made(), "K")
    assert got == {
        # broaden: members F1, F2, F3; K's education partners V, U; members' V, U2 (F1), VX (F2)
        "members": 3,
        "education_partners": 2,
        "member_education_partners": 3,
        "members_with_education_share": 2 / 3,  # F1 (V, U2) and F2 (VX); F3 none
        # services: K-V training, K-U curriculum
        "service_links": 2,
        # regional: G (North) counts, G2 (West) does not; K2 other cluster org; no RTO linked to K
        "regional_government": 1,
        "other_cluster_orgs": 2,  # K2, KX
        "rtos": 0,
        # international: K-KX, F2-FX, F2-VX; abroad: KX, FX, VX; cluster orgs abroad: KX
        "international_links": 3,
        "partners_abroad": 3,
        "cluster_orgs_abroad": 1,
    }


def test_history_by_hand():
    h = step_history(hand_made())
    k = h[h["cluster_org"] == "K"].set_index(["year", "indicator"])["value"]
    # 2019: members F1, F2; F1-V only; K-V training; G; K2; nothing abroad
    assert k[(2019, "members")] == 2 and k[(2019, "members_with_education_share")] == 0.5
    assert k[(2019, "service_links")] == 1 and k[(2019, "other_cluster_orgs")] == 1
    assert k[(2019, "partners_abroad")] == 0 and k[(2021, "partners_abroad")] == 3
    assert sorted(set(h["year"])) == [2019, 2021]


def test_moves_by_hand():
    G = hand_made()
    moves = step_moves(G, "K", suggest_partners(G)).set_index("indicator")
    assert 3 <= len(moves) <= 5 and moves["reason"].str.len().gt(0).all()
    # F3 is the only member without an education partner: one introduction, share 2/3 -> 1
    broaden = moves.loc["members_with_education_share"]
    assert broaden["step"] == "broaden" and (broaden["before"], broaden["after"]) == (2 / 3, 1.0)
    assert "introduce F3 to" in broaden["action"]
    # education actors the members' partners work with but K does not: U2 (F1's partner) and VX (F2's);
    # one member each, neither in North: VX first (2 links against 1)
    recruit = moves.loc["education_partners"]
    assert recruit["action"] == "bring in VX, U2" and (recruit["before"], recruit["after"]) == (2, 4)
    assert recruit["reason"] == "VX: 1 member already works with it; U2: 1 member already works with it"
    assert "service_links" not in moves.index  # V and U already have a service link
    regional = moves.loc["regional_government+rtos"]
    assert regional["action"] == "link with R" and (regional["before"], regional["after"]) == (1, 2)
    assert moves.loc["cluster_orgs_abroad", "action"] == "partner with KY"
    assert (moves.loc["cluster_orgs_abroad", "before"], moves.loc["cluster_orgs_abroad", "after"]) == (1, 2)
    assert G.number_of_edges() == 15  # the graph itself is not changed


def test_moves_name_the_members_closest_actors_not_every_actor_of_a_kind():
    # K (North) with members F1, F2; five RTOs in North: R1 works with F1 and F2, R2 with a partner of F1
    G = nx.Graph([("K", "F1"), ("K", "F2"), ("F1", "R1"), ("F2", "R1"), ("F1", "P"), ("P", "R2")])
    G.add_nodes_from(["R3", "R4", "R5"])
    types = {"K": "cluster_org", "F1": "firm", "F2": "firm", "P": "firm"}
    for n in G:
        G.nodes[n].update(type=types.get(n, "rto"), region="North", country="NO")
    moves = step_moves(G, "K").set_index("indicator")
    row = moves.loc["regional_government+rtos"]
    assert row["action"] == "link with R1, R2" and row["reason"].endswith("(3 more in North)")
    assert "R1: 2 members already work with it" in row["reason"] and "R2: the partners of 1 member do" in row["reason"]
    # one country only: the international move states the caveat instead of a partner
    assert moves.loc["cluster_orgs_abroad", "reason"] == steps.international_caveat(G).split(":")[0]
    assert "one country (NO)" in moves.loc["cluster_orgs_abroad", "reason"]


def test_long_table_and_doctests():
    t = step_indicators(hand_made())
    assert set(t["cluster_org"]) == {"K", "K2", "KX", "KY"}
    assert len(t) == 4 * len(steps.INDICATORS)
    assert doctest.testmod(steps).failed == 0


def test_report_shows_the_four_steps_and_writes_steps_csv(tmp_path):
    import pandas as pd

    from clustergraph.report import build_report

    G = hand_made()
    html = build_report(G, tmp_path).read_text(encoding="utf-8")
    assert 'id="steps"' in html and "What would move each step" in html
    assert "67%" in html  # K: 2 of 3 members with an education partner
    csv = pd.read_csv(tmp_path / "steps.csv")
    assert set(csv["year"]) == {2019, 2021}
    assert csv.query("cluster_org == 'K' and year == 2021 and indicator == 'partners_abroad'")["value"].tolist() == [3]


def test_moves_on_the_local_part_equal_moves_on_the_whole_network():
    from clustergraph.analysis.steps import cluster_orgs
    from clustergraph.analysis.suggest import recommendations
    from clustergraph.analysis.whatif import add_links
    from clustergraph.graph import build_graph
    from clustergraph.synthetic import sample_ecosystem

    G = build_graph(*sample_ecosystem())
    sugg = suggest_partners(G)
    for c in cluster_orgs(G):
        moves = step_moves(G, c, sugg).set_index("indicator")
        members = {m for m in G[c] if G.nodes[m]["type"] == "firm"}
        rec = recommendations(sugg)
        rec = rec[rec["firm"].isin(members)].sort_values(["rank", "score", "firm"], ascending=[True, False, True])
        rec = rec.drop_duplicates("firm").head(3)
        whole = indicators(add_links(G, list(zip(rec["firm"], rec["candidate"]))), c)
        assert moves.loc["members_with_education_share", "after"] == whole["members_with_education_share"]
