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
>>> clustergraph.report(G, "output/")          # doctest: +SKIP
"""

from __future__ import annotations

import importlib
import logging

from ._version import __version__

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
):
    """Load and validate ``actors`` and ``links`` (CSV or .xlsx; ``links`` may be a participations
    table) and return the graph.

    See :func:`clustergraph.io.load` (``options``: :class:`clustergraph.io.LoadOptions`;
    ``budget``: :class:`clustergraph.io.InputBudget`).
    """
    from .io import load as _load

    return _load(actors, links, options, report=report, directed=directed, lenient=lenient,
                 participations=participations, projects=projects, projection=projection,
                 budget=budget)  # fmt: skip


def gaps(G, cluster_org=None, region=None, *, communities=None, seed: int = 0):
    """Missing education partners, untapped and fragile actors: :func:`clustergraph.analysis.gaps.find_gaps`."""
    from .analysis.gaps import find_gaps
    from .graph import check_graph

    return find_gaps(check_graph(G), cluster_org, region, communities=communities, seed=seed)


def whatif(G, add, *, communities=None, seed: int = 0):
    """Before/after of planned links: :func:`clustergraph.analysis.whatif.whatif`."""
    from .analysis.whatif import whatif as _whatif
    from .graph import check_graph

    return _whatif(check_graph(G), add, communities=communities, seed=seed)


def map(G, *args, **kwargs):
    """The interactive offline map: :func:`clustergraph.maps.ecosystem_map`."""
    from .graph import check_graph
    from .maps import ecosystem_map

    return ecosystem_map(check_graph(G), *args, **kwargs)


def suggest_partners(G, *args, **kwargs):
    """Ranked partner suggestions: :func:`clustergraph.analysis.suggest.suggest_partners`."""
    from .analysis.suggest import suggest_partners as _suggest
    from .graph import check_graph

    return _suggest(check_graph(G), *args, **kwargs)


suggest = suggest_partners


# The heavier parts are imported on first use, so `import clustergraph` stays fast.
# `metrics` and `report` are callable subpackages (see clustergraph._callable):
# importing a submodule sets the package attribute of the same name to the module.
_LAZY = {
    "metrics": ("clustergraph.metrics", None),
    "report": ("clustergraph.report", None),
}


def __getattr__(name: str):
    if name in _LAZY:
        module_name, attr = _LAZY[name]
        module = importlib.import_module(module_name)
        return module if attr is None else getattr(module, attr)
    raise AttributeError(f"module 'clustergraph' has no attribute {name!r}")
