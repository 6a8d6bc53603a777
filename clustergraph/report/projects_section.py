"""The report section on projects: the ECCP typology grid and the skills projects of each region.

Shown only when the ecosystem was loaded with participations. The grid is the
typology of cluster actions for skills of Wilson (2020), *Supporting skills for
industry through clusters*, ECCP Discussion Paper 1, Orkestra: scope of
collaboration (columns) by systemic complexity (rows), with the timing mix and
the largest projects of each cell (see :mod:`clustergraph.analysis.projects`).

:func:`projects_view` computes the section's figures once (called by
:func:`~.build.collect`); :func:`projects_section` is its view model for
``templates/report/sections/projects.html``.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ..analysis.projects import COMPLEXITIES, SCOPES, TIMINGS, skills_projects, typology_grid
from ..projection import ProjectData
from .blocks import col, table
from .model import ProjectsView, ReportData, TypologyCell

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


def projects_view(data: ReportData, pdata: ProjectData, metrics: pd.DataFrame) -> ProjectsView:
    """The figures of the projects section: the projects in scope (region, year), the grid, per region.

    ``metrics`` is :func:`clustergraph.analysis.projects.project_metrics` of every project
    (computed once by :func:`~.build.collect`, also written to the CSV and the workbook).
    """
    keep = pd.Series(True, index=metrics.index)
    if data.until is not None:
        years = pdata.projects.set_index("id")["start_year"].reindex(metrics["id"]).to_numpy()
        keep &= pd.Series([pd.isna(y) or int(y) <= data.until for y in years], index=metrics.index)
    if data.region is not None:
        in_scope = set(data.scope)
        touched = set(pdata.participations.loc[pdata.participations["actor"].isin(in_scope), "project"])
        keep &= metrics["id"].isin(touched)
    metrics = metrics[keep.to_numpy()]
    n = len(metrics)
    # the acronym (or the id) names a project in the grid
    names = {
        str(i): (str(a) if isinstance(a, str) and a else str(i)) + f" ({int(k)})"
        for i, a, k in zip(metrics["id"], metrics["acronym"], metrics["n_partners"])
    }
    grid = typology_grid(metrics, largest=LARGEST_PER_CELL)
    rows = []
    for complexity in reversed(COMPLEXITIES):
        cells = []
        for scope in SCOPES:
            r = grid[(grid["complexity"] == complexity) & (grid["scope"] == scope)].iloc[0]
            mix = " · ".join(f"{t} {int(r[t])}" for t in TIMINGS if int(r[t]))
            if int(r["timing_unknown"]):
                mix += (" · " if mix else "") + f"dates unknown {int(r['timing_unknown'])}"
            largest = [names.get(p, p) for p in str(r["largest_ids"]).split(";") if p]
            cells.append(TypologyCell(int(r["n_projects"]), mix, ", ".join(largest)))
        label = "High systemic complexity" if complexity == "high" else "Low-medium systemic complexity"
        rows.append((label, cells))
    skills = skills_projects(data.G, pdata)
    skills = skills[skills["project"].isin(set(metrics["id"]))]
    if data.region is not None:
        skills = skills[skills["region"] == data.region]
    return ProjectsView(
        n=n,
        n_education=int(metrics["education_with_firms"].sum()) if n else 0,
        projection="1/(n-1) per project of n partners (Newman 2001)"
        if pdata.projection == "newman"
        else "1 per shared project",
        high_helices=pdata.high_helices,
        high_partners=pdata.high_partners,
        scopes=[s[0].upper() + s[1:] for s in SCOPES],
        grid=rows,
        per_region=_per_region(skills, names),
    )


def projects_section(data: ReportData) -> dict | None:
    """The projects section's view (``templates/report/sections/projects.html``), or None without projects."""
    pv = data.projects_view
    if pv is None:
        return None
    how = Markup(HOW_TO_READ_PROJECTS).format(helices=pv.high_helices, partners=pv.high_partners)
    return {
        "how": how,
        "p": pv,
        "region": data.region,
        "skills": table(
            pv.per_region,
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
        ),
    }


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
