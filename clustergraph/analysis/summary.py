"""Descriptive summary of an ecosystem: who is in it and how it is linked.

Used by ``clustergraph validate``/``summary`` and by the report's headline figures. Two entry
points give the same :class:`Summary`: :func:`summarise` from a graph, :func:`summarise_tables`
from the validated actor and link tables (no networkx graph: what ``validate`` of a big file uses).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from ..graph import (
    MergedLinks,
    _present_mask,
    actor_table,
    actors_only,
    drop_self_loops,
    edge_scope_codes,
    graph_figures,
    link_type_codes,
    merge_links,
    warn_self_loops,
)
from ..schema import ACTOR_TYPES, SCOPES

#: The actor columns the summary reads.
_COLUMNS = ("id", "name", "type", "region", "country")


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

    See Also
    --------
    summarise_tables : the same summary from the validated tables, without building ``G``.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("a", type="firm", region="X"); G.add_node("b", type="vet", region="X")
    >>> summarise(G).figures["isolated"]
    2
    """
    G = drop_self_loops(G)
    A = actors_only(G)  # hub projects (--hub-above) are not actors: figures count them apart
    nodes = actor_table(A, _COLUMNS)
    type_counts: dict[str, int] = {}
    scope_counts = {s: 0 for s in SCOPES}
    for _, _, d in A.edges(data=True):
        for t in d.get("types") or ["(no type)"]:
            type_counts[t] = type_counts.get(t, 0) + 1
        s = d.get("scope", "unknown")
        scope_counts[s] = scope_counts.get(s, 0) + 1
    isolated = nodes["id"].isin([v for v in G if G.degree(v) == 0]).to_numpy()
    return _summary(nodes, graph_figures(G), type_counts, scope_counts, isolated)


def summarise_tables(
    actors: pd.DataFrame, links: pd.DataFrame, *, directed: bool = False, merged: MergedLinks | None = None
) -> Summary:
    """:func:`summarise` of :func:`~clustergraph.graph.build_graph` ``(actors, links)``, computed
    from the tables with arrays, without building the networkx graph.

    Links are merged exactly as the graph merges them (:func:`~clustergraph.graph.merge_links`:
    one edge per pair of actors, per ordered pair when ``directed``; types, scopes and counts per
    edge); self-loops are left out with the warning of :func:`~clustergraph.graph.drop_self_loops`.
    Components are those of :func:`scipy.sparse.csgraph.connected_components` on the actors'
    integer codes (weak components when ``directed``). Endpoints that are no actor become nodes
    without attributes, as in the graph.

    What needs the graph stays with :func:`summarise`: hub projects (``--hub-above``: the figures
    count hubs apart, see :func:`~clustergraph.graph.graph_figures`) and the skills table
    (:func:`clustergraph.analysis.skills.analyse_skills` reads links through the graph);
    :meth:`clustergraph.io.loading.LoadedTables.needs_graph` says when.

    Parameters
    ----------
    actors, links : DataFrame
        The validated tables (:func:`clustergraph.io.read_inputs` or
        :func:`clustergraph.io.loading.load_tables`).
    directed : bool
        Links read as ``source -> target``, as ``build_graph(directed=True)``.
    merged : MergedLinks, optional
        :func:`~clustergraph.graph.merge_links` of the actor ids and ``links`` when already computed.

    Returns
    -------
    Summary
        The figures and frames of :func:`summarise` (the same values, keys and dtypes).

    Examples
    --------
    >>> a = pd.DataFrame({"id": ["1", "2", "3"], "name": ["A", "B", "C"], "type": ["firm", "vet", "firm"]})
    >>> l = pd.DataFrame({"source": ["1", "2"], "target": ["2", "1"]})
    >>> f = summarise_tables(a, l).figures
    >>> f["n_links"], f["components"], f["isolated"]
    (1, 2, 1)
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    ids = [str(x) for x in actors["id"].tolist()]
    if merged is None:
        merged = merge_links(ids, links, directed=directed)
    extra = len(merged.nodes) - len(ids)  # endpoints that are no actor: nodes without attributes
    data: dict[str, list] = {"id": list(merged.nodes)}
    for col in _COLUMNS[1:]:
        if col in actors:
            values, mask = actors[col].tolist(), _present_mask(actors[col])
            cells = values if mask.all() else [v if m else None for v, m in zip(values, mask.tolist())]
        else:
            cells = [None] * len(ids)
        data[col] = cells + [None] * extra
    nodes = pd.DataFrame(data, columns=list(_COLUMNS))

    n = len(nodes)
    loop = merged.u == merged.v
    if loop.any():
        warn_self_loops([merged.nodes[i] for i in merged.u[loop].tolist()])
    keep = ~loop
    u, v = merged.u[keep], merged.v[keep]
    m = len(u)
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    if n:
        adjacency = coo_matrix((np.ones(m, dtype=np.int8), (u, v)), shape=(n, n))
        n_components, labels = connected_components(adjacency, directed=directed, connection="weak")
        largest = int(np.bincount(labels).max())
    else:
        n_components, largest = 0, 0
    figures = {
        "n_actors": n,
        "n_links": m,
        "density": (m / (n * (n - 1)) * (1 if directed else 2)) if n > 1 else 0.0,
        "components": int(n_components),
        "largest_component_share": largest / n if n else 0.0,
        "isolated": int((degree == 0).sum()),
    }

    edge_kept = np.flatnonzero(keep)
    type_counts: dict[str, int] = {}
    rows, codes, uniques = link_type_codes(links)
    typed = np.zeros(merged.n_edges, dtype=bool)
    if len(rows):
        pairs = pd.unique(merged.edge[rows] * len(uniques) + codes)  # each distinct (edge, type) once
        pair_edge, pair_type = pairs // len(uniques), pairs % len(uniques)
        kept = keep[pair_edge]
        typed[pair_edge] = True
        for t, c in zip(uniques, np.bincount(pair_type[kept], minlength=len(uniques)).tolist()):
            if c:
                type_counts[t] = type_counts.get(t, 0) + c
    untyped = int((~typed[edge_kept]).sum())
    if untyped:
        type_counts["(no type)"] = type_counts.get("(no type)", 0) + untyped

    places = list(zip(data["country"], data["region"]))
    scope = edge_scope_codes(merged, links, places)[edge_kept]
    by_scope = np.bincount(scope + 1, minlength=len(SCOPES) + 1).tolist()  # 0: unknown
    scope_counts = dict(zip(SCOPES, by_scope[1:]))
    if by_scope[0]:
        scope_counts["unknown"] = by_scope[0]
    return _summary(nodes, figures, type_counts, scope_counts, degree == 0)


def _summary(
    nodes: pd.DataFrame, figures: dict, type_counts: dict[str, int], scope_counts: dict[str, int], isolated
) -> Summary:
    """The :class:`Summary` of both entry points from the actors (``nodes``: one row per actor, the
    columns of :data:`_COLUMNS`, None where unknown), the whole-graph ``figures``, the edges per
    link type and per scope, and which actors are isolated (a boolean per row of ``nodes``)."""
    n = len(nodes)
    nodes = nodes.copy()
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
    links_by_type = pd.DataFrame(
        sorted(type_counts.items(), key=lambda kv: (-kv[1], kv[0])), columns=["link type", "links"]
    )
    links_by_scope = pd.DataFrame(
        [(s, c) for s, c in scope_counts.items() if c or s in SCOPES], columns=["scope", "links"]
    )
    isolated_table = nodes[np.asarray(isolated, dtype=bool)][["id", "name", "type", "region"]]
    figures = dict(figures)
    figures["n_regions"] = int(nodes["region"].replace("(none)", pd.NA).nunique())
    figures["n_countries"] = int(nodes["country"].nunique())
    figures["actors_without_region"] = int((nodes["region"] == "(none)").sum())
    return Summary(figures, by_region, links_by_type, links_by_scope, isolated_table.reset_index(drop=True))
