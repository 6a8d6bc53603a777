"""The four steps of a cluster organisation for skills, measured from the network.

The ECCP discussion paper (Wilson 2020) asks cluster organisations to act on
skills in four steps: *broaden participation* (bring VET providers and
universities into the cluster), *develop services* (skills services to the
members), *engage regionally* (with the regional government, other clusters and
the regional skills ecosystem) and *connect internationally*. This module
turns each step into indicators that can be read off the links of one cluster
organisation ``c``.

Definitions
-----------
Let the *members* of ``c`` be its firm neighbours (undirected view) and
``education`` the VET providers and universities
(:data:`clustergraph.schema.EDUCATION_TYPES`).

broaden participation
    ``members``: number of member firms; ``education_partners``: education
    actors linked to ``c``; ``member_education_partners``: distinct education
    actors linked to at least one member; ``members_with_education_share``:
    share of members with a direct education partner (empty without members).
develop services
    ``service_links``: links of ``c`` whose kinds include one of
    :data:`SERVICE_TYPES` (training, curriculum, internship).
engage regionally
    ``regional_government``: government actors of ``c``'s region linked to
    ``c``; ``other_cluster_orgs``: other cluster organisations linked to ``c``;
    ``rtos``: research and technology organisations linked to ``c``.
connect internationally
    ``international_links``: links of ``c`` or of a member whose scope is
    ``international``; ``partners_abroad``: distinct actors in another country
    than ``c`` linked to ``c`` or to a member; ``cluster_orgs_abroad``:
    cluster organisations in another country linked to ``c``.

When links carry years, :func:`step_history` computes the indicators on the
network as it was at the end of each year
(:func:`clustergraph.analysis.timeline.network_until`). :func:`step_moves`
says what would move each step, with the what-if of concrete links
(:func:`clustergraph.analysis.whatif.add_links`): the best recommended
introductions for the members, links to the region's government and RTOs not
yet linked, a link to a cluster organisation abroad.

References
----------
Wilson, J. (2020). Supporting skills for industry through clusters. European
Cluster Collaboration Platform, Discussion Paper 1 (the four steps).
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from ..graph import actor_names, undirected
from ..schema import EDUCATION_TYPES

#: Link kinds that count as skills services of a cluster organisation.
SERVICE_TYPES: frozenset[str] = frozenset({"training", "curriculum", "internship"})

#: (step key, step heading, indicators) in the paper's order.
STEPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "broaden",
        "Broaden participation",
        ("members", "education_partners", "member_education_partners", "members_with_education_share"),
    ),
    ("services", "Develop services", ("service_links",)),
    ("regional", "Engage regionally", ("regional_government", "other_cluster_orgs", "rtos")),
    ("international", "Connect internationally", ("international_links", "partners_abroad", "cluster_orgs_abroad")),
)

#: Plain label of each indicator (report, README).
INDICATOR_LABELS: dict[str, str] = {
    "members": "member firms",
    "education_partners": "VET providers and universities linked to the cluster organisation",
    "member_education_partners": "VET providers and universities linked to its member firms",
    "members_with_education_share": "member firms with an education partner",
    "service_links": "training, curriculum or internship links of the cluster organisation",
    "regional_government": "government actors of its region linked to it",
    "other_cluster_orgs": "other cluster organisations linked to it",
    "rtos": "research and technology organisations linked to it",
    "international_links": "international links of the cluster organisation and its members",
    "partners_abroad": "partners abroad of the cluster organisation and its members",
    "cluster_orgs_abroad": "partner cluster organisations abroad",
}

INDICATORS: tuple[str, ...] = tuple(i for _, _, ind in STEPS for i in ind)
STEP_OF: dict[str, str] = {i: key for key, _, ind in STEPS for i in ind}
#: Columns of :func:`step_indicators` and :func:`step_history`.
COLUMNS = ["cluster_org", "name", "step", "indicator", "value"]
MOVE_COLUMNS = ["cluster_org", "step", "indicator", "action", "before", "after", "reason"]
#: The types of the actors a move names (education, government, RTOs): each member's actors of
#: these types one or two steps away are listed once (:meth:`NeighbourIndex.near`).
REACH_TYPES: frozenset[str] = frozenset(EDUCATION_TYPES) | {"government", "rto"}

#: Actors named per move (the most useful ones, not every actor of a kind).
MOVE_ACTORS = 2


def international_caveat(G: nx.Graph) -> str | None:
    """The sentence to show when the data cannot tell international from national work, else None.

    That is when the actors with a country are all in one country (as when a
    source lists only the national partners of European consortia), or when
    every project with participants has them in one country.

    Examples
    --------
    >>> G = nx.Graph([("a", "b")]); nx.set_node_attributes(G, "NO", "country")
    >>> international_caveat(G)[:40]
    'Every actor in the data is in one countr'
    >>> G.nodes["b"]["country"] = "SE"; international_caveat(G) is None
    True
    """
    countries = {c for _, c in G.nodes(data="country") if c is not None}
    if len(countries) <= 1:
        where = f" ({next(iter(countries))})" if countries else ""
        return (
            f"Every actor in the data is in one country{where}, as when the source lists only the national "
            "partners of international consortia: partners abroad are absent, so projects that look like "
            "'acting alone' or national work may have partners abroad, and 'connect internationally' cannot "
            "be measured from these data."
        )
    from ..projection import project_data

    data = project_data(G)
    if data is not None and len(data.participations):
        p = data.participations[["project", "actor"]]
        c = p["actor"].map(lambda a: G.nodes[a].get("country") if a in G else None)
        per = c.groupby(p["project"]).nunique()
        if len(per) and (per <= 1).all():
            return (
                "Every project lists partners of one country only, as when the source lists only the national "
                "partners of international consortia: the typology's 'acting alone' and 'connect "
                "internationally' cannot see partners abroad."
            )
    return None


def cluster_orgs(G: nx.Graph, region: str | None = None) -> list:
    """The cluster organisations of ``G`` (of ``region`` when given), sorted by id.

    >>> G = nx.Graph(); G.add_node("k", type="cluster_org"); G.add_node("f", type="firm")
    >>> cluster_orgs(G)
    ['k']
    """
    return sorted(
        (n for n, d in G.nodes(data=True) if d.get("type") == "cluster_org" and region in (None, d.get("region"))),
        key=str,
    )


def _type(G, n):
    return G.nodes[n].get("type")


class NeighbourIndex:
    """Lookups of one graph that the indicators and moves of every cluster organisation repeat.

    With a hub (an actor in thousands of projects) among the members of hundreds of cluster
    organisations, walking its partners for each of them is quadratic. Here each actor's
    partners are split by type once, and the sets read for a hub (its partners abroad, its
    international links, the actors of some types two steps away) are kept, so each cluster
    organisation costs its own partners and its members' lists, not the hub's partners again.
    Read-only: build a new index when the graph changes.
    """

    #: Actors with more partners than this have their derived sets kept.
    KEEP_FROM = 64

    def __init__(self, G: nx.Graph) -> None:
        self.G = G
        self.U = undirected(G)
        self._typed: dict = {}
        self._intl: dict = {}
        self._abroad: dict = {}
        self._within: dict = {}
        self._near: dict = {}
        self._regional: dict | None = None
        self._orgs: list | None = None
        self._ranked: list | None = None
        self._caveat: tuple[str | None] | None = None
        self._best: tuple | None = None  # (id, the suggestions kept alive, their best rows, firm -> position)

    def typed(self, n) -> dict:
        """Partners of ``n`` by type: type -> list."""
        found = self._typed.get(n)
        if found is None:
            found = {}
            for m in self.U[n]:
                found.setdefault(_type(self.G, m), []).append(m)
            self._typed[n] = found
        return found

    def has_type(self, n, types) -> bool:
        """True when ``n`` has a partner of one of ``types``."""
        t = self.typed(n)
        return any(k in t for k in types)

    def of_types(self, n, types) -> list:
        """Partners of ``n`` of one of ``types``."""
        t = self.typed(n)
        return [m for k in types for m in t.get(k, ())]

    def _international(self, n) -> set:
        found = self._intl.get(n)
        if found is None:
            U = self.U
            found = {m for m in U[n] if U[n][m].get("scope") == "international"}
            if len(U[n]) > self.KEEP_FROM:
                self._intl[n] = found
        return found

    def international_links(self, actors: list) -> int:
        """Distinct links with scope ``international`` that touch one of ``actors`` (distinct ids)."""
        inside = set(actors)
        total = both = 0
        for a in actors:
            mine = self._international(a)
            total += len(mine)  # a link between two of the actors is counted from both ends...
            both += len(mine & inside) - (a in mine)  # ... (a self-link only once)
        return total - both // 2

    def _abroad_of(self, n, country) -> set:
        key = (n, country)
        found = self._abroad.get(key)
        if found is None:
            G = self.G
            found = {m for m in self.U[n] if G.nodes[m].get("country") not in (None, country)}
            if len(self.U[n]) > self.KEEP_FROM:
                self._abroad[key] = found
        return found

    def count_abroad(self, actors: list, country) -> int:
        """Distinct actors in another country than ``country`` among ``actors`` that have a
        partner and their partners (the largest set is looked up, the others walked)."""
        G = self.G
        sets = [self._abroad_of(a, country) for a in actors if len(self.U[a])]
        own = {a for a in actors if len(self.U[a]) and G.nodes[a].get("country") not in (None, country)}
        if not sets:
            return len(own)
        big = max(range(len(sets)), key=lambda i: len(sets[i]))
        extra = own.union(*(x for i, x in enumerate(sets) if i != big))
        return len(sets[big]) + sum(1 for x in extra if x not in sets[big])

    def within_two(self, n, types) -> set:
        """Actors of ``types`` one or two steps from ``n`` (``n`` itself when a partner's partner)."""
        key = (n, frozenset(types))
        found = self._within.get(key)
        if found is None:
            found = set(self.of_types(n, types))
            for p in self.U[n]:
                found.update(self.of_types(p, types))
            if len(self.U[n]) > self.KEEP_FROM:
                self._within[key] = found
        return found

    def near(self, n) -> set:
        """Actors of :data:`REACH_TYPES` one or two steps from ``n`` (listed once per actor)."""
        found = self._near.get(n)
        if found is None:
            found = self.within_two(n, REACH_TYPES)
            self._near[n] = found
        return found

    def regional(self, region) -> list:
        """The government actors and RTOs of ``region``, in graph order (listed once per region)."""
        if self._regional is None:
            self._regional = {}
            for n, nd in self.G.nodes(data=True):
                if nd.get("type") in ("government", "rto"):
                    self._regional.setdefault(nd.get("region"), []).append(n)
        return self._regional.get(region, [])

    def cluster_orgs(self) -> list:
        """:func:`cluster_orgs` of the graph (listed once)."""
        if self._orgs is None:
            self._orgs = cluster_orgs(self.G)
        return self._orgs

    def cluster_orgs_by_links(self) -> list:
        """:meth:`cluster_orgs`, most links first (ties by id): listed once, so that each cluster
        organisation's best partner abroad is the first that qualifies, not a search of them all."""
        if self._ranked is None:
            self._ranked = sorted(self.cluster_orgs(), key=lambda n: (-self.U.degree(n), str(n)))
        return self._ranked

    def best_recommended(self, suggestions: pd.DataFrame, recommendations) -> tuple[pd.DataFrame, dict]:
        """(each firm's best recommended suggestion, best first; firm -> its row position there).

        Best first is by rank, then score (highest), then firm id; computed once per
        ``suggestions`` table, so that each cluster organisation reads its members' rows instead
        of filtering and sorting the whole table again (4,000 cluster organisations at 100,000 actors).
        """
        key = id(suggestions)
        if self._best is None or self._best[0] != key:
            rec = recommendations(suggestions)
            rec = rec.sort_values(["rank", "score", "firm"], ascending=[True, False, True]).drop_duplicates("firm")
            self._best = (key, suggestions, rec, {f: i for i, f in enumerate(rec["firm"])})
        return self._best[2], self._best[3]

    def caveat(self) -> str | None:
        """:func:`international_caveat` of the graph (computed once)."""
        if self._caveat is None:
            self._caveat = (international_caveat(self.G),)
        return self._caveat[0]

    def reach_counts(self, options: list, members) -> dict:
        """option -> number of ``members`` it is a partner of, or a partner's partner of
        (:meth:`reaches` for every pair, each member's partners walked once)."""
        opts = set(options)
        count = dict.fromkeys(options, 0)
        if all(_type(self.G, o) in REACH_TYPES for o in opts):  # each member's set listed once
            for m in members:
                for o in opts.intersection(self.near(m)):
                    count[o] += 1
            return count
        adj = self.U.adj

        def among(nb) -> set:  # the options among the keys of nb, walking the shorter side
            return {o for o in nb if o in opts} if len(nb) <= len(opts) else {o for o in opts if o in nb}

        for m in members:
            am = adj[m]
            if len(am) > self.KEEP_FROM:
                types = {_type(self.G, o) for o in opts}
                hit = opts & self.within_two(m, types) | among(am)
            else:
                hit = among(am)
                for p in am:
                    hit |= among(adj[p])
            for o in hit:
                count[o] += 1
        return count

    def reaches(self, m, n) -> bool:
        """True when ``n`` is a partner of ``m`` or of one of ``m``'s partners."""
        U = self.U
        if n in U[m]:
            return True
        if _type(self.G, n) in REACH_TYPES:
            return n in self.near(m)
        if len(U[m]) > self.KEEP_FROM:
            return n in self.within_two(m, {_type(self.G, n)})
        return any(n in U[p] for p in U[m])


def indicators(G: nx.Graph, c, *, index: NeighbourIndex | None = None) -> dict[str, float | int | None]:
    """The four-step indicators of cluster organisation ``c`` (module docstring).

    Parameters
    ----------
    G : networkx.Graph
    c : str
        Id of a cluster organisation in ``G``.
    index : NeighbourIndex, optional
        Lookups of ``G`` shared by the calls for several cluster organisations.

    Returns
    -------
    dict
        indicator -> value (:data:`INDICATORS`); ``members_with_education_share``
        is None without members.

    Examples
    --------
    >>> G = nx.Graph([("k", "f1"), ("k", "f2"), ("f1", "v"), ("k", "g")])
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f1": "firm", "f2": "firm", "v": "vet",
    ...                            "g": "government"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> ind = indicators(G, "k")
    >>> ind["members"], ind["members_with_education_share"], ind["regional_government"]
    (2, 0.5, 1)
    """
    ix = index if index is not None and index.G is G else NeighbourIndex(G)
    U = ix.U
    d = G.nodes[c]
    region, country = d.get("region"), d.get("country")
    nbrs = list(U[c])
    members = [m for m in nbrs if _type(G, m) == "firm"]
    with_edu = [m for m in members if ix.has_type(m, EDUCATION_TYPES)]
    member_edu = {e for m in members for e in ix.of_types(m, EDUCATION_TYPES)}
    service = sum(1 for m in nbrs if SERVICE_TYPES & set(U[c][m].get("types") or ()))
    around = [c, *members]
    intl_links = ix.international_links(around)
    abroad = ix.count_abroad(around, country) if country is not None else 0

    def abroad_of(n):
        cn = G.nodes[n].get("country")
        return country is not None and cn is not None and cn != country

    return {
        "members": len(members),
        "education_partners": sum(1 for m in nbrs if _type(G, m) in EDUCATION_TYPES),
        "member_education_partners": len(member_edu),
        "members_with_education_share": len(with_edu) / len(members) if members else None,
        "service_links": service,
        "regional_government": sum(
            1 for m in nbrs if _type(G, m) == "government" and region is not None and G.nodes[m].get("region") == region
        ),
        "other_cluster_orgs": sum(1 for m in nbrs if _type(G, m) == "cluster_org"),
        "rtos": sum(1 for m in nbrs if _type(G, m) == "rto"),
        "international_links": intl_links,
        "partners_abroad": abroad,
        "cluster_orgs_abroad": sum(1 for m in nbrs if _type(G, m) == "cluster_org" and abroad_of(m)),
    }


class IndicatorArrays:
    """The indicators of every cluster organisation at once, with sparse matrices (undirected graphs).

    :func:`indicators` walks each cluster organisation's partners and its members' partners in
    Python; for every cluster organisation of a large network, and again for each year of
    :func:`step_history` (4,000 cluster organisations, eleven years, 500,000 links: half a minute),
    the same counts are sparse matrix products: with ``A`` the adjacency matrix, ``M`` the rows of
    the cluster organisations restricted to firm columns (their members) and ``R = M + I_c`` (each
    cluster organisation and its members), ``member_education_partners`` is the number of nonzero
    entries of the rows of ``M A_edu``, ``partners_abroad`` those of ``R A + R`` in another country,
    and ``international_links`` is ``R d_int - (R A_int) . R / 2`` (each link touching the group once).
    The values are those of :func:`indicators` (compared in the tests, hubs and missing countries
    included; a NaN region or country counts as missing, as the loader makes it). A directed graph,
    one with self-loops (:meth:`applies`) or one whose products would be large (:meth:`fits`: a
    hub member of thousands of cluster organisations) goes through :func:`indicators`.

    Parameters
    ----------
    G : networkx.Graph
        Undirected, without self-loops.

    Examples
    --------
    >>> G = nx.Graph([("k", "f1"), ("k", "f2"), ("f1", "v"), ("k", "g")])
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f1": "firm", "f2": "firm", "v": "vet",
    ...                            "g": "government"}, "type")
    >>> nx.set_node_attributes(G, "North", "region")
    >>> table = IndicatorArrays(G).table(["k"])
    >>> table.set_index("indicator").loc[["members", "members_with_education_share"], "value"].tolist()
    [2, 0.5]
    """

    def __init__(self, G: nx.Graph) -> None:
        import numpy as np

        self.G = G
        nodes = list(G)
        self.nodes = nodes
        self.index = {n: i for i, n in enumerate(nodes)}
        n = len(nodes)
        attrs = [G.nodes[v] for v in nodes]
        types = [d.get("type") for d in attrs]
        self.is_firm = np.fromiter((t == "firm" for t in types), bool, n)
        self.is_edu = np.fromiter((t in EDUCATION_TYPES for t in types), bool, n)
        self.is_gov = np.fromiter((t == "government" for t in types), bool, n)
        self.is_co = np.fromiter((t == "cluster_org" for t in types), bool, n)
        self.is_rto = np.fromiter((t == "rto" for t in types), bool, n)
        self.region = _codes([d.get("region") for d in attrs])
        self.country = _codes([d.get("country") for d in attrs])
        m = G.number_of_edges()
        u = np.empty(m, dtype=np.int64)
        v = np.empty(m, dtype=np.int64)
        year = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)  # undated: after every year
        intl = np.zeros(m, dtype=bool)
        service = np.zeros(m, dtype=bool)
        index = self.index
        for k, (a, b, d) in enumerate(G.edges(data=True)):
            u[k], v[k] = index[a], index[b]
            y = d.get("year")
            if y is not None:
                year[k] = int(y)
            intl[k] = d.get("scope") == "international"
            service[k] = bool(SERVICE_TYPES & set(d.get("types") or ()))
        self.u, self.v, self.year, self.intl, self.service = u, v, year, intl, service
        self._all = None  # the adjacency matrix of every link (:meth:`_matrix`)

    @staticmethod
    def applies(G: nx.Graph) -> bool:
        """True for the graphs this engine computes: undirected, no self-loop."""
        return not G.is_directed() and not G.is_multigraph() and nx.number_of_selfloops(G) == 0

    def fits(self, orgs: list) -> bool:
        """True when the products stay small: the partners of each organisation's members, summed
        (``R A``'s entries at most), within :data:`ARRAY_PRODUCT_LIMIT` times the links (and at
        least a million). A hub member of thousands of cluster organisations (20,000 partners, 2,000
        organisations: 40 million entries, 1.6 GB) is left to the walk, which lists a hub's sets once.
        """
        import numpy as np

        A = self._matrix(None)
        deg = np.asarray(A.sum(axis=1)).ravel()
        firm_deg = np.where(self.is_firm, deg, 0)
        at = np.fromiter((self.index[c] for c in orgs), np.int64, len(orgs))
        size = float(deg[at].sum()) + float(np.asarray(A[at] @ firm_deg).sum())
        return size <= max(ARRAY_PRODUCT_LIMIT * 2 * len(self.u), 1e6)

    def _matrix(self, keep):
        """The symmetric adjacency matrix of the links ``keep`` (None: every link, built once)."""
        import numpy as np
        import scipy.sparse as sp

        if keep is None:
            if self._all is None:
                self._all = self._matrix(np.ones(len(self.u), dtype=bool))
            return self._all
        n = len(self.nodes)
        u, v = self.u[keep], self.v[keep]
        ones = np.ones(2 * len(u), dtype=np.int64)
        return sp.csr_matrix((ones, (np.concatenate((u, v)), np.concatenate((v, u)))), shape=(n, n))

    def values(self, orgs: list, keep=None) -> dict:
        """indicator -> list of values, one per cluster organisation of ``orgs``, on the links ``keep``
        (a boolean mask over the links of ``G``; None: all)."""
        import numpy as np
        import scipy.sparse as sp

        A = self._matrix(keep)
        if keep is None:
            keep = np.ones(len(self.u), dtype=bool)
        n = len(self.nodes)
        C = np.fromiter((self.index[c] for c in orgs), np.int64, len(orgs))
        k = len(C)
        S = self._matrix(keep & self.service)
        Ai = self._matrix(keep & self.intl)
        Ac = A[C]
        firm = self.is_firm.astype(np.int64)
        members = np.asarray(Ac @ firm).ravel()
        edu_partners = np.asarray(Ac @ self.is_edu.astype(np.int64)).ravel()
        M = Ac.multiply(self.is_firm[None, :]).tocsr()  # each row: the members
        has_edu = np.asarray(A @ self.is_edu.astype(np.int64)).ravel() > 0
        with_edu = np.asarray(M @ has_edu.astype(np.int64)).ravel()
        A_edu = A.multiply(self.is_edu[None, :]).tocsr()
        member_edu = (M @ A_edu).getnnz(axis=1) if k else np.zeros(0, dtype=np.int64)
        service = np.asarray(S[C].sum(axis=1)).ravel()
        other_co = np.asarray(Ac @ self.is_co.astype(np.int64)).ravel()
        rtos = np.asarray(Ac @ self.is_rto.astype(np.int64)).ravel()
        rows, cols = Ac.nonzero()
        region_c, country_c = self.region[C], self.country[C]
        gov = self.is_gov[cols] & (region_c[rows] >= 0) & (self.region[cols] == region_c[rows])
        regional_gov = np.bincount(rows[gov], minlength=k)
        co_abroad = (
            self.is_co[cols]
            & (country_c[rows] >= 0)
            & (self.country[cols] >= 0)
            & (self.country[cols] != country_c[rows])
        )
        cluster_orgs_abroad = np.bincount(rows[co_abroad], minlength=k)
        # each cluster organisation and its members
        R = (M + sp.csr_matrix((np.ones(k, dtype=np.int64), (np.arange(k), C)), shape=(k, n))).tocsr()
        deg_i = np.asarray(Ai.sum(axis=1)).ravel()
        total = np.asarray(R @ deg_i).ravel()
        both = np.asarray((R @ Ai).multiply(R).sum(axis=1)).ravel()
        intl_links = total - both // 2
        # partners abroad: the group's actors that have a partner, and their partners, in another country
        deg = np.asarray(A.sum(axis=1)).ravel()
        reach = (R @ A + R.multiply((deg > 0)[None, :])).tocsr()
        rr, rc = reach.nonzero()
        away = (country_c[rr] >= 0) & (self.country[rc] >= 0) & (self.country[rc] != country_c[rr])
        abroad = np.bincount(rr[away], minlength=k)
        share = [w / m if m else None for w, m in zip(with_edu.tolist(), members.tolist())]
        return {
            "members": members.tolist(),
            "education_partners": edu_partners.tolist(),
            "member_education_partners": np.asarray(member_edu).tolist(),
            "members_with_education_share": share,
            "service_links": service.tolist(),
            "regional_government": regional_gov.tolist(),
            "other_cluster_orgs": other_co.tolist(),
            "rtos": rtos.tolist(),
            "international_links": intl_links.tolist(),
            "partners_abroad": abroad.tolist(),
            "cluster_orgs_abroad": cluster_orgs_abroad.tolist(),
        }

    def table(self, orgs: list, keep=None) -> pd.DataFrame:
        """:func:`step_indicators` rows of ``orgs`` (in that order) on the links ``keep``."""
        values = self.values(orgs, keep)
        return _indicator_frame(self.G, orgs, lambda j, i: values[i][j])


def _indicator_frame(G: nx.Graph, orgs: list, value) -> pd.DataFrame:
    """Long-format rows (:data:`COLUMNS`) of ``orgs``: ``value(position, indicator)`` each."""
    nodes = G.nodes
    rows = []
    for j, c in enumerate(orgs):
        name = nodes[c].get("name", c)
        rows += [(c, name, STEP_OF[i], i, value(j, i)) for i in INDICATORS]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


#: :meth:`IndicatorArrays.fits`: the largest product, in entries per link end.
ARRAY_PRODUCT_LIMIT: int = 16


def _codes(values: list):
    """Integer codes of ``values`` by equality, -1 for a missing value (None or NaN)."""
    import numpy as np

    seen: dict = {}

    def code(x) -> int:
        if x is None or (isinstance(x, float) and x != x):
            return -1
        return seen.setdefault(x, len(seen))

    return np.fromiter((code(x) for x in values), np.int64, len(values))


def step_indicators(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """The four-step indicators of every cluster organisation, long format.

    Parameters
    ----------
    G : networkx.Graph
    region : str, optional
        Only the cluster organisations of this region.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`, cluster organisations by id, indicators in
        :data:`INDICATORS` order (:class:`IndicatorArrays` on undirected graphs, else
        :func:`indicators` for each).

    Examples
    --------
    >>> G = nx.Graph([("k", "f")]); nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm"}, "type")
    >>> step_indicators(G).query("indicator == 'members'")["value"].tolist()
    [1]
    """
    orgs = cluster_orgs(G, region)
    if orgs and IndicatorArrays.applies(G):
        arrays = IndicatorArrays(G)
        if arrays.fits(orgs):
            return arrays.table(orgs)
    return _walked(G, orgs)


def _walked(G: nx.Graph, orgs: list) -> pd.DataFrame:
    """:func:`step_indicators` rows of ``orgs`` by :func:`indicators`, one organisation at a time."""
    ix = NeighbourIndex(G)
    each = [indicators(G, c, index=ix) for c in orgs]
    return _indicator_frame(G, orgs, lambda j, i: each[j][i])


def step_history(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """The indicators at the end of each year of the links (empty when no link has a year).

    Returns
    -------
    DataFrame
        :data:`COLUMNS` plus ``year``; a cluster organisation not yet active in a
        year (no dated link yet) has no rows for it. Each year is the network of
        :func:`clustergraph.analysis.timeline.networks_by_year` (dated links up to that year,
        undated links left out); on undirected graphs the years are masks over one
        :class:`IndicatorArrays`, not graphs.

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("k", "f", year=2020); G.add_edge("k", "v", year=2022, types=["training"])
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm", "v": "vet"}, "type")
    >>> h = step_history(G).query("indicator == 'service_links'")
    >>> h[["year", "value"]].values.tolist()
    [[2020, 0], [2022, 1]]
    """
    frames = []
    arrays = IndicatorArrays(G) if IndicatorArrays.applies(G) else None
    orgs = cluster_orgs(G, region)
    if arrays is not None and arrays.fits(orgs):  # the last year's products are the largest
        import numpy as np

        dated = arrays.year != np.iinfo(np.int64).max
        first = np.full(len(arrays.nodes), np.iinfo(np.int64).max, dtype=np.int64)  # first dated year
        np.minimum.at(first, arrays.u[dated], arrays.year[dated])
        np.minimum.at(first, arrays.v[dated], arrays.year[dated])
        undated_only = first == np.iinfo(np.int64).max
        at = np.fromiter((arrays.index[c] for c in orgs), np.int64, len(orgs))
        for y in sorted(set(arrays.year[dated].tolist())):
            present = undated_only[at] | (first[at] <= y)
            now = [c for c, p in zip(orgs, present.tolist()) if p]
            if now:
                frames.append(arrays.table(now, dated & (arrays.year <= y)).assign(year=int(y)))
    else:
        from .timeline import networks_by_year

        for y, H in networks_by_year(G):  # views, not copies
            t = _walked(H, cluster_orgs(H, region))
            if len(t):
                frames.append(t.assign(year=int(y)))
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, "year"])
    return pd.concat(frames, ignore_index=True)


def _ranked_by_members(G: nx.Graph, ix: NeighbourIndex, c, options: list, members: set) -> list:
    """``options`` most useful first: most members reaching them (directly or through a partner),
    then the members' sectors, then the cluster organisation's region, then most links, then id."""
    sectors = {G.nodes[m].get("sector") for m in members} - {None}
    region = G.nodes[c].get("region")
    degree = ix.U.degree  # a self-link counts twice, as in U.degree
    reach = ix.reach_counts(options, members)
    nodes = G.nodes
    return sorted(
        options,
        key=lambda n: (
            -reach[n],
            nodes[n].get("sector") not in sectors,
            nodes[n].get("region") != region,
            -degree(n),
            str(n),
        ),
    )


def _why(G: nx.Graph, ix: NeighbourIndex, n, members: set) -> str:
    U = ix.U
    direct = sum(1 for m in members if U.has_edge(m, n))
    via = sum(1 for m in members if not U.has_edge(m, n) and ix.reaches(m, n))
    name = str(G.nodes[n].get("name", n))
    bits = []
    if direct:
        bits.append(f"{direct} member{'s' if direct != 1 else ''} already work{'s' if direct == 1 else ''} with it")
    if via:
        bits.append(f"the partners of {via} member{'s' if via != 1 else ''} do")
    if not bits:
        bits.append(f"{U.degree(n)} link{'s' if U.degree(n) != 1 else ''} in the network")
    return f"{name}: " + ", ".join(bits)


def step_moves(
    G: nx.Graph,
    c,
    suggestions: pd.DataFrame | None = None,
    *,
    top: int = 3,
    index: NeighbourIndex | None = None,
) -> pd.DataFrame:
    """What would move each step of cluster organisation ``c``: three to five concrete moves, each with its reason.

    Chosen by its members (their partners, sectors and region), naming at
    most :data:`MOVE_ACTORS` actors each, never every actor of a kind:

    - broaden participation: the best ``top`` recommended introductions for
      its members (:func:`clustergraph.analysis.suggest.recommendations`),
      measured on ``members_with_education_share``; and bringing in the
      education actors its members' partners already work with but ``c``
      does not (``education_partners``);
    - develop services: a training, curriculum or internship link with the
      education partners that have none yet, those most linked to its
      members first (``service_links``);
    - engage regionally: links to the government actors and RTOs of its
      region not yet linked, those its members (or their partners) work with
      first (``regional_government`` + ``rtos``);
    - connect internationally: a link to the cluster organisation abroad with
      the most links (``cluster_orgs_abroad``); when the data cannot see
      partners abroad (:func:`international_caveat`) the move says so instead.

    Before is :func:`indicators` of ``c``; after is the moved indicator of ``G`` with the links added, counted from
    what the links change: the introduced members that had no education
    partner now have one, each regional government actor or RTO linked adds
    one, the partner abroad adds one (the same values as :func:`indicators`
    on :func:`clustergraph.analysis.whatif.add_links` of ``G``, compared in
    the tests, without copying the network). A step with nothing to add has
    no row. ``index`` (:class:`NeighbourIndex` of ``G``) is shared by the
    calls for several cluster organisations.

    Returns
    -------
    DataFrame
        Columns :data:`MOVE_COLUMNS`.

    Examples
    --------
    >>> G = nx.Graph([("k", "f")]); G.add_node("g", region="N"); G.add_node("k2", country="ES")
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm", "g": "government", "k2": "cluster_org"}, "type")
    >>> G.nodes["k"].update(region="N", country="NO")
    >>> step_moves(G, "k")[["step", "before", "after"]].values.tolist()
    [['regional', 0, 1], ['international', 0, 1]]
    """
    ix = index if index is not None and index.G is G else NeighbourIndex(G)
    return pd.DataFrame(_move_rows(G, c, suggestions, top=top, ix=ix, before=None), columns=MOVE_COLUMNS, dtype=object)


def moves_table(
    G: nx.Graph,
    suggestions: pd.DataFrame | None = None,
    region: str | None = None,
    *,
    top: int = 3,
    indicators_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`step_moves` of every cluster organisation (of ``region`` when given), one table.

    Parameters
    ----------
    G : networkx.Graph
    suggestions : DataFrame, optional
        :func:`clustergraph.analysis.suggest.suggest_partners` of ``G``.
    region : str, optional
    top : int
        Introductions per cluster organisation.
    indicators_table : DataFrame, optional
        :func:`step_indicators` of ``G`` and ``region`` when already computed (its values
        are the moves' before).

    Returns
    -------
    DataFrame
        Columns :data:`MOVE_COLUMNS`, cluster organisations by id.

    Examples
    --------
    >>> G = nx.Graph([("k", "f")]); G.add_node("g", region="N")
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm", "g": "government"}, "type")
    >>> G.nodes["k"]["region"] = "N"
    >>> moves_table(G)[["cluster_org", "step", "before", "after"]].values.tolist()
    [['k', 'regional', 0, 1], ['k', 'international', 0, 0]]
    """
    known: dict = {}
    if indicators_table is not None:
        t = indicators_table
        for c, i, v in zip(t["cluster_org"], t["indicator"], t["value"]):
            known.setdefault(c, {})[i] = v
    ix = NeighbourIndex(G)  # one for every cluster organisation: a hub's partners are walked once
    rows: list = []
    for c in cluster_orgs(G, region):
        rows += _move_rows(G, c, suggestions, top=top, ix=ix, before=known.get(c))
    return pd.DataFrame(rows, columns=MOVE_COLUMNS, dtype=object)


def _move_rows(G: nx.Graph, c, suggestions, *, top: int, ix: NeighbourIndex, before: dict | None) -> list:
    """The rows of :func:`step_moves` (tuples in :data:`MOVE_COLUMNS` order)."""
    from .suggest import recommendations

    U = ix.U
    d = G.nodes[c]
    name = lambda n: str(G.nodes[n].get("name", n))
    if before is None or any(i not in before for i in INDICATORS):
        before = indicators(G, c, index=ix)
    rows: list[tuple] = []
    members = {m for m in U[c] if _type(G, m) == "firm"}
    if suggestions is not None and len(suggestions):
        best, position = ix.best_recommended(suggestions, recommendations)
        rec = best.iloc[sorted(position[m] for m in members if m in position)[:top]]
        if len(rec):
            pairs = list(zip(rec["firm"], rec["candidate"]))
            with_edu = {m for m in members if ix.has_type(m, EDUCATION_TYPES)}
            with_edu.update(f for f, v in pairs if _type(G, v) in EDUCATION_TYPES)  # rec's firms are members
            action = "introduce " + "; ".join(f"{name(f)} to {name(v)}" for f, v in zip(rec["firm"], rec["candidate"]))
            ind = "members_with_education_share"
            why = "members without an education partner, best recommended introduction first"
            if "way_in" in rec:
                why += ": " + "; ".join(f"{name(f)} {w}" for f, w in zip(rec["firm"], rec["way_in"]))
            rows.append((c, "broaden", ind, action, before[ind], len(with_edu) / len(members), why))
    near = set().union(*(ix.near(m) for m in members))  # C-level union: a hub's set is big
    near_edu = {e for e in near if _type(G, e) in EDUCATION_TYPES} - {c, *U[c]}
    if near_edu and members:
        pick = _ranked_by_members(G, ix, c, sorted(near_edu, key=str), members)[:MOVE_ACTORS]
        n = int(before["education_partners"] or 0)
        action = "bring in " + actor_names(G, pick)
        why = "; ".join(_why(G, ix, e, members) for e in pick)
        rows.append((c, "broaden", "education_partners", action, n, n + len(pick), why))
    no_service = [
        m for m in U[c] if _type(G, m) in EDUCATION_TYPES and not SERVICE_TYPES & set(U[c][m].get("types") or ())
    ]
    if no_service:
        pick = _ranked_by_members(G, ix, c, sorted(no_service, key=str), members)[:MOVE_ACTORS]
        action = "agree training, curriculum or internship services with " + actor_names(G, pick)
        n = int(before["service_links"] or 0)
        why = "education partners without a service link yet; " + "; ".join(_why(G, ix, e, members) for e in pick)
        rows.append((c, "services", "service_links", action, n, n + len(pick), why))
    region = d.get("region")
    if region is not None:
        local = [n for n in ix.regional(region) if n != c and not U.has_edge(c, n)]
        if local:
            pick = _ranked_by_members(G, ix, c, sorted(local, key=str), members)[:MOVE_ACTORS]
            action = "link with " + actor_names(G, pick)
            b = int(before["regional_government"] or 0) + int(before["rtos"] or 0)
            a = b + len(pick)  # each is a government actor of the region or an RTO, not linked yet
            more = len(local) - len(pick)
            why = f"government and RTOs of {region} closest to its members; " + "; ".join(
                _why(G, ix, n, members) for n in pick
            )
            if more > 0:
                why += f" ({more} more in {region})"
            rows.append((c, "regional", "regional_government+rtos", action, b, a, why))
    country = d.get("country")
    caveat = ix.caveat()
    ind = "cluster_orgs_abroad"
    if caveat is not None:
        rows.append(
            (
                c,
                "international",
                ind,
                "check the partners abroad in the full source data",
                before[ind],
                before[ind],
                caveat.split(":")[0],  # the full caveat is shown once under the moves
            )
        )
    elif country is not None:
        best = next(
            (
                n
                for n in ix.cluster_orgs_by_links()  # most links first: the first that qualifies is the best
                if n != c
                and G.nodes[n].get("country") is not None
                and G.nodes[n].get("country") != country
                and not U.has_edge(c, n)
            ),
            None,
        )
        if best is not None:
            why = f"the cluster organisation abroad with most links ({U.degree(best)})"
            one_more = int(before[ind] or 0) + 1  # a cluster organisation in another country, not linked yet
            rows.append((c, "international", ind, f"partner with {name(best)}", before[ind], one_more, why))
    return rows
