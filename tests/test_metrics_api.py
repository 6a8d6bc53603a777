"""clustergraph.metrics(G): one row per actor, documented columns, groups, summary."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

import clustergraph
from clustergraph.graph import build_graph
from clustergraph.metrics import ACTOR_COLUMNS, DEFAULT_BY, MetricsResult, compute
from clustergraph.synthetic import sample_ecosystem


@pytest.fixture(scope="module")
def sample():
    G = build_graph(*sample_ecosystem())
    return G, compute(G, progress=False)


def tiny() -> nx.Graph:
    # firm f - vet v - university u, plus isolated rto r (region South)
    G = nx.Graph([("f", "v"), ("v", "u")])
    nx.set_node_attributes(G, {"f": "firm", "v": "vet", "u": "university"}, "type")
    nx.set_node_attributes(G, {"f": "F", "v": "V", "u": "U"}, "name")
    nx.set_node_attributes(G, "North", "region")
    G.add_node("r", type="rto", name="R", region="South")
    return G


def test_facade_function_returns_result():
    r = clustergraph.metrics(tiny(), progress=None)
    assert isinstance(r, MetricsResult)


def test_actor_table_by_hand():
    r = compute(tiny(), by=("region", "type"), progress=False)
    a = r.actors
    assert tuple(a.columns) == ACTOR_COLUMNS
    assert a["id"].tolist() == ["f", "v", "u", "r"]  # isolated actor kept, graph order
    v = a.set_index("id").loc["v"]
    # v brokers f -> v -> u and u -> v -> f: both liaison (three different types)
    assert v["liaison"] == 2 and v["brokerage_total"] == 2
    # v is on the only path between f and u: 1 of (n-1)(n-2)/2 = 3 pairs
    assert v["betweenness"] == pytest.approx(1 / 3)
    # two unlinked contacts: effective size 2, constraint 2 * (1/2)^2 = 1/2; cut vertex
    assert v["effective_size"] == pytest.approx(2) and v["constraint"] == pytest.approx(0.5)
    assert bool(v["is_articulation_point"]) is True
    assert v["deg_firm"] == 1 and v["deg_university"] == 1
    r_row = a.set_index("id").loc["r"]
    assert r_row["degree"] == 0 and math.isnan(r_row["constraint"])
    assert r_row["region"] == "South" and pd.isna(r_row["country"])  # absent attribute: empty


def test_groups_long_format_and_summary():
    r = compute(tiny(), by=("region", "type"), progress=False)
    assert list(r.groups.columns[:2]) == ["by", "group"]
    assert set(r.groups["by"]) == {"region", "type"}
    north = r.groups[(r.groups["by"] == "region") & (r.groups["group"] == "North")].iloc[0]
    assert north["n_actors"] == 3 and north["links_internal"] == 2
    s = r.summary
    # 4 actors, 2 links: density 2 / (4*3/2) = 1/3; components {f,v,u} and {r}
    assert (s["n_actors"], s["n_links"], s["components"], s["isolated"]) == (4, 2, 2, 1)
    assert s["density"] == pytest.approx(1 / 3)
    assert s["largest_component_share"] == pytest.approx(0.75)
    assert s["articulation_points"] == 1 and s["bridges"] == 2
    assert s["approximations"] == {} and s["seed"] == 0 and s["brokerage_attribute"] == "type"
    assert r.bridges.values.tolist() == [["f", "v"], ["v", "u"]]


def test_sample_every_actor_once_including_isolated(sample):
    G, r = sample
    assert len(r.actors) == G.number_of_nodes()
    assert r.actors["id"].is_unique
    nav = r.actors.set_index("id").loc["NAV-VET1"]  # the isolated Navarra VET provider
    assert nav["degree"] == 0 and nav["type"] == "vet" and nav["region"] == "Navarra"
    assert set(r.groups["by"]) == set(DEFAULT_BY)
    # every actor has a community; the community groups cover all actors
    assert r.actors["community"].notna().all()
    assert r.groups.loc[r.groups["by"] == "community", "n_actors"].sum() == G.number_of_nodes()
    assert r.mixing.shape == (7, 7)


def test_brokerage_attribute_and_sampling_options():
    G = build_graph(*sample_ecosystem())
    r = compute(G, by=("region",), brokerage_attribute="region", exact=False, k=20, seed=3, progress=False)
    assert r.summary["brokerage_attribute"] == "region"
    assert r.summary["approximations"]["betweenness"]["k"] == 20
    assert r.summary["approximations"]["closeness"]["seed"] == 3
    # brokerage across regions differs from brokerage across types
    by_type = compute(G, by=("region",), progress=False)
    assert (r.actors["liaison"] != by_type.actors["liaison"]).any()


def test_same_input_same_output(sample):
    G, r = sample
    again = compute(G, progress=False)
    assert again.actors.equals(r.actors) and again.groups.equals(r.groups)
    assert again.summary == r.summary


def test_empty_by_is_an_input_error():
    from clustergraph.errors import InputError

    with pytest.raises(InputError):
        compute(tiny(), by=(), progress=False)


def test_metrics_and_report_are_plain_functions_even_after_submodule_imports():
    import importlib
    import inspect

    import clustergraph

    importlib.import_module("clustergraph.metrics.centrality")
    importlib.import_module("clustergraph.report.build")
    assert inspect.isfunction(clustergraph.metrics) and inspect.isfunction(clustergraph.report)
    from clustergraph.metrics import compute  # the subpackages stay importable
    from clustergraph.report import build_report

    assert callable(compute) and callable(build_report)
    assert clustergraph.metrics.__doc__ and "compute" in clustergraph.metrics.__doc__


def test_a_bad_seed_is_a_value_error_everywhere():
    import clustergraph
    from clustergraph.synthetic import generate, sample_ecosystem

    G = tiny()
    for call in (
        lambda: clustergraph.metrics(G, seed=-5),
        lambda: compute(G, seed=1.5),
        lambda: clustergraph.gaps(G, seed=-1),
        lambda: clustergraph.whatif(G, [("f", "u")], seed=True),
        lambda: generate(20, seed=-5),
        lambda: sample_ecosystem(seed=-5),
    ):
        with pytest.raises(ValueError, match="seed must be an integer"):
            call()


def test_a_seed_error_is_shown_by_the_cli_like_every_input_error():
    from clustergraph.errors import InputError, SeedError

    assert issubclass(SeedError, InputError) and issubclass(SeedError, ValueError)
    assert (
        str(SeedError("seed must be an integer from 0 to 9, got -5")) == "seed must be an integer from 0 to 9, got -5"
    )
