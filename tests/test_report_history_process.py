"""Large reports compute the side tables (step history, gaps, geography) and write report.xlsx in
second processes: the same results."""

from __future__ import annotations

import pandas as pd

from clustergraph.analysis.steps import step_history
from clustergraph.graph import build_graph
from clustergraph.metrics import _pool
from clustergraph.report import build
from clustergraph.synthetic import generate


def test_side_tables_from_the_second_process_equal_the_ones_computed_here(monkeypatch):
    G = build_graph(*generate(300, links_per_actor=4, seed=2))
    monkeypatch.setattr(build, "PARALLEL_HISTORY_MIN", 0)
    pending = build._start_side(G, G, None, None, 0)
    if pending is None:  # one CPU or no fork: the report computes it in this process
        assert not _pool.can_fork()
        return
    there = _pool.finish(pending, lambda: None)
    here = build.side_tables(G, G, None, None, 0)
    assert there is not None and set(there) == set(here)
    assert len(there["steps_history"]) and len(there["gaps"].firms)
    pd.testing.assert_frame_equal(there["steps_history"], step_history(G, None))
    pd.testing.assert_frame_equal(there["gaps"].to_frame(), here["gaps"].to_frame())
    for key in ("yearly", "region_matrix", "country_matrix", "partners_abroad", "region_years"):
        pd.testing.assert_frame_equal(there[key], here[key])
    assert there["summary"].figures == here["summary"].figures
    for key in ("actors_by_region", "links_by_type", "links_by_scope", "isolated"):
        pd.testing.assert_frame_equal(getattr(there["summary"], key), getattr(here["summary"], key))


def test_small_graphs_compute_the_side_tables_here():
    G = build_graph(*generate(50, seed=1))
    assert build._start_side(G, G, None, None, 0) is None


def test_report_written_with_second_processes_is_byte_identical(monkeypatch, tmp_path):
    """History and report.xlsx from second processes (forced on a small network): every file the same."""
    from clustergraph.report.build import build_report

    G = build_graph(*generate(200, links_per_actor=3, seed=4))
    monkeypatch.setattr(build, "_now", lambda: __import__("datetime").datetime(2026, 1, 1))
    build_report(G, tmp_path / "here")
    monkeypatch.setattr(build, "PARALLEL_HISTORY_MIN", 0)
    build_report(G, tmp_path / "there")
    here = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*") if p.is_file())
    there = sorted(p.relative_to(tmp_path / "there") for p in (tmp_path / "there").rglob("*") if p.is_file())
    assert here == there and any(p.name == "report.xlsx" for p in here)
    for p in here:
        if p.name == ".clustergraph-manifest.json":
            continue
        assert (tmp_path / "here" / p).read_bytes() == (tmp_path / "there" / p).read_bytes(), p
