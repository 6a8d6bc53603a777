"""Lay out the report: one function per section, from :class:`~.build.ReportData` to HTML.

Every data value is escaped (:func:`clustergraph.report.html.esc`, or the
table/card helpers that call it); the fixed texts come from
:mod:`clustergraph.report.texts`. The run date appears on exactly one line.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.gaps import MIN_COMMUNITY
from ..analysis.geography import OTHERS
from ..maps.ecosystem import MAX_MAP_ACTORS, MAX_MAP_LINKS
from ..maps.views import plural
from ..metrics.critical_mass import NO_GROUP
from ..schema import ACTOR_TYPES, TYPE_LABELS
from . import charts
from .html import bullets, cards, col, esc, figure, fmt_float, fmt_int, fmt_pct, how_to_read, page, section, table
from .model import ReportData
from .projects_section import projects_section, with_projects_toc
from .texts import BROKERAGE_UNIT, DEFINITIONS, HEADINGS, HOW_TO_READ, ISSUE_LABELS, SECTIONS

#: Rows shown in the long tables (the CSV files hold them all).
TOP_BROKERS = 15
MAX_ROWS = 20
#: Firms shown in the neediest-first list (gaps.csv and suggestions.csv hold them all).
MAX_NEEDY = 100
#: Firms shown per region in the national report (``--region R`` shows every firm of R).
MAX_NEEDY_PER_REGION = 10


def _type_label(t) -> str:
    return TYPE_LABELS.get(t, str(t) if t is not None else "")


def _with_labels(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    if "type" in out.columns:
        out["type"] = out["type"].map(_type_label)
    return out


def _firms_with_education(data: ReportData) -> tuple[int, int]:
    """(firms with a direct VET/university partner, firms) in scope, from the gap analysis."""
    n_firms = sum(1 for _, t in data.scope.nodes(data="type") if t == "firm")
    return n_firms - len(data.gaps.firms), n_firms


def _links(data):
    """The summary whose link tables to show: in a region report, every link of the region's actors."""
    return data.link_summary if data.link_summary is not None else data.summary


def _region_groups(data: ReportData) -> pd.DataFrame:
    g = data.groups
    return g[(g["by"] == "region") & (g["group"].astype(str) != NO_GROUP)] if len(g) else g


# --------------------------------------------------------------------------- header


def header(data: ReportData) -> str:
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
    return (
        '<p class="kicker">Cluster stakeholder network report</p>\n'
        f"<h1>{esc(data.title)}</h1>\n"
        f'<p class="subtitle">{esc(" · ".join(where))}</p>\n'
        # the only line that changes between two runs on the same input
        f'<p class="meta">Generated {esc(data.run_date)} with clustergraph {esc(data.version)}</p>\n'
    )


# --------------------------------------------------------------------------- at a glance


def key_findings(data: ReportData) -> list[str]:
    """Plain-language findings computed from the data (escaped HTML strings)."""
    out = []
    linked, n_firms = _firms_with_education(data)
    if n_firms:
        share = fmt_pct(linked / n_firms)
        if linked == 0:
            out.append(
                f"<strong>None of the {plural(n_firms, 'firm')}</strong> has a direct link to a VET provider "
                "or a university."
            )
        else:
            out.append(
                f"<strong>{linked:,} of {plural(n_firms, 'firm')} ({share})</strong> "
                f"{_verb(linked, 'has', 'have')} a direct link to a VET provider or a university."
            )
    groups = data.gaps.groups
    if len(groups):
        no_edu = groups[(groups["by"] == "region") & (groups["issue"] == "no_education_partner")]
        # with no linked firm at all, the line above already says it
        reg = getattr(data.gaps, "regions", None)
        if reg is not None and len(reg) and linked > 0 and data.region is None:  # weighed by firms
            most = reg[reg["n_firms_without_education"] > 0].head(3)
            if len(most):
                out.append(
                    "Most firms without an education partner are in "
                    + _and(
                        [
                            f"<strong>{esc(r.region)}</strong> ({int(r.n_firms_without_education):,} of "
                            f"{plural(int(r.n_firms), 'firm')})"
                            for r in most.itertuples(index=False)
                        ]
                    )
                    + "."
                )
        if len(no_edu) and linked > 0:
            no_edu = no_edu.sort_values(["n_firms", "group"], ascending=[False, True], kind="stable")
            names = _and([esc(g) for g in no_edu["group"].astype(str)])  # most firms first
            out.append(f"In <strong>{names}</strong>, no firm is linked to an education provider.")
        for issue, what in (
            ("no_government", "no government actor"),
            ("no_research", "no research actor"),
            ("no_cluster_org", "no cluster organisation"),
        ):
            rows = groups[(groups["by"] == "region") & (groups["issue"] == issue)]
            if len(rows):
                out.append(f"{_and([esc(g) for g in rows['group'].astype(str)])}: {what} in the data.")
    reg = _region_groups(data)
    if len(reg) and "helix_complete" in reg.columns and data.region is None:
        k = int(reg["helix_complete"].fillna(False).astype(bool).sum())
        lead = f"None of the {plural(len(reg), 'region')}" if k == 0 else f"{k} of {plural(len(reg), 'region')}"
        out.append(
            f"{lead} {_verb(max(k, 1), 'has', 'have')} a complete triple helix (firms, education, research "
            "and government actors working with each other)."
        )
    a = data.actors
    if len(a) and a["brokerage_total"].max() > 0:
        top = a.sort_values(["brokerage_total", "id"], ascending=[False, True]).iloc[0]
        paths = int(top["brokerage_total"])
        where = f", {esc(top['region'])}" if "region" in a.columns and pd.notna(top.get("region")) else ""
        out.append(
            f"The strongest broker is <strong>{esc(top.get('name', top['id']))}</strong> "
            f"({esc(_type_label(top.get('type')))}{where}): it brokers {plural(paths, 'two-step path')} "
            f"between partners that have no direct link to each other ({BROKERAGE_UNIT})."
        )
    sc = _links(data).links_by_scope.set_index("scope")["links"]
    total = int(sc.sum())
    if total and sc.get("international", 0) + sc.get("national", 0):
        intl, nat = int(sc.get("international", 0)), int(sc.get("national", 0))
        out.append(
            f"{intl:,} of {total:,} links ({fmt_pct(intl / total)}) cross a national border and "
            f"{nat:,} ({fmt_pct(nat / total)}) join two regions of one country; the rest stay within "
            "a region" + (" or their scope is unknown" if sc.get("unknown", 0) else "") + "."
        )
    fr = data.gaps.fragile
    if len(fr):
        iso = int((fr["kind"] == "isolated").sum())
        verb = "has no link or hangs on" if len(fr) == 1 else "have no link or hang on"
        out.append(
            f"{plural(len(fr), 'actor')} {verb} a single actor other than a cluster organisation"
            + (f" ({iso:,} with no link at all)" if iso else "")
            + "."
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
        out.append(text + ".")
    return list(dict.fromkeys(out))  # no finding twice


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


def glance(data: ReportData) -> str:
    f = data.summary.figures
    linked, n_firms = _firms_with_education(data)
    reg = _region_groups(data)
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
    body = cards(items)
    findings = key_findings(data)
    if findings:
        body += "<h3>Key findings</h3>\n" + bullets(findings, "findings")
    # figures first on the first screen; the reading note follows them here
    body += how_to_read(HOW_TO_READ["glance"])

    # actors by type, links by type and scope
    by_type = data.summary.actors_by_region
    present = [t for t in ACTOR_TYPES if t in by_type.columns]
    counts = by_type.loc["Total", present] if "Total" in by_type.index else pd.Series(dtype=int)
    n = max(int(counts.sum()), 1)
    types = pd.DataFrame(
        {"type": [TYPE_LABELS[t] for t in counts.index], "n": counts.to_numpy(), "share": counts.to_numpy() / n}
    )
    scope = _links(data).links_by_scope.copy()
    total_links = max(int(scope["links"].sum()), 1)
    scope["share"] = scope["links"] / total_links
    body += '<div class="grid2">\n'
    body += table(
        types,
        [col("type", "Actor type"), col("n", "Actors", "int"), col("share", "Share", "pct")],
        caption="Actors by type",
    )
    body += table(
        scope,
        [col("scope", "Scope"), col("links", "Links", "int"), col("share", "Share", "pct")],
        caption="Links by scope" + (" (including links to other regions)" if data.region else ""),
    )
    body += "</div>\n"

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
        body += table(reg, helix_cols, caption="Triple-helix completeness per region")
    return section("glance", HEADINGS["glance"], body)


# --------------------------------------------------------------------------- map


#: Above this many actors the report draws no static picture (the interactive map aggregates).
PICTURE_MAX = 20_000


def network_picture_svg(data: ReportData) -> str:
    """The static picture of the network (inline SVG), from the same view and layout as ``map.html``."""
    from ..maps.ecosystem import select_view
    from ..maps.static_picture import network_picture

    view = select_view(data.G, region=data.region)
    svg = network_picture(
        view.graph,
        metrics=data.metrics.actors,
        seed=data.seed,
        title=data.title,
        greyed=frozenset(view.greyed),
    )
    return str(svg)


def map_section(data: ReportData) -> str:
    full = "Open the interactive map" + (f" of {data.region}" if data.region else "")
    links = [f'<a href="{esc(target)}">{esc(region)}</a>' for region, target in data.region_maps.items()]
    side = (
        f'<aside class="map-side"><p><a href="map.html"><strong>{esc(full)}</strong></a> '
        "(<code>map.html</code> beside this report)</p>"
        + ("<p>Region maps: " + " · ".join(links) + "</p>" if links else "")
        + "<p>Drag, zoom, filter by type or region, search by name and hover an actor for its figures. "
        "The picture here is the same network with the same layout, so the report keeps it when forwarded "
        "alone or printed.</p></aside>\n"
    )
    if data.G.number_of_nodes() > PICTURE_MAX:
        pic = (
            f'<p class="empty">The network has more than {PICTURE_MAX:,} actors: too many for a static '
            "picture; open the interactive map, which draws them all (as groups of region and actor type above "
            f"{MAX_MAP_ACTORS:,} actors or {MAX_MAP_LINKS:,} links).</p>\n"
        )
    else:
        pic = figure(
            network_picture_svg(data),
            "Each dot is an actor, coloured by type and sized by brokerage (diamonds: cluster organisations); "
            "lines are links. The actors that broker most are named.",
        )
    body = f'<div class="map-top">\n<div class="map-picture">{pic}</div>\n{side}</div>\n'
    body += how_to_read(HOW_TO_READ["map"])
    return section("map", HEADINGS["map"], body, css="print-break")


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


def steps_section(data: ReportData) -> str:
    from ..analysis.steps import INDICATOR_LABELS, STEPS

    body = how_to_read(HOW_TO_READ["steps"])
    st = data.steps
    if not len(st):
        body += '<p class="empty">No cluster organisation is in the data, so the four steps cannot be measured.</p>\n'
        return section("steps", HEADINGS["steps"], body, css="print-break")
    orgs = list(dict.fromkeys(st["cluster_org"]))
    size = st[st["indicator"] == "members"].set_index("cluster_org")["value"]
    shown = sorted(orgs, key=lambda c: (-int(size.get(c, 0)), str(c)))[:MAX_STEP_COLUMNS]
    shown = [c for c in orgs if c in shown]
    names = st.drop_duplicates("cluster_org").set_index("cluster_org")["name"]
    value = st.set_index(["cluster_org", "indicator"])["value"]
    h = data.steps_history
    first: dict = {}  # (cluster org, indicator) -> (base year, value then)
    base = None
    if len(h) and data.until is None:
        years = sorted(int(y) for y in h["year"].unique())
        base = max(years[0], years[-1] - STEP_CHANGE_YEARS)
        then = h[h["year"] == base].set_index(["cluster_org", "indicator"])["value"]
        for c in orgs:
            for ind in st[st["cluster_org"] == c]["indicator"]:
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
    body += table(
        pd.DataFrame(rows), cols, caption="Where each cluster organisation stands." + since + note, css="steps"
    )
    mv = data.step_moves
    if len(mv):
        body += "<h3>What would move each step</h3>\n"
        heads = {k: h for k, h, _ in STEPS}
        items = []
        for c in shown:
            m = mv[mv["cluster_org"] == c]
            if not len(m):
                continue
            parts = []
            for r in m.itertuples(index=False):
                ind = r.indicator.split("+")[0]
                label = "regional government and RTOs linked" if "+" in r.indicator else INDICATOR_LABELS.get(ind, ind)
                why = getattr(r, "reason", None)
                parts.append(
                    f"<em>{esc(heads[r.step])}</em>: {esc(r.action)} "
                    f"({esc(label)}: {esc(_step_value(ind, r.before))} &rarr; {esc(_step_value(ind, r.after))})"
                    + (f'<br><span class="note">{esc(why)}</span>' if isinstance(why, str) and why else "")
                )
            items.append(
                f"<strong>{esc(names.get(c, c))}</strong><ul>" + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"
            )
        body += bullets(items, "moves")
    from ..analysis.steps import international_caveat

    caveat = international_caveat(data.G)
    if caveat:
        body += f'<p class="note caveat">{esc(caveat)}</p>\n'
    return section("steps", HEADINGS["steps"], body, css="print-break")


# --------------------------------------------------------------------------- who


def who(data: ReportData) -> str:
    t = data.summary.actors_by_region
    body = how_to_read(HOW_TO_READ["who"])
    body += figure(charts.actors_by_region(t), "Actors of each type in each region (numbers: all actors).")
    shown = t.reset_index()
    cols = (
        [col("region", "Region")]
        + [col(ty, TYPE_LABELS[ty], "int") for ty in ACTOR_TYPES]
        + [col("total", "Total", "int")]
    )
    body += table(shown, cols, caption="Actors by region and type")
    return section("who", HEADINGS["who"], body, css="print-skip")


# --------------------------------------------------------------------------- mixing


def mixing(data: ReportData) -> str:
    body = how_to_read(HOW_TO_READ["mixing"])
    body += figure(
        charts.mixing_heatmap(data.mixing),
        "Links between each pair of actor types (each link counted once"
        + (", from its source type to its target type" if data.G.is_directed() else "")
        + ").",
    )
    lt = _links(data).links_by_type
    body += '<div class="grid2">\n'
    body += table(
        lt,
        [col("link type", "Kind of link"), col("links", "Links", "int")],
        caption="Links by kind (a link of several kinds counts under each)",
        max_rows=MAX_ROWS,
        full_list="the links file",
    )
    sc = _links(data).links_by_scope
    body += table(sc, [col("scope", "Scope"), col("links", "Links", "int")], caption="Links by scope")
    body += "</div>\n"
    return section("mixing", HEADINGS["mixing"], body, css="print-skip")


# --------------------------------------------------------------------------- brokers


def brokers(data: ReportData) -> str:
    a = data.actors
    body = how_to_read(HOW_TO_READ["brokers"])
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
        body += table(
            top,
            cols,
            caption=f"Top {min(TOP_BROKERS, len(a))} brokers and their roles "
            f"(brokered two-step paths, {BROKERAGE_UNIT}; all actors in actors_metrics.csv)",
        )
        body += figure(charts.brokerage_by_type(a), "Brokerage roles summed over the actors of each type.")
    if len(a) and "degree" in a.columns:
        types = a.set_index("id")["type"] if "type" in a.columns else None
        body += figure(
            charts.degree_distribution(a.set_index("id")["degree"], types),
            "Number of actors by number of partners, coloured by actor type.",
        )
    return section("brokers", HEADINGS["brokers"], body, css="print-skip")


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
    """Community number -> "Community 3 (mostly Navarra)", after the most common region of its actors."""
    a = data.metrics.actors  # every actor, also in a region report
    if "community" not in a.columns or "region" not in a.columns:
        return {}
    out = {}
    for c, regions in a.groupby("community")["region"]:
        counts = regions.dropna().astype(str).value_counts()
        if len(counts):
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            share = top[1] / len(regions)
            label = f"mostly {top[0]}" if share < 1 else top[0]
            out[c] = f"Community {c} ({label})"
    return out


def mass(data: ReportData) -> str:
    g = data.groups
    body = how_to_read(HOW_TO_READ["mass"])
    reg = _region_groups(data)
    body += table(
        reg,
        [("group", "Region", *c[2:]) if c[0] == "group" else c for c in _MASS_COLS],
        caption="Per region",
        empty="No region is given in the actors file.",
    )
    com = g[g["by"] == "community"] if len(g) else g
    small = 0
    if len(com):
        small = int((com["n_actors"] < MIN_COMMUNITY).sum())
        com = com[com["n_actors"] >= MIN_COMMUNITY]
        com = com.sort_values(["n_actors", "group"], ascending=[False, True])
        names = _community_names(data)
        com = com.assign(group=com["group"].map(lambda c: names.get(c, f"Community {c}")))
    note = (
        (
            f" {plural(small, 'community', 'communities')} of fewer than {MIN_COMMUNITY} actors (isolated "
            "or nearly isolated actors) are left out; they are in groups_metrics.csv."
        )
        if small
        else ""
    )
    body += table(
        com,
        [("group", "Community", *c[2:]) if c[0] == "group" else c for c in _MASS_COLS],
        caption="Per community (largest first)." + note,
        empty="No community was found.",
        max_rows=MAX_ROWS,
        full_list="groups_metrics.csv",
    )
    flags = data.gaps.groups
    flags = flags[flags["by"] == "community"] if len(flags) else flags
    if len(flags):
        names = _community_names(data)
        flags = flags.assign(
            group=flags["group"].map(lambda c: names.get(c, f"Community {c}")),
            issue=flags["issue"].map(lambda i: ISSUE_LABELS.get(i, i)),
        )
        body += table(
            flags,
            [col("group", "Community"), col("issue", "Issue"), col("detail", "Detail")],
            caption="Communities flagged (for researchers: a community is found from the links, not a unit "
            "a manager runs)",
            max_rows=MAX_ROWS,
            full_list="gaps.csv",
        )
    return section("mass", HEADINGS["mass"], body, css="print-skip")


# --------------------------------------------------------------------------- gaps


def neediest_table(data: ReportData, max_rows: int = MAX_NEEDY) -> str:
    """Firms without an education partner: one table per region, neediest first, best introduction."""
    nd = data.neediest
    if not len(nd):
        return '<p class="empty">Every firm has an education partner.</p>\n'
    nd = nd.assign(region=nd["region"].map(lambda r: NO_GROUP if r is None or pd.isna(r) else str(r)))
    per_region = len(nd) if data.region is not None else MAX_NEEDY_PER_REGION
    shown = nd.groupby("region", sort=False).head(per_region).head(max_rows if data.region is None else len(nd))
    cols = [
        col("firm_name", "Firm"),
        col("sector", "Sector"),
        col("n_links", "Links", "int"),
        col("within", "Education partner two steps away"),
        col("intro", "Best introduction"),
        col("broker_name", "Who can introduce"),
        col("score", "Score", "float2"),
    ]
    out = []
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
        out.append(table(rows, cols, caption=caption, css="needy"))
        if len(every) > len(rows):
            out.append(
                f'<p class="more">{len(every) - len(rows):,} more firms of {esc(region)} in <code>gaps.csv</code> '
                f"(filter the region column), or <code>clustergraph report ... --region {esc(region)}</code> "
                "for the region's full page.</p>\n"
            )
    if len(nd) > len(shown) and nd["region"].nunique() > shown["region"].nunique():
        out.append(
            f'<p class="more">{len(nd) - max_rows:,} more firms not shown: every firm is in '
            "<code>gaps.csv</code>, every suggestion in <code>suggestions.csv</code>.</p>\n"
        )
    return "".join(out)


def region_summary_table(data: ReportData) -> str:
    """Every region in one table: its firms, those without an education partner, the best introductions."""
    reg = getattr(data.gaps, "regions", None)
    if reg is None or not len(reg):
        return ""
    return "<h3>Every region</h3>\n" + table(
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


def gaps(data: ReportData) -> str:
    gr = data.gaps
    s = gr.summary()
    manager_groups = gr.groups[gr.groups["by"] != "community"] if len(gr.groups) else gr.groups
    body = how_to_read(HOW_TO_READ["gaps"])
    body += cards(
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
    )
    body += region_summary_table(data)
    body += "<h3>Firms without an education partner, neediest first</h3>\n"
    body += (
        '<p class="note">Regions with the most firms that have no education partner even two steps away '
        "come first; in each region, those firms first, then the firms with fewest links. The best "
        "introduction is the top-ranked education provider with a score above zero and someone to make "
        "the introduction.</p>\n"
    )
    body += neediest_table(data)
    groups = manager_groups
    n_community = len(gr.groups) - len(groups)
    if len(groups):
        groups = groups.assign(issue=groups["issue"].map(lambda i: ISSUE_LABELS.get(i, i)))
    body += table(
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
        full_list="gaps.csv",
    )
    fr = _with_labels(gr.fragile)
    if len(fr):
        fr["kind"] = fr["kind"].map(lambda k: ISSUE_LABELS.get(k, k))
    body += table(
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
        full_list="gaps.csv",
    )
    if len(gr.load):
        body += "<h3>Cluster organisations' load</h3>\n"
        body += bullets(
            f"<strong>{esc(r.name)}</strong>: {plural(int(r.n_dependent), 'actor')} "
            f"reach{'es' if int(r.n_dependent) == 1 else ''} the rest of the network only through it "
            f"({int(r.n_pendant):,} with a single link)."
            for r in gr.load.itertuples(index=False)
        )
    body += (
        '<p class="print-only more">This printed summary holds the picture, the findings, the four steps and '
        "the gaps. Who is in the ecosystem, who works with whom, brokers, critical mass, regions and "
        "countries, change over time, the definitions and the data sources are in <code>report.html</code>."
        "</p>\n"
    )
    return section("gaps", HEADINGS["gaps"], body, css="print-break")


# --------------------------------------------------------------------------- regions and countries

#: Partners abroad listed per region (partners_abroad.csv holds them all).
MAX_PARTNERS = 8
#: Regions drawn in the links-per-year small multiples (region_years.csv holds them all).
MAX_PANELS = 12


def geography_section(data: ReportData) -> str:
    body = how_to_read(HOW_TO_READ["regions"])
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
    if maps:
        body += '<div class="grid2">\n' + "".join(maps) + "</div>\n"
    pa = data.partners_abroad
    if len(pa):
        pa = _with_labels(pa)
        parts = []
        count = pa.groupby("region", sort=False).size()
        shown = sorted(count.index, key=lambda r: (-int(count[r]), str(r)))[:MAX_PANELS]
        for region, rows in pa[pa["region"].isin(shown)].groupby("region", sort=False):
            caption = f"{region}: {plural(len(rows), 'partner')} abroad"
            parts.append(
                "<div>"
                + table(
                    rows,
                    [
                        col("partner_name", "Partner"),
                        col("type", "Type"),
                        col("country", "Country"),
                        col("links", "Links", "int"),
                    ],
                    caption=caption,
                    max_rows=MAX_PARTNERS,
                    full_list="partners_abroad.csv",
                )
                + "</div>"
            )
        body += '<h3>Partners abroad of each region</h3>\n<div class="grid2">\n' + "".join(parts) + "</div>\n"
        if len(count) > len(shown):
            body += (
                f'<p class="more">The {len(shown)} regions with most partners abroad are shown; the other '
                f"{len(count) - len(shown):,} are in partners_abroad.csv.</p>\n"
            )
    else:
        body += '<p class="empty">No link crosses a national border (or the countries are not given).</p>\n'
    ry = data.region_years
    if len(ry):
        busiest = sorted(ry.columns, key=lambda r: (-int(ry[r].sum()), str(r)))[:MAX_PANELS]
        more = (
            f" The {MAX_PANELS} regions with most links are shown; all are in region_years.csv."
            if ry.shape[1] > MAX_PANELS
            else ""
        )
        body += figure(
            charts.small_multiples(ry[[r for r in ry.columns if r in busiest]]),
            "New links per year touching each region (a link between two regions counts for both); same scale in "
            "every panel." + more,
        )
    return section("regions", HEADINGS["regions"], body, css="print-skip")


# --------------------------------------------------------------------------- time


def time(data: ReportData) -> str:
    y = data.yearly
    body = how_to_read(HOW_TO_READ["time"])
    if not len(y):
        body += (
            '<p class="empty">The links carry no year, so the ecosystem cannot be followed over time. '
            "Add a <code>year</code> column to the links file to see it.</p>\n"
        )
        return section("time", HEADINGS["time"], body, css="print-skip")
    body += figure(
        charts.links_over_years(y), "New links per year and the share of active firms with an education partner."
    )
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
    body += table(
        y.assign(year=y["year"].astype(str)),
        cols,
        caption=f"Year by year (the network as it was at the end of each year{among}).{note}",
    )
    return section("time", HEADINGS["time"], body, css="print-skip")


# --------------------------------------------------------------------------- definitions, data


def definitions(data: ReportData) -> str:
    body = how_to_read(HOW_TO_READ["definitions"])
    items = "".join(f"<dt>{esc(term)}</dt><dd>{text}</dd>" for term, text in DEFINITIONS)
    body += f'<dl class="defs">{items}</dl>\n'
    return section("definitions", HEADINGS["definitions"], body, css="print-skip")


def data_section(data: ReportData) -> str:
    p = data.provenance
    body = how_to_read(HOW_TO_READ["data"])
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
    body += table(
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
    )
    dropped = list(p.get("dropped") or [])
    fixed = list(p.get("fixed") or [])
    body += f"<h3>Rows dropped or values cleared ({len(dropped):,})</h3>\n"
    body += bullets([esc(x) for x in dropped[:50]]) if dropped else '<p class="empty">None.</p>\n'
    if len(dropped) > 50:
        body += f'<p class="more">{len(dropped) - 50:,} more not shown.</p>\n'
    body += f"<h3>Corrections applied ({len(fixed):,})</h3>\n"
    body += bullets([esc(x) for x in fixed[:50]]) if fixed else '<p class="empty">None.</p>\n'
    settings = [
        ("Tool", f"clustergraph {data.version}"),
        ("Run date", "at the top of this report"),
        ("Links read as", "directed (source to target)" if data.G.is_directed() else "undirected"),
        ("Region", data.region or "all"),
        ("Network up to", str(data.until) if data.until is not None else "all years"),
        ("Random seed (communities, map layout)", str(data.seed)),
    ]
    body += "<h3>Settings</h3>\n" + bullets([f"{esc(k)}: {esc(v)}" for k, v in settings])
    out = pd.DataFrame(data.outputs, columns=["file", "what"])
    body += "<h3>Outputs beside this report</h3>\n"
    body += (
        bullets([f'<a href="{esc(f)}"><code>{esc(f)}</code></a>: {esc(w)}' for f, w in data.outputs])
        if len(out)
        else '<p class="empty">None.</p>\n'
    )
    return section("data", HEADINGS["data"], body, css="print-skip")


def render(data: ReportData) -> str:
    """The whole report page for ``data`` (a :class:`~.build.ReportData`)."""
    parts = [
        glance(data),
        map_section(data),
        steps_section(data),
        gaps(data),
        projects_section(data),  # after the gaps, as in the table of contents (with_projects_toc)
        who(data),
        mixing(data),
        brokers(data),
        mass(data),
        geography_section(data),
        time(data),
        definitions(data),
        data_section(data),
    ]
    footer = (
        "Made with clustergraph. Organisations and links are as recorded in the input files; "
        "measures follow the references in the definitions section."
    )
    return page(data.title, header(data), with_projects_toc(SECTIONS, data), "".join(parts), esc(footer))
