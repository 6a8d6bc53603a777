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


def _named_by_id(G: nx.Graph) -> nx.Graph:
    for n in G:
        G.nodes[n]["name"] = str(n)  # an action's names are then its ids
    return G


def _picked(action: str, verb: str) -> list:
    assert action.startswith(verb + " ") and " more" not in action
    return action[len(verb) + 1 :].split(", ")


def test_every_move_after_equals_the_whole_network_with_the_links_added():
    """The moves' after is counted from what the links change; here it is measured on the whole
    network with the links added (add_links), and each named actor is checked by a plain walk."""
    from clustergraph.analysis.steps import REACH_TYPES, cluster_orgs, moves_table
    from clustergraph.analysis.whatif import add_links
    from clustergraph.graph import build_graph
    from clustergraph.schema import EDUCATION_TYPES
    from clustergraph.synthetic import generate, sample_ecosystem

    checked = {"regional": 0, "international": 0, "education_partners": 0}
    for G in (build_graph(*sample_ecosystem()), build_graph(*generate(500, seed=3))):
        G = _named_by_id(G)
        sugg = suggest_partners(G)
        table = moves_table(G, sugg, indicators_table=step_indicators(G))
        for c in cluster_orgs(G):
            members = {m for m in G[c] if G.nodes[m]["type"] == "firm"}
            moves = table[table["cluster_org"] == c].set_index("indicator")
            assert moves.equals(step_moves(G, c, sugg).set_index("indicator"))

            def reach(n, members=members, G=G):  # members with n as a partner or a partner's partner
                return sum(1 for m in members if n in G[m] or any(n in G[p] for p in G[m]))

            if "regional_government+rtos" in moves.index:
                row = moves.loc["regional_government+rtos"]
                pick = _picked(row["action"], "link with")
                whole = indicators(add_links(G, [(c, n) for n in pick]), c)
                assert row["after"] == whole["regional_government"] + whole["rtos"]
                local = [
                    n
                    for n in G
                    if G.nodes[n]["type"] in ("government", "rto")
                    and G.nodes[n].get("region") == G.nodes[c].get("region")
                    and n not in G[c]
                ]
                assert set(pick) <= set(local)
                assert min(reach(n) for n in pick) >= max((reach(n) for n in local if n not in pick), default=0)
                checked["regional"] += 1
            if "cluster_orgs_abroad" in moves.index and moves.loc["cluster_orgs_abroad", "action"].startswith(
                "partner"
            ):
                row = moves.loc["cluster_orgs_abroad"]
                best = row["action"][len("partner with ") :]
                whole = indicators(add_links(G, [(c, best)]), c)
                assert row["after"] == whole["cluster_orgs_abroad"] == row["before"] + 1
                checked["international"] += 1
            if "education_partners" in moves.index:
                row = moves.loc["education_partners"]
                pick = _picked(row["action"], "bring in")
                options = {
                    e
                    for m in members
                    for p in [m, *G[m]]
                    for e in G[p]
                    if G.nodes[e]["type"] in EDUCATION_TYPES and e != c and e not in G[c]
                }
                assert set(pick) <= options and REACH_TYPES >= {G.nodes[e]["type"] for e in pick}
                assert min(reach(n) for n in pick) >= max((reach(n) for n in options if n not in pick), default=0)
                checked["education_partners"] += 1
    assert min(checked.values()) >= 3, checked


def test_reach_counts_equal_a_plain_walk_on_random_graphs():
    import random

    from clustergraph.analysis.steps import NeighbourIndex

    types = ["firm", "vet", "university", "rto", "government", "cluster_org"]
    for seed in range(15):
        rnd = random.Random(seed)
        G = nx.gnm_random_graph(60, 150 + 20 * seed, seed=seed)
        hub = 0
        G.add_edges_from((hub, n) for n in range(1, 60, 2))  # a hub above KEEP_FROM in some
        for n in G:
            G.nodes[n]["type"] = rnd.choice(types)
        ix = NeighbourIndex(G)
        ix.KEEP_FROM = 8
        members = [n for n in G if rnd.random() < 0.3]
        for kinds in (["vet", "university"], ["rto", "government"], ["firm", "cluster_org"]):
            options = [n for n in G if G.nodes[n]["type"] in kinds]
            plain = {o: sum(1 for m in members if o in G[m] or any(o in G[p] for p in G[m])) for o in options}
            assert ix.reach_counts(options, members) == plain
            assert all(
                ix.reaches(m, o) == (o in G[m] or any(o in G[p] for p in G[m])) for m in members for o in options
            )
