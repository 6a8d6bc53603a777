"""``clustergraph metrics``: files, terminal tables, options and errors."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.synthetic import write_sample


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return write_sample(tmp_path_factory.mktemp("data"))


def run(*args):
    return CliRunner().invoke(main, ["metrics", *map(str, args)], catch_exceptions=False)


def test_writes_every_format_and_prints_tables(inputs, tmp_path):
    actors, links = inputs
    res = run(actors, links, "-o", tmp_path / "out", "--top", "3")
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert names == [
        "actors_metrics.csv",
        "bridges.csv",
        "graph.gexf",
        "graph.graphml",
        "groups_metrics.csv",
        "metrics.json",
        "mixing_matrix.csv",
    ]
    assert "Top brokers" in res.output and "Critical mass by region" in res.output
    assert "Navar" in res.output  # the region without education links is listed (may wrap)
    a = pd.read_csv(tmp_path / "out" / "actors_metrics.csv")
    assert len(a) == len(pd.read_csv(actors))  # one row per actor, isolated included


def test_format_option_and_seed(inputs, tmp_path):
    actors, links = inputs
    res = run(actors, links, "-o", tmp_path, "--format", "json", "--seed", "4")
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".clustergraph-manifest.json", "metrics.json"]
    assert json.loads((tmp_path / "metrics.json").read_text())["summary"]["seed"] == 4


def test_approximate_records_sample(inputs, tmp_path):
    actors, links = inputs
    res = run(actors, links, "-o", tmp_path, "--format", "json", "--approximate", "-k", "25")
    assert res.exit_code == 0, res.output
    approx = json.loads((tmp_path / "metrics.json").read_text())["summary"]["approximations"]
    b = approx["betweenness"]
    assert {k: b[k] for k in ("method", "k", "seed")} == {
        "method": "sampled sources (Brandes & Pich 2007)",
        "k": 25,
        "seed": 0,
    }
    assert 0 < b["epsilon"] <= 1 and b["delta"] == 0.1  # the stated error of the sample


def test_brokerage_by_region(inputs, tmp_path):
    actors, links = inputs
    res = run(actors, links, "-o", tmp_path, "--format", "json", "--brokerage-by", "region")
    assert res.exit_code == 0 and "across region groups" in res.output


def test_unknown_brokerage_column_exits_2(inputs, tmp_path):
    actors, links = inputs
    res = run(actors, links, "-o", tmp_path, "--format", "json", "--brokerage-by", "regoin")
    assert res.exit_code == 2 and "regoin" in res.output
    assert not any(tmp_path.iterdir())


def test_bad_format_exits_2(inputs, tmp_path):
    actors, links = inputs
    res = run(actors, links, "-o", tmp_path, "--format", "csv,pdf")
    assert res.exit_code == 2 and "pdf" in res.output
    assert not any(tmp_path.iterdir())  # nothing written


def test_missing_output_is_usage_error(inputs):
    actors, links = inputs
    assert run(actors, links).exit_code == 2


@pytest.mark.parametrize(
    "command",
    [
        ["metrics", "a.csv", "b.csv"],
        ["import", "cordis", "o.csv", "p.csv"],
        ["import", "erasmus", "f.xlsx"],
        ["combine"],
    ],
)
def test_every_required_output_folder_is_required(command):
    # the shared folder option must keep -o required (click 8.4 takes an explicit default=None as given)
    res = CliRunner().invoke(main, command)
    assert res.exit_code == 2 and "Missing option '-o'" in res.output


def test_output_folder_defaults_are_shown_and_a_file_is_refused(tmp_path):
    for command in ("gaps", "report"):
        assert "[default: output]" in CliRunner().invoke(main, [command, "--help"]).output
    a_file = tmp_path / "f"
    a_file.write_text("x")
    res = CliRunner().invoke(main, ["gaps", "a.csv", "b.csv", "-o", str(a_file)])
    assert res.exit_code == 2 and "is a file" in res.output
