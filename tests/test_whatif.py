"""What-if: a planned link that closes a gap moves the counts by exactly the right amount."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from clustergraph.analysis.whatif import add_links, whatif
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.synthetic import sample_ecosystem, write_sample


def south() -> nx.Graph:
    """South: firms F5 F6 F7 (metal), rto R, vet W (metal, no links), university X.

    F5-R, F6-R, R-X. Plus North: cluster org C with firm F1 and vet V (C-F1, C-V, F1-V).
    """
    G = nx.Graph()
    for n, t, r, s in [
        ("F5", "firm", "South", "metal"),
        ("F6", "firm", "South", "metal"),
        ("F7", "firm", "South", "metal"),
        ("R", "rto", "South", None),
        ("W", "vet", "South", "metal"),
        ("X", "university", "South", None),
        ("C", "cluster_org", "North", None),
        ("F1", "firm", "North", "food"),
        ("V", "vet", "North", "food"),
    ]:
        G.add_node(n, name=f"Name {n}", type=t, region=r, **({"sector": s} if s else {}))
    G.add_edges_from([("F5", "R"), ("F6", "R"), ("R", "X"), ("C", "F1"), ("C", "V"), ("F1", "V")])
    return G


def _table(df):
    return {(r.section, r.subject, r.metric): (r.before, r.after, r.delta) for r in df.itertuples()}


def test_closing_a_gap_moves_counts_exactly():
    G = south()
    t = _table(whatif(G, [("F5", "W")], communities=False))
    # Before: F5, F6, F7 lack education (3; F7 has none within 2 steps, F5/F6 reach X via R).
    # Group issues before: South no_education_partner, South untapped_education (W, X),
    # South no_government, South no_cluster_org, sector metal no_education_partner = 5
    # (North: firm F1 has V, but no government and no research: +2 -> 7), in 3 groups
    # (North, South, metal).
    # After F5-W: F5 has a partner (-1); South and metal now have a firm with education
    # (-2 issues; metal is no longer flagged at all: 3 -> 2 groups); W is no longer
    # untapped but X still is (South's untapped row stays; untapped actors 2 -> 1).
    assert t[("gaps", "all", "firms_without_education")] == (3, 2, -1)
    assert t[("gaps", "all", "firms_without_education_within_2")] == (1, 1, 0)
    assert t[("gaps", "all", "groups_without_education")] == (2, 0, -2)
    assert t[("gaps", "all", "group_issues")] == (7, 5, -2)
    assert t[("gaps", "all", "groups_flagged")] == (3, 2, -1)
    assert t[("gaps", "all", "untapped_education")] == (2, 1, -1)
    # Brokerage totals (undirected paths both ways): F5 brokers R-W after -> 2; W brokers nothing.
    assert t[("brokerage", "F5", "brokerage_total")] == (0, 2, 2)
    assert t[("brokerage", "W", "brokerage_total")] == (0, 0, 0)


def test_critical_mass_of_involved_region():
    pytest.importorskip("clustergraph.metrics.critical_mass")
    t = _table(whatif(south(), [("F5", "W")], communities=False))
    # South firms with an education neighbour: 0 of 3 -> 1 of 3; no government: helix stays incomplete
    before, after, delta = t[("critical_mass", "South", "firms_with_education_share")]
    assert (before, after, delta) == pytest.approx((0, 1 / 3, 1 / 3))
    assert t[("critical_mass", "South", "helix_complete")] == (0, 0, 0)
    assert not any(k[1] == "North" for k in t if k[0] == "critical_mass")


def test_original_graph_untouched_and_planned_edge_attributes():
    G = south()
    H = add_links(G, [("F7", "W")])
    assert not G.has_edge("F7", "W")
    assert H["F7"]["W"] == {"weight": 1.0, "count": 1, "types": ["planned"], "years": [], "scope": "regional"}


def test_validation_names_the_id():
    G = south()
    with pytest.raises(InputError, match="'NOPE' not found"):
        whatif(G, [("F5", "NOPE")])
    with pytest.raises(InputError, match="already linked"):
        whatif(G, [("F5", "R")])
    with pytest.raises(InputError, match="given twice"):
        whatif(G, [("F5", "W"), ("W", "F5")])
    with pytest.raises(InputError, match="itself"):
        whatif(G, [("F5", "F5")])
    with pytest.raises(InputError, match="no link to add"):
        whatif(G, [])


def test_sample_navarra_gap_closes():
    G = build_graph(*sample_ecosystem())
    t = _table(whatif(G, [("NAV-F01", "NAV-VET1"), ("NAV-F04", "NAV-VET1")], communities=False))
    # Two Navarra firms (both agrifood) gain their first education partner: -2 firms.
    # The two groups without education before are region Navarra and sector agrifood
    # (agrifood firms exist only in Navarra); both now have a firm with a partner.
    # NAV-VET1 is no longer untapped.
    assert t[("gaps", "all", "firms_without_education")][2] == -2
    assert t[("gaps", "all", "untapped_education")] == (1, 0, -1)
    assert t[("gaps", "all", "groups_without_education")] == (2, 0, -2)


def test_cli_whatif(tmp_path):
    actors, links = write_sample(tmp_path)
    res = CliRunner().invoke(
        main, ["whatif", str(actors), str(links), "--add", "NAV-F01,NAV-VET1", "-o", str(tmp_path / "o")]
    )
    assert res.exit_code == 0, res.output
    assert "firms_without_educ" in res.output
    assert (tmp_path / "o" / "whatif.csv").read_text().startswith("section,subject,metric,before,after,delta")
    res = CliRunner().invoke(main, ["whatif", str(actors), str(links), "--add", "NAV-F01,GHOST"])
    assert res.exit_code == 2 and "GHOST" in res.output
    res = CliRunner().invoke(main, ["whatif", str(actors), str(links), "--add", "NAV-F01"])
    assert res.exit_code == 2 and "SRC,DST" in res.output
