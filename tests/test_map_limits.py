"""Graceful degradation of maps on pathological graphs (issue 17, item 9): above the documented
limits the map is the region x type aggregate, with a notice naming the option that forces it."""

import json
import re
from pathlib import Path

import networkx as nx
import pandas as pd

import clustergraph.maps.model as eco
from clustergraph.graph import build_graph
from clustergraph.maps import ecosystem_map
from clustergraph.maps.offline import edge_rows


def page_data(path: Path) -> dict:
    m = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', Path(path).read_text("utf-8"), re.S)
    data = json.loads(m.group(1))
    data["edges"] = edge_rows(data["edges"])  # the compact table, back as vis-network dicts
    return data


def _star(n: int) -> nx.Graph:
    actors = pd.DataFrame(
        {"id": [f"A{i}" for i in range(n)], "type": "firm", "region": [f"R{i % 4}" for i in range(n)]}
    )
    links = pd.DataFrame({"source": "A0", "target": actors["id"][1:]})
    return build_graph(actors, links)


def test_over_the_link_limit_the_map_is_aggregated(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(eco, "MAX_MAP_LINKS", 10)
    G = _star(40)
    with caplog.at_level("WARNING", logger="clustergraph"):
        data = page_data(ecosystem_map(G, tmp_path / "m.html"))
    assert "--full-map" in caplog.text and "aggregate" in caplog.text
    assert data["unit"] == "groups" and len(data["nodes"]) == 4  # R0..R3, all firms
    # the hub is in R0: each other group's edge counts the hub's links to it
    links = sorted(e["cg_tip"].split("Links: ")[1].split("\n")[0] for e in data["edges"])
    assert links == ["10", "10", "10"]
    inside = next(n for n in data["nodes"] if n["id"].startswith("R0"))
    assert "Links inside the group: 9" in inside["cg_tip"]


def test_force_full_draws_every_actor(tmp_path, monkeypatch):
    monkeypatch.setattr(eco, "MAX_MAP_ACTORS", 10)
    G = _star(40)
    data = page_data(ecosystem_map(G, tmp_path / "m.html", force_full=True, size_by="degree"))
    assert len(data["nodes"]) == 40 and data["unit"] == "actors"


def test_large_full_map_carries_its_groups(tmp_path, monkeypatch):
    monkeypatch.setattr(eco, "OPEN_GROUPED", 10)
    data = page_data(ecosystem_map(_star(40), tmp_path / "m.html", size_by="degree"))
    assert len(data["nodes"]) == 40 and len(data["groups"]["nodes"]) == 4
