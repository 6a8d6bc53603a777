"""Issue #29: CSV read as RFC 4180 allows (a quoted cell may hold line breaks and separators), while a
quote that runs away (swallowing the rows below it) is still refused naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.io import read_table
from clustergraph.io.cordis import convert_cordis

CORDIS = Path(__file__).parent / "fixtures" / "cordis"
NOTE = "Line one\nline two, with comma"


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def problems(info) -> str:
    return "\n".join(str(p) for p in info.value.problems)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_actor_name_and_notes_spanning_lines_with_separators(tmp_path, newline):
    actors = write(
        tmp_path / "a.csv",
        'id,name,type,notes\nA,"Acme, Holding\nand sons",firm,"Line one\nline two, with comma"\nB,Beta,vet,plain\n',
        newline,
    )
    links = write(tmp_path / "l.csv", "source,target\nA,B\n", newline)
    table = read_table(actors, "actors")
    nl = newline  # a line break inside a quoted cell is kept as written
    assert [list(r) for r in table.rows] == [
        ["A", f"Acme, Holding{nl}and sons", "firm", NOTE.replace("\n", nl)],
        ["B", "Beta", "vet", "plain"],
    ]
    assert list(table.row_numbers) == [2, 5]  # a row is numbered by the line it starts on
    G = clustergraph.load(actors, links)
    assert G.nodes["A"]["name"] == f"Acme, Holding{nl}and sons" and G.nodes["B"]["notes"] == "plain"
    assert G.nodes["A"]["notes"] == NOTE.replace("\n", nl)


def test_links_cell_spanning_lines_with_separators(tmp_path):
    actors = write(tmp_path / "a.csv", "id,name,type\nA,Alpha,firm\nB,Beta,vet\nC,Gamma,university\n")
    links = write(
        tmp_path / "l.csv",
        'source,target,weight,note\nA,B,2,"agreed 2021,\nrenewed 2023, twice"\nB,C,1,\nA,C,1,"x\n\ny, z"\n',
    )
    G = clustergraph.load(actors, links)
    assert G["A"]["B"]["note"] == "agreed 2021,\nrenewed 2023, twice" and G["A"]["B"]["weight"] == 2
    assert G.number_of_edges() == 3 and G["A"]["C"]["note"] == "x\n\ny, z"


def test_participations_and_projects_cells_spanning_lines(tmp_path):
    actors = write(tmp_path / "a.csv", "id,name,type\nA,Alpha,firm\nB,Beta,vet\nC,Gamma,university\n")
    parts = write(
        tmp_path / "p.csv",
        'project,actor,role\nP1,A,"coordinator,\nwork package 1"\nP1,B,partner\nP2,B,partner\nP2,C,"lead;\nWP2, WP3"\n',
    )
    projects = write(tmp_path / "j.csv", 'id,title\nP1,"Skills, jobs\nand training"\nP2,Plain\n')
    G = clustergraph.load(actors, parts, projects=projects)
    assert G.has_edge("A", "B") and G.has_edge("B", "C") and not G.has_edge("A", "C")
    table = read_table(parts, "participations")
    assert table.rows[0][2] == "coordinator,\nwork package 1" and list(table.row_numbers) == [2, 4, 5, 6]


def test_runaway_quote_is_refused_with_row_and_column(tmp_path):
    # the stray quote on row 3 swallows rows 4 and 5 (each a full row of 3 cells) up to a quote on row 6
    actors = write(tmp_path / "a.csv", 'id,name,type\n1,Acme,firm\n2,"Beta,vet\n3,Gamma,firm\n4,Delta,vet\n5,E",vet\n')
    for lenient in (False, True):
        with pytest.raises(InputError) as info:
            clustergraph.load(actors, write(tmp_path / "l.csv", "source,target\n1,5\n"), lenient=lenient)
        text = problems(info)
        assert "row 3, column 'name': unbalanced quote" in text and "closes only on row 6" in text, text
        assert "line 4 inside the quote reads as a full row of 3 cells" in text


def test_runaway_quote_leaving_the_row_short_is_refused(tmp_path):
    actors = write(tmp_path / "a.csv", 'id,name,type,notes\n1,Acme,firm,"x\ny"\n2,"Beta,vet\nmore", words\n')
    with pytest.raises(InputError) as info:
        read_table(actors, "actors")
    text = problems(info)
    assert "row 4, column 'name': unbalanced quote" in text and "left with 3 cells where the header has 4" in text


def test_runaway_quote_to_the_end_of_the_file_never_closes(tmp_path):
    actors = write(tmp_path / "a.csv", 'id;name;type\n1;Acme;firm\n2;"Beta;vet\n3;Gamma;firm\n4;Delta;vet\n')
    code = CliRunner().invoke(main, ["validate", str(actors), str(write(tmp_path / "l.csv", "source;target\n"))])
    assert code.exit_code == 2 and "row 3, column 'name': unbalanced quote" in code.stderr
    assert "never closes" in code.stderr and "Unexpected" not in code.stderr


def test_quoted_header_spanning_lines_is_not_a_runaway(tmp_path):
    actors = write(tmp_path / "a.csv", 'id,name,"type\n(firm, vet ...)"\nA,Alpha,firm\n')
    table = read_table(actors, "actors")
    assert table.columns[2] == "type\n(firm, vet ...)" and table.rows == [("A", "Alpha", "firm")]


def test_cordis_objective_of_several_lines_with_separators_imports(tmp_path):
    text = (CORDIS / "project.csv").read_text(encoding="utf-8")
    old = '"Training; skills ""and"" jobs\nfor the blue economy"'
    assert old in text
    objective = '"Training; skills ""and"" jobs\nfor the blue economy; fisheries;\naquaculture\n\n; and ports"'
    (tmp_path / "project.csv").write_text(text.replace(old, objective), encoding="utf-8")
    result = convert_cordis(CORDIS / "organization.csv", tmp_path / "project.csv")
    before = convert_cordis(CORDIS / "organization.csv", CORDIS / "project.csv")
    assert len(result.projects) == len(before.projects) and len(result.actors) == len(before.actors)
    assert sorted(result.participations["project"]) == sorted(before.participations["project"])
