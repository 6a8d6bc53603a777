"""Exports: spreadsheet-safe CSV, graph files that re-load with the same metrics."""

from __future__ import annotations

import json
import math
import re

import networkx as nx
import pandas as pd
import pytest

from clustergraph.errors import InputError
from clustergraph.export.tables import graph_with_metrics, neutralise, parse_formats, safe_csv, write_metrics
from clustergraph.metrics import ACTOR_COLUMNS, compute


def ecosystem() -> nx.Graph:
    G = nx.Graph()
    G.add_node("f1", name='=HYPERLINK("http://x")', type="firm", region="North")
    G.add_node("f2", name="Plain Firm, Ltd", type="firm", region="North")
    G.add_node("v1", name="-minus school", type="vet", region="North")
    G.add_node("u1", name="@Uni", type="university", region="South")
    G.add_node("iso", name="Lonely RTO", type="rto", region="South")  # isolated
    G.add_edge("f1", "v1", weight=2.0, count=2, types=["project", "training"], years=[2019, 2021], year=2019)
    G.add_edge("f2", "v1", weight=1.0, count=1, types=[], years=[])
    G.add_edge("v1", "u1", weight=1.0, count=1, types=["research"], years=[2020], year=2020)
    return G


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    G = ecosystem()
    result = compute(G, by=("region", "type"), progress=False)
    out = tmp_path_factory.mktemp("metrics")
    paths = write_metrics(result, G, out)
    return G, result, out, paths


def test_neutralise_text_only():
    assert neutralise("=SUM(A1)") == "'=SUM(A1)"
    assert neutralise("+49 30") == "'+49 30"
    assert neutralise("-x") == "'-x"
    assert neutralise("@cmd") == "'@cmd"
    assert neutralise("\tx") == "'\tx"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-2.5) == -2.5 and neutralise(-3) == -3


def test_safe_csv_keeps_negative_numbers(tmp_path):
    df = pd.DataFrame({"name": ["=1+1", "ok"], "z": [-1.5, 0.25], "n": [-2, 3], "flag": [True, False]})
    p = safe_csv(df, tmp_path / "t.csv")
    assert p.read_text(encoding="utf-8").splitlines() == ["name,z,n,flag", "'=1+1,-1.5,-2,True", "ok,0.25,3,False"]
    back = pd.read_csv(p)
    assert back["z"].tolist() == [-1.5, 0.25] and back["n"].dtype.kind == "i"


def test_safe_csv_neutralises_header_and_is_atomic(tmp_path):
    p = safe_csv(pd.DataFrame({"=evil": ["x"]}), tmp_path / "h.csv")
    assert p.read_text().startswith("'=evil")
    assert [f.name for f in tmp_path.iterdir()] == ["h.csv"]  # no temporary file left


def test_files_written(written):
    _, _, out, paths = written
    assert [p.name for p in paths] == [
        "actors_metrics.csv",
        "groups_metrics.csv",
        "mixing_matrix.csv",
        "bridges.csv",
        "metrics.json",
        "graph.graphml",
        "graph.gexf",
    ]
    assert sorted(f.name for f in out.iterdir()) == sorted(p.name for p in paths)


def test_actors_csv_one_row_per_actor_including_isolated(written):
    G, result, out, _ = written
    a = pd.read_csv(out / "actors_metrics.csv", keep_default_na=False, na_values=[""])
    assert tuple(a.columns) == ACTOR_COLUMNS
    assert a["id"].tolist() == list(G)
    assert a.set_index("id").loc["iso", "degree"] == 0
    # formula-like names neutralised, ordinary ones untouched
    names = dict(zip(a["id"], a["name"]))
    assert names["f1"] == '\'=HYPERLINK("http://x")' and names["v1"] == "'-minus school"
    assert names["u1"] == "'@Uni" and names["f2"] == "Plain Firm, Ltd"
    # negative z-scores are numbers in the file
    assert a["coordinator_z"].dtype.kind == "f"
    assert (result.actors["liaison_z"] < 0).any() and (a["liaison_z"] < 0).any()


def test_groups_mixing_bridges_csv(written):
    _, result, out, _ = written
    g = pd.read_csv(out / "groups_metrics.csv")
    assert len(g) == len(result.groups) and list(g.columns[:2]) == ["by", "group"]
    m = pd.read_csv(out / "mixing_matrix.csv", index_col=0)
    # links: firm-vet twice, vet-university once
    assert m.loc["firm", "vet"] == 2 and m.loc["vet", "university"] == 1
    b = pd.read_csv(out / "bridges.csv")
    assert len(b) == 3  # the graph is a tree plus an isolated actor: every link is a bridge


def test_json(written):
    _, result, out, _ = written
    doc = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert doc["summary"]["n_actors"] == 5 and doc["summary"]["approximations"] == {}
    assert doc["actor_columns"] == list(ACTOR_COLUMNS)
    assert len(doc["groups"]) == len(result.groups)
    assert doc["mixing_matrix"]["firm"]["vet"] == 2


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_reload_with_same_metrics(written, fmt):
    G, result, out, _ = written
    H = nx.read_graphml(out / "graph.graphml") if fmt == "graphml" else nx.read_gexf(out / "graph.gexf")
    assert set(H.nodes) == set(G.nodes) and H.number_of_edges() == G.number_of_edges()
    for row in result.actors.to_dict("records"):
        attrs = H.nodes[row["id"]]
        for col in (
            "betweenness",
            "closeness",
            "eigenvector",
            "pagerank",
            "brokerage_total",
            "degree",
            "deg_vet",
            "community",
            "liaison_z",
        ):
            assert attrs[col] == pytest.approx(float(row[col])), (fmt, row["id"], col)
        assert bool(attrs["is_articulation_point"]) == bool(row["is_articulation_point"])
        for col in ("effective_size", "constraint"):
            if isinstance(row[col], float) and math.isnan(row[col]):
                assert col not in attrs  # NaN is left out, not written as "nan"
            else:
                assert attrs[col] == pytest.approx(row[col])
    assert H.nodes["f1"]["name"] == G.nodes["f1"]["name"]  # graph files keep the real name
    e = H.edges["f1", "v1"]
    assert e["types"] == "project;training" and e["years"] == "2019;2021"
    assert e["is_bridge"] in (True, "true", "True")
    if fmt == "gexf":
        assert H.nodes["f2"]["label"] == "Plain Firm, Ltd"


def test_graph_with_metrics_drops_missing_values():
    G = nx.Graph([("a", "b")])
    G.nodes["a"]["note"] = None
    actors = pd.DataFrame({"id": ["a", "b"], "score": [float("nan"), 1.0]})
    H = graph_with_metrics(G, actors)
    assert "score" not in H.nodes["a"] and "note" not in H.nodes["a"] and H.nodes["b"]["score"] == 1.0


def test_parse_formats():
    assert parse_formats("csv, GEXF,csv") == ("csv", "gexf")
    with pytest.raises(InputError):
        parse_formats("csv,xls")
    with pytest.raises(InputError):
        parse_formats("")


def test_byte_identical_outputs(tmp_path):
    G = ecosystem()
    a = write_metrics(compute(G, progress=False), G, tmp_path / "a")
    b = write_metrics(compute(G, progress=False), G, tmp_path / "b")
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_escape_markup_and_show_control_characters(tmp_path, fmt):
    G = nx.DiGraph()
    G.add_node('<script>alert("x")</script>', name="A & B <Ltd> \"quoted\" 'single'", type="firm")
    G.add_node("ctl", name="bell\x07 and tab\tkept", type="vet")
    G.add_edge('<script>alert("x")</script>', "ctl", weight=1.5, types=["a&b"])
    actors = pd.DataFrame({"id": list(G), "score": [1, 2], "mixed": [1, "x"]})
    path = tmp_path / f"g.{fmt}"
    from clustergraph.export.graphfiles import write_gexf, write_graphml

    (write_graphml if fmt == "graphml" else write_gexf)(G, path, actors)
    H = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert H.is_directed()
    node = H.nodes['<script>alert("x")</script>']
    assert node["name"] == "A & B <Ltd> \"quoted\" 'single'"
    assert node["score"] == 1 and isinstance(node["score"], int)
    assert H.nodes["ctl"]["mixed"] == "x" and node["mixed"] == "1"  # mixed types become text
    assert H.nodes["ctl"]["name"] == "bell\\x07 and tab\tkept"  # XML cannot hold \x07: shown as text
    edge = H.edges['<script>alert("x")</script>', "ctl"]
    assert edge["weight"] == 1.5 and edge["types"] == "a&b"
    assert "<script>" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_files_keep_each_rows_attribute_order_across_chunks(tmp_path, monkeypatch, fmt):
    # attributes are formatted a column at a time for chunks of rows; each node and link still
    # lists its own attributes in its own order, whatever the chunk size
    from clustergraph.export import graphfiles

    G = nx.Graph()
    G.add_node("a", name="A", region="N")
    G.add_node("b", region="S", name="B", size=3)
    G.add_node("c")
    G.add_node("d", size=2.5, name="D")
    G.add_edge("a", "b", weight=1.0, types=["x"], years=[2020], year=2020, scope="regional")
    G.add_edge("b", "c", weight=2.0, count=2, note="n", types=[], years=[])
    G.add_edge("c", "d", year=2019, weight=0.5)
    actors = pd.DataFrame({"id": ["d", "a", "b"], "score": [0.25, float("nan"), 1.0], "hub": [True, False, True]})
    bridges = pd.DataFrame({"source": ["d"], "target": ["c"]})
    write = graphfiles.write_graphml if fmt == "graphml" else graphfiles.write_gexf
    whole = write(G, tmp_path / f"whole.{fmt}", actors, bridges).read_bytes()
    monkeypatch.setattr(graphfiles, "_CHUNK_ROWS", 1)
    assert write(G, tmp_path / f"rows.{fmt}", actors, bridges).read_bytes() == whole
    text = whole.decode("utf-8")
    if fmt == "graphml":  # node b: its own order (region, name, size), then the actor table's columns
        keys = {m[1]: m[0] for m in re.findall(r'<key id="(d\d+)" for="node" attr.name="(\w+)"', text)}
        b = re.search(r'<node id="b">(.*?)</node>', text)[1]
        assert re.findall(r'key="(d\d+)"', b) == [keys[k] for k in ("region", "name", "size", "score", "hub")]
    H = nx.read_graphml(tmp_path / "whole.graphml") if fmt == "graphml" else nx.read_gexf(tmp_path / "whole.gexf")
    assert H.nodes["b"]["size"] == 3 and H.nodes["d"]["score"] == 0.25 and "score" not in H.nodes["a"]
    assert H.edges["c", "d"]["is_bridge"] is True and H.edges["a", "b"]["is_bridge"] is False


def test_progress_names_each_format(tmp_path):
    G = ecosystem()
    seen = []
    write_metrics(compute(G, progress=False), G, tmp_path, ("gexf", "csv"), progress=seen.append)
    assert seen == ["csv", "gexf"]  # written in the fixed order, each announced once


def test_gexf_written_by_a_second_process_is_the_same_file(tmp_path, monkeypatch):
    # large graphs: GEXF is written by a forked process while this one writes the other formats
    from clustergraph.export import tables
    from clustergraph.graph import build_graph
    from clustergraph.metrics import _pool
    from clustergraph.synthetic import generate

    G = build_graph(*generate(60, seed=2))
    result = compute(G)
    monkeypatch.setattr(tables, "PARALLEL_GEXF_MIN", 10**9)
    write_metrics(result, G, tmp_path / "one")
    monkeypatch.setattr(tables, "PARALLEL_GEXF_MIN", 0)
    started = []
    real = _pool.start_forked
    monkeypatch.setattr(_pool, "start_forked", lambda fn, *a: started.append(fn) or real(fn, *a))
    paths = write_metrics(result, G, tmp_path / "two")
    assert [getattr(fn, "func", fn) for fn in started] == [tables.write_gexf]
    assert paths[-1].name == "graph.gexf"  # in the order of the formats
    for name in ("graph.gexf", "graph.graphml", "actors_metrics.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert _pool._FORKED is None  # nothing kept after the fork


def test_graphml_and_gexf_from_shared_records_are_the_same_bytes(tmp_path):
    """One attribute build for both formats: GEXF leaves out node 'label' and link 'weight', 'id'
    and 'label' (its own fields) from the shared records exactly as from its own."""
    from clustergraph.export.graphfiles import attribute_records, write_gexf, write_graphml

    G = nx.Graph()
    G.graph["name"] = "net"
    G.add_node("a", name="Firm <A>", label="graph label", type="firm")
    G.add_node("b", type="vet", size=3)
    G.add_node("c")
    G.add_edge("a", "b", weight=2.0, id="e1", label="x", year=2020)
    G.add_edge("b", "c", types=["training"])
    actors = pd.DataFrame({"id": ["a", "b", "c"], "degree": [1, 2, 1], "label": ["L1", None, "L3"]})
    bridges = pd.DataFrame({"source": ["b"], "target": ["c"]})
    records = attribute_records(G, actors, bridges)
    for name, write in (("g.graphml", write_graphml), ("g.gexf", write_gexf)):
        own = write(G, tmp_path / ("own-" + name), actors, bridges)
        shared = write(G, tmp_path / ("shared-" + name), actors, bridges, records=records)
        assert own.read_bytes() == shared.read_bytes(), name
    assert "label" in records.node_kinds and "weight" in records.edge_kinds  # the GEXF copy did not change them
    H = nx.read_gexf(tmp_path / "shared-g.gexf")
    assert H.nodes["a"]["label"] == "graph label" and H.edges["a", "b"]["weight"] == 2.0  # GEXF's own fields


def test_safe_csv_keeps_whole_numbers_decimal_commas_and_repeated_column_names(tmp_path):
    """A text column of numbers (the step tables: counts, shares, None) is written as given: 5, not
    5.0; with a decimal comma in the excel dialect; two columns of one name are both guarded."""
    from clustergraph.files.guard import safe_csv

    df = pd.DataFrame({"value": pd.Series([5, 0.25, None, "=x"], dtype=object), "n": [1, 2, 3, 4]})
    plain = safe_csv(df, tmp_path / "p.csv").read_text().splitlines()
    assert plain == ["value,n", "5,1", "0.25,2", ",3", "'=x,4"]
    excel = safe_csv(df, tmp_path / "e.csv", dialect="excel").read_text(encoding="utf-8-sig").splitlines()
    assert excel == ["value;n", "5;1", "0,25;2", ";3", "'=x;4"]
    twice = pd.DataFrame([["=a", "=b"], ["c", "d"]], columns=["x", "x"])
    assert safe_csv(twice, tmp_path / "t.csv").read_text().splitlines() == ["x,x", "'=a,'=b", "c,d"]
