"""Year-by-year figures and the network as it was up to a year (hand-computed values)."""

from __future__ import annotations

import networkx as nx
import pytest

from clustergraph.analysis.timeline import link_years, network_until, yearly_figures
from clustergraph.errors import InputError


def tiny() -> nx.Graph:
    """f1, f2, f3 firms; v a VET provider; u a university; g government; x never linked.

    Links (first year): f1-f2 2018, f1-v 2019, f2-g 2019, f3-u 2021, f3-g (undated).
    """
    G = nx.Graph()
    for n, t in [
        ("f1", "firm"),
        ("f2", "firm"),
        ("f3", "firm"),
        ("v", "vet"),
        ("u", "university"),
        ("g", "government"),
        ("x", "firm"),
    ]:
        G.add_node(n, type=t, name=n.upper())
    G.add_edge("f1", "f2", year=2018, years=[2018])
    G.add_edge("f1", "v", year=2019, years=[2019, 2022])
    G.add_edge("f2", "g", year=2019, years=[2019])
    G.add_edge("f3", "u", year=2021, years=[2021])
    G.add_edge("f3", "g", years=[])
    return G


def test_link_years():
    assert link_years(tiny()) == [2018, 2019, 2021]
    assert link_years(nx.path_graph(3)) == []


def test_yearly_figures_hand_computed():
    t = yearly_figures(tiny()).set_index("year")
    # 2018: f1-f2 -> 1 link, 2 actors (both firms), no education link, density 1/C(2,2)=1
    # 2019: + f1-v, f2-g -> 3 links, actors f1 f2 v g = 4, firms f1 f2, f1 has education: 1/2,
    #       density 3/C(4,2)=3/6=0.5
    # 2020: nothing new -> same as 2019 (the year still has a row)
    # 2021: + f3-u -> 4 links, actors +f3 +u = 6, firms 3, with education f1 f3: 2/3,
    #       density 4/C(6,2)=4/15; the undated f3-g link is never counted
    assert list(t.index) == [2018, 2019, 2020, 2021]
    assert t["new_links"].tolist() == [1, 2, 0, 1]
    assert t["links"].tolist() == [1, 3, 3, 4]
    assert t["actors_active"].tolist() == [2, 4, 4, 6]
    assert t["firms_active"].tolist() == [2, 2, 2, 3]
    assert t["firms_with_education"].tolist() == [0, 1, 1, 2]
    assert t["firms_with_education_share"].tolist() == pytest.approx([0, 0.5, 0.5, 2 / 3])
    assert t["density"].tolist() == pytest.approx([1.0, 0.5, 0.5, 4 / 15])


def test_yearly_figures_directed_density():
    G = nx.DiGraph()
    G.add_edge("a", "b", year=2020)
    G.add_edge("b", "c", year=2020)
    # 2 arcs among 3 actors: 2 / (3 * 2) = 1/3
    assert yearly_figures(G)["density"].tolist() == pytest.approx([1 / 3])


def test_yearly_figures_without_years_is_empty():
    t = yearly_figures(nx.path_graph(4))
    assert t.empty and "actors_active" in t.columns


def test_network_until_keeps_the_network_as_it_was():
    H = network_until(tiny(), 2019)
    # links with first year <= 2019; f3 and u only appear later -> left out;
    # x has no link at all -> kept (nothing says it joined later)
    assert sorted(map(sorted, H.edges)) == [["f1", "f2"], ["f1", "v"], ["f2", "g"]]
    assert sorted(H.nodes) == ["f1", "f2", "g", "v", "x"]
    assert H.nodes["f1"]["name"] == "F1" and H["f1"]["v"]["years"] == [2019, 2022]
    assert H.graph["until"] == 2019 and H.graph["undated_links_dropped"] == 1
    # the input graph is untouched
    assert tiny().number_of_edges() == 5


def test_network_until_matches_the_yearly_table():
    G = tiny()
    t = yearly_figures(G).set_index("year")
    for year in (2018, 2019, 2021):
        H = network_until(G, year)
        active = [n for n in H if H.degree(n) > 0]
        assert H.number_of_edges() == t.loc[year, "links"]
        assert len(active) == t.loc[year, "actors_active"]


def test_network_until_before_first_year_names_the_data_years_and_directed():
    D = nx.DiGraph(tiny())
    years = sorted({d["year"] for _, _, d in D.edges(data=True) if d.get("year") is not None})
    with pytest.raises(InputError, match=f"from {years[0]} to {years[-1]}"):
        network_until(D, 2000)
    H = network_until(D, years[0])
    assert H.is_directed() and H.number_of_edges() >= 1


def test_network_until_without_years_is_an_input_error():
    with pytest.raises(InputError, match="year"):
        network_until(nx.path_graph(3), 2020)
