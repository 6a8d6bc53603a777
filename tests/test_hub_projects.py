"""Hub projects (``--hub-above N``, issues 26 and 27): a giant consortium kept as one node linked to
each partner instead of its n(n-1)/2 pairs, exact where the README says so, never counted as an actor."""

from __future__ import annotations

import json
import resource
import time

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

import clustergraph
from clustergraph.cli import main
from clustergraph.graph import actors_only, graph_figures, hub_nodes
from clustergraph.io import LoadOptions


def _tiny(tmp_path, *, actor_ids=None):
    """8 actors; BIG (5 partners: A0-A4) and two 2-partner projects. Hand-drawn:

    clique:  A0..A4 all linked (10 pairs), A5-A6, A0-A7        -> components {A0-A4, A7}, {A5, A6}
    hub:     A0..A4 each linked to project:BIG, A5-A6, A0-A7   -> the same components of actors
    """
    ids = actor_ids or [f"A{i}" for i in range(8)]
    types = ["firm", "firm", "university", "vet", "firm", "firm", "rto", "firm"]
    pd.DataFrame({"id": ids, "name": ids, "type": types, "region": ["X"] * 4 + ["Y"] * 4}).to_csv(
        tmp_path / "actors.csv", index=False
    )
    rows = [("BIG", a) for a in ids[:5]] + [("P2", ids[5]), ("P2", ids[6]), ("P3", ids[0]), ("P3", ids[7])]
    pd.DataFrame(rows, columns=["project", "actor"]).to_csv(tmp_path / "parts.csv", index=False)
    pd.DataFrame(
        {
            "id": ["BIG", "P2", "P3"],
            "acronym": ["<b>Big</b>", "P2", ""],
            "programme": ["H2020"] * 3,
            "start": [2018] * 3,
        }
    ).to_csv(tmp_path / "projects.csv", index=False)
    return str(tmp_path / "actors.csv"), str(tmp_path / "parts.csv"), str(tmp_path / "projects.csv")


def _load(tmp_path, hub_above=None, **kw):
    a, p, j = _tiny(tmp_path, **kw)
    return clustergraph.load(a, p, projects=j, hub_above=hub_above)


def _actor_components(G):
    hubs = set(hub_nodes(G))
    return sorted(sorted(c - hubs) for c in nx.connected_components(G) if c - hubs)


def test_hub_node_stands_for_the_clique_with_the_same_components(tmp_path):
    clique, star = _load(tmp_path), _load(tmp_path, hub_above=4)
    assert hub_nodes(clique) == [] and hub_nodes(star) == ["project:BIG"]
    hub = star.nodes["project:BIG"]
    assert hub == {"name": "<b>Big</b>", "type": "project", "hub": True, "project": "BIG", "partners": 5}
    assert sorted(star["project:BIG"]) == ["A0", "A1", "A2", "A3", "A4"]
    assert star["A0"]["project:BIG"]["weight"] == 1.0 and star["A0"]["project:BIG"]["projects"] == "BIG"
    assert clique.number_of_edges() == 12 and star.number_of_edges() == 7  # 10 pairs + 2 / 5 spokes + 2
    assert _actor_components(star) == _actor_components(clique) == [["A0", "A1", "A2", "A3", "A4", "A7"], ["A5", "A6"]]
    fc, fs = graph_figures(clique), graph_figures(star)
    for key in ("n_actors", "components", "largest_component_share", "isolated"):
        assert fs[key] == fc[key], key
    assert (fs["n_links"], fs["hub_projects"], fs["hub_links"]) == (2, 1, 5)
    assert any("kept as hub node" in line and "BIG (5 partners)" in line for line in star.graph["provenance"]["fixed"])
    A = actors_only(star)
    assert "project:BIG" not in A and A.number_of_edges() == 2 and A.graph["hubs_left_out"][0]["partners"] == 5
    assert actors_only(clique) is clique


def test_metrics_leave_the_hub_out_of_the_actor_tables_and_record_it(tmp_path):
    a, p, j = _tiny(tmp_path)
    r = CliRunner().invoke(main, ["metrics", a, p, "--projects", j, "--hub-above", "4", "-o", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    actors = pd.read_csv(tmp_path / "m" / "actors_metrics.csv")
    assert sorted(actors["id"]) == [f"A{i}" for i in range(8)] and "project" not in set(actors["type"])
    row = actors.set_index("id").loc["A0"]
    # A0: the hub and A7 (degree 2); betweenness over 9 nodes: A0 is on the 5 paths from A7 to the hub
    # and to A1..A4, of C(8, 2) = 28 pairs of the other nodes
    assert row["degree"] == 2 and row["betweenness"] == pytest.approx(5 / 28)
    assert actors.set_index("id").loc["A1", "betweenness"] == pytest.approx(0.0)
    groups = pd.read_csv(tmp_path / "m" / "groups_metrics.csv")
    assert "project" not in set(groups["group"].astype(str))
    assert not pd.read_csv(tmp_path / "m" / "bridges.csv").isin(["project:BIG"]).any().any()
    summary = json.loads((tmp_path / "m" / "metrics.json").read_text())["summary"]
    assert summary["hub_above"] == 4 and summary["n_actors"] == 8 and summary["n_links"] == 2
    assert summary["hub_projects"] == [{"node": "project:BIG", "project": "BIG", "name": "<b>Big</b>", "partners": 5}]
    assert summary["components"] == 2 and summary["hub_links"] == 5 and "two steps" in summary["hub_note"]
    mixing = pd.read_csv(tmp_path / "m" / "mixing_matrix.csv", index_col=0)
    # the two links between actors only (A0-A7 firm-firm, A5-A6 firm-rto); the hub's 10 pairs are not there
    assert "project" not in mixing.index and mixing.loc["firm", "firm"] == 1 and mixing.loc["firm", "rto"] == 1
    assert mixing.loc["firm", "university"] == 0


def test_hub_id_never_takes_an_actor_id(tmp_path):
    ids = ["project:BIG", "A1", "A2", "A3", "A4", "A5", "A6", "A7"]
    G = _load(tmp_path, hub_above=4, actor_ids=ids)
    assert hub_nodes(G) == ["project::BIG"] and G.nodes["project:BIG"]["type"] == "firm"
    assert "project::BIG" in G["project:BIG"]


def test_gaps_and_summary_see_actors_only(tmp_path):
    G = _load(tmp_path, hub_above=4)
    gaps = clustergraph.gaps(G)
    assert "project:BIG" not in set(gaps.firms["id"])
    from clustergraph.analysis.summary import summarise

    s = summarise(G)
    assert int(s.actors_by_region.loc["Total", "total"]) == 8 and s.figures["isolated"] == 0
    assert int(s.links_by_type["links"].sum()) == 2


def test_report_caveat_counts_the_actors_sharing_a_hub_and_the_map_says_it_leaves_it_out(tmp_path):
    a, p, j = _tiny(tmp_path)
    out = tmp_path / "r"
    r = CliRunner().invoke(main, ["report", a, p, "--projects", j, "--hub-above", "4", "-o", str(out)])
    assert r.exit_code == 0, r.output
    findings = (out / "findings.txt").read_text()
    assert "kept as a hub" in findings and "5 actors share it" in findings
    assert "3 firms without an education partner share one with a VET provider" in findings
    html = (out / "map.html").read_text()
    assert "hub project (&lt;b&gt;Big&lt;/b&gt;: 5 partners; --hub-above)" in html
    assert "<b>Big</b>" not in html
    assert json.loads((out / "metrics.json").read_text())["summary"]["hub_projects"][0]["partners"] == 5


def test_hub_above_must_be_at_least_two_and_a_refused_project_names_both_flags(tmp_path):
    with pytest.raises(ValueError, match="hub_above"):
        LoadOptions(hub_above=1)
    a, p, j = _tiny(tmp_path)
    # a project above --max-consortium but not above --hub-above is still refused
    r = CliRunner().invoke(main, ["validate", a, p, "--max-consortium", "3", "--hub-above", "10"])
    assert r.exit_code == 2 and "--hub-above" in " ".join(r.output.split())
    assert CliRunner().invoke(main, ["validate", a, p, "--max-consortium", "3", "--hub-above", "4"]).exit_code == 0


def _giant(tmp_path, partners: int):
    """A 5,000-partner project (mostly research organisations, some firms and universities) and a small one."""
    ids = [f"A{i}" for i in range(partners + 3)]
    types = ["rto"] * len(ids)
    for i in range(0, len(ids), 50):
        types[i] = "firm"
    for i in range(25, len(ids), 500):
        types[i] = "university"
    regions = [f"R{i % 7}" for i in range(len(ids))]
    pd.DataFrame({"id": ids, "name": ids, "type": types, "region": regions}).to_csv(tmp_path / "a.csv", index=False)
    rows = [("GIANT", x) for x in ids[:partners]] + [("SMALL", ids[-1]), ("SMALL", ids[-2]), ("SMALL", ids[0])]
    pd.DataFrame(rows, columns=["project", "actor"]).to_csv(tmp_path / "p.csv", index=False)
    return str(tmp_path / "a.csv"), str(tmp_path / "p.csv")


def test_a_5000_partner_project_as_hub_through_validate_metrics_and_report(tmp_path):
    a, p = _giant(tmp_path, 5_000)
    refused = CliRunner().invoke(main, ["validate", a, p])
    text = " ".join(refused.output.split())
    assert refused.exit_code == 2 and "GIANT" in text and "5,000 partners" in text
    assert "--max-consortium" in text and "--hub-above" in text and "Unexpected" not in refused.output
    for command, extra in (
        ("validate", []),
        ("metrics", ["-o", str(tmp_path / "m")]),
        ("report", ["-o", str(tmp_path / "r")]),
    ):
        cpu = time.process_time()
        r = CliRunner().invoke(main, [command, a, p, "--hub-above", "500", *extra])
        assert r.exit_code == 0, (command, r.output)
        assert time.process_time() - cpu < 60, command  # CPU seconds: the machine is shared
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 1024 * 1024  # KiB: well under 2 GB
    summary = json.loads((tmp_path / "m" / "metrics.json").read_text())["summary"]
    assert summary["n_actors"] == 5_003 and summary["n_links"] == 3
    assert summary["components"] == 2 and summary["isolated"] == 1  # A5000 is in no project: as the clique
    assert summary["hub_projects"][0]["partners"] == 5_000
    assert "5,000 partners" in (tmp_path / "r" / "map.html").read_text()
