"""Network metrics of the ecosystem: centrality, brokerage, structural holes,
critical mass and communities (issue 3).

One call computes everything, for a notebook or the ``clustergraph metrics``
command::

    >>> import clustergraph
    >>> from clustergraph.synthetic import sample_ecosystem
    >>> from clustergraph.graph import build_graph
    >>> G = build_graph(*sample_ecosystem())
    >>> result = clustergraph.metrics(G, progress=None)   # same as metrics.compute(G)
    >>> result.actors.columns[:4].tolist()
    ['id', 'name', 'type', 'region']
    >>> len(result.actors) == G.number_of_nodes()
    True

The families live in their own modules, each usable alone:
:mod:`~clustergraph.metrics.centrality`, :mod:`~clustergraph.metrics.brokerage`,
:mod:`~clustergraph.metrics.structural_holes`,
:mod:`~clustergraph.metrics.critical_mass`,
:mod:`~clustergraph.metrics.communities`.
"""

from __future__ import annotations

from .brokerage import brokerage_roles
from .centrality import centrality
from .columns import ACTOR_COLUMNS, BROKERAGE_COLUMNS, COLUMN_DEFINITIONS, IDENTITY_COLUMNS, column_definitions
from .communities import detect as detect_communities
from .communities import louvain
from .critical_mass import group_metrics, groups_table, mixing_matrix, type_assortativity
from .pipeline import DEFAULT_BY, MetricsResult, compute, steps_total
from .structural_holes import bridges, structural_holes

__all__ = [
    "MetricsResult",
    "compute",
    "column_definitions",
    "COLUMN_DEFINITIONS",
    "steps_total",
    "DEFAULT_BY",
    "ACTOR_COLUMNS",
    "IDENTITY_COLUMNS",
    "BROKERAGE_COLUMNS",
    "centrality",
    "structural_holes",
    "bridges",
    "brokerage_roles",
    "group_metrics",
    "groups_table",
    "mixing_matrix",
    "type_assortativity",
    "louvain",
    "detect_communities",
]
