"""The report section on projects: the ECCP typology grid and the skills projects of each region.

Shown only when the ecosystem was loaded with participations. The grid is the
typology of cluster actions for skills of Wilson (2020), *Supporting skills for
industry through clusters*, ECCP Discussion Paper 1, Orkestra: scope of
collaboration (columns) by systemic complexity (rows), with the timing mix and
the largest projects of each cell (see :mod:`clustergraph.analysis.projects`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..analysis.projects import COMPLEXITIES, SCOPES, TIMINGS, project_metrics, skills_projects, typology_grid
from ..projection import ProjectData, project_data
from .html import col, esc, how_to_read, section, table
from .model import ReportData

ANCHOR = "projects"
HEADING = "Projects and the typology of actions"
#: Projects named per cell of the grid, and rows of the per-region list.
LARGEST_PER_CELL = 3
MAX_SKILLS_ROWS = 60  # regions

HOW_TO_READ_PROJECTS = (
    "Each project of the input is placed in the typology of cluster actions for skills of Wilson (2020, "
    "ECCP Discussion Paper 1): <em>scope</em> is whether one organisation acts alone, several work together "
    "in one country, or partners from two or more countries work together; <em>systemic complexity</em> is "
    "high when the project reaches across the ecosystem (partners from {helices} or more helices of industry, "
    "knowledge, government and civil society, or {partners} or more partners). Timing is the project's "
    "length: ST under a year, MT one to three years, LT over three. Each cell counts the projects, gives "
    "their timing mix and names the largest. All figures per project are in <code>projects_metrics.csv</code>."
)


def _scoped(data: ReportData) -> tuple[ProjectData, pd.DataFrame] | None:
    """The project data of the report and the metrics of the projects it is about (region, year)."""
    pdata = project_data(data.G)
    if pdata is None:
        return None
    metrics = project_metrics(data.G, pdata)
    keep = pd.Series(True, index=metrics.index)
    if data.until is not None:
        years = pdata.projects.set_index("id")["start_year"].reindex(metrics["id"]).to_numpy()
        keep &= pd.Series([pd.isna(y) or int(y) <= data.until for y in years], index=metrics.index)
    if data.region is not None:
        in_scope = set(data.scope)
        touched = set(pdata.participations.loc[pdata.participations["actor"].isin(in_scope), "project"])
        keep &= metrics["id"].isin(touched)
    return pdata, metrics[keep.to_numpy()]


def _grid_html(grid: pd.DataFrame, names: dict[str, str]) -> str:
    head = "".join(f'<th scope="col">{esc(s[0].upper() + s[1:])}</th>' for s in SCOPES)
    rows = []
    for complexity in reversed(COMPLEXITIES):
        cells = []
        for scope in SCOPES:
            r = grid[(grid["complexity"] == complexity) & (grid["scope"] == scope)].iloc[0]
            n = int(r["n_projects"])
            if n == 0:
                cells.append('<td><span class="note">no project</span></td>')
                continue
            mix = " · ".join(f"{t} {int(r[t])}" for t in TIMINGS if int(r[t]))
            if int(r["timing_unknown"]):
                mix += (" · " if mix else "") + f"dates unknown {int(r['timing_unknown'])}"
            largest = [names.get(p, p) for p in str(r["largest_ids"]).split(";") if p]
            cells.append(
                f'<td><div class="value"><strong>{n:,}</strong> project{"s" if n != 1 else ""}</div>'
                f'<div class="note">{esc(mix)}</div>'
                + (f'<div class="note">Largest: {esc(", ".join(largest))}</div>' if largest else "")
                + "</td>"
            )
        label = "High systemic complexity" if complexity == "high" else "Low-medium systemic complexity"
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    return (
        '<div class="table-wrap"><table class="typology">'
        "<caption>Typology of the projects: scope of collaboration by systemic complexity</caption>"
        f'<thead><tr><th scope="col"></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>\n'
    )


def projects_section(data: ReportData) -> str:
    """The projects section, or ``""`` when the ecosystem has no projects."""
    scoped = _scoped(data)
    if scoped is None:
        return ""
    pdata, metrics = scoped
    body = how_to_read(HOW_TO_READ_PROJECTS.format(helices=pdata.high_helices, partners=pdata.high_partners))
    n = len(metrics)
    n_edu = int(metrics["education_with_firms"].sum()) if n else 0
    body += (
        f"<p>{n:,} project{'s' if n != 1 else ''}"
        + (f" with partners in {esc(data.region)}" if data.region else "")
        + f"; {n_edu:,} bring a VET provider or a university together with firms. Links are weighted "
        + esc(
            "1/(n-1) per project of n partners (Newman 2001)"
            if pdata.projection == "newman"
            else "1 per shared project"
        )
        + ".</p>\n"
    )
    # the acronym (or the id) names a project in the grid
    names = {
        str(i): (str(a) if isinstance(a, str) and a else str(i)) + f" ({int(k)})"
        for i, a, k in zip(metrics["id"], metrics["acronym"], metrics["n_partners"])
    }
    body += _grid_html(typology_grid(metrics, largest=LARGEST_PER_CELL), names)
    from ..analysis.steps import international_caveat

    caveat = international_caveat(data.G)
    if caveat:
        body += f'<p class="note caveat">{esc(caveat)}</p>\n'
    body += '<p class="note">In brackets: partners of the project.</p>\n'

    skills = skills_projects(data.G, pdata)
    skills = skills[skills["project"].isin(set(metrics["id"]))]
    if data.region is not None:
        skills = skills[skills["region"] == data.region]
    body += "<h3>Projects bringing VET providers or universities together with firms, by region</h3>\n"
    body += table(
        _per_region(skills, names),
        [
            col("region", "Region"),
            col("projects", "Projects", "int"),
            col("local_education", "of them with a VET provider or university of the region", "int"),
            col("largest", "Largest (firms of the region taking part)"),
        ],
        caption="Skills projects per region: projects in which firms of the region work with a VET provider "
        "or a university (of any region)",
        empty="No project brings a VET provider or a university together with firms.",
        max_rows=MAX_SKILLS_ROWS,
    )
    return section(ANCHOR, HEADING, body)


def _per_region(skills: pd.DataFrame, names: dict[str, str], top: int = 4) -> pd.DataFrame:
    """One row per region: its skills projects, how many have a local education partner, the largest named."""
    rows = []
    for region, g in skills.groupby("region", sort=True):
        g = g.sort_values(["firms_in_region", "n_partners", "project"], ascending=[False, False, True])
        shown = [f"{names.get(str(p), str(p)).rsplit(' (', 1)[0]} ({int(k)})" for p, k in
                 zip(g["project"].iloc[:top], g["firms_in_region"].iloc[:top])]  # fmt: skip
        rows.append(
            {
                "region": region,
                "projects": len(g),
                "local_education": int((g["education_in_region"] > 0).sum()),
                "largest": ", ".join(shown) + (" ..." if len(g) > top else ""),
            }
        )
    return pd.DataFrame(rows, columns=["region", "projects", "local_education", "largest"])


def with_projects_toc(toc: Sequence[tuple[str, str]], data: ReportData) -> list[tuple[str, str]]:
    """The table of contents with the projects entry after the gaps, when there are projects."""
    toc = list(toc)
    if project_data(data.G) is None:
        return toc
    at = next((i + 1 for i, (a, _) in enumerate(toc) if a == "gaps"), len(toc))
    return toc[:at] + [(ANCHOR, HEADING)] + toc[at:]
