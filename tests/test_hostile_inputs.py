"""Issue #17 (input side): nothing changes silently, no unexpected error from any value, bounded reading.

Small inputs only; the big cases (a 200 MB CSV, .xlsx bombs of millions of rows) are benchmarks
(``benchmarks/input_bench.py``).
"""

from __future__ import annotations

import io
import re
import zipfile

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.graph import check_graph
from clustergraph.io import InputBudget, parse_number, parse_year, read_table

ACTORS = "id,name,type,region\na,Alpha,firm,North\nb,Beta,vet,North\nc,Gamma,university,South\n"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def cli(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


def problems(exc_info) -> str:
    return "\n".join(str(p) for p in exc_info.value.problems)


# --------------------------------------------------------------------------- quotes


def test_unbalanced_quote_that_closes_rows_later_names_the_row(tmp_path):
    a = write(tmp_path / "a.csv", 'id,name,type\n1,"Acme,firm\n2,Beta,firm\n3,Gamma",firm\n4,Delta,vet\n')
    l = write(tmp_path / "l.csv", "source,target\n1,4\n")
    for lenient in (False, True):
        with pytest.raises(InputError) as info:
            clustergraph.load(a, l, lenient=lenient)
        assert "row 2, column 'name': unbalanced quote" in problems(info) and "closes only on row 4" in problems(info)


def test_unbalanced_quote_that_never_closes(tmp_path):
    a = write(tmp_path / "a.csv", 'id,name,type\n1,Acme,firm\n2,"Beta,firm\n3,Gamma,firm\n')
    with pytest.raises(InputError) as info:
        read_table(a, "actors")
    assert "row 3, column 'name': unbalanced quote" in problems(info) and "never closes" in problems(info)


def test_multi_line_cell_without_separators_is_kept(tmp_path):
    a = write(tmp_path / "a.csv", 'id,name,type\n1,"Acme\nHolding",firm\n2,Beta,vet\n')
    t = read_table(a, "actors")
    assert t.rows[0][1] == "Acme\nHolding"


# --------------------------------------------------------------------------- workbooks


def _book(path, sheets: dict, hidden=(), build=None):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    if build:
        build(wb)
    wb.save(path)
    return path


ACTOR_ROWS = [["id", "name", "type", "region"], ["a", "Alpha", "firm", "North"], ["b", "Beta", "vet", None]]
ACTOR_ROWS += [["c", "Gamma", "firm", None]]
LINK_ROWS = [["source", "target", "weight"], ["a", "b", 2]]


def test_merged_region_cells_are_filled_from_the_top_left_and_reported(tmp_path):
    book = _book(
        tmp_path / "m.xlsx",
        {"actors": ACTOR_ROWS, "links": LINK_ROWS},
        build=lambda wb: wb["actors"].merge_cells("D2:D4"),
    )
    G = clustergraph.load(book)
    assert [G.nodes[n]["region"] for n in "abc"] == ["North"] * 3
    assert any("2 cells of merged ranges (D2:D4) filled" in f for f in G.graph["provenance"]["fixed"])


def test_merged_block_across_rows_and_columns_is_refused(tmp_path):
    book = _book(
        tmp_path / "m.xlsx",
        {"actors": ACTOR_ROWS, "links": LINK_ROWS},
        build=lambda wb: wb["actors"].merge_cells("C2:D3"),
    )
    with pytest.raises(InputError) as info:
        clustergraph.load(book)
    assert "cells C2:D3 are merged across rows and columns" in problems(info)


def test_formula_without_a_saved_value_says_save_in_excel(tmp_path):
    rows = LINK_ROWS + [["a", "b", "=1+1"]]
    book = _book(tmp_path / "f.xlsx", {"actors": ACTOR_ROWS, "links": rows})
    with pytest.raises(InputError) as info:
        clustergraph.load(book)
    text = problems(info)
    assert "row 3, column 'weight'" in text and "formula cell without a saved value (C3 (weight))" in text
    assert "save it" in text


def test_hidden_sheet_is_never_preferred_and_its_use_is_reported(tmp_path):
    stale = [["id", "name", "type"], ["old", "Old", "firm"]]
    book = _book(tmp_path / "h.xlsx", {"actors ": stale, "Actors": ACTOR_ROWS, "links": LINK_ROWS}, hidden=("actors ",))
    G = clustergraph.load(book)
    assert "old" not in G and "a" in G
    only_hidden = _book(
        tmp_path / "h2.xlsx", {"actors": ACTOR_ROWS, "links": LINK_ROWS, "x": [["y"]]}, hidden=("actors",)
    )
    G = clustergraph.load(only_hidden)
    assert any("read the hidden sheet 'actors'" in f for f in G.graph["provenance"]["fixed"])


def _rewrite_sheet(path, transform):
    src = zipfile.ZipFile(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = transform(data)
            out.writestr(info, data)
    path.write_bytes(buf.getvalue())
    return path


def test_declared_dimension_bomb_is_refused(tmp_path):
    book = _book(tmp_path / "d.xlsx", {"actors": ACTOR_ROWS, "links": LINK_ROWS})
    _rewrite_sheet(book, lambda d: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', d))
    code, _, err = cli("validate", book)
    assert code == 2 and "declares its size as A1:XFD1048576" in " ".join(err.split())


def test_actual_rows_beyond_the_budget_are_refused_before_reading(tmp_path):
    rows = [["source", "target"]] + [["a", "b"]] * 50
    book = _book(tmp_path / "r.xlsx", {"actors": ACTOR_ROWS, "links": rows})
    _rewrite_sheet(book, lambda d: re.sub(rb"<dimension [^>]*/>", b"", d))  # no declared size
    code, _, err = cli("validate", book, "--max-rows", "20")
    assert code == 2 and "more than 20 data rows" in err and "--max-rows" in err


def test_decompression_ratio_guard(tmp_path, monkeypatch):
    import clustergraph.io.xlsx as xlsx

    rows = [["source", "target"]] + [["a", "b"]] * 3000
    book = _book(tmp_path / "z.xlsx", {"actors": ACTOR_ROWS, "links": rows})
    monkeypatch.setattr(xlsx, "RATIO_FLOOR_MB", 0)
    monkeypatch.setattr(xlsx, "MAX_XLSX_RATIO", 5)
    with pytest.raises(InputError) as info:
        clustergraph.load(book)
    assert "decompression bomb" in problems(info)


def test_cell_size_budget(tmp_path):
    a = write(tmp_path / "a.csv", ACTORS + "d," + "x" * 5000 + ",firm,North\n")
    l = write(tmp_path / "l.csv", "source,target\na,b\n")
    code, _, err = cli("validate", a, l, "--max-cell-bytes", "1000")
    assert code == 2 and "row 5, column '#2'" in err and "--max-cell-bytes" in err
    assert clustergraph.load(a, l, budget=InputBudget(max_cell_bytes=10_000)).number_of_nodes() == 4


# --------------------------------------------------------------------------- ids


def test_ids_colliding_after_nfc_are_one_id_and_links_match(tmp_path):
    nfd, nfc = "Cafe\u0301-1", "Caf\u00e9-1"
    a = write(tmp_path / "a.csv", f"id,name,type\n{nfd},Café,firm\nb,Beta,vet\n")
    l = write(tmp_path / "l.csv", f"source,target\n{nfc},b\n")
    G = clustergraph.load(a, l)
    assert G.has_edge(nfc, "b")
    assert any("Unicode NFC" in f for f in G.graph["provenance"]["fixed"])
    dup = write(tmp_path / "d.csv", f"id,name,type\n{nfd},Café,firm\n{nfc},Café 2,vet\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(dup, l)
    assert "duplicate id" in problems(info) and "Unicode NFC" in problems(info)


def test_ids_differing_by_case_get_a_notice_and_a_suggestion(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type\nabc,A,firm\nABC,B,vet\nx,X,vet\n")
    G = clustergraph.load(a, write(tmp_path / "l.csv", "source,target\nabc,x\n"))
    assert any("differ only by case" in f for f in G.graph["provenance"]["fixed"])
    with pytest.raises(InputError) as info:
        clustergraph.load(a, write(tmp_path / "l2.csv", "source,target\nX,abc\n"))
    assert "did you mean 'x'? ids are case-sensitive" in problems(info)


# --------------------------------------------------------------------------- value parsers


@pytest.mark.parametrize("year", ["1e400", "9" * 400, "2²", "٢٠٢٠", "2020.5", "nan", "20 20", "1899", "2101"])
def test_years_refused_with_row_and_column(tmp_path, year):
    a = write(tmp_path / "a.csv", ACTORS)
    l = write(tmp_path / "l.csv", f"source,target,year\na,b,{year}\n")
    code, _, err = cli("validate", a, l)
    assert code == 2 and "row 2, column 'year'" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "weight", ["1e400", "9" * 400, "2²", "1e308", "1e-320", "1_000", "0x10", "infinity", "1e13", "1e-10"]
)
def test_weights_refused_with_row_and_column(tmp_path, weight):
    a = write(tmp_path / "a.csv", ACTORS)
    l = write(tmp_path / "l.csv", f"source,target,weight\na,b,{weight}\n")
    code, _, err = cli("validate", a, l)
    assert code == 2 and "row 2, column 'weight'" in err and "Traceback" not in err


def test_largest_weights_merge_to_a_finite_sum(tmp_path):
    a = write(tmp_path / "a.csv", ACTORS)
    l = write(tmp_path / "l.csv", "source,target,weight\na,b,1e12\na,b,1e12\nb,a,1e12\n")
    G = clustergraph.load(a, l)
    assert G["a"]["b"]["weight"] == 3e12


@pytest.mark.parametrize("value", ["91", "1e400", "4²", "1.234,5", "north"])
def test_coordinates_refused_with_row_and_column(tmp_path, value):
    a = write(tmp_path / "a.csv", f'id,name,type,lat\na,A,firm,"{value}"\nb,B,vet,\n')
    l = write(tmp_path / "l.csv", "source,target\na,b\n")
    code, _, err = cli("validate", a, l)
    assert code == 2 and "row 2, column 'lat'" in err


@pytest.mark.parametrize("value", ["2019-05-01", "01.05.2019", "5/1/2019", "2019", "2019-05-01T00:00:00"])
def test_dates_give_their_year(value):
    assert parse_year(value, from_date=True) == 2019


@pytest.mark.parametrize("value", ["May 2019", "43586", "2019-05-01x", "19.5.1"])
def test_dates_refused(value, tmp_path):
    with pytest.raises(ValueError):
        parse_year(value, from_date=True)
    a = write(tmp_path / "a.csv", ACTORS)
    l = write(tmp_path / "l.csv", f"source,target,date\na,b,{value}\n")
    code, _, err = cli("validate", a, l)
    assert code == 2 and "row 2, column 'date'" in err


def test_parse_number_documented_forms():
    assert parse_number("2") == (2.0, False)
    assert parse_number(".5") == (0.5, False)
    assert parse_number("1,25") == (1.25, True)
    for bad in ("1,000,000", "1'000", "1\u00a0000", "nan", "inf", "1e999", "²"):
        with pytest.raises(ValueError):
            parse_number(bad)


# --------------------------------------------------------------------------- the Python API's graph argument


def test_check_graph_refuses_none_and_colliding_ids_and_merges_multigraphs():
    import logging

    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    with pytest.raises(InputError, match="expected a networkx graph"):
        check_graph(None)
    with pytest.raises(InputError, match="same once written as text"):
        check_graph(nx.Graph([(1, "1")]))
    M = nx.MultiGraph()
    M.add_edge("a", "b", weight=2.0)
    M.add_edge("a", "b", weight=3.0)
    nx.set_node_attributes(M, {"a": "firm", "b": "vet"}, "type")
    logger = logging.getLogger("clustergraph")
    logger.addHandler(handler)
    try:
        H = check_graph(M)
    finally:
        logger.removeHandler(handler)
    assert H["a"]["b"]["weight"] == 5.0 and any("multigraph" in r.getMessage() for r in records)


@pytest.mark.parametrize("call", ["metrics", "gaps", "suggest_partners", "whatif", "map", "report"])
def test_facade_functions_check_their_graph(call):
    fn = getattr(clustergraph, call)
    args = {"whatif": ([("a", "b")],), "map": ("unused.html",), "report": ("unused",)}.get(call, ())
    with pytest.raises(InputError, match="expected a networkx graph"):
        fn(None, *args)
    with pytest.raises(InputError, match="same once written as text"):
        fn(nx.Graph([(1, "1")]), *args)


def test_participation_year_with_superscript_digit_is_refused_with_row_and_column(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type\na,A,firm\nb,B,vet\n")
    p = write(tmp_path / "p.csv", "project,actor,year\nP1,a,2²\nP1,b,2020\n")
    code, _, err = cli("validate", a, p)
    assert code == 2 and "row 2, column 'year'" in err and "Traceback" not in err
