"""``build_graph`` (column-wise, numpy) against the row-by-row merge it replaced, on random tables.

The reference below is the former body of :func:`clustergraph.graph.build_graph`, kept verbatim:
nodes, node order, node attributes (and their order), edges, edge order, adjacency order and
every edge attribute (values, types and key order) must be the same.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clustergraph.graph import _present, build_graph, derive_scope
from clustergraph.schema import SCOPES
from clustergraph.synthetic import generate, sample_ecosystem


def _reference_build_graph(actors: pd.DataFrame, links: pd.DataFrame, *, directed: bool = False) -> nx.Graph:
    """The row-by-row builder (clustergraph <= issue 15's first step)."""
    G: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    G.graph["name"] = "ecosystem"
    G.graph["directed"] = bool(directed)
    for rec in actors.to_dict("records"):
        node = str(rec.pop("id"))
        G.add_node(node, **{k: v for k, v in rec.items() if _present(v)})

    scope_rank = {s: i for i, s in enumerate(SCOPES)}
    for rec in links.to_dict("records"):
        u, v = str(rec.pop("source")), str(rec.pop("target"))
        weight = float(rec.pop("weight", 1.0)) if _present(rec.get("weight")) else 1.0
        rec.pop("weight", None)
        ltype = rec.pop("type", None)
        year = rec.pop("year", None)
        scope = rec.pop("scope", None)
        extra = {k: val for k, val in rec.items() if _present(val)}
        if G.has_edge(u, v):
            d = G[u][v]
            d["weight"] += weight
            d["count"] += 1
        else:
            G.add_edge(u, v, weight=weight, count=1, types=[], years=[])
            d = G[u][v]
        for t in ltype if isinstance(ltype, tuple) else (ltype,):  # a tuple: several (projected links)
            if _present(t) and t not in d["types"]:
                d["types"] = sorted(d["types"] + [str(t)])
        if _present(year) and int(year) not in d["years"]:
            d["years"] = sorted(d["years"] + [int(year)])
            d["year"] = d["years"][0]
        if _present(scope):
            old = d.get("scope_given")
            if old is None or scope_rank[scope] > scope_rank[old]:
                d["scope_given"] = scope
        for k, val in extra.items():
            d.setdefault(k, val)

    for u, v, d in G.edges(data=True):
        given_scope = d.pop("scope_given", None)
        scope = given_scope or derive_scope(G.nodes[u], G.nodes[v])
        if scope:
            d["scope"] = scope
    return G


def _assert_same(new: nx.Graph, ref: nx.Graph) -> None:
    assert new.graph == ref.graph and new.is_directed() == ref.is_directed()
    assert list(new.nodes) == list(ref.nodes)
    for n in ref:
        assert list(new.nodes[n].items()) == list(ref.nodes[n].items()), n
        assert list(new.adj[n]) == list(ref.adj[n]), n
    got, want = list(new.edges(data=True)), list(ref.edges(data=True))
    assert [e[:2] for e in got] == [e[:2] for e in want]
    for (u, v, d), (_, _, r) in zip(got, want):
        assert list(d.items()) == list(r.items()), (u, v)
        assert [type(x) for x in d.values()] == [type(x) for x in r.values()], (u, v)


MISSING = st.sampled_from([None, float("nan"), ""])


@st.composite
def tables(draw):
    n = draw(st.integers(1, 12))
    ids = [f"a{i}" for i in range(n)]
    place = st.one_of(MISSING, st.sampled_from(["X", "Y", "Z"]))
    actors = pd.DataFrame(
        {
            "id": ids,
            "name": [f"Actor {i}" for i in range(n)],
            "type": draw(st.lists(st.sampled_from(["firm", "vet", "university"]), min_size=n, max_size=n)),
            "region": draw(st.lists(place, min_size=n, max_size=n)),
            "country": draw(st.lists(st.one_of(MISSING, st.sampled_from(["NO", "ES"])), min_size=n, max_size=n)),
        }
    )
    if draw(st.booleans()):
        actors["region"] = actors["region"].astype("str")  # pandas' string dtype, as read_table gives
    m = draw(st.integers(0, 40))
    ends = ids + (["ghost", "b9"] if draw(st.booleans()) else [])  # endpoints without an actor row (Python API)
    data: dict = {
        "source": draw(st.lists(st.sampled_from(ends), min_size=m, max_size=m)),
        "target": draw(st.lists(st.sampled_from(ends), min_size=m, max_size=m)),
    }
    if draw(st.booleans()):
        data["weight"] = draw(
            st.lists(st.one_of(st.sampled_from([0.1, 0.2, 1 / 3, 1.0, 2.5, 1e-9]), st.none()), min_size=m, max_size=m)
        )
    if draw(st.booleans()):
        kind = st.sampled_from(["training", "project", "Research", "é-type"])
        part = st.one_of(kind, st.just(""))
        one = st.one_of(MISSING, kind, st.lists(part, min_size=1, max_size=3).map(lambda x: tuple(sorted(set(x)))))
        data["type"] = draw(st.lists(one, min_size=m, max_size=m))
    if draw(st.booleans()):
        data["year"] = draw(st.lists(st.one_of(st.none(), st.integers(2010, 2016)), min_size=m, max_size=m))
    if draw(st.booleans()):
        data["scope"] = draw(st.lists(st.one_of(st.none(), st.sampled_from(SCOPES)), min_size=m, max_size=m))
    if draw(st.booleans()):
        data["n_projects"] = draw(st.lists(st.integers(1, 5), min_size=m, max_size=m))
    if draw(st.booleans()):
        data["note"] = draw(st.lists(st.one_of(MISSING, st.sampled_from(["p", "q"])), min_size=m, max_size=m))
    links = pd.DataFrame(data, columns=list(data)) if m else pd.DataFrame({k: [] for k in data})
    if "year" in links and draw(st.booleans()):
        links["year"] = links["year"].astype("Int64")
    if "type" in links and draw(st.booleans()) and not links["type"].map(lambda t: isinstance(t, tuple)).any():
        links["type"] = links["type"].astype("str")
    order = draw(st.permutations(list(links.columns)))
    return actors, links[list(order)], draw(st.booleans())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_build_graph_equals_the_row_by_row_merge(case):
    actors, links, directed = case
    _assert_same(
        build_graph(actors, links, directed=directed), _reference_build_graph(actors, links, directed=directed)
    )


@pytest.mark.parametrize("directed", [False, True])
def test_build_graph_equals_the_row_by_row_merge_on_generated_and_sample_data(directed):
    for actors, links in (sample_ecosystem(), generate(800, links_per_actor=5, seed=4)):
        _assert_same(
            build_graph(actors, links, directed=directed), _reference_build_graph(actors, links, directed=directed)
        )


def test_build_graph_sums_weights_in_row_order():
    # 0.1 + 0.2 + 0.3 is not 0.3 + 0.2 + 0.1 in floating point: the sum follows the rows, like the merge
    actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "type": ["firm", "vet"]})
    links = pd.DataFrame({"source": ["a", "b", "a"], "target": ["b", "a", "b"], "weight": [0.1, 0.2, 0.3]})
    assert build_graph(actors, links)["a"]["b"]["weight"] == (0.1 + 0.2) + 0.3 != 0.3 + 0.2 + 0.1
    assert np.isclose(build_graph(actors, links.iloc[::-1])["a"]["b"]["weight"], 0.6)


def test_build_graph_keeps_the_widest_given_scope_and_first_extra_value():
    actors = pd.DataFrame({"id": ["a", "b"], "name": ["A", "B"], "type": ["firm", "vet"], "region": ["X", "X"]})
    links = pd.DataFrame(
        {
            "source": ["a", "b", "a"],
            "target": ["b", "a", "b"],
            "scope": [None, "international", "national"],
            "note": ["", "second", "third"],
            "year": [2020, None, 2018],
        }
    )
    d = build_graph(actors, links)["a"]["b"]
    assert d == {
        "weight": 3.0,
        "count": 3,
        "types": [],
        "years": [2018, 2020],
        "year": 2018,
        "note": "second",
        "scope": "international",
    }
    assert list(d) == ["weight", "count", "types", "years", "year", "note", "scope"]
