"""Neediest first (issue 13): one row per firm without an education partner, recommendations only, no silent cut."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd
from click.testing import CliRunner

import clustergraph
from clustergraph.analysis.gaps import cluster_org_load, find_gaps, firm_gaps, fragile_actors
from clustergraph.analysis.suggest import neediest_first, recommendations, suggest_partners
from clustergraph.cli import main
from clustergraph.report.build import collect
from clustergraph.report.page import neediest_table

ROOT = Path(__file__).resolve().parent.parent
ACTORS, LINKS = ROOT / "data" / "actors.csv", ROOT / "data" / "links.csv"


def _typed(edges, types, regions=None, isolated=()):
    G = nx.Graph(edges)
    G.add_nodes_from(isolated)
    nx.set_node_attributes(G, types, "type")
    nx.set_node_attributes(G, {n: n for n in G}, "name")
    if regions:
        nx.set_node_attributes(G, regions, "region")
    return G


def test_order_need_then_isolation_grouped_by_region():
    # region A: fa (2 links, education two steps away), fb (1 link, none within two), fc (no link)
    # region B: fd (1 link via cluster org to a vet: within two)
    G = _typed(
        [("fa", "c"), ("fa", "g"), ("c", "v"), ("fb", "g2"), ("fd", "c2"), ("c2", "v2")],
        {
            "fa": "firm",
            "fb": "firm",
            "fc": "firm",
            "fd": "firm",
            "c": "cluster_org",
            "c2": "cluster_org",
            "g": "government",
            "g2": "government",
            "v": "vet",
            "v2": "vet",
        },
        {"fa": "A", "fb": "A", "fc": "A", "c": "A", "g": "A", "g2": "A", "v": "A", "fd": "B", "c2": "B", "v2": "B"},
        isolated=["fc"],
    )
    t = neediest_first(G, firm_gaps(G), suggest_partners(G))
    # A has two firms with nothing within two steps: first; fc (0 links) before fb (1 link)
    assert t[["region", "firm", "no_education_within_2", "n_links"]].values.tolist() == [
        ["A", "fc", True, 0],
        ["A", "fb", True, 1],
        ["A", "fa", False, 2],
        ["B", "fd", False, 1],
    ]


def test_no_recommendation_when_score_not_positive_or_nobody_introduces():
    s = pd.DataFrame(
        {
            "firm": ["f", "f", "g"],
            "rank": [1, 2, 1],
            "score": [-0.1, 0.5, 0.9],
            "broker": ["c", "c", None],
        }
    )
    assert recommendations(s)[["firm", "rank"]].values.tolist() == [["f", 2]]
    # a firm and a provider in different regions with nobody between them: no broker, not recommended
    G = _typed([], {"f": "firm", "v": "vet"}, {"f": "A", "v": "B"}, isolated=["f", "v"])
    sugg = suggest_partners(G)
    assert sugg["recommended"].tolist() == [False]
    t = neediest_first(G, firm_gaps(G), sugg)
    assert t["candidate"].tolist() == [None] and t["reason"].iloc[0].startswith("no recommendation")


def test_a_tie_to_a_cluster_organisation_is_load_not_fragility():
    # core triangle a-b-k; k is the cluster organisation with two members hanging off it; f hangs off firm a
    G = _typed(
        [("a", "b"), ("b", "k"), ("k", "a"), ("k", "m1"), ("k", "m2"), ("m2", "m3"), ("a", "f")],
        {"k": "cluster_org", "a": "firm", "b": "firm", "m1": "firm", "m2": "firm", "m3": "firm", "f": "firm"},
    )
    assert fragile_actors(G)[["id", "broker"]].values.tolist() == [["f", "a"], ["m3", "m2"]]
    load = cluster_org_load(G)
    assert load[["cluster_org", "n_dependent", "n_pendant", "n_single_broker"]].values.tolist() == [["k", 2, 1, 1]]
    assert "2 actors reach the rest of the network only through k" in load["detail"].iloc[0]


def test_sample_report_cuts_each_region_and_the_region_page_lists_all_20_navarra_firms():
    G = clustergraph.load(ACTORS, LINKS)
    navarra = sorted(n for n, d in G.nodes(data=True) if d.get("region") == "Navarra" and d["type"] == "firm")
    assert len(navarra) == 20
    data = collect(G, seed=0)
    html = neediest_table(data)
    # national report: every region in view, the first 10 firms of each, a pointer to the rest
    for region in {r for r in data.neediest["region"] if isinstance(r, str)}:
        assert f"{region}: " in html
    shown = [f for f in navarra if re.search(re.escape(G.nodes[f]["name"]), html)]
    assert len(shown) == 10 and "10 more firms of Navarra in <code>gaps.csv</code>" in html
    assert "Navarra: 20 firms without an education partner" in html
    # --region Navarra: the region's full page
    page = neediest_table(collect(G, seed=0, region="Navarra"))
    for f in navarra:
        assert f in set(data.neediest["firm"])
        assert re.search(re.escape(G.nodes[f]["name"]), page), f
    # every shown introduction is a recommendation with a way in
    assert (data.neediest["score"].dropna() > 0).all()
    assert data.neediest["way_in"][data.neediest["candidate"].notna()].notna().all()


def test_cut_tables_name_the_full_list():
    G = clustergraph.load(ACTORS, LINKS)
    data = collect(G, seed=0)
    html = neediest_table(data, max_rows=10)
    assert "more firms not shown" in html and "gaps.csv" in html and "suggestions.csv" in html


def test_gaps_command_never_cuts_silently(tmp_path):
    res = CliRunner().invoke(main, ["gaps", str(ACTORS), str(LINKS), "-o", str(tmp_path)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    for line in res.output.splitlines():
        if "more rows not shown" in line:
            assert "gaps.csv" in line, line
    assert "NAV-F02" in res.output  # the firm with no education partner even two steps away
    assert "community" not in re.sub(r"community-level flags?", "", res.output.split("Groups flagged")[1][:2000])


def test_sample_fragility_is_no_longer_mostly_cluster_membership():
    G = clustergraph.load(ACTORS, LINKS)
    r = find_gaps(G, communities=False)
    brokers = {G.nodes[b]["type"] for b in r.fragile["broker"].dropna()}
    assert "cluster_org" not in brokers
    assert int(r.load["n_dependent"].sum()) == r.summary()["cluster_org_dependents"] > 0


def test_gaps_json_holds_the_cluster_org_load(tmp_path):
    import json

    res = CliRunner().invoke(main, ["gaps", str(ACTORS), str(LINKS), "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    load = {r["cluster_org"]: r["n_dependent"] for r in doc["cluster_org_load"]}
    assert load["VES-CLU1"] == 5 and sum(load.values()) == doc["summary"]["cluster_org_dependents"] == 16
