"""Interactive HTML maps: views, sizes, escaping, determinism, offline page, CLI, browser."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from test_map_explorer import select_region

from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.maps import aggregate_view, ecosystem_map, ego_view, region_view
from clustergraph.maps.measures import SIZE_MAX, SIZE_MIN, scale_sizes, size_values
from clustergraph.maps.offline import check_offline, edge_rows
from clustergraph.maps.render import edge_widths
from clustergraph.schema import TYPE_COLOURS, TYPE_LABELS
from clustergraph.synthetic import generate, sample_ecosystem

ROOT = Path(__file__).resolve().parents[1]
XSS = "<img src=x onerror=alert(1)>"


def page_data(path: Path) -> dict:
    """The JSON graph data embedded in a map page."""
    text = Path(path).read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', text, re.S)
    data = json.loads(m.group(1))
    data["edges"] = edge_rows(data["edges"])  # the compact table, back as vis-network dicts
    return data


@pytest.fixture(scope="module")
def sample_tables():
    return sample_ecosystem()


@pytest.fixture(scope="module")
def sample(sample_tables):
    return build_graph(*sample_tables)


@pytest.fixture(scope="module")
def xss_graph(sample_tables):
    actors, links = sample_tables
    actors = pd.concat(
        [
            actors,
            pd.DataFrame(
                [
                    {
                        "id": "XSS1",
                        "name": XSS,
                        "type": "firm",
                        "region": "</script><script>alert(2)</script>",
                        "country": "NO",
                        "sector": "<b>bold</b>",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    links = pd.concat(
        [links, pd.DataFrame([{"source": "XSS1", "target": "NAV-CLU1", "weight": 1, "type": "project", "year": 2020}])],
        ignore_index=True,
    )
    return build_graph(actors, links)


def tiny() -> nx.Graph:
    """a, b in region N; c, d in S; e has no region.  a-b (count 2), b-c, c-d, d-e."""
    G = nx.Graph()
    G.add_nodes_from(
        [
            ("a", {"name": "A", "type": "firm", "region": "N"}),
            ("b", {"name": "B", "type": "vet", "region": "N"}),
            ("c", {"name": "C", "type": "firm", "region": "S"}),
            ("d", {"name": "D", "type": "cluster_org", "region": "S"}),
            ("e", {"name": "E", "type": "firm"}),
        ]
    )
    G.add_edge("a", "b", weight=3.0, count=2, scope="regional")
    G.add_edge("b", "c", weight=1.0, count=1, scope="national")
    G.add_edge("c", "d", weight=1.0, count=1, scope="regional")
    G.add_edge("d", "e", weight=2.0, count=1)
    return G


# ------------------------------------------------------------------ views


def test_region_view_keeps_region_and_greys_outside_partners():
    v = region_view(tiny(), "N")
    # inside: a, b; b's partner c is outside; c-d (outside-outside) is left out
    assert sorted(v.graph) == ["a", "b", "c"]
    assert v.greyed == frozenset({"c"})
    assert sorted(map(sorted, v.graph.edges())) == [["a", "b"], ["b", "c"]]
    with pytest.raises(InputError, match="regions in the data: N, S"):
        region_view(tiny(), "Nowhere")


def test_ego_view_radius():
    G = tiny()
    assert sorted(ego_view(G, "a", 1).graph) == ["a", "b"]
    assert sorted(ego_view(G, "a", 2).graph) == ["a", "b", "c"]
    D = nx.DiGraph(G)
    D.remove_edge("b", "a")  # only a -> b: the ego view ignores direction
    assert sorted(ego_view(D, "b", 1).graph) == ["a", "b", "c"]
    with pytest.raises(InputError, match="not found"):
        ego_view(G, "zz")


def test_aggregate_view_counts_actors_and_links():
    G = tiny()
    H = aggregate_view(G, "region").graph
    # N = {a, b}: a-b counts 2 links inside; S = {c, d}: 1 inside; "(no region)" = {e}
    assert H.nodes["N"]["actors"] == 2 and H.nodes["N"]["internal"] == 2
    assert H.nodes["S"]["internal"] == 1
    assert H["N"]["S"]["links"] == 1 and H["S"]["(no region)"]["links"] == 1
    assert H["N"]["S"]["weight"] == 1.0
    T = aggregate_view(G, "type").graph
    # firms a, c, e; links firm-vet (a-b: 2, c-b: 1) = 3, firm-cluster_org (c-d, e-d) = 2
    assert T.nodes["firm"]["actors"] == 3 and T.nodes["firm"]["name"] == "Firm"
    assert T["firm"]["vet"]["links"] == 3 and T["firm"]["cluster_org"]["links"] == 2
    RT = aggregate_view(G, "region-type").graph
    assert RT.number_of_nodes() == 5 and RT.nodes["N | Firm"]["type"] == "firm"
    with pytest.raises(InputError, match="--aggregate"):
        aggregate_view(G, "sector")


# ------------------------------------------------------------------ scales


def test_sizes_use_a_square_root_scale():
    # (v - min) / (max - min) = 0, 1/4, 1 -> sqrt = 0, 1/2, 1
    s = scale_sizes(pd.Series([2.0, 3.0, 6.0]))
    assert s.tolist() == pytest.approx([SIZE_MIN, (SIZE_MIN + SIZE_MAX) / 2, SIZE_MAX])
    assert scale_sizes(pd.Series([5.0, 5.0])).tolist() == [(SIZE_MIN + SIZE_MAX) / 2] * 2


def test_edge_widths_grow_with_weight():
    # (w - 1) / 8 = 0, 1/4, 1 -> 1 + 5 * sqrt = 1, 3.5, 6
    assert edge_widths(pd.Series([1.0, 3.0, 9.0])).tolist() == pytest.approx([1.0, 3.5, 6.0])


def test_size_values_from_metrics_table_or_computed():
    G = tiny()
    m = pd.DataFrame({"betweenness": [0.0, 0.5, 0.7, 0.5, 0.0]}, index=list("abcde"))
    assert size_values(G, "betweenness", m)["c"] == 0.7
    assert size_values(G, "degree", None).to_dict() == {"a": 1, "b": 2, "c": 2, "d": 2, "e": 1}
    with pytest.raises(InputError, match="Unknown size metric"):
        size_values(G, "charisma", None)


def test_unknown_partner_type_is_refused_before_any_centrality(monkeypatch):
    import importlib

    from clustergraph.maps import measures

    # the module itself: the package's attribute "centrality" is the function
    C = importlib.import_module("clustergraph.metrics.centrality")
    # the map's copy of the centrality columns (kept to import metrics lazily) matches the original
    assert set(C.COLUMNS) == set(measures.CENTRALITY_COLUMNS) | set(measures.PARTNER_TYPE_COLUMNS)
    monkeypatch.setattr(C, "centrality", lambda G: pytest.fail("centrality computed for a bad name"))
    with pytest.raises(InputError, match="Unknown size metric"):
        size_values(tiny(), "deg_bakery", None)


# ------------------------------------------------------------------ page


def test_page_styles_nodes_and_edges(tmp_path):
    G = tiny()
    metrics = pd.DataFrame({"pagerank": [0.1, 0.4, 0.2, 0.2, 0.1]}, index=list("abcde"))
    sugg = pd.DataFrame({"firm": ["a"], "candidate": ["d"]})
    p = ecosystem_map(G, tmp_path / "m.html", size_by="pagerank", metrics=metrics, flagged=["e"], suggestions=sugg)
    data = page_data(p)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 5
    assert nodes["a"]["color"]["background"] == TYPE_COLOURS["firm"]
    assert nodes["b"]["color"]["background"] == TYPE_COLOURS["vet"]
    assert nodes["d"]["shape"] == "diamond" and nodes["a"]["shape"] == "dot"
    assert nodes["e"]["cg_flagged"] and "cg_flagged" not in nodes["a"]  # flagged: a halo drawn by the page
    assert nodes["e"]["borderWidth"] == nodes["a"]["borderWidth"]  # not a ring
    assert nodes["b"]["value"] == SIZE_MAX and nodes["a"]["value"] == SIZE_MIN  # pagerank max / min
    assert "PageRank: 0.4" in nodes["b"]["cg_tip"] and "Region: N" in nodes["b"]["cg_tip"]
    edges = {e["id"]: e for e in data["edges"]}
    regional = next(e for e in edges.values() if (e["from"], e["to"]) == ("a", "b"))
    national = next(e for e in edges.values() if (e["from"], e["to"]) == ("b", "c"))
    assert regional["dashes"] is False and national["dashes"]
    assert regional["width"] == 6.0  # heaviest link
    suggested = [e for e in edges.values() if e.get("cg_suggestion")]
    assert [(e["from"], e["to"]) for e in suggested] == [("a", "d")] and suggested[0]["dashes"]
    text = p.read_text(encoding="utf-8")
    assert "Suggested partnership" in text and "flagged by gap analysis" in text


def test_page_is_self_contained(sample, tmp_path):
    text = ecosystem_map(sample, tmp_path / "m.html", size_by="degree").read_text(encoding="utf-8")
    for bad in (
        'src="http',
        "src='http",
        'href="http',
        "href='http",
        "node_modules",
        "<link",
        "sourceMappingURL",
        "cdn.",
    ):
        assert bad not in text, bad
    assert "vis.Network" in text and 'id="mynetwork"' in text
    assert "Content-Security-Policy" in text and "connect-src 'none'" in text
    check_offline(text)


def test_offline_check_rejects_pyvis_template(tmp_path):
    # pyvis's own in_line page still pulls Bootstrap from a CDN: the guard must notice
    from pyvis.network import Network

    net = Network(cdn_resources="in_line", select_menu=True)
    net.add_node(1)
    with pytest.raises(ValueError, match="external resources"):
        check_offline(net.generate_html())


def test_legend_lists_the_six_types(sample, tmp_path):
    text = ecosystem_map(sample, tmp_path / "m.html", size_by="degree").read_text(encoding="utf-8")
    start = text.index('<section id="cg-legend">')
    legend = text[start : text.index("</section>", start)]
    for t, label in TYPE_LABELS.items():
        assert f'data-value="{t}"' in legend and label.replace("&", "&amp;") in legend
        assert TYPE_COLOURS[t] in legend


def test_names_are_escaped(xss_graph, tmp_path):
    text = ecosystem_map(xss_graph, tmp_path / "m.html", size_by="degree").read_text(encoding="utf-8")
    assert "<img" not in text and "<b>bold" not in text and "alert(2)</script>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text  # search list: text
    assert '"label":"\\u003cimg src=x onerror=alert(1)\\u003e"' in text  # data: JSON-escaped
    node = next(n for n in page_data(tmp_path / "m.html")["nodes"] if n["id"] == "XSS1")
    assert node["label"] == XSS and node["cg_tip"].startswith(XSS + "\n")


def test_same_input_gives_byte_identical_html(sample_tables, tmp_path):
    actors, links = sample_tables
    G1 = build_graph(actors, links)
    # the same data in another row order
    G2 = build_graph(actors.sample(frac=1, random_state=3), links.iloc[::-1])
    a = ecosystem_map(G1, tmp_path / "a.html", size_by="degree", seed=4).read_bytes()
    b = ecosystem_map(G2, tmp_path / "b.html", size_by="degree", seed=4).read_bytes()
    c = ecosystem_map(G1, tmp_path / "c.html", size_by="degree", seed=5).read_bytes()
    assert a == b
    assert a != c  # the seed moves the layout


def test_byte_identical_across_processes(tmp_path):
    # set iteration order changes with PYTHONHASHSEED: the page must not depend on it
    import os
    import subprocess
    import sys

    pages = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"m{hash_seed}.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "clustergraph",
                "map",
                str(ROOT / "data/actors.csv"),
                str(ROOT / "data/links.csv"),
                "--region",
                "Navarra",
                "--gaps",
                "-o",
                str(out),
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


def test_views_have_the_right_number_of_nodes(sample, tmp_path):
    region = page_data(ecosystem_map(sample, tmp_path / "r.html", size_by="degree", region="Navarra"))
    navarra = [n for n, r in sample.nodes(data="region") if r == "Navarra"]
    outside = {m for n in navarra for m in sample[n]} - set(navarra)
    assert len(region["nodes"]) == len(navarra) + len(outside)
    assert sum(n["color"]["background"] == "#E3E3E3" for n in region["nodes"]) == len(outside)
    ego = page_data(ecosystem_map(sample, tmp_path / "e.html", size_by="degree", ego="NAV-CLU1"))
    assert len(ego["nodes"]) == sample.degree("NAV-CLU1") + 1
    agg = page_data(ecosystem_map(sample, tmp_path / "a.html", aggregate="region"))
    assert sorted(n["id"] for n in agg["nodes"]) == sorted({r for _, r in sample.nodes(data="region")})
    sizes = {n["id"]: n["value"] for n in agg["nodes"]}  # Navarra has the fewest actors
    assert min(sizes, key=sizes.get) == "Navarra"
    # counts start from zero: radius = 6 + 24 * sqrt(26 / 42) for Navarra's 26 of at most 42 actors
    assert sizes["Navarra"] == pytest.approx(6 + 24 * (26 / 42) ** 0.5, abs=0.01)
    firms = sum(1 for _, t in sample.nodes(data="type") if t == "firm")
    assert f'Firm</span><span class="cg-n">{firms}</span>' in (tmp_path / "a.html").read_text(
        encoding="utf-8"
    )  # the legend counts actors, not groups
    with pytest.raises(InputError, match="one view at a time"):
        ecosystem_map(sample, tmp_path / "x.html", region="Navarra", aggregate="type")


def test_default_size_is_brokerage(sample, tmp_path):
    from clustergraph.metrics.brokerage import brokerage_roles

    total = brokerage_roles(sample)["total"]
    data = page_data(ecosystem_map(sample, tmp_path / "m.html"))
    biggest = max(data["nodes"], key=lambda n: n["value"])
    assert total[biggest["id"]] == total.max()
    assert "Brokerage (Gould-Fernandez total)" in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_metrics_table_from_clustergraph_metrics(sample, tmp_path):
    from clustergraph.metrics import compute

    actors = compute(sample).actors  # an ``id`` column, brokerage as ``brokerage_total``
    by_id = actors.set_index("id")
    data = page_data(ecosystem_map(sample, tmp_path / "m.html", metrics=actors, size_by="betweenness"))
    nodes = {n["id"]: n for n in data["nodes"]}
    top = by_id["betweenness"].idxmax()
    assert nodes[top]["value"] == SIZE_MAX
    assert "Brokerage (total): " + f"{int(by_id.loc[top, 'brokerage_total']):,}" in nodes[top]["cg_tip"]
    data = page_data(ecosystem_map(sample, tmp_path / "b.html", metrics=actors))  # default: brokerage
    biggest = max(data["nodes"], key=lambda n: n["value"])["id"]
    assert by_id.loc[biggest, "brokerage_total"] == by_id["brokerage_total"].max()


def test_large_map_warns_and_still_works(sample, tmp_path, monkeypatch, caplog):
    import clustergraph.maps.model as eco

    caplog.set_level("WARNING", logger="clustergraph")
    monkeypatch.setattr(eco, "LARGE_MAP", 100)
    p = ecosystem_map(sample, tmp_path / "m.html", size_by="degree")
    assert any("--aggregate" in r.getMessage() for r in caplog.records if r.name == "clustergraph")
    assert len(page_data(p)["nodes"]) == sample.number_of_nodes()


# ------------------------------------------------------------------ CLI


def test_cli_map(tmp_path):
    runner = CliRunner()
    out = tmp_path / "map.html"
    args = ["map", str(ROOT / "data/actors.csv"), str(ROOT / "data/links.csv")]
    r = runner.invoke(main, args + ["-o", str(out), "--size-by", "degree", "--title", "Demo"])
    assert r.exit_code == 0, r.output
    assert out.exists() and "<title>Demo</title>" in out.read_text(encoding="utf-8")
    r = runner.invoke(main, args + ["-o", str(tmp_path), "--ego", "NAV-CLU1", "--radius", "2", "--size-by", "degree"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "map-ego-nav-clu1-653a648f.html").exists()
    r = runner.invoke(main, args + ["-o", str(tmp_path / "g.html"), "--gaps", "--size-by", "degree"])
    assert r.exit_code == 0, r.output
    data = page_data(tmp_path / "g.html")
    assert any(n.get("cg_flagged") for n in data["nodes"])
    assert any(e.get("cg_suggestion") for e in data["edges"])
    r = runner.invoke(main, args + ["-o", str(tmp_path / "geo.html"), "--layout", "geo", "--size-by", "degree"])
    assert r.exit_code == 0, r.output
    assert page_data(tmp_path / "geo.html")["geoStart"] is True
    r = runner.invoke(main, args + ["-o", str(tmp_path / "full.html"), "--full-map", "--size-by", "degree"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, args + ["-o", str(tmp_path / "x.html"), "--region", "Atlantis"])
    assert r.exit_code == 2 and "Atlantis" in r.output
    # an output path the map cannot be written to is the user's mistake: exit 2, no traceback
    (tmp_path / "afile").write_text("x")
    (tmp_path / "folder.html").mkdir()
    for bad in (tmp_path / "afile", tmp_path / "afile" / "m.html", tmp_path / "folder.html"):
        r = runner.invoke(main, args + ["-o", str(bad)])
        assert r.exit_code == 2 and "cannot write the map" in r.output, r.output


# ------------------------------------------------------------------ 5,000 actors


@pytest.fixture(scope="module")
def big_maps(tmp_path_factory):
    G = build_graph(*generate(5000, links_per_actor=5, seed=1))
    folder = tmp_path_factory.mktemp("big")
    t0 = time.perf_counter()
    full = ecosystem_map(G, folder / "full.html", size_by="degree")
    seconds = time.perf_counter() - t0
    agg = ecosystem_map(G, folder / "agg.html", aggregate="region-type")
    return G, full, seconds, agg


def test_5000_actor_map_is_written_in_under_a_minute(big_maps):
    G, full, seconds, _ = big_maps
    assert seconds < 60
    assert len(page_data(full)["nodes"]) == 5000


# ------------------------------------------------------------------ browser


def _assert_clean(res):
    assert res.errors == [] and res.dialogs == [] and res.requests_blocked == []


@pytest.mark.browser
def test_browser_sample_map_and_screenshot(open_page, tmp_path):
    import clustergraph

    G = clustergraph.load(ROOT / "data/actors.csv", ROOT / "data/links.csv")
    p = ecosystem_map(G, tmp_path / "sample.html", title="Sample ecosystem (illustrative)")
    res = open_page(p)
    assert res.wait_for_canvas("#mynetwork canvas") > 1000
    _assert_clean(res)
    assert res.vis_node_count() == G.number_of_nodes()
    legend = res.text("#cg-legend")
    assert all(label in legend for label in TYPE_LABELS.values())
    res.screenshot(tmp_path / "map-sample.png")
    # filters: hiding firms hides exactly the firms; physics switch works
    firms = sum(1 for _, t in G.nodes(data="type") if t == "firm")
    res.page.click('input.cg-type[data-value="firm"]')
    assert res.evaluate("() => cgMap.counts().nodes") == G.number_of_nodes() - firms
    select_region(res, "Navarra")
    navarra_rest = sum(1 for _, d in G.nodes(data=True) if d.get("region") == "Navarra" and d["type"] != "firm")
    assert res.evaluate("() => cgMap.counts().nodes") >= navarra_rest
    select_region(res, None)
    res.page.check("#cg-physics")
    assert res.evaluate("() => cgMap.network.physics.physicsEnabled") is True
    _assert_clean(res)


@pytest.mark.browser
def test_browser_xss_name_is_text(open_page, xss_graph, tmp_path):
    p = ecosystem_map(
        xss_graph,
        tmp_path / "xss.html",
        size_by="degree",
        flagged=["XSS1"],
        suggestions=pd.DataFrame({"firm": ["XSS1"], "candidate": ["NAV-VET1"]}),
    )
    res = open_page(p)
    res.wait_for_canvas("#mynetwork canvas")
    assert res.vis_node_count() == xss_graph.number_of_nodes()
    # the radius computed in Python is drawn as is (flagged or not: the flag is a halo, not a size)
    value = next(n["value"] for n in page_data(p)["nodes"] if n["id"] == "XSS1")
    assert res.evaluate("() => cgMap.network.body.nodes[cgMap.vid('XSS1')].options.size") == pytest.approx(value)
    tip = res.evaluate(
        "() => { const t = cgMap.nodes.get(cgMap.vid('XSS1')).title;"
        " return [t instanceof HTMLElement, t.textContent, t.children.length]; }"
    )
    assert tip[0] is True and tip[1].startswith(XSS) and tip[2] == 0
    # show only its region (named like a script) and hover the node: the tooltip is text
    select_region(res, "</script><script>alert(2)</script>")
    assert "XSS1" in res.evaluate("() => cgMap.nodes.get({filter: (n) => !n.hidden}).map((n) => n.cg_id)")
    x, y = res.evaluate("""() => {
        cgMap.network.focus(cgMap.vid('XSS1'), {scale: 3, animation: false});
        const p = cgMap.network.canvasToDOM(cgMap.network.getPosition(cgMap.vid('XSS1')));
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""")
    res.page.mouse.move(x + 5, y + 5)
    res.page.mouse.move(x, y)
    popup = res.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert popup.inner_text().startswith(XSS)
    select_region(res, None)
    res.page.fill("#cg-search", XSS)
    res.page.click("#cg-find")
    assert res.evaluate("() => cgMap.network.getSelectedNodes().map(cgMap.uid)") == ["XSS1"]
    assert res.evaluate("() => document.querySelectorAll('img, b').length") == 0
    assert "</script><script>alert(2)</script>" in res.evaluate(
        "() => Array.from(document.querySelectorAll('#cg-region-menu option')).map(o => o.textContent).join('|')"
    )
    _assert_clean(res)


@pytest.mark.browser
def test_browser_views_and_5000_aggregate(open_page, sample, big_maps, tmp_path):
    region = ecosystem_map(sample, tmp_path / "r.html", size_by="degree", region="Navarra")
    res = open_page(region)
    res.wait_for_canvas("#mynetwork canvas")
    _assert_clean(res)
    assert res.vis_node_count() == len(page_data(region)["nodes"])
    _, _, _, agg = big_maps
    res = open_page(agg)
    assert res.wait_for_canvas("#mynetwork canvas", timeout_ms=60_000) > 1000
    _assert_clean(res)
    G = big_maps[0]
    groups = {(d.get("region"), d["type"]) for _, d in G.nodes(data=True)}
    assert res.vis_node_count() == len(groups)


@pytest.mark.parametrize("module", ["views", "layout", "measures", "render", "offline", "ecosystem", "backbone", "geo"])
def test_docstring_examples(module):
    import doctest
    import importlib

    mod = importlib.import_module(f"clustergraph.maps.{module}")
    result = doctest.testmod(mod)
    assert result.failed == 0 and result.attempted > 0
