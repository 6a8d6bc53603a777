"""The explorer on generated networks of the real shapes (issue 25), in headless Chromium, network blocked.

``map_shapes.regional`` (700 organisations in 12 regions, 200 isolates), ``map_shapes.consortia``
(800 organisations in 26 consortia of up to 190 partners, ~38,600 links). First-draw times are
measured in ``benchmarks/explorer_bench.py`` (the machine is shared): these tests assert the
mechanisms that make the first draw fast, and that each control tells the truth.
"""

from __future__ import annotations

import math

import map_shapes
import networkx as nx
import pandas as pd
import pytest
from browser import wait_until
from test_map_explorer import _counts, _open, select_region

from clustergraph.maps import ecosystem_map

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def consortia():
    return map_shapes.consortia()


@pytest.fixture(scope="module")
def regional():
    """The regional shape with 30 actors moved out of any region and the isolated firms flagged,
    each with a suggested partner (as ``clustergraph map --gaps`` draws them)."""
    G = map_shapes.regional()
    for n in sorted(G)[:30]:
        del G.nodes[n]["region"]
    alone = sorted(n for n in nx.isolates(G) if G.nodes[n]["type"] == "firm")
    uni = next(n for n, t in sorted(G.nodes(data="type")) if t in ("university", "vet") and G.degree(n))
    return G, alone, pd.DataFrame({"firm": alone, "candidate": uni})


def _slide(res, selector, value):
    res.evaluate(
        "([s, v]) => { const e = document.querySelector(s); e.value = String(v); e.dispatchEvent(new Event('input')); }",
        [selector, value],
    )


def test_dense_consortia_draw_links_in_one_batched_layer(open_page, consortia, tmp_path):
    links = consortia.number_of_edges()
    assert links > 35_000
    page = ecosystem_map(consortia, tmp_path / "m.html", size_by="degree")
    res = _open(open_page, page, timeout_ms=120_000)
    # the mechanism: no physics, no vis-network edge objects, the page's own link layer
    assert res.evaluate("() => cgMap.dense") is True
    assert res.evaluate("() => cgMap.edges.length") == 0
    assert res.evaluate("() => cgMap.network.physics.physicsEnabled") is False
    assert res.evaluate("() => cgMap.firstDraw") > 0
    assert _counts(res)["edges"] == links
    assert res.canvas_ink("#mynetwork canvas") > 50_000  # the links are drawn
    # the weight slider works on a quantile scale and its label is the weight applied
    steps = res.evaluate("() => cgMap.weightSteps")
    assert len(steps) > 5 and steps == sorted(steps)
    _slide(res, "#cg-minweight", len(steps) // 2)
    applied = steps[len(steps) // 2]
    shown = _counts(res)["edges"]
    assert shown == sum(1 for *_, w in consortia.edges(data="weight") if w >= applied - 1e-9)
    assert 0.05 * links < shown < 0.95 * links  # the middle of the slider: a share of the links, not all or none
    label = res.text("#cg-minweight-value")
    assert math.isclose(float(label.replace(",", "")), applied, rel_tol=5e-3)
    assert f"{shown:,} of {links:,} links weigh at least" in res.text("#cg-minweight-info")
    assert res.errors == [] and res.requests_blocked == []


def test_geographic_layout_goes_round_the_antimeridian(open_page, consortia, tmp_path):
    page = ecosystem_map(consortia, tmp_path / "geo.html", size_by="degree", layout="geo")
    res = _open(open_page, page, timeout_ms=120_000)
    assert res.evaluate("() => cgMap.wrappedLinks()") > 0  # New Zealand - Hawaii links: the short way
    # vis-network would draw them straight across the world: the page's layer draws every link
    assert res.evaluate("() => cgMap.edges.get({filter: (e) => !e.hidden}).length") == 0
    assert res.canvas_ink("#mynetwork canvas") > 20_000
    assert res.errors == []


def test_controls_tell_the_truth_on_the_regional_shape(open_page, regional, tmp_path):
    G, alone, sugg = regional
    isolated = list(nx.isolates(G))
    assert len(isolated) == 200 and alone
    page = ecosystem_map(G, tmp_path / "m.html", size_by="degree", flagged=alone, suggestions=sugg)
    res = _open(open_page, page, timeout_ms=120_000)
    c = _counts(res)
    links = G.number_of_edges()
    assert (c["nodes"], c["edges"], c["suggestions"]) == (700, links, len(alone))
    assert f"{links:,} of {links:,} links shown (and {len(alone):,} suggested introductions)" in res.text("#cg-count")
    # flagged isolated firms keep their size: the same at load, after a change and back
    first = alone[0]
    size0 = res.evaluate("(id) => cgMap.network.body.nodes[cgMap.vid(id)].options.size", first)
    res.page.select_option("#cg-size-menu", label="Weighted degree")
    res.page.select_option("#cg-size-menu", index=0)
    assert res.evaluate("(id) => cgMap.network.body.nodes[cgMap.vid(id)].options.size", first) == pytest.approx(size0)
    assert res.evaluate("(id) => cgMap.nodes.get(cgMap.vid(id)).borderWidth", first) < 2  # a halo, not a ring
    # "Show isolated (200)" hides all 200, flagged firms with a suggested partner included
    assert "Show isolated actors (200)" in res.text("#cg-panel")
    res.page.uncheck("#cg-isolated")
    assert _counts(res)["nodes"] == 500
    res.page.check("#cg-isolated")
    # "(no region)" is a view of its own, not "All regions"
    texts = res.evaluate(
        "() => Array.from(document.querySelectorAll('#cg-region-menu option')).map(o => o.textContent)"
    )
    assert texts[0] == "All regions" and any(t.startswith("(no region) (30)") for t in texts)
    select_region(res, "")
    nores = _counts(res)["nodes"]
    assert 30 <= nores < 700
    assert "region=" in res.evaluate("() => location.hash")
    select_region(res, None)
    assert _counts(res)["nodes"] == 700
    # the halo switch
    with_halo = res.canvas_ink("#mynetwork canvas")
    res.page.uncheck("#cg-flags")
    assert res.canvas_ink("#mynetwork canvas") < with_halo
    assert "flags=hide" in res.evaluate("() => location.hash")
    assert res.errors == [] and res.requests_blocked == []


def test_brokerage_is_listed_once_in_size_by(tmp_path, regional):
    import json
    import re

    import clustergraph

    G, *_ = regional
    sub = G.subgraph(sorted(G)[:150]).copy()
    page = ecosystem_map(sub, tmp_path / "m.html", metrics=clustergraph.metrics(sub).actors)
    data = json.loads(re.search(r'id="cg-data">(.*?)</script>', page.read_text("utf-8"), re.S).group(1))
    assert sum("rokerage" in m for m in data["measures"]) == 1


def test_labels_never_overlap_and_come_back_when_zoomed(open_page, regional, tmp_path):
    G, *_ = regional
    res = _open(open_page, ecosystem_map(G, tmp_path / "m.html", size_by="degree"))
    res.evaluate("() => cgMap.network.redraw()")
    boxes = res.evaluate("() => cgMap.labels")
    assert 3 <= len(boxes) < 700
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] for k, a in enumerate(boxes) for b in boxes[k + 1 :]
    )
    biggest = max(G.degree, key=lambda x: (x[1], x[0]))[0]
    assert biggest in {b[4] for b in boxes}  # the largest actors first
    res.evaluate("() => { const n = cgMap.network; n.moveTo({scale: n.getScale() * 4}); n.redraw(); }")
    zoomed = res.evaluate("() => cgMap.labels")
    assert not any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for k, a in enumerate(zoomed)
        for b in zoomed[k + 1 :]
    )
    names = {b[4] for b in zoomed}
    assert names - {b[4] for b in boxes}  # zoomed in, names skipped before find room


def test_click_selects_the_actor_under_the_pointer(open_page, tmp_path):
    # a big hub and a small actor drawn on the hub's disc: a click on the small one selects it
    G = nx.star_graph(8)
    G = nx.relabel_nodes(G, {k: f"a{k}" for k in G})
    nx.set_node_attributes(G, "firm", "type")
    res = _open(open_page, ecosystem_map(G, tmp_path / "m.html", size_by="degree", physics=False))
    x, y = res.evaluate(
        """() => { const n = cgMap.network, p = n.getPosition(cgMap.vid('a0'));
        n.moveNode(cgMap.vid('a1'), p.x + 8, p.y + 4); n.moveTo({position: p, scale: 2, animation: false}); n.redraw();
        const q = n.canvasToDOM({x: p.x + 8, y: p.y + 4}), r = document.getElementById('mynetwork').getBoundingClientRect();
        return [r.left + q.x, r.top + q.y]; }"""
    )
    res.page.mouse.click(x, y)
    assert res.evaluate("() => cgMap.state.focus") == "a1"
    assert res.evaluate("() => cgMap.network.getSelectedNodes().map(cgMap.uid)") == ["a1"]


def test_webgl_links_are_visible(open_page, regional, tmp_path):
    G, *_ = regional
    res = _open(open_page, ecosystem_map(G, tmp_path / "gl.html", size_by="degree", renderer="webgl"))
    wait_until(res.page, "cgMap.network.sigma", 30_000)
    sizes = res.evaluate("() => { const g = cgMap.network.sigma.getGraph(); return g.mapEdges((e, a) => a.size); }")
    assert len(sizes) == G.number_of_edges() and min(sizes) >= 1


def test_shared_assets_missing_says_what_to_copy(open_page, tmp_path):
    import shutil

    G = nx.path_graph(["a", "b", "c"])
    nx.set_node_attributes(G, "firm", "type")
    page = ecosystem_map(G, tmp_path / "map.html", size_by="degree", shared_assets=True)
    res = _open(open_page, page, timeout_ms=120_000)
    assert res.evaluate("() => document.getElementById('cg-noassets')") is None  # loaded: no message
    shutil.rmtree(tmp_path / "assets")
    res = open_page(page)
    box = res.page.locator("#cg-noassets")
    assert box.is_visible()
    assert "together with" in box.inner_text() and "assets" in box.inner_text()
