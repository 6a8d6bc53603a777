"""clustergraph: map the stakeholder network of an industrial cluster.

Load two tables (actors, links) into a NetworkX graph, measure brokerage and
critical mass, find missing education partners, and export offline maps,
reports and metric tables.

>>> import clustergraph                                     # doctest: +SKIP
>>> G = clustergraph.load("data/actors.csv", "data/links.csv")   # doctest: +SKIP
>>> m = clustergraph.metrics(G)          # DataFrames: m.actors, m.groups, m.mixing
>>> gaps = clustergraph.gaps(G)          # missing education partners
>>> clustergraph.map(G, "output/map.html")
>>> clustergraph.report(G, "output/")
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = ["load", "metrics", "gaps", "suggest_partners", "whatif", "map", "report", "__version__"]


def load(actors, links=None, directed: bool = False, lenient: bool = False, report: bool = False):
    """Load and validate ``actors`` and ``links`` (CSV or .xlsx) and return the graph.

    See :func:`clustergraph.io.load`.
    """
    from .io import load as _load
    return _load(actors, links, directed=directed, lenient=lenient, report=report)


# The heavier parts are imported on first use, so `import clustergraph` stays fast.
# `metrics`, `gaps`, `report` and `whatif` are callable modules (see clustergraph._callable):
# importing a submodule sets the package attribute of the same name to the module.
_LAZY = {
    "metrics": ("clustergraph.metrics", None),
    "gaps": ("clustergraph.gaps", None),
    "report": ("clustergraph.report", None),
    "whatif": ("clustergraph.whatif", None),
    "map": ("clustergraph.maps", "ecosystem_map"),
    "suggest_partners": ("clustergraph.suggest", "suggest_partners"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module_name, attr = _LAZY[name]
        module = importlib.import_module(module_name)
        return module if attr is None else getattr(module, attr)
    raise AttributeError(f"module 'clustergraph' has no attribute {name!r}")
