"""The map's view model (issue 21): options validated once, communities shared with the metrics,
writers that only render."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import clustergraph
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.maps import MapOptions, build_map_model, ecosystem_map, write_map
from clustergraph.synthetic import generate, sample_ecosystem

ROOT = Path(__file__).resolve().parent.parent


def _page_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', text, re.S).group(1))


def _metrics_communities(G) -> dict[str, int]:
    actors = clustergraph.metrics(G, by=("community",)).actors
    return {str(i): int(c) for i, c in zip(actors["id"], actors["community"])}


@pytest.mark.parametrize(
    "graph",
    [
        pytest.param(lambda: clustergraph.load(ROOT / "data/actors.csv", ROOT / "data/links.csv"), id="sample"),
        pytest.param(lambda: build_graph(*generate(120, seed=3)), id="generated"),
    ],
)
def test_map_community_of_each_actor_is_the_metrics_community(graph, tmp_path):
    G = graph()
    expected = _metrics_communities(G)
    # the map computes them itself (no metrics given) ...
    page = _page_data(clustergraph.map(G, tmp_path / "map.html"))
    assert {n["id"]: n["cg_comm"] for n in page["nodes"]} == expected
    # ... or takes them from the metrics table; a region view keeps the whole network's numbers
    actors = clustergraph.metrics(G, by=("community",)).actors
    region = sorted({d["region"] for _, d in G.nodes(data=True) if d.get("region")})[0]
    page = _page_data(ecosystem_map(G, tmp_path / "region.html", metrics=actors, region=region))
    assert all(n["cg_comm"] == expected[n["id"]] for n in page["nodes"])


def test_layout_groups_are_the_metrics_communities():
    G = build_graph(*sample_ecosystem())
    model = build_map_model(G)
    assert dict(model.communities) == _metrics_communities(G)
    assert {n.id: n.community for n in model.nodes} == _metrics_communities(G)


def test_bad_seed_is_refused_by_check_seed(tmp_path):
    G = build_graph(*sample_ecosystem())
    with pytest.raises(ValueError, match="seed must be an integer from 0"):
        clustergraph.map(G, tmp_path / "m.html", seed=-5)
    assert not (tmp_path / "m.html").exists()


def test_options_validated_in_one_place():
    with pytest.raises(InputError, match="renderer must be one of"):
        MapOptions(renderer="svg")
    with pytest.raises(InputError, match="one view at a time"):
        MapOptions(region="Navarra", ego="x")
    with pytest.raises(TypeError, match="unknown map option"):
        MapOptions.from_keywords(colour="red")
    with pytest.raises(TypeError):
        MapOptions("degree")  # type: ignore[misc]  # keyword-only


def test_the_old_keywords_and_options_give_the_same_page(tmp_path):
    G = build_graph(*sample_ecosystem())
    a = ecosystem_map(G, tmp_path / "a.html", size_by="degree", region="Navarra", seed=2)
    b = ecosystem_map(G, tmp_path / "b.html", MapOptions(size_by="degree", region="Navarra", seed=2))
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(TypeError, match="not both"):
        ecosystem_map(G, tmp_path / "c.html", MapOptions(), seed=2)


def test_writers_only_render_the_model(tmp_path, monkeypatch):
    import clustergraph.maps.layout as layout
    import clustergraph.maps.measures as measures
    from clustergraph.maps.static_picture import picture_from_model

    G = build_graph(*sample_ecosystem())
    model = build_map_model(G, MapOptions(seed=1))
    monkeypatch.setattr(layout, "layout", lambda *a, **k: pytest.fail("a writer laid the map out again"))
    monkeypatch.setattr(measures, "compute_metric", lambda *a, **k: pytest.fail("a writer computed a metric"))
    page = _page_data(write_map(model, tmp_path / "m.html"))
    assert [(n["id"], n["x"], n["y"]) for n in page["nodes"]] == [(n.id, n.x, n.y) for n in model.nodes]
    assert str(picture_from_model(model)).startswith("<svg")


def test_page_text_is_autoescaped(tmp_path):
    actors, links = sample_ecosystem()
    actors.loc[0, "name"] = "<img src=x onerror=alert(1)> & co"
    page = ecosystem_map(build_graph(actors, links), tmp_path / "m.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; co" in page  # the search list, escaped
