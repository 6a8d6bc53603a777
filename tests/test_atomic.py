"""Atomic outputs: a failure while writing leaves the previous file and no temporary file."""

from __future__ import annotations

import pytest

from clustergraph.files.atomic import atomic_path, atomic_write, atomic_write_text


def test_failure_mid_write_keeps_previous_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out" / "table.csv"
    atomic_write_text(target, "old\n")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as fh:
            fh.write("half of the new")
            raise RuntimeError("disk full")
    assert target.read_text() == "old\n"
    assert [p.name for p in target.parent.iterdir()] == ["table.csv"]


def test_atomic_path_for_libraries_writing_by_name(tmp_path):
    target = tmp_path / "graph.graphml"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".graphml" and tmp != target
        tmp.write_text("<graphml/>")
        assert not target.exists()  # nothing visible until the block succeeds
    assert target.read_text() == "<graphml/>"
    with pytest.raises(ValueError):
        with atomic_path(target) as tmp:
            tmp.write_text("broken")
            raise ValueError
    assert target.read_text() == "<graphml/>" and len(list(tmp_path.iterdir())) == 1
