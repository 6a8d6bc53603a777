"""Read and validate ``actors`` and ``links`` tables (CSV or Excel) into a graph.

The loader never drops data silently. Every problem is a
:class:`~clustergraph.errors.Problem` naming the file, the row (as a spreadsheet
shows it: the header is row 1) and the column. By default any problem stops the
load with an :class:`~clustergraph.errors.InputError` listing all of them;
with ``lenient=True`` the bad rows are dropped and each drop is recorded.
Harmless fixes (trimmed spaces, ``7.0`` read as ``7``, a non-UTF-8 encoding,
skipped blank lines, merged repeated links) are recorded too. Both lists end up
in ``G.graph["provenance"]``.

Reading rules
-------------
- CSV with ``,`` ``;`` or tab separators (detected from the header line); UTF-8
  with or without BOM, UTF-16 with BOM (Excel "Unicode text"); a file that is
  not valid UTF-8 is read as Windows-1252 (a superset of Latin-1) and that is
  reported.
- ``.xlsx`` workbooks: sheet ``actors`` / ``links`` (any case), or the only
  sheet of a one-sheet workbook. One workbook with both sheets may be given
  alone.
- Column names are matched case-insensitively after trimming.
- **Ids are text.** They are trimmed, and a whole number written with a
  trailing ``.0`` (as spreadsheets export numbers) loses it: ``7.0`` is ``7``.
  Leading zeros are kept: ``007`` and ``7`` are different actors.

Big plain CSV files (UTF-8, no quotes, the header on row 1, no blank rows) are read column-wise
and their links validated with array operations, one check per distinct value; any problem or
anything unusual sends the file through the row-by-row reference path, so the messages are
always the same (see :func:`clustergraph.io.read.read_table`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pandas as pd

from ..errors import InputError, Problem
from ..graph import MergedLinks, _build_graph, merge_links
from .options import LoadOptions
from .participations import input_tables, validate_project_inputs
from .read import EXCEL_SUFFIXES, MAX_LISTED, InputBudget, Table, read_table
from .validate import LoadReport, validate_actors, validate_links

if TYPE_CHECKING:
    from ..projection import ProjectData
    from .skills import SkillsData

logger = logging.getLogger("clustergraph")

# --------------------------------------------------------------------------- loading


def _provenance(table: Table, rows: int) -> dict:
    return {
        "file": table.file,
        "bytes": table.size,
        "sha256": table.sha256,
        "rows_read": len(table.rows),
        "rows_kept": rows,
    }


def _options(options: LoadOptions | None, **keywords) -> LoadOptions:
    """``options`` (default :class:`LoadOptions`) with the keywords that were given (not None)."""
    if options is not None and not isinstance(options, LoadOptions):
        raise TypeError(f"options must be a LoadOptions, not {type(options).__name__}")
    return (options or LoadOptions()).replace(**keywords)


def read_inputs(
    actors,
    links=None,
    options: LoadOptions | None = None,
    *,
    lenient: bool | None = None,
    participations=None,
    projects=None,
    projection: str | None = None,
    budget: InputBudget | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Read and validate the tables.

    ``links`` may be a links table or a participations table (columns
    ``project`` and ``actor``; see :mod:`clustergraph.io.participations`);
    ``participations`` and ``projects`` are further files. Participations are
    projected onto links (:func:`clustergraph.projection.project_links` with
    ``projection``) and added to the links. ``options`` (a :class:`LoadOptions`)
    holds all of them; a keyword given overrides its field.

    Returns
    -------
    (actors, links, provenance) : DataFrames of canonical values and a dict
        with, per file, its name, SHA-256, rows read and kept, and the lists
        ``dropped`` and ``fixed`` (human-readable lines).

    Raises
    ------
    InputError
        With every problem found, unless ``lenient`` (then only for problems
        no row drop can fix: unreadable files, missing columns, no actors),
        or when an input is beyond ``budget`` (:class:`~clustergraph.io.read.InputBudget`).
    """
    opts = _options(options, lenient=lenient, participations=participations, projects=projects,
                    projection=projection, budget=budget)  # fmt: skip
    return _read_all(actors, links, opts)[:3]


def _read_all(actors, links, opts: LoadOptions):
    from .skills import read_skills, skills_sheet, skip_template_example

    actors_path = Path(actors)
    participations, projects = opts.participations, opts.projects
    if links is None:
        if actors_path.suffix.lower() in EXCEL_SUFFIXES:
            links = actors_path
        elif participations is None:
            raise InputError(
                [
                    Problem(
                        str(actors_path),
                        None,
                        None,
                        "no links file given: give LINKS (a links or participations table) or --participations "
                        "(only a workbook with sheets 'actors' and 'links' or 'participations' may be given alone)",
                    )
                ]
            )
    report = LoadReport()
    lenient = opts.lenient
    atable = skip_template_example(read_table(actors_path, "actors", budget=opts.budget), "actors")
    ltable, ptables, jtable = input_tables(actors_path, links, participations, projects, budget=opts.budget)
    ltable = skip_template_example(ltable, "links") if ltable is not None else None
    for t in [atable, ltable, *ptables, jtable]:
        report.fixes += t.fixes if t is not None else []
    actor_df = validate_actors(atable, report, lenient)
    ids = set(actor_df["id"])
    link_df = validate_links(ltable, ids, report, lenient, report.dropped_ids) if ltable is not None else None
    project_data, projected = validate_project_inputs(
        ptables, jtable, ids, report, lenient=lenient, dropped_ids=report.dropped_ids, projection=opts.projection,
        high_helices=opts.high_helices, high_partners=opts.high_partners, max_consortium=opts.max_consortium,
        hub_above=opts.hub_above,
    )  # fmt: skip
    skills, skill_groups = opts.skills, opts.skill_groups
    if skills is None and skills_sheet(actors_path):  # the workbook's own sheet 'skills'
        skills = actors_path
    skill_data = stable = None
    if skills is None and skill_groups is not None:
        raise InputError(f"--skill-groups {skill_groups}: give the skills table too (--skills FILE)")
    if skills is not None:
        skill_data, stable = read_skills(
            skills, actor_df, report, lenient, groups_path=skill_groups, budget=opts.budget
        )
    if report.problems:
        raise InputError(
            report.problems[:MAX_LISTED]
            + (
                [Problem("input", None, None, f"... and {len(report.problems) - MAX_LISTED} more problems")]
                if len(report.problems) > MAX_LISTED
                else []
            )
        )
    provenance: dict = {"actors": _provenance(atable, len(actor_df))}
    if ltable is not None and link_df is not None:
        provenance["links"] = _provenance(ltable, len(link_df))
    if project_data is not None:
        kept = project_data.participations
        provenance["participations"] = [_provenance(t, len(kept)) for t in ptables]
        if jtable is not None:
            provenance["projects"] = _provenance(jtable, len(project_data.projects))
        provenance["projection"] = opts.projection
    if stable is not None and skill_data is not None:
        provenance["skills"] = _provenance(stable, len(skill_data.table))
    provenance["dropped"] = [str(p) for p in report.dropped]
    provenance["fixed"] = list(report.fixes)
    frames = [f for f in (link_df, projected) if f is not None]
    if link_df is None and projected is not None and not len(projected):
        frames = [pd.DataFrame(columns=["source", "target", "weight"])]
    links_out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return actor_df, links_out, provenance, project_data, skill_data


def load(
    actors,
    links=None,
    options: LoadOptions | None = None,
    *,
    report: bool = False,
    directed: bool | None = None,
    lenient: bool | None = None,
    participations=None,
    projects=None,
    projection: str | None = None,
    budget: InputBudget | None = None,
    skills=None,
    skill_groups=None,
    hub_above: int | None = None,
) -> nx.Graph:
    """Load and validate ``actors`` and ``links`` and return the ecosystem graph.

    Parameters
    ----------
    actors, links : path-like
        CSV files or .xlsx workbooks (see the module docstring for the rules).
        ``links`` may be omitted when ``actors`` is a workbook with both sheets.
    options : LoadOptions, optional
        Every option below as one value (the command line builds one); a keyword
        given (not None) overrides its field.
    report : bool
        Log what was dropped or fixed (one WARNING per line on the
        ``clustergraph`` logger; the CLI shows them on stderr).
    directed : bool
        Read links as ``source -> target``.
    lenient : bool
        Drop bad rows instead of raising; every drop is recorded.
    participations, projects : path-like, optional
        A participations table (``project``, ``actor``; ``links`` may be one
        too) and a projects table; see :mod:`clustergraph.io.participations`.
        They are kept in ``G.graph["projects"]`` (a
        :class:`clustergraph.projection.ProjectData`, with the options' typology thresholds).
    projection : {"newman", "count"}
        How shared projects weigh links (:func:`clustergraph.projection.project_links`).
    budget : InputBudget, optional
        Limits on rows, cell size, file size (default :class:`~clustergraph.io.read.InputBudget`).
    skills, skill_groups : path-like, optional
        A skills table (``actor``, ``skill``, ``kind``; see :mod:`clustergraph.io.skills`) and a
        table mapping skills to groups. A workbook ``actors`` with a sheet ``skills`` is read
        without ``skills``. Kept in ``G.graph["skills"]`` (a :class:`clustergraph.io.skills.SkillsData`).
    hub_above : int, optional
        Keep each project of more partners as one hub node (type ``project``, ``hub=True``,
        ``partners``) linked to each partner instead of its ``n(n-1)/2`` pairs
        (:func:`clustergraph.projection.hub_projects`); :func:`clustergraph.graph.actors_only`
        is the graph without them. Default: every project projected onto pairs.

    Returns
    -------
    networkx.Graph
        Built by :func:`clustergraph.graph.build_graph`;
        ``G.graph["provenance"]`` holds the files' checksums, row counts and
        the dropped and fixed lists.

    Raises
    ------
    InputError
        Listing every problem with file, row and column.

    Examples
    --------
    >>> G = load("data/actors.csv", "data/links.csv", LoadOptions(lenient=True))
    >>> G.nodes["NAV-VET1"]["type"]
    'vet'
    """
    opts = _options(options, directed=directed, lenient=lenient, participations=participations,
                    projects=projects, projection=projection, budget=budget, skills=skills,
                    skill_groups=skill_groups, hub_above=hub_above)  # fmt: skip
    tables = load_tables(actors, links, opts)
    G = tables.graph()
    if report:
        for line in load_notices(tables.provenance):
            logger.warning(line)
    return G


@dataclass
class LoadedTables:
    """The validated inputs of :func:`load_tables`: what :func:`load` builds its graph from.

    Attributes
    ----------
    actors, links : DataFrame
        The validated actors and links (participations projected onto links and added).
    provenance : dict
        As ``G.graph["provenance"]`` of :func:`load` (the repeated-links notice included).
    projects : ProjectData or None
        The participations (``G.graph["projects"]``), with the hub projects of ``--hub-above``.
    skills : SkillsData or None
        The skills table (``G.graph["skills"]``).
    directed : bool
        Links read as ``source -> target``.
    merged : MergedLinks
        :func:`clustergraph.graph.merge_links` of the actor ids and ``links``: the edges of the graph.
    """

    actors: pd.DataFrame
    links: pd.DataFrame
    provenance: dict
    projects: ProjectData | None
    skills: SkillsData | None
    directed: bool
    merged: MergedLinks

    @property
    def needs_graph(self) -> bool:
        """Whether a summary must come from the graph (:func:`clustergraph.analysis.summary.summarise`)
        rather than the tables (``summarise_tables``): with hub projects, whose figures count the
        hubs apart, or a skills table, analysed through the graph's links."""
        return self.skills is not None or (self.projects is not None and self.projects.hubs is not None)

    def graph(self) -> nx.Graph:
        """The ecosystem graph of :func:`load` (:func:`clustergraph.graph.build_graph` of the tables,
        hub projects as nodes, ``G.graph["projects"]``, ``["skills"]`` and ``["provenance"]``)."""
        G = _build_graph(self.actors, self.links, directed=self.directed, merged=self.merged)
        if self.projects is not None:
            G.graph["projects"] = self.projects
            if self.projects.hubs is not None:
                from ..projection import HUB_TYPE

                G.add_nodes_from(
                    (node, {"name": name, "type": HUB_TYPE, "hub": True, "project": pid, "partners": int(n)})
                    for node, pid, name, n in self.projects.hubs[["node", "project", "name", "partners"]].itertuples(
                        index=False
                    )
                )
        if self.skills is not None:
            G.graph["skills"] = self.skills
        G.graph["provenance"] = self.provenance
        return G


def load_tables(actors, links=None, options: LoadOptions | None = None, *, report: bool = False) -> LoadedTables:
    """Read and validate the inputs as :func:`load` does, and stop before building the graph.

    The checks, the dropped and fixed lists and the notice on repeated links merged are those of
    :func:`load` (the merge is computed on the tables: :func:`clustergraph.graph.merge_links`), so
    ``load_tables(...).graph()`` is ``load(...)``. ``report`` logs the notices (:func:`load_notices`).
    ``clustergraph validate`` summarises the result without a graph
    (:func:`clustergraph.analysis.summary.summarise_tables`).

    >>> t = load_tables("data/actors.csv", "data/links.csv")
    >>> len(t.actors), t.merged.n_edges, t.needs_graph
    (190, 434, False)
    """
    opts = _options(options)
    actor_df, link_df, provenance, project_data, skill_data = _read_all(actors, links, opts)
    if project_data is not None and opts.directed:
        raise InputError("--directed cannot be used with participations: sharing a project has no direction")
    merged = merge_links([str(x) for x in actor_df["id"].tolist()], link_df, directed=opts.directed)
    n_merged = len(link_df) - merged.n_edges
    if n_merged and "links" in provenance:
        provenance["fixed"].append(
            f"{provenance['links']['file']}: {n_merged} repeated link{'s' if n_merged != 1 else ''} merged into "
            "the edge of the same pair (weights summed, types and years kept)"
            + (" -- counting pairs that also share a project" if project_data is not None else "")
        )
    tables = LoadedTables(actor_df, link_df, provenance, project_data, skill_data, opts.directed, merged)
    if report:
        for line in load_notices(provenance):
            logger.warning(line)
    return tables


def load_notices(provenance: dict) -> list[str]:
    """The dropped rows and applied fixes of a load, one human-readable line each.

    >>> load_notices({"dropped": ["links.csv row 3 column weight: not a number"], "fixed": []})
    ['1 row problem (rows dropped or values cleared):', '  - links.csv row 3 column weight: not a number']
    """
    lines = []
    dropped = provenance.get("dropped", [])
    if dropped:
        lines.append(f"{len(dropped)} row problem{'s' if len(dropped) != 1 else ''} (rows dropped or values cleared):")
        lines += [f"  - {line}" for line in dropped]
    lines += [f"note: {line}" for line in provenance.get("fixed", [])]
    return lines
