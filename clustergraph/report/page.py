"""The report page: one view model per section, from :class:`~.model.ReportData`, drawn by templates.

:func:`render` fills ``templates/report/page.html`` (the layout, with the style
sheet ``report.css`` inlined so ``report.html`` stays one offline file) with
the sections of :data:`SECTIONS`, in order. Each section is a pair:

- a function here, ``view(data) -> dict`` (or ``None`` to leave the section
  out), that only picks and formats values (tables as
  :class:`~.blocks.Table`, charts as :class:`~.blocks.Figure`); nothing is
  computed that :func:`~.build.collect` did not compute;
- a partial template ``templates/report/sections/<anchor>.html`` that draws
  that dict (available as ``v``) with the macros of ``macros.html``.

The templates autoescape every value; only the fixed texts of
:mod:`clustergraph.report.texts` and matplotlib's SVG are markup. The run date
appears on exactly one line.

**Adding a section**: write ``my_view(data) -> dict | None`` here (or in its
own module, as :mod:`.projects_section`), add its partial
``templates/report/sections/<anchor>.html`` (start from ``who.html``), and add
``Section("<anchor>", "<heading>", my_view)`` to :data:`SECTIONS` where it
should appear; the table of contents follows. Put its "how to read this" text
in :data:`clustergraph.report.texts.HOW_TO_READ`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from markupsafe import Markup

from ..analysis.gaps import MIN_COMMUNITY
from ..analysis.geography import OTHERS
from ..formatting import fmt_float, fmt_int, fmt_pct
from ..maps.ecosystem import MAX_MAP_ACTORS, MAX_MAP_LINKS
from ..maps.views import plural
from ..metrics.critical_mass import NO_GROUP
from ..schema import ACTOR_TYPES, TYPE_LABELS
from ..templates import render as render_template
from . import charts
from .blocks import cards, col, figure, table
from .findings import (
    firms_with_education,
    large_consortia_text,
    link_summary,
    links_by_scope,
    region_groups,
    type_label,
)
from .model import ReportData
from .projects_section import ANCHOR as PROJECTS_ANCHOR
from .projects_section import HEADING as PROJECTS_HEADING
from .projects_section import projects_section
from .single_file import REPORT_CSP, EmbeddedMap
from .skills_section import ANCHOR as SKILLS_ANCHOR
from .skills_section import HEADING as SKILLS_HEADING
from .skills_section import skills_section
from .texts import BROKERAGE_UNIT, DEFINITIONS, HEADINGS, HOW_TO_READ, ISSUE_LABELS

#: Rows shown in the long tables (the CSV files hold them all).
TOP_BROKERS = 15
MAX_ROWS = 20
#: Firms shown in the neediest-first list (gaps.csv and suggestions.csv hold them all).
MAX_NEEDY = 100
#: Of them, firms printed (the printed summary stays within 8 A4 pages; the rest are on screen).
PRINT_NEEDY = 12
#: Rows of the other tables of the printed sections kept on paper.
PRINT_ROWS = 12
#: Firms shown per region in the national report (``--region R`` shows every firm of R).
MAX_NEEDY_PER_REGION = 10
#: Above this many actors the report draws no static picture (the interactive map aggregates).
PICTURE_MAX = 20_000


def _how(anchor: str) -> Markup:
    """The section's "how to read this" note (a fixed text of :mod:`.texts`, with markup)."""
    return Markup(HOW_TO_READ[anchor])


def _with_labels(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    if "type" in out.columns:
        out["type"] = out["type"].map(type_label)
    return out


# --------------------------------------------------------------------------- header


def header(data: ReportData) -> dict:
    f = data.summary.figures
    where = [f"{plural(f['n_actors'], 'actor')} and {plural(f['n_links'], 'link')}"]
    if data.region:
        where.append(f"region {data.region}")
    else:
        countries = plural(f["n_countries"], "country", "countries")
        where.append(f"{plural(f['n_regions'], 'region')} in {countries}")
    if data.until is not None:
        where.append(f"the network as it was at the end of {data.until}")
    files = [
        str((data.provenance.get(k) or {}).get("file", "")).replace("\\", "/").rsplit("/", 1)[-1]
        for k in ("actors", "links")
    ]
    files = [x for x in files if x]
    if files:
        where.append("data: " + ", ".join(files))
    return {"title": data.title, "subtitle": " · ".join(where), "run_date": data.run_date, "version": data.version}


# --------------------------------------------------------------------------- at a glance


def glance(data: ReportData) -> dict:
    f = data.summary.figures
    linked, n_firms = firms_with_education(data)
    reg = region_groups(data)
    complete = reg["helix_complete"].fillna(False).astype(bool) if len(reg) else pd.Series(dtype=bool)
    items = [(fmt_int(f["n_actors"]), "actors", plural(n_firms, "firm"))]
    if data.region:
        items += [
            (fmt_int(f["n_links"]), "links", f"{plural(data.links_leaving, 'link')} to other regions"),
            (
                fmt_pct(linked / n_firms) if n_firms else "n/a",
                "firms with an education partner",
                f"{linked:,} of {n_firms:,} firms",
            ),
            ("yes" if complete.any() else "no", "triple helix complete", ""),
        ]
    else:
        items += [
            (fmt_int(f["n_links"]), "links", ""),
            (fmt_int(f["n_regions"]), "regions", plural(f["n_countries"], "country", "countries")),
            (
                fmt_pct(linked / n_firms) if n_firms else "n/a",
                "firms with an education partner",
                f"{linked:,} of {n_firms:,} firms",
            ),
            (f"{int(complete.sum())} of {len(reg)}" if len(reg) else "n/a", "regions with a complete triple helix", ""),
        ]
    items += [
        (fmt_float(f["density"], 3), "density", "share of possible pairs linked"),
        (
            fmt_int(f["components"]),
            "connected parts",
            f"the largest holds {fmt_pct(f['largest_component_share'])} of actors",
        ),
        (fmt_int(f["isolated"]), "actors without any link", ""),
    ]
    # actors by type, links by type and scope
    by_type = data.summary.actors_by_region
    present = [t for t in ACTOR_TYPES if t in by_type.columns]
    counts = by_type.loc["Total", present] if "Total" in by_type.index else pd.Series(dtype=int)
    n = max(int(counts.sum()), 1)
    types = pd.DataFrame(
        {"type": [TYPE_LABELS[t] for t in counts.index], "n": counts.to_numpy(), "share": counts.to_numpy() / n}
    )
    scope = link_summary(data).links_by_scope.copy()
    total_links = max(int(scope["links"].sum()), 1)
    scope["share"] = scope["links"] / total_links
    helix = None
    if len(reg):
        helix_cols = [
            col("group", "Region"),
            col("n_actors", "Actors", "int"),
            col("n_firm", "Firms", "int"),
            col("n_vet", "VET", "int"),
            col("n_university", "Universities", "int"),
            col("n_rto", "RTOs", "int"),
            col("n_government", "Government", "int"),
            col("n_cluster_org", "Cluster org.", "int"),
            col("n_other", "Other", "int"),
            col("firms_with_education_share", "Firms with education partner", "pct"),
            col("helix_complete", "Triple helix complete", "bool"),
        ]
        helix = table(
            reg,
            helix_cols,
            caption="Triple-helix completeness per region",
            print_rows=PRINT_ROWS,
            full_list="groups_metrics.csv",
        )
    return {
        "cards": cards(items),
        "findings": data.findings,
        "how": _how("glance"),  # figures first on the first screen; the reading note follows them here
        "types": table(
            types,
            [col("type", "Actor type"), col("n", "Actors", "int"), col("share", "Share", "pct")],
            caption="Actors by type",
        ),
        "scope": table(
            scope,
            [col("scope", "Scope"), col("links", "Links", "int"), col("share", "Share", "pct")],
            caption="Links by scope" + (" (including links to other regions)" if data.region else ""),
        ),
        "helix": helix,
    }


# --------------------------------------------------------------------------- map


def network_picture_svg(data: ReportData) -> str:
    """The static picture of the network (inline SVG), from the view and layout :func:`~.build.collect` made."""
    from ..maps.static_picture import picture_from_model

    pic = data.picture
    if pic is None:
        raise ValueError("this report has no static picture (more than PICTURE_MAX actors)")
    return str(picture_from_model(pic.model, title=data.title))


def map_section(data: ReportData) -> dict:
    picture = None
    if data.picture is not None:
        picture = figure(
            network_picture_svg(data),
            "Each dot is an actor, coloured by type and sized by brokerage (diamonds: cluster organisations); "
            "lines are links. The actors that broker most are named.",
        )
    return {
        "full": "Open the interactive map" + (f" of {data.region}" if data.region else ""),
        "region_maps": list(data.region_maps.items()),
        "picture": picture,
        "too_many": (
            f"The network has more than {PICTURE_MAX:,} actors: too many for a static "
            "picture; open the interactive map, which draws them all (as groups of region and actor type above "
            f"{MAX_MAP_ACTORS:,} actors or {MAX_MAP_LINKS:,} links)."
        ),
        "how": _how("map"),
    }


# --------------------------------------------------------------------------- four steps

#: Cluster organisations shown side by side in the four-steps table (steps.csv holds all).
MAX_STEP_COLUMNS = 6
#: The four-steps table shows the change over (at most) this many years.
STEP_CHANGE_YEARS = 5


def _step_value(indicator: str, v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "n/a"
    return fmt_pct(v) if indicator.endswith("_share") else fmt_int(v)


def _step_change(indicator: str, first, last) -> str:
    """'+3' (shares: '+12 pts', percentage points) since ``first``; '' when unchanged or nothing to compare."""
    year, v0 = first
    if v0 is None or last is None or pd.isna(v0) or pd.isna(last):
        return ""
    d = float(last) - float(v0)
    if abs(d) < 1e-9:
        return ""
    if indicator.endswith("_share"):
        return f"{d * 100:+.0f} pts"
    return f"{d:+,.0f}"


def steps_section(data: ReportData) -> dict:
    from ..analysis.steps import INDICATOR_LABELS, STEPS

    st = data.steps
    view: dict = {"how": _how("steps"), "table": None, "moves": []}
    if not len(st):
        return view
    view["caveat"] = None
    orgs = list(dict.fromkeys(st["cluster_org"]))
    size = st[st["indicator"] == "members"].set_index("cluster_org")["value"]
    shown = sorted(orgs, key=lambda c: (-int(size.get(c, 0)), str(c)))[:MAX_STEP_COLUMNS]
    shown = [c for c in orgs if c in shown]
    names = st.drop_duplicates("cluster_org").set_index("cluster_org")["name"]
    value = dict(zip(zip(st["cluster_org"], st["indicator"]), st["value"]))
    h = data.steps_history
    first: dict = {}  # (cluster org, indicator) -> (base year, value then)
    base = None
    if len(h) and data.until is None:
        years = sorted(int(y) for y in h["year"].unique())
        base = max(years[0], years[-1] - STEP_CHANGE_YEARS)
        hb = h[(h["year"] == base) & h["cluster_org"].isin(shown)]
        then = dict(zip(zip(hb["cluster_org"], hb["indicator"]), hb["value"]))
        cur = st[st["cluster_org"].isin(shown)]
        for c, ind in zip(cur["cluster_org"], cur["indicator"]):
            # not active yet in the base year: nothing linked then (shares stay unknown)
            v = then.get((c, ind), None if ind.endswith("_share") else 0)
            first[(c, ind)] = (base, v)
    rows = []
    for _key, heading, inds in STEPS:
        for i, ind in enumerate(inds):
            rec = {"step": heading if i == 0 else "", "indicator": INDICATOR_LABELS[ind]}
            for c in shown:
                v = value.get((c, ind))
                cell = _step_value(ind, v)
                if (c, ind) in first:
                    change = _step_change(ind, first[(c, ind)], v)
                    if change:
                        cell += f" ({change})"
                rec[c] = cell
            rows.append(rec)
    cols = [col("step", "Step"), col("indicator", "Indicator")] + [(c, str(names.get(c, c)), str, True) for c in shown]
    note = (
        f" The {len(shown)} largest of {len(orgs)} are shown; all are in steps.csv." if len(orgs) > len(shown) else ""
    )
    since = (
        f" In brackets: the change since the end of {base} (shares in percentage points)." if base is not None else ""
    )
    view["table"] = table(
        pd.DataFrame(rows), cols, caption="Where each cluster organisation stands." + since + note, css="steps"
    )
    mv = data.step_moves
    if len(mv):
        heads = {k: h for k, h, _ in STEPS}
        by_org = dict(tuple(mv[mv["cluster_org"].isin(shown)].groupby("cluster_org", sort=False)))
        for c in shown:
            m = by_org.get(c)
            if m is None or not len(m):
                continue
            parts = []
            for r in m.itertuples(index=False):
                ind = r.indicator.split("+")[0]
                label = "regional government and RTOs linked" if "+" in r.indicator else INDICATOR_LABELS.get(ind, ind)
                parts.append(
                    {
                        "step": heads[r.step],
                        "action": r.action,
                        "label": label,
                        "before": _step_value(ind, r.before),
                        "after": _step_value(ind, r.after),
                        "reason": getattr(r, "reason", None) if isinstance(getattr(r, "reason", None), str) else "",
                    }
                )
            view["moves"].append({"name": names.get(c, c), "parts": parts})
    from ..analysis.steps import international_caveat

    view["caveat"] = international_caveat(data.G)
    return view


# --------------------------------------------------------------------------- who


def who(data: ReportData) -> dict:
    t = data.summary.actors_by_region
    cols = (
        [col("region", "Region")]
        + [col(ty, TYPE_LABELS[ty], "int") for ty in ACTOR_TYPES]
        + [col("total", "Total", "int")]
    )
    return {
        "how": _how("who"),
        "figure": figure(charts.actors_by_region(t), "Actors of each type in each region (numbers: all actors)."),
        "table": table(t.reset_index(), cols, caption="Actors by region and type"),
    }


# --------------------------------------------------------------------------- mixing


def mixing(data: ReportData) -> dict:
    lt = link_summary(data).links_by_type
    sc = link_summary(data).links_by_scope
    return {
        "how": _how("mixing"),
        "figure": figure(
            charts.mixing_heatmap(data.mixing),
            "Links between each pair of actor types (each link counted once"
            + (", from its source type to its target type" if data.G.is_directed() else "")
            + ").",
        ),
        "by_type": table(
            lt,
            [col("link type", "Kind of link"), col("links", "Links", "int")],
            caption="Links by kind (a link of several kinds counts under each)",
            max_rows=MAX_ROWS,
            full_list="the links file",
        ),
        "by_scope": table(sc, [col("scope", "Scope"), col("links", "Links", "int")], caption="Links by scope"),
    }


# --------------------------------------------------------------------------- brokers


def brokers(data: ReportData) -> dict:
    a = data.actors
    view: dict = {"how": _how("brokers"), "table": None, "roles": None, "degrees": None}
    if len(a):
        top = a.sort_values(["brokerage_total", "id"], ascending=[False, True]).head(TOP_BROKERS)
        top = _with_labels(top)
        cols = [
            col("name", "Actor"),
            col("type", "Type"),
            col("region", "Region"),
            col("degree", "Partners", "int"),
            col("betweenness", "Betweenness", "float"),
            col("brokerage_total", "Brokerage (total)", "int"),
            col("coordinator", "Coordinator", "int"),
            col("itinerant", "Itinerant", "int"),
            col("representative", "Representative", "int"),
            col("gatekeeper", "Gatekeeper", "int"),
            col("liaison", "Liaison", "int"),
        ]
        view["table"] = table(
            top,
            cols,
            caption=f"Top {min(TOP_BROKERS, len(a))} brokers and their roles "
            f"(brokered two-step paths, {BROKERAGE_UNIT}; all actors in actors_metrics.csv)",
        )
        view["roles"] = figure(charts.brokerage_by_type(a), "Brokerage roles summed over the actors of each type.")
    if len(a) and "degree" in a.columns:
        types = a.set_index("id")["type"] if "type" in a.columns else None
        view["degrees"] = figure(
            charts.degree_distribution(a.set_index("id")["degree"], types),
            "Number of actors by number of partners, coloured by actor type.",
        )
    return view


# --------------------------------------------------------------------------- critical mass

_MASS_COLS = [
    col("group", "Group"),
    col("n_actors", "Actors", "int"),
    col("n_firm", "Firms", "int"),
    col("n_vet", "VET", "int"),
    col("n_university", "Univ.", "int"),
    col("n_rto", "RTOs", "int"),
    col("n_government", "Gov.", "int"),
    col("n_cluster_org", "Cluster org.", "int"),
    col("n_other", "Other", "int"),
    col("density", "Density", "float"),
    col("firms_with_education_share", "Firms with education partner", "pct"),
    col("helix_complete", "Helix complete", "bool"),
    col("ei_index", "E-I index", "float2"),
]


def _community_names(data: ReportData) -> dict:
    """Community number -> "Community 3 (mostly Navarra)", after the most common region of its actors.

    Ties go to the region first in text order; "mostly" unless every actor of the community is in
    that region. One count of the (community, region) pairs, not a count per community: a network
    of 70,000 isolated actors has 70,000 communities (a loop over them took 20 s).
    """
    a = data.metrics.actors  # every actor, also in a region report
    if "community" not in a.columns or "region" not in a.columns:
        return {}
    sizes = a.groupby("community").size()
    known = a.loc[a["region"].notna(), ["community"]].assign(region=a["region"].dropna().astype(str))
    pairs = known.groupby(["community", "region"]).size().rename("n").reset_index()
    top = pairs.sort_values(["community", "n", "region"], ascending=[True, False, True], kind="stable")
    top = top.drop_duplicates("community")
    whole = (top["n"] == top["community"].map(sizes)).tolist()
    return {
        c: f"Community {c} ({region if all_in else 'mostly ' + region})"
        for c, region, all_in in zip(top["community"].tolist(), top["region"].tolist(), whole, strict=True)
    }


def mass(data: ReportData) -> dict:
    g = data.groups
    reg = region_groups(data)
    com = g[g["by"] == "community"] if len(g) else g
    flags = data.gaps.groups
    flags = flags[flags["by"] == "community"] if len(flags) else flags
    names = _community_names(data) if len(com) or len(flags) else {}  # once for both tables
    small = 0
    if len(com):
        small = int((com["n_actors"] < MIN_COMMUNITY).sum())
        com = com[com["n_actors"] >= MIN_COMMUNITY]
        com = com.sort_values(["n_actors", "group"], ascending=[False, True])
        com = com.assign(group=com["group"].map(lambda c: names.get(c, f"Community {c}")))
    note = (
        (
            f" {plural(small, 'community', 'communities')} of fewer than {MIN_COMMUNITY} actors (isolated "
            "or nearly isolated actors) are left out; they are in groups_metrics.csv."
        )
        if small
        else ""
    )
    view: dict = {
        "how": _how("mass"),
        "regions": table(
            reg,
            [("group", "Region", *c[2:]) if c[0] == "group" else c for c in _MASS_COLS],
            caption="Per region",
            empty="No region is given in the actors file.",
        ),
        "communities": table(
            com,
            [("group", "Community", *c[2:]) if c[0] == "group" else c for c in _MASS_COLS],
            caption="Per community (largest first)." + note,
            empty="No community was found.",
            max_rows=MAX_ROWS,
            full_list="groups_metrics.csv",
        ),
        "flags": None,
    }
    if len(flags):
        flags = flags.assign(
            group=flags["group"].map(lambda c: names.get(c, f"Community {c}")),
            issue=flags["issue"].map(lambda i: ISSUE_LABELS.get(i, i)),
        )
        view["flags"] = table(
            flags,
            [col("group", "Community"), col("issue", "Issue"), col("detail", "Detail")],
            caption="Communities flagged (for researchers: a community is found from the links, not a unit "
            "a manager runs)",
            max_rows=MAX_ROWS,
            full_list="gaps.csv",
        )
    return view


# --------------------------------------------------------------------------- gaps


def neediest_view(data: ReportData, max_rows: int = MAX_NEEDY) -> dict:
    """Firms without an education partner: one table per region, neediest first, best introduction."""
    nd = data.neediest
    if not len(nd):
        return {"tables": [], "region_more": [], "more": None, "print_more": None}
    nd = nd.assign(region=nd["region"].map(lambda r: NO_GROUP if r is None or pd.isna(r) else str(r)))
    per_region = len(nd) if data.region is not None else MAX_NEEDY_PER_REGION
    shown = nd.groupby("region", sort=False).head(per_region).head(max_rows if data.region is None else len(nd))
    cols = [  # the key columns first: on a phone they are on screen before the table scrolls
        col("firm_name", "Firm"),
        col("intro", "Best introduction"),
        col("broker_name", "Who can introduce"),
        col("n_links", "Links", "int"),
        col("within", "Education partner two steps away"),
        col("sector", "Sector"),
        col("score", "Score", "float2"),
    ]
    tables = []
    budget = PRINT_NEEDY
    region_more: list = []
    for region, rows in shown.groupby("region", sort=False):
        every = nd[nd["region"] == region]
        far = int(every["no_education_within_2"].sum())
        caption = f"{region}: {plural(len(every), 'firm')} without an education partner" + (
            f", {far:,} with none two steps away either" if far else ""
        )
        rows = rows.assign(
            within=rows["no_education_within_2"].map(lambda b: "no" if b else "yes"),
            intro=[c if isinstance(c, str) else "no recommendation" for c in rows["candidate_name"]],
        )
        tables.append(table(rows, cols, caption=caption, css="needy", print_rows=budget, full_list="gaps.csv"))
        budget = max(budget - len(rows), 0)
        # the region's longest lists are cut: say how many more and where they are
        region_more.append((region, len(every) - len(rows)) if len(every) > len(rows) else None)
    left = nd["region"].nunique() - shown["region"].nunique()
    more = int((~nd["firm"].isin(set(shown["firm"]))).sum()) if left else None
    printed = min(len(shown), PRINT_NEEDY)
    print_more = (
        f"Printed: the {printed:,} neediest of {plural(len(nd), 'firm')} without an education partner; "
        "report.html shows "
        + (f"{len(shown):,}" if len(shown) < len(nd) else "them all")
        + ", gaps.csv and suggestions.csv hold them all."
        if len(nd) > printed
        else None
    )
    return {"tables": tables, "region_more": region_more, "more": more, "print_more": print_more}


def neediest_table(data: ReportData, max_rows: int = MAX_NEEDY) -> str:
    """The neediest-first tables alone, as HTML (``templates/report/neediest.html``)."""
    return render_template("report/neediest.html", v=neediest_view(data, max_rows))


def region_summary_table(data: ReportData):
    """Every region in one table: its firms, those without an education partner, the best introductions."""
    reg = getattr(data.gaps, "regions", None)
    if reg is None or not len(reg):
        return None
    return table(
        reg,
        [
            col("region", "Region"),
            col("n_firms", "Firms", "int"),
            col("n_firms_without_education", "Without an education partner", "int"),
            col("n_education", "VET providers and universities", "int"),
            col("best_introductions", "Best introductions"),
        ],
        caption="Regions with most firms without an education partner first; each region's firms follow below.",
        css="regions",
    )


def gaps(data: ReportData) -> dict:
    gr = data.gaps
    s = gr.summary()
    manager_groups = gr.groups[gr.groups["by"] != "community"] if len(gr.groups) else gr.groups
    groups = manager_groups
    n_community = len(gr.groups) - len(groups)
    if len(groups):
        groups = groups.assign(issue=groups["issue"].map(lambda i: ISSUE_LABELS.get(i, i)))
    fr = _with_labels(gr.fragile)
    if len(fr):
        fr["kind"] = fr["kind"].map(lambda k: ISSUE_LABELS.get(k, k))
    return {
        "how": _how("gaps"),
        "caveat": large_consortia_text(data.large_consortia),
        "cards": cards(
            [
                (
                    fmt_int(s["firms_without_education"]),
                    "firms without an education partner",
                    f"{s['firms_without_education_within_2']:,} with none two steps away either",
                ),
                (
                    fmt_int(len(manager_groups[["by", "group"]].drop_duplicates())),
                    "regions and sectors flagged",
                    "community flags: critical-mass section",
                ),
                (fmt_int(s["untapped_education"]), "education providers not linked to firms", ""),
                (fmt_int(s["fragile_actors"]), "fragile actors", "their only tie is to a single actor, or none"),
            ]
        ),
        "neediest": neediest_view(data),
        "regions": region_summary_table(data),
        "groups": table(
            groups,
            [col("by", "By"), col("group", "Group"), col("issue", "Issue"), col("detail", "Detail")],
            caption="Regions and sectors flagged"
            + (
                f" ({plural(n_community, 'community-level flag')} for researchers: in gaps.csv and the "
                "critical-mass section)"
                if n_community
                else ""
            ),
            empty="No region or sector is flagged.",
            max_rows=MAX_ROWS,
            print_rows=5,
            full_list="gaps.csv",
        ),
        "fragile": table(
            fr,
            [
                col("name", "Actor"),
                col("type", "Type"),
                col("region", "Region"),
                col("kind", "Why fragile"),
                col("broker_name", "Depends on"),
            ],
            caption="Fragile actors: no link, or their only tie to the network is an actor other than a cluster "
            "organisation",
            empty="No fragile actor.",
            max_rows=MAX_ROWS,
            print_rows=5,
            full_list="gaps.csv",
        ),
        "load": [
            {
                "name": r.name,
                "text": f"{plural(int(r.n_dependent), 'actor')} "
                f"reach{'es' if int(r.n_dependent) == 1 else ''} the rest of the network only through it "
                f"({int(r.n_pendant):,} with a single link).",
            }
            for r in gr.load.itertuples(index=False)
        ],
    }


# --------------------------------------------------------------------------- regions and countries

#: Partners abroad listed per region (partners_abroad.csv holds them all).
MAX_PARTNERS = 8
#: Regions drawn in the links-per-year small multiples (region_years.csv holds them all).
MAX_PANELS = 12


def _cross_border_note(data: ReportData) -> str:
    """What to say when no partner abroad is listed: from the same link counts as the key findings."""
    intl = links_by_scope(data).get("international", 0)
    if not intl:
        return "No link crosses a national border (or the countries are not given)."
    return (
        f"{plural(intl, 'link')} {'crosses' if intl == 1 else 'cross'} a national border, but the actors at their ends carry no region, so "
        "partners abroad cannot be listed region by region; the links between countries are "
        + ("counted above." if len(data.country_matrix) > 1 else "in the links file.")
    )


def geography_section(data: ReportData) -> dict:
    directed = data.G.is_directed()
    counted = (
        "each link counted once, from the row of its source to the column of its target"
        if directed
        else "a link between two groups is in both their cells, a link inside a group on the diagonal; "
        "the diagonal and the cells above it add up to the number of links"
    )
    maps = []
    for df, name, what in (
        (data.region_matrix, "regions", "regions"),
        (data.country_matrix, "countries", "countries"),
    ):
        if len(df) > 1:
            others = (
                f" (beyond the {len(df) - 1} with most links, all are merged into 'others', left out of the "
                "colour scale)"
                if OTHERS in df.index
                else ""
            )
            maps.append(
                figure(
                    charts.matrix_heatmap(df, name, f"Links between {what}", scale_without=(OTHERS,)),
                    f"Links between {what}: {counted}{others}.",
                )
            )
    view: dict = {
        "how": _how("regions"),
        "maps": maps,
        "abroad": None,
        "abroad_more": None,
        "years": None,
        "cross_border": _cross_border_note(data),
    }
    pa = data.partners_abroad
    if len(pa):
        pa = _with_labels(pa)
        parts = []
        count = pa.groupby("region", sort=False).size()
        shown = sorted(count.index, key=lambda r: (-int(count[r]), str(r)))[:MAX_PANELS]
        for region, rows in pa[pa["region"].isin(shown)].groupby("region", sort=False):
            parts.append(
                table(
                    rows,
                    [
                        col("partner_name", "Partner"),
                        col("type", "Type"),
                        col("country", "Country"),
                        col("links", "Links", "int"),
                    ],
                    caption=f"{region}: {plural(len(rows), 'partner')} abroad",
                    max_rows=MAX_PARTNERS,
                    full_list="partners_abroad.csv",
                )
            )
        view["abroad"] = parts
        if len(count) > len(shown):
            view["abroad_more"] = (
                f"The {len(shown)} regions with most partners abroad are shown; the other "
                f"{len(count) - len(shown):,} are in partners_abroad.csv."
            )
    ry = data.region_years
    if len(ry):
        busiest = sorted(ry.columns, key=lambda r: (-int(ry[r].sum()), str(r)))[:MAX_PANELS]
        more = (
            f" The {MAX_PANELS} regions with most links are shown; all are in region_years.csv."
            if ry.shape[1] > MAX_PANELS
            else ""
        )
        view["years"] = figure(
            charts.small_multiples(ry[[r for r in ry.columns if r in busiest]]),
            "New links per year touching each region (a link between two regions counts for both); same scale in "
            "every panel." + more,
        )
    return view


# --------------------------------------------------------------------------- time


def time(data: ReportData) -> dict:
    y = data.yearly
    view: dict = {"how": _how("time"), "figure": None, "table": None}
    if not len(y):
        return view
    cols = [
        col("year", "Year"),
        col("new_links", "New links", "int"),
        col("links", "Links", "int"),
        col("actors_active", "Actors active", "int"),
        col("firms_active", "Firms active", "int"),
        col("firms_with_education_share", "Firms with education partner", "pct"),
        col("density", "Density", "float"),
    ]
    undated = sum(1 for _, _, d in data.scope.edges(data=True) if d.get("year") is None)
    note = f" {plural(undated, 'link')} without a year are not counted." if undated else ""
    among = f"; links among the actors of {data.region}" if data.region else ""
    view["figure"] = figure(
        charts.links_over_years(y), "New links per year and the share of active firms with an education partner."
    )
    view["table"] = table(
        y.assign(year=y["year"].astype(str)),
        cols,
        caption=f"Year by year (the network as it was at the end of each year{among}).{note}",
    )
    return view


# --------------------------------------------------------------------------- definitions, data


def definitions(data: ReportData) -> dict:
    # the definitions are our own fixed texts, with markup (references in <cite>)
    return {"how": _how("definitions"), "terms": [(term, Markup(text)) for term, text in DEFINITIONS]}


def data_section(data: ReportData) -> dict:
    p = data.provenance
    rows = []
    for kind in ("actors", "links"):
        info = p.get(kind) or {}
        if info:
            rows.append(
                {
                    "kind": kind,
                    "file": info.get("file"),
                    "sha256": info.get("sha256"),
                    "read": info.get("rows_read"),
                    "kept": info.get("rows_kept"),
                }
            )
    files = pd.DataFrame(rows, columns=["kind", "file", "sha256", "read", "kept"])
    dropped = [str(x) for x in p.get("dropped") or []]
    fixed = [str(x) for x in p.get("fixed") or []]
    settings = [
        ("Tool", f"clustergraph {data.version}"),
        ("Run date", "at the top of this report"),
        ("Links read as", "directed (source to target)" if data.G.is_directed() else "undirected"),
        ("Region", data.region or "all"),
        ("Network up to", str(data.until) if data.until is not None else "all years"),
        ("Random seed (communities, map layout)", str(data.seed)),
    ]
    return {
        "how": _how("data"),
        "files": table(
            files,
            [
                col("kind", "Table"),
                col("file", "File"),
                col("read", "Rows read", "int"),
                col("kept", "Rows kept", "int"),
                col("sha256", "SHA-256"),
            ],
            caption="Input files",
            css="provenance",
            empty="The graph was built in Python, not loaded from files.",
        ),
        "dropped": dropped[:50],
        "n_dropped": len(dropped),
        "fixed": fixed[:50],
        "n_fixed": len(fixed),
        "settings": settings,
        "outputs": list(data.outputs),
    }


# --------------------------------------------------------------------------- the page


@dataclass(frozen=True)
class Section:
    """A report section: its anchor (also its template's name), heading, view model and print classes."""

    anchor: str
    heading: str
    view: Callable[[ReportData], dict | None]
    css: str = ""

    @property
    def template(self) -> str:
        return f"report/sections/{self.anchor}.html"


#: The sections of the page, in page order (the table of contents follows it).
SECTIONS: list[Section] = [
    Section("glance", HEADINGS["glance"], glance),
    Section("map", HEADINGS["map"], map_section, "print-break"),
    Section("steps", HEADINGS["steps"], steps_section, ""),
    Section("gaps", HEADINGS["gaps"], gaps, ""),
    Section(PROJECTS_ANCHOR, PROJECTS_HEADING, projects_section, "print-skip"),  # only with projects
    Section(SKILLS_ANCHOR, SKILLS_HEADING, skills_section, "print-skip"),  # only with a skills table
    Section("who", HEADINGS["who"], who, "print-skip"),
    Section("mixing", HEADINGS["mixing"], mixing, "print-skip"),
    Section("brokers", HEADINGS["brokers"], brokers, "print-skip"),
    Section("mass", HEADINGS["mass"], mass, "print-skip"),
    Section("regions", HEADINGS["regions"], geography_section, "print-skip"),
    Section("time", HEADINGS["time"], time, "print-skip"),
    Section("definitions", HEADINGS["definitions"], definitions, "print-skip"),
    Section("data", HEADINGS["data"], data_section, "print-skip"),
]

#: Said wherever the report links to a file beside it: a forwarded report.html arrives without them.
OUTPUTS_NOTE = (
    "These files are in the report folder, beside report.html: a report.html forwarded alone "
    "(e-mail, download) arrives without them, so send the whole folder (zipped) or the file itself."
)

#: The same in the single-file report (:mod:`.single_file`), which holds the map but not these files.
OUTPUTS_NOTE_SINGLE = (
    "These files are not inside this single-file report: they are in the report folder, beside "
    "report.html (send the whole folder, zipped, to share them)."
)

FOOTER = (
    "Made with clustergraph. Organisations and links are as recorded in the input files; "
    "measures follow the references in the definitions section."
)


def render(data: ReportData, single: EmbeddedMap | None = None) -> str:
    """The whole report page for ``data`` (``templates/report/page.html``).

    With ``single`` (:mod:`.single_file`), the page of the single-file report: the map inside, its
    Content-Security-Policy allowing exactly the map's scripts, and the files that are not inside
    named as such instead of linked.
    """
    shown = []
    for s in SECTIONS:
        view = s.view(data)
        if view is not None:
            shown.append({"anchor": s.anchor, "heading": s.heading, "css": s.css, "template": s.template, "v": view})
    printed = [str(s["heading"]) for s in shown if "print-skip" not in str(s["css"])]
    skipped = [str(s["heading"]) for s in shown if "print-skip" in str(s["css"])]
    note = (
        f"This printed summary holds {_and_list(printed)}. {_and_list(skipped)} are in report.html." if skipped else ""
    )
    return render_template(
        "report/page.html",
        header=header(data),
        sections=shown,
        footer=FOOTER,
        print_note=note,
        outputs_note=OUTPUTS_NOTE_SINGLE if single else OUTPUTS_NOTE,
        csp=Markup(single.csp if single else REPORT_CSP),  # our own text (base64 hashes): no escaping
        single=single,
    )


def _and_list(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' (lower case after the first)."""
    names = [names[0]] + [n[0].lower() + n[1:] for n in names[1:]] if names else []
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
