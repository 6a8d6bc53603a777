"""Projects as results: partners, helices, places and the ECCP typology of actions.

Each project of the participations (:class:`clustergraph.projection.ProjectData`)
is described by its partners by actor type, the helices it involves, the regions
and countries of its partners, and its place in the typology of cluster actions
for skills of Wilson, J. R. (2020), *Supporting skills for industry through
clusters*, European Cluster Collaboration Platform Discussion Paper 1, Orkestra
(figure 2 of the paper):

**scope** of collaboration (the paper's three columns)
    ``acting alone``: one partner only (e.g. a cluster organisation's own
    training); ``collaboration, regional/national``: several partners, all in
    one country (or countries unknown); ``collaboration, international``:
    partners in two or more countries.
**systemic complexity** (the paper's two rows)
    ``high`` when the project reaches across the ecosystem: partners from at
    least ``high_helices`` (default 3) helices, or at least ``high_partners``
    (default 10) partners; otherwise ``low-medium``.
A project's own ``scope`` or ``complexity`` in the projects table (one of the values above) is
taken instead: the rules of its action settle them (the Erasmus+ import writes them from the action
type: a Centre of Vocational Excellence is international and of high complexity, a cooperation
partnership international even when only one country's partners are listed).

**timing** (across both)
    from ``start`` to ``end``: ``ST`` under 1 year, ``MT`` 1 to 3 years, ``LT``
    over 3 years; empty when a date is missing.

Helices are those of the quadruple helix (Carayannis & Campbell 2009):
``industry`` (firms), ``knowledge`` (VET providers, universities, RTOs),
``government`` and ``civil society`` (type ``other``). Cluster organisations
are intermediaries, not a helix.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from ..graph import actor_table
from ..projection import ProjectData, project_data
from ..schema import ACTOR_TYPES, EDUCATION_TYPES

#: The helix of each actor type (cluster organisations belong to none).
HELIX_OF: dict[str, str] = {
    "firm": "industry",
    "vet": "knowledge",
    "university": "knowledge",
    "rto": "knowledge",
    "government": "government",
    "other": "civil society",
}
HELICES: tuple[str, ...] = ("industry", "knowledge", "government", "civil society")

#: The typology's columns, rows and timings, in the paper's order.
SCOPES: tuple[str, ...] = ("acting alone", "collaboration, regional/national", "collaboration, international")
COMPLEXITIES: tuple[str, ...] = ("low-medium", "high")
TIMINGS: tuple[str, ...] = ("ST", "MT", "LT")

#: Columns of :func:`project_metrics`, in order.
PROJECT_METRIC_COLUMNS: tuple[str, ...] = (
    "id",
    "acronym",
    "title",
    "programme",
    "start",
    "end",
    "duration_years",
    "budget",
    "n_partners",
    "coordinator",
    *(f"n_{t}" for t in ACTOR_TYPES),
    "n_helices",
    "helices",
    "n_regions",
    "regions",
    "n_countries",
    "countries",
    "education_with_firms",
    "scope",
    "complexity",
    "timing",
)


def timing(years: float | None) -> str | None:
    """The paper's timing of a project lasting ``years``: ST (< 1), MT (1 to 3), LT (> 3); None if unknown.

    >>> timing(0.5), timing(1.0), timing(3.0), timing(3.5), timing(None)
    ('ST', 'MT', 'MT', 'LT', None)
    """
    if years is None or (isinstance(years, float) and np.isnan(years)):
        return None
    return "ST" if years < 1 else "MT" if years <= 3 else "LT"


def _joined(values: pd.Series) -> str:
    return ";".join(sorted({str(v) for v in values if pd.notna(v) and v != ""}))


def project_metrics(
    G: nx.Graph,
    data: ProjectData | None = None,
    *,
    high_helices: int | None = None,
    high_partners: int | None = None,
) -> pd.DataFrame:
    """One row per project: partners by type, helices, regions, countries and the typology.

    Parameters
    ----------
    G : networkx.Graph
        The ecosystem, loaded with participations (``G.graph["projects"]``).
    data : ProjectData, optional
        Default: the projects of ``G``.
    high_helices, high_partners : int
        A project is of ``high`` systemic complexity with partners from at least
        ``high_helices`` helices or at least ``high_partners`` partners (default:
        the thresholds kept in ``data``, 3 and 10 unless chosen at load).

    Returns
    -------
    DataFrame
        Columns :data:`PROJECT_METRIC_COLUMNS`, projects in input order (empty
        without projects). ``duration_years`` is ``(end - start)`` in days over
        365.25; ``coordinator`` the actor(s) whose ``role`` is coordinator;
        ``education_with_firms`` True when a VET provider or university works
        with at least one firm in the project.

    References
    ----------
    Wilson, J. R. (2020), *Supporting skills for industry through clusters*,
    European Cluster Collaboration Platform Discussion Paper 1, Orkestra.

    Examples
    --------
    >>> from clustergraph.projection import ProjectData
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("f", {"type": "firm", "country": "ES"}), ("v", {"type": "vet", "country": "ES"}),
    ...                   ("g", {"type": "government", "country": "FR"})])
    >>> parts = pd.DataFrame({"project": ["P1", "P1", "P1", "P2"], "actor": ["f", "v", "g", "v"]})
    >>> projects = pd.DataFrame({"id": ["P1", "P2"], "start": pd.to_datetime(["2020-01-01", "2021-01-01"]),
    ...                          "end": pd.to_datetime(["2024-06-30", "2021-06-30"])})
    >>> m = project_metrics(G, ProjectData(projects, parts))
    >>> m[["id", "n_partners", "n_helices", "scope", "complexity", "timing"]].values.tolist()
    [['P1', 3, 3, 'collaboration, international', 'high', 'LT'], ['P2', 1, 1, 'acting alone', 'low-medium', 'ST']]
    """
    data = data if data is not None else project_data(G)
    if data is None or not len(data.projects):
        return pd.DataFrame(columns=list(PROJECT_METRIC_COLUMNS))
    actors = actor_table(G, ("id", "name", "type", "region", "country")).set_index("id")
    parts = data.participations
    p = pd.DataFrame({"project": parts["project"].to_numpy(), "actor": parts["actor"].to_numpy()})
    p = p.join(actors, on="actor")
    p["helix"] = p["type"].map(HELIX_OF)
    grouped = p.groupby("project", sort=False)
    projects = data.projects.set_index("id")
    out = pd.DataFrame(index=projects.index)
    for col in ("acronym", "title", "programme", "start", "end", "budget"):
        out[col] = projects.get(col)
    start, end = pd.to_datetime(out["start"]), pd.to_datetime(out["end"])
    out["start"] = start.dt.strftime("%Y-%m-%d")
    out["end"] = end.dt.strftime("%Y-%m-%d")
    duration = (end - start).dt.days / 365.25
    out["duration_years"] = duration.round(2)
    out["n_partners"] = grouped.size().reindex(out.index).fillna(0).astype(int)
    if "role" in parts:
        is_coord = parts["role"].fillna("").astype(str).str.strip().str.lower().str.startswith("coordinator")
        coord = p.loc[is_coord.to_numpy()].groupby("project", sort=False)["actor"].agg(_joined)
        out["coordinator"] = coord.reindex(out.index)
    else:
        out["coordinator"] = None
    by_type = pd.crosstab(p["project"], p["type"]).reindex(index=out.index, columns=list(ACTOR_TYPES), fill_value=0)
    for t in ACTOR_TYPES:
        out[f"n_{t}"] = by_type[t].astype(int)
    out["n_helices"] = grouped["helix"].nunique().reindex(out.index).fillna(0).astype(int)
    out["helices"] = grouped["helix"].agg(lambda s: ";".join(h for h in HELICES if h in set(s))).reindex(out.index)
    for col, many in (("region", "regions"), ("country", "countries")):
        out[f"n_{many}"] = grouped[col].nunique().reindex(out.index).fillna(0).astype(int)
        out[many] = grouped[col].agg(_joined).reindex(out.index)
    n_edu = sum(by_type[t] for t in sorted(EDUCATION_TYPES))
    out["education_with_firms"] = (by_type["firm"] > 0) & (n_edu > 0)
    out["scope"] = np.where(out["n_partners"] <= 1, SCOPES[0], np.where(out["n_countries"] >= 2, SCOPES[2], SCOPES[1]))
    high_helices = data.high_helices if high_helices is None else high_helices
    high_partners = data.high_partners if high_partners is None else high_partners
    high = (out["n_helices"] >= high_helices) | (out["n_partners"] >= high_partners)
    out["complexity"] = np.where(high, COMPLEXITIES[1], COMPLEXITIES[0])
    for col, allowed in (("scope", SCOPES), ("complexity", COMPLEXITIES)):  # what the action's rules settle
        if col in projects:
            given = projects[col].reindex(out.index)
            settled = given.isin(allowed).to_numpy()
            out.loc[settled, col] = given[settled]
    out["timing"] = [timing(y) for y in duration]  # unrounded: 364 days is ST
    out = out.reset_index(names="id")
    return out[list(PROJECT_METRIC_COLUMNS)]


def typology_grid(metrics: pd.DataFrame, *, largest: int = 3) -> pd.DataFrame:
    """The paper's grid: one row per (complexity, scope) cell with counts, timing mix and largest projects.

    Parameters
    ----------
    metrics : DataFrame
        From :func:`project_metrics`.
    largest : int
        How many of the largest projects (most partners) each cell names.

    Returns
    -------
    DataFrame
        ``complexity``, ``scope``, ``n_projects``, ``ST``, ``MT``, ``LT``,
        ``timing_unknown``, ``largest`` (acronyms, else ids, ``;``-joined) and
        ``largest_ids`` (their ids); all six
        cells, in the paper's order (high complexity first).

    Examples
    --------
    >>> m = pd.DataFrame({"id": ["A", "B"], "acronym": [None, "BEE"], "n_partners": [12, 2],
    ...                   "scope": ["collaboration, international", "collaboration, international"],
    ...                   "complexity": ["high", "high"], "timing": ["LT", None]})
    >>> g = typology_grid(m)
    >>> g.iloc[2][["scope", "n_projects", "LT", "timing_unknown", "largest"]].astype(str).tolist()
    ['collaboration, international', '2', '1', '1', 'A;BEE']
    """
    rows = []
    for complexity in reversed(COMPLEXITIES):
        for scope in SCOPES:
            cell = metrics[(metrics["complexity"] == complexity) & (metrics["scope"] == scope)]
            cell = cell.sort_values(["n_partners", "id"], ascending=[False, True], kind="stable")
            names = [a if isinstance(a, str) and a else str(i) for a, i in zip(cell["acronym"], cell["id"])]
            counts = cell["timing"].value_counts()
            rows.append(
                {
                    "complexity": complexity,
                    "scope": scope,
                    "n_projects": int(len(cell)),
                    **{t: int(counts.get(t, 0)) for t in TIMINGS},
                    "timing_unknown": int(cell["timing"].isna().sum()),
                    "largest": ";".join(names[:largest]),
                    "largest_ids": ";".join(map(str, cell["id"].iloc[:largest])),
                }
            )
    return pd.DataFrame(rows)


def skills_projects(G: nx.Graph, data: ProjectData | None = None) -> pd.DataFrame:
    """Per region, the projects that bring a VET provider or university together with firms of the region.

    Returns
    -------
    DataFrame
        ``region``, ``project``, ``acronym``, ``programme``, ``n_partners``,
        ``firms_in_region``, ``education`` (names of the VET and university
        partners, ``; ``-joined), ``education_in_region`` (how many of them are
        in the region); one row per region and project with at least one firm
        of the region and one VET/university partner anywhere; sorted by region,
        then most firms.

    Examples
    --------
    >>> from clustergraph.projection import ProjectData
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("f", {"type": "firm", "region": "N", "name": "F"}),
    ...                   ("v", {"type": "vet", "region": "S", "name": "V"})])
    >>> parts = pd.DataFrame({"project": ["P1", "P1"], "actor": ["f", "v"]})
    >>> skills_projects(G, ProjectData(pd.DataFrame({"id": ["P1"]}), parts))[["region", "project", "education"]]
      region project education
    0      N      P1         V
    """
    columns = ["region", "project", "acronym", "programme", "n_partners", "firms_in_region", "education",
               "education_in_region"]  # fmt: skip
    data = data if data is not None else project_data(G)
    if data is None:
        return pd.DataFrame(columns=columns)
    actors = actor_table(G, ("id", "name", "type", "region")).set_index("id")
    p = data.participations[["project", "actor"]].join(actors, on="actor")
    size = p.groupby("project").size()
    edu = p[p["type"].isin(EDUCATION_TYPES)]
    firms = p[(p["type"] == "firm") & p["region"].notna()]
    if not len(edu) or not len(firms):
        return pd.DataFrame(columns=columns)
    meta = data.projects.set_index("id")
    rows = []
    edu_by_project = {k: g for k, g in edu.groupby("project", sort=False)}
    for (project, region), g in firms.groupby(["project", "region"], sort=False):
        e = edu_by_project.get(project)
        if e is None:
            continue
        rows.append(
            {
                "region": region,
                "project": project,
                "acronym": meta["acronym"].get(project) if "acronym" in meta else None,
                "programme": meta["programme"].get(project) if "programme" in meta else None,
                "n_partners": int(size[project]),
                "firms_in_region": len(g),
                "education": "; ".join(sorted(str(n) for n in e["name"].fillna(e["actor"]))),
                "education_in_region": int((e["region"] == region).sum()),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["region", "firms_in_region", "project"], ascending=[True, False, True]).reset_index(
        drop=True
    )
