"""Shapes that took minutes (issue 27): many small components, one hub in thousands of projects.

The full-size cases (20,000 actors) are timed in README "Performance"; here the same shapes run
smaller, with the slow mechanism made to fail if it is used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.spatial import cKDTree

from clustergraph.graph import build_graph
from clustergraph.maps import layout as layout_module
from clustergraph.maps.layout import SMALL_COMPONENT, layout, small_blocks, small_components
from clustergraph.synthetic.shapes import shape_actors


def pairs_shape(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` actors in ``n // 2`` two-actor components (each pair linked, no other link)."""
    actors = shape_actors(n, seed=1)
    ids = actors["id"].to_numpy()
    return actors, pd.DataFrame({"source": ids[0::2], "target": ids[1::2], "weight": 1.0})


def hub_shape(n: int, projects: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` actors, one hub in ``projects`` projects with one or two other partners each."""
    actors = shape_actors(n, seed=1)
    ids = actors["id"].to_numpy()
    rows, k = [], 0
    for p in range(projects):
        rows.append((f"P{p:05d}", ids[0]))
        for _ in range(1 if p % 2 else 2):
            rows.append((f"P{p:05d}", ids[1 + k % (n - 1)]))
            k += 1
    return actors, pd.DataFrame(rows, columns=["project", "actor"])


def _no_force(*args, **kwargs):
    raise AssertionError("the force layout was called for a small component")


def test_many_pairs_are_a_grid_of_blocks_without_force_layout(monkeypatch):
    G = build_graph(*pairs_shape(2_000))
    monkeypatch.setattr(layout_module, "_force", _no_force)
    monkeypatch.setattr(layout_module.nx, "spring_layout", _no_force)
    pos, group = layout(G, seed=0)
    assert set(pos) == set(G) and len(set(group.values())) == 1_000
    xy = np.array([pos[n] for n in sorted(G)])
    assert not cKDTree(xy).query_pairs(2 * layout_module.NODE_RADIUS)  # no two actors overlap
    # a grid: few distinct rows and columns, each pair side by side in its own cell
    ys, xs = np.unique(xy[:, 1]), np.unique(xy[:, 0])
    assert len(ys) < 50 and len(xs) < 200
    for u, v in G.edges():
        assert pos[u][1] == pos[v][1] and abs(pos[u][0] - pos[v][0]) == layout_module.ISOLATE_STEP
    # partners are nearer each other than any other actor
    dist, _ = cKDTree(xy).query(xy, k=2)
    assert np.allclose(dist[:, 1], layout_module.ISOLATE_STEP)


def test_small_components_below_the_large_one_and_isolates_below_them(monkeypatch):
    import networkx as nx

    G = nx.complete_graph([f"k{i}" for i in range(12)])
    G.add_edges_from([("a1", "a2"), ("b1", "b2"), ("b2", "b3"), ("c1", "c2"), ("c1", "c3"), ("c1", "c4")])
    G.add_nodes_from(["lonely"])
    pos, _ = layout(G, seed=0)
    big_bottom = max(pos[f"k{i}"][1] for i in range(12))
    smalls = [n for n in G if n[0] in "abc"]
    assert min(pos[n][1] for n in smalls) > big_bottom
    assert pos["lonely"][1] > max(pos[n][1] for n in smalls)
    # the star's centre sits in the middle of its leaves
    leaves = np.array([pos[f"c{i}"] for i in (2, 3, 4)])
    centre = np.array(pos["c1"])
    assert np.allclose(np.linalg.norm(leaves - centre, axis=1), layout_module.ISOLATE_STEP, atol=0.2)
    assert pos == layout(G, seed=0)[0]  # deterministic


def test_small_components_and_blocks_are_linear_and_ordered():
    import networkx as nx

    G = nx.Graph([("a", "b"), ("c", "d"), ("d", "e"), ("x", "y")])
    G.add_edges_from(nx.path_graph([f"p{i}" for i in range(SMALL_COMPONENT + 1)]).edges)  # too large
    found = small_components(G)
    assert found == [["c", "d", "e"], ["a", "b"], ["x", "y"]]
    blocks = small_blocks(found, G, 100.0, 0.0)
    assert set(blocks) == {"a", "b", "c", "d", "e", "x", "y"}
    assert min(y for _, y in blocks.values()) >= 100.0
    ring = np.array([blocks[n] for n in "cde"])
    sides = np.linalg.norm(ring - np.roll(ring, 1, axis=0), axis=1)
    assert np.allclose(sides, layout_module.ISOLATE_STEP, atol=0.2)  # a triangle, sides one step


def test_a_hub_with_thousands_of_two_actor_communities_is_laid_out_without_pairwise_arrays(monkeypatch):
    actors, parts = hub_shape(3_000, 2_000)
    from clustergraph.projection import project_links

    G = build_graph(actors, project_links(parts).drop(columns=["type", "projects"]))
    # the dense all-pairs steps would build (k, k, 2) arrays for the ~1,000 groups: forbidden here
    monkeypatch.setattr(layout_module.nx, "spring_layout", _no_force)
    real = layout_module._separate_near
    calls = []

    def spy(p, radii, iterations):
        calls.append(len(p))
        return real(p, radii, iterations)

    monkeypatch.setattr(layout_module, "_separate_near", spy)
    pos, group = layout(G, seed=0)
    assert calls and calls[0] > layout_module.MANY_GROUPS
    assert set(pos) == set(G)
    linked = [n for n in G if G.degree(n)]
    xy = np.array([pos[n] for n in linked])
    close = cKDTree(xy).query_pairs(2 * layout_module.NODE_RADIUS)
    assert all(group[linked[i]] == group[linked[j]] for i, j in close)  # the group discs are apart


@pytest.mark.parametrize("k", [301, 700])
def test_separate_near_leaves_no_overlap(k):
    rng = np.random.default_rng(3)
    radii = np.r_[400.0, rng.uniform(20, 60, k - 1)]
    p = layout_module._separate(rng.uniform(-50, 50, (k, 2)), radii, iterations=400)
    d = np.sqrt(((p[:, None, :] - p[None, :, :]) ** 2).sum(axis=2))
    need = radii[:, None] + radii[None, :] + layout_module.GAP
    over = np.triu(need - d, 1)
    assert over.max() < 1.0


def _firm_gaps_reference(G):
    """The two-step search of firm_gaps written plainly (every partner's partners, per firm)."""
    from clustergraph.analysis.gaps import is_education, label

    out = {}
    for n in sorted(G, key=str):
        d = G.nodes[n]
        if d.get("type") != "firm" or any(is_education(G, m) for m in G[n]):
            continue
        via: dict = {}
        for m in G[n]:
            for e in G[m]:
                if e != n and is_education(G, e):
                    via.setdefault(e, []).append(m)
        if not via:
            out[n] = None
            continue
        e = min(via, key=lambda e: (G.nodes[e].get("region") != d.get("region") or d.get("region") is None,
                                    -len(via[e]), str(e)))  # fmt: skip
        out[n] = (label(G, e), label(G, min(via[e], key=str)), len(via) - 1)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_firm_gaps_two_step_search_matches_the_plain_walk(seed):
    import networkx as nx

    from clustergraph.analysis.gaps import firm_gaps

    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(60, 90 + 30 * seed, seed=seed)
    hubs = rng.choice(60, size=2, replace=False)
    G.add_edges_from((int(h), int(v)) for h in hubs for v in rng.choice(60, size=35, replace=False) if h != v)
    types = rng.choice(["firm", "vet", "university", "research", "public"], size=60, p=[0.5, 0.15, 0.1, 0.15, 0.1])
    regions = rng.choice(["N", "S", None], size=60)
    for i in G:
        G.nodes[i].update(type=str(types[i]), region=regions[i], name=f"Actor {i}")
    expected = _firm_gaps_reference(G)
    got = firm_gaps(G).set_index("id")
    assert set(got.index) == set(expected)
    for n, want in expected.items():
        reason = got.loc[n, "reason"]
        if want is None:
            assert got.loc[n, "no_education_within_2"]
            continue
        e, m, more = want
        assert f"two steps away: {e} via {m}" in reason
        assert (f"(and {more} other" in reason) == bool(more)


def test_suggestions_scored_block_by_block_equal_one_block(monkeypatch):
    from clustergraph.analysis import suggest
    from clustergraph.projection import project_links

    actors, parts = hub_shape(600, 300)
    G = build_graph(actors, project_links(parts).drop(columns=["type", "projects"]))
    whole = suggest.suggest_partners(G)
    monkeypatch.setattr(suggest, "_BLOCK", 16)  # many blocks: the network part scaled by the overall maximum
    blocks = suggest.suggest_partners(G)
    assert len(whole) > 100
    pd.testing.assert_frame_equal(whole, blocks)


def test_twenty_thousand_actors_in_ten_thousand_pairs_full_size(monkeypatch):
    """The trial's shape at full size (about 2 s): no force layout, no separation of group discs."""
    G = build_graph(*pairs_shape(20_000))
    monkeypatch.setattr(layout_module, "_force", _no_force)
    monkeypatch.setattr(layout_module, "_separate", _no_force)
    pos, _ = layout(G, seed=0)
    xy = np.array(list(pos.values()))
    assert len(pos) == 20_000 and not cKDTree(xy).query_pairs(2 * layout_module.NODE_RADIUS)


@pytest.mark.parametrize("keep_from", [2, 64])
def test_step_indicators_with_a_hub_member_match_the_plain_walk(monkeypatch, keep_from):
    import networkx as nx

    from clustergraph.analysis import steps

    monkeypatch.setattr(steps.NeighbourIndex, "KEEP_FROM", keep_from)  # 2: every actor's sets are kept
    rng = np.random.default_rng(5)
    G = nx.gnm_random_graph(70, 120, seed=5)
    G.add_edges_from((0, int(v)) for v in range(1, 70, 2))  # actor 0, a firm, partner of half the actors
    G.add_edge(3, 3)
    types = ["firm"] + list(rng.choice(["firm", "vet", "cluster_org", "rto", "government"], size=69))
    for i in G:
        G.nodes[i].update(type=str(types[i]), country=str(rng.choice(["NO", "SE"])), region="N")
    for u, v in G.edges():
        G[u][v]["scope"] = "international" if rng.random() < 0.4 else "regional"
    index = steps.NeighbourIndex(G)
    for c in steps.cluster_orgs(G):
        got = steps.indicators(G, c, index=index)
        around = [c, *(m for m in G[c] if G.nodes[m]["type"] == "firm")]
        links = {frozenset((a, b)) for a in around for b in G[a] if G[a][b]["scope"] == "international"}
        country = G.nodes[c]["country"]
        abroad = {x for a in around for b in G[a] for x in (a, b) if G.nodes[x]["country"] != country}
        assert got["international_links"] == len(links)
        assert got["partners_abroad"] == len(abroad)
