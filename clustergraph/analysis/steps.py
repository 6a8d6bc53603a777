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


def indicators(G: nx.Graph, c) -> dict[str, float | int | None]:
    """The four-step indicators of cluster organisation ``c`` (module docstring).

    Parameters
    ----------
    G : networkx.Graph
    c : str
        Id of a cluster organisation in ``G``.

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
    U = undirected(G)
    d = G.nodes[c]
    region, country = d.get("region"), d.get("country")
    nbrs = list(U[c])
    members = [m for m in nbrs if _type(G, m) == "firm"]
    with_edu = [m for m in members if any(_type(G, e) in EDUCATION_TYPES for e in U[m])]
    member_edu = {e for m in members for e in U[m] if _type(G, e) in EDUCATION_TYPES}
    service = sum(1 for m in nbrs if SERVICE_TYPES & set(U[c][m].get("types") or ()))
    seen: set = set()
    intl_links = 0
    abroad: set = set()
    for a in [c, *members]:
        for b in U[a]:
            e = frozenset((a, b))
            if e in seen:
                continue
            seen.add(e)
            if U[a][b].get("scope") == "international":
                intl_links += 1
            for x in (a, b):
                cx = G.nodes[x].get("country")
                if country is not None and cx is not None and cx != country:
                    abroad.add(x)

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
        "partners_abroad": len(abroad),
        "cluster_orgs_abroad": sum(1 for m in nbrs if _type(G, m) == "cluster_org" and abroad_of(m)),
    }


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
        :data:`INDICATORS` order.

    Examples
    --------
    >>> G = nx.Graph([("k", "f")]); nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm"}, "type")
    >>> step_indicators(G).query("indicator == 'members'")["value"].tolist()
    [1]
    """
    rows = []
    for c in cluster_orgs(G, region):
        ind = indicators(G, c)
        name = G.nodes[c].get("name", c)
        rows += [(c, name, STEP_OF[i], i, ind[i]) for i in INDICATORS]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def step_history(G: nx.Graph, region: str | None = None) -> pd.DataFrame:
    """The indicators at the end of each year of the links (empty when no link has a year).

    Returns
    -------
    DataFrame
        :data:`COLUMNS` plus ``year``; a cluster organisation not yet active in a
        year (no dated link yet) has no rows for it.

    Examples
    --------
    >>> G = nx.Graph(); G.add_edge("k", "f", year=2020); G.add_edge("k", "v", year=2022, types=["training"])
    >>> nx.set_node_attributes(G, {"k": "cluster_org", "f": "firm", "v": "vet"}, "type")
    >>> h = step_history(G).query("indicator == 'service_links'")
    >>> h[["year", "value"]].values.tolist()
    [[2020, 0], [2022, 1]]
    """
    from .timeline import link_years, network_until

    frames = []
    for y in link_years(G):
        H = network_until(G, y)
        t = step_indicators(H, region)
        if len(t):
            frames.append(t.assign(year=int(y)))
    if not frames:
        return pd.DataFrame(columns=[*COLUMNS, "year"])
    return pd.concat(frames, ignore_index=True)


def _around(G: nx.Graph, c, extra=()) -> nx.Graph:
    """The part of ``G`` the indicators of ``c`` read: ``c``, its partners, its members' partners, ``extra``.

    The what-ifs add links to a copy of this small subgraph rather than of the whole network.
    """
    U = undirected(G)
    keep = {c, *U[c], *extra}
    for m in list(U[c]):
        if _type(G, m) == "firm":
            keep.update(U[m])
    return G.subgraph(keep)


def _ranked_by_members(G: nx.Graph, U: nx.Graph, c, options: list, members: set) -> list:
    """``options`` most useful first: most members reaching them (directly or through a partner),
    then the members' sectors, then the cluster organisation's region, then most links, then id."""
    sectors = {G.nodes[m].get("sector") for m in members} - {None}
    region = G.nodes[c].get("region")

    def reach(n):
        return sum(1 for m in members if U.has_edge(m, n) or any(U.has_edge(p, n) for p in U[m]))

    return sorted(
        options,
        key=lambda n: (
            -reach(n),
            G.nodes[n].get("sector") not in sectors,
            G.nodes[n].get("region") != region,
            -U.degree(n),
            str(n),
        ),
    )


def _why(G: nx.Graph, U: nx.Graph, n, members: set) -> str:
    direct = sum(1 for m in members if U.has_edge(m, n))
    via = sum(1 for m in members if not U.has_edge(m, n) and any(U.has_edge(p, n) for p in U[m]))
    name = str(G.nodes[n].get("name", n))
    bits = []
    if direct:
        bits.append(f"{direct} member{'s' if direct != 1 else ''} already work{'s' if direct == 1 else ''} with it")
    if via:
        bits.append(f"the partners of {via} member{'s' if via != 1 else ''} do")
    if not bits:
        bits.append(f"{U.degree(n)} link{'s' if U.degree(n) != 1 else ''} in the network")
    return f"{name}: " + ", ".join(bits)


def step_moves(G: nx.Graph, c, suggestions: pd.DataFrame | None = None, *, top: int = 3) -> pd.DataFrame:
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

    Before and after are :func:`indicators` on ``G`` and on ``G`` with the
    links added (:func:`clustergraph.analysis.whatif.add_links`, on a copy of
    the part of ``G`` the indicators read); a step with nothing to add has no row.

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
    from .suggest import recommendations
    from .whatif import add_links

    U = undirected(G)
    d = G.nodes[c]
    name = lambda n: str(G.nodes[n].get("name", n))
    before = indicators(G, c)
    rows = []
    members = {m for m in U[c] if _type(G, m) == "firm"}
    if suggestions is not None and len(suggestions):
        rec = recommendations(suggestions)
        rec = rec[rec["firm"].isin(members)].sort_values(["rank", "score", "firm"], ascending=[True, False, True])
        rec = rec.drop_duplicates("firm").head(top)
        if len(rec):
            pairs = list(zip(rec["firm"], rec["candidate"]))
            after = indicators(add_links(_around(G, c, rec["candidate"]), pairs), c)
            action = "introduce " + "; ".join(f"{name(f)} to {name(v)}" for f, v in zip(rec["firm"], rec["candidate"]))
            ind = "members_with_education_share"
            why = "members without an education partner, best recommended introduction first"
            if "way_in" in rec:
                why += ": " + "; ".join(f"{name(f)} {w}" for f, w in zip(rec["firm"], rec["way_in"]))
            rows.append((c, "broaden", ind, action, before[ind], after[ind], why))
    near_edu = {e for m in members for p in U[m] for e in (p, *U[p]) if _type(G, e) in EDUCATION_TYPES}
    near_edu -= {c, *U[c]}
    if near_edu and members:
        pick = _ranked_by_members(G, U, c, sorted(near_edu, key=str), members)[:MOVE_ACTORS]
        n = int(before["education_partners"] or 0)
        action = "bring in " + actor_names(G, pick)
        why = "; ".join(_why(G, U, e, members) for e in pick)
        rows.append((c, "broaden", "education_partners", action, n, n + len(pick), why))
    no_service = [
        m for m in U[c] if _type(G, m) in EDUCATION_TYPES and not SERVICE_TYPES & set(U[c][m].get("types") or ())
    ]
    if no_service:
        pick = _ranked_by_members(G, U, c, sorted(no_service, key=str), members)[:MOVE_ACTORS]
        action = "agree training, curriculum or internship services with " + actor_names(G, pick)
        n = int(before["service_links"] or 0)
        why = "education partners without a service link yet; " + "; ".join(_why(G, U, e, members) for e in pick)
        rows.append((c, "services", "service_links", action, n, n + len(pick), why))
    region = d.get("region")
    if region is not None:
        local = [
            n
            for n, nd in G.nodes(data=True)
            if nd.get("type") in ("government", "rto")
            and nd.get("region") == region
            and n != c
            and not U.has_edge(c, n)
        ]
        if local:
            pick = _ranked_by_members(G, U, c, sorted(local, key=str), members)[:MOVE_ACTORS]
            after = indicators(add_links(_around(G, c, pick), [(c, n) for n in pick]), c)
            action = "link with " + actor_names(G, pick)
            b = int(before["regional_government"] or 0) + int(before["rtos"] or 0)
            a = int(after["regional_government"] or 0) + int(after["rtos"] or 0)
            more = len(local) - len(pick)
            why = f"government and RTOs of {region} closest to its members; " + "; ".join(
                _why(G, U, n, members) for n in pick
            )
            if more > 0:
                why += f" ({more} more in {region})"
            rows.append((c, "regional", "regional_government+rtos", action, b, a, why))
    country = d.get("country")
    caveat = international_caveat(G)
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
        abroad = [
            n
            for n in cluster_orgs(G)
            if n != c
            and G.nodes[n].get("country") is not None
            and G.nodes[n].get("country") != country
            and not U.has_edge(c, n)
        ]
        if abroad:
            best = min(abroad, key=lambda n: (-U.degree(n), str(n)))
            after = indicators(add_links(_around(G, c, [best]), [(c, best)]), c)
            why = f"the cluster organisation abroad with most links ({U.degree(best)})"
            rows.append((c, "international", ind, f"partner with {name(best)}", before[ind], after[ind], why))
    return pd.DataFrame(rows, columns=MOVE_COLUMNS, dtype=object)
