"""Participations as input and their projection onto links (Newman 2001 weighting)."""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.projection import project_data, project_links

ACTORS = """id,name,type,region,country
a,Firm A,firm,N,NO
b,Firm B,firm,N,NO
c,VET C,vet,N,NO
d,Uni D,university,S,ES
e,Hospital E,hospital,S,ES
"""
# P1: a b c (n=3, 1/2 per pair); P2: a b (n=2, 1 per pair); P3: c d e a (n=4, 1/3 per pair); P4: e alone
PARTICIPATIONS = """project,actor,role
P1,a,coordinator
P1,b,participant
P1,c,participant
P2,a,coordinator
P2,b,participant
P3,c,coordinator
P3,d,participant
P3,e,participant
P3,a,participant
P4,e,coordinator
"""
PROJECTS = """id,title,acronym,programme,start,end,budget
P1,Skills one,SK1,Erasmus+,2021-01-01,2022-12-31,250000
P2,Two,TW,National,2019,2019,1000
P3,Three,TH,Horizon Europe,2020-03,2024-02,3000000
P4,Alone,AL,Regional,2022-01-01,2022-06-30,
"""

# hand-computed: pair -> (newman weight, count weight, first year, projects)
EXPECTED = {
    ("a", "b"): (1 / 2 + 1, 2, 2019, "P1;P2"),
    ("a", "c"): (1 / 2 + 1 / 3, 2, 2020, "P1;P3"),
    ("b", "c"): (1 / 2, 1, 2021, "P1"),
    ("a", "d"): (1 / 3, 1, 2020, "P3"),
    ("a", "e"): (1 / 3, 1, 2020, "P3"),
    ("c", "d"): (1 / 3, 1, 2020, "P3"),
    ("c", "e"): (1 / 3, 1, 2020, "P3"),
    ("d", "e"): (1 / 3, 1, 2020, "P3"),
}


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, text in (("actors", ACTORS), ("participations", PARTICIPATIONS), ("projects", PROJECTS)):
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_newman_weights_by_hand(files):
    G = clustergraph.load(files["actors"], files["participations"], projects=files["projects"])
    assert G.number_of_edges() == len(EXPECTED)
    for (u, v), (w, _, year, projects) in EXPECTED.items():
        d = G[u][v]
        assert d["weight"] == pytest.approx(w)
        assert d["year"] == year and d["projects"] == projects
    assert G["a"]["b"]["types"] == ["Erasmus+", "National"]
    # every partner receives 1 from each project with partners (a: P1, P2, P3)
    assert sum(d["weight"] for _, _, d in G.edges("a", data=True)) == pytest.approx(3)
    assert G.degree("e") == 3 and G.nodes["e"]["type"] == "other"
    data = project_data(G)
    assert data is not None and list(data.projects["id"]) == ["P1", "P2", "P3", "P4"]


def test_count_weights_by_hand(files):
    G = clustergraph.load(files["actors"], files["participations"], projects=files["projects"], projection="count")
    for (u, v), (_, w, _, _) in EXPECTED.items():
        assert G[u][v]["weight"] == w


def test_projection_function_matches_networkx_bipartite():
    import networkx as nx
    from networkx.algorithms import bipartite

    parts = pd.read_csv(pd.io.common.StringIO(PARTICIPATIONS))
    B = nx.Graph()
    B.add_nodes_from(parts["actor"], bipartite=0)
    B.add_edges_from(zip(parts["actor"], parts["project"]))
    ref = bipartite.collaboration_weighted_projected_graph(B, sorted(set(parts["actor"])))
    links = project_links(parts)
    got = {frozenset((s, t)): w for s, t, w in links[["source", "target", "weight"]].itertuples(index=False)}
    assert got == pytest.approx({frozenset((u, v)): d["weight"] for u, v, d in ref.edges(data=True)})


def test_links_and_participations_combined(files, tmp_path):
    links = tmp_path / "links.csv"
    links.write_text("source,target,type,weight\na,b,supply,2\nd,e,research,1\n", encoding="utf-8")
    G = clustergraph.load(files["actors"], links, participations=files["participations"])
    assert G["a"]["b"]["weight"] == pytest.approx(2 + 1.5)
    assert "supply" in G["a"]["b"]["types"]
    assert G["d"]["e"]["weight"] == pytest.approx(1 + 1 / 3)


def test_same_actor_twice_in_a_project_is_an_error_with_the_row(files):
    files["participations"].write_text(PARTICIPATIONS + "P2,a,participant\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        clustergraph.load(files["actors"], files["participations"])
    (p,) = exc.value.problems
    assert p.row == 12 and p.column == "actor" and "twice in project 'P2'" in p.message and "row 5" in p.message
    code, _, err = run("validate", files["actors"], files["participations"])
    assert code == 2 and "row 12" in err


def test_unknown_actor_and_bad_project_dates(files):
    files["participations"].write_text(PARTICIPATIONS + "P2,zz,participant\n", encoding="utf-8")
    files["projects"].write_text(PROJECTS + "P5,Bad,B,X,soon,2020,abc\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        clustergraph.load(files["actors"], files["participations"], projects=files["projects"])
    found = {(p.row, p.column) for p in exc.value.problems}
    assert found == {(12, "actor"), (6, "start"), (6, "budget")}


def test_cli_accepts_participations_and_projects(files, tmp_path):
    code, out, err = run("validate", files["actors"], files["participations"], "--projects", files["projects"])
    assert code == 0, err
    assert "5 actors, 8 links" in out


def test_load_options_are_one_value_and_the_keywords_still_work(files, monkeypatch):
    from clustergraph.cli import common
    from clustergraph.io import InputBudget, LoadOptions

    opts = LoadOptions(projects=files["projects"], projection="count", high_helices=4, high_partners=11)
    G = clustergraph.load(files["actors"], files["participations"], opts)
    data = project_data(G)
    assert (data.projection, data.high_helices, data.high_partners) == ("count", 4, 11)
    assert G["a"]["b"]["weight"] == 2  # count weights
    # a keyword overrides its field; the options object itself is frozen
    G = clustergraph.load(files["actors"], files["participations"], opts, projection="newman")
    assert G["a"]["b"]["weight"] == pytest.approx(1.5)
    with pytest.raises(AttributeError):
        opts.lenient = True  # type: ignore[misc]
    with pytest.raises(ValueError, match="projection"):
        LoadOptions(projection="jaccard")
    # the budget reaches every table read (here the participations file of 10 rows)
    with pytest.raises(InputError, match="max-rows"):
        clustergraph.load(files["actors"], files["participations"], budget=InputBudget(max_rows=6))
    # the command line builds the options from its flags and passes them on as a value
    seen = []
    real = common.load_input_tables  # (validate reads the tables: no graph for its summary)
    monkeypatch.setattr(common, "load_input_tables", lambda a, l, o: seen.append(o) or real(a, l, o))
    from clustergraph.cli import validate as validate_cli

    monkeypatch.setattr(validate_cli, "load_input_tables", common.load_input_tables)
    code, _, err = run("validate", files["actors"], files["participations"], "--projection", "count",
                       "--high-helices", "2", "--max-rows", "100")  # fmt: skip
    assert code == 0, err
    assert seen == [LoadOptions(projection="count", high_helices=2, budget=InputBudget(max_rows=100))]


def test_directed_is_refused_with_participations(files):
    code, _, err = run("validate", files["actors"], files["participations"], "--directed")
    assert code == 2 and "no direction" in err


def test_workbook_with_participations_and_projects_sheets(tmp_path):
    import io

    path = tmp_path / "eco.xlsx"
    with pd.ExcelWriter(path) as xl:
        for sheet, text in (("actors", ACTORS), ("participations", PARTICIPATIONS), ("projects", PROJECTS)):
            pd.read_csv(io.StringIO(text), dtype=str).to_excel(xl, sheet_name=sheet, index=False)
    G = clustergraph.load(path)
    assert G["a"]["b"]["weight"] == pytest.approx(1.5)
    assert project_data(G).projects.set_index("id").loc["P1", "programme"] == "Erasmus+"
