"""clustergraph: map the stakeholder network of an industrial cluster.

Load two tables (actors, links) into a NetworkX graph, measure brokerage and
critical mass, find missing education partners, and export offline maps,
reports and metric tables.
"""

__version__ = "0.1.0"
