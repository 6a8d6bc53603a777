"""The static network picture (issue 13): same layout as the map, travels with the report, CLI --format."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.maps.static_picture import network_picture, picture_figure
from clustergraph.report import build_report

ROOT = Path(__file__).resolve().parent.parent
ACTORS, LINKS = ROOT / "data" / "actors.csv", ROOT / "data" / "links.csv"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("picture-report")
    build_report(clustergraph.load(ACTORS, LINKS), out)
    return out


def _ink(png: bytes) -> int:
    import numpy as np
    from PIL import Image

    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    return int((img.min(axis=2) < 200).sum())


def test_picture_is_drawn_from_the_map_model_without_laying_out_again(monkeypatch):
    import clustergraph.maps.layout as layout
    from clustergraph.maps import MapOptions, build_map_model

    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "firm", "b": "cluster_org", "c": "vet"}, "type")
    model = build_map_model(G, MapOptions(seed=7))
    monkeypatch.setattr(layout, "layout", lambda *a, **k: pytest.fail("the picture laid the network out again"))
    fig = picture_figure(model)
    # drawn where the map's model puts them (y flipped: screen y grows downwards)
    offsets = [tuple(o) for coll in fig.axes[0].collections[1:] for o in coll.get_offsets()]
    assert sorted(offsets) == sorted((n.x, -n.y) for n in model.nodes)


def test_picture_is_deterministic_svg_with_legend_title_and_names():
    G = clustergraph.load(ACTORS, LINKS)
    a, b = network_picture(G, seed=0, title="T<x>"), network_picture(G, seed=0, title="T<x>")
    assert a == b and a.startswith("<svg") and 'data-chart="network"' in a
    assert "T&lt;x&gt;" in a and "<script" not in a
    for text in ("Cluster organisation (5)", "Firm (144)", "Vestland Cluster", "size = brokerage"):
        assert text in a


def test_report_copied_alone_still_shows_the_picture(report_dir, tmp_path, open_page):
    alone = tmp_path / "forwarded" / "report.html"
    alone.parent.mkdir()
    shutil.copy(report_dir / "report.html", alone)
    res = open_page(alone)
    assert not res.errors and not res.requests_blocked
    pic = res.page.locator('section#map svg[data-chart="network"]')
    assert pic.count() == 1
    box = pic.bounding_box()
    assert box["width"] > 400 and box["height"] > 400
    assert _ink(pic.screenshot()) > 5_000  # dots, links, legend and names drawn
    # the interactive map is a link beside it (no frame that breaks when the report travels)
    assert res.page.locator("iframe").count() == 0
    assert res.page.locator('section#map a[href="map.html"]').count() == 1


def test_cli_map_format_svg_and_png(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["map", str(ACTORS), str(LINKS), "--format", "svg", "-o", str(tmp_path)])
    assert res.exit_code == 0, res.output
    svg = (tmp_path / "map.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and "Firm (144)" in svg
    res = runner.invoke(
        main, ["map", str(ACTORS), str(LINKS), "--format", "png", "--region", "Navarra", "-o", str(tmp_path / "n.png")]
    )
    assert res.exit_code == 0, res.output
    png = (tmp_path / "n.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and _ink(png) > 5_000


def test_sample_report_prints_on_at_most_8_a4_pages_with_the_picture(report_dir, open_page):
    import re

    res = open_page(report_dir / "report.html")
    pdf = res.page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 8, pages
    res.page.emulate_media(media="print")
    shown = res.page.evaluate(
        """() => [...document.querySelectorAll('section')].filter(s => getComputedStyle(s).display !== 'none')
                 .map(s => s.id)"""
    )
    assert shown == ["glance", "map", "steps", "gaps"]
    pic = res.page.locator('svg[data-chart="network"]').bounding_box()
    # visible and shorter than the printable height of an A4 page (297 mm - margins, at 96 px/inch)
    assert pic["width"] > 300 and 300 < pic["height"] <= (297 - 24) / 25.4 * 96
    assert "Key findings" in res.page.inner_text("#glance")


def test_names_in_the_picture_do_not_overlap():
    """Issue 25: "UNIVERSITETET I TROMSØ" was written over "NORCE ..."; names now skip or move."""
    import dataclasses

    from matplotlib.text import Annotation

    from clustergraph.maps import MapOptions, build_map_model

    G = nx.star_graph(12)
    G = nx.relabel_nodes(G, {k: f"n{k}" for k in G})
    names = {f"n{k}": f"UNIVERSITETET I TROMSØ - NORGES ARKTISKE {k}" for k in range(13)}
    nx.set_node_attributes(G, names, "name")
    nx.set_node_attributes(G, "university", "type")
    model = build_map_model(G, MapOptions(size_by="degree"))
    # every actor within a few pixels of the hub: all names would fall on each other
    near = tuple(
        dataclasses.replace(n, x=float(k % 3) * 4 + (900 if k == 0 else 0), y=float(k // 3) * 3)
        for k, n in enumerate(model.nodes)
    )
    fig = picture_figure(dataclasses.replace(model, nodes=near), labelled=13)
    renderer = fig.canvas.get_renderer()
    boxes = [a.get_window_extent(renderer) for a in fig.axes[0].texts if isinstance(a, Annotation)]
    assert 1 <= len(boxes) < 13
    assert not any(p.overlaps(q) for k, p in enumerate(boxes) for q in boxes[k + 1 :])
    assert "left unnamed where names would overlap" in fig._suptitle.get_text()
