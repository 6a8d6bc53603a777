"""Special files as input (issue 27): refused at once with exit 2, never read until memory runs out or forever."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from clustergraph.cli import main


@pytest.fixture()
def links(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("source,target\nA,B\n", encoding="utf-8")
    return path


def test_a_fifo_is_refused_instead_of_hanging(tmp_path, links):
    fifo = tmp_path / "actors.csv"
    os.mkfifo(fifo)  # nobody writes into it: reading would block forever
    res = CliRunner().invoke(main, ["validate", str(fifo), str(links)])
    assert res.exit_code == 2 and "named pipe (FIFO) or process substitution" in res.output, res.output


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(links, device):
    res = CliRunner().invoke(main, ["validate", device, str(links)])
    assert res.exit_code == 2 and "is a device, not a regular actors file" in res.output, res.output


def test_a_pipe_as_the_links_file_is_refused_naming_it(tmp_path):
    actors = tmp_path / "a.csv"
    actors.write_text("id,name,type\nA,a,firm\nB,b,vet\n", encoding="utf-8")
    read, write = os.pipe()  # what <(cat f) gives: /dev/fd/N, a pipe
    try:
        res = CliRunner().invoke(main, ["validate", str(actors), f"/dev/fd/{read}"])
    finally:
        os.close(read)
        os.close(write)
    assert res.exit_code == 2 and f"/dev/fd/{read}" in res.output and "regular" in res.output, res.output
