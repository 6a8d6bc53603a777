"""Findings wording (issue 13, 7): no repeats, no empty comparisons, correct plurals, one brokerage count."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.report.build import collect
from clustergraph.report.findings import key_findings

ROOT = Path(__file__).resolve().parent.parent
ACTORS, LINKS = ROOT / "data" / "actors.csv", ROOT / "data" / "links.csv"


def _text(items):
    return [f.text for f in items]


def test_region_report_says_no_firm_once():
    G = clustergraph.load(ACTORS, LINKS)
    found = _text(key_findings(collect(G, region="Navarra")))
    assert found[0] == "None of the 20 firms has a direct link to a VET provider or a university."
    assert not any(f.startswith("In Navarra, no firm") for f in found)
    assert len(found) == len(set(found))


def _two_regions(with_education: bool) -> nx.Graph:
    G = nx.Graph()
    kinds = {"f1": "firm", "f2": "firm", "g": "government", "v": "vet", "u": "university", "c": "cluster_org"}
    for n, t in kinds.items():
        G.add_node(n, type=t, name=n.upper(), region="North", country="NO")
    G.add_node("s", type="firm", name="S", region="South", country="NO")
    G.add_edge("f1", "g", year=2020, years=[2020], types=[], weight=1.0, count=1)
    G.add_edge("f2", "c", year=2021, years=[2021], types=[], weight=1.0, count=1)
    G.add_edge("u", "g", year=2021, years=[2021], types=[], weight=1.0, count=1)
    G.add_edge("s", "c", year=2021, years=[2021], types=[], weight=1.0, count=1)
    if with_education:
        G.add_edge("f1", "v", year=2021, years=[2021], types=[], weight=1.0, count=1)
    return G


def test_no_empty_comparison_and_correct_plurals():
    found = _text(key_findings(collect(_two_regions(with_education=False))))
    assert not any("from 0% to 0%" in f for f in found)
    assert "Links grew from 1 in 2020 to 4 in 2021." in found
    assert "None of the 3 firms has a direct link to a VET provider or a university." in found
    assert not any(f.startswith("In North") for f in found)  # said by the line above
    assert any(f.startswith("1 of 2 regions has a complete triple helix") for f in found), found
    found = _text(key_findings(collect(_two_regions(with_education=True))))
    assert found[0].startswith("1 of 3 firms (33%) has a direct link")
    assert "In South, no firm is linked to an education provider." in found
    assert "went from 0% to 33%" in found[-1]


def test_brokerage_count_is_the_csv_count_everywhere(tmp_path):
    import pandas as pd

    G = clustergraph.load(ACTORS, LINKS)
    out = tmp_path / "r"
    clustergraph.report(G, out)
    csv = pd.read_csv(out / "actors_metrics.csv")
    top = csv.sort_values(["brokerage_total", "id"], ascending=[False, True]).iloc[0]
    findings = (out / "findings.txt").read_text(encoding="utf-8")
    assert f"brokers {int(top['brokerage_total']):,} two-step paths" in findings
    assert "once in each direction" in findings
    res = CliRunner().invoke(
        main, ["metrics", str(ACTORS), str(LINKS), "-o", str(tmp_path / "m")], env={"COLUMNS": "250"}
    )
    assert res.exit_code == 0, res.output
    assert "ordered two-step paths" in res.output and f"{int(top['brokerage_total'])}" in res.output
