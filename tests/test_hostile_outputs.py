"""Hostile text in every field stays inert text in every output (issue: hardening).

One ecosystem whose every text field (ids, names, regions, countries, sectors,
extra columns, link types) is a hostile string goes through the report (which
writes the map, the metric tables, the graph files and the gap files). Then:

- HTML: none of the hostile markup appears unescaped; no ``javascript:`` link;
  in Chromium no dialog opens, no script error, and the names show as text;
  (regions are chart labels: mathtext ``$...$`` must stay text);
- CSV: no cell a spreadsheet would run as a formula (``= + - @``) unless it is a number;
- GraphML, GEXF, JSON: read back, the strings are exactly the originals.
"""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from clustergraph.cli import main

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
JS_URL = "javascript:alert(3)"
TEMPLATE = "{{7*7}}${7*7}"
FORMULAS = ['=HYPERLINK("http://x.invalid","y")', "+1+1", "-2+3", "@SUM(A1)"]
RTL = "abc\u202edcba\u200bzero-width"
LONG = "L" * 5000
MATH = r"$\frac{1}{0}$ 100% #1 \\ ^_^"  # matplotlib mathtext and LaTeX specials in chart labels

HOSTILE_TEXT = [SCRIPT, IMG, JS_URL, TEMPLATE, RTL, LONG] + FORMULAS


def _q(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    types = ["firm", "firm", "vet", "university", "rto", "government", "cluster_org", "firm", "vet", "firm"]
    names = [SCRIPT, IMG, JS_URL, TEMPLATE, RTL, LONG] + FORMULAS
    rows = ["id,name,type,region,country,sector,note"]
    ids = [f"id{i}" for i in range(len(names))]
    ids[0], ids[1] = SCRIPT, "=1+1"  # hostile ids too
    for i, (aid, name) in enumerate(zip(ids, names)):
        region = [IMG, MATH][i % 2]
        rows.append(
            ",".join(
                [
                    _q(aid),
                    _q(name),
                    types[i],
                    _q(region),
                    _q(JS_URL if i % 3 else "NO"),
                    _q(TEMPLATE),
                    _q(FORMULAS[i % 4]),
                ]
            )
        )
    links = ["source,target,type,weight,year"]
    for i in range(len(ids)):
        for j in (i + 1, i + 3):
            if j < len(ids):
                links.append(",".join([_q(ids[i]), _q(ids[j]), _q(SCRIPT if i % 2 else FORMULAS[0]), "1", "2020"]))
    (folder / "actors.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "links.csv").write_text("\n".join(links) + "\n", encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["report", str(folder / "actors.csv"), str(folder / "links.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_html_keeps_hostile_strings_inert(hostile_output):
    pages = sorted(hostile_output.rglob("*.html"))
    assert pages, "the report wrote no HTML"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert SCRIPT not in html, page
        assert "<img src=x onerror" not in html, page
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, flags=re.I), page
        assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html), page  # offline


def test_csv_cells_cannot_run_as_formulas(hostile_output):
    files = sorted(hostile_output.rglob("*.csv"))
    assert files
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@"):
                        float(cell)  # only numbers may start like a formula


def test_graph_files_and_json_keep_the_exact_strings(hostile_output):
    for name in ("graph.graphml", "graph.gexf"):
        path = next(hostile_output.rglob(name))
        G = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
        labels = {d.get("name", d.get("label")) for _, d in G.nodes(data=True)}
        assert {SCRIPT, IMG, RTL, LONG, FORMULAS[0]} <= labels, name
        assert SCRIPT in G.nodes and "=1+1" in G.nodes
    found = set()
    for path in hostile_output.rglob("*.json"):
        found |= set(_strings(json.loads(path.read_text(encoding="utf-8"))))
    assert IMG in found  # the hostile region name, exactly as given


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_browser_runs_no_hostile_script(hostile_output, open_page):
    for page in [hostile_output / "report.html", hostile_output / "map.html"]:
        res = open_page(page)
        assert not res.dialogs, (page, res.dialogs)
        assert not res.errors, (page, res.errors)
        assert not res.requests_blocked, (page, res.requests_blocked)
    report = open_page(hostile_output / "report.html")
    assert SCRIPT in report.text() and MATH in report.text()  # shown as text
