"""The WebGL renderer of large maps (sigma.js + graphology) in headless Chromium, network blocked.

The explorer's controls are the same code on both renderers, so the explorer tests on
hand-made graphs are run again here with the WebGL page forced (``WEBGL_FROM = 0``),
plus what is particular to WebGL: the canvas is drawn, every actor is in the graph,
physics is off, and the vendored libraries are inlined with their licences.
"""

import io

import numpy as np
import pytest
import test_map_explorer as explorer

import clustergraph.maps.model as eco
from clustergraph.maps import ecosystem_map

pytestmark = pytest.mark.browser


@pytest.fixture
def timeline():
    """The explorer tests' hand-made timeline graph."""
    return explorer.timeline_graph()


@pytest.fixture
def webgl(monkeypatch):
    """Every map of these tests is drawn with WebGL (``renderer="auto"`` above 0 actors)."""
    monkeypatch.setattr(eco, "WEBGL_FROM", 0)


def test_webgl_page_draws_every_actor(open_page, timeline, tmp_path, webgl):
    page = ecosystem_map(timeline, tmp_path / "m.html", size_by="degree")
    text = page.read_text(encoding="utf-8")
    assert "sigma.js 3.0.3" in text and "vis.Network(" in text and "vis-network.min" not in text
    res = explorer._open(open_page, page)
    assert res.evaluate("() => window.vis.webgl") is True
    assert res.evaluate("() => cgMap.network.sigma.getGraph().order") == 6
    assert res.evaluate("() => cgMap.nodes.length") == 6
    assert explorer._counts(res)["nodes"] == 6 and explorer._counts(res)["edges"] == 4
    assert "6 of 6 actors" in res.text("#cg-count")
    assert res.evaluate("() => document.getElementById('cg-physics').disabled") is True
    # the WebGL layers as drawn, composed into one picture: actors and links are there
    ink = res.evaluate(
        """() => { const c = cgMap.network.snapshotCanvas(), d = c.getContext('2d')
          .getImageData(0, 0, c.width, c.height).data; let n = 0;
          for (let i = 0; i < d.length; i += 4) { if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) n++; }
          return n; }"""
    )
    assert ink > 500
    # and the screenshot of the page shows them (not only the panel)
    from PIL import Image

    shot = Image.open(io.BytesIO(res.page.screenshot())).convert("RGB")
    box = res.evaluate(
        "() => { const r = document.getElementById('mynetwork').getBoundingClientRect(); "
        "return [r.left, r.top, r.right, r.bottom].map(Math.round); }"
    )
    area = shot.crop(tuple(box))
    pixels = np.asarray(area).astype(int)
    coloured = int(((pixels.max(axis=2) - pixels.min(axis=2)) > 60).sum())
    assert coloured > 200
    explorer._clean(res)


def test_webgl_hash_round_trip_and_groups_button(open_page, timeline, tmp_path, webgl, monkeypatch):
    monkeypatch.setattr(eco, "OPEN_GROUPED", 3)
    page = ecosystem_map(timeline, tmp_path / "m.html", size_by="degree")
    res = explorer._open(open_page, page)
    c = explorer._counts(res)
    assert c["mode"] == "actors" and c["nodes"] == 6  # WebGL opens on every actor
    res.evaluate("() => cgMap.network.emit('click', {nodes: [cgMap.vid('b')], edges: []})")
    res.page.keyboard.press("2")
    assert explorer._counts(res)["focusNodes"] == 4  # a, b, c, d
    hash_ = res.evaluate("() => location.hash")
    assert "focus=b" in hash_ and "steps=2" in hash_
    again = open_page(page)
    again.page.evaluate("(h) => { location.hash = h; }", hash_)
    again.page.wait_for_function("cgMap.counts().focusNodes === 4", timeout=20_000)
    res.page.click("#cg-to-groups")
    assert explorer._counts(res)["mode"] == "groups"
    res.page.click("#cg-all-actors")
    assert explorer._counts(res)["mode"] == "actors"
    explorer._clean(res)
    explorer._clean(again)


@pytest.mark.parametrize(
    "name",
    [
        "test_focus_one_and_two_steps_and_escape",
        "test_region_menu_greys_outside_partners",
        "test_edge_filters_scope_type_weight",
        "test_size_and_colour_menus",
        "test_state_round_trips_through_the_address",
        "test_region_preselected_by_the_address",
        "test_png_export_produces_an_image",
        "test_phone_width_gives_the_network_the_screen",
        "test_year_slider_is_cumulative",
    ],
)
def test_explorer_controls_on_webgl(name, open_page, timeline, tmp_path, webgl):
    getattr(explorer, name)(open_page, timeline, tmp_path)


def test_object_key_ids_on_webgl(open_page, tmp_path, webgl):
    explorer.test_object_key_ids_and_regions(open_page, tmp_path)


def test_backbone_on_webgl(open_page, tmp_path, webgl):
    explorer.test_backbone_on_a_hand_computed_star(open_page, tmp_path)


def test_shared_assets_carry_the_webgl_libraries(open_page, timeline, tmp_path, webgl):
    b = ecosystem_map(timeline, tmp_path / "b.html", size_by="degree", region="North", shared_assets=True)
    for name in ("sigma.min.js", "graphology.umd.min.js", "webgl.js", "LICENSE-sigma.txt", "LICENSE-graphology.txt"):
        assert (tmp_path / "assets" / name).exists()
    assert b.stat().st_size < 100_000
    res = explorer._open(open_page, b)
    assert explorer._counts(res)["nodes"] == 4
    explorer._clean(res)


def test_renderer_argument(timeline, tmp_path):
    vis = ecosystem_map(timeline, tmp_path / "v.html", size_by="degree", renderer="vis").read_text(encoding="utf-8")
    gl = ecosystem_map(timeline, tmp_path / "w.html", size_by="degree", renderer="webgl").read_text(encoding="utf-8")
    assert "vis-network" in vis and "sigma.js" not in vis
    assert "sigma.js 3.0.3" in gl
    with pytest.raises(eco.InputError):
        ecosystem_map(timeline, tmp_path / "x.html", renderer="canvas")
