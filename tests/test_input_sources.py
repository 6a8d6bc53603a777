"""Issues #27 and #29: where input comes from. Standard input (``-``) read within the same byte budget,
the budget counted while reading (not taken from ``stat``), a file changed while it is read refused,
and an input inside the output folder that the run would overwrite refused before any work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import clustergraph
import clustergraph.io
from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.io import InputBudget, csvfile, fastcsv, read, read_table

ROOT = Path(__file__).resolve().parent.parent
ACTORS = "id,name,type\nA,Alpha,firm\nB,Beta,vet\nC,Gamma,university\n"
LINKS = "source,target\nA,B\nB,C\n"


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "a.csv").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "l.csv").write_text(LINKS, encoding="utf-8")
    return tmp_path / "a.csv", tmp_path / "l.csv"


def cli(*args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "clustergraph", *map(str, args)],
        capture_output=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=120,
        check=False,
        **kwargs,
    )


# --------------------------------------------------------------------------- standard input


def test_actors_from_standard_input(files):
    _, links = files
    res = cli("validate", "-", links, input=ACTORS.encode())
    assert res.returncode == 0, res.stderr.decode()
    assert "3 actors, 2 links" in res.stdout.decode()


def test_links_from_standard_input_and_the_same_graph(files):
    actors, links = files
    res = CliRunner().invoke(main, ["validate", str(actors), "-"], input=LINKS)
    assert res.exit_code == 0 and "3 actors, 2 links" in res.stdout, res.output


def test_standard_input_beyond_the_byte_budget_is_refused_naming_the_flag(files):
    _, links = files
    with open("/dev/zero", "rb") as zero:  # never ends: only the budget stops it
        res = cli("validate", "--max-input-mb", "2", "-", links, stdin=zero)
    err = res.stderr.decode()
    assert res.returncode == 2 and "<stdin>" in err and "2 MB limit" in err and "--max-input-mb" in err, err


def test_two_inputs_from_standard_input_are_refused(files):
    res = CliRunner().invoke(main, ["validate", "-", "-"], input=ACTORS)
    assert res.exit_code == 2 and "only one input can be read from standard input" in res.output


def test_a_workbook_on_standard_input_is_refused(files, tmp_path):
    _, links = files
    res = CliRunner().invoke(main, ["validate", "-", str(links)], input=b"PK\x03\x04rest of a zip")
    assert res.exit_code == 2 and "give the workbook's path" in res.output


def test_a_pipe_is_refused_pointing_to_standard_input(files):
    actors, _ = files
    read_fd, write_fd = os.pipe()
    try:
        res = CliRunner().invoke(main, ["validate", str(actors), f"/dev/fd/{read_fd}"])
    finally:
        os.close(read_fd)
        os.close(write_fd)
    assert res.exit_code == 2 and "process substitution" in res.output and "as '-'" in res.output, res.output


# --------------------------------------------------------------------------- the budget while reading


@pytest.mark.parametrize("quoted", [False, True])  # the column-wise and the row-by-row path
def test_byte_budget_is_counted_while_reading_not_taken_from_stat(tmp_path, monkeypatch, quoted):
    path = tmp_path / "l.csv"
    row = '"A","B"\n' if quoted else "A,B\n"
    path.write_text("source,target\n" + row * 400_000, encoding="utf-8")  # 1.5 to 3 MB
    monkeypatch.setattr(read, "_check_path", lambda *a: 0)  # as if stat said the file were empty
    with pytest.raises(InputError) as info:
        read_table(path, "links", budget=InputBudget(max_input_mb=1))
    assert "larger than the 1 MB limit (counted while reading)" in str(info.value), str(info.value)


def test_a_workbook_is_counted_while_reading(tmp_path, monkeypatch):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * (2 << 20))
    monkeypatch.setattr(read, "_check_path", lambda *a: 0)
    with pytest.raises(InputError, match="counted while reading"):
        read_table(path, "actors", budget=InputBudget(max_input_mb=1))


# --------------------------------------------------------------------------- changed while read


def _truncate_midway(monkeypatch, module, name, path: Path, keep: int):
    original = getattr(module, name)

    def truncating(*args, **kwargs):
        with open(path, "r+b") as fh:  # another program cuts the file while it is read
            fh.truncate(keep)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, truncating)


def test_a_file_truncated_while_read_row_by_row_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text('id,name,type\nA,"Al\npha",firm\n' + "".join(f"X{i},x,firm\n" for i in range(1000)))
    _truncate_midway(monkeypatch, csvfile, "_assemble", path, 100)
    with pytest.raises(InputError) as info:
        read_table(path, "actors")
    text = str(info.value)
    assert str(path) in text and "changed while it was read" in text and "size went from" in text, text


def test_a_file_truncated_while_read_column_wise_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "l.csv"
    path.write_text("source,target\n" + "A,B\n" * 5000)
    _truncate_midway(monkeypatch, fastcsv, "_categorical_columns", path, 1000)
    with pytest.raises(InputError, match="changed while it was read"):
        read_table(path, "links")


def test_a_file_read_whole_is_unchanged(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('id,name,type\nA,"Alpha",firm\n')
    assert read_table(path, "actors").size == path.stat().st_size


# --------------------------------------------------------------------------- inputs in the output folder


@pytest.mark.parametrize("command", ["report", "metrics", "gaps"])
def test_an_input_the_run_would_overwrite_is_refused_before_any_work(tmp_path, monkeypatch, command):
    out = tmp_path / "out"
    out.mkdir()
    (out / "actors_metrics.csv").write_text(ACTORS)
    (out / "gaps.csv").write_text(LINKS)
    monkeypatch.setattr(clustergraph.io, "load", lambda *a, **k: pytest.fail("the inputs were read"))
    res = CliRunner().invoke(main, [command, str(out / "actors_metrics.csv"), str(out / "gaps.csv"), "-o", str(out)])
    assert res.exit_code == 2, res.output
    target = "gaps.csv" if command == "gaps" else "actors_metrics.csv"
    assert f"cannot write {out / target}: it is an input of this run" in res.output, res.output
    assert (out / "actors_metrics.csv").read_text() == ACTORS and (out / "gaps.csv").read_text() == LINKS


def test_an_input_listed_in_the_folder_manifest_is_refused(tmp_path, files):
    actors, links = files
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["gaps", str(actors), str(links), "-o", str(out)])
    assert first.exit_code == 0, first.output
    (out / "suggestions.csv").write_text(LINKS)  # the user keeps links in a file the gaps run wrote
    res = CliRunner().invoke(main, ["gaps", str(actors), str(out / "suggestions.csv"), "-o", str(out)])
    assert res.exit_code == 2 and "suggestions.csv: it is an input of this run" in res.output, res.output


def test_an_input_in_the_output_folder_that_is_not_overwritten_is_fine(tmp_path, files):
    actors, links = files
    out = tmp_path / "out"
    out.mkdir()
    kept = out / "my_links.csv"
    kept.write_text(LINKS)
    res = CliRunner().invoke(main, ["gaps", str(actors), str(kept), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert kept.read_text() == LINKS
