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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from .._callable import make_module_callable
from ..errors import InputError
from ..formatting import json_value
from ..graph import IDENTITY_COLUMNS, actor_table, drop_self_loops, graph_figures
from ..schema import ACTOR_TYPES
from .brokerage import brokerage_roles
from .centrality import COLUMNS as CENTRALITY_COLUMNS
from .centrality import STEPS as CENTRALITY_STEPS
from .centrality import centrality
from .communities import detect as detect_communities
from .communities import louvain
from .critical_mass import group_metrics, groups_table, mixing_matrix, type_assortativity
from .structural_holes import COLUMNS as STRUCTURAL_HOLE_COLUMNS
from .structural_holes import bridges, structural_holes

__all__ = [
    "MetricsResult",
    "compute",
    "column_definitions",
    "COLUMN_DEFINITIONS",
    "steps_total",
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

#: Actor attributes that open the actors table (missing ones are left empty).
_ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")
#: Brokerage columns of the actors table: role counts, their total, then z-scores.
BROKERAGE_COLUMNS: tuple[str, ...] = (*_ROLES, "brokerage_total", *(f"{r}_z" for r in _ROLES), "brokerage_total_z")
#: Every column of :attr:`MetricsResult.actors`, in order.
ACTOR_COLUMNS: tuple[str, ...] = (
    *IDENTITY_COLUMNS,
    *CENTRALITY_COLUMNS,
    *BROKERAGE_COLUMNS,
    *STRUCTURAL_HOLE_COLUMNS,
    "community",
)
_ROLE_PATTERN = {
    "coordinator": "a, v and c all in one group",
    "itinerant": "a and c in one group, the broker v in another",
    "representative": "a in v's group, c in another",
    "gatekeeper": "a in another group, c in v's group",
    "liaison": "a, v and c in three different groups",
}
_SAME = None  # directed definition: same text as undirected
#: Column -> (definition for undirected links, definition with ``--directed`` or None when the same).
#: The one source of the definitions written to ``metrics.json`` (``column_definitions``);
#: README's column table says the same (tests/test_reference_cases.py checks its column list).
COLUMN_DEFINITIONS: dict[str, tuple[str, str | None]] = {
    **{c: (f"{c} of the actor, from actors.csv (empty when not given)", _SAME) for c in IDENTITY_COLUMNS},
    "degree": (
        "number of links (= distinct partners)",
        "number of arcs, incoming plus outgoing (a partner linked both ways counts twice)",
    ),
    "weighted_degree": (
        "sum of the weights of the actor's links (repeated links merged, weights summed)",
        "sum of the weights of its incoming and outgoing arcs",
    ),
    **{
        f"deg_{t}": (f"number of distinct partners of type {t}, links read in either direction", _SAME)
        for t in ACTOR_TYPES
    },
    "betweenness": (
        "share of shortest paths between two other actors that pass through the actor (Freeman 1977; "
        "Brandes 2001): sum over pairs of the share of their shortest paths through it, divided by "
        "(n-1)(n-2)/2 (networkx betweenness_centrality); unweighted; estimated from sampled sources when "
        "'approximations' lists it",
        "share of shortest paths (following the arcs) between two other actors that pass through the actor "
        "(Freeman 1977; Brandes 2001), over ordered pairs, divided by (n-1)(n-2) (networkx "
        "betweenness_centrality); unweighted; estimated from sampled sources when 'approximations' lists it",
    ),
    "closeness": (
        "(r-1)/(n-1) * (r-1)/sum d: inverse mean distance to the r-1 actors it reaches times the share of "
        "actors it reaches (Wasserman & Faust 1994; networkx closeness_centrality); 0 when isolated; "
        "unweighted",
        "(r-1)/(n-1) * (r-1)/sum d over the r-1 actors that reach it, d the distance from them to the "
        "actor along the arcs (Wasserman & Faust 1994; networkx closeness_centrality); unweighted",
    ),
    "harmonic": (
        "sum of 1/d over the other actors, not normalised (Marchiori & Latora 2000); unweighted",
        "sum of 1/d(u, actor) over the other actors u, distances along the arcs; not normalised",
    ),
    "eigenvector": (
        "leading eigenvector of the weighted adjacency matrix (Bonacich 1987), per connected component, "
        "each component's vector scaled to Euclidean norm sqrt(size/n); networkx "
        "eigenvector_centrality_numpy on a connected graph",
        "leading eigenvector of the symmetrised weights W + W^T (the undirected view: arcs read in either "
        "direction, a pair linked both ways adds both weights), per weak component, norm sqrt(size/n)",
    ),
    "pagerank": (
        "PageRank, damping 0.85 (Brin & Page 1998): a walker follows a link with probability proportional "
        "to its weight, or jumps to a random actor; actors without links jump uniformly; converged to "
        "1e-10 (igraph PRPACK)",
        "PageRank, damping 0.85 (Brin & Page 1998): a walker follows an outgoing arc with probability "
        "proportional to its weight, or jumps to a random actor; actors without outgoing arcs jump "
        "uniformly; converged to 1e-10 (igraph PRPACK)",
    ),
    "core_number": (
        "largest k such that the actor is in the k-core, the largest subgraph where every actor has k "
        "links (Seidman 1983)",
        "largest k such that the actor is in the k-core, counting incoming plus outgoing arcs as degree "
        "(Seidman 1983; networkx core_number)",
    ),
    "clustering": (
        "share of pairs of partners that are linked themselves, 0 below two partners (Watts & Strogatz "
        "1998); unweighted",
        "share of pairs of partners that are linked themselves, partners and links read in either "
        "direction (the undirected view; not networkx's directed clustering), 0 below two partners "
        "(Watts & Strogatz 1998); unweighted",
    ),
    **{
        role: (
            f"brokered two-paths a-v-c (no link a-c) where {pattern} (Gould & Fernandez 1989; groups = actor "
            "type or --brokerage-by); each pair counted in both orders, so gatekeeper = representative",
            f"brokered two-paths a->v->c (no arc a->c) where {pattern} (Gould & Fernandez 1989; R sna::brokerage)",
        )
        for role, pattern in _ROLE_PATTERN.items()
    },
    "brokerage_total": ("sum of the five brokerage roles", _SAME),
    **{
        f"{role}_z": (
            f"(count - E) / sqrt(V) of {role}, E and V under the undirected random graph at the observed "
            "density (each pair linked independently; derivation in clustergraph.metrics.brokerage); "
            "empty when V = 0",
            f"(count - E) / sqrt(V) of {role}, E and V of R sna::brokerage (each arc present independently "
            "at the observed density); empty when V = 0",
        )
        for role in (*_ROLES, "brokerage_total")
    },
    "effective_size": (
        "Burt's effective size: contacts minus their redundancy, n - 2t/n with n contacts and t links "
        "among them (Borgatti 1997); unweighted; empty when isolated",
        "Burt's effective size sum_j (1 - sum_q p_iq m_jq) over contacts linked either way, tie strength "
        "a_ij + a_ji (a tie both ways counts 2; Burt 1992, networkx effective_size); empty when isolated",
    ),
    "efficiency": ("effective_size / number of contacts", _SAME),
    "constraint": (
        "Burt's constraint sum_j (p_ij + sum_q p_iq p_qj)^2 with p_ij = 1/n for n contacts (Burt 1992): "
        "low = spans structural holes; unweighted; empty when isolated",
        "Burt's constraint with p_ij = (a_ij + a_ji) / sum_k (a_ik + a_ki), a tie both ways weighing 2; "
        "empty when isolated",
    ),
    "hierarchy": (
        "Burt's hierarchy sum_j r_j ln r_j / (n ln n), r_j = c_ij / (C/n): 0 when the constraint is spread "
        "evenly; empty below 2 contacts",
        _SAME,
    ),
    "is_articulation_point": (
        "True when removing the actor splits its component",
        "True when removing the actor splits its weak component (arcs read in either direction)",
    ),
    "community": (
        "Louvain community on link weights (Blondel et al. 2008; fixed seed), 0 = largest",
        "Louvain community maximising directed modularity (networkx louvain_communities), 0 = largest",
    ),
}


def column_definitions(directed: bool = False) -> dict[str, str]:
    """What each column of :attr:`MetricsResult.actors` holds, for undirected or directed links.

    >>> "undirected view" in column_definitions(True)["clustering"]
    True
    >>> list(column_definitions()) == list(ACTOR_COLUMNS)
    True
    """
    out = {}
    for col in ACTOR_COLUMNS:
        undirected_text, directed_text = COLUMN_DEFINITIONS[col]
        out[col] = directed_text if directed and directed_text else undirected_text
    return out


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
        Seed of the centrality sample and of the communities (Leiden).
    progress : callable, optional
        Called with the name of each step before it runs (:func:`steps_total`
        steps in all); the CLI draws its progress bar from it.
    k : int, optional
        Sample size for sampled centralities.
    max_seconds : float, optional
        Time budget of betweenness (default: 5 s at 10,000 actors, 23 s at 100,000) (see :func:`~clustergraph.metrics.centrality.centrality`):
        the engine is chosen by its estimated cost on this graph; an estimate that cannot
        meet its target error within the budget is cut to it, its wider error stated and
        logged. Recorded, with the engine, as ``summary["betweenness_engine"]``.
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

    G = check_graph(G)
    by = tuple(by)
    if not by:
        raise InputError("compute: give at least one grouping in 'by'")
    step = progress or _no_progress
    G = drop_self_loops(G)
    nodes = list(G)
    cent = centrality(G, exact=exact, k=k, seed=seed, progress=step, max_seconds=max_seconds)
    step("brokerage roles")
    brok = brokerage_roles(G, attribute=brokerage_attribute).rename(
        columns={"total": "brokerage_total", "total_z": "brokerage_total_z"}
    )
    step("structural holes")
    holes = structural_holes(G, weight="weight" if weighted else None)
    cut_links = bridges(G)
    step("communities")
    communities, modularity, community_method = detect_communities(G, seed=seed)
    step("mixing and assortativity")
    mixing = mixing_matrix(G, attribute="type")
    assort = type_assortativity(G, mixing)
    groups = groups_table(G, by, communities, core=cent["core_number"].to_numpy(), progress=step)

    identity = actor_table(G, IDENTITY_COLUMNS)
    identity.index = pd.Index(nodes, name="id")
    actors = pd.concat([identity, cent, brok.reindex(nodes), holes], axis=1)
    actors["community"] = pd.array([communities.get(v) for v in nodes], dtype="Int64")
    actors = actors[list(ACTOR_COLUMNS)].reset_index(drop=True)

    summary = _summary(G, actors, cut_links, modularity, assort, communities)
    summary.update(
        brokerage_attribute=brokerage_attribute,
        seed=seed,
        community_method=community_method,
        approximations=cent.attrs.get("approximations", {}),
        betweenness_engine=cent.attrs.get("betweenness_plan", {}),
        structural_holes_weighted=bool(weighted),
    )
    return MetricsResult(actors=actors, groups=groups, mixing=mixing, bridges=cut_links, summary=summary)


def _summary(G, actors, cut_links, modularity, assort, communities) -> dict:
    f = graph_figures(G)
    n = f["n_actors"]
    return {
        "n_actors": n,
        "n_links": f["n_links"],
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


make_module_callable(__name__, "compute")
