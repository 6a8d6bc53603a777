"""Loader and validation: every error class names file, row and column; exit code 2."""

from __future__ import annotations

import codecs
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.errors import InputError

ROOT = Path(__file__).resolve().parents[1]

ACTORS = """id,name,type,region,country,sector
f1,Alpha Marine AS,firm,North,NO,maritime
f2,Beta Parts AS,company,North,NO,maritime
v1,North VET,VET provider,North,NO,maritime
u1,South University,higher education,South,NO,
g1,County,government,North,NO,
c1,Cluster North,cluster organisation,North,NO,
r1,Tech Centre,technology centre,South,ES,
"""

LINKS = """source,target,type,weight,year
f1,v1,training,1,2019
f2,c1,membership,2,2020
c1,v1,curriculum,1,2021
f1,f2,supply,1,2018
u1,r1,research,3,2022
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path = folder / name
    path.write_bytes(bom + text.encode(encoding))
    return path


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def files(tmp_path):
    return write(tmp_path, "actors.csv", ACTORS), write(tmp_path, "links.csv", LINKS)


def graph_signature(G: nx.Graph):
    nodes = sorted((n, tuple(sorted(d.items()))) for n, d in G.nodes(data=True))
    edges = sorted(
        (tuple(sorted((u, v))), tuple(sorted((k, str(x)) for k, x in d.items()))) for u, v, d in G.edges(data=True)
    )
    return nodes, edges


def test_bundled_sample_validates():
    code, out, err = run("validate", str(ROOT / "data/actors.csv"), str(ROOT / "data/links.csv"))
    assert code == 0, err
    assert "190 actors" in out
    assert "Navarra" in out and "Isolated actors" in out


def test_load_builds_typed_graph_with_aliases_and_isolates(files):
    G = clustergraph.load(*files)
    assert G.number_of_nodes() == 7 and G.number_of_edges() == 5
    assert G.nodes["f2"]["type"] == "firm"  # company -> firm
    assert G.nodes["v1"]["type"] == "vet"  # VET provider -> vet
    assert G.nodes["u1"]["type"] == "university"  # higher education -> university
    assert G.nodes["r1"]["type"] == "rto"  # technology centre -> rto
    assert G.nodes["c1"]["type"] == "cluster_org"
    assert G.degree("g1") == 0  # isolated actors are kept
    assert "sector" not in G.nodes["u1"]  # empty optional cells are absent
    assert G["f1"]["v1"]["scope"] == "regional"  # same region
    assert G["u1"]["r1"]["scope"] == "international"  # NO vs ES
    prov = G.graph["provenance"]
    assert prov["actors"]["rows_kept"] == 7 and len(prov["actors"]["sha256"]) == 64


def test_repeated_links_merge(tmp_path):
    a = write(tmp_path, "a.csv", ACTORS)
    l = write(
        tmp_path,
        "l.csv",
        "source,target,type,weight,year\nf1,v1,training,1,2019\nv1,f1,internship,2.5,2021\nf1,v1,training,1,2019\n",
    )
    G = clustergraph.load(a, l)
    d = G["f1"]["v1"]
    assert d["weight"] == 4.5 and d["count"] == 3
    assert d["types"] == ["internship", "training"] and d["years"] == [2019, 2021] and d["year"] == 2019
    assert any("2 repeated links merged" in f for f in G.graph["provenance"]["fixed"])
    D = clustergraph.load(a, l, directed=True)
    assert D.is_directed() and D["f1"]["v1"]["count"] == 2 and D["v1"]["f1"]["count"] == 1


BAD_CASES = [
    # (actors text, links text, expected fragments: file, row, column, message)
    (
        ACTORS.replace("id,name,type", "ident,name,type"),
        LINKS,
        ("actors.csv", "row 1", "column 'id'", "missing required column"),
    ),
    (
        ACTORS.replace("f2,Beta", ",Beta"),
        LINKS.replace("f2,c1", "f1,c1").replace("f1,f2", "f1,c1"),
        ("actors.csv", "row 3", "column 'id'", "empty id"),
    ),
    (
        ACTORS + "f1,Again,firm,North,NO,\n",
        LINKS,
        ("actors.csv", "row 9", "column 'id'", "duplicate id 'f1' (first on row 2)"),
    ),
    (
        ACTORS.replace("Tech Centre,technology centre", "Tech Centre,bakery"),
        LINKS,
        (
            "actors.csv",
            "row 8",
            "column 'type'",
            "unknown type 'bakery'; allowed: firm, vet, university, rto, government, cluster_org",
        ),
    ),
    (ACTORS, LINKS + "f1,zz9,project,1,2020\n", ("links.csv", "row 7", "column 'target'", "unknown actor 'zz9'")),
    (ACTORS, LINKS + "f1,g1,project,heavy,2020\n", ("links.csv", "row 7", "column 'weight'", "not a positive number")),
    (ACTORS, LINKS + "f1,g1,project,0,2020\n", ("links.csv", "row 7", "column 'weight'", "weight '0'")),
    (ACTORS, LINKS + "f1,g1,project,-2,2020\n", ("links.csv", "row 7", "column 'weight'", "weight '-2'")),
    (ACTORS, LINKS + "f1,g1,project,1,twenty\n", ("links.csv", "row 7", "column 'year'", "year 'twenty'")),
    (ACTORS, LINKS + "f1,g1,project,1,3020\n", ("links.csv", "row 7", "column 'year'", "from 1900 to 2100")),
    (ACTORS, LINKS + "f1,f1,project,1,2020\n", ("links.csv", "row 7", "column 'target'", "self-loop")),
    (
        ACTORS,
        LINKS.replace("source,target", "origin,target"),
        ("links.csv", "row 1", "column 'source'", "missing required column"),
    ),
]


@pytest.mark.parametrize("actors,links,expected", BAD_CASES)
def test_each_error_names_file_row_column_and_exits_2(tmp_path, actors, links, expected):
    a, l = write(tmp_path, "actors.csv", actors), write(tmp_path, "links.csv", links)
    code, out, err = run("validate", str(a), str(l))
    assert code == 2
    for fragment in expected:
        assert fragment in err, (fragment, err)
    assert "Traceback" not in err + out
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l)
    p = info.value.problems[0]
    assert p.file.endswith(expected[0]) and f"row {p.row}" == expected[1]


def test_all_problems_are_listed_together(tmp_path):
    a = write(tmp_path, "actors.csv", ACTORS + "x1,,firm,North,NO,\nx2,Name,bakery,North,NO,\n")
    l = write(tmp_path, "links.csv", LINKS + "f1,nobody,project,1,2020\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l)
    where = {(p.row, p.column) for p in info.value.problems}
    assert where == {(9, "name"), (10, "type"), (7, "target")}


def test_lenient_drops_bad_rows_reports_each_and_keeps_the_rest(tmp_path):
    a = write(tmp_path, "actors.csv", ACTORS + "x2,Name,bakery,North,NO,\n")
    l = write(tmp_path, "links.csv", LINKS + "f1,nobody,project,1,2020\nf1,x2,project,1,2020\nf1,g1,project,-1,\n")
    code, out, err = run("validate", "--lenient", str(a), str(l))
    assert code == 0, err
    G = clustergraph.load(a, l, lenient=True)
    assert G.number_of_nodes() == 7 and G.number_of_edges() == 5
    dropped = G.graph["provenance"]["dropped"]
    assert len(dropped) == 4
    assert "row 9, column 'type'" in dropped[0] and "row dropped" in dropped[0]
    assert any("row 8, column 'target': actor 'x2' was dropped" in d for d in dropped)
    assert any("row 7, column 'target': unknown actor 'nobody'" in d for d in dropped)
    flat = " ".join(err.split())
    assert "4 row problems" in flat and "links.csv, row 9, column 'weight'" in flat


def test_comma_semicolon_bom_and_xlsx_give_identical_graphs(tmp_path, files):
    import pandas as pd

    reference = graph_signature(clustergraph.load(*files))
    semi_a = write(tmp_path, "a_semi.csv", ACTORS.replace(",", ";"), bom=codecs.BOM_UTF8)
    semi_l = write(tmp_path, "l_semi.csv", LINKS.replace(",", ";"), bom=codecs.BOM_UTF8)
    assert graph_signature(clustergraph.load(semi_a, semi_l)) == reference
    book = tmp_path / "ecosystem.xlsx"
    with pd.ExcelWriter(book) as xl:
        pd.read_csv(files[0], dtype=str, keep_default_na=False).to_excel(xl, sheet_name="actors", index=False)
        links = pd.read_csv(files[1], keep_default_na=False)  # numbers as Excel numbers
        links.to_excel(xl, sheet_name="links", index=False)
        pd.DataFrame({"note": ["extra sheets are ignored"]}).to_excel(xl, sheet_name="readme", index=False)
    G = clustergraph.load(book)  # one workbook, two sheets
    assert graph_signature(G) == reference
    code, out, err = run("validate", str(book))
    assert code == 0, err


def test_xlsx_missing_sheet_is_reported(tmp_path):
    import pandas as pd

    book = tmp_path / "only.xlsx"
    with pd.ExcelWriter(book) as xl:
        pd.DataFrame({"id": ["a"]}).to_excel(xl, sheet_name="members", index=False)
        pd.DataFrame({"x": [1]}).to_excel(xl, sheet_name="other", index=False)
    code, out, err = run("validate", str(book))
    assert code == 2 and "no sheet named 'links' (sheets: members, other)" in " ".join(err.split())


def test_hostile_and_non_ascii_names_round_trip(tmp_path):
    name = 'Søren "Æble" <script>alert(1)</script>, Müller & Peña'
    a = write(tmp_path, "a.csv", 'id,name,type\nx,"' + name.replace('"', '""') + '",firm\ny,Ñandú,vet\n')
    l = write(tmp_path, "l.csv", "source,target\nx,y\n")
    G = clustergraph.load(a, l)
    assert G.nodes["x"]["name"] == name and G.nodes["y"]["name"] == "Ñandú"


def test_ids_rule_7_equals_7_0_but_not_007(tmp_path):
    a = write(tmp_path, "a.csv", "id,name,type\n7,Seven,firm\n8.0,Eight,vet\n")
    l = write(tmp_path, "l.csv", "source,target\n7.0,8\n")
    G = clustergraph.load(a, l)
    assert sorted(G.nodes) == ["7", "8"] and G.has_edge("7", "8")
    l2 = write(tmp_path, "l2.csv", "source,target\n007,8\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l2)
    assert "unknown actor '007' (did you mean '7'? leading zeros count in ids)" in str(info.value)


def test_spaces_are_trimmed_and_reported(tmp_path):
    a = write(tmp_path, "a.csv", "id,name,type\n a ,A, Firm \nb,B,vet\n")
    l = write(tmp_path, "l.csv", "source,target\na , b\n")
    G = clustergraph.load(a, l)
    assert G.has_edge("a", "b") and G.nodes["a"]["type"] == "firm"
    fixed = " ".join(G.graph["provenance"]["fixed"])
    assert "spaces trimmed around 1 value in column 'id'" in fixed and "column 'source'" in fixed


def test_latin1_and_utf16_files(tmp_path):
    text = "id,name,type\n1,Bødker Øst,firm\n2,Peña,vet\n"
    a = write(tmp_path, "a.csv", text, encoding="latin-1")
    l = write(tmp_path, "l.csv", "source,target\n1,2\n")
    G = clustergraph.load(a, l)
    assert G.nodes["1"]["name"] == "Bødker Øst"
    assert any("not UTF-8" in f and "Windows-1252" in f for f in G.graph["provenance"]["fixed"])
    u = write(tmp_path, "u.txt", text.replace(",", "\t"), encoding="utf-16")  # Excel "Unicode text"
    assert clustergraph.load(u, l).nodes["2"]["name"] == "Peña"


@pytest.mark.parametrize("kind", ["missing", "folder", "empty", "header-only"])
def test_unusable_files(tmp_path, files, kind):
    target = {
        "missing": tmp_path / "nope.csv",
        "folder": tmp_path,
        "empty": write(tmp_path, "e.csv", ""),
        "header-only": write(tmp_path, "h.csv", "id,name,type\n"),
    }[kind]
    code, out, err = run("validate", str(target), str(files[1]))
    assert code == 2
    msg = " ".join(err.split())
    assert {
        "missing": "actors file not found",
        "folder": "is a folder",
        "empty": "file is empty",
        "header-only": "no actors",
    }[kind] in msg
    assert str(target.name) in msg


def test_real_process_exit_code_and_no_traceback(tmp_path):
    a = write(tmp_path, "a.csv", ACTORS.replace("firm,North", "fırm,North", 1))
    l = write(tmp_path, "l.csv", LINKS)
    proc = subprocess.run(
        [sys.executable, "-m", "clustergraph", "validate", str(a), str(l)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 2
    assert "row 2, column 'type': unknown type 'fırm'" in " ".join(proc.stderr.split())
    assert "Traceback" not in proc.stderr
