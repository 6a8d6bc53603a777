"""Control characters in every text column through every output (issue 27).

The projects sample (198 actors, 32 projects) with ``\\x01``, an escape sequence,
DEL and a C1 control appended to ids, names, regions, countries, sectors and the
projects' ids, acronyms, titles and programmes goes through ``report``,
``metrics --excel`` and ``map --format svg``. Then:

- every run exits 0 and says once how many values were shown as ``\\xNN`` text;
- the workbooks open, and hold ``Name\\x01`` as text; GraphML and GEXF parse, with
  one node per actor and the ids written as ``\\xNN`` text (stable: links match);
- HTML, SVG and the terminal hold no raw control character;
- CSV and JSON keep the original characters;
- two ids that become the same text are refused naming both rows.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.synthetic import sample_projects

RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROLS = ["\x01", "\x1b[2J", "\x7f", "\x85", "\x0b"]


def _code(text: str) -> str:
    return RAW.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("controls")
    actors, parts, projects = sample_projects()
    # (vertical tab and NEL are white space: trimmed around ids, and reported, as any space)
    bad_ids = {aid: aid + ["\x01", "\x1b[2J", "\x7f", "\x02"][i % 4] for i, aid in enumerate(actors["id"][:12])}
    for col in ("name", "region", "country", "sector"):
        actors[col] = [
            v if i % 4 else f"{v}{CONTROLS[(i // 4) % len(CONTROLS)]}" for i, v in enumerate(actors[col].astype(str))
        ]
    actors["id"] = actors["id"].map(lambda a: bad_ids.get(a, a))
    parts["actor"] = parts["actor"].map(lambda a: bad_ids.get(a, a))
    bad_projects = {pid: pid + "\x02" for pid in projects["id"][:5]}
    projects["id"] = projects["id"].map(lambda p: bad_projects.get(p, p))
    parts["project"] = parts["project"].map(lambda p: bad_projects.get(p, p))
    for col in ("acronym", "title", "programme"):
        projects[col] = [f"{v}\x1b]8;;x\x07" if i % 3 == 0 else v for i, v in enumerate(projects[col].astype(str))]
    actors.to_csv(folder / "actors.csv", index=False)
    parts.to_csv(folder / "participations.csv", index=False)
    projects.to_csv(folder / "projects.csv", index=False)
    inputs = [folder / "actors.csv", folder / "participations.csv", "--projects", folder / "projects.csv"]
    out = {}
    for name, args in {
        "report": ["report", *inputs, "-o", folder / "report"],
        "metrics": ["metrics", *inputs, "-o", folder / "metrics", "--excel"],
        "svg": ["map", *inputs, "--format", "svg", "-o", folder / "map.svg"],
    }.items():
        res = CliRunner().invoke(main, [str(a) for a in args])
        out[name] = (res.exit_code, res.output)  # stdout and stderr
    return folder, actors, bad_ids, out


def test_every_command_ends_cleanly_and_reports_once(runs):
    folder, _, _, out = runs
    for name, (code, text) in out.items():
        assert code == 0, (name, text)
        assert "Unexpected error" not in text and "Traceback" not in text, name
        assert not RAW.search(text), (name, "raw control character on the terminal")
        assert "Glyph" not in text, name
        if name != "svg":
            assert len(re.findall(r"\d+ text values? holds? control characters", text)) == 1, (name, text)


def test_workbooks_hold_the_values_as_visible_text(runs):
    folder, actors, _, _ = runs
    names = set()
    for book in [folder / "report" / "report.xlsx", *folder.joinpath("metrics").glob("*.xlsx")]:
        wb = openpyxl.load_workbook(book, read_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                names |= {v for v in row if isinstance(v, str)}
                assert not any(isinstance(v, str) and RAW.search(v) for v in row), book
    assert _code(actors["name"][0]) in names and "\\x1b[2J" in "".join(names)


def test_graph_files_parse_with_stable_ids(runs):
    folder, actors, bad_ids, _ = runs
    for path in [folder / "metrics" / "graph.graphml", folder / "metrics" / "graph.gexf"]:
        G = nx.read_graphml(path) if path.suffix == ".graphml" else nx.read_gexf(path)
        assert G.number_of_nodes() == len(actors), path
        assert {_code(v) for v in bad_ids.values()} <= set(G.nodes), path
        assert G.number_of_edges() > 0


def test_html_and_svg_hold_no_raw_control_character(runs):
    folder, _, _, _ = runs
    pages = [*folder.joinpath("report").rglob("*.html"), folder / "map.svg"]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not RAW.search(text), (page, RAW.search(text))
    assert "\\x01" in (folder / "report" / "report.html").read_text(encoding="utf-8")
    assert zipfile.is_zipfile(folder / "report" / "report.xlsx")


def test_csv_and_json_keep_the_original_characters(runs):
    folder, actors, bad_ids, _ = runs
    with open(folder / "metrics" / "actors_metrics.csv", encoding="utf-8", newline="") as fh:
        ids = {row["id"] for row in csv.DictReader(fh)}
    assert set(bad_ids.values()) <= ids
    data = json.loads((folder / "report" / "gaps.json").read_text(encoding="utf-8"))
    assert RAW.search(json.dumps(data, ensure_ascii=False)) or "\\u00" in json.dumps(data)


def test_ids_that_become_the_same_text_are_refused_naming_both_rows(tmp_path):
    actors = tmp_path / "a.csv"
    actors.write_text('id,name,type\n"A\x01",One,firm\n"A\\x01",Two,firm\nV,School,vet\n', encoding="utf-8")
    links = tmp_path / "l.csv"
    links.write_text('source,target\n"A\x01",V\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(actors), str(links)])
    assert res.exit_code == 2, res.output
    assert "row 3, column 'id'" in res.output and "(row 2)" in res.output and "rename one" in res.output
