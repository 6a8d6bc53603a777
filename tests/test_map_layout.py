"""Map layout: two-level community layout, quality figures, isolated actors aside, determinism."""

import networkx as nx

from clustergraph.graph import build_graph
from clustergraph.maps.layout import isolated_block, positions, quality
from clustergraph.synthetic import generate


def test_positions_keyword_seed_and_return_type():
    G = nx.barbell_graph(6, 2)
    pos = positions(G, seed=3)
    assert set(pos) == set(G)
    assert all(isinstance(x, float) and isinstance(y, float) for x, y in pos.values())
    assert pos == positions(G, seed=3)


def test_isolated_actors_in_a_block_under_the_rest():
    G = nx.complete_graph(["a", "b", "c", "d"])
    G.add_nodes_from(["x", "y", "z"])
    pos = positions(G)
    lowest_linked = max(pos[n][1] for n in "abcd")
    assert all(pos[n][1] > lowest_linked for n in "xyz")
    assert quality(G, pos)["isolates_inside_hull"] == 0


def test_isolated_block_is_a_grid():
    block = isolated_block(list("abcd"), 0.0)
    assert len({xy for xy in block.values()}) == 4


def test_only_isolates():
    G = nx.empty_graph(["a", "b"])
    assert set(positions(G)) == {"a", "b"}


def test_quality_on_a_generated_ecosystem():
    G = build_graph(*generate(600, links_per_actor=5, seed=2))
    q = quality(G, positions(G, seed=0))
    assert q["length_ratio"] <= 0.5
    assert q["overlap_share"] < 0.01
    assert q["isolates_inside_hull"] == 0


def test_groups_by_attribute():
    G = nx.Graph([("a", "b"), ("c", "d"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "N", "b": "N", "c": "S", "d": "S"}, "region")
    pos = positions(G, groups="region")
    assert abs(pos["a"][0] - pos["b"][0]) + abs(pos["a"][1] - pos["b"][1]) < (
        abs(pos["a"][0] - pos["d"][0]) + abs(pos["a"][1] - pos["d"][1])
    )
