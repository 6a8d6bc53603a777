"""The summary from the validated tables (summarise_tables) equals summarise(G) of the built graph,
and ``clustergraph validate`` prints the same text from either (issue #29: validate without a graph)."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.analysis.summary import summarise, summarise_tables
from clustergraph.cli import main
from clustergraph.graph import build_graph, merge_links
from clustergraph.io import LoadedTables, LoadOptions, load, load_tables
from clustergraph.synthetic import generate, generate_projects

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PROJECTS = DATA / "projects"


def assert_same_summary(a, b) -> None:
    assert list(a.figures) == list(b.figures)
    for key, value in a.figures.items():
        other = b.figures[key]
        if isinstance(value, float) or isinstance(other, float):
            assert other == pytest.approx(value, rel=1e-12, abs=1e-15), key
        else:
            assert (type(value), value) == (type(other), other), key
    for name in ("actors_by_region", "links_by_type", "links_by_scope", "isolated"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def both(actors: pd.DataFrame, links: pd.DataFrame, *, directed: bool = False):
    return summarise(build_graph(actors, links, directed=directed)), summarise_tables(actors, links, directed=directed)


def test_by_hand_repeats_in_both_directions_isolates_and_no_region():
    actors = pd.DataFrame(
        {
            "id": list("abcde"),
            "name": ["A", "B", "", "D", "E"],
            "type": ["firm", "vet", "firm", "government", "university"],
            "region": ["X", "X", "Y", None, ""],
            "country": ["NO", "NO", "NO", None, "ES"],
        }
    )
    links = pd.DataFrame(
        {
            "source": ["a", "b", "b", "c", "a"],
            "target": ["b", "a", "c", "b", "b"],
            "type": ["training", "research", None, "", "training"],
        }
    )
    graph, tables = both(actors, links)
    assert_same_summary(graph, tables)
    f = tables.figures
    assert (f["n_actors"], f["n_links"], f["components"], f["isolated"]) == (5, 2, 3, 2)
    assert f["largest_component_share"] == pytest.approx(3 / 5) and f["density"] == pytest.approx(2 / 10)
    assert dict(zip(tables.links_by_type["link type"], tables.links_by_type["links"])) == {
        "research": 1,
        "training": 1,
        "(no type)": 1,
    }
    assert tables.isolated["id"].tolist() == ["d", "e"] and tables.isolated["region"].tolist() == ["(none)"] * 2
    assert f["actors_without_region"] == 2
    directed = both(actors, links, directed=True)
    assert_same_summary(*directed)
    assert directed[1].figures["n_links"] == 4  # a->b, b->a, b->c, c->b
    assert directed[1].figures["components"] == 3  # weak components


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("directed", [False, True])
def test_generated_ecosystems(seed, directed):
    actors, links = generate(80 + 20 * seed, links_per_actor=3.0, seed=seed, other_share=0.1)
    rng = np.random.default_rng(seed)
    actors = actors.copy()
    # isolates (every link of some actors removed), actors without region or country, reversed repeats
    lonely = set(actors["id"].sample(6, random_state=seed))
    links = links[~links["source"].isin(lonely) & ~links["target"].isin(lonely)]
    actors.loc[actors.sample(7, random_state=seed + 1).index, "region"] = None
    actors.loc[actors.sample(4, random_state=seed + 2).index, "country"] = ""
    reversed_ = links.sample(frac=0.3, random_state=seed).rename(columns={"source": "target", "target": "source"})
    links = pd.concat([links, reversed_, links.sample(frac=0.2, random_state=seed + 3)], ignore_index=True)
    links["scope"] = rng.choice(np.array(["regional", "national", "international", None], dtype=object), len(links))
    links.loc[rng.random(len(links)) < 0.2, "type"] = None
    graph, tables = both(actors, links.reset_index(drop=True), directed=directed)
    assert_same_summary(graph, tables)
    assert tables.figures["isolated"] >= 6 and tables.figures["actors_without_region"] == 7
    assert (
        merge_links(list(actors["id"]), links, directed=directed).n_edges
        == build_graph(actors, links, directed=directed).number_of_edges()
    )


def test_self_loops_are_left_out_with_the_graph_warning(caplog):
    actors, links = generate(40, seed=5)
    loops = pd.DataFrame({"source": actors["id"][:3], "target": actors["id"][:3], "type": "training"})
    links = pd.concat([links, loops], ignore_index=True)
    with caplog.at_level(logging.WARNING, logger="clustergraph"):
        graph = summarise(build_graph(actors, links))
    graph_warning = [r.getMessage() for r in caplog.records]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="clustergraph"):
        tables = summarise_tables(actors, links)
    assert_same_summary(graph, tables)
    assert [r.getMessage() for r in caplog.records] == graph_warning and "3 self-loop(s)" in graph_warning[0]


def test_empty_and_edgeless_tables():
    actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "type": ["firm", "vet"]})
    no_links = pd.DataFrame({"source": pd.Series([], dtype=object), "target": pd.Series([], dtype=object)})
    assert_same_summary(*both(actors, no_links))
    assert summarise_tables(actors, no_links).figures["components"] == 2
    one = actors.iloc[:1]
    assert_same_summary(*both(one, no_links))


def test_endpoints_that_are_no_actor_become_bare_nodes_as_in_the_graph():
    actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "type": ["firm", "vet"], "region": ["X", "X"]})
    links = pd.DataFrame({"source": ["a", "b", "project:P"], "target": ["project:P", "project:P", "a"]})
    assert_same_summary(*both(actors, links))


def test_sample_data_and_its_notices():
    options = LoadOptions()
    tables = load_tables(DATA / "actors.csv", DATA / "links.csv", options)
    G = load(DATA / "actors.csv", DATA / "links.csv", options)
    assert not tables.needs_graph
    assert_same_summary(summarise(G), summarise_tables(tables.actors, tables.links, merged=tables.merged))
    assert tables.provenance == G.graph["provenance"]
    assert any("108 repeated links merged" in line for line in tables.provenance["fixed"])
    directed = LoadOptions(directed=True)
    t = load_tables(DATA / "actors.csv", DATA / "links.csv", directed)
    assert_same_summary(
        summarise(load(DATA / "actors.csv", DATA / "links.csv", directed)),
        summarise_tables(t.actors, t.links, directed=True, merged=t.merged),
    )


def test_participations_input():
    options = LoadOptions(projects=PROJECTS / "projects.csv")
    args = (PROJECTS / "actors.csv", PROJECTS / "participations.csv", options)
    tables = load_tables(*args)
    assert not tables.needs_graph and tables.projects is not None
    assert_same_summary(summarise(load(*args)), summarise_tables(tables.actors, tables.links))


@pytest.mark.parametrize("seed", [0, 1])
def test_generated_participations_with_links(tmp_path, seed):
    actors, links = generate(60, seed=seed)
    participations, projects = generate_projects(actors, 12, seed=seed)
    for frame, name in ((actors, "actors"), (links, "links"), (participations, "participations")):
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    options = LoadOptions(participations=tmp_path / "participations.csv")
    tables = load_tables(tmp_path / "actors.csv", tmp_path / "links.csv", options)
    G = load(tmp_path / "actors.csv", tmp_path / "links.csv", options)
    assert_same_summary(summarise(G), summarise_tables(tables.actors, tables.links, merged=tables.merged))
    assert tables.provenance == G.graph["provenance"]


def test_hubs_and_skills_need_the_graph():
    hubs = load_tables(
        PROJECTS / "actors.csv",
        PROJECTS / "participations.csv",
        LoadOptions(projects=PROJECTS / "projects.csv", hub_above=3),
    )
    assert hubs.needs_graph and hubs.graph().graph["projects"].hubs is not None
    skills = load_tables(DATA / "actors.csv", DATA / "links.csv", LoadOptions(skills=DATA / "skills.csv"))
    assert skills.needs_graph


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(DATA / "actors.csv"), str(DATA / "links.csv")],
        ["summary", "--directed", str(DATA / "actors.csv"), str(DATA / "links.csv")],
        ["validate", str(PROJECTS / "actors.csv"), str(PROJECTS / "participations.csv")],
    ],
)
def test_validate_prints_the_same_from_tables_and_from_the_graph(monkeypatch, args):
    runner = CliRunner()
    from_tables = runner.invoke(main, args, env={"COLUMNS": "200"})
    assert from_tables.exit_code == 0, from_tables.output
    monkeypatch.setattr(LoadedTables, "needs_graph", property(lambda self: True))
    from_graph = runner.invoke(main, args, env={"COLUMNS": "200"})
    assert from_graph.exit_code == 0
    assert from_tables.output == from_graph.output
    assert "components (largest holds" in from_tables.output
