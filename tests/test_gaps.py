"""Gap analysis on hand-built graphs: exactly which actors and groups are flagged, and why."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

import clustergraph
import clustergraph.analysis.gaps as gaps_module
from clustergraph.analysis.gaps import cluster_org_gaps, find_gaps, fragile_actors
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.synthetic import sample_ecosystem, write_sample


def two_regions() -> nx.Graph:
    """North (connected, has education) and South (no firm-education tie).

    North: C cluster_org, G1 government, F1 F2 F3 firms (food), V vet (food), V2 vet.
        C-F1, C-F2, C-G1, C-V, F1-V, F2-F3, F1-V2
    South: F5 F6 F7 firms (metal), R rto, W vet (metal), X university.
        F5-R, F6-R, R-X; W and F7 have no links.
    """
    G = nx.Graph()
    actors = {
        "C": ("cluster_org", "North", None),
        "G1": ("government", "North", None),
        "F1": ("firm", "North", "food"),
        "F2": ("firm", "North", "food"),
        "F3": ("firm", "North", "food"),
        "V": ("vet", "North", "food"),
        "V2": ("vet", "North", None),
        "F5": ("firm", "South", "metal"),
        "F6": ("firm", "South", "metal"),
        "F7": ("firm", "South", "metal"),
        "R": ("rto", "South", None),
        "W": ("vet", "South", "metal"),
        "X": ("university", "South", None),
    }
    for n, (t, r, s) in actors.items():
        G.add_node(n, name=f"Name {n}", type=t, region=r, **({"sector": s} if s else {}))
    G.add_edges_from(
        [
            ("C", "F1"),
            ("C", "F2"),
            ("C", "G1"),
            ("C", "V"),
            ("F1", "V"),
            ("F2", "F3"),
            ("F1", "V2"),
            ("F5", "R"),
            ("F6", "R"),
            ("R", "X"),
        ]
    )
    return G


def test_firms_without_education_direct_and_within_two():
    r = find_gaps(two_regions(), communities=False)
    # F1 has V; F2 reaches V via C; F3's only neighbour F2 has no education partner;
    # F5 and F6 reach X via R; F7 has no links.
    assert r.firms[["id", "no_education_within_2"]].values.tolist() == [
        ["F2", False],
        ["F3", True],
        ["F5", False],
        ["F6", False],
        ["F7", True],
    ]
    assert r.firms["no_direct_education"].all()
    reasons = dict(zip(r.firms["id"], r.firms["reason"]))
    assert reasons["F2"] == "no direct VET/university partner; two steps away: V (Name V) via C (Name C)"
    assert reasons["F7"].endswith("no links at all")
    assert reasons["F3"] == "no VET/university partner within two steps"


def test_groups_flagged_exactly():
    r = find_gaps(two_regions(), communities=False)
    assert r.groups[["by", "group", "issue"]].values.tolist() == [
        ["region", "North", "no_research"],  # only VET providers: no rto/university
        ["region", "South", "no_education_partner"],  # F5, F6, F7: no education tie
        ["region", "South", "untapped_education"],  # W (no link), X (tie only to R)
        ["region", "South", "no_government"],
        ["region", "South", "no_cluster_org"],
        ["sector", "metal", "no_education_partner"],  # food has F1 - V
    ]
    south = r.groups.iloc[1]
    assert (south.n_actors, south.n_firms, south.n_education, south.firms_with_education) == (6, 3, 2, 0)
    assert "W (Name W)" in south.detail and "X (Name X)" in south.detail
    assert r.groups.iloc[2].detail == "W (Name W): linked to nobody; X (Name X): 1 link but none to a firm"
    assert r.untapped[["id", "n_links", "reason"]].values.tolist() == [
        ["W", 0, "linked to nobody"],
        ["X", 1, "1 link but none to a firm"],
    ]


def test_community_groups_use_given_partition_and_skip_small_ones():
    comm = {n: 0 for n in ["C", "F1", "F2", "F3", "G1", "V", "V2"]}
    comm.update({"F5": 1, "F6": 1, "R": 1, "X": 1, "W": 2, "F7": 3})
    r = find_gaps(two_regions(), communities=comm)
    got = r.groups[r.groups["by"] == "community"][["group", "issue"]].values.tolist()
    # community 0: no rto/university; community 1: F5, F6 lack education (X is in it), no
    # government, no cluster org; communities 2 and 3 have one actor each: skipped
    assert got == [[0, "no_research"], [1, "no_education_partner"], [1, "no_government"], [1, "no_cluster_org"]]


def test_fragile_kinds_and_brokers():
    f = fragile_actors(two_regions()).fillna({"broker": ""})
    # Main network = North (7 actors); its core is the triangle C-F1-V.
    # F2 reaches the core only via C; F3 hangs on F2; G1 on C; V2 on F1.
    # South's 4 linked actors form a separate group; W and F7 have no links.
    # C is the cluster organisation: F2 and G1 hanging off it are its load, not fragile.
    assert f[["id", "kind", "broker"]].values.tolist() == [
        ["F3", "pendant", "F2"],
        ["F5", "detached", ""],
        ["F6", "detached", ""],
        ["F7", "isolated", ""],
        ["R", "detached", ""],
        ["V2", "pendant", "F1"],
        ["W", "isolated", ""],
        ["X", "detached", ""],
    ]


def test_fragile_names_nearest_broker():
    # Two triangles A-B-C and D-E-F joined by the bridge C-D. Both blocks have 3 actors;
    # the core is the one with the smallest id (A-B-C). Every path from E or F to the core
    # passes through D and C; the nearest cut point, D, is named. D itself hangs on C.
    G = nx.Graph([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "D")])
    f = fragile_actors(G)
    assert f[["id", "kind", "broker"]].values.tolist() == [
        ["D", "single_broker", "C"],
        ["E", "single_broker", "D"],
        ["F", "single_broker", "D"],
    ]


def test_fragile_reads_directed_graphs_undirected():
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")])
    assert fragile_actors(G)[["id", "kind", "broker"]].values.tolist() == [["d", "pendant", "a"]]


def test_cluster_org_gaps():
    c = cluster_org_gaps(two_regions(), "C")
    # C's firm members: F1 (has V) and F2 (none). North's education actors: V (linked to C)
    # and V2 (not linked to C; partner of F1).
    assert c[["kind", "id"]].values.tolist() == [["member_without_education", "F2"], ["unlinked_education", "V2"]]
    assert c.iloc[1].detail == "in North but not linked to C (Name C); partner of 1 firm"
    with pytest.raises(InputError, match="'nope' is not an actor id"):
        cluster_org_gaps(two_regions(), "nope")
    with pytest.raises(InputError, match="is a firm, not a cluster organisation"):
        find_gaps(two_regions(), cluster_org="F1", communities=False)


def test_region_filter_and_unknown_region():
    r = find_gaps(two_regions(), region="South", communities=False)
    assert r.firms["id"].tolist() == ["F5", "F6", "F7"]
    assert set(r.groups["group"]) == {"South", "metal"}
    assert set(r.fragile["id"]) == {"F5", "F6", "F7", "R", "W", "X"}
    with pytest.raises(InputError, match="region 'East' not found; regions in the data: North, South"):
        find_gaps(two_regions(), region="East")


def test_long_table_and_summary():
    r = find_gaps(two_regions(), cluster_org="C", communities=False)
    long = r.to_frame()
    assert list(long.columns) == ["kind", "by", "id", "name", "region", "country", "sector", "detail"]
    # every actor row carries the actor's region (firm rows had an empty ``by`` and no place before)
    firm_rows = long[long["kind"].str.startswith("firm_")]
    want = {n: two_regions().nodes[n].get("region") for n in firm_rows["id"]}
    assert firm_rows.set_index("id")["region"].to_dict() == want and firm_rows["region"].notna().all()
    region_rows = long[(long["by"] == "region") & (long["kind"] == "no_education_partner")]
    assert (region_rows["region"] == region_rows["id"]).all()
    counts = long["kind"].value_counts().to_dict()
    assert counts["firm_no_education"] == 3 and counts["firm_no_education_within_2"] == 2
    assert counts["no_education_partner"] == 2 and counts["untapped_education"] == 3  # 1 group + 2 actors
    assert counts["member_without_education"] == 1 and counts["unlinked_education"] == 1
    assert counts["cluster_org_load"] == 1  # C: F2 and G1 reach the network only through it
    assert len(long) == 5 + 6 + 2 + 8 + 2 + 1
    assert r.summary() == {
        "firms_without_education": 5,
        "firms_without_education_within_2": 2,
        "groups_flagged": 3,
        "group_issues": 6,
        "groups_without_education": 2,
        "untapped_education": 2,
        "fragile_actors": 8,
        "cluster_org_dependents": 2,
    }


def test_facade_gaps_is_find_gaps():
    G = two_regions()
    assert clustergraph.gaps(G, communities=False).firms["id"].tolist() == ["F2", "F3", "F5", "F6", "F7"]


def test_sample_flags_navarra_and_its_untapped_vet():
    G = build_graph(*sample_ecosystem())
    r = find_gaps(G, communities=False)
    nav = r.groups[(r.groups["by"] == "region") & (r.groups["group"] == "Navarra")]
    assert nav["issue"].tolist() == ["no_education_partner", "untapped_education"]
    assert "NAV-VET1" in nav.iloc[0].detail
    assert r.untapped[["id", "reason"]].values.tolist() == [["NAV-VET1", "linked to nobody"]]
    assert set(r.groups.loc[r.groups["issue"] == "no_education_partner", "group"]) >= {"Navarra"}
    # every Navarra firm lacks an education partner; no other region is flagged
    nav_firms = sorted(n for n, d in G.nodes(data=True) if d["type"] == "firm" and d["region"] == "Navarra")
    assert sorted(r.firms.loc[r.firms["region"] == "Navarra", "id"]) == nav_firms
    assert set(r.groups.loc[r.groups["by"] == "region", "group"]) == {"Navarra"}
    assert r.fragile.set_index("id").loc["NAV-VET1", "kind"] == "isolated"


def test_cli_gaps_writes_files_deterministically(tmp_path):
    actors, links = write_sample(tmp_path / "in")
    runner = CliRunner()
    outs = []
    for k in range(2):
        out = tmp_path / f"out{k}"
        res = runner.invoke(
            main,
            [
                "gaps",
                str(actors),
                str(links),
                "-o",
                str(out),
                "--region",
                "Navarra",
                "--cluster-org",
                "NAV-CLU1",
                "--top",
                "3",
            ],
        )
        assert res.exit_code == 0, res.output
        outs.append({p: (out / p).read_bytes() for p in ("gaps.csv", "suggestions.csv", "gaps.json")})
    assert outs[0] == outs[1]
    long = pd.read_csv(tmp_path / "out0" / "gaps.csv")
    assert ((long["kind"] == "no_education_partner") & (long["id"] == "Navarra")).any()
    doc = json.loads(outs[0]["gaps.json"])
    assert doc["summary"]["untapped_education"] == 1
    first = [s for s in doc["suggestions"] if s["rank"] == 1]
    assert first and all(s["way_in"] and s["region"] == "Navarra" for s in first)
    assert "NAV-VET1" not in {s["candidate"] for s in first}  # untapped: a provider to bring in instead
    assert "Navarra" in res.output


def test_cli_gaps_neutralises_formulas_and_reports_bad_input(tmp_path):
    a = pd.DataFrame(
        {"id": ["f1", "v1"], "name": ["=HYPERLINK(1)", "+Vet"], "type": ["firm", "vet"], "region": ["R", "R"]}
    )
    l = pd.DataFrame({"source": ["f1"], "target": ["f1"]}).iloc[0:0]
    a.to_csv(tmp_path / "a.csv", index=False)
    l.to_csv(tmp_path / "l.csv", index=False)
    res = CliRunner().invoke(
        main, ["gaps", str(tmp_path / "a.csv"), str(tmp_path / "l.csv"), "-o", str(tmp_path / "o")]
    )
    assert res.exit_code == 0, res.output
    text = (tmp_path / "o" / "suggestions.csv").read_text()
    assert "'=HYPERLINK(1)" in text and "'+Vet" in text
    assert "\n=" not in text and ",=" not in text and ",+" not in text
    res = CliRunner().invoke(
        main,
        ["gaps", str(tmp_path / "a.csv"), str(tmp_path / "l.csv"), "-o", str(tmp_path / "o"), "--cluster-org", "zz"],
    )
    assert res.exit_code == 2 and "zz" in res.output


def test_docstring_examples_of_gap_modules():
    import doctest

    import clustergraph.analysis.suggest
    import clustergraph.analysis.whatif

    for mod in (gaps_module, clustergraph.analysis.suggest, clustergraph.analysis.whatif):
        result = doctest.testmod(mod)
        assert result.failed == 0 and result.attempted > 0, mod.__name__


def test_fragile_matches_brute_force_definition_on_random_graphs():
    # Check the definition directly: in the main network, an actor outside the core is
    # flagged with a broker b whose removal cuts it off from the rest of the core; core
    # actors are never flagged; everything outside the main network is isolated/detached.
    for seed in range(25):
        G = nx.gnp_random_graph(30, 0.07, seed=seed)
        f = fragile_actors(G).set_index("id")
        comps = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
        main = comps[0] if len(comps[0]) > 1 else set()
        blocks = list(nx.biconnected_components(G.subgraph(main))) if main else []
        core = min(blocks, key=lambda b: (-len(b), min(map(str, b)))) if blocks else set()
        for n in G:
            if n not in main:
                assert f.loc[n, "kind"] == ("isolated" if G.degree(n) == 0 else "detached")
            elif n in core:
                assert n not in f.index
            else:
                b = f.loc[n, "broker"]
                assert f.loc[n, "kind"] == ("pendant" if G.degree(n) == 1 else "single_broker")
                H = G.subgraph(set(main) - {b})
                assert not any(nx.has_path(H, n, c) for c in core - {b}), (seed, n, b)
                # nearest: b is adjacent to n or every other cut point lies beyond b
                assert G.has_edge(n, b) or all(
                    nx.has_path(G.subgraph(set(main) - {x}), n, b)
                    for x in nx.articulation_points(G)
                    if x not in (n, b) and not any(nx.has_path(G.subgraph(set(main) - {x}), n, c) for c in core - {x})
                )


def test_two_step_reason_prefers_own_region_then_most_paths():
    # f (North) reaches u (South) through a and b, and v (North) through b only:
    # v is named (own region) although u has more paths; then "1 other".
    G = nx.Graph([("f", "a"), ("f", "b"), ("a", "u"), ("b", "u"), ("b", "v")])
    for n, t, r in [
        ("f", "firm", "North"),
        ("a", "firm", "North"),
        ("b", "rto", "North"),
        ("u", "university", "South"),
        ("v", "vet", "North"),
    ]:
        G.add_node(n, type=t, region=r, name=n)
    reason = find_gaps(G, communities=False).firms.set_index("id").loc["f", "reason"]
    assert reason == "no direct VET/university partner; two steps away: v via b (and 1 other education actor)"
    G.nodes["v"]["region"] = "East"  # no own-region option: the best connected (u, 2 paths) is named
    reason = find_gaps(G, communities=False).firms.set_index("id").loc["f", "reason"]
    assert reason == "no direct VET/university partner; two steps away: u via a (and 1 other education actor)"


@pytest.mark.parametrize("seed", range(6))
def test_single_brokers_igraph_equal_networkx_reference(seed):
    """The dominator tree from python-igraph (Lengauer-Tarjan) names the same broker of every actor
    as networkx's immediate_dominators (Cooper et al.), on graphs with trees, cycles and ties."""
    import random

    from clustergraph.analysis.gaps import _brokers, _brokers_networkx

    rng = random.Random(seed)
    G = nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=seed)
    nx.relabel_nodes(G, {i: f"a{i:03d}" for i in G}, copy=False)
    for i in range(40):  # pendant chains and small trees hanging off random actors
        G.add_edge(f"t{i:02d}", rng.choice(sorted(G)))
    G.add_edges_from([("x1", "x2"), ("x2", "x3"), ("x3", "x1"), ("x1", "a000")])  # a second block behind one actor
    main = set(G)
    assert _brokers(G, main) == _brokers_networkx(G, main)
    assert _brokers(G, main)  # something to compare
