"""Issue #14: spreadsheets as cluster managers keep them load without renaming; outputs open in Excel."""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.lookup import resolve_actor
from clustergraph.schema import COLUMN_SYNONYMS, SHEET_NAMES


def cli(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def _german(x) -> str:
    return "" if pd.isna(x) else str(x).replace(".", ",")


def realistic_workbook(path):
    """The workbook of issue #14: sheets Members and Partnerships, a title row above each header,
    columns From/To/Kind/Strength/Date, organisation/category names, German decimal commas."""
    actors = pd.read_csv("data/actors.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv("data/links.csv", dtype=str, keep_default_na=False)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Members"
    ws.append(["Cluster members, as of 1 March 2024"])
    ws.append([])
    ws.append(["ID", "Organisation", "Category", "Region", "Country", "Sector", "Size", "Latitude", "Longitude"])
    for r in actors.itertuples(index=False):
        ws.append([r.id, r.name, r.type, r.region, r.country, r.sector, r.size, _german(r.lat), _german(r.lon)])
    ws2 = wb.create_sheet("Partnerships")
    ws2.append(["Partnerships of the cluster (export from the CRM)"])
    ws2.append(["From", "To", "Kind", "Strength", "Date"])
    for r in links.itertuples(index=False):
        ws2.append([r.source, r.target, r.type, f"{r.weight},0", dt.datetime(int(r.year), 3, 1) if r.year else None])
    wb.save(path)
    return path


def _same_graph(G, H):
    assert set(G.nodes) == set(H.nodes)
    for n in G:
        assert G.nodes[n] == H.nodes[n], n
    assert {frozenset(e) for e in G.edges} == {frozenset(e) for e in H.edges}
    for u, v, d in G.edges(data=True):
        assert d == H[u][v], (u, v)


def test_realistic_workbook_loads_without_renaming_and_equals_the_clean_sample(tmp_path):
    book = realistic_workbook(tmp_path / "cluster.xlsx")
    G = clustergraph.load(book)
    clean = clustergraph.load("data/actors.csv", "data/links.csv")
    _same_graph(G, clean)
    fixed = "\n".join(G.graph["provenance"]["fixed"])
    assert "header found on row 3" in fixed and "Cluster members" in fixed  # title row reported
    assert "'From' as 'source'" in fixed and "'Kind' as 'type'" in fixed and "'Date' as 'year'" in fixed
    assert "decimal comma" in fixed
    # every link keeps its type: none shows as "(no type)"
    assert all(d["types"] for _, _, d in G.edges(data=True))
    code, out, err = cli("validate", book)
    assert code == 0, err
    assert "(no type)" not in out


@pytest.mark.parametrize("table", ["actors", "links"])
def test_each_column_synonym(tmp_path, table):
    base_a = {"id": ["a", "b"], "name": ["Alpha", "Beta"], "type": ["firm", "vet"], "region": ["N", "N"]}
    base_l = {"source": ["a"], "target": ["b"], "type": ["training"], "weight": ["2"], "year": ["2020"]}
    for header, canon in COLUMN_SYNONYMS[table].items():
        a, l = dict(base_a), dict(base_l)
        frame = a if table == "actors" else l
        values = frame.pop(canon, ["x"] * len(next(iter(frame.values()))))
        if canon == "lat":
            values = ["42.5", "43.5"]
        elif canon == "lon":
            values = ["-1.5", "-1.0"]
        elif canon == "year":
            values = ["2020-05-01"]
        frame[header.title()] = values
        pa = tmp_path / "a.csv"
        pl = tmp_path / "l.csv"
        pd.DataFrame(a).to_csv(pa, index=False)
        pd.DataFrame(l).to_csv(pl, index=False)
        G = clustergraph.load(pa, pl)
        if table == "actors":
            if canon == "id":
                assert "a" in G, header
            else:
                assert G.nodes["a"][canon] == {"lat": 42.5, "lon": -1.5}.get(canon, values[0]), header
        else:
            d = G["a"]["b"]
            expected = {"type": ("types", ["training"]), "weight": ("weight", 2.0), "year": ("year", 2020)}
            if canon in expected:
                key, value = expected[canon]
                assert d[key] == value, header
            assert G.number_of_edges() == 1, header
        assert any(f"as '{canon}'" in line for line in G.graph["provenance"]["fixed"]), header


def test_canonical_name_wins_over_a_synonym(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type,Organisation\na,Alpha,firm,Alpha Holding\nb,Beta,vet,x\n")
    l = write(tmp_path / "l.csv", "source,target\na,b\n")
    G = clustergraph.load(a, l)
    assert G.nodes["a"]["name"] == "Alpha" and G.nodes["a"]["Organisation"] == "Alpha Holding"


@pytest.mark.parametrize("kind", ["actors", "links"])
def test_sheet_synonyms(tmp_path, kind):
    for sheet in SHEET_NAMES[kind]:
        book = tmp_path / f"{sheet}.xlsx"
        with pd.ExcelWriter(book) as xl:
            pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "type": ["firm", "vet"]}).to_excel(
                xl, sheet_name=sheet.title() if kind == "actors" else "Actors", index=False
            )
            pd.DataFrame({"source": ["a"], "target": ["b"]}).to_excel(
                xl, sheet_name=sheet.title() if kind == "links" else "Links", index=False
            )
        assert clustergraph.load(book).number_of_edges() == 1, sheet


def test_title_rows_above_the_header_are_skipped_and_reported(tmp_path):
    a = write(
        tmp_path / "a.csv", "Members of the cluster\nExported 2024-03-01\n\nid,name,type\na,Alpha,firm\nb,Beta,vet\n"
    )
    l = write(tmp_path / "l.csv", "Links;;\nsource;target;weight\na;b;1,5\n")
    G = clustergraph.load(a, l)
    assert G["a"]["b"]["weight"] == 1.5
    fixed = " ".join(G.graph["provenance"]["fixed"])
    assert "header found on row 4; 3 rows above it skipped" not in fixed  # the blank row is not a title
    assert "header found on row 4; 2 rows above it skipped ('Members of the cluster'" in fixed


def test_real_merged_header_cells_keep_their_message(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type,,\na,Alpha,firm,oops,\nb,Beta,vet,,\n")
    l = write(tmp_path / "l.csv", "source,target\na,b\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l)
    assert "merged header cells?" in str(info.value)


def test_1O1_did_you_mean_101(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type\n101,Alpha,firm\n202,Beta,vet\n")
    l = write(tmp_path / "l.csv", "source,target\n1O1,202\n")
    code, _, err = cli("validate", a, l)
    assert code == 2 and "unknown actor '1O1' (did you mean '101'?)" in err


def test_decimal_commas_and_thousands_separators(tmp_path):
    a = write(tmp_path / "a.csv", 'id,name,type,lat\na,Alpha,firm,"53,14"\nb,Beta,vet,\nc,C,rto,\n')
    ok = write(tmp_path / "ok.csv", 'source,target,weight\na,b,"1,5"\n')
    G = clustergraph.load(a, ok)
    assert G["a"]["b"]["weight"] == 1.5 and G.nodes["a"]["lat"] == 53.14
    for value, words in [("1,500", "ambiguous"), ("1.234,5", "thousands separator"), ("1 000", "thousands")]:
        bad = write(tmp_path / "bad.csv", f'source,target,weight\na,b,"{value}"\n')
        with pytest.raises(InputError) as info:
            clustergraph.load(a, bad)
        assert "row 2, column 'weight'" in str(info.value) and words in str(info.value), value
    semi = write(tmp_path / "semi.csv", "source;target;weight\na;b;1,500\n")
    assert clustergraph.load(a, semi)["a"]["b"]["weight"] == 1.5  # ';' files use decimal commas


def test_unrecognised_kind_column_is_hinted_never_silent(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type\na,Alpha,firm\nb,Beta,vet\n")
    l = write(tmp_path / "l.csv", "source,target,Art\na,b,training\n")
    G = clustergraph.load(a, l)
    assert any("column 'Art' is kept as an attribute" in f and "'type'" in f for f in G.graph["provenance"]["fixed"])
    missing = write(tmp_path / "m.csv", "source,tagret\na,b\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, missing)
    assert "is 'tagret' meant? name it 'target'" in str(info.value)


# --------------------------------------------------------------------------- names for ids


@pytest.fixture
def named():
    G = nx.Graph()
    G.add_node("101", name="Wirtschaftsförderung Nord", region="Navarra")
    G.add_node("102", name="Cafe Uno", region="Navarra")
    G.add_node("103", name="Café Uno", region="Navarra")
    G.add_node("104", name="Acme", region="País Vasco")
    return G


def test_name_lookup_unique_ambiguous_accent_insensitive(named):
    assert resolve_actor(named, "101") == "101"
    assert resolve_actor(named, "acme") == "104"
    assert resolve_actor(named, "wirtschaftsforderung nord") == "101"  # accents and case ignored
    assert resolve_actor(named, "Café Uno") == "103"  # an exact name wins
    with pytest.raises(InputError) as info:
        resolve_actor(named, "CAFE UNO")
    assert "matches 2 actors" in str(info.value) and "id 102" in str(info.value) and "id 103" in str(info.value)
    with pytest.raises(InputError) as info:
        resolve_actor(named, "Acne")
    assert "did you mean 'Acme' (id 104)" in str(info.value)
    from clustergraph.graph import check_region

    assert check_region(named, "pais vasco") == "País Vasco"


def test_names_on_the_command_line(tmp_path):
    # an id and a name typed without accents, lower case
    code, out, err = cli(
        "whatif", "data/actors.csv", "data/links.csv", "--add", "MRE-F01,more maritime vocational school"
    )
    assert code == 0, err
    assert "MRE-VET1" in out or "Møre Maritime Vocational School" in out
    code, _, err = cli("whatif", "data/actors.csv", "data/links.csv", "--add", "MRE-F01,Mare Maritime Vocational Scool")
    assert code == 2 and "did you mean 'Møre Maritime Vocational School' (id MRE-VET1)" in err
    code, _, err = cli("map", "data/actors.csv", "data/links.csv", "-o", tmp_path / "m.html", "--ego", "cifp pais")
    assert code == 0, err
    code, out, err = cli("gaps", "data/actors.csv", "data/links.csv", "-o", tmp_path / "g", "--region", "navarra")
    assert code == 0, err


# --------------------------------------------------------------------------- outputs


def test_excel_outputs_reopen_with_sheets_formats_and_the_csv_values(tmp_path):
    out = tmp_path / "m"
    code, _, err = cli("metrics", "data/actors.csv", "data/links.csv", "-o", out, "--format", "csv,json", "--excel")
    assert code == 0, err
    wb = openpyxl.load_workbook(out / "metrics.xlsx")
    assert wb.sheetnames == ["Actors", "Groups", "Bridges", "Definitions"]
    ws = wb["Actors"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert all(c.font.bold for c in ws[1])
    csv = pd.read_csv(out / "actors_metrics.csv", keep_default_na=False, na_values=[""])
    header = [c.value for c in ws[1]]
    assert header == list(csv.columns)
    sheet = pd.DataFrame([[c.value for c in row] for row in ws.iter_rows(min_row=2)], columns=header)
    for col in csv.columns:
        a, b = csv[col], sheet[col]
        if pd.api.types.is_numeric_dtype(a) and not pd.api.types.is_bool_dtype(a):
            assert ((a - b.astype(float)).abs().fillna(0) < 1e-9).all(), col
        else:
            assert list(a.fillna("").astype(str)) == list(b.fillna("").astype(str)), col
    col = header.index("degree") + 1
    assert ws.cell(row=2, column=col).number_format == "0"
    defs = {r[1] for r in wb["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert set(csv.columns) <= defs
    gaps = tmp_path / "g"
    code, _, err = cli("gaps", "data/actors.csv", "data/links.csv", "-o", gaps, "--excel")
    assert code == 0, err
    assert openpyxl.load_workbook(gaps / "gaps.xlsx").sheetnames == ["Gaps", "Suggestions", "Definitions"]


def test_excel_csv_dialect_reopens_in_pandas_with_the_same_values(tmp_path):
    plain, excel = tmp_path / "p", tmp_path / "e"
    for folder, dialect in ((plain, "plain"), (excel, "excel")):
        code, _, err = cli(
            "metrics", "data/actors.csv", "data/links.csv", "-o", folder, "--format", "csv", "--csv-dialect", dialect
        )
        assert code == 0, err
    raw = (excel / "actors_metrics.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.splitlines()[0]
    a = pd.read_csv(plain / "actors_metrics.csv")
    b = pd.read_csv(excel / "actors_metrics.csv", sep=";", decimal=",", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(a, b)


def test_raw_text_keeps_at_a1(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type\n@A1,=cmd(),firm\nb,Beta,vet\n")
    l = write(tmp_path / "l.csv", "source,target\n@A1,b\n")
    guarded, raw = tmp_path / "g", tmp_path / "r"
    assert cli("metrics", a, l, "-o", guarded, "--format", "csv", "--excel")[0] == 0
    assert cli("metrics", a, l, "-o", raw, "--format", "csv", "--raw-text", "--excel")[0] == 0
    assert pd.read_csv(guarded / "actors_metrics.csv")["id"].tolist()[0] == "'@A1"
    assert pd.read_csv(raw / "actors_metrics.csv")["id"].tolist()[0] == "@A1"
    assert openpyxl.load_workbook(raw / "metrics.xlsx")["Actors"]["A2"].value == "@A1"
    assert openpyxl.load_workbook(guarded / "metrics.xlsx")["Actors"]["B2"].value == "'=cmd()"


def test_metrics_json_records_inputs_and_weighting(tmp_path):
    for flag, weighted in (("--unweighted", False), ("--weighted", True)):
        out = tmp_path / flag
        assert cli("metrics", "data/actors.csv", "data/links.csv", "-o", out, "--format", "json,csv", flag)[0] == 0
        doc = json.loads((out / "metrics.json").read_text())
        assert doc["summary"]["structural_holes_weighted"] is weighted
        files = {i["table"]: i for i in doc["inputs"]}
        assert files["actors"]["bytes"] > 0 and len(files["links"]["sha256"]) == 64
    a = pd.read_csv(tmp_path / "--unweighted" / "actors_metrics.csv")
    b = pd.read_csv(tmp_path / "--weighted" / "actors_metrics.csv")
    assert not a["constraint"].equals(b["constraint"])  # the sample has weights other than 1


def test_missing_regions_scope_and_until_before_the_data(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type,region,country\na,A,firm,,NO\nb,B,vet,,NO\nc,C,rto,X,ES\n")
    l = write(tmp_path / "l.csv", "source,target,year\na,b,2019\nb,c,2021\n")
    G = clustergraph.load(a, l)
    assert "scope" not in G["a"]["b"]  # no regions: unknown, not "national"
    assert G["b"]["c"]["scope"] == "international"
    code, out, _ = cli("validate", a, l)
    assert code == 0 and "2 actors without a region" in " ".join(out.split())
    code, _, err = cli("report", a, l, "-o", tmp_path / "r", "--until", "1990")
    assert code == 2 and "from 2019 to 2021" in err


def test_report_folder_holds_report_xlsx_with_projects(tmp_path):
    out = tmp_path / "r"
    code, _, err = cli(
        "report",
        "data/projects/actors.csv",
        "data/projects/participations.csv",
        "--projects",
        "data/projects/projects.csv",
        "-o",
        out,
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(out / "report.xlsx")
    assert wb.sheetnames == ["Actors", "Groups", "Gaps", "Suggestions", "Projects", "Definitions"]
    assert "report.xlsx" in (out / "report.html").read_text(encoding="utf-8")
    defs = {r[1]: r[2] for r in wb["Definitions"].iter_rows(min_row=2, values_only=True)}
    assert all(defs.values())
