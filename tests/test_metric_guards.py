"""One self-loop rule for every entry point; extreme link weights neither crash nor overflow (issues 16, 17)."""

from __future__ import annotations

import logging

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import clustergraph
from clustergraph.errors import InputError
from clustergraph.graph import build_graph
from clustergraph.metrics import compute
from clustergraph.metrics.communities import louvain
from clustergraph.metrics.structural_holes import structural_holes
from clustergraph.synthetic import sample_ecosystem


class _Notices(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.text = ""

    def emit(self, record: logging.LogRecord) -> None:
        self.text += record.getMessage() + "\n"


@pytest.fixture
def notices():
    """WARNINGs of the clustergraph logger, read at the logger itself (the CLI tests may stop propagation)."""
    handler = _Notices()
    logger = logging.getLogger("clustergraph")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture(scope="module")
def sample() -> nx.Graph:
    return build_graph(*sample_ecosystem())


def _with_weights(G: nx.Graph, factor: float) -> nx.Graph:
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["weight"] = d.get("weight", 1.0) * factor
    return H


def _looped(G: nx.Graph) -> nx.Graph:
    H = G.copy()
    firms = [v for v, t in H.nodes(data="type") if t == "firm"][:2]
    isolated = next((v for v in H if H.degree(v) == 0), None)
    H.add_edges_from((v, v, {"weight": 7.0}) for v in firms + ([isolated] if isolated else []))
    return H


def test_compute_drops_self_loops_with_a_notice(sample, notices):
    """metrics.compute: a graph with self-loops gives exactly the tables of the graph without them."""
    clean = compute(sample, progress=None)
    looped = compute(_looped(sample), progress=None)
    assert "self-loop" in notices.text
    pd.testing.assert_frame_equal(looped.actors, clean.actors)
    pd.testing.assert_frame_equal(looped.groups, clean.groups)
    assert looped.summary == clean.summary


def test_gaps_suggest_whatif_drop_self_loops(sample, notices):
    """The other entry points apply the same rule (an actor linked to itself has no partner more)."""
    H = _looped(sample)
    assert clustergraph.gaps(H).summary() == clustergraph.gaps(sample).summary()
    pd.testing.assert_frame_equal(clustergraph.suggest(H, top=2), clustergraph.suggest(sample, top=2))
    from clustergraph.analysis.summary import summarise

    assert summarise(H).figures == summarise(sample).figures
    assert notices.text.count("self-loop") >= 3


@pytest.mark.parametrize("factor", [1e154, 1e250, 1e-300])
def test_compute_with_extreme_weights(sample, factor):
    """Weights of 1e154 and up, or tiny: no overflow; scale-free columns equal those of the sample."""
    ref = compute(sample, progress=None).actors
    with np.errstate(over="raise", divide="raise", invalid="ignore"):
        got = compute(_with_weights(sample, factor), progress=None).actors
    for col in ("pagerank", "eigenvector", "constraint", "effective_size", "community", "brokerage_total_z"):
        np.testing.assert_allclose(got[col].to_numpy(float), ref[col].to_numpy(float), rtol=1e-8, err_msg=col)


def test_repeated_huge_links_summing_to_infinity_are_refused(sample):
    """Two links of 1e308 between one pair merge to inf in build_graph: refused with the link named."""
    actors, links = sample_ecosystem()
    a, b = links.iloc[0]["source"], links.iloc[0]["target"]
    extra = pd.DataFrame({"source": [a, a], "target": [b, b], "weight": [1e308, 1e308]})
    G = build_graph(actors, pd.concat([links, extra], ignore_index=True))
    with pytest.raises(
        InputError, match=f"link {a} - {b}: weight inf is not a positive finite number \\(the sum of its 3 repeated"
    ):
        compute(G, progress=None)


def test_weighted_constraint_is_scale_free():
    """Weighted constraint/effective size (Burt): subnormal and near-overflow weights give the same values."""
    G = nx.DiGraph([(0, 1, {"weight": 3.0}), (1, 2, {"weight": 1.0}), (2, 0, {"weight": 2.0}), (0, 3, {"weight": 1.0})])
    ref = structural_holes(G, weight="weight")
    for factor in (2.0**-1062, 2.0**1020):  # about 2e-320 and 1e307, powers of 2: the weights stay exact
        with np.errstate(over="raise", divide="ignore", invalid="ignore"):
            got = structural_holes(_with_weights(G, factor), weight="weight")
        np.testing.assert_allclose(got["constraint"], ref["constraint"], rtol=1e-6)
        np.testing.assert_allclose(got["effective_size"], ref["effective_size"], rtol=1e-6)


def test_louvain_with_huge_weights():
    """networkx squares the total weight in modularity (overflow from 1e154): rescaled first."""
    G = nx.barbell_graph(4, 0)
    ref = louvain(G)
    got = louvain(_with_weights(G, 1e200))
    assert got[0] == ref[0] and got[1] == pytest.approx(ref[1])


@pytest.mark.parametrize("factor", [1e200, 1e-320])
def test_report_with_extreme_weights(tmp_path, factor):
    """The whole report (metrics, maps, charts) runs with every weight at 1e200 or 1e-320."""
    from clustergraph.report import build_report

    actors, links = sample_ecosystem()
    links = links.assign(weight=links["weight"].astype(float) * factor)
    with np.errstate(over="raise", divide="raise"):
        assert build_report(build_graph(actors, links), tmp_path).exists()
