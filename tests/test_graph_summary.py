"""Graph builder, scope derivation, summary figures, and README/CI consistency."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.analysis.summary import summarise
from clustergraph.cli import main
from clustergraph.graph import build_graph, derive_scope
from clustergraph.synthetic import generate, sample_ecosystem

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "a,b,expected",
    [
        ({"region": "X", "country": "NO"}, {"region": "X", "country": "NO"}, "regional"),
        ({"region": "X", "country": "NO"}, {"region": "Y", "country": "NO"}, "national"),
        ({"region": "X", "country": "NO"}, {"region": "X", "country": "ES"}, "international"),
        ({"country": "NO"}, {"country": "NO"}, None),  # no regions: unknown (issue #14)
        ({"region": "X", "country": "NO"}, {"country": "NO"}, None),
        ({"region": "X"}, {"region": "X"}, "regional"),
        ({"region": "X"}, {"region": "Y"}, None),
        ({}, {"country": "NO"}, None),
    ],
)
def test_derive_scope(a, b, expected):
    assert derive_scope(a, b) == expected


def test_given_scope_wins_and_the_widest_is_kept():
    actors = pd.DataFrame(
        {"id": ["a", "b"], "name": ["A", "B"], "type": ["firm", "vet"], "region": ["X", "X"], "country": ["NO", "NO"]}
    )
    links = pd.DataFrame(
        {"source": ["a", "b"], "target": ["b", "a"], "weight": [1.0, 1.0], "scope": ["national", "international"]}
    )
    G = build_graph(actors, links)
    assert G["a"]["b"]["scope"] == "international"
    assert build_graph(actors, links.drop(columns="scope"))["a"]["b"]["scope"] == "regional"


def test_summary_figures_by_hand():
    # a-b-c path plus isolated d: 4 actors, 2 links, density 2/6, components {a,b,c},{d}
    actors = pd.DataFrame(
        {
            "id": list("abcd"),
            "name": list("ABCD"),
            "type": ["firm", "vet", "firm", "government"],
            "region": ["X", "X", "Y", None],
            "country": ["NO", "NO", "NO", None],
        }
    )
    links = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "type": ["training", None]})
    s = summarise(build_graph(actors, links))
    f = s.figures
    assert (f["n_actors"], f["n_links"], f["components"], f["isolated"]) == (4, 2, 2, 1)
    assert f["density"] == pytest.approx(2 / 6) and f["largest_component_share"] == 0.75
    assert (f["n_regions"], f["n_countries"]) == (2, 1)
    assert s.actors_by_region.loc["X", "firm"] == 1 and s.actors_by_region.loc["Total", "total"] == 4
    assert s.actors_by_region.loc["(none)", "government"] == 1
    assert dict(zip(s.links_by_type["link type"], s.links_by_type["links"])) == {"training": 1, "(no type)": 1}
    scopes = dict(zip(s.links_by_scope["scope"], s.links_by_scope["links"]))
    assert scopes == {"regional": 1, "national": 1, "international": 0}
    assert s.isolated["id"].tolist() == ["d"]


def test_sample_has_the_promised_structure():
    actors, links = sample_ecosystem()
    assert 150 <= len(actors) <= 250
    assert set(actors["type"]) == {"firm", "vet", "university", "rto", "government", "cluster_org"}
    assert actors["region"].nunique() >= 4 and actors["country"].nunique() >= 3
    G = build_graph(actors, links)
    nav_firms = [n for n, d in G.nodes(data=True) if d["type"] == "firm" and d["region"] == "Navarra"]
    assert nav_firms and not any(G.nodes[m]["type"] in ("vet", "university") for n in nav_firms for m in G[n])
    assert G.degree("NAV-VET1") == 0
    cos = [n for n, d in G.nodes(data=True) if d["type"] == "cluster_org"]
    assert any(G.has_edge(a, b) and G[a][b]["scope"] == "international" for a in cos for b in cos)
    years = {y for *_, d in G.edges(data=True) for y in d["years"]}
    assert min(years) <= 2016 and max(years) >= 2023
    # the committed CSVs are exactly the generator's output
    assert (ROOT / "data/actors.csv").read_text(encoding="utf-8") == actors.to_csv(index=False)
    assert (ROOT / "data/links.csv").read_text(encoding="utf-8") == links.to_csv(index=False)


def test_generator_is_deterministic_and_sized():
    a1, l1 = generate(500, links_per_actor=5, seed=3)
    a2, l2 = generate(500, links_per_actor=5, seed=3)
    assert a1.equals(a2) and l1.equals(l2)
    assert len(a1) == 500 and 2000 <= len(l1) <= 2500


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output and "clustergraph " + name in result.output, name


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, flags=re.S)
    assert blocks[0].startswith("pip install -e . && clustergraph report data/actors.csv data/links.csv")
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == blocks[1]


def test_readme_python_api_example_runs(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)\n```", section, flags=re.S).group(1)
    monkeypatch.chdir(ROOT)
    code = code.replace('"output/', f'"{tmp_path.as_posix()}/')
    scope: dict = {}
    exec(compile(code, "README.md (Python API)", "exec"), scope)
    assert (tmp_path / "report.html").is_file() and (tmp_path / "map.html").is_file()
    assert scope["m"].actors["brokerage_total"].max() > 0 and len(scope["gaps"].firms) > 0


def test_api_names_stay_callable_after_submodule_imports():
    import importlib

    import clustergraph

    for name in ("metrics", "report"):
        importlib.import_module(f"clustergraph.{name}")  # sets the package attribute to the module
        assert callable(getattr(clustergraph, name)), name
    for name in ("gaps", "whatif", "suggest"):
        importlib.import_module(f"clustergraph.analysis.{name}")
        assert callable(getattr(clustergraph, name)), name
    assert callable(clustergraph.map) and callable(clustergraph.suggest_partners)
