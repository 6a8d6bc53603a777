"""Projects as results: the ECCP typology (Wilson 2020) of each project of a hand-made case, the grid,
the skills projects per region, projects_metrics.csv, the report section and the generated projects."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from clustergraph.analysis.projects import project_metrics, skills_projects, typology_grid
from clustergraph.projection import ProjectData

ACTORS = {
    "co": ("cluster_org", "N", "NO"),
    "f1": ("firm", "N", "NO"),
    "v1": ("vet", "N", "NO"),
    "g1": ("government", "N", "NO"),
    "h1": ("other", "N", "NO"),
    "u2": ("university", "S", "ES"),
    "r2": ("rto", "S", "ES"),
    **{f"x{i}": ("firm", "S", "ES") for i in range(10)},
}
# project -> (partners, start, end); expected (scope, complexity, timing, helices)
CASE = {
    "ALONE": (["co"], "2022-01-01", "2022-06-30"),
    "LOCAL": (["f1", "v1"], "2021-01-01", "2022-12-31"),
    "INTL": (["f1", "u2"], "2019-01-01", "2022-12-31"),
    "HELIX": (["f1", "v1", "g1"], "2020-01-01", "2021-06-30"),
    "BIG": ([f"x{i}" for i in range(10)], None, None),
    "CIVIL": (["f1", "h1", "r2"], "2018", "2023"),
}
EXPECTED = {
    "ALONE": ("acting alone", "low-medium", "ST", ""),
    "LOCAL": ("collaboration, regional/national", "low-medium", "MT", "industry;knowledge"),
    "INTL": ("collaboration, international", "low-medium", "LT", "industry;knowledge"),
    "HELIX": ("collaboration, regional/national", "high", "MT", "industry;knowledge;government"),
    "BIG": ("collaboration, regional/national", "high", None, "industry"),
    "CIVIL": ("collaboration, international", "high", "LT", "industry;knowledge;civil society"),
}


@pytest.fixture
def case():
    from clustergraph.io.participations import parse_date

    G = nx.Graph()
    for a, (t, r, c) in ACTORS.items():
        G.add_node(a, name=a.upper(), type=t, region=r, country=c)
    parts = pd.DataFrame(
        [(p, a, "coordinator" if k == 0 else "participant") for p, (m, _, _) in CASE.items() for k, a in enumerate(m)],
        columns=["project", "actor", "role"],
    )
    projects = pd.DataFrame(
        {
            "id": list(CASE),
            "acronym": list(CASE),
            "start": [parse_date(s) if s else pd.NaT for _, s, _ in CASE.values()],
            "end": [parse_date(e, end=True) if e else pd.NaT for _, _, e in CASE.values()],
        }
    )
    G.graph["projects"] = ProjectData(projects, parts)
    return G


def test_typology_of_each_project(case):
    m = project_metrics(case).set_index("id")
    for pid, (scope, complexity, timing, helices) in EXPECTED.items():
        row = m.loc[pid]
        got_timing = None if pd.isna(row["timing"]) else row["timing"]
        assert (row["scope"], row["complexity"], got_timing, row["helices"] if pd.notna(row["helices"]) else "") == (
            scope,
            complexity,
            timing,
            helices,
        ), pid
    assert m.loc["BIG", "n_partners"] == 10 and m.loc["BIG", "n_firm"] == 10
    assert m.loc["CIVIL", "n_other"] == 1 and m.loc["CIVIL", "countries"] == "ES;NO"
    assert m.loc["LOCAL", "coordinator"] == "f1"
    assert bool(m.loc["LOCAL", "education_with_firms"]) and not bool(m.loc["CIVIL", "education_with_firms"])


def test_thresholds_are_options(case):
    m = project_metrics(case, high_helices=4, high_partners=11).set_index("id")
    assert m.loc["HELIX", "complexity"] == m.loc["BIG", "complexity"] == "low-medium"
    m = project_metrics(case, high_helices=2).set_index("id")
    assert m.loc["LOCAL", "complexity"] == "high"


def test_grid_counts_and_timing_mix(case):
    g = typology_grid(project_metrics(case)).set_index(["complexity", "scope"])
    assert g["n_projects"].sum() == len(CASE)
    high_nat = g.loc[("high", "collaboration, regional/national")]
    assert (high_nat["n_projects"], high_nat["MT"], high_nat["timing_unknown"]) == (2, 1, 1)
    assert high_nat["largest_ids"] == "BIG;HELIX"  # most partners first
    assert g.loc[("low-medium", "acting alone"), "ST"] == 1


def test_skills_projects_per_region(case):
    s = skills_projects(case)
    assert s[["region", "project"]].values.tolist() == [["N", "HELIX"], ["N", "INTL"], ["N", "LOCAL"]]
    assert s.set_index("project").loc["INTL", "education_in_region"] == 0


@pytest.fixture(scope="module")
def sample_outputs(tmp_path_factory):
    from click.testing import CliRunner

    from clustergraph.cli import main

    tmp = tmp_path_factory.mktemp("projects-sample")
    d = "data/projects/"
    args = [d + "actors.csv", d + "participations.csv", "--projects", d + "projects.csv"]
    results = {}
    for command in (["validate"], ["metrics", "--format", "csv", "-o", str(tmp / "m")],
                    ["gaps", "-o", str(tmp / "g")], ["map", "-o", str(tmp / "map.html")],
                    ["report", "-o", str(tmp / "r")]):  # fmt: skip
        res = CliRunner().invoke(main, command[:1] + args + command[1:])
        results[command[0]] = (res.exit_code, res.output)
    return tmp, results


def test_sample_and_outputs(sample_outputs):
    tmp_path, results = sample_outputs
    for command, (code, output) in results.items():
        assert code == 0, (command, output)
    m = pd.read_csv(tmp_path / "m" / "projects_metrics.csv")
    assert len(m) == 32 and {"scope", "complexity", "timing", "n_other"} <= set(m.columns)
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert 'id="projects"' in html and 'href="#projects"' in html and "WELDSKILLS" in html
    assert "Other (civil society)" in (tmp_path / "map.html").read_text(encoding="utf-8")


def test_browser_report_with_projects_offline(open_page, sample_outputs):
    tmp_path, _ = sample_outputs
    for width in (1400, 400):
        res = open_page(tmp_path / "r" / "report.html", width=width)
        assert not res.errors and not res.requests_blocked
        assert "Collaboration, international" in res.text("#projects")
        box = res.evaluate("document.querySelector('#projects table.typology').getBoundingClientRect().height")
        assert box > 100


def test_report_without_projects_has_no_projects_section(tmp_path):
    from clustergraph.graph import build_graph
    from clustergraph.report.build import collect
    from clustergraph.report.projects_section import projects_section
    from clustergraph.synthetic import sample_ecosystem

    data = collect(build_graph(*sample_ecosystem()))
    assert data.projects is None and data.projects_view is None
    assert projects_section(data) is None


def test_generated_projects_have_real_shape():
    from clustergraph.synthetic import generate, generate_projects

    actors, _ = generate(2000, seed=3, other_share=0.05)
    parts, projects = generate_projects(actors, seed=3)
    sizes = parts.groupby("project").size()
    per_org = parts.groupby("actor").size()
    assert (sizes >= 30).sum() >= 2 and sizes.median() <= 4  # heavy tail
    assert 0.2 <= (per_org == 1).sum() / len(actors) <= 0.4  # organisations in a single project
    assert (actors["type"] == "other").sum() > 0
    assert not parts.duplicated(["project", "actor"]).any()


def test_generated_ecosystem_with_projects_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from clustergraph.cli import main
    from clustergraph.synthetic import generate, generate_projects

    actors, links = generate(600, seed=5, other_share=0.05)
    parts, projects = generate_projects(actors, seed=5)
    actors.to_csv(tmp_path / "actors.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    parts.to_csv(tmp_path / "participations.csv", index=False)
    projects.to_csv(tmp_path / "projects.csv", index=False)
    base = [str(tmp_path / "actors.csv"), str(tmp_path / "links.csv"), "--participations",
            str(tmp_path / "participations.csv"), "--projects", str(tmp_path / "projects.csv")]  # fmt: skip
    res = CliRunner().invoke(main, ["report", *base, "-o", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    m = pd.read_csv(tmp_path / "r" / "projects_metrics.csv")
    assert len(m) == len(projects) and set(m["scope"]) == {
        "acting alone",
        "collaboration, regional/national",
        "collaboration, international",
    }
