"""The report: files, content, escaping, determinism, all-or-nothing runs, CLI, browser."""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.report import build as build_mod
from clustergraph.report import build_report
from clustergraph.report.texts import SECTIONS

ROOT = Path(__file__).resolve().parent.parent
ACTORS, LINKS = ROOT / "data" / "actors.csv", ROOT / "data" / "links.csv"
CHARTS = [
    "network",
    "actors_by_region",
    "mixing",
    "brokerage",
    "degree",
    "regions",
    "countries",
    "region_years",
    "years",
]
REGIONS = ["Baden-Württemberg", "Møre og Romsdal", "Navarra", "País Vasco", "Vestland"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample():
    return clustergraph.load(ACTORS, LINKS)


@pytest.fixture(scope="module")
def report_dir(sample, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    build_report(sample, out)
    return out


@pytest.fixture(scope="module")
def page(report_dir) -> str:
    return (report_dir / "report.html").read_text(encoding="utf-8")


def test_doctests_of_the_report_modules():
    from clustergraph import style, templates
    from clustergraph.analysis import timeline
    from clustergraph.report import blocks, build, charts, findings, model

    for module in (build, charts, blocks, findings, model, style, templates, timeline):
        assert doctest.testmod(module).failed == 0, module.__name__


# ------------------------------------------------------------------ files and content


def test_writes_the_report_and_every_companion_file(report_dir):
    names = set(files_of(report_dir))
    expected = {"report.html", "map.html", "gaps.csv", "suggestions.csv", "years.csv", "assets/explorer.js"}
    assert expected <= names
    # one explorer map with a region menu, not one file per region; its JavaScript is shared in assets/
    assert not [n for n in names if n.startswith("map-")]
    # metric tables and graph exports come from clustergraph.exports.write_metrics
    assert any(n.endswith(".csv") and "actor" in n for n in names)
    assert any(n.endswith((".graphml", ".gexf", ".json")) for n in names)
    # nothing temporary is left behind
    assert [p.name for p in report_dir.iterdir() if p.name.startswith(".")] == [".clustergraph-manifest.json"]


def test_companion_csvs_match_the_apis(report_dir, sample):
    from clustergraph.analysis.gaps import find_gaps
    from clustergraph.analysis.suggest import suggest_partners

    gaps = pd.read_csv(report_dir / "gaps.csv")
    sugg = pd.read_csv(report_dir / "suggestions.csv")
    # 82 firms without an education partner in the sample (the gap analysis' own count)
    firms = find_gaps(sample).firms
    assert gaps["kind"].str.startswith("firm_no_education").sum() == len(firms)
    assert len(sugg) == len(suggest_partners(sample, top=5))
    years = pd.read_csv(report_dir / "years.csv")
    # links of the sample, counted straight from the CSV: pairs merged, first year per pair
    raw = pd.read_csv(LINKS)
    pairs = raw.assign(a=raw[["source", "target"]].min(axis=1), b=raw[["source", "target"]].max(axis=1))
    first = pairs.groupby(["a", "b"])["year"].min()
    assert years["links"].iloc[-1] == len(first) == sample.number_of_edges()
    assert years.set_index("year").loc[2018, "links"] == (first <= 2018).sum()


def test_every_section_chart_and_reading_note_is_there(page):
    for anchor, heading in SECTIONS:
        assert f'<section id="{anchor}"' in page
        assert f"<h2>{heading}</h2>" in page.replace("&#x27;", "'").replace("&#39;", "'")
    assert page.count('<aside class="how">') == len(SECTIONS)
    for chart in CHARTS:
        m = re.search(rf'<svg[^>]*data-chart="{chart}".*?</svg>', page, re.S)
        assert m and len(m.group(0)) > 2000, chart
        assert "<path" in m.group(0) and "<text" in m.group(0)
    # the headline figures of the sample
    assert "190" in page and "434" in page
    assert "62 of 144 firms" in page  # 144 firms, 82 without an education partner
    assert "In <strong>Navarra</strong>, no firm is linked to an education provider." in page
    # link scopes of the sample: 386 regional, 19 national, 29 international
    assert "29 of 434 links (7%) cross a national border and 19 (4%) join two regions" in page


def test_self_contained_printable_and_links_resolve(report_dir, page):
    assert not re.search(r'(src|href)\s*=\s*"?(https?:)?//', page)
    assert not re.search(r"url\((?!#)", page)  # only the charts' own clip paths
    assert "@import" not in page and "<script" not in page.lower()
    assert "@media print" in page
    assert "script-src 'none'" in page  # Content-Security-Policy: inert even if escaping failed
    for target in re.findall(r'(?:href|src)="([^"#][^"]*)"', page):
        assert (report_dir / target.split("#")[0]).is_file(), target
    anchors = set(re.findall(r'id="([^"]+)"', page))
    assert set(re.findall(r'href="#([^"]+)"', page)) <= anchors
    # ids are unique on the page (the charts' SVG ids do not collide)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    # each region is linked as the one map with that region chosen
    for link in ("map.html#region=Navarra", "map.html#region=M%C3%B8re%20og%20Romsdal"):
        assert f'href="{link}"' in page


def test_provenance(page, sample):
    prov = sample.graph["provenance"]
    for kind in ("actors", "links"):
        assert prov[kind]["sha256"] in page
    assert f"clustergraph {clustergraph.__version__}" in page
    assert "108 repeated links merged" in page
    assert "Rows dropped or values cleared (0)" in page


# ------------------------------------------------------------------ determinism


def test_same_input_same_files_except_the_run_date(sample, report_dir, tmp_path, monkeypatch):
    import datetime as dt

    monkeypatch.setattr(build_mod, "_now", lambda: dt.datetime(2001, 2, 3, 4, 5, tzinfo=dt.UTC))
    build_report(sample, tmp_path)
    first, second = files_of(report_dir), files_of(tmp_path)
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == ["report.html"]
    a = first["report.html"].decode().splitlines()
    b = second["report.html"].decode().splitlines()
    assert len(a) == len(b)
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    assert len(diff) == 1 and "2001-02-03 04:05 UTC" in diff[0][1] and "Generated" in diff[0][0]


# ------------------------------------------------------------------ all or nothing


def test_failure_mid_run_keeps_the_previous_report(report_dir, sample, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(report_dir, out)
    before = files_of(out)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    # maps are already written (into the temporary folder) when the exports fail
    import clustergraph.export.tables

    monkeypatch.setattr(clustergraph.export.tables, "write_metrics", boom)
    with pytest.raises(RuntimeError, match="disk full"):
        build_report(sample, out, title="Second run")
    assert files_of(out) == before
    # no hidden temporary folder
    assert sorted(p.name for p in out.iterdir()) == sorted({k.split("/")[0] for k in before})


def test_failure_on_a_fresh_folder_writes_nothing(sample, tmp_path, monkeypatch):
    from clustergraph.report import build as build_mod

    monkeypatch.setattr(build_mod, "render", lambda data: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        build_report(sample, tmp_path / "new")
    assert list((tmp_path / "new").iterdir()) == []


def test_bad_input_on_the_command_line_leaves_the_previous_report(report_dir, tmp_path):
    from clustergraph.cli import main

    out = tmp_path / "out"
    shutil.copytree(report_dir, out)
    before = files_of(out)
    bad = tmp_path / "actors.csv"
    bad.write_text("id,name,type\nA1,Alpha,bakery\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["report", str(bad), str(LINKS), "-o", str(out)])
    assert res.exit_code == 2
    assert files_of(out) == before


def test_unknown_region_or_undated_until_is_an_input_error(sample, tmp_path):
    with pytest.raises(InputError, match="Atlantis"):
        build_report(sample, tmp_path / "a", region="Atlantis")
    undated = nx.Graph(sample)
    for _, _, d in undated.edges(data=True):
        d.pop("year", None)
    with pytest.raises(InputError, match="year"):
        build_report(undated, tmp_path / "b", until=2020)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()  # nothing created
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match="is a file"):
        build_report(sample, tmp_path / "file")


# ------------------------------------------------------------------ options


def test_region_and_until_report_on_a_directed_graph(tmp_path):
    G = clustergraph.load(ACTORS, LINKS, directed=True)
    # clustergraph.report is the facade function: the same as build_report
    path = clustergraph.report(G, tmp_path, region="Navarra", until=2018, title="Navarra 2018")
    page = path.read_text(encoding="utf-8")
    assert "<h1>Navarra 2018</h1>" in page
    assert "the network as it was at the end of 2018" in page
    assert "directed (source to target)" in page
    names = set(files_of(tmp_path))
    assert "map.html" in names and not any(n.startswith("map-") for n in names)
    years = pd.read_csv(tmp_path / "years.csv")
    assert years["year"].max() <= 2018
    # gaps and suggestions are about Navarra's firms only
    sugg = pd.read_csv(tmp_path / "suggestions.csv")
    assert len(sugg) and sugg["firm"].str.startswith("NAV-").all()
    # the headline counts the region's links to other regions (as they were in 2018)
    from clustergraph.report import network_until

    G18 = network_until(G, 2018)
    nav = {n for n, r in G18.nodes(data="region") if r == "Navarra"}
    leaving = sum(1 for u, v in G18.edges() if (u in nav) != (v in nav))
    assert f"{leaving} link{'s' if leaving != 1 else ''} to other regions" in page
    # the region's actors only in the brokers table
    brokers = page[page.index('id="brokers"') : page.index('id="mass"')]
    assert "Clúster Navarra" in brokers and "Vestland Cluster" not in brokers


def test_escaping_of_every_user_value(tmp_path):
    evil = "<script>alert(1)</script>"
    actors = pd.DataFrame(
        {
            "id": ["F1", "F2", "V1", "U1", "G1", "C1"],
            "name": [evil, 'Tom & Jerry "Ltd"', "<img src=x onerror=alert(2)>", "Uni", "Gov", "Clu"],
            "type": ["firm", "firm", "vet", "university", "government", "cluster_org"],
            "region": ["<b>North</b>"] * 6,
            "sector": ["<i>x</i>"] * 6,
        }
    )
    links = pd.DataFrame(
        {
            "source": ["F1", "F2", "C1", "C1", "U1"],
            "target": ["C1", "C1", "V1", "G1", "G1"],
            "type": ["<u>membership</u>"] * 5,
            "year": [2020, 2021, 2021, 2022, 2022],
        }
    )
    G = build_graph(actors, links)
    G.graph["provenance"] = {
        "actors": {"file": "<evil>.csv", "sha256": "0" * 64, "rows_read": 6, "rows_kept": 6},
        "links": {"file": "links.csv", "sha256": "1" * 64, "rows_read": 5, "rows_kept": 5},
        "dropped": ["row 7: <script>bad</script>"],
        "fixed": [],
    }
    page = build_report(G, tmp_path, title="<em>Title</em>").read_text(encoding="utf-8")
    assert "<script" not in page and "<img" not in page and "<b>North" not in page and "<em>Title" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;North&lt;/b&gt;" in page and "&lt;evil&gt;.csv" in page
    assert "Tom &amp; Jerry &#34;Ltd&#34;" in page


def test_report_templates_autoescape():
    """Every report template escapes what it prints: an actor named <script> is text, in findings and tables."""
    from clustergraph.report.build import collect
    from clustergraph.report.page import render
    from clustergraph.templates import environment

    env = environment()
    names = env.list_templates(filter_func=lambda n: n.startswith("report/") and n.endswith(".html"))
    assert "report/page.html" in names and "report/sections/glance.html" in names
    assert all(env.autoescape(n) for n in names)  # type: ignore[operator]
    evil = "<script>alert(1)</script>"
    actors = pd.DataFrame(
        {
            "id": ["C", "F1", "F2", "V"],
            "name": [evil, "F1", "F2", "V"],
            "type": ["cluster_org", "firm", "firm", "vet"],
            "region": ["R"] * 4,
        }
    )
    links = pd.DataFrame({"source": ["C", "C", "C"], "target": ["F1", "F2", "V"]})
    data = collect(build_graph(actors, links))
    assert any(evil in f.text for f in data.findings)  # the strongest broker, as data
    page = render(data)
    assert "<script" not in page
    assert "The strongest broker is <strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in page
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>" in page  # the brokers table


# ------------------------------------------------------------------ command line


def test_readme_command(tmp_path, monkeypatch):
    """The README's first command, run from the repository root (output folder redirected)."""
    from clustergraph.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "clustergraph report data/actors.csv data/links.csv -o output/" in readme
    monkeypatch.chdir(ROOT)
    out = tmp_path / "output"
    res = CliRunner().invoke(main, ["report", "data/actors.csv", "data/links.csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "report.html").is_file() and (out / "map.html").is_file()
    # the key findings are printed and kept as plain text beside the report
    findings = (out / "findings.txt").read_text(encoding="utf-8")
    assert "- In Navarra, no firm is linked to an education provider." in findings
    assert findings in res.stdout
    assert "findings.txt" in (out / "report.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------ browser


@pytest.mark.browser
def test_browser_report_draws_offline(open_page, report_dir):
    from browser import _JS_CANVAS_INK, wait_until

    res = open_page(report_dir / "report.html")
    assert not res.errors and not res.dialogs and not res.requests_blocked
    headings = res.page.eval_on_selector_all("section h2", "els => els.map(e => e.textContent)")
    assert headings == [h for _, h in SECTIONS]
    boxes = res.page.eval_on_selector_all(
        "svg.chart",
        "els => els.map(e => [e.dataset.chart, e.getBoundingClientRect().width, "
        "e.getBoundingClientRect().height, e.querySelectorAll('path').length])",
    )
    assert [b[0] for b in boxes] == CHARTS
    assert all(w > 300 and h > 150 and n > 5 for _, w, h, n in boxes), boxes
    # the interactive map linked beside the picture draws offline
    assert res.page.locator('a[href="map.html"]').count() >= 1
    mres = open_page(report_dir / "map.html")
    # a function (not a string to evaluate): the map's Content-Security-Policy forbids eval
    wait_until(mres.page, f"({_JS_CANVAS_INK})('canvas') > 1000", 20_000)
    assert not res.errors and not res.requests_blocked and not mres.errors and not mres.requests_blocked


def test_cli_region_until_title_and_open(tmp_path, monkeypatch):
    import webbrowser

    from clustergraph.cli import main

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url))
    out = tmp_path / "navarra"
    res = CliRunner().invoke(
        main,
        [
            "report",
            str(ACTORS),
            str(LINKS),
            "-o",
            str(out),
            "--region",
            "Navarra",
            "--until",
            "2020",
            "--title",
            "Navarra to 2020",
            "--open",
        ],
    )
    assert res.exit_code == 0, res.output
    assert opened == [(out / "report.html").resolve().as_uri()]
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<h1>Navarra to 2020</h1>" in page and "end of 2020" in page
    res = CliRunner().invoke(
        main, ["report", str(ACTORS), str(LINKS), "-o", str(tmp_path / "x"), "--region", "Atlantis"]
    )
    assert res.exit_code == 2 and "Atlantis" in res.output


def test_tiny_graph_without_links_regions_or_years(tmp_path):
    actors = pd.DataFrame({"id": ["1", "2", "3"], "name": ["A", "B", "C"], "type": ["firm", "vet", "firm"]})
    links = pd.DataFrame({"source": pd.Series([], dtype=str), "target": pd.Series([], dtype=str)})
    page = build_report(build_graph(actors, links), tmp_path).read_text(encoding="utf-8")
    assert "the ecosystem cannot be followed over time" in page
    assert 'data-chart="years"' not in page and 'data-chart="mixing"' in page
    assert not re.search(r">[^<]*\bnan\b", page, re.I)
    assert "0 of 2 firms" in page  # neither firm has an education partner
    assert not (tmp_path / "years.csv").exists() and not any(tmp_path.glob("map-*.html"))


def test_large_network_gets_one_map_that_opens_on_its_groups(sample, tmp_path, monkeypatch):
    import clustergraph.maps.ecosystem as eco

    monkeypatch.setattr(eco, "OPEN_GROUPED", 100)  # the sample's 190 actors count as large
    build_report(sample, tmp_path)
    assert (tmp_path / "map.html").is_file() and not (tmp_path / "map-all-actors.html").exists()
    assert not list(tmp_path.glob("map-*.html"))


def test_headline_figures_and_findings_hand_computed(tmp_path):
    """Seven actors; every figure below is worked out by hand.

    North: firms F1 F2, VET V1, university U1, government G1, cluster organisation C1.
    South: firm X1, no link. Links (year): F1-C1 (2020), F2-C1 (2021), C1-V1 (2021),
    C1-G1 (2022), U1-G1 (2022), F1-V1 (2023).
    """
    actors = pd.DataFrame(
        {
            "id": ["F1", "F2", "V1", "U1", "G1", "C1", "X1"],
            "name": ["Fa", "Fb", "Voc", "Uni", "Gov", "Clu", "Xa"],
            "type": ["firm", "firm", "vet", "university", "government", "cluster_org", "firm"],
            "region": ["North"] * 6 + ["South"],
        }
    )
    links = pd.DataFrame(
        {
            "source": ["F1", "F2", "C1", "C1", "U1", "F1"],
            "target": ["C1", "C1", "V1", "G1", "G1", "V1"],
            "year": [2020, 2021, 2021, 2022, 2022, 2023],
        }
    )
    page = build_report(build_graph(actors, links), tmp_path).read_text(encoding="utf-8")
    cards = dict(
        (label, value)
        for value, label in re.findall(r'<div class="value">([^<]*)</div><div class="label">([^<]*)</div>', page)
    )
    assert cards["actors"] == "7" and cards["links"] == "6" and cards["regions"] == "2"
    # firms F1 F2 X1; only F1 has a VET/university partner (V1)
    assert cards["firms with an education partner"] == "33%" and "1 of 3 firms" in page
    # North holds all four helices, each linked to another inside North (F1-V1, U1-G1); South does not
    assert cards["regions with a complete triple helix"] == "1 of 2"
    assert cards["density"] == "0.286"  # 6 links / C(7, 2) = 21 pairs
    assert cards["connected parts"] == "2" and "the largest holds 86% of actors" in page  # 6 of 7
    assert cards["actors without any link"] == "1"
    # C1's partners F1 F2 V1 G1 form 6 pairs, of which F1-V1 are linked: C1 sits between 5 unlinked pairs,
    # i.e. 10 ordered two-step paths, the count of actors_metrics.csv (G1 between 1: C1-U1; V1 and F1 none)
    assert (
        "The strongest broker is <strong>Clu</strong> (Cluster organisation, North): it brokers 10 two-step paths"
    ) in page
    assert "counts once in each direction" in page
    # 2020: one link, F1 active without education; 2023: 6 links, F1 F2 active, F1 with V1 -> 1 of 2
    assert "Links grew from 1 in 2020 to 6 in 2023" in page and "went from 0% to 50%" in page


# ------------------------------------------------------------------ charts


def test_charts_are_deterministic_inline_vector_svg():
    from clustergraph.report import charts

    mix = pd.DataFrame([[3, 7], [7, 0]], index=["firm", "vet"], columns=["firm", "vet"])
    a, b = charts.mixing_heatmap(mix), charts.mixing_heatmap(mix)
    assert a == b  # no date, fixed hash salt
    assert a.startswith("<svg") and "<?xml" not in a and "<!DOCTYPE" not in a
    assert "<image" not in a and "http" not in a  # vector only, no namespace URLs or metadata
    assert not re.search(r"<svg[^>]*\bwidth=", a)  # scales with the page (viewBox kept)
    assert "<title>Links between actor types</title>" in a
    # the cells are annotated with the counts (7 shown twice: the matrix is symmetric)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", a)
    assert texts.count("7") == 2 and "3" in texts and "0" in texts
    # two charts never share an id (each has its own hash salt)
    years = pd.DataFrame(
        {"year": [2020, 2021], "new_links": [1, 2], "links": [1, 3], "firms_with_education_share": [0.0, 0.5]}
    )
    c = charts.links_over_years(years)
    ids_a, ids_c = set(re.findall(r'id="([^"]+)"', a)), set(re.findall(r'id="([^"]+)"', c))
    assert ids_a and ids_c and not ids_a & ids_c
    # a title from the data is escaped
    assert "&lt;b&gt;" in charts.degree_distribution(pd.Series([1, 2]), title="<b>")


def test_dollar_signs_in_region_names_are_text_not_mathtext():
    """matplotlib would parse "$...$" in a tick label as mathtext: shown wrong, or raising on "$\\frac"."""
    from clustergraph.report import charts

    t = pd.DataFrame({"firm": [3, 1], "vet": [1, 0]}, index=["A $\\frac$ b", "Cost $5 to $6"])
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", charts.actors_by_region(t))
    assert "A $\\frac$ b" in labels and "Cost $5 to $6" in labels


def test_community_names_take_the_most_common_region_ties_in_text_order():
    """Hand-counted: the top region of each community; 'mostly' unless every actor is in it
    (a missing region counts as an actor elsewhere); a community with no region gets no name."""
    import types

    from clustergraph.report.page import _community_names

    actors = pd.DataFrame(
        {
            "community": [1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 5],
            "region": ["b", "a", 7, "7", None, None, None, "x", "Z", "a", "Z"],
        }
    )
    data = types.SimpleNamespace(metrics=types.SimpleNamespace(actors=actors))
    assert _community_names(data) == {
        1: "Community 1 (mostly a)",  # a tie of one each: 'a' before 'b'
        2: "Community 2 (mostly 7)",  # 7 and '7' are one region; the third actor has none
        4: "Community 4 (x)",
        5: "Community 5 (mostly Z)",  # 'Z' twice, 'a' once
    }
