"""Region and country views (issue 13): matrices sum to the link totals, top-N with others, partners abroad."""

from __future__ import annotations

import doctest

import networkx as nx
import numpy as np

from clustergraph.analysis import geography
from clustergraph.analysis.geography import OTHERS, link_matrix, links_per_year, matrix_total, partners_abroad
from clustergraph.graph import build_graph
from clustergraph.synthetic import generate, sample_ecosystem


def many_countries(n_countries: int = 34, seed: int = 3) -> nx.Graph:
    rng = np.random.default_rng(seed)
    G = nx.gnm_random_graph(400, 900, seed=seed)
    for v in G:
        c = int(rng.integers(n_countries))
        G.nodes[v].update(country=f"C{c:02d}", region=f"C{c:02d}-R{int(rng.integers(3))}")
    return nx.relabel_nodes(G, {v: f"a{v}" for v in G})


def test_matrices_sum_to_the_link_totals():
    G = build_graph(*sample_ecosystem())
    for by in ("region", "country"):
        for top in (None, 2, 12):
            M = link_matrix(G, by, top=top)
            assert (M.to_numpy() == M.to_numpy().T).all()
            assert matrix_total(M, directed=False) == G.number_of_edges() == 434
    D = build_graph(*sample_ecosystem(), directed=True)
    for top in (None, 2):
        assert matrix_total(link_matrix(D, "country", top=top), directed=True) == D.number_of_edges()


def test_thirty_plus_countries_stay_legible():
    G = many_countries()
    full = link_matrix(G, "country")
    assert len(full) == 34
    M = link_matrix(G, "country", top=12)
    assert list(M.index)[-1] == OTHERS and len(M) == 13
    assert matrix_total(M, directed=False) == matrix_total(full, directed=False) == G.number_of_edges()
    # the kept countries are those with the most links, and their own cells are unchanged
    kept = [c for c in M.index if c != OTHERS]
    assert M.loc[kept, kept].equals(full.loc[kept, kept])
    assert min(full.loc[kept].sum(axis=1)) >= max(full.drop(index=kept).sum(axis=1))


def test_generated_data_of_real_shape():
    G = build_graph(*generate(600, seed=5))
    for by in ("region", "country"):
        M = link_matrix(G, by, top=12)
        assert matrix_total(M, directed=False) == G.number_of_edges()
    pa = partners_abroad(G)
    assert (pa["links"] > 0).all()
    countries = nx.get_node_attributes(G, "country")
    for r in pa.head(50).itertuples(index=False):
        assert countries[r.partner] not in {countries[n] for n, d in G.nodes(data=True) if d.get("region") == r.region}


def test_partners_abroad_and_years_by_hand():
    G = nx.Graph()
    G.add_edge("a", "x", year=2020)
    G.add_edge("b", "x", year=2021)
    G.add_edge("a", "b", year=2021)
    G.add_edge("b", "y")
    nx.set_node_attributes(G, {"a": "N", "b": "N", "x": "S"}, "region")
    nx.set_node_attributes(G, {"a": "NO", "b": "NO", "x": "ES", "y": "DE"}, "country")
    nx.set_node_attributes(G, {"x": "vet", "y": "firm"}, "type")
    pa = partners_abroad(G).fillna({"type": ""})
    # N's partners abroad: x (2 links), y (1); S's: a and b (1 each)
    assert pa[["region", "partner", "type", "links"]].values.tolist() == [
        ["N", "x", "vet", 2],
        ["N", "y", "firm", 1],
        ["S", "a", "", 1],
        ["S", "b", "", 1],
    ]
    assert links_per_year(G).to_dict("index") == {2020: {"N": 1, "S": 1}, 2021: {"N": 2, "S": 1}}
    assert doctest.testmod(geography).failed == 0


def test_report_shows_region_and_country_views(tmp_path):
    from clustergraph.report import build_report

    html = build_report(build_graph(*sample_ecosystem()), tmp_path).read_text(encoding="utf-8")
    for chart in ("regions", "countries", "region_years"):
        assert f'data-chart="{chart}"' in html
    assert "Partners abroad of each region" in html
    for f in ("region_matrix.csv", "country_matrix.csv", "partners_abroad.csv", "region_years.csv"):
        assert (tmp_path / f).exists()
