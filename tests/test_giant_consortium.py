"""A giant consortium is refused before its pairs are made, naming the project, its size and the flag (issue 27)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.projection import project_links


def _tables(tmp_path, partners: int):
    ids = [f"A{i}" for i in range(partners + 3)]
    pd.DataFrame({"id": ids, "name": ids, "type": "firm"}).to_csv(tmp_path / "actors.csv", index=False)
    rows = [("GIANT", a) for a in ids[:partners]] + [("SMALL", ids[-1]), ("SMALL", ids[-2])]
    pd.DataFrame(rows, columns=["project", "actor"]).to_csv(tmp_path / "participations.csv", index=False)
    return str(tmp_path / "actors.csv"), str(tmp_path / "participations.csv")


def test_validate_refuses_a_5000_partner_project_quickly(tmp_path):
    actors, parts = _tables(tmp_path, 5_000)
    t = time.perf_counter()
    r = CliRunner().invoke(main, ["validate", actors, parts])
    assert r.exit_code == 2, r.output
    text = " ".join(r.output.split())
    assert "GIANT" in text and "5,000 partners" in text and "--max-consortium" in text
    assert "Unexpected" not in r.output and time.perf_counter() - t < 30


def test_raising_the_budget_projects_it(tmp_path):
    actors, parts = _tables(tmp_path, 60)
    assert CliRunner().invoke(main, ["validate", actors, parts, "--max-consortium", "50"]).exit_code == 2
    r = CliRunner().invoke(main, ["validate", actors, parts, "--max-consortium", "60"])
    assert r.exit_code == 0, r.output


def test_project_links_limit_and_none():
    p = pd.DataFrame({"project": ["P"] * 4, "actor": list("abcd")})
    with pytest.raises(InputError, match="project P has 4 partners"):
        project_links(p, max_consortium=3)
    assert len(project_links(p, max_consortium=None)) == 6
    assert np.isclose(project_links(p)["weight"], 1 / 3).all()
