"""The four-step indicators of every cluster organisation at once (sparse matrices) equal the
per-organisation walk of :func:`clustergraph.analysis.steps.indicators`, year by year included."""

from __future__ import annotations

import random

import networkx as nx
import pandas as pd
import pytest

from clustergraph.analysis import steps
from clustergraph.analysis.steps import COLUMNS, INDICATORS, IndicatorArrays, indicators, step_history
from clustergraph.analysis.timeline import networks_by_year

TYPES = ["firm", "firm", "firm", "vet", "university", "rto", "government", "cluster_org", "other"]


def messy_graph(n: int, m: int, seed: int) -> nx.Graph:
    """Random actors of every type, missing regions and countries, a hub in many cluster
    organisations, links with and without years, scopes and service kinds (list or text)."""
    rng = random.Random(seed)
    G = nx.Graph()
    for i in range(n):
        G.add_node(
            f"a{i}",
            type=rng.choice(TYPES),
            name=f"Actor {i}",
            region=rng.choice(["R1", "R2", "R3", None]),
            country=rng.choice(["NO", "SE", "DE", None]),
        )
    G.nodes["a0"]["type"] = "firm"  # the hub
    orgs = [v for v, t in G.nodes(data="type") if t == "cluster_org"]
    for c in orgs:
        G.add_edge(c, "a0", year=rng.choice([2018, 2019, None]))
    while G.number_of_edges() < m:
        a, b = rng.sample(range(n), 2)
        G.add_edge(
            f"a{a}",
            f"a{b}",
            year=rng.choice([2017, 2018, 2019, 2020, None]),
            scope=rng.choice(["international", "national", None]),
            types=rng.choice([None, ["training"], ["project", "internship"], "curriculum", ("rd",)]),
        )
    for _ in range(40):  # the hub's partners
        G.add_edge("a0", f"a{rng.randrange(1, n)}", year=2020, scope="international")
    return G


def reference(G: nx.Graph, orgs: list) -> pd.DataFrame:
    rows = []
    for c in orgs:
        ind = indicators(G, c)
        rows += [(c, G.nodes[c].get("name", c), steps.STEP_OF[i], i, ind[i]) for i in INDICATORS]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_indicator_equals_the_walk_of_each_cluster_organisation(seed):
    G = messy_graph(160, 700, seed)
    orgs = steps.cluster_orgs(G)
    assert len(orgs) > 5
    got = IndicatorArrays(G).table(orgs)
    want = reference(G, orgs)
    pd.testing.assert_frame_equal(got, want)
    # the values are Python numbers, as the walk gives (the CSV and the workbook write them as is)
    assert {type(v) for v in got["value"]} <= {int, float, type(None)}
    assert steps.step_indicators(G).equals(want)


def test_hand_computed_indicators_of_one_cluster_organisation():
    G = nx.Graph()
    G.add_nodes_from(
        [
            ("k", {"type": "cluster_org", "region": "N", "country": "NO"}),
            ("f1", {"type": "firm", "country": "NO"}),
            ("f2", {"type": "firm", "country": "SE"}),
            ("v", {"type": "vet", "country": "NO"}),
            ("u", {"type": "university", "country": "DE"}),
            ("g", {"type": "government", "region": "N"}),
            ("g2", {"type": "government", "region": "S"}),
            ("k2", {"type": "cluster_org", "country": "DE"}),
        ]
    )
    G.add_edge("k", "f1")
    G.add_edge("k", "f2", scope="international")
    G.add_edge("f1", "v", types=["training"])
    G.add_edge("f1", "u", scope="international")
    G.add_edge("f2", "u")
    G.add_edge("k", "v", types=["internship"])
    G.add_edge("k", "g")
    G.add_edge("k", "g2")
    G.add_edge("k", "k2")
    values = {i: v[0] for i, v in IndicatorArrays(G).values(["k"]).items()}
    assert values == {
        "members": 2,
        "education_partners": 1,  # v
        "member_education_partners": 2,  # v and u
        "members_with_education_share": 1.0,
        "service_links": 1,  # k-v (f1-v is not k's)
        "regional_government": 1,  # g, not g2 of another region
        "other_cluster_orgs": 1,
        "rtos": 0,
        "international_links": 2,  # k-f2 and f1-u, each once
        "partners_abroad": 3,  # f2 (SE), u (DE), k2 (DE)
        "cluster_orgs_abroad": 1,
    }


@pytest.mark.parametrize("seed", [4, 5])
def test_the_history_equals_the_walk_on_the_network_of_each_year(seed):
    G = messy_graph(120, 500, seed)
    want = []
    for y, H in networks_by_year(G):
        orgs = steps.cluster_orgs(H, "R1")
        if orgs:
            want.append(reference(H, orgs).assign(year=y))
    got = step_history(G, "R1")
    pd.testing.assert_frame_equal(got, pd.concat(want, ignore_index=True))
    assert got["year"].nunique() == 4


def test_directed_graphs_and_self_loops_take_the_walk():
    D = nx.DiGraph([("k", "f")])
    nx.set_node_attributes(D, {"k": "cluster_org", "f": "firm"}, "type")
    assert not IndicatorArrays.applies(D)
    assert steps.step_indicators(D).query("indicator == 'members'")["value"].tolist() == [1]
    G = nx.Graph([("k", "f"), ("k", "k")])
    nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm"}, "type")
    assert not IndicatorArrays.applies(G)
    assert steps.step_indicators(G).equals(reference(G, ["k"]))


def test_a_hub_member_of_many_cluster_organisations_is_left_to_the_walk():
    """4,000 partners of one firm that is a member of 300 cluster organisations: the products would
    hold 1.2 million entries for 4,600 links, so the indicators are walked (a hub's sets listed once)."""
    G = nx.Graph()
    G.add_node("hub", type="firm", country="DE")
    for i in range(4000):
        G.add_node(f"p{i}", type="firm", country="NO" if i % 2 else "SE")
        G.add_edge("hub", f"p{i}", year=2020)
    for j in range(300):
        G.add_node(f"c{j}", type="cluster_org", country="NO", region="R")
        G.add_edge(f"c{j}", "hub", year=2021)
        G.add_edge(f"c{j}", f"p{j}", year=2021)
    orgs = steps.cluster_orgs(G)
    arrays = IndicatorArrays(G)
    assert not arrays.fits(orgs)
    want = reference(G, orgs)
    pd.testing.assert_frame_equal(steps.step_indicators(G), want)
    pd.testing.assert_frame_equal(arrays.table(orgs), want)  # still equal when asked directly
    assert set(step_history(G)["year"]) == {2021}  # the cluster organisations appear in 2021


def test_a_nan_region_or_country_counts_as_missing():
    G = nx.Graph()
    G.add_node("k", type="cluster_org", region=float("nan"), country=float("nan"))
    G.add_node("g", type="government", region=float("nan"))
    G.add_node("k2", type="cluster_org", country="DE")
    G.add_edge("k", "g")
    G.add_edge("k", "k2")
    got = {i: v[0] for i, v in IndicatorArrays(G).values(["k"]).items()}
    assert got["regional_government"] == 0 and got["cluster_orgs_abroad"] == 0 and got["partners_abroad"] == 0
    for n in G:  # the walk gives the same with None
        for key in ("region", "country"):
            if G.nodes[n].get(key) != G.nodes[n].get(key):
                G.nodes[n][key] = None
    assert got == indicators(G, "k")
