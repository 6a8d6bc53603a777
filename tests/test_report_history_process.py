"""The step history of a large report is computed in a second process: the same rows as here."""

from __future__ import annotations

import pandas as pd

from clustergraph.analysis.steps import step_history
from clustergraph.graph import build_graph
from clustergraph.metrics import _pool
from clustergraph.report import build
from clustergraph.synthetic import generate


def test_history_from_the_second_process_equals_the_one_computed_here(monkeypatch):
    G = build_graph(*generate(300, links_per_actor=4, seed=2))
    monkeypatch.setattr(build, "PARALLEL_HISTORY_MIN", 0)
    pending = build._start_history(G, None)
    if pending is None:  # one CPU or no fork: the report computes it in this process
        assert not _pool.can_fork()
        return
    there = _pool.finish(pending, lambda: None)
    assert there is not None and len(there)
    pd.testing.assert_frame_equal(there, step_history(G, None))


def test_small_graphs_compute_the_history_here():
    assert build._start_history(build_graph(*generate(50, seed=1)), None) is None
