"""The report's key findings, computed from :class:`~.model.ReportData` as typed records.

:func:`key_findings` returns :class:`~.model.Finding` records (the sentence in
parts, some emphasised, and a severity); the page draws them as HTML
(``templates/report/macros.html``, ``finding``) and ``findings.txt`` writes
their plain text (:func:`findings_text`).
"""

from __future__ import annotations

import pandas as pd

from ..analysis.steps import international_caveat
from ..formatting import fmt_pct
from ..maps.views import plural
from ..metrics.critical_mass import NO_GROUP
from ..schema import EDUCATION_TYPES, TYPE_LABELS
from .model import Finding, FindingPart, LargeConsortia, ReportData
from .texts import BROKERAGE_UNIT

#: Said after "0 links cross a national border" when the data holds one country only (analysis.steps).
_ONE_COUNTRY = " The data lists partners of one country only, so links abroad cannot show here."


def type_label(t) -> str:
    """The plain name of an actor type ("VET provider"), or the value as given."""
    return TYPE_LABELS.get(t, str(t) if t is not None else "")


def firms_with_education(data: ReportData) -> tuple[int, int]:
    """(firms with a direct VET/university partner, firms) in scope, from the gap analysis."""
    n_firms = sum(1 for _, t in data.scope.nodes(data="type") if t == "firm")
    return n_firms - len(data.gaps.firms), n_firms


def large_consortia(data: ReportData, threshold: int) -> LargeConsortia | None:
    """The giant-consortium caveat of "firms with an education partner" (None without such projects).

    A firm counts as linked only through giant consortia when every link to a VET provider or a
    university it has was made by projects of more than ``threshold`` partners alone (a link from the
    links file, or from any smaller shared project, makes it linked in its own right).

    >>> import networkx as nx
    >>> from types import SimpleNamespace
    >>> from clustergraph.projection import ProjectData
    >>> G = nx.Graph([("f", "u", {"projects": "BIG"}), ("g", "u", {"projects": "BIG;P2"})])
    >>> G.add_nodes_from([("f", {"type": "firm"}), ("g", {"type": "firm"}), ("u", {"type": "university"})])
    >>> parts = pd.DataFrame({"project": ["BIG"] * 3 + ["P2"] * 2, "actor": ["f", "g", "u", "g", "u"]})
    >>> G.graph["projects"] = ProjectData(pd.DataFrame({"id": ["BIG", "P2"]}), parts)
    >>> large_consortia(SimpleNamespace(G=G, scope=G), threshold=2)
    LargeConsortia(threshold=2, projects=1, firms_only=1, firms_linked=2, hubs=0, hub_above=None, hub_actors=0, hub_firms=0)
    """
    from ..graph import hub_nodes
    from ..projection import project_data

    pdata = project_data(data.G)
    if pdata is None or not len(pdata.participations):
        return None
    parts = pdata.participations
    sizes = parts.groupby("project").size()
    large = {str(p) for p in sizes[sizes > threshold].index}
    hubs = pdata.hubs if pdata.hubs is not None else None
    if not large and hubs is None:
        return None
    U = data.G.to_undirected(as_view=True) if data.G.is_directed() else data.G
    hubbed = set(hub_nodes(U))
    linked = only = 0
    without: list = []
    for f, t in data.scope.nodes(data="type"):
        if t != "firm" or f not in U:
            continue
        edu = [(v, d) for v, d in U[f].items() if v not in hubbed and U.nodes[v].get("type") in EDUCATION_TYPES]
        if not edu:
            without.append(f)
            continue
        linked += 1
        if all(d.get("projects") and set(str(d["projects"]).split(";")) <= large for _, d in edu):
            only += 1
    if hubs is None:
        return LargeConsortia(threshold, len(large), only, linked)
    in_hub = parts[parts["project"].astype(str).isin(set(hubs["project"].astype(str)))]
    scope = set(data.scope.nodes)
    actor_types = {str(a): data.G.nodes[a].get("type") for a in in_hub["actor"].unique() if a in data.G}
    edu_projects = {
        str(p) for p, a in zip(in_hub["project"], in_hub["actor"]) if actor_types.get(str(a)) in EDUCATION_TYPES
    }
    projects_of = in_hub.groupby(in_hub["actor"].astype(str))["project"].agg(lambda s: {str(p) for p in s})
    hub_firms = sum(1 for f in without if projects_of.get(str(f), set()) & edu_projects)
    hub_actors = sum(1 for a in projects_of.index if a in scope)
    return LargeConsortia(threshold, len(large), only, linked, len(hubs), pdata.hub_above, hub_actors, hub_firms)


def large_consortia_text(lc: LargeConsortia | None) -> str:
    """The caveat's sentence ('' when there is nothing to say)."""
    if lc is None:
        return ""
    hub = ""
    if lc.hubs:
        hub = (
            f"{plural(lc.hubs, 'project')} of more than {lc.hub_above:,} partners {_verb(lc.hubs, 'is', 'are')} "
            f"kept as {'a hub' if lc.hubs == 1 else 'hubs'} (one node linked to each partner, --hub-above): "
            f"{plural(lc.hub_actors, 'actor')} {_verb(lc.hub_actors, 'shares', 'share')} "
            f"{'it' if lc.hubs == 1 else 'them'}, and sharing "
            f"{'it' if lc.hubs == 1 else 'one'} does not count as a partnership here"
            + (
                f" ({plural(lc.hub_firms, 'firm')} without an education partner {_verb(lc.hub_firms, 'shares', 'share')} "
                "one with a VET provider "
                "or a university)."
                if lc.hub_firms
                else "."
            )
        )
    if not lc.firms_only:
        return hub
    return (hub + " " if hub else "") + (
        f"{lc.firms_only:,} of the {plural(lc.firms_linked, 'firm')} with an education partner "
        f"({fmt_pct(lc.firms_only / lc.firms_linked)}) {_verb(lc.firms_only, 'has', 'have')} one only through "
        f"{'the project' if lc.projects == 1 else f'the {lc.projects:,} projects'} of more than "
        f"{lc.threshold:,} partners: sharing a consortium that large rarely means working together "
        "(see the projects in projects_metrics.csv)."
    )


def link_summary(data: ReportData):
    """The summary whose link tables to show: in a region report, every link of the region's actors."""
    return data.link_summary if data.link_summary is not None else data.summary


def links_by_scope(data: ReportData) -> dict[str, int]:
    """Links of each scope (regional, national, international, unknown) that the report's sentences count.

    One source for the key finding on borders, the glance table and the regions section, so a section
    cannot say "no link crosses a national border" while a finding counts hundreds.
    """
    sc = link_summary(data).links_by_scope
    return {str(s): int(n) for s, n in zip(sc["scope"], sc["links"])}


def region_groups(data: ReportData) -> pd.DataFrame:
    """The critical-mass rows of the regions (actors without a region left out)."""
    g = data.groups
    return g[(g["by"] == "region") & (g["group"].astype(str) != NO_GROUP)] if len(g) else g


def _f(*parts: str | FindingPart, severity: str = "info") -> Finding:
    return Finding(tuple(p if isinstance(p, FindingPart) else FindingPart(p) for p in parts), severity)


def _strong(text: str) -> FindingPart:
    return FindingPart(text, strong=True)


def key_findings(data: ReportData) -> list[Finding]:
    """Plain-language findings computed from the data, no finding twice."""
    out = []
    linked, n_firms = firms_with_education(data)
    if n_firms:
        share = fmt_pct(linked / n_firms)
        if linked == 0:
            out.append(
                _f(
                    _strong(f"None of the {plural(n_firms, 'firm')}"),
                    " has a direct link to a VET provider or a university.",
                    severity="gap",
                )
            )
        else:
            out.append(
                _f(
                    _strong(f"{linked:,} of {plural(n_firms, 'firm')} ({share})"),
                    f" {_verb(linked, 'has', 'have')} a direct link to a VET provider or a university.",
                    severity="gap" if linked < n_firms else "info",
                )
            )
        caveat = large_consortia_text(data.large_consortia)
        if caveat:
            out.append(_f(_strong("Caveat: "), caveat, severity="gap"))
    groups = data.gaps.groups
    if len(groups):
        no_edu = groups[(groups["by"] == "region") & (groups["issue"] == "no_education_partner")]
        # with no linked firm at all, the line above already says it
        reg = getattr(data.gaps, "regions", None)
        if reg is not None and len(reg) and linked > 0 and data.region is None:  # weighed by firms
            most = reg[reg["n_firms_without_education"] > 0].head(3)
            parts: list = ["Most firms without an education partner are in "]
            for i, r in enumerate(most.itertuples(index=False)):
                if i:
                    parts.append(" and " if i == len(most) - 1 else ", ")
                parts += [
                    _strong(str(r.region)),
                    f" ({int(r.n_firms_without_education):,} of {plural(int(r.n_firms), 'firm')})",
                ]
            if len(most):
                out.append(_f(*parts, ".", severity="gap"))
        if len(no_edu) and linked > 0:
            no_edu = no_edu.sort_values(["n_firms", "group"], ascending=[False, True], kind="stable")
            names = _and(list(no_edu["group"].astype(str)))  # most firms first
            out.append(_f("In ", _strong(names), ", no firm is linked to an education provider.", severity="gap"))
        for issue, what in (
            ("no_government", "no government actor"),
            ("no_research", "no research actor"),
            ("no_cluster_org", "no cluster organisation"),
        ):
            rows = groups[(groups["by"] == "region") & (groups["issue"] == issue)]
            if len(rows):
                out.append(_f(f"{_and(list(rows['group'].astype(str)))}: {what} in the data.", severity="gap"))
    reg = region_groups(data)
    if len(reg) and "helix_complete" in reg.columns and data.region is None:
        k = int(reg["helix_complete"].fillna(False).astype(bool).sum())
        lead = f"None of the {plural(len(reg), 'region')}" if k == 0 else f"{k} of {plural(len(reg), 'region')}"
        out.append(
            _f(
                f"{lead} {_verb(max(k, 1), 'has', 'have')} a complete triple helix (firms, education, research "
                "and government actors working with each other)."
            )
        )
    a = data.actors
    if len(a) and a["brokerage_total"].max() > 0:
        top = a.sort_values(["brokerage_total", "id"], ascending=[False, True]).iloc[0]
        paths = int(top["brokerage_total"])
        where = f", {top['region']}" if "region" in a.columns and pd.notna(top.get("region")) else ""
        name = top.get("name", top["id"])
        out.append(
            _f(
                "The strongest broker is ",
                _strong("" if name is None or (isinstance(name, float) and pd.isna(name)) else str(name)),
                f" ({type_label(top.get('type'))}{where}): it brokers {plural(paths, 'two-step path')} "
                f"between partners that have no direct link to each other ({BROKERAGE_UNIT}).",
            )
        )
    sc = links_by_scope(data)
    total = sum(sc.values())
    if total and sc.get("international", 0) + sc.get("national", 0):
        intl, nat = int(sc.get("international", 0)), int(sc.get("national", 0))
        out.append(
            _f(
                f"{intl:,} of {total:,} links ({fmt_pct(intl / total)}) cross a national border and "
                f"{nat:,} ({fmt_pct(nat / total)}) join two regions of one country; the rest stay within "
                "a region"
                + (" or their scope is unknown" if sc.get("unknown", 0) else "")
                + "."
                + (_ONE_COUNTRY if not intl and international_caveat(data.G) else "")
            )
        )
    fr = data.gaps.fragile
    if len(fr):
        iso = int((fr["kind"] == "isolated").sum())
        verb = "has no link or hangs on" if len(fr) == 1 else "have no link or hang on"
        out.append(
            _f(
                f"{plural(len(fr), 'actor')} {verb} a single actor other than a cluster organisation"
                + (f" ({iso:,} with no link at all)" if iso else "")
                + ".",
                severity="gap",
            )
        )
    y = data.yearly
    if len(y) > 1:
        a0, a1 = y.iloc[0], y.iloc[-1]
        y0, y1 = int(a0["year"]), int(a1["year"])
        l0, l1 = int(a0["links"]), int(a1["links"])
        text = (
            f"Links grew from {l0:,} in {y0} to {l1:,} in {y1}"
            if l1 != l0
            else f"The number of links stayed at {l1:,} from {y0} to {y1}"
        )
        s0, s1 = a0["firms_with_education_share"], a1["firms_with_education_share"]
        if pd.notna(s0) and pd.notna(s1):
            if fmt_pct(s0) != fmt_pct(s1):
                text += (
                    f"; the share of active firms with an education partner went from {fmt_pct(s0)} to {fmt_pct(s1)}"
                )
            elif s1 > 0:
                text += f"; the share of active firms with an education partner stayed at {fmt_pct(s1)}"
        out.append(_f(text + "."))
    sv = data.skills_view  # the skills table's finding (report.skills_section), of the needs in scope
    if sv is not None and sv.finding:
        out.append(_f(_strong("Skills: "), sv.finding, severity="gap" if sv.n_met < sv.n_needs else "info"))
    return list(dict.fromkeys(out))  # no finding twice


def findings_text(data: ReportData) -> str:
    """The report's key findings as plain text, one ``- `` line each (``findings.txt``)."""
    return f"{data.title}\n\n" + "".join(f"- {f.text}\n" for f in data.findings)


def _and(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``.

    >>> _and(["a"]), _and(["a", "b", "c"])
    ('a', 'a, b and c')
    """
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _verb(n: int, singular: str, plural_form: str) -> str:
    """The verb agreeing with ``n`` things ("1 of 3 regions has", "2 of 3 regions have").

    >>> _verb(1, "has", "have"), _verb(2, "has", "have")
    ('has', 'have')
    """
    return singular if n == 1 else plural_form
