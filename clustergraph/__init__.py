"""clustergraph: map the stakeholder network of an industrial cluster.

Load two tables (actors, links) into a NetworkX graph, measure brokerage and
critical mass, find missing education partners, and export offline maps,
reports and metric tables.

>>> import clustergraph
>>> from clustergraph.synthetic import sample_ecosystem
>>> from clustergraph.graph import build_graph
>>> G = build_graph(*sample_ecosystem())   # or clustergraph.load("data/actors.csv", "data/links.csv")
>>> m = clustergraph.metrics(G)            # DataFrames: m.actors, m.groups, m.mixing
>>> gaps = clustergraph.gaps(G)            # missing education partners
>>> gaps.summary()["firms_without_education"] > 0
True
>>> clustergraph.map(G, "output/map.html")     # doctest: +SKIP
>>> clustergraph.map(G)                        # doctest: +SKIP
>>> clustergraph.report(G, "output/")          # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import sys
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    import networkx as nx

    from .metrics import MetricsResult

# A library logs and never prints: notices go to the "clustergraph" logger, silent unless the
# application (the CLI, or a notebook's logging.basicConfig) shows them.
logging.getLogger("clustergraph").addHandler(logging.NullHandler())

__all__ = ["load", "metrics", "gaps", "suggest", "suggest_partners", "whatif", "map", "report", "__version__"]


def load(
    actors,
    links=None,
    options=None,
    *,
    report: bool = False,
    directed: bool | None = None,
    lenient: bool | None = None,
    participations=None,
    projects=None,
    projection: str | None = None,
    budget=None,
    skills=None,
    skill_groups=None,
    hub_above=None,
):
    """Load and validate ``actors`` and ``links`` (CSV or .xlsx; ``links`` may be a participations
    table) and return the graph; ``skills`` (and ``skill_groups``) add the skills table to
    ``G.graph["skills"]``; ``hub_above`` keeps each project of more partners as one hub node
    (README, "Projects").

    See :func:`clustergraph.io.load` (``options``: :class:`clustergraph.io.LoadOptions`;
    ``budget``: :class:`clustergraph.io.InputBudget`).
    """
    from .io import load as _load

    return _load(actors, links, options, report=report, directed=directed, lenient=lenient,
                 participations=participations, projects=projects, projection=projection,
                 budget=budget, skills=skills, skill_groups=skill_groups,
                 hub_above=hub_above)  # fmt: skip


def gaps(G, cluster_org=None, region=None, *, communities=None, seed: int = 0):
    """Missing education partners, untapped and fragile actors: :func:`clustergraph.analysis.gaps.find_gaps`."""
    from .analysis.gaps import find_gaps
    from .graph import check_graph
    from .randomness import check_seed

    return find_gaps(check_graph(G), cluster_org, region, communities=communities, seed=check_seed(seed))


def whatif(G, add, *, communities=None, seed: int = 0):
    """Before/after of planned links: :func:`clustergraph.analysis.whatif.whatif`."""
    from .analysis.whatif import whatif as _whatif
    from .graph import check_graph
    from .randomness import check_seed

    return _whatif(check_graph(G), add, communities=communities, seed=check_seed(seed))


def map(G, path=None, *args, **kwargs):
    """The interactive offline map: :func:`clustergraph.maps.ecosystem_map` writes it to ``path``;
    without ``path``, an :class:`~clustergraph.maps.inline.InlineMap` a notebook shows inline."""
    from .graph import check_graph

    if path is None:
        from .maps.inline import inline_map

        return inline_map(check_graph(G), *args, **kwargs)
    from .maps import ecosystem_map

    return ecosystem_map(check_graph(G), path, *args, **kwargs)


def suggest_partners(G, *args, **kwargs):
    """Ranked partner suggestions: :func:`clustergraph.analysis.suggest.suggest_partners`."""
    from .analysis.suggest import suggest_partners as _suggest
    from .graph import check_graph

    return _suggest(check_graph(G), *args, **kwargs)


suggest = suggest_partners


def metrics(
    G: nx.Graph,
    by: Sequence[str] | None = None,
    *,
    brokerage_attribute: str = "type",
    exact: bool | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    k: int | None = None,
    weighted: bool = False,
) -> MetricsResult:
    """Every metric of the ecosystem: :func:`clustergraph.metrics.compute` (``by`` defaults to
    :data:`clustergraph.metrics.DEFAULT_BY`)."""
    from .metrics import DEFAULT_BY, compute

    return compute(G, DEFAULT_BY if by is None else by, brokerage_attribute=brokerage_attribute, exact=exact,
                   seed=seed, progress=progress, k=k, weighted=weighted)  # fmt: skip


def report(G: nx.Graph, outdir: str | os.PathLike, **options: Any) -> Path:
    """``report.html`` and every export in ``outdir``: :func:`clustergraph.report.build_report`
    (``title``, ``region``, ``until``, ``seed``, ``progress``)."""
    from .report import build_report

    return build_report(G, outdir, **options)


# ``metrics`` and ``report`` are the names of both a facade function and a subpackage
# (``clustergraph/metrics/``, ``clustergraph/report/``). Importing a submodule, e.g.
# ``clustergraph.metrics.centrality``, makes the import system set the package attribute
# ``clustergraph.metrics`` to the subpackage, which would hide the function. The facade module's
# class therefore has two properties: reading gives the function, and the import system's
# assignment is accepted and ignored (the subpackage stays in ``sys.modules``, where
# ``from clustergraph.metrics import compute`` finds it). ``import clustergraph.metrics as m``
# gives the function too; import names from the subpackage instead.
_FACADE_FUNCTIONS: dict[str, Callable[..., Any]] = {"metrics": metrics, "report": report}


class _Facade(types.ModuleType):
    @property
    def metrics(self) -> Callable[..., Any]:
        return _FACADE_FUNCTIONS["metrics"]

    @metrics.setter
    def metrics(self, value: object) -> None:  # the import system binding the subpackage
        pass

    @property
    def report(self) -> Callable[..., Any]:
        return _FACADE_FUNCTIONS["report"]

    @report.setter
    def report(self, value: object) -> None:
        pass


sys.modules[__name__].__class__ = _Facade
