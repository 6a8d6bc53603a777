"""Lay out the report: one function per section, from :class:`~.build.ReportData` to HTML.

Every data value is escaped (:func:`clustergraph.report.html.esc`, or the
table/card helpers that call it); the fixed texts come from
:mod:`clustergraph.report.texts`. The run date appears on exactly one line.
"""

from __future__ import annotations

import pandas as pd

from ..analysis.gaps import MIN_COMMUNITY
from ..maps.views import plural
from ..metrics.critical_mass import NO_GROUP
from ..schema import ACTOR_TYPES, TYPE_LABELS
from . import charts
from .html import bullets, cards, col, esc, figure, fmt_float, fmt_int, fmt_pct, how_to_read, page, section, table
from .model import FULL_MAP_FILE, ReportData
from .projects_section import projects_section, with_projects_toc
from .texts import DEFINITIONS, HEADINGS, HOW_TO_READ, ISSUE_LABELS, SECTIONS

#: Rows shown in the long tables (the CSV files hold them all).
TOP_BROKERS = 15
MAX_ROWS = 20


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
        out.append(
            f"<strong>{linked:,} of {n_firms:,} firms ({fmt_pct(linked / n_firms)})</strong> have a "
            "direct link to a VET provider or a university."
        )
    groups = data.gaps.groups
    if len(groups):
        no_edu = groups[(groups["by"] == "region") & (groups["issue"] == "no_education_partner")]
        if len(no_edu):
            names = ", ".join(esc(g) for g in no_edu["group"].astype(str))
            out.append(f"In <strong>{names}</strong>, no firm is linked to an education provider.")
        for issue, what in (
            ("no_government", "no government actor"),
            ("no_research", "no research actor"),
            ("no_cluster_org", "no cluster organisation"),
        ):
            rows = groups[(groups["by"] == "region") & (groups["issue"] == issue)]
            if len(rows):
                out.append(f"{esc(', '.join(rows['group'].astype(str)))}: {what} in the data.")
    reg = _region_groups(data)
    if len(reg) and "helix_complete" in reg.columns and data.region is None:
        k = int(reg["helix_complete"].fillna(False).astype(bool).sum())
        out.append(
            f"{k} of {len(reg)} regions have a complete triple helix (firms, education, research "
            "and government actors working with each other)."
        )
    a = data.actors
    if len(a) and a["brokerage_total"].max() > 0:
        top = a.sort_values(["brokerage_total", "id"], ascending=[False, True]).iloc[0]
        pairs = int(top["brokerage_total"]) // (1 if data.G.is_directed() else 2)
        where = f", {esc(top['region'])}" if "region" in a.columns and pd.notna(top.get("region")) else ""
        out.append(
            f"The strongest broker is <strong>{esc(top.get('name', top['id']))}</strong> "
            f"({esc(_type_label(top.get('type')))}{where}): it sits between {pairs:,} pairs of "
            "actors that have no direct link to each other."
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
        verb = "hangs on a single link or broker, or is" if len(fr) == 1 else "hang on a single link or broker, or are"
        out.append(
            f"{plural(len(fr), 'actor')} {verb} cut off" + (f" ({iso:,} with no link at all)" if iso else "") + "."
        )
    y = data.yearly
    if len(y) > 1:
        a0, a1 = y.iloc[0], y.iloc[-1]
        out.append(
            f"Links grew from {int(a0['links']):,} in {int(a0['year'])} to {int(a1['links']):,} in "
            f"{int(a1['year'])}; the share of active firms with an education partner went from "
            f"{fmt_pct(a0['firms_with_education_share'])} to "
            f"{fmt_pct(a1['firms_with_education_share'])}."
        )
    return out


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


def map_section(data: ReportData) -> str:
    large = FULL_MAP_FILE in {f for f, _ in data.outputs}
    body = how_to_read(HOW_TO_READ["map"])
    if large:
        body += (
            "<p>The network is large, so the map below shows one circle per region and actor type; "
            "the map of every actor opens from the link below it.</p>\n"
        )
    body += (
        '<iframe class="map-frame" src="map.html" title="Interactive map of the ecosystem" loading="eager"></iframe>\n'
    )
    body += (
        '<p class="print-only">The interactive map is in the file <code>map.html</code> beside this '
        "report; open it in a web browser.</p>\n"
    )
    full = "Full-screen map" + (f" of {data.region}" if data.region else "")
    links = [f'<a href="map.html">{esc(full)}</a>']
    if large:
        links.append(f'<a href="{FULL_MAP_FILE}">every actor (large: opens slowly)</a>')
    links += [f'<a href="{esc(fname)}">{esc(region)}</a>' for region, fname in data.region_maps.items()]
    body += f'<p class="map-links">Open a map: {" · ".join(links)}</p>\n'
    return section("map", HEADINGS["map"], body)


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
    return section("who", HEADINGS["who"], body)


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
    )
    sc = _links(data).links_by_scope
    body += table(sc, [col("scope", "Scope"), col("links", "Links", "int")], caption="Links by scope")
    body += "</div>\n"
    return section("mixing", HEADINGS["mixing"], body)


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
            "(brokered two-step paths; all actors in actors_metrics.csv)",
        )
        body += figure(charts.brokerage_by_type(a), "Brokerage roles summed over the actors of each type.")
    if len(a) and "degree" in a.columns:
        types = a.set_index("id")["type"] if "type" in a.columns else None
        body += figure(
            charts.degree_distribution(a.set_index("id")["degree"], types),
            "Number of actors by number of partners, coloured by actor type.",
        )
    return section("brokers", HEADINGS["brokers"], body)


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
    )
    return section("mass", HEADINGS["mass"], body)


# --------------------------------------------------------------------------- gaps


def gaps(data: ReportData) -> str:
    gr = data.gaps
    s = gr.summary()
    body = how_to_read(HOW_TO_READ["gaps"])
    body += cards(
        [
            (
                fmt_int(s["firms_without_education"]),
                "firms without an education partner",
                f"{s['firms_without_education_within_2']:,} with none two steps away either",
            ),
            (fmt_int(s["groups_flagged"]), "groups flagged", "regions, sectors or communities"),
            (fmt_int(s["untapped_education"]), "education providers not linked to firms", ""),
            (fmt_int(s["fragile_actors"]), "fragile actors", "single link, single broker or cut off"),
        ]
    )
    groups = gr.groups.copy()
    if len(groups):
        groups["issue"] = groups["issue"].map(lambda i: ISSUE_LABELS.get(i, i))
    body += table(
        groups,
        [col("by", "By"), col("group", "Group"), col("issue", "Issue"), col("detail", "Detail")],
        caption="Groups flagged",
        empty="No region, sector or community is flagged.",
        max_rows=MAX_ROWS,
    )
    if len(data.suggestions):
        best = data.best_suggestions.sort_values(["score", "firm"], ascending=[False, True])
        body += table(
            best,
            [
                col("firm_name", "Firm"),
                col("candidate_name", "Suggested partner"),
                col("reason", "Why"),
                col("broker_name", "Could introduce"),
                col("score", "Score", "float2"),
            ],
            caption="Most promising introductions: the best education partner for each firm "
            "without one, highest score first",
            max_rows=MAX_ROWS,
        )
    else:
        body += (
            '<p class="empty">No suggestion: every firm has an education partner, or there is no '
            "education provider to suggest.</p>\n"
        )
    firms = gr.firms.copy()
    if len(firms):
        firms["within"] = firms["no_education_within_2"].map(lambda b: "no" if b else "yes")
    body += table(
        firms,
        [
            col("name", "Firm"),
            col("region", "Region"),
            col("sector", "Sector"),
            col("within", "Education partner two steps away"),
            col("reason", "Detail"),
        ],
        caption="Firms without an education partner",
        empty="Every firm has an education partner.",
        max_rows=MAX_ROWS,
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
            col("detail", "Detail"),
        ],
        caption="Fragile actors",
        empty="No fragile actor.",
        max_rows=MAX_ROWS,
    )
    return section("gaps", HEADINGS["gaps"], body)


# --------------------------------------------------------------------------- time


def time(data: ReportData) -> str:
    y = data.yearly
    body = how_to_read(HOW_TO_READ["time"])
    if not len(y):
        body += (
            '<p class="empty">The links carry no year, so the ecosystem cannot be followed over time. '
            "Add a <code>year</code> column to the links file to see it.</p>\n"
        )
        return section("time", HEADINGS["time"], body)
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
    return section("time", HEADINGS["time"], body)


# --------------------------------------------------------------------------- definitions, data


def definitions(data: ReportData) -> str:
    body = how_to_read(HOW_TO_READ["definitions"])
    items = "".join(f"<dt>{esc(term)}</dt><dd>{text}</dd>" for term, text in DEFINITIONS)
    body += f'<dl class="defs">{items}</dl>\n'
    return section("definitions", HEADINGS["definitions"], body)


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
    return section("data", HEADINGS["data"], body)


def render(data: ReportData) -> str:
    """The whole report page for ``data`` (a :class:`~.build.ReportData`)."""
    parts = [
        glance(data),
        map_section(data),
        who(data),
        mixing(data),
        brokers(data),
        mass(data),
        gaps(data),
        projects_section(data),
        time(data),
        definitions(data),
        data_section(data),
    ]
    footer = (
        "Made with clustergraph. Organisations and links are as recorded in the input files; "
        "measures follow the references in the definitions section."
    )
    return page(data.title, header(data), with_projects_toc(SECTIONS, data), "".join(parts), esc(footer))
