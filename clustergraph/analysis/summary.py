"""Descriptive summary of an ecosystem graph: who is in it and how it is linked.

Used by ``clustergraph validate``/``summary`` and by the report's headline figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from ..graph import actor_table, actors_only, drop_self_loops, graph_figures
from ..schema import ACTOR_TYPES, SCOPES


@dataclass
class Summary:
    """Headline figures and the small tables behind them."""

    figures: dict = field(default_factory=dict)
    actors_by_region: pd.DataFrame = None
    links_by_type: pd.DataFrame = None
    links_by_scope: pd.DataFrame = None
    isolated: pd.DataFrame = None


def summarise(G: nx.Graph) -> Summary:
    """Count actors by type and region, links by type and scope, and components.

    Parameters
    ----------
    G : networkx.Graph
        An ecosystem graph (see :func:`clustergraph.graph.build_graph`).

    Returns
    -------
    Summary
        ``figures``: n_actors, n_links, n_regions, n_countries, density,
        components, largest_component_share, isolated, actors_without_region.
        ``actors_by_region``: actors per region (rows, plus "Total") and type
        (columns, plus "total"). ``links_by_type``: edges carrying each link
        type (an edge merged from links of several types counts under each).
        ``links_by_scope``: edges per scope ("unknown" when it cannot be
        derived). ``isolated``: actors without any link.
        With hub projects (``--hub-above``) the tables count actors and the links between them;
        the figures are :func:`~clustergraph.graph.graph_figures` (``hub_projects``, ``hub_links``).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("a", type="firm", region="X"); G.add_node("b", type="vet", region="X")
    >>> summarise(G).figures["isolated"]
    2
    """
    G = drop_self_loops(G)
    A = actors_only(G)  # hub projects (--hub-above) are not actors: figures count them apart
    n = A.number_of_nodes()
    nodes = actor_table(A, ("id", "name", "type", "region", "country"))
    nodes["name"] = nodes["name"].where(nodes["name"].notna(), nodes["id"])
    nodes["region"] = nodes["region"].where(nodes["region"].notna(), "(none)")
    by_region = (
        pd.crosstab(nodes["region"], pd.Categorical(nodes["type"], categories=ACTOR_TYPES), dropna=False)
        if n
        else pd.DataFrame(columns=list(ACTOR_TYPES))
    )
    by_region.columns = [str(c) for c in by_region.columns]
    by_region.index.name = "region"
    by_region["total"] = by_region.sum(axis=1)
    by_region.loc["Total"] = by_region.sum(axis=0)
    by_region = by_region.astype(int)

    type_counts: dict[str, int] = {}
    scope_counts = {s: 0 for s in SCOPES}
    for _, _, d in A.edges(data=True):
        for t in d.get("types") or ["(no type)"]:
            type_counts[t] = type_counts.get(t, 0) + 1
        s = d.get("scope", "unknown")
        scope_counts[s] = scope_counts.get(s, 0) + 1
    links_by_type = pd.DataFrame(
        sorted(type_counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["link type", "links"]
    )
    links_by_scope = pd.DataFrame(
        [(s, c) for s, c in scope_counts.items() if c or s in SCOPES], columns=["scope", "links"]
    )
    isolated = nodes[nodes["id"].isin([v for v in G if G.degree(v) == 0])][["id", "name", "type", "region"]]
    figures = graph_figures(G)
    figures["n_regions"] = int(nodes["region"].replace("(none)", pd.NA).nunique())
    figures["n_countries"] = int(nodes["country"].nunique())
    figures["actors_without_region"] = int((nodes["region"] == "(none)").sum())
    return Summary(figures, by_region, links_by_type, links_by_scope, isolated.reset_index(drop=True))
