"""Silent changes in the CORDIS import (issue 29): every value dropped, blanked or chosen is reported.

Amounts in other notations, amounts that are not amounts, projects without
organisations, a start after the end, an organisation listed with another type or
country, and the formula guard (data files the tool reads back carry none).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.io.cordis import convert_cordis
from clustergraph.synthetic import generate

FIXTURE = Path(__file__).parent / "fixtures" / "cordis"


def _table(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";", quoting=csv.QUOTE_ALL).writerows([header, *rows])
    return path


@pytest.fixture()
def hostile(tmp_path):
    ph, projects = _table(FIXTURE / "project.csv")
    oh, orgs = _table(FIXTURE / "organization.csv")
    p, o = {c: i for i, c in enumerate(ph)}, {c: i for i, c in enumerate(oh)}
    costs = ["1.000.000,00 €", "-5", "1e400"]
    for row, cost in zip(projects, costs):
        row[p["totalCost"]] = cost
    projects[0][p["startDate"]], projects[0][p["endDate"]] = "2024-05-01", "2022-01-01"  # ends before it starts
    lonely = list(projects[0])
    lonely[p["id"]], lonely[p["acronym"]] = "109999999", "LONELY"
    projects.append(lonely)  # no organisation row
    # an organisation seen again in another project with another type and country
    first = next(r for r in orgs if r[o["organisationID"]] == "999990001")
    again = list(first)
    other_project = "700001"  # a project 999990001 is not in
    again[o["projectID"]], again[o["activityType"]], again[o["country"]] = other_project, "PRC", "PT"
    orgs.append(again)
    orgs[1][o["name"]] = '=HYPERLINK("http://x.invalid","click")'
    return _write(tmp_path / "organization.csv", oh, orgs), _write(tmp_path / "project.csv", ph, projects)


def test_amounts_in_other_notations_are_read_and_the_rest_reported(hostile):
    result = convert_cordis(*hostile)
    budgets = result.projects.set_index("id")["budget"]
    assert budgets["101000001"] == 1_000_000.0  # other notations: see the doctest of io.cordis._cost
    note = next(n for n in result.notes if "totalCost values" in n)
    assert note.startswith("cleared: 2 totalCost values") and "'-5'" in note and "'1e400'" in note, note


def test_projects_without_organisations_are_reported(hostile):
    result = convert_cordis(*hostile)
    assert "109999999" not in set(result.projects["id"])
    assert any(
        n.startswith("dropped: 1 projects with no row in the organisation file: 109999999") for n in result.notes
    )


def test_start_after_end_is_reported_at_import_and_the_result_loads(hostile, tmp_path):
    result = convert_cordis(*hostile)
    note = next(n for n in result.notes if "end before they start" in n)
    assert "2024-05-01 > 2022-01-01" in note
    out = tmp_path / "imported"
    res = CliRunner().invoke(main, ["import", "cordis", str(hostile[0]), str(hostile[1]), "-o", str(out)])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(
        main,
        ["validate", str(out / "actors.csv"), str(out / "participations.csv"), "--projects", str(out / "projects.csv")],
    )
    assert res.exit_code == 0, res.output  # report and validate accept what import wrote


def test_an_organisation_with_another_type_or_country_is_reported(hostile):
    result = convert_cordis(*hostile)
    note = next(n for n in result.notes if "another type or country" in n)
    assert "999990001: HES/ES on row" in note and "PRC/PT on row" in note
    actor = result.actors.set_index("id").loc["999990001"]
    assert actor["type"] == "university" and actor["country"] == "ES"  # the first, as said


def test_import_writes_data_files_without_the_formula_guard(hostile, tmp_path):
    out = tmp_path / "imported"
    res = CliRunner().invoke(main, ["import", "cordis", str(hostile[0]), str(hostile[1]), "-o", str(out)])
    assert res.exit_code == 0, res.output
    text = (out / "actors.csv").read_text(encoding="utf-8")
    assert '=HYPERLINK(""http://x.invalid"",""click"")' in text and "'=HYPERLINK" not in text
    metrics = tmp_path / "m"
    res = CliRunner().invoke(main, ["metrics", str(out / "actors.csv"), str(out / "participations.csv"),
                                    "-o", str(metrics), "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "'=HYPERLINK" in (metrics / "actors_metrics.csv").read_text(encoding="utf-8")  # spreadsheet output: guarded


def test_full_region_and_country_matrices_beside_the_cut_tables(tmp_path):
    actors, links = generate(80, n_regions=14, seed=3)
    actors.to_csv(tmp_path / "a.csv", index=False)
    links.to_csv(tmp_path / "l.csv", index=False)
    out = tmp_path / "r"
    res = CliRunner().invoke(main, ["report", str(tmp_path / "a.csv"), str(tmp_path / "l.csv"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    with open(out / "region_matrix.csv", encoding="utf-8") as fh:
        cut = list(csv.reader(fh))
    with open(out / "region_matrix_full.csv", encoding="utf-8") as fh:
        full = list(csv.reader(fh))
    assert cut[-1][0] == "others" and len(full) == actors["region"].nunique() + 1
    top = {row[0]: dict(zip(cut[0][1:], row[1:])) for row in cut[1:] if row[0] != "others"}
    whole = {row[0]: dict(zip(full[0][1:], row[1:])) for row in full[1:]}
    assert all(whole[a][b] == v for a, row in top.items() for b, v in row.items() if b != "others")
