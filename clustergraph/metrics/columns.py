"""The columns of the actors table (:data:`ACTOR_COLUMNS`) and what each one holds
(:func:`column_definitions`, the text the CSV dictionary and the workbook's definitions sheet show)."""

from __future__ import annotations

from ..graph import IDENTITY_COLUMNS
from ..schema import ACTOR_TYPES
from .centrality import COLUMNS as CENTRALITY_COLUMNS
from .structural_holes import COLUMNS as STRUCTURAL_HOLE_COLUMNS

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
