"""The map explorer's controls in headless Chromium, network blocked, on hand-made graphs.

Each test checks the visible node and edge counts (``cgMap.counts()``: what the page
draws) after using a control, against numbers worked out by hand.
"""

import base64

import networkx as nx
import pandas as pd
import pytest
from browser import wait_until

import clustergraph.maps.model as eco
from clustergraph.graph import build_graph
from clustergraph.maps import ecosystem_map
from clustergraph.maps.backbone import disparity_alpha

pytestmark = pytest.mark.browser


def _graph(actors, links) -> nx.Graph:
    return build_graph(pd.DataFrame(actors), pd.DataFrame(links))


@pytest.fixture
def timeline():
    """The hand-made graph of :func:`timeline_graph`."""
    return timeline_graph()


def timeline_graph():
    """a-b (2010), b-c (2012), c-d (2014, weight 5, national), d-e (2016); f alone.

    Regions: a, b, c in North; d, e, f in South.
    """
    actors = [
        {"id": i, "name": f"Actor {i.upper()}", "type": t, "region": r}
        for i, t, r in [
            ("a", "firm", "North"),
            ("b", "vet", "North"),
            ("c", "university", "North"),
            ("d", "firm", "South"),
            ("e", "rto", "South"),
            ("f", "firm", "South"),
        ]
    ]
    links = [
        {"source": "a", "target": "b", "year": 2010, "type": "project", "scope": "regional"},
        {"source": "b", "target": "c", "year": 2012, "type": "project", "scope": "regional"},
        {"source": "c", "target": "d", "year": 2014, "type": "curriculum", "scope": "national", "weight": 5},
        {"source": "d", "target": "e", "year": 2016, "type": "project", "scope": "regional"},
    ]
    return _graph(actors, links)


def _counts(res):
    return res.evaluate("() => cgMap.counts()")


def _open(open_page, path, **kwargs):
    res = open_page(path, **kwargs)
    wait_until(res.page, "window.cgMap && window.cgMap.drawn", 60_000)
    return res


def select_region(res, name):
    """Choose ``name`` in the region menu (None: all regions; "": the actors without a region)."""
    assert res.evaluate("(r) => cgMap.selectRegion(r)", name) is True


def _clean(res):
    assert res.errors == [] and res.dialogs == [] and res.requests_blocked == []


def test_focus_one_and_two_steps_and_escape(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))
    assert _counts(res)["nodes"] == 6 and _counts(res)["edges"] == 4
    res.page.fill("#cg-search", "Actor A")
    res.page.click("#cg-find")
    c = _counts(res)
    assert (c["focusNodes"], c["focusEdges"]) == (2, 1)  # a and b
    res.page.keyboard.press("Escape")  # the search box keeps keys: Esc still clears
    assert _counts(res)["focusNodes"] == 0
    res.evaluate("() => cgMap.network.emit('click', {nodes: [cgMap.vid('a')], edges: []})")
    res.page.click("#mynetwork")
    res.page.keyboard.press("2")
    c = _counts(res)
    assert (c["focusNodes"], c["focusEdges"]) == (3, 2)  # a, b, c
    res.page.keyboard.press("3")
    assert _counts(res)["focusNodes"] == 4
    assert "Actor A" in res.text("#cg-focus-info")
    res.page.keyboard.press("Escape")
    assert _counts(res)["focusNodes"] == 0 and _counts(res)["nodes"] == 6
    _clean(res)


def test_year_slider_is_cumulative(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))

    def at(year):
        res.evaluate(
            "(y) => { const s = document.getElementById('cg-year'); s.value = String(y);"
            " s.dispatchEvent(new Event('input')); }",
            year,
        )
        return _counts(res)

    assert (at(2010)["nodes"], at(2010)["edges"]) == (2, 1)
    assert (at(2013)["nodes"], at(2013)["edges"]) == (3, 2)
    assert (at(2016)["nodes"], at(2016)["edges"]) == (5, 4)  # the isolated actor has no year
    assert "End of 2016" in res.text("#cg-year-info")
    assert (at(2017)["nodes"], at(2017)["edges"]) == (6, 4)  # rightmost: all years
    _clean(res)


def test_region_menu_greys_outside_partners(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))
    select_region(res, "North")
    assert (_counts(res)["nodes"], _counts(res)["edges"]) == (4, 3)  # a, b, c and partner d
    grey = res.evaluate("() => cgMap.nodes.get(cgMap.vid('d')).color.background")
    assert grey.upper() == "#E3E3E3"
    select_region(res, "South")
    assert (_counts(res)["nodes"], _counts(res)["edges"]) == (4, 2)  # d, e, f and partner c
    _clean(res)


def test_edge_filters_scope_type_weight(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))
    res.page.uncheck('input.cg-scope[data-value="national"]')
    assert _counts(res)["edges"] == 3
    res.page.check('input.cg-scope[data-value="national"]')
    res.page.uncheck('input.cg-lt[data-value="project"]')
    assert _counts(res)["edges"] == 1
    res.page.check('input.cg-lt[data-value="project"]')
    res.evaluate(
        "() => { const s = document.getElementById('cg-minweight'); s.value = '5';"
        " s.dispatchEvent(new Event('input')); }"
    )
    assert _counts(res)["edges"] == 1
    res.page.uncheck('input.cg-type[data-value="firm"]')  # a, d, f hidden; their links too
    assert (_counts(res)["nodes"], _counts(res)["edges"]) == (3, 0)
    _clean(res)


def test_backbone_on_a_hand_computed_star(open_page, tmp_path):
    # hub h: weight 8 to a, 1 to b, c, d. alpha(h-a) = (3/11)^3 = 0.0203, others (10/11)^3 = 0.751
    actors = [{"id": x, "type": "firm", "region": "R"} for x in "habcd"]
    links = [{"source": "h", "target": x, "weight": w} for x, w in [("a", 8), ("b", 1), ("c", 1), ("d", 1)]]
    G = _graph(actors, links)
    assert round(disparity_alpha(G)[("h", "a")], 4) == 0.0203
    res = _open(open_page, ecosystem_map(G, tmp_path / "m.html", size_by="degree"))

    def level(k):  # slider positions: 1, 0.5, 0.2, 0.1, 0.05, 0.01, 0.001
        res.evaluate(
            "(k) => { const s = document.getElementById('cg-backbone'); s.value = String(k);"
            " s.dispatchEvent(new Event('input')); }",
            k,
        )
        return _counts(res)["edges"]

    assert level(0) == 4
    assert level(1) == 1  # 0.5: only h-a
    assert level(4) == 1  # 0.05
    assert level(5) == 0  # 0.01 < 0.0203
    _clean(res)


def test_size_and_colour_menus(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))
    options = res.evaluate("() => Array.from(document.querySelectorAll('#cg-size-menu option')).map(o => o.text)")
    assert "Weighted degree" in options
    assert res.evaluate("() => cgMap.nodes.get(cgMap.vid('b')).value") == 30  # degree 2, the largest
    res.page.select_option("#cg-size-menu", label="Weighted degree")
    # weighted degree of b: 2 in [0 (f, alone), 6]: 6 + 24 * sqrt(2 / 6)
    assert res.evaluate("() => cgMap.nodes.get(cgMap.vid('b')).value") == pytest.approx(
        6 + 24 * (2 / 6) ** 0.5, abs=0.01
    )
    res.page.select_option("#cg-colour-menu", "region")
    colours = res.evaluate(
        "() => [cgMap.nodes.get(cgMap.vid('a')).color.background, cgMap.nodes.get(cgMap.vid('d')).color.background]"
    )
    assert colours[0] != colours[1]
    assert "North" in res.text("#cg-colour-key") and "South" in res.text("#cg-colour-key")
    _clean(res)


def test_state_round_trips_through_the_address(open_page, timeline, tmp_path):
    path = ecosystem_map(timeline, tmp_path / "m.html", size_by="degree")
    res = _open(open_page, path)
    res.evaluate("() => cgMap.network.emit('click', {nodes: [cgMap.vid('b')], edges: []})")
    res.page.check('input.cg-steps[value="2"]')
    res.page.select_option("#cg-colour-menu", "region")
    res.evaluate(
        "() => { const s = document.getElementById('cg-year'); s.value = '2014'; s.dispatchEvent(new Event('input')); }"
    )
    res.page.uncheck('input.cg-type[data-value="rto"]')
    state = _counts(res)
    url = res.evaluate("() => location.href")
    assert "#" in url and "focus=b" in url
    again = _open(open_page, path)
    again.page.goto(url)
    wait_until(again.page, "window.cgMap && window.cgMap.drawn")
    assert _counts(again) == state
    assert again.evaluate("() => document.getElementById('cg-colour-menu').value") == "region"
    assert again.evaluate("() => document.querySelector('input.cg-type[data-value=\"rto\"]').checked") is False
    _clean(res)
    _clean(again)


def test_suggestions_only_in_a_region_view_when_asked(open_page, timeline, tmp_path):
    sugg = pd.DataFrame(
        [{"firm": "f", "candidate": "b", "rank": 1, "score": 1.0, "reason": "r", "broker": None}]
        + [{"firm": "a", "candidate": "e", "rank": 1, "score": 1.0, "reason": "r", "broker": None}]
    )
    # whole network: 4 links; the suggestions f-b and a-e are drawn only once a region is chosen
    path = ecosystem_map(timeline, tmp_path / "v.html", size_by="degree", suggestions=sugg, suggestions_in_views=True)
    res = _open(open_page, path)
    assert _counts(res)["edges"] == 4
    select_region(res, "North")
    c = _counts(res)  # a-b, b-c, c-d; both suggestions (each touches North) are counted apart
    assert (c["edges"], c["suggestions"]) == (3, 2)
    assert "3 of 4 links shown (and 2 suggested introductions)" in res.text("#cg-count")
    _clean(res)
    # without the option they are part of the whole network too (clustergraph map --gaps)
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "a.html", size_by="degree", suggestions=sugg))
    assert (_counts(res)["edges"], _counts(res)["suggestions"]) == (4, 2)
    _clean(res)


def test_region_preselected_by_the_address(open_page, timeline, tmp_path):
    path = ecosystem_map(timeline, tmp_path / "m.html", size_by="degree")
    res = open_page(path)
    res.page.goto(path.resolve().as_uri() + "#region=South")
    wait_until(res.page, "window.cgMap && window.cgMap.drawn")
    assert res.evaluate("() => cgMap.state.region") == "South"
    assert _counts(res)["nodes"] == 4
    _clean(res)


def test_png_export_produces_an_image(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree", title="Hand-made"))
    with res.page.expect_download() as info:
        res.page.click("#cg-png")
    target = tmp_path / "view.png"
    info.value.save_as(target)
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 2000
    url = res.evaluate("() => cgMap.lastPng")
    assert base64.b64decode(url.split(",", 1)[1])[:4] == b"\x89PNG"
    _clean(res)


def test_phone_width_gives_the_network_the_screen(open_page, timeline, tmp_path):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"), width=400, height=800)
    width = res.evaluate("() => document.getElementById('mynetwork').getBoundingClientRect().width")
    assert width >= 0.8 * 400
    assert res.evaluate("() => getComputedStyle(document.getElementById('cg-panel')).display") == "none"
    res.page.click("#cg-menu")
    assert res.evaluate("() => getComputedStyle(document.getElementById('cg-panel')).display") == "block"
    _clean(res)


def test_reset_layout_and_physics_limit(open_page, timeline, tmp_path, monkeypatch):
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))
    x0 = res.evaluate("() => JSON.parse(document.getElementById('cg-data').textContent).nodes[0].x")
    res.evaluate("() => cgMap.network.moveNode(cgMap.vid('a'), 9999, 9999)")
    res.page.click("#cg-reset")
    assert res.evaluate("() => cgMap.network.getPosition(cgMap.vid('a')).x") == pytest.approx(x0, abs=1)
    assert res.evaluate("() => document.getElementById('cg-physics').disabled") is False
    import clustergraph.maps.offline as offline

    monkeypatch.setattr(offline, "PHYSICS_MAX", 3)
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "n.html", size_by="degree"))
    assert res.evaluate("() => document.getElementById('cg-physics').disabled") is True
    assert "Physics is off" in res.text("#cg-physics-note")
    _clean(res)


def test_large_map_opens_on_groups_with_a_way_in(open_page, timeline, tmp_path, monkeypatch):
    monkeypatch.setattr(eco, "OPEN_GROUPED", 3)
    res = _open(open_page, ecosystem_map(timeline, tmp_path / "m.html", size_by="degree"))
    c = _counts(res)
    assert c["mode"] == "groups" and c["nodes"] == 5  # North x 3 types, South x 2 types
    group = res.evaluate("() => cgMap.network.body.data.nodes.get().filter(n => n.cg_id.startsWith('North'))[0].id")
    res.evaluate("(g) => cgMap.network.emit('click', {nodes: [g], edges: []})", group)
    c = _counts(res)
    assert c["mode"] == "actors" and c["nodes"] == 4  # North with its partner d
    res.page.click("#cg-to-groups")
    assert _counts(res)["mode"] == "groups"
    _clean(res)


def test_object_key_ids_and_regions(open_page, tmp_path):
    """Ids and regions named like JavaScript object keys are ordinary names (issue 17, item 6)."""
    ids = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]
    regions = ["__proto__", "constructor", "__proto__", "constructor", "toString"]
    actors = [{"id": i, "type": "firm", "region": r} for i, r in zip(ids, regions)]
    links = [{"source": ids[k], "target": ids[k + 1], "year": 2010 + k} for k in range(4)]
    G = _graph(actors, links)
    res = _open(open_page, ecosystem_map(G, tmp_path / "m.html", size_by="degree", physics=True))
    assert _counts(res)["nodes"] == 5
    select_region(res, "__proto__")
    assert _counts(res)["nodes"] == 4  # __proto__, hasOwnProperty + partners toString, constructor
    select_region(res, "constructor")
    assert _counts(res)["nodes"] == 5
    res.evaluate("() => cgMap.network.emit('click', {nodes: [cgMap.vid('__proto__')], edges: []})")
    assert _counts(res)["focusNodes"] == 3
    assert "focus=__proto__" in res.evaluate("() => location.hash")
    res.page.select_option("#cg-colour-menu", "region")
    _clean(res)


def test_shared_assets_folder(open_page, timeline, tmp_path):
    a = ecosystem_map(timeline, tmp_path / "a.html", size_by="degree", shared_assets=True)
    b = ecosystem_map(timeline, tmp_path / "b.html", size_by="degree", region="North", shared_assets=True)
    assert (tmp_path / "assets" / "vis-network.min.js").exists()
    assert a.stat().st_size < 100_000 and "vis.Network" not in b.read_text(encoding="utf-8")
    res = _open(open_page, b)
    assert _counts(res)["nodes"] == 4
    _clean(res)
    actors = [
        {"id": "oslo", "type": "firm", "region": "Oslo", "lat": 59.9, "lon": 10.7},
        {"id": "bilbao", "type": "firm", "region": "Euskadi", "lat": 43.3, "lon": -2.9},
    ]
    geo = ecosystem_map(
        _graph(actors, [{"source": "oslo", "target": "bilbao"}]),
        tmp_path / "geo.html",
        size_by="degree",
        layout="geo",
        shared_assets=True,
    )
    assert geo.stat().st_size < 50_000 and (tmp_path / "assets" / "world-110m.js").exists()
    res = _open(open_page, geo)
    assert res.evaluate("() => Array.isArray(window.cgWorld)") is True
    assert res.canvas_ink("#mynetwork canvas") > 5000
    _clean(res)


def test_geo_layout_places_actors_and_draws_outlines(open_page, tmp_path):
    actors = [
        {"id": "oslo", "type": "firm", "region": "Oslo", "lat": 59.9, "lon": 10.7},
        {"id": "nocoord", "type": "vet", "region": "Oslo"},
        {"id": "bilbao", "type": "firm", "region": "Euskadi", "lat": 43.3, "lon": -2.9},
        {"id": "lost", "type": "firm", "region": "Nowhere"},
    ]
    links = [{"source": "oslo", "target": "bilbao"}, {"source": "oslo", "target": "nocoord"}]
    G = _graph(actors, links)
    path = ecosystem_map(G, tmp_path / "geo.html", size_by="degree", layout="geo")
    text = path.read_text(encoding="utf-8")
    assert "1 without coordinates at their region" in text and "1 without any coordinates" in text
    res = _open(open_page, path)
    pos = res.evaluate("() => cgMap.network.getPositions()")
    xy = {res.evaluate("(v) => cgMap.uid(v)", k): (p["x"], p["y"]) for k, p in pos.items()}
    assert xy["oslo"][1] < xy["bilbao"][1] and xy["oslo"][0] > xy["bilbao"][0]  # north and east
    assert abs(xy["nocoord"][0] - xy["oslo"][0]) < 20  # at its region's centre
    assert res.canvas_ink("#mynetwork canvas") > 5000  # outlines drawn under the network
    _clean(res)


def test_geo_switch_in_a_community_map(open_page, tmp_path):
    actors = [
        {"id": "oslo", "type": "firm", "region": "Oslo", "lat": 59.9, "lon": 10.7},
        {"id": "bilbao", "type": "firm", "region": "Euskadi", "lat": 43.3, "lon": -2.9},
        {"id": "bergen", "type": "vet", "region": "Vestland", "lat": 60.4, "lon": 5.3},
    ]
    links = [{"source": "oslo", "target": "bilbao"}, {"source": "oslo", "target": "bergen"}]
    path = ecosystem_map(_graph(actors, links), tmp_path / "m.html", size_by="degree", physics=False)
    res = _open(open_page, path)
    before = res.evaluate("() => cgMap.network.getPosition(cgMap.vid('bilbao'))")
    res.page.check("#cg-geo")
    after = res.evaluate("() => cgMap.network.getPosition(cgMap.vid('bilbao'))")
    geo = res.evaluate(
        "() => JSON.parse(document.getElementById('cg-data').textContent).nodes.find((n) => n.id === 'bilbao').cg_geo"
    )
    assert after != before and after["x"] == pytest.approx(geo[0], abs=1)
    url = res.evaluate("() => location.href")
    assert "layout=geo" in url
    again = _open(open_page, path)
    again.page.goto(url)
    wait_until(again.page, "window.cgMap && window.cgMap.drawn")
    assert again.evaluate("() => document.getElementById('cg-geo').checked") is True
    assert again.evaluate("() => cgMap.network.getPosition(cgMap.vid('bilbao'))")["x"] == pytest.approx(geo[0], abs=1)
    res.page.uncheck("#cg-geo")
    assert res.evaluate("() => cgMap.network.getPosition(cgMap.vid('bilbao'))")["x"] == pytest.approx(
        before["x"], abs=1
    )
    _clean(res)
    _clean(again)
