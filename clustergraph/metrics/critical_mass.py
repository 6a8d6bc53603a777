"""Critical mass per group of actors, type mixing and type assortativity.

The cluster-policy argument is that collaboration works when a group (a
region, a sector, a community) holds *enough actors of each kind working
together*. :func:`group_metrics` measures that per group; :func:`mixing_matrix`
and :func:`type_assortativity` show how the types link across the whole
ecosystem.

Conventions shared by the functions here:

- nodes lacking the grouping attribute form the group ``"(none)"``;
- self-loops are ignored;
- in a directed graph every arc is one link; connectivity is weak (direction
  ignored) and a "neighbour" is a predecessor or a successor.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..errors import InputError
from ..schema import ACTOR_TYPES, EDUCATION_TYPES, RESEARCH_TYPES
from ._sparse import edge_arrays
from .brokerage import NO_GROUP

#: Helices of the triple helix and the actor types in each (a university is in two;
#: cluster organisations are in none).
HELICES: dict[str, frozenset[str]] = {
    "industry": frozenset({"firm"}),
    "education": frozenset(EDUCATION_TYPES),
    "research": frozenset(RESEARCH_TYPES),
    "government": frozenset({"government"}),
}

#: Columns of :func:`group_metrics`, in order.
GROUP_COLUMNS: tuple[str, ...] = (
    "group",
    "n_actors",
    *(f"n_{t}" for t in ACTOR_TYPES),
    "links_internal",
    "links_external",
    "density",
    "lcc_share",
    "mean_core",
    "shannon_diversity",
    "blau_index",
    "helix_complete",
    "firms_with_education_share",
    "ei_index",
)

_STANDARD_BY = ("region", "type", "sector", "country", "community", "region-type")


def _sort_key(label):
    return (1, str(label)) if isinstance(label, str) else (0, label)


def _labels(G: nx.Graph, nodes: list, by: str, communities: Mapping | None) -> list:
    data = G.nodes
    if by == "community":
        if communities is None:
            raise InputError(
                "grouping by community needs the communities "
                "(node -> community number), e.g. from metrics.communities.louvain"
            )
        return [communities.get(v, NO_GROUP) for v in nodes]
    if by == "region-type":
        return [f"{data[v].get('region', NO_GROUP)} / {data[v].get('type', NO_GROUP)}" for v in nodes]
    return [data[v].get(by, NO_GROUP) for v in nodes]


def _any_per_group(group_of_item: np.ndarray, flag: np.ndarray, k: int) -> np.ndarray:
    return np.bincount(group_of_item[flag], minlength=k) > 0


def _type_flags(tcode: np.ndarray, types) -> np.ndarray:
    """Per actor: is its type (code in ACTOR_TYPES, -1 unknown) one of ``types``?"""
    table = np.array([t in types for t in ACTOR_TYPES] + [False])  # index -1: unknown type
    return table[tcode]


@dataclass(frozen=True)
class _Ecosystem:
    """Arrays every grouping of the critical-mass table shares (computed once per graph)."""

    nodes: list
    tcode: np.ndarray  # index in ACTOR_TYPES per actor, -1 for a missing/unknown type
    u: np.ndarray  # link ends, self-loops left out
    v: np.ndarray
    core: np.ndarray  # k-core number per actor
    member: dict  # helix -> actor is in it
    other: dict  # helix -> actor is in another helix
    has_edu: np.ndarray  # actor has a vet or university neighbour


def _ecosystem(G: nx.Graph, core=None) -> _Ecosystem:
    nodes = list(G.nodes)
    n = len(nodes)
    u, v, _ = edge_arrays(G, nodes)
    tcode = np.fromiter(
        (ACTOR_TYPES.index(t) if t in ACTOR_TYPES else -1 for t in (G.nodes[x].get("type") for x in nodes)),
        dtype=np.int64,
        count=n,
    )
    if core is None:
        H = G
        if nx.number_of_selfloops(G):
            H = G.copy()
            H.remove_edges_from(list(nx.selfloop_edges(H)))
        cn = nx.core_number(H)
        core = np.fromiter((cn[x] for x in nodes), dtype=np.float64, count=n)
    member = {h: _type_flags(tcode, ts) for h, ts in HELICES.items()}
    other = {h: _type_flags(tcode, set().union(*(ts for h2, ts in HELICES.items() if h2 != h))) for h in HELICES}
    is_edu = _type_flags(tcode, EDUCATION_TYPES)
    has_edu = np.zeros(n, dtype=bool)
    has_edu[u[is_edu[v]]] = True
    has_edu[v[is_edu[u]]] = True
    return _Ecosystem(nodes, tcode, u, v, np.asarray(core, dtype=np.float64), member, other, has_edu)


def group_metrics(G: nx.Graph, by: str = "region", communities: Mapping[Hashable, int] | None = None) -> pd.DataFrame:
    """Critical-mass indicators for each group of actors.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem.
    by : str
        ``"region"``, ``"type"``, ``"sector"``, ``"country"``, ``"community"``
        (needs ``communities``), ``"region-type"`` (groups named
        ``"<region> / <type>"``) or any other node attribute name. Nodes lacking
        the attribute form the group ``"(none)"``.
    communities : mapping, optional
        Node -> community number, for ``by="community"`` (see
        :func:`clustergraph.metrics.communities.louvain`).

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by group name (numbers before text), columns:

        - ``group``: the group's name;
        - ``n_actors``: actors in the group;
        - ``n_firm`` ... ``n_other``: actors of each of the seven types;
        - ``links_internal``: links with both ends in the group;
        - ``links_external``: links with exactly one end in the group;
        - ``density``: ``links_internal`` over the possible pairs,
          ``n (n-1) / 2`` (``n (n-1)`` if directed); NaN below 2 actors;
        - ``lcc_share``: size of the largest connected component of the
          subgraph induced by the group, over ``n_actors``;
        - ``mean_core``: mean k-core number (whole graph) of the members;
        - ``shannon_diversity``: ``-sum p_t ln p_t`` over the seven types,
          ``p_t`` the type shares of the members (0 = one type only,
          ``ln 7`` = all seven equally);
        - ``blau_index``: ``1 - sum p_t^2`` (chance that two members drawn
          with replacement differ in type);
        - ``helix_complete``: True when the group has a firm, an education
          actor (vet or university), a research actor (rto or university) and
          a government actor, *and* each of these four helices has a member
          linked inside the group to a member of another helix (cluster
          organisations and ``other`` actors belong to none of these four, so a link to them does not count);
        - ``firms_with_education_share``: share of the group's firms with at
          least one vet or university neighbour anywhere in the graph (NaN
          without firms);
        - ``ei_index``: Krackhardt-Stern E-I index over actor types,
          ``(E - I) / (E + I)`` where, among the links with at least one end in
          the group (each counted once), ``E`` join actors of different types
          and ``I`` of the same type; -1 = members only tie to their own type,
          +1 = only across types; NaN without links. With ``by="type"`` it is
          the classic E-I index of each type.

    Examples
    --------
    >>> G = nx.Graph([("f", "v")])
    >>> nx.set_node_attributes(G, {"f": "firm", "v": "vet"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> row = group_metrics(G).iloc[0]
    >>> row["group"], int(row["n_actors"]), float(row["density"]), float(row["ei_index"])
    ('North', 2, 1.0, 1.0)

    References
    ----------
    Krackhardt, D. and Stern, R.N. (1988). Informal networks and organizational
    crises: an experimental simulation. Social Psychology Quarterly 51(2): 123-140.
    Blau, P.M. (1977). Inequality and Heterogeneity. Free Press.
    Shannon, C.E. (1948). A mathematical theory of communication. Bell System
    Technical Journal 27: 379-423.
    Seidman, S.B. (1983). Network structure and minimum degree. Social Networks 5: 269-287.
    """
    return _group_table(G, _ecosystem(G), by, communities)


def groups_table(
    G: nx.Graph,
    by: Sequence[str],
    communities: Mapping[Hashable, int] | None = None,
    core=None,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """:func:`group_metrics` for several groupings, in one long table.

    The work that does not depend on the grouping (link arrays, k-core
    numbers, helix memberships) is done once.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem.
    by : sequence of str
        Groupings, each as for :func:`group_metrics`.
    communities : mapping, optional
        Node -> community number, needed for ``"community"``.
    core : array-like, optional
        k-core numbers of the actors in ``G``'s node order when already
        computed (e.g. the ``core_number`` column of
        :func:`~clustergraph.metrics.centrality.centrality`).
    progress : callable, optional
        Called with ``"critical mass by <grouping>"`` before each grouping.

    Returns
    -------
    pandas.DataFrame
        Column ``by`` (the grouping) then :data:`GROUP_COLUMNS`, the groupings
        in the order given.

    Examples
    --------
    >>> G = nx.Graph([("f", "v")])
    >>> nx.set_node_attributes(G, {"f": "firm", "v": "vet"}, "type")
    >>> groups_table(G, by=("type",))[["by", "group", "n_actors"]].values.tolist()
    [['type', 'firm', 1], ['type', 'vet', 1]]
    """
    eco = _ecosystem(G, core)
    frames = []
    for grouping in by:
        if progress is not None:
            progress(f"critical mass by {grouping}")
        table = _group_table(G, eco, grouping, communities)
        table.insert(0, "by", grouping)
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["by", *GROUP_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def _group_table(G: nx.Graph, eco: _Ecosystem, by: str, communities: Mapping | None) -> pd.DataFrame:
    nodes, tcode, u, v = eco.nodes, eco.tcode, eco.u, eco.v
    n = len(nodes)
    labels = _labels(G, nodes, by, communities)
    groups = sorted(set(labels), key=_sort_key)
    k = len(groups)
    gidx = {g: i for i, g in enumerate(groups)}
    code = np.fromiter((gidx[lab] for lab in labels), dtype=np.int64, count=n)
    directed = G.is_directed()

    size = np.bincount(code, minlength=k)
    typed = tcode >= 0
    by_type = np.zeros((k, len(ACTOR_TYPES)), dtype=np.int64)
    np.add.at(by_type, (code[typed], tcode[typed]), 1)

    inside = code[u] == code[v]
    internal = np.bincount(code[u][inside], minlength=k)
    external = np.bincount(code[u][~inside], minlength=k) + np.bincount(code[v][~inside], minlength=k)
    pairs = size * (size - 1) / (1 if directed else 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.where(size >= 2, internal / np.where(pairs > 0, pairs, 1), np.nan)

    # Largest component of each induced subgraph: components of the graph of
    # internal links never cross groups.
    adj = sp.coo_matrix((np.ones(int(inside.sum())), (u[inside], v[inside])), shape=(n, n))
    _, comp = connected_components(adj, directed=True, connection="weak")
    comp_size = np.bincount(comp)
    largest = np.zeros(k, dtype=np.int64)
    np.maximum.at(largest, code, comp_size[comp])

    core_sum = np.bincount(code, weights=eco.core, minlength=k)

    n_typed = by_type.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = by_type / n_typed
        plogp = np.where(by_type > 0, p * np.log(np.where(by_type > 0, p, 1.0)), 0.0)
        shannon = np.where(n_typed[:, 0] > 0, -plogp.sum(axis=1), np.nan) + 0.0
        blau = np.where(n_typed[:, 0] > 0, 1 - (p**2).sum(axis=1), np.nan)

    # Helices: presence, and a cross-helix link inside the group.
    complete = np.ones(k, dtype=bool)
    ui, vi = u[inside], v[inside]
    for h in HELICES:
        member, other = eco.member[h], eco.other[h]
        present = _any_per_group(code, member, k)
        linked = (member[ui] & other[vi]) | (member[vi] & other[ui])
        complete &= present & _any_per_group(code[ui], linked, k)

    # Firms with an education neighbour anywhere.
    is_firm = tcode == ACTOR_TYPES.index("firm")
    firms = np.bincount(code[is_firm], minlength=k)
    firms_edu = np.bincount(code[is_firm & eco.has_edu], minlength=k)

    # E-I over types: each link with >= 1 end in the group counted once for it.
    both_typed = (tcode[u] >= 0) & (tcode[v] >= 0)
    cross = tcode[u] != tcode[v]
    ext = np.zeros(k)
    intl = np.zeros(k)
    for flag, acc in ((both_typed & cross, ext), (both_typed & ~cross, intl)):
        acc += np.bincount(code[u][flag], minlength=k)
        acc += np.bincount(code[v][flag & ~inside], minlength=k)

    with np.errstate(divide="ignore", invalid="ignore"):
        lcc_share = np.where(size > 0, largest / size, np.nan)
        mean_core = core_sum / size
        edu_share = np.where(firms > 0, firms_edu / np.where(firms > 0, firms, 1), np.nan)
        ei = np.where(ext + intl > 0, (ext - intl) / (ext + intl), np.nan)

    out = pd.DataFrame(
        {
            "group": pd.Series(groups, dtype=object),
            "n_actors": size.astype(np.int64),
            **{f"n_{t}": by_type[:, j] for j, t in enumerate(ACTOR_TYPES)},
            "links_internal": internal.astype(np.int64),
            "links_external": external.astype(np.int64),
            "density": density,
            "lcc_share": lcc_share,
            "mean_core": mean_core,
            "shannon_diversity": shannon,
            "blau_index": blau,
            "helix_complete": complete,
            "firms_with_education_share": edu_share,
            "ei_index": ei,
        }
    )
    return out[list(GROUP_COLUMNS)]


def _categories(G: nx.Graph, attribute: str) -> tuple[list, list]:
    values = [G.nodes[v].get(attribute, NO_GROUP) for v in G]
    present = set(values)
    if attribute == "type":
        cats = list(ACTOR_TYPES) + sorted((present - set(ACTOR_TYPES) - {NO_GROUP}), key=str)
    else:
        cats = sorted(present - {NO_GROUP}, key=_sort_key)
    if NO_GROUP in present:
        cats.append(NO_GROUP)
    return values, cats


def mixing_matrix(G: nx.Graph, attribute: str = "type", weight: str | None = None) -> pd.DataFrame:
    """Links between each pair of attribute values (the type-mixing matrix).

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem.
    attribute : str
        Node attribute (default ``type``). For ``type`` rows and columns are the
        seven :data:`clustergraph.schema.ACTOR_TYPES` in order (always all seven);
        otherwise the values found, sorted. ``"(none)"`` is added last when
        some node lacks the attribute.
    weight : str or None
        Edge attribute to sum instead of counting links (missing values count 1).

    Returns
    -------
    pandas.DataFrame
        Square matrix, index and columns named ``attribute``. Undirected: entry
        ``[s, t]`` is the number (or weight) of links between an ``s`` and a
        ``t`` actor, so the matrix is symmetric and a link between two firms is
        counted once, on the diagonal. Directed: ``[s, t]`` counts arcs from
        ``s`` to ``t``. Self-loops are ignored. (networkx's
        ``attribute_mixing_matrix`` counts undirected links twice on the
        diagonal and has no weights, hence this function.)

    Examples
    --------
    >>> G = nx.Graph([("f1", "f2"), ("f1", "v")])
    >>> nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "v": "vet"}, "type")
    >>> M = mixing_matrix(G)
    >>> int(M.loc["firm", "firm"]), int(M.loc["firm", "vet"]), int(M.loc["vet", "firm"])
    (1, 1, 1)

    References
    ----------
    Newman, M.E.J. (2003). Mixing patterns in networks. Physical Review E 67:
    026126.
    """
    values, cats = _categories(G, attribute)
    cidx = {c: i for i, c in enumerate(cats)}
    of = np.array([cidx[val] for val in values], dtype=np.int64)
    kcat = len(cats)
    u, v, w = edge_arrays(G, list(G), weight)
    r, c = of[u], of[v]
    M = np.zeros((kcat, kcat))
    np.add.at(M, (r, c), w)
    if not G.is_directed():
        off = r != c
        np.add.at(M, (c[off], r[off]), w[off])
    if weight is None:
        M = M.astype(np.int64)
    return pd.DataFrame(M, index=pd.Index(cats, name=attribute), columns=pd.Index(cats, name=attribute))


def type_assortativity(G: nx.Graph, mixing: pd.DataFrame | None = None) -> float:
    """Attribute assortativity coefficient of the actor type.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem. Nodes without a type count as type ``"(none)"``;
        self-loops are ignored.
    mixing : DataFrame, optional
        ``mixing_matrix(G, "type")`` when already computed; the coefficient is
        read from it (computed when not given).

    Returns
    -------
    float
        Newman's ``r = (sum_i e_ii - sum_i a_i b_i) / (1 - sum_i a_i b_i)``: 1 when
        links only join actors of the same type, negative when they join
        different types more than random mixing would, 0 at random mixing.
        NaN when there are no links or all linked actors share one type.
        Equal to networkx's ``attribute_assortativity_coefficient(G, "type")``
        (``e`` is the type mixing matrix with an undirected link counted in
        both directions, normalised to sum 1; ``a``, ``b`` its row and column
        sums).

    Examples
    --------
    >>> G = nx.Graph([("f1", "v"), ("v", "f2")])
    >>> nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "v": "vet"}, "type")
    >>> type_assortativity(G)
    -1.0

    References
    ----------
    Newman, M.E.J. (2003). Mixing patterns in networks. Physical Review E 67:
    026126.
    """
    M = mixing_matrix(G, attribute="type") if mixing is None else mixing
    e = M.to_numpy(dtype=float)
    if not G.is_directed():
        e = e + np.diag(np.diag(e))  # a link inside a type runs both ways, as the others do
    total = e.sum()
    if total == 0:
        return math.nan
    e = e / total
    ab = float(e.sum(axis=1) @ e.sum(axis=0))
    if ab == 1.0:  # all linked actors share one type: 0 / 0
        return math.nan
    return (float(np.trace(e)) - ab) / (1.0 - ab)
