"""clustergraph: map the stakeholder network of an industrial cluster.

Load two tables (actors, links) into a NetworkX graph, measure brokerage and
critical mass, find missing education partners, and export offline maps,
reports and metric tables.
"""

__version__ = "0.1.0"


def load(actors, links=None, directed: bool = False, lenient: bool = False, report: bool = False):
    """Load and validate ``actors`` and ``links`` (CSV or .xlsx) and return the graph.

    See :func:`clustergraph.io.load`.
    """
    from .io import load as _load
    return _load(actors, links, directed=directed, lenient=lenient, report=report)
