"""Same input and seed, byte-identical outputs (issue 29); communities invariant to a common weight scale.

PageRank (igraph PRPACK) summed with OpenMP threads in no fixed order and differed
by ~1e-17 between runs; it now runs on one thread, and every metric writer rounds
floats to one stated precision (``export.tables.OUTPUT_DIGITS``, 12 significant digits).
Stated timestamps: none in ``metrics`` (the xlsx is written with a fixed date).
"""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.metrics.communities import detect
from clustergraph.synthetic import generate


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_metrics_three_times_gives_byte_identical_files(tmp_path):
    actors, links = generate(600, n_regions=5, seed=4)
    actors.to_csv(tmp_path / "a.csv", index=False)
    links.to_csv(tmp_path / "l.csv", index=False)
    runs = []
    for i in range(3):
        out = tmp_path / f"run{i}"
        res = CliRunner().invoke(main, ["metrics", str(tmp_path / "a.csv"), str(tmp_path / "l.csv"), "-o", str(out),
                                        "--seed", "3", "--excel"])  # fmt: skip
        assert res.exit_code == 0, res.output
        runs.append(_files(out))
    assert set(runs[0]) >= {"actors_metrics.csv", "graph.graphml", "graph.gexf", "metrics.json", "metrics.xlsx"}
    for other in runs[1:]:
        assert other.keys() == runs[0].keys()
        assert [f for f in runs[0] if runs[0][f] != other[f]] == []


def test_written_floats_have_the_stated_precision():
    import pandas as pd

    from clustergraph.export.tables import OUTPUT_DIGITS, rounded

    values = [1 / 3, 2 / 3 * 1e-9, 123456.7890123456789, 0.1 + 0.2]
    out = rounded(pd.DataFrame({"x": values}))["x"].tolist()
    assert out == [float(f"{v:.{OUTPUT_DIGITS}g}") for v in values] and out[3] == 0.3


@pytest.fixture(scope="module")
def weighted():
    actors, links = generate(400, n_regions=4, seed=9)
    G = nx.Graph()
    for row in links.itertuples():
        G.add_edge(row.source, row.target, weight=float(row.weight) * (1 + (ord(row.source[-1]) % 7) / 10))
    return G


@pytest.mark.parametrize("method", ["leiden", "louvain"])
@pytest.mark.parametrize("scale", [3.0, 1e-3, 7.1e5, 1e200])
def test_communities_do_not_change_with_a_common_weight_scale(weighted, method, scale):
    base, q, _ = detect(weighted, seed=3, method=method)
    H = weighted.copy()
    for _, _, d in H.edges(data=True):
        d["weight"] *= scale
    comm, q2, _ = detect(H, seed=3, method=method)
    assert comm == base and q2 == pytest.approx(q, abs=1e-12)
