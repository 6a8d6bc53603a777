"""Skills needs against skills offers, through the network.

The fast mapping of the skills needs of a cluster's members and their links to the regional skills
ecosystem that the ECCP asks cluster organisations for (European Cluster Collaboration Platform,
Discussion Paper 1, step "broaden participation").

Definitions
-----------
A *need* is a row (actor ``A``, skill ``S``, kind ``need``) of the skills table
(:mod:`clustergraph.io.skills`); an *offer* a row of kind ``offer``.

- The need is **met** when ``A`` is linked (a link in either direction) to an actor that offers
  ``S``; ``met_by`` lists those actors. Otherwise it is **unmet**. An actor offering ``S`` itself
  does not meet its own need: the definition is about its links.
- For an unmet need, the **providers** are the actors offering ``S`` (other than ``A``), ranked
  as the partner suggestions rank candidates (:mod:`clustergraph.analysis.suggest`): same region
  first, then network evidence, the resource-allocation index ``RA(A, P)`` (Zhou, Lü & Zhang
  2009), then shared partners, then id. The **introducer** (``broker``) of the best provider is
  the shared partner with the highest Gould-Fernandez brokerage total (groups = actor type),
  else the cluster organisation of ``A``'s region with the highest total
  (:func:`clustergraph.analysis.suggest.brokerage_totals` and
  :func:`~clustergraph.analysis.suggest.cluster_organisations`): a shorter ladder than the *way in*
  of :func:`~clustergraph.analysis.suggest.suggest_partners`, which also prefers the partner
  matching the firm's sector or programmes and tries the firm's own cluster organisation first.
- Per region and skill (:func:`skills_matrix`): members needing it, needs met, providers in
  the region and elsewhere.
- **Idle offers** (:func:`idle_offers`): offers of a skill nobody in the data needs.

Skills in the partner suggestions
---------------------------------
:func:`rank_by_skills` re-ranks a suggestions table: a candidate offering a skill the firm needs
ranks above one that does not, and its reason says so ("offers welding, which Ulstein Deck
Machinery needs").

References
----------
European Cluster Collaboration Platform (2020). Discussion Paper 1: The role of clusters in
the skills ecosystem.
Zhou, T., Lü, L. and Zhang, Y.-C. (2009). Predicting missing links via local information.
European Physical Journal B 71: 623-630.
Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation. Sociological Methodology 19: 89-126.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InputError
from ..graph import actor_names, actors_only, drop_self_loops, undirected
from ..io.skills import SkillsData, skills_data
from ..lookup import fold
from ..schema import PRIORITIES

#: Columns of :func:`skill_needs`.
NEED_COLUMNS: list[str] = [
    "actor",
    "name",
    "region",
    "skill",
    "priority",
    "level",
    "met",
    "met_by",
    "met_by_ids",
    "suggested",
    "suggested_ids",
    "suggested_region",
    "broker",
    "broker_id",
    "reason",
]

#: Columns of :func:`skills_matrix`.
MATRIX_COLUMNS: list[str] = [
    "region",
    "skill",
    "needs",
    "met",
    "unmet",
    "providers_in_region",
    "providers_elsewhere",
]

#: Columns of :func:`idle_offers`.
IDLE_COLUMNS: list[str] = ["actor", "name", "type", "region", "skill"]

#: The meaning of the skills tables' columns (the workbooks' Definitions sheet).
SKILL_DEFINITIONS: dict[str, str] = {
    "skill": "the skill (spellings merged: case, accents, spaces, hyphens ignored; or its --skill-groups group)",
    "priority": "priority of the need: high, medium or low",
    "level": "qualification level of the need (EQF 1-8)",
    "met": "TRUE when the actor is linked to an actor offering the skill",
    "met_by": "names of the linked actors offering the skill",
    "met_by_ids": "ids of the linked actors offering the skill",
    "suggested": "providers of the skill for an unmet need, best first (same region first, then shared partners)",
    "suggested_ids": "ids of the suggested providers",
    "suggested_region": "region of the best suggested provider",
    "broker_id": "id of the actor best placed to introduce the best provider",
    "needs": "members of the region needing the skill",
    "unmet": "needs not met through a link",
    "providers_in_region": "actors of the region offering the skill",
    "providers_elsewhere": "actors of other regions offering the skill",
}

#: The region of actors without one, in the tables.
NO_REGION = "(none)"

_PRIORITY_ORDER = {p: i for i, p in enumerate(PRIORITIES)}


def _data(G: nx.Graph, skills: SkillsData | None) -> SkillsData:
    data = skills if skills is not None else skills_data(G)
    if data is None:
        raise InputError("no skills table: load the data with skills=... (the CLI: --skills FILE)")
    unknown = sorted(set(data.table["actor"]) - set(G.nodes), key=str)
    if unknown:
        raise InputError(f"skills of actors not in the graph: {', '.join(map(str, unknown[:10]))}")
    return data


def _name(G: nx.Graph, n) -> str:
    return str(G.nodes[n].get("name") or n)


def _region(G: nx.Graph, n):
    return G.nodes[n].get("region")


def _offerers(data: SkillsData) -> dict[str, list]:
    """Skill -> the actors offering it (sorted by id)."""
    out: dict[str, list] = {}
    for actor, skill in zip(data.offers["actor"], data.offers["skill"]):
        out.setdefault(skill, []).append(actor)
    return {s: sorted(set(a), key=str) for s, a in out.items()}


def _introducers(G: nx.Graph):
    """(brokerage totals, region -> its cluster organisation with the highest total)."""
    from .suggest import brokerage_totals, cluster_organisations

    totals = brokerage_totals(G)
    return totals, {region: orgs[0] for region, orgs in cluster_organisations(G, "region", totals=totals).items()}


def skill_needs(G: nx.Graph, skills: SkillsData | None = None, *, top: int = 3) -> pd.DataFrame:
    """Every need, met or unmet, with who meets it or who could.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem graph (directed graphs are read undirected).
    skills : SkillsData, optional
        Default ``G.graph["skills"]`` (``clustergraph.load(..., skills=...)``).
    top : int
        Providers listed in ``suggested`` for an unmet need (best first).

    Returns
    -------
    DataFrame
        Columns :data:`NEED_COLUMNS`, one row per actor and needed skill, unmet high-priority
        needs first (then by priority, region, actor, skill). ``met_by``/``suggested`` are names
        joined by ``"; "`` (ids in ``met_by_ids``/``suggested_ids``); ``broker`` is the name of
        the introducer of the best suggested provider (id in ``broker_id``).

    Raises
    ------
    InputError
        No skills table, or skills of actors not in ``G``.

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph([("f1", "u"), ("f2", "c"), ("c", "v")])
    >>> nx.set_node_attributes(G, {"f1": "firm", "f2": "firm", "u": "university", "c": "cluster_org",
    ...                            "v": "vet"}, "type")
    >>> nx.set_node_attributes(G, "R", "region")
    >>> t = pd.DataFrame({"actor": ["f1", "f2", "u", "v"], "skill": ["welding"] * 4,
    ...                   "kind": ["need", "need", "offer", "offer"], "priority": [None] * 4})
    >>> needs = skill_needs(G, SkillsData(t))
    >>> needs[["actor", "met", "met_by_ids", "suggested_ids", "broker_id"]].values.tolist()
    [['f2', False, '', 'v; u', 'c'], ['f1', True, 'u', '', None]]
    """
    data = _data(G, skills)
    G = actors_only(drop_self_loops(G))
    U = undirected(G)
    offerers = _offerers(data)
    needs = data.needs
    rows: list[dict] = []
    unmet: list[tuple[int, object, str, list]] = []  # (row index, actor, skill, providers)
    for actor, skill, priority, level in zip(needs["actor"], needs["skill"], needs["priority"], _col(needs, "level")):
        providers = [p for p in offerers.get(skill, []) if p != actor]
        met_by = [p for p in providers if U.has_edge(actor, p)]
        row = {
            "actor": actor,
            "name": _name(G, actor),
            "region": _region(G, actor),
            "skill": skill,
            "priority": priority if isinstance(priority, str) else None,
            "level": level,
            "met": bool(met_by),
            "met_by": "; ".join(_name(G, p) for p in met_by),
            "met_by_ids": "; ".join(map(str, met_by)),
            "suggested": "",
            "suggested_ids": "",
            "suggested_region": None,
            "broker": None,
            "broker_id": None,
            "reason": f"linked to {actor_names(G, met_by)}, who offer{'s' if len(met_by) == 1 else ''} it"
            if met_by
            else "nobody in the data offers it",
        }
        if not met_by and providers:
            unmet.append((len(rows), actor, skill, providers))
        rows.append(row)
    if unmet:
        _rank_providers(G, U, rows, unmet, top)
    df = pd.DataFrame(rows, columns=NEED_COLUMNS)
    if not len(df):
        return df
    df["level"] = df["level"].astype("Int64")
    for col in ("region", "priority", "suggested_region", "broker", "broker_id"):
        df[col] = df[col].astype(object).where(df[col].notna(), None)
    order = pd.DataFrame(
        {
            "m": df["met"].astype(int),
            "p": df["priority"].map(lambda p: _PRIORITY_ORDER.get(p, len(PRIORITIES))),
            "r": df["region"].map(lambda r: (r is None, fold(r) if r is not None else "")),
            "a": df["actor"].astype(str),
            "s": df["skill"].map(fold),
        }
    )
    df = df.loc[order.sort_values(["m", "p", "r", "a", "s"]).index]
    return df.reset_index(drop=True)


def _col(frame: pd.DataFrame, name: str):
    return frame[name].tolist() if name in frame else [None] * len(frame)


def _rank_providers(G: nx.Graph, U: nx.Graph, rows: list[dict], unmet: list, top: int) -> None:
    """Fill ``suggested``, ``broker`` and ``reason`` of the unmet needs' rows (in place)."""
    from .suggest import resource_allocation_matrix

    needers = sorted({a for _, a, _, _ in unmet}, key=str)
    providers = sorted({p for _, _, _, ps in unmet for p in ps}, key=str)
    ra, cn = resource_allocation_matrix(G, needers, providers)
    ra, cn = ra.toarray(), cn.toarray()
    ri = {a: i for i, a in enumerate(needers)}
    ci = {p: j for j, p in enumerate(providers)}
    totals, region_broker = _introducers(G)
    for k, actor, _skill, ps in unmet:
        i = ri[actor]
        region = _region(G, actor)

        def key(p, i=i, region=region):
            same = region is not None and _region(G, p) == region
            return (not same, -round(float(ra[i, ci[p]]), 12), -int(cn[i, ci[p]]), str(p))

        ranked = sorted(ps, key=key)[: max(1, int(top))]
        best = ranked[0]
        common = sorted(nx.common_neighbors(U, actor, best), key=lambda n: (U.degree(n), str(n)))
        if common:
            broker = min(common, key=lambda n: (-totals.get(n, 0), str(n)))
        else:
            broker = region_broker.get(region)
        same = region is not None and _region(G, best) == region
        parts = [
            f"{_name(G, best)} offers it"
            + (f" in the same region ({region})" if same else f" ({_region(G, best) or 'no region'})")
        ]
        if not same and region is not None:
            parts.append(f"nobody in {region} offers it")
        shared = len(common)
        parts.append(
            f"{shared} shared partner{'s' if shared != 1 else ''} ({actor_names(G, common)})"
            if shared
            else "no shared partners yet"
        )
        if broker is not None:
            parts.append(f"introduced by {_name(G, broker)}")
        rows[k].update(
            suggested="; ".join(_name(G, p) for p in ranked),
            suggested_ids="; ".join(map(str, ranked)),
            suggested_region=_region(G, best),
            broker=None if broker is None else _name(G, broker),
            broker_id=broker,
            reason="; ".join(parts),
        )


def skills_matrix(G: nx.Graph, skills: SkillsData | None = None, *, needs: pd.DataFrame | None = None) -> pd.DataFrame:
    """The region x skill table: the region's skills gaps at a glance.

    Parameters
    ----------
    G : networkx.Graph
    skills : SkillsData, optional
        Default ``G.graph["skills"]``.
    needs : DataFrame, optional
        :func:`skill_needs` output, when already computed.

    Returns
    -------
    DataFrame
        Columns :data:`MATRIX_COLUMNS`: per region (actors without one under ``"(none)"``) and
        skill, the members needing it (``needs``), needs ``met`` and ``unmet``, actors of the
        region offering it (``providers_in_region``) and elsewhere (``providers_elsewhere``).
        A (region, skill) appears when someone in the region needs or offers it. Sorted by
        region, then most unmet, then skill.

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph([("f1", "u")]); G.add_node("f2")
    >>> nx.set_node_attributes(G, {"f1": "A", "u": "A", "f2": "B"}, "region")
    >>> t = pd.DataFrame({"actor": ["f1", "f2", "u"], "skill": ["welding"] * 3,
    ...                   "kind": ["need", "need", "offer"], "priority": [None] * 3})
    >>> skills_matrix(G, SkillsData(t)).values.tolist()
    [['A', 'welding', 1, 1, 0, 1, 0], ['B', 'welding', 1, 0, 1, 0, 1]]
    """
    data = _data(G, skills)
    if needs is None:
        needs = skill_needs(G, data)
    reg = lambda a: _region(G, a) if _region(G, a) is not None else NO_REGION
    offers = data.offers
    offer_region = pd.DataFrame({"region": [reg(a) for a in offers["actor"]], "skill": offers["skill"].tolist()})
    total = offer_region.groupby("skill").size()
    inside = offer_region.groupby(["region", "skill"]).size()
    n = pd.DataFrame(
        {
            "region": needs["region"].map(lambda r: NO_REGION if r is None or r != r else r),
            "skill": needs["skill"],
            "met": needs["met"].astype(int),
        }
    )
    grouped = n.groupby(["region", "skill"]).agg(needs=("met", "size"), met=("met", "sum"))
    keys = sorted(set(grouped.index) | set(inside.index), key=lambda k: (k[0] == NO_REGION, fold(k[0]), k[1]))
    rows = []
    for region, skill in keys:
        nd = int(grouped["needs"].get((region, skill), 0))
        mt = int(grouped["met"].get((region, skill), 0))
        pin = int(inside.get((region, skill), 0))
        rows.append((region, skill, nd, mt, nd - mt, pin, int(total.get(skill, 0)) - pin))
    df = pd.DataFrame(rows, columns=MATRIX_COLUMNS)
    if len(df):
        rank = {r: i for i, r in enumerate(dict.fromkeys(df["region"]))}
        df = df.assign(_r=df["region"].map(rank), _s=df["skill"].map(fold))
        df = df.sort_values(["_r", "unmet", "needs", "_s"], ascending=[True, False, False, True])
        df = df.drop(columns=["_r", "_s"]).reset_index(drop=True)
    return df


def idle_offers(G: nx.Graph, skills: SkillsData | None = None) -> pd.DataFrame:
    """Offers of skills nobody in the data needs (providers whose offer finds no member).

    Returns
    -------
    DataFrame
        Columns :data:`IDLE_COLUMNS`, sorted by skill then actor id.

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph([("f", "u")])
    >>> t = pd.DataFrame({"actor": ["f", "u", "u"], "skill": ["welding", "welding", "robotics"],
    ...                   "kind": ["need", "offer", "offer"], "priority": [None] * 3})
    >>> idle_offers(G, SkillsData(t))[["actor", "skill"]].values.tolist()
    [['u', 'robotics']]
    """
    data = _data(G, skills)
    needed = set(data.needs["skill"])
    rows = [
        (a, _name(G, a), G.nodes[a].get("type"), _region(G, a), s)
        for a, s in zip(data.offers["actor"], data.offers["skill"])
        if s not in needed
    ]
    rows.sort(key=lambda r: (fold(r[4]), str(r[0])))
    return pd.DataFrame(rows, columns=IDLE_COLUMNS)


@dataclass
class SkillsReport:
    """Everything the skills analysis found (:func:`analyse_skills`)."""

    needs: pd.DataFrame
    matrix: pd.DataFrame
    idle: pd.DataFrame
    data: SkillsData

    def summary(self) -> dict:
        """Counts for ``metrics.json`` and the report: needs, met, unmet high priority, offers, skills."""
        n = self.needs
        unmet = n[~n["met"].astype(bool)] if len(n) else n
        no_provider = int((unmet["suggested_ids"] == "").sum()) if len(unmet) else 0
        return {
            "skills": len(self.data.skills),
            "needs": len(n),
            "needs_met": int(n["met"].sum()) if len(n) else 0,
            "needs_unmet": len(unmet),
            "needs_met_share": float(n["met"].mean()) if len(n) else None,
            "unmet_high_priority": int((unmet["priority"] == "high").sum()) if len(unmet) else 0,
            "unmet_without_provider": no_provider,
            "offers": len(self.data.offers),
            "providers": int(self.data.offers["actor"].nunique()),
            "idle_offers": len(self.idle),
            "spellings_merged": len(self.data.merges),
        }

    def finding(self) -> str | None:
        """The key finding in one sentence (None without needs)."""
        s = self.summary()
        if not s["needs"]:
            return None
        text = f"{s['needs_met']} of {s['needs']} skills needs are met through a member's links"
        m = self.matrix
        if len(m) and int(m["unmet"].max()) > 0:
            by_region = m.groupby("region")[["needs", "unmet"]].sum()
            by_region = by_region[by_region.index != NO_REGION] if len(by_region) > 1 else by_region
            share = (by_region["unmet"] / by_region["needs"].where(by_region["needs"] > 0)).fillna(0)
            worst = sorted(share.index, key=lambda r: (-share[r], -by_region.loc[r, "unmet"], str(r)))[0]
            text += (
                f"; {worst} has the largest share unmet ({int(by_region.loc[worst, 'unmet'])} of "
                f"{int(by_region.loc[worst, 'needs'])})"
            )
        if s["unmet_high_priority"]:
            text += f"; {s['unmet_high_priority']} unmet needs are high priority"
        return text + "."


def analyse_skills(G: nx.Graph, skills: SkillsData | None = None, *, top: int = 3) -> SkillsReport:
    """Needs, the region x skill matrix and idle offers in one go (:class:`SkillsReport`).

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph([("f", "u")])
    >>> t = pd.DataFrame({"actor": ["f", "u"], "skill": ["welding"] * 2, "kind": ["need", "offer"],
    ...                   "priority": ["high", None]})
    >>> analyse_skills(G, SkillsData(t)).summary()["needs_met"]
    1
    """
    data = _data(G, skills)
    needs = skill_needs(G, data, top=top)
    return SkillsReport(needs, skills_matrix(G, data, needs=needs), idle_offers(G, data), data)


def rank_by_skills(
    G: nx.Graph, suggestions: pd.DataFrame, skills: SkillsData | None = None, *, top: int | None = None
) -> pd.DataFrame:
    """Partner suggestions re-ranked by skills: a candidate offering what the firm needs comes first.

    A hook for :func:`clustergraph.analysis.suggest.suggest_partners` output (any table with
    ``firm``, ``rank``, ``candidate`` and ``reason``): within each firm, candidates offering
    more of the firm's needed skills rank above the others (the earlier rank breaks ties), and
    their reason starts with "offers welding, which Ulstein Deck Machinery needs". Ask
    ``suggest_partners`` for more candidates than you show and pass ``top`` to cut after the
    re-ranking.

    Parameters
    ----------
    G : networkx.Graph
    suggestions : DataFrame
    skills : SkillsData, optional
        Default ``G.graph["skills"]``; without any, ``suggestions`` is returned unchanged.
    top : int, optional
        Keep this many per firm after re-ranking.

    Returns
    -------
    DataFrame
        ``suggestions`` with ``rank`` and ``reason`` updated and a column ``skills_offered``
        (the needed skills the candidate offers, ``"; "``-joined), sorted by firm and rank.

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph(); G.add_nodes_from([("f", {"name": "Ulstein"}), "a", "b"])
    >>> t = pd.DataFrame({"actor": ["f", "b"], "skill": ["welding"] * 2, "kind": ["need", "offer"],
    ...                   "priority": [None] * 2})
    >>> s = pd.DataFrame({"firm": ["f", "f"], "rank": [1, 2], "candidate": ["a", "b"], "reason": ["x", "y"]})
    >>> rank_by_skills(G, s, SkillsData(t))[["rank", "candidate", "reason"]].values.tolist()
    [[1, 'b', 'offers welding, which Ulstein needs; y'], [2, 'a', 'x']]
    """
    data = skills if skills is not None else skills_data(G)
    if data is None or not len(suggestions):
        return suggestions.assign(skills_offered="") if len(suggestions) else suggestions
    needed: dict = {}
    for a, s in zip(data.needs["actor"], data.needs["skill"]):
        needed.setdefault(a, []).append(s)
    offered: dict = {}
    for a, s in zip(data.offers["actor"], data.offers["skill"]):
        offered.setdefault(a, set()).add(s)
    match = [
        [s for s in needed.get(f, []) if s in offered.get(c, set())]
        for f, c in zip(suggestions["firm"], suggestions["candidate"])
    ]
    out = suggestions.copy()
    out["skills_offered"] = ["; ".join(m) for m in match]
    firm_name = lambda f: _name(G, f) if f in G else str(f)
    out["reason"] = [
        (f"offers {_and(m)}, which {firm_name(f)} needs; " + str(r)) if m else r
        for m, f, r in zip(match, out["firm"], out["reason"])
    ]
    out["_n"] = [-len(m) for m in match]
    out["_f"] = out["firm"].astype(str)
    out = out.sort_values(["_f", "_n", "rank"], kind="stable")
    out["rank"] = out.groupby("_f").cumcount().to_numpy() + 1
    if top is not None:
        out = out[out["rank"] <= int(top)]
    return out.drop(columns=["_n", "_f"]).reset_index(drop=True)


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def regional_share(matrix: pd.DataFrame) -> pd.DataFrame:
    """Region x skill share of needs met (NaN where nobody needs it): the heat map's values.

    >>> m = pd.DataFrame({"region": ["A", "A"], "skill": ["x", "y"], "needs": [2, 0], "met": [1, 0]})
    >>> regional_share(m).values.tolist()
    [[0.5, nan]]
    """
    if not len(matrix):
        return pd.DataFrame()
    share = matrix["met"] / matrix["needs"].where(matrix["needs"] > 0, np.nan)
    table = matrix.assign(share=share).pivot(index="region", columns="skill", values="share")
    table = table.reindex(index=list(dict.fromkeys(matrix["region"])))
    return table.reindex(columns=sorted(table.columns, key=fold))


#: Candidates per firm :func:`suggest_with_skills` asks the partner suggestions for before the
#: skills re-ranking, so that a provider of a needed skill ranked lower by the network still
#: reaches the shown ``top``.
SKILL_POOL = 25


def suggest_with_skills(
    G: nx.Graph, top: int = 5, *, skills: SkillsData | None = None, pool: int = SKILL_POOL, **options
) -> pd.DataFrame:
    """Partner suggestions with the skills hook: the one place that applies :func:`rank_by_skills`.

    Without a skills table this is :func:`clustergraph.analysis.suggest.suggest_partners`
    (``top`` per firm, unchanged). With one, ``max(top, pool)`` candidates per firm are ranked
    by the network, re-ranked by the skills they offer that the firm needs, and cut to ``top``;
    the reason of a candidate offering a needed skill starts with "offers welding, which ...
    needs" and ``skills_offered`` lists those skills. The report and the ``gaps`` command call it.

    Parameters
    ----------
    G : networkx.Graph
    top : int
        Suggestions per firm.
    skills : SkillsData, optional
        Default ``G.graph["skills"]``.
    pool : int
        Candidates per firm considered before the re-ranking.
    **options
        Passed to ``suggest_partners`` (``firms``, ``weights``, ``region``).

    Examples
    --------
    >>> import pandas as pd
    >>> from clustergraph.io.skills import SkillsData
    >>> G = nx.Graph([("f", "x"), ("x", "u1"), ("x", "u2")])
    >>> nx.set_node_attributes(G, {"f": "firm", "x": "firm", "u1": "university", "u2": "vet"}, "type")
    >>> t = pd.DataFrame({"actor": ["f", "u2"], "skill": ["welding"] * 2, "kind": ["need", "offer"],
    ...                   "priority": [None] * 2})
    >>> s = suggest_with_skills(G, top=1, skills=SkillsData(t), firms=["f"])
    >>> s[["candidate", "skills_offered"]].values.tolist()
    [['u2', 'welding']]
    """
    from .suggest import suggest_partners

    data = skills if skills is not None else skills_data(G)
    if data is None:
        return suggest_partners(G, top=top, **options)
    wide = suggest_partners(G, top=max(int(top), int(pool)), **options)
    return rank_by_skills(G, wide, data, top=top)
