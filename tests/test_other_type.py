"""The fourth helix: actor type ``other`` (civil society, hospitals, chambers, investors ...)."""

from __future__ import annotations

import networkx as nx
import pytest

from clustergraph.analysis.gaps import find_gaps
from clustergraph.io import load
from clustergraph.metrics import compute as metrics
from clustergraph.schema import ACTOR_TYPES, TYPE_COLOURS, TYPE_LABELS, normalise_type


@pytest.mark.parametrize(
    "alias",
    [
        "other",
        "Civil society",
        "NGO",
        "non-profit",
        "association",
        "foundation",
        "chamber",
        "Chamber of Commerce",
        "hospital",
        "investor",
    ],
)
def test_aliases(alias):
    assert normalise_type(alias) == "other"


def test_schema_has_colour_and_label():
    assert "other" in ACTOR_TYPES and TYPE_COLOURS["other"] and TYPE_LABELS["other"]
    assert len(set(TYPE_COLOURS.values())) == len(ACTOR_TYPES)


def _graph():
    # f1 - h (hospital) - v (vet); f2 - v
    G = nx.Graph([("f1", "h"), ("h", "v"), ("f2", "v")])
    nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "h": "other", "v": "vet"}, "type")
    nx.set_node_attributes(G, "R", "region")
    return G


def test_other_counts_for_centrality_and_metric_columns():
    m = metrics(_graph())
    a = m.actors.set_index("id")
    assert a.loc["f1", "deg_other"] == 1 and a.loc["v", "deg_other"] == 1
    assert a.loc["h", "betweenness"] > 0  # the hospital brokers f1 <-> v
    assert "other" in m.mixing.index and m.mixing.loc["other", "vet"] == 1
    assert m.groups.set_index("group").loc["R", "n_other"] == 1


def test_other_is_neither_firm_nor_education_in_gaps():
    g = find_gaps(_graph())
    # f1's only partner is the hospital: still a firm without education partner; h is not a firm
    assert set(g.firms["id"]) == {"f1"}


def test_csv_with_other_types_loads(tmp_path):
    (tmp_path / "a.csv").write_text("id,name,type\n1,Firm,firm\n2,Hospital,Hospital\n3,Chamber,chamber of commerce\n")
    (tmp_path / "l.csv").write_text("source,target\n1,2\n2,3\n")
    G = load(tmp_path / "a.csv", tmp_path / "l.csv")
    assert G.nodes["2"]["type"] == G.nodes["3"]["type"] == "other"
