"""Peer-computed reference cases (tests/reference/*.json, each with its source) and the column definitions.

Every JSON case names what it checks and where its numbers come from; these tests only read them.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from clustergraph.export import write_metrics
from clustergraph.graph import build_graph
from clustergraph.metrics import ACTOR_COLUMNS, column_definitions, compute
from clustergraph.metrics.brokerage import _expectations, brokerage_roles
from clustergraph.metrics.structural_holes import structural_holes
from clustergraph.synthetic import sample_ecosystem

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "reference"
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "total")


def load(name: str):
    return json.loads((REF / name).read_text(encoding="utf-8"))


def test_every_reference_case_names_its_check_and_source():
    for path in sorted(REF.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for case in doc if isinstance(doc, list) else [doc]:
            assert case.get("checks") and case.get("source"), path.name


# ---------------------------------------------------------------- structural holes


@pytest.mark.parametrize("mode", ["undirected", "directed"])
@pytest.mark.parametrize("weighted", [False, True])
def test_borgatti_example_matches_networkx_reference(mode, weighted):
    """Constraint and effective size on networkx's reference graphs (Borgatti 1997 example; UCINET/igraph values)."""
    case = load("structural_holes_networkx.json")
    part = case[mode]
    G = nx.DiGraph() if mode == "directed" else nx.Graph()
    G.add_weighted_edges_from((str(u), str(v), w) for u, v, w in part["links"])
    got = structural_holes(G, weight="weight" if weighted else None)
    expected = part["weighted" if weighted else "unweighted"]
    tol = case["tolerance"]
    for measure, values in expected.items():
        atol = tol["directed"] if mode == "directed" else tol[measure]
        for actor, value in values.items():
            assert got.loc[actor, measure] == pytest.approx(value, abs=atol), (measure, actor)


@pytest.mark.parametrize("case", load("constraint_igraph.json")["cases"], ids=lambda c: c["name"])
def test_constraint_matches_igraph_unit_cases(case):
    """igraph's own constraint unit cases, loaded through build_graph (repeated links merged, self-loop dropped)."""
    ids = [str(i) for i in range(case["n"])]
    actors = pd.DataFrame({"id": ids, "name": ids, "type": "firm"})
    rows = [(str(link[0]), str(link[1]), link[2] if len(link) > 2 else 1.0) for link in case["links"]]
    links = pd.DataFrame(rows, columns=["source", "target", "weight"])
    G = build_graph(actors, links)
    got = structural_holes(G, weight="weight" if case.get("weighted") else None)["constraint"].tolist()
    tol = load("constraint_igraph.json")["tolerance"]
    for g, e in zip(got, case["constraint"]):
        assert (math.isnan(g) and e is None) or g == pytest.approx(e, abs=tol)


# ---------------------------------------------------------------- brokerage


def test_directed_brokerage_matches_sna_formulas():
    """Directed counts and z-scores equal a transcription of R sna::brokerage (tests/reference/make_brokerage.py)."""
    case = load("brokerage_sna.json")
    G = nx.DiGraph()
    G.add_nodes_from(case["actors"])
    G.add_edges_from(case["links"])
    got = brokerage_roles(G, groups=case["actors"])
    for actor, row in case["expected"].items():
        for col, value in row.items():
            if value is None:
                assert math.isnan(got.loc[actor, col]), (actor, col)
            else:
                assert got.loc[actor, col] == pytest.approx(value, rel=1e-12), (actor, col)


@pytest.mark.parametrize(
    "case", load("brokerage_null_moments.json"), ids=lambda c: "directed" if c["directed"] else "undirected"
)
def test_brokerage_null_moments_are_exact(case):
    """E and V of every role count equal the exact moments over all graphs on the actors (enumerated):
    sna's formulas for directed graphs, the derived undirected ones (variance doubled for four roles)."""
    labels = sorted(set(case["groups"]))
    code = np.array([labels.index(g) for g in case["groups"]])
    E, V = _expectations(code, len(labels), case["n_arcs"], case["directed"])
    np.testing.assert_allclose(E, case["expectation"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(V, case["variance"], rtol=1e-12, atol=1e-15)


# ---------------------------------------------------------------- column definitions


def readme_columns() -> list[str]:
    """The column names of README's table "Columns of actors_metrics.csv", in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Columns of `actors_metrics.csv`", 1)[1].split("\n### ", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([a-z_]+)`", line.split("|")[1])
    return names


@pytest.mark.parametrize("directed", [False, True])
def test_readme_and_metrics_json_define_every_csv_column(tmp_path, directed):
    """README's column list is the actors_metrics.csv header; metrics.json defines each column for the mode."""
    G = build_graph(*sample_ecosystem(), directed=directed)
    write_metrics(compute(G, progress=None), G, tmp_path, ["csv", "json"])
    header = (tmp_path / "actors_metrics.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert readme_columns() == header == list(ACTOR_COLUMNS)
    doc = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert list(doc["column_definitions"]) == header
    assert doc["column_definitions"] == column_definitions(directed)
    assert all(len(text) > 20 for text in doc["column_definitions"].values())


def test_directed_definitions_say_what_changes():
    """The columns whose computation differs with --directed have their own directed definition."""
    und, dire = column_definitions(False), column_definitions(True)
    for col in (
        "degree",
        "betweenness",
        "closeness",
        "eigenvector",
        "pagerank",
        "clustering",
        "coordinator_z",
        "constraint",
    ):
        assert und[col] != dire[col], col
    assert "sna::brokerage" in dire["liaison_z"] and "undirected random graph" in und["liaison_z"]
    assert "undirected view" in dire["clustering"] and "undirected view" in dire["eigenvector"]
