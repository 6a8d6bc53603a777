"""Large reports rank the suggestions and the moves of the four steps, and write report.xlsx, in
second processes: the same results."""

from __future__ import annotations

import pandas as pd

from clustergraph.analysis.steps import step_history
from clustergraph.graph import build_graph
from clustergraph.metrics import _pool
from clustergraph.report import build
from clustergraph.synthetic import generate


def test_suggestion_tables_from_the_second_process_equal_the_ones_computed_here(monkeypatch):
    G = build_graph(*generate(300, links_per_actor=4, seed=2))
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    pending = build._start_suggestions(G, None)
    if pending is None:  # one CPU or no fork: the report computes them in this process
        assert not _pool.can_fork()
        return
    assert _pool._FORKED is None  # the task is not kept after the fork
    there = _pool.finish(pending, lambda: None)
    here = build.suggestion_tables(G, None)
    assert there is not None and set(there) == set(here) == {"suggestions", "steps", "step_moves"}
    assert len(there["suggestions"]) and len(there["steps"]) and len(there["step_moves"])
    for key in here:
        pd.testing.assert_frame_equal(there[key], here[key])


def test_side_tables_are_the_step_history_gaps_summaries_and_geography():
    G = build_graph(*generate(300, links_per_actor=4, seed=2))
    tables = build.side_tables(G, G, None, None, 0)
    assert set(tables) == {
        "gaps",
        "summary",
        "link_summary",
        "yearly",
        "steps_history",
        "region_matrix",
        "country_matrix",
        "partners_abroad",
        "region_years",
    }
    pd.testing.assert_frame_equal(tables["steps_history"], step_history(G, None))
    assert len(tables["gaps"].firms)


def test_small_graphs_compute_the_suggestions_here():
    G = build_graph(*generate(50, seed=1))
    assert build._start_suggestions(G, None) is None


def test_an_error_in_the_metrics_stops_the_second_process(monkeypatch):
    import sys

    import pytest

    metrics_pkg = sys.modules["clustergraph.metrics"]  # the package (clustergraph.metrics is also a function)

    G = build_graph(*generate(300, links_per_actor=4, seed=2))
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    started, stopped = [], []
    real_start, real_stop = build._start_suggestions, _pool.stop_pool
    monkeypatch.setattr(build, "_start_suggestions", lambda *a: started.append(real_start(*a)) or started[-1])
    monkeypatch.setattr(_pool, "stop_pool", lambda pool: stopped.append(pool) or real_stop(pool))

    def broken(*args, **kwargs):
        raise RuntimeError("metrics failed")

    monkeypatch.setattr(metrics_pkg, "compute", broken)
    with pytest.raises(RuntimeError, match="metrics failed"):
        build.collect(G)
    if started[0] is not None:
        assert stopped == [started[0][0]]


def test_report_written_with_second_processes_is_byte_identical(monkeypatch, tmp_path):
    """Suggestions, moves and report.xlsx from second processes (forced on a small network): every file the same."""
    from clustergraph.report.build import build_report

    G = build_graph(*generate(200, links_per_actor=3, seed=4))
    monkeypatch.setattr(build, "_now", lambda: __import__("datetime").datetime(2026, 1, 1))
    build_report(G, tmp_path / "here")
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    build_report(G, tmp_path / "there")
    here = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*") if p.is_file())
    there = sorted(p.relative_to(tmp_path / "there") for p in (tmp_path / "there").rglob("*") if p.is_file())
    assert here == there and any(p.name == "report.xlsx" for p in here)
    for p in here:
        if p.name == ".clustergraph-manifest.json":
            continue
        assert (tmp_path / "here" / p).read_bytes() == (tmp_path / "there" / p).read_bytes(), p


def _files(folder):
    return {
        p.relative_to(folder): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != ".clustergraph-manifest.json"
    }


def test_report_xlsx_is_begun_with_the_metrics_and_ends_the_same(monkeypatch, tmp_path):
    """Large networks: the metric sheets are written by a second process forked right after the metrics
    (before the suggestions are done), the other sheets sent to it; same workbook as written here."""
    import openpyxl

    G = build_graph(*generate(200, links_per_actor=3, seed=5))
    monkeypatch.setattr(build, "_now", lambda: __import__("datetime").datetime(2026, 1, 1))
    build.build_report(G, tmp_path / "here")
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    begun = []
    real = build._start_staged_workbook
    monkeypatch.setattr(build, "_start_staged_workbook", lambda *a: begun.append(real(*a)) or begun[-1])
    build.build_report(G, tmp_path / "there")
    assert len(begun) == 1
    if _pool.can_fork():
        assert begun[0] is not None
    assert (tmp_path / "there" / "report.xlsx").read_bytes() == (tmp_path / "here" / "report.xlsx").read_bytes()
    sheets = openpyxl.load_workbook(tmp_path / "there" / "report.xlsx", read_only=True).sheetnames
    assert sheets[:4] == ["Actors", "Groups", "Gaps", "Suggestions"] and sheets[-1] == "Definitions"


def test_an_error_after_the_metrics_stops_the_staged_workbook(monkeypatch, tmp_path):
    import pytest

    G = build_graph(*generate(200, links_per_actor=3, seed=5))
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)
    begun, stopped = [], []
    real_start, real_stop = build._start_staged_workbook, _pool.stop_pool
    monkeypatch.setattr(build, "_start_staged_workbook", lambda *a: begun.append(real_start(*a)) or begun[-1])
    processes = []  # the processes of each pool stopped, taken before they are killed

    def stop(pool):
        stopped.append(pool)
        processes.extend((getattr(pool, "_processes", None) or {}).values())
        real_stop(pool)

    monkeypatch.setattr(_pool, "stop_pool", stop)

    def broken(*args, **kwargs):
        raise RuntimeError("side tables failed")

    monkeypatch.setattr(build, "side_tables", broken)
    with pytest.raises(RuntimeError, match="side tables failed"):
        build.build_report(G, tmp_path / "out")
    assert len(begun) == 1
    if begun[0] is not None:
        assert begun[0][0][0] in stopped and begun[0][1].closed and processes
    assert not (tmp_path / "out" / "report.xlsx").exists()
    for proc in processes:
        proc.join(timeout=30)
    assert not [proc for proc in processes if proc.is_alive()]


def test_a_failed_staged_writer_leaves_the_workbook_to_this_process(monkeypatch, tmp_path):
    G = build_graph(*generate(200, links_per_actor=3, seed=5))
    monkeypatch.setattr(build, "_now", lambda: __import__("datetime").datetime(2026, 1, 1))
    build.build_report(G, tmp_path / "here")
    monkeypatch.setattr(build, "PARALLEL_MIN", 0)

    def dies(*args):
        raise RuntimeError("writer died")

    monkeypatch.setattr(build, "_staged_workbook", dies)
    build.build_report(G, tmp_path / "there")
    assert _files(tmp_path / "there") == _files(tmp_path / "here")
