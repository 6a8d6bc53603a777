"""Gap analysis: missing education partners, untapped providers, missing helices, fragile actors.

The first policy step the ECCP discussion paper asks of cluster organisations
is to *broaden participation*: bring VET providers and universities into the
cluster and connect firms, above all SMEs, with them (Wilson 2020). This module
answers the cluster manager's questions "which of my firms have no education
partner?", "which regions, sectors or sub-clusters lack one?" and "who hangs on
a single tie?".

All tests run on the undirected view of the graph: a link is a tie whatever
its direction.

Definitions
-----------
education actor
    An actor of a type in :data:`clustergraph.schema.EDUCATION_TYPES`
    (``vet``, ``university``).
firm without education partner
    A firm with no direct tie to an education actor. ``no_education_within_2``
    is true when no education actor is reachable in two steps either (no
    neighbour of the firm is tied to one).
group without education partner
    A region, sector or community with at least one firm in which no firm has
    a direct education tie.
untapped education actor
    An education actor with no link at all, or with links but none to a firm.
    Reported per region.
missing helix
    A region (or community of at least :data:`MIN_COMMUNITY` actors) without a
    ``government`` actor, without a research actor (``rto`` or ``university``,
    :data:`clustergraph.schema.RESEARCH_TYPES`), or without a ``cluster_org``.
    Sectors are not tested: public bodies rarely carry a sector.
fragile actor
    Let the *main network* be the largest connected component and its *core*
    the largest biconnected component of the main network (ties broken by the
    smallest actor id); a biconnected component stays connected when any one
    of its actors is removed. An actor is fragile when it is

    - ``isolated``: it has no tie;
    - ``detached``: it has ties but is not in the main network;
    - ``pendant``: it is in the main network, outside the core, with exactly
      one tie (its only neighbour is its broker);
    - ``single_broker``: it is in the main network, outside the core, and
      every path from it to the core passes through one other actor (an
      articulation point). The broker named is the nearest such actor: the
      actor's immediate dominator on paths from the core (Cooper, Harvey &
      Kennedy 2001, as implemented by :func:`networkx.immediate_dominators`).

    Every actor of the main network outside the core is ``pendant`` or
    ``single_broker``: outside a biconnected core there is always such a cut
    point.

    A ``pendant`` or ``single_broker`` actor whose broker is a cluster
    organisation is *not* reported as fragile: linking members is what a
    cluster organisation is for, so hanging off it is no risk by itself.
    These actors are counted instead in the cluster organisation's *load*
    (:func:`cluster_org_load`): one line per cluster organisation saying how
    many actors reach the rest of the network only through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx
import pandas as pd

from ..errors import InputError
from ..graph import actors_only, check_region, drop_self_loops, undirected
from ..schema import EDUCATION_TYPES, RESEARCH_TYPES

#: Communities smaller than this are not tested for missing helices or
#: education partners (their actors show up as fragile instead).
MIN_COMMUNITY = 3

#: Column order of each table of a :class:`GapReport`.
FIRM_COLUMNS = ["id", "name", "region", "sector", "size", "no_direct_education", "no_education_within_2", "reason"]
GROUP_COLUMNS = ["by", "group", "n_actors", "n_firms", "n_education", "firms_with_education", "issue", "detail"]
UNTAPPED_COLUMNS = ["id", "name", "type", "region", "sector", "n_links", "n_firm_links", "reason"]
FRAGILE_COLUMNS = ["id", "name", "type", "region", "kind", "broker", "broker_name", "detail"]
LOAD_COLUMNS = ["cluster_org", "name", "region", "n_dependent", "n_pendant", "n_single_broker", "detail"]
CLUSTER_ORG_COLUMNS = ["cluster_org", "kind", "id", "name", "type", "region", "detail"]
LONG_COLUMNS = ["kind", "by", "id", "name", "region", "country", "sector", "detail"]
#: Columns of :func:`region_summary`.
REGION_COLUMNS = [
    "region",
    "n_actors",
    "n_firms",
    "n_firms_without_education",
    "n_education",
    "n_cluster_orgs",
    "best_introductions",
]
#: Identity columns joined onto every actor row of :meth:`GapReport.to_frame`.
PLACE_COLUMNS = ["region", "country", "sector"]

_HELIX = (
    ("no_government", "government", frozenset({"government"})),
    ("no_research", "research organisation (rto or university)", frozenset(RESEARCH_TYPES)),
    ("no_cluster_org", "cluster organisation", frozenset({"cluster_org"})),
)


# --------------------------------------------------------------------------- helpers


def is_education(G: nx.Graph, n) -> bool:
    """True when actor ``n`` is a VET provider or a university."""
    return G.nodes[n].get("type") in EDUCATION_TYPES


def label(G: nx.Graph, n) -> str:
    """``"id (name)"`` for messages; just the id when the name is missing or equal."""
    name = G.nodes[n].get("name")
    return f"{n} ({name})" if name and name != n else str(n)


def education_partners(G: nx.Graph, n) -> list:
    """Sorted education neighbours of ``n`` (undirected view)."""
    U = undirected(G)
    return sorted(m for m in U[n] if is_education(G, m))


# --------------------------------------------------------------------------- report


@dataclass
class GapReport:
    """The result of :func:`find_gaps`; each table is a DataFrame (possibly empty).

    Attributes
    ----------
    firms : DataFrame
        Firms without a direct education partner (columns :data:`FIRM_COLUMNS`).
    groups : DataFrame
        One row per flagged (grouping, group, issue) (columns :data:`GROUP_COLUMNS`);
        ``issue`` is one of ``no_education_partner``, ``untapped_education``,
        ``no_government``, ``no_research``, ``no_cluster_org``.
    untapped : DataFrame
        Education actors linked to nobody or to no firm (:data:`UNTAPPED_COLUMNS`).
    fragile : DataFrame
        Isolated, detached, pendant and single-broker actors (:data:`FRAGILE_COLUMNS`);
        actors hanging off a cluster organisation are counted in ``load`` instead.
    cluster_org : DataFrame
        For a given cluster organisation: ``member_without_education`` rows (its
        firm neighbours lacking an education tie) and ``unlinked_education`` rows
        (education actors of its region it is not linked to). Empty when no
        cluster organisation was given.
    load : DataFrame
        One row per cluster organisation that actors depend on alone
        (:data:`LOAD_COLUMNS`, :func:`cluster_org_load`).
    actors : DataFrame
        ``id``, ``region``, ``country``, ``sector`` of every actor (the place
        columns of :meth:`to_frame`).
    regions : DataFrame
        One row per region (:data:`REGION_COLUMNS`, :func:`region_summary`).
    """

    firms: pd.DataFrame
    groups: pd.DataFrame
    untapped: pd.DataFrame
    fragile: pd.DataFrame
    cluster_org: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CLUSTER_ORG_COLUMNS))
    load: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=LOAD_COLUMNS))
    actors: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["id", *PLACE_COLUMNS]))
    regions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REGION_COLUMNS))

    def summary(self) -> dict[str, int]:
        """Counts of each kind of gap (used by what-if and the terminal summary).

        ``groups_flagged`` counts distinct (grouping, group) pairs with at least
        one issue; ``group_issues`` counts the rows of :attr:`groups`;
        ``cluster_org_dependents`` the actors that reach the network only
        through a cluster organisation (:attr:`load`).
        """
        firms = self.firms
        return {
            "firms_without_education": int(len(firms)),
            "firms_without_education_within_2": int(firms["no_education_within_2"].sum()) if len(firms) else 0,
            "groups_flagged": int(len(self.groups[["by", "group"]].drop_duplicates())),
            "group_issues": int(len(self.groups)),
            "groups_without_education": int((self.groups["issue"] == "no_education_partner").sum()),
            "untapped_education": int(len(self.untapped)),
            "fragile_actors": int(len(self.fragile)),
            "cluster_org_dependents": int(self.load["n_dependent"].sum()) if len(self.load) else 0,
        }

    def to_frame(self) -> pd.DataFrame:
        """All gaps as one long table (``gaps.csv``): kind, by, id, name, region, country, sector, detail.

        ``kind`` is ``firm_no_education`` / ``firm_no_education_within_2``, the
        group ``issue``, ``untapped_education``, the fragile ``kind``, the
        cluster-organisation ``kind``, or ``cluster_org_load``; ``by`` is the grouping for group rows
        (region, sector, community) and the cluster organisation id for
        cluster-organisation rows; ``id`` is an actor id or a group name.
        ``region``, ``country`` and ``sector`` are the actor's on every actor
        row, and the group's on a region or sector row.
        """
        rows: list[tuple] = []
        for r in self.firms.itertuples(index=False):
            kind = "firm_no_education_within_2" if r.no_education_within_2 else "firm_no_education"
            rows.append((kind, "", r.id, r.name, r.reason))
        for r in self.groups.itertuples(index=False):
            rows.append((r.issue, r.by, str(r.group), str(r.group), r.detail))
        for r in self.untapped.itertuples(index=False):
            rows.append(("untapped_education", "region", r.id, r.name, r.reason))
        for r in self.fragile.itertuples(index=False):
            rows.append((r.kind, "", r.id, r.name, r.detail))
        for r in self.cluster_org.itertuples(index=False):
            rows.append((r.kind, r.cluster_org, r.id, r.name, r.detail))
        for r in self.load.itertuples(index=False):
            rows.append(("cluster_org_load", "", r.cluster_org, r.name, r.detail))
        place = {r.id: (r.region, r.country, r.sector) for r in self.actors.itertuples(index=False)}
        out = []
        for kind, by, n, name, detail in rows:
            if by in ("region", "sector") and kind != "untapped_education":
                p = (n, None, None) if by == "region" else (None, None, n)
            else:
                p = place.get(n, (None, None, None))
            out.append((kind, by, n, name, *p, detail))
        return pd.DataFrame(out, columns=LONG_COLUMNS, dtype=object)


# --------------------------------------------------------------------------- firms


def firm_gaps(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """Firms with no direct VET/university partner, and whether one is two steps away.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem graph (directed graphs are read undirected).
    region : str, optional
        Only firms of this region.

    Returns
    -------
    DataFrame
        Columns :data:`FIRM_COLUMNS`, sorted by id. ``reason`` names the
        two-step path to the nearest education actor when there is one.

    Examples
    --------
    >>> G = nx.Graph([("f1", "c"), ("c", "v"), ("f2", "v")])
    >>> nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "c": "cluster_org", "v": "vet"}, "type")
    >>> firm_gaps(G)[["id", "no_education_within_2"]].values.tolist()
    [['f1', False]]
    """
    U = undirected(G)
    two_steps = _TwoSteps(G, U)
    rows = []
    for n in sorted(U.nodes, key=str):
        d = G.nodes[n]
        if d.get("type") != "firm" or (region is not None and d.get("region") != region):
            continue
        if any(is_education(G, m) for m in U[n]):
            continue
        found = two_steps.nearest(n)
        via = bool(found)
        if found:
            e, m, more = found
            reason = f"no direct VET/university partner; two steps away: {label(G, e)} via {label(G, m)}" + (
                f" (and {more} other education actor{'s' if more != 1 else ''})" if more else ""
            )
        elif U.degree(n) == 0:
            reason = "no VET/university partner within two steps; the firm has no links at all"
        else:
            reason = "no VET/university partner within two steps"
        rows.append((n, d.get("name", n), d.get("region"), d.get("sector"), d.get("size"), True, not via, reason))
    return pd.DataFrame(rows, columns=FIRM_COLUMNS).astype({"no_direct_education": bool, "no_education_within_2": bool})


class _TwoSteps:
    """The education actors two steps from a firm, without walking a hub's partners for each firm.

    :meth:`nearest` names the one :func:`firm_gaps` reports: of the firm's own region first,
    then reached through the most partners, then by id; and how many others there are. The
    education partners of each actor are listed once; for each firm, all its partners but the
    one with the longest list are walked, and that longest list is looked up (a set, and its
    members sorted by region and id), so a hub with 10,000 partners costs its list once, not
    once per firm around it.
    """

    def __init__(self, G: nx.Graph, U: nx.Graph) -> None:
        self.G, self.U = G, U
        self.lists: dict = {}
        self.sets: dict = {}
        self.ordered: dict = {}

    def _edu(self, m) -> list:
        found = self.lists.get(m)
        if found is None:
            found = self.lists[m] = [e for e in self.U[m] if is_education(self.G, e)]
        return found

    def _first(self, m, region, skip: Mapping) -> object | None:
        """The first (by id) education partner of ``m`` in ``region`` (any region: None) not in ``skip``."""
        if m not in self.ordered:
            by: dict = {}
            for e in sorted(self._edu(m), key=str):
                by.setdefault(self.G.nodes[e].get("region"), []).append(e)
                by.setdefault(_ANY, []).append(e)
            self.ordered[m] = by
        for e in self.ordered[m].get(_ANY if region is None else region, ()):
            if e not in skip:
                return e
        return None

    def nearest(self, n) -> tuple | None:
        """(education actor, the partner of ``n`` in between, number of other education actors
        two steps away), or None when there is none."""
        G, own = self.G, self.G.nodes[n].get("region")
        lists = [(m, edu) for m in self.U[n] if (edu := self._edu(m))]  # n, a firm, is in none
        if not lists:
            return None
        at = max(range(len(lists)), key=lambda i: len(lists[i][1]))
        big_m, big = lists[at]
        via: dict = {}  # education actor two steps away -> the actors in between (but big_m)
        for i, (m, edu) in enumerate(lists):
            if i != at:
                for e in edu:
                    via.setdefault(e, []).append(m)
        if big_m not in self.sets:
            self.sets[big_m] = set(self._edu(big_m))
        big_set = self.sets[big_m]
        for e, ms in via.items():
            if e in big_set:
                ms.append(big_m)
        total = len(big) + sum(1 for e in via if e not in big_set)
        # through big_m alone (one partner in between): the first of the own region, the first at all
        alone = {e for e in (self._first(big_m, own, via) if own is not None else None, self._first(big_m, None, via))}
        for e in alone - {None}:
            via[e] = [big_m]

        def rank(e):  # the own region first, then the best connected, then by id
            return (G.nodes[e].get("region") != own or own is None, -len(via[e]), str(e))

        e = min(via, key=rank)
        return e, min(via[e], key=str), total - 1


#: Key of :class:`_TwoSteps` lists holding every region.
_ANY = object()


# --------------------------------------------------------------------------- regions


def region_summary(
    G: nx.Graph,
    firms: pd.DataFrame,
    suggestions: pd.DataFrame | None = None,
    *,
    region: str | None = None,
    best: int = 3,
) -> pd.DataFrame:
    """One row per region: its firms, those without an education partner, and the best introductions.

    Parameters
    ----------
    G : networkx.Graph
    firms : DataFrame
        :func:`firm_gaps` (the firms without an education partner).
    suggestions : DataFrame, optional
        :func:`clustergraph.analysis.suggest.suggest_partners` for these firms:
        ``best_introductions`` names the ``best`` highest-scoring recommended
        first suggestions of the region, one per candidate before any
        candidate twice ("firm -> candidate (via introducer)").
    region : str, optional
        Only this region.
    best : int
        Introductions named per region.

    Returns
    -------
    DataFrame
        Columns :data:`REGION_COLUMNS`, most firms without an education
        partner first, then most firms, then by name (actors without a region
        are not counted).

    Examples
    --------
    >>> G = nx.Graph([("f1", "v")]); G.add_node("f2")
    >>> nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "v": "vet"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> region_summary(G, firm_gaps(G))[["region", "n_firms", "n_firms_without_education"]].values.tolist()
    [['North', 2, 1]]
    """
    count: dict = {}
    for _, d in G.nodes(data=True):
        r = d.get("region")
        if r is None or (region is not None and r != region):
            continue
        c = count.setdefault(r, [0, 0, 0, 0])
        c[0] += 1
        c[1] += d.get("type") == "firm"
        c[2] += d.get("type") in EDUCATION_TYPES
        c[3] += d.get("type") == "cluster_org"
    without = firms["region"].value_counts().to_dict() if len(firms) else {}
    intro: dict = {}
    if suggestions is not None and len(suggestions) and "recommended" in suggestions:
        first = suggestions[(suggestions["rank"] == 1) & suggestions["recommended"].astype(bool)]
        first = first.assign(_r=first["firm"].map(lambda f: G.nodes[f].get("region") if f in G else None))
        for r, g in first.sort_values(["score", "firm"], ascending=[False, True], kind="stable").groupby("_r"):
            # the best introduction to each of the region's candidates first, then the next best
            g = pd.concat([g.drop_duplicates("candidate"), g[g["candidate"].duplicated()]]).head(best)
            intro[r] = "; ".join(
                f"{x.firm_name} -> {x.candidate_name}"
                + (f" (via {x.broker_name})" if isinstance(x.broker, str) else " (no shared contact)")
                for x in g.itertuples(index=False)
            )
    rows = [(r, *c[:2], int(without.get(r, 0)), *c[2:], intro.get(r, "")) for r, c in count.items()]
    rows.sort(key=lambda t: (-t[3], -t[2], str(t[0])))
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


# --------------------------------------------------------------------------- groups


def _untapped(G: nx.Graph, region: str | None) -> pd.DataFrame:
    U = undirected(G)
    rows = []
    for n in sorted(U.nodes, key=str):
        d = G.nodes[n]
        if not is_education(G, n) or (region is not None and d.get("region") != region):
            continue
        n_firm = sum(1 for m in U[n] if G.nodes[m].get("type") == "firm")
        if n_firm:
            continue
        deg = U.degree(n)
        reason = "linked to nobody" if deg == 0 else f"{deg} link{'s' if deg != 1 else ''} but none to a firm"
        rows.append((n, d.get("name", n), d.get("type"), d.get("region"), d.get("sector"), deg, 0, reason))
    return pd.DataFrame(rows, columns=UNTAPPED_COLUMNS)


def _group_rows(G: nx.Graph, by: str, members: dict, untapped: pd.DataFrame, helix: bool) -> list[tuple]:
    """Flag rows for one grouping; ``members`` maps group -> list of actors."""
    U = undirected(G)
    rows = []
    for group in sorted(members, key=lambda g: (str(type(g)), g)):
        nodes = members[group]
        types = [G.nodes[n].get("type") for n in nodes]
        firms = [n for n, t in zip(nodes, types) if t == "firm"]
        edu = [n for n, t in zip(nodes, types) if t in EDUCATION_TYPES]
        with_edu = sum(1 for f in firms if any(is_education(G, m) for m in U[f]))
        base = (by, group, len(nodes), len(firms), len(edu), with_edu)
        if firms and with_edu == 0:
            if edu:
                tail = (
                    f"; {len(edu)} education actor{'s' if len(edu) != 1 else ''} in the {by} "
                    f"but not linked to its firms: " + ", ".join(label(G, e) for e in sorted(edu)[:5])
                )
            else:
                tail = f"; no VET provider or university in the {by}"
            rows.append(
                base
                + (
                    "no_education_partner",
                    f"{len(firms)} firm{'s' if len(firms) != 1 else ''}, none linked to a "
                    f"VET provider or university" + tail,
                )
            )
        if by == "region" and len(untapped):
            here = untapped[untapped["region"] == group]
            if len(here):
                rows.append(
                    base
                    + (
                        "untapped_education",
                        "; ".join(f"{label(G, r.id)}: {r.reason}" for r in here.itertuples(index=False)),
                    )
                )
        if helix:
            present = set(types)
            for issue, what, needed in _HELIX:
                if not present & needed:
                    rows.append(base + (issue, f"no {what} among the {len(nodes)} actors"))
    return rows


def group_gaps(
    G: nx.Graph, region: str | None = None, communities: dict | None = None, untapped: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Regions, sectors and communities lacking education partners or a helix.

    Parameters
    ----------
    G : networkx.Graph
    region : str, optional
        Only this region; sectors and communities are then formed from the
        region's actors only.
    communities : dict, optional
        Actor -> community label (e.g. from
        :func:`clustergraph.metrics.communities.detect`). Communities with
        fewer than :data:`MIN_COMMUNITY` actors are skipped.
    untapped : DataFrame, optional
        The untapped education actors (computed when not given).

    Returns
    -------
    DataFrame
        Columns :data:`GROUP_COLUMNS`, ordered by grouping (region, sector,
        community), group and issue.

    Examples
    --------
    >>> G = nx.Graph([("f", "g")])
    >>> nx.set_node_attributes(G, {"f": "firm", "g": "government"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> group_gaps(G)["issue"].tolist()
    ['no_education_partner', 'no_research', 'no_cluster_org']
    """
    if untapped is None:
        untapped = _untapped(G, region)
    nodes = [n for n in G.nodes if region is None or G.nodes[n].get("region") == region]
    rows: list[tuple] = []
    for by, helix in (("region", True), ("sector", False)):
        members: dict = {}
        for n in nodes:
            key = G.nodes[n].get(by)
            if key is not None:
                members.setdefault(key, []).append(n)
        rows += _group_rows(G, by, members, untapped, helix)
    if communities:
        members = {}
        for n in nodes:
            if n in communities:
                members.setdefault(communities[n], []).append(n)
        members = {k: v for k, v in members.items() if len(v) >= MIN_COMMUNITY}
        rows += _group_rows(G, "community", members, untapped, True)
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


# --------------------------------------------------------------------------- fragile


class _Root:
    """The virtual start node of the dominator computation (never clashes with an id)."""

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<core>"


def _core(U: nx.Graph, component: set) -> set:
    """The largest biconnected component of ``component`` (ties: smallest id)."""
    blocks = list(nx.biconnected_components(U.subgraph(component)))
    if not blocks:
        return set(component)
    return min(blocks, key=lambda b: (-len(b), min(map(str, b))))


def _brokers(U: nx.Graph, main: set) -> dict:
    """actor -> its immediate dominator seen from the core (:func:`_core`), for each actor of the
    connected set ``main`` outside the core: the one actor all its ties to the core pass through.

    python-igraph computes the blocks and the dominator tree (Lengauer & Tarjan 1979) in C when
    it is available (100,000 actors: about 1 s instead of 15 s); otherwise networkx (Cooper et al.
    2001). Same result: ``tests/test_gaps.py`` compares the two.
    """
    from ..metrics import _igraph

    if not _igraph.available():
        return _brokers_networkx(U, main)
    every = list(U)  # the whole graph in its own order converts fastest; then the main component
    index = {x: i for i, x in enumerate(every)}
    g = _igraph.to_igraph(U, every).induced_subgraph(sorted(index[x] for x in main))
    nodes = [every[i] for i in sorted(index[x] for x in main)]  # igraph keeps the vertices in id order
    g.simplify(multiple=True, loops=True)
    blocks = [b for b in g.biconnected_components() if len(b) > 1]
    if blocks:
        size = max(len(b) for b in blocks)
        core = min((b for b in blocks if len(b) == size), key=lambda b: min(str(nodes[i]) for i in b))
    else:
        core = list(range(len(nodes)))
    n = len(nodes)
    pairs = g.get_edgelist()
    edges = pairs + [(v, u) for u, v in pairs] + [(n, c) for c in core]
    import igraph

    idom = igraph.Graph(n=n + 1, edges=edges, directed=True).dominator(n, mode="out")
    inside = set(core)
    return {nodes[i]: nodes[int(idom[i])] for i in range(n) if i not in inside}


def _brokers_networkx(U: nx.Graph, main: set) -> dict:
    """:func:`_brokers` with networkx only."""
    core = _core(U, main)
    root = _Root()
    D = nx.DiGraph()  # both directions of every tie, without the link attributes
    D.add_nodes_from(main)
    ties = [(u, v) for u, v in U.subgraph(main).edges() if u != v]
    D.add_edges_from(ties)
    D.add_edges_from((v, u) for u, v in ties)
    D.add_edges_from((root, c) for c in core)
    idom = nx.immediate_dominators(D, root)
    return {n: idom[n] for n in main if n not in core}


def _dependence(G: nx.Graph, region: str | None) -> list[tuple]:
    """Every isolated, detached, pendant and single-broker actor (rows of :data:`FRAGILE_COLUMNS`)."""
    U = undirected(G)
    rows = []

    def add(n, kind, broker, detail):
        d = G.nodes[n]
        if region is not None and d.get("region") != region:
            return
        rows.append(
            (
                n,
                d.get("name", n),
                d.get("type"),
                d.get("region"),
                kind,
                broker,
                None if broker is None else G.nodes[broker].get("name", broker),
                detail,
            )
        )

    components = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(map(str, c))))
    main = components[0] if components and len(components[0]) > 1 else set()
    for comp in components:
        if comp is main:
            continue
        for n in comp:
            if len(comp) == 1:
                add(n, "isolated", None, "no links")
            else:
                add(n, "detached", None, f"not connected to the main network (a separate group of {len(comp)} actors)")
    if main:
        for n, b in _brokers(U, main).items():
            if U.degree(n) == 1:
                add(n, "pendant", b, f"only tie is to {label(G, b)}")
            else:
                add(
                    n,
                    "single_broker",
                    b,
                    f"all {U.degree(n)} ties lead to the rest of the network only through {label(G, b)}",
                )
    rows.sort(key=lambda r: str(r[0]))
    return rows


def _on_cluster_org(G: nx.Graph, row: tuple) -> bool:
    broker = row[5]
    return broker is not None and G.nodes[broker].get("type") == "cluster_org"


def fragile_actors(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """Actors that are isolated, detached, or whose ties all run through one broker other than a cluster organisation.

    See the module docstring for the precise definition of each ``kind``.
    Actors whose broker is a cluster organisation are left out (they are its
    load: :func:`cluster_org_load`).

    Parameters
    ----------
    G : networkx.Graph
    region : str, optional
        Only report actors of this region (the analysis uses the whole graph).

    Returns
    -------
    DataFrame
        Columns :data:`FRAGILE_COLUMNS`, sorted by id.

    Examples
    --------
    >>> G = nx.Graph([(1, 2), (2, 3), (3, 1), (3, 4), (4, 5)])
    >>> G.add_node(6)
    >>> fragile_actors(G)[["id", "kind", "broker"]].values.tolist()
    [[4, 'single_broker', 3], [5, 'pendant', 4], [6, 'isolated', None]]

    References
    ----------
    Cooper, K.D., Harvey, T.J. and Kennedy, K. (2001). A simple, fast dominance
    algorithm. Software Practice & Experience 4: 1-10.
    """
    return _fragile_table(G, _dependence(G, region))


def _fragile_table(G: nx.Graph, dependence: list[tuple]) -> pd.DataFrame:
    """:func:`fragile_actors` from the rows of :func:`_dependence`."""
    rows = [r for r in dependence if not _on_cluster_org(G, r)]
    # object columns: actor ids keep their type and a missing broker stays None
    return pd.DataFrame(rows, columns=FRAGILE_COLUMNS, dtype=object)


def cluster_org_load(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """How many actors reach the rest of the network only through each cluster organisation.

    An actor counts for a cluster organisation when it would be ``pendant`` or
    ``single_broker`` (module docstring) with that cluster organisation as its
    broker.

    Parameters
    ----------
    G : networkx.Graph
    region : str, optional
        Only count actors of this region.

    Returns
    -------
    DataFrame
        Columns :data:`LOAD_COLUMNS`, one row per cluster organisation with at
        least one dependent actor, most dependent first.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "k"), ("k", "f")])
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm"}, "type")
    >>> cluster_org_load(G)[["cluster_org", "n_dependent", "n_pendant"]].values.tolist()
    [['k', 1, 1]]
    """
    return _load_table(G, _dependence(G, region))


def _load_table(G: nx.Graph, dependence: list[tuple]) -> pd.DataFrame:
    """:func:`cluster_org_load` from the rows of :func:`_dependence`."""
    counts: dict = {}
    for r in dependence:
        if _on_cluster_org(G, r):
            c = counts.setdefault(r[5], [0, 0])
            c[0 if r[4] == "pendant" else 1] += 1
    rows = []
    for c, (pend, single) in counts.items():
        n = pend + single
        detail = (
            f"{n} actor{'s' if n != 1 else ''} reach{'' if n != 1 else 'es'} the rest of the network only through "
            f"{label(G, c)} ({pend} with a single link)"
        )
        rows.append((c, G.nodes[c].get("name", c), G.nodes[c].get("region"), n, pend, single, detail))
    rows.sort(key=lambda r: (-r[3], str(r[0])))
    return pd.DataFrame(rows, columns=LOAD_COLUMNS)


# --------------------------------------------------------------------------- cluster org


def cluster_org_gaps(G: nx.Graph, cluster_org) -> pd.DataFrame:
    """Member firms of ``cluster_org`` lacking education ties; education actors it misses.

    Members are the cluster organisation's firm neighbours. The education
    actors checked are those of the cluster organisation's ``region``.

    Parameters
    ----------
    G : networkx.Graph
    cluster_org : str
        Id of an actor of type ``cluster_org``.

    Returns
    -------
    DataFrame
        Columns :data:`CLUSTER_ORG_COLUMNS`; ``kind`` is
        ``member_without_education`` or ``unlinked_education``.

    Raises
    ------
    InputError
        When the id is unknown or not a cluster organisation.

    Examples
    --------
    >>> G = nx.Graph([("c", "f")]); G.add_node("v")
    >>> nx.set_node_attributes(G, {"c": "cluster_org", "f": "firm", "v": "vet"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> cluster_org_gaps(G, "c")[["kind", "id"]].values.tolist()
    [['member_without_education', 'f'], ['unlinked_education', 'v']]
    """
    if cluster_org not in G:
        raise InputError(f"cluster organisation '{cluster_org}' is not an actor id in the data")
    if G.nodes[cluster_org].get("type") != "cluster_org":
        raise InputError(
            f"actor '{cluster_org}' is a {G.nodes[cluster_org].get('type')}, "
            "not a cluster organisation (type cluster_org)"
        )
    U = undirected(G)
    region = G.nodes[cluster_org].get("region")
    rows = []

    def row(kind, n, detail):
        d = G.nodes[n]
        rows.append((cluster_org, kind, n, d.get("name", n), d.get("type"), d.get("region"), detail))

    for n in sorted(U[cluster_org], key=str):
        if G.nodes[n].get("type") == "firm" and not any(is_education(G, m) for m in U[n]):
            row("member_without_education", n, f"member of {label(G, cluster_org)} with no VET/university partner")
    if region is not None:
        for n in sorted(U.nodes, key=str):
            if (
                is_education(G, n)
                and n != cluster_org
                and G.nodes[n].get("region") == region
                and not U.has_edge(cluster_org, n)
            ):
                n_firms = sum(1 for m in U[n] if G.nodes[m].get("type") == "firm")
                row(
                    "unlinked_education",
                    n,
                    f"in {region} but not linked to {label(G, cluster_org)}; "
                    f"partner of {n_firms} firm{'s' if n_firms != 1 else ''}",
                )
    return pd.DataFrame(rows, columns=CLUSTER_ORG_COLUMNS)


# --------------------------------------------------------------------------- entry point


def find_gaps(
    G: nx.Graph, cluster_org=None, region: str | None = None, *, communities: dict | bool | None = None, seed: int = 0
) -> GapReport:
    """Find the gaps a cluster manager should act on first.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem graph (:func:`clustergraph.graph.build_graph`).
    cluster_org : str, optional
        Id of a cluster organisation: adds its members lacking education ties
        and the education actors of its region it is not linked to.
    region : str, optional
        Restrict the report to one region.
    communities : dict or False, optional
        Actor -> community label. ``None`` computes the communities
        (:func:`clustergraph.metrics.communities.detect` with ``seed``: Leiden);
        ``False`` or ``{}`` skips community groups.
    seed : int
        Seed of the communities (the same as ``metrics``/``report --seed``).

    Returns
    -------
    GapReport

    Raises
    ------
    InputError
        Unknown region or cluster organisation.

    Examples
    --------
    >>> from clustergraph.synthetic import sample_ecosystem
    >>> from clustergraph.graph import build_graph
    >>> report = find_gaps(build_graph(*sample_ecosystem()), communities=False)
    >>> "Navarra" in set(report.groups.query("issue == 'no_education_partner'")["group"])
    True

    References
    ----------
    Wilson, J. (2020). Supporting skills for industry through clusters. European
    Cluster Collaboration Platform, Discussion Paper 1 ("broaden participation").
    """
    G = actors_only(drop_self_loops(G))
    region = check_region(G, region)
    if cluster_org is not None:
        from ..lookup import resolve_actor

        cluster_org = resolve_actor(G, cluster_org, what="cluster organisation")
    if communities is None:
        from ..metrics.communities import detect

        communities = detect(G, seed=seed)[0]
    untapped = _untapped(G, region)
    firms = firm_gaps(G, region)
    dependence = _dependence(G, region)  # once for the fragile actors and the cluster organisations' load
    from ..graph import actor_table

    return GapReport(
        firms=firms,
        groups=group_gaps(G, region, (communities or None) if not isinstance(communities, bool) else None, untapped),
        untapped=untapped,
        fragile=_fragile_table(G, dependence),
        load=_load_table(G, dependence),
        cluster_org=(
            cluster_org_gaps(G, cluster_org) if cluster_org is not None else pd.DataFrame(columns=CLUSTER_ORG_COLUMNS)
        ),
        actors=actor_table(G, ("id", *PLACE_COLUMNS)),
        regions=region_summary(G, firms, region=region),
    )
