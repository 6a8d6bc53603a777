"""Every metric of the ecosystem in one call: :func:`compute` -> :class:`MetricsResult`.

The families it runs live in their own modules (centrality, brokerage, structural holes,
critical mass, communities); the columns of the actors table in :mod:`.columns`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..formatting import json_value
from ..graph import IDENTITY_COLUMNS, actor_table, actors_only, drop_self_loops, graph_figures, hub_nodes
from ..randomness import check_seed
from .brokerage import brokerage_roles
from .centrality import STEPS as CENTRALITY_STEPS
from .centrality import centrality
from .columns import ACTOR_COLUMNS
from .communities import detect as detect_communities
from .critical_mass import groups_table, mixing_matrix, type_assortativity
from .structural_holes import bridges, structural_holes

#: Default groupings of :func:`compute`.
DEFAULT_BY: tuple[str, ...] = ("region", "type", "sector", "community", "region-type")


@dataclass
class MetricsResult:
    """Everything :func:`compute` measured.

    Attributes
    ----------
    actors : DataFrame
        One row per actor (isolated actors included), columns
        :data:`ACTOR_COLUMNS` in that order.
    groups : DataFrame
        Critical mass per group, long format: column ``by`` (the grouping,
        e.g. ``"region"``) then the columns of
        :func:`~clustergraph.metrics.critical_mass.group_metrics`
        (:func:`~clustergraph.metrics.critical_mass.groups_table`).
    mixing : DataFrame
        Links between each pair of actor types
        (:func:`~clustergraph.metrics.critical_mass.mixing_matrix`).
    bridges : DataFrame
        Links whose loss splits a component (``source``, ``target``).
    summary : dict
        ``n_actors``, ``n_links``, ``directed``, ``density``, ``components``,
        ``isolated``, ``largest_component_share``, ``communities``,
        ``modularity``, ``type_assortativity``, ``articulation_points``,
        ``bridges``, ``brokerage_attribute``, ``seed`` and ``approximations``
        (column -> ``{"method", "k", "seed"}``; empty when all exact).
    """

    actors: pd.DataFrame
    groups: pd.DataFrame
    mixing: pd.DataFrame
    bridges: pd.DataFrame
    summary: dict = field(default_factory=dict)


def _no_progress(name: str) -> None:
    """The default progress callback: does nothing."""


def steps_total(by: Sequence[str] = DEFAULT_BY) -> int:
    """How many times :func:`compute` calls its ``progress`` callback for the groupings ``by``."""
    return len(CENTRALITY_STEPS) + 4 + len(by)


def compute(
    G: nx.Graph,
    by: Sequence[str] = DEFAULT_BY,
    *,
    brokerage_attribute: str = "type",
    exact: bool | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    k: int | None = None,
    weighted: bool = False,
    max_seconds: float | None = None,
) -> MetricsResult:
    """Compute every metric of the ecosystem.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem graph (:func:`clustergraph.load` or
        :func:`clustergraph.graph.build_graph`).
    by : sequence of str
        Groupings of the critical-mass table: ``"region"``, ``"type"``,
        ``"sector"``, ``"country"``, ``"community"``, ``"region-type"`` or any
        actor attribute.
    brokerage_attribute : str
        Actor attribute defining the groups of the brokerage roles (default
        the actor type; ``"region"`` for brokerage between regions).
    exact : bool, optional
        Betweenness/closeness/harmonic: ``True`` exact, ``False`` sampled,
        ``None`` exact up to
        :data:`~clustergraph.metrics.centrality.EXACT_MAX_ACTORS` actors
        (see :func:`~clustergraph.metrics.centrality.centrality`).
    seed : int
        Seed of the centrality sample and of the communities (Leiden); any whole number from 0
        (:func:`clustergraph.randomness.check_seed`: a negative one is a ``ValueError``).
    progress : callable, optional
        Called with the name of each step before it runs (:func:`steps_total`
        steps in all); the CLI draws its progress bar from it.
    k : int, optional
        Sample size for sampled centralities.
    max_seconds : float, optional
        Time budget of betweenness (default: 5 s at 10,000 actors, 23 s at 100,000; see
        :func:`~clustergraph.metrics.centrality.centrality`): the engine is chosen by its
        estimated cost on this graph; an estimate that cannot meet its target error within
        the budget is cut to it, its wider error stated and logged. Recorded, with the
        engine, as ``summary["betweenness_engine"]``.
    weighted : bool
        Constraint, effective size and hierarchy from the links' weights (tie strength) instead of
        0/1 ties; default False (unweighted, as Burt's measures are usually reported for binary
        networks). Recorded as ``summary["structural_holes_weighted"]``.

    Returns
    -------
    MetricsResult

    Examples
    --------
    >>> G = nx.Graph([("f", "v"), ("v", "u")])
    >>> nx.set_node_attributes(G, {"f": "firm", "v": "vet", "u": "university"}, "type")
    >>> r = compute(G, by=("type",))
    >>> int(r.actors.loc[1, "liaison"]), r.summary["n_links"]
    (2, 2)
    """
    from ..graph import check_graph

    seed = check_seed(seed)
    G = check_graph(G)
    by = tuple(by)
    if not by:
        raise InputError("compute: give at least one grouping in 'by'")
    step = progress or _no_progress
    G = drop_self_loops(G)
    A = actors_only(G)  # the graph without hub projects (G itself when it has none)
    nodes = list(A)
    # positions (centrality, structural holes, communities, bridges) on the graph with its hubs;
    # type-based measures (brokerage roles, mixing, critical mass) between actors only (README, Metrics)
    cent = centrality(G, exact=exact, k=k, seed=seed, progress=step, max_seconds=max_seconds)
    step("brokerage roles")
    brok = brokerage_roles(A, attribute=brokerage_attribute).rename(
        columns={"total": "brokerage_total", "total_z": "brokerage_total_z"}
    )
    step("structural holes")
    holes = structural_holes(G, weight="weight" if weighted else None)
    cut_links = bridges(G)
    step("communities")
    communities, modularity, community_method = detect_communities(G, seed=seed)
    cent_attrs = dict(cent.attrs)
    if A is not G:
        cent, holes = cent.loc[nodes], holes.reindex(nodes)
        hubs = set(G) - set(nodes)
        cut_links = cut_links[~(cut_links["source"].isin(hubs) | cut_links["target"].isin(hubs))].reset_index(drop=True)
        communities = {v: c for v, c in communities.items() if v not in hubs}
    step("mixing and assortativity")
    mixing = mixing_matrix(A, attribute="type")
    assort = type_assortativity(A, mixing)
    groups = groups_table(A, by, communities, core=cent["core_number"].to_numpy(), progress=step)

    identity = actor_table(A, IDENTITY_COLUMNS)
    identity.index = pd.Index(nodes, name="id")
    actors = pd.concat([identity, cent, brok.reindex(nodes), holes], axis=1)
    actors["community"] = pd.array([communities.get(v) for v in nodes], dtype="Int64")
    actors = actors[list(ACTOR_COLUMNS)].reset_index(drop=True)

    summary = _summary(G, actors, cut_links, modularity, assort, communities)
    summary.update(
        brokerage_attribute=brokerage_attribute,
        seed=seed,
        community_method=community_method,
        approximations=cent_attrs.get("approximations", {}),
        betweenness_engine=cent_attrs.get("betweenness_plan", {}),
        structural_holes_weighted=bool(weighted),
    )
    summary.update(_hub_summary(G))
    return MetricsResult(actors=actors, groups=groups, mixing=mixing, bridges=cut_links, summary=summary)


def _hub_summary(G: nx.Graph) -> dict:
    """``hub_above`` and ``hub_projects`` (one record per hub: node, project, name, partners) when the
    load asked for hubs (``--hub-above``); {} otherwise."""
    from ..projection import project_data

    pdata = project_data(G)
    if pdata is None or pdata.hub_above is None:
        return {}
    present = set(hub_nodes(G))
    hubs = pdata.hubs
    records = (
        []
        if hubs is None
        else [
            {"node": str(n), "project": str(p), "name": str(name), "partners": int(k)}
            for n, p, name, k in hubs[["node", "project", "name", "partners"]].itertuples(index=False)
            if n in present
        ]
    )
    return {
        "hub_above": int(pdata.hub_above),
        "hub_projects": records,
        "hub_note": "each project of more than hub_above partners is one node (type project) linked to each "
        "partner instead of its partner pairs: components and reachability are those of the pairs; degree, "
        "distances, betweenness, closeness, clustering, structural holes and communities are measured with "
        "the hub (two steps through the project instead of one); hubs are not in the actor tables, critical "
        "mass, mixing or brokerage roles, and their links are not counted in n_links (hub_links)",
    }


def _summary(G, actors, cut_links, modularity, assort, communities) -> dict:
    f = graph_figures(G)
    n = f["n_actors"]
    return {
        "n_actors": n,
        "n_links": f["n_links"],
        **({"hub_links": f["hub_links"]} if "hub_links" in f else {}),
        "directed": G.is_directed(),
        "density": json_value(f["density"]) if n > 1 else None,
        "components": f["components"],
        "isolated": f["isolated"],
        "largest_component_share": json_value(f["largest_component_share"]) if n else None,
        "communities": len(set(communities.values())),
        "modularity": json_value(modularity, 12),
        "type_assortativity": json_value(assort, 12),
        "articulation_points": int(np.asarray(actors["is_articulation_point"], dtype=bool).sum()),
        "bridges": len(cut_links),
    }
