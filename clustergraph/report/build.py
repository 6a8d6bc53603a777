"""Run every analysis once and write the report with all its companion files.

:func:`build_report` is the main job of clustergraph. It calls the public APIs
of the other parts (metrics, gap analysis, partner suggestions, maps, metric
exports) and never re-implements them; this module only orchestrates, decides
file names, and makes the run all-or-nothing. The seam between computing and
rendering is :func:`collect`: it computes everything the report shows into one
:class:`~.model.ReportData` (metrics, gaps, suggestions, project metrics, the
static picture's view and positions, the key findings as records), and every
writer after it (the page, the picture, the tables, report.xlsx, findings.txt)
is a function of that model that computes nothing again.

- every file is first written into a hidden temporary folder inside the output
  folder (through :mod:`clustergraph.files.atomic`);
- only when everything succeeded are the files moved into place, each with an
  atomic rename, ``report.html`` last;
- when anything fails, the temporary folder is removed and the outputs of the
  previous run stay untouched.

The same input gives the same files, byte for byte, except the one line of
``report.html`` that states the run date.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pandas as pd

from ..analysis.timeline import link_years, network_until, yearly_figures
from ..errors import InputError
from ..export.naming import region_map_files, region_map_links, slug  # noqa: F401  (re-exported)
from ..export.workbook import REPORT_WORKBOOK
from ..metrics import _pool
from .findings import findings_text, key_findings, large_consortia
from .model import (
    FINDINGS_FILE,
    LARGE_CONSORTIUM,
    MAP_FILE,
    REPORT_FILE,
    SUGGESTIONS_PER_FIRM,
    TOP_GROUPS,
    Picture,
    ReportData,
)
from .page import PICTURE_MAX, render
from .single_file import SINGLE_FILE, SINGLE_FILE_BUDGET, SingleFile, single_file_page


def _now() -> _dt.datetime:
    """The run date (a function so tests can fix it)."""
    return _dt.datetime.now(_dt.UTC)


# --------------------------------------------------------------------------- analysis


def _actor_table(metrics) -> pd.DataFrame:
    """``metrics.actors`` (columns :data:`clustergraph.metrics.ACTOR_COLUMNS`) with text ids."""
    return metrics.actors.assign(id=metrics.actors["id"].astype(str))


def _communities(actors: pd.DataFrame) -> dict | None:
    if "community" not in actors.columns:
        return None
    return {i: c for i, c in zip(actors["id"], actors["community"]) if pd.notna(c)}


def collect(
    G: nx.Graph,
    *,
    title: str | None = None,
    region: str | None = None,
    until: int | None = None,
    seed: int = 0,
    large_consortium: int = LARGE_CONSORTIUM,
    step=lambda name: None,
    on_metrics: Callable[[object, nx.Graph], None] | None = None,
) -> ReportData:
    """Compute everything the report shows (no file is written).

    Parameters
    ----------
    G : networkx.Graph
    title, region, until, seed, large_consortium :
        As for :func:`build_report`.
    step : callable
        Called with a short description before each stage (progress display).
    on_metrics : callable, optional
        Called with the metrics (:func:`clustergraph.metrics.compute`) and the graph as soon as they
        are computed, before the rest: :func:`build_report` starts writing the metric sheets of
        report.xlsx then.

    Returns
    -------
    ReportData
        Complete: the writers of the report read it and compute nothing again.
    """
    from ..graph import actors_only, check_region
    from ..metrics import compute
    from ..metrics.critical_mass import mixing_matrix

    check_region(G, region)
    provenance = dict(G.graph.get("provenance") or {})
    if until is not None:
        G = network_until(G, until)
        _skills_until(G)
    with_hubs, G = G, actors_only(G)  # the metrics see hub projects (--hub-above); the rest, actors only
    if region is not None:
        members = [n for n, r in G.nodes(data="region") if r == region]
        scope = G.subgraph(members).copy()
        scope.graph.update(G.graph)
        links_leaving = sum(1 for u, v in G.edges() if (u in scope) != (v in scope))
    else:
        scope, links_leaving = G, 0

    # on large graphs a second process ranks the partner suggestions and the moves of the four steps
    # (:func:`suggestion_tables`, which need no metric) while this one computes the metrics, the
    # gaps, the step history and the geography (the same rows either way)
    early = _start_suggestions(G, region)
    try:
        step("Computing network metrics")
        metrics = compute(with_hubs, seed=seed)
        if on_metrics is not None:
            on_metrics(metrics, G)
        actors = _actor_table(metrics)
        communities = _communities(actors)  # of the whole network, before any cut to a region
        groups = metrics.groups.copy()
        if region is not None:
            actors = actors[actors["id"].isin(set(scope.nodes))]
            comms = set(actors["community"].dropna()) if "community" in actors.columns else set()
            keep = (
                ((groups["by"] == "region") & (groups["group"].astype(str) == region))
                | ((groups["by"] == "community") & groups["group"].isin(comms))
                | ~groups["by"].isin(["region", "community"])
            )
            groups = groups[keep]
            mixing = mixing_matrix(scope)
        else:
            mixing = metrics.mixing
        context = dict(
            region=region,
            seed=seed,
            step=step,
            title=title,
            until=until,
            provenance=provenance,
            links_leaving=links_leaving,
            large_consortium=large_consortium,
        )
        data = _collect_rest(G, scope, metrics, actors, groups, mixing, communities, early, **context)
    except BaseException:  # an error or an interruption: no orphan process
        if early is not None:
            _pool.stop_pool(early[0])
        raise
    return data


def _collect_rest(G, scope, metrics, actors, groups, mixing, communities, early, **context) -> ReportData:
    """:func:`collect` after the metrics (``early``: the pending :func:`suggestion_tables`, or None)."""
    from ..analysis.gaps import region_summary
    from ..analysis.suggest import neediest_first

    region, seed, step = context["region"], context["seed"], context["step"]
    title, until, provenance, links_leaving = (
        context["title"],
        context["until"],
        context["provenance"],
        context["links_leaving"],
    )
    large_consortium = context["large_consortium"]
    if early is None:
        step("Finding gaps and partner suggestions")
        ranked = suggestion_tables(G, region, step=step)
        step("Summarising the ecosystem over time")
        tables = side_tables(G, scope, region, communities, seed)
    else:
        step("Finding gaps; summarising the ecosystem over time")
        tables = side_tables(G, scope, region, communities, seed)
        step("Finishing the partner suggestions and the four steps")
        ranked = _pool.finish(early, lambda: suggestion_tables(G, region))
    suggestions = ranked["suggestions"]
    gaps = tables.pop("gaps")
    gaps.regions = region_summary(G, gaps.firms, suggestions, region=region)  # with the best introductions
    default_title = "Cluster stakeholder network" + (f": {region}" if region else "")
    data = ReportData(
        G=G,
        scope=scope,
        title=title or default_title,
        region=region,
        until=until,
        seed=seed,
        metrics=metrics,
        actors=actors.reset_index(drop=True),
        groups=groups.reset_index(drop=True),
        mixing=mixing,
        gaps=gaps,
        neediest=neediest_first(G, gaps.firms, suggestions),
        provenance=provenance,
        links_leaving=links_leaving,
        **ranked,
        **tables,
    )
    from ..io.skills import skills_data

    if skills_data(G) is not None:
        step("Matching skills needs with offers")
        from ..analysis.skills import analyse_skills
        from .skills_section import skills_view

        data.skills = analyse_skills(G)  # once: the section, the finding, the skills tables and report.xlsx
        data.skills_view = skills_view(data.skills, region=region)
    data.large_consortia = large_consortia(data, large_consortium)  # before the findings, which say it
    data.findings = key_findings(data)

    from ..projection import project_data

    pdata = project_data(G)
    if pdata is not None:
        step("Placing the projects in the typology of actions")
        from ..analysis.projects import project_metrics
        from .projects_section import projects_view

        data.projects = project_metrics(G, pdata)  # once: the section, projects_metrics.csv and report.xlsx
        data.projects_view = projects_view(data, pdata, data.projects)

    if G.number_of_nodes() <= PICTURE_MAX:
        step("Laying out the picture")
        data.picture = _picture(G, region, seed, data.metrics.actors)
    return data


def side_tables(G: nx.Graph, scope: nx.Graph, region: str | None, communities: dict | None, seed: int) -> dict:
    """The parts of :class:`~.model.ReportData` that do not need the partner suggestions.

    The step history year by year, the gaps (without their region summary, which names the
    best introductions), the summaries of the network and of its links, the yearly figures
    and the geography tables: keyword arguments of :class:`~.model.ReportData`, plus ``gaps``.
    On a large graph :func:`collect` computes them while a second process ranks the suggestions
    and the moves (:func:`suggestion_tables`).
    """
    from ..analysis import geography
    from ..analysis.gaps import find_gaps
    from ..analysis.steps import step_history
    from ..analysis.summary import summarise

    link_summary = None
    if region is not None:
        link_summary = summarise(G.edge_subgraph([(u, v) for u, v in G.edges() if u in scope or v in scope]))
    return dict(
        gaps=find_gaps(G, region=region, communities=communities or None, seed=seed),
        summary=summarise(scope),
        link_summary=link_summary,
        yearly=yearly_figures(scope),
        steps_history=step_history(G, region),
        region_matrix=geography.link_matrix(G, "region", top=TOP_GROUPS),
        country_matrix=geography.link_matrix(G, "country", top=TOP_GROUPS),
        partners_abroad=geography.partners_abroad(G, region),
        region_years=geography.links_per_year(G, region),
    )


def suggestion_tables(G: nx.Graph, region: str | None, *, step=lambda name: None) -> dict:
    """The parts of :class:`~.model.ReportData` that need no metric: the partner suggestions (with
    the skills, when given), the four-step indicators of each cluster organisation and its moves.

    On a large graph :func:`collect` computes them in a second process while it computes the
    metrics and :func:`side_tables`. Keyword arguments of :class:`~.model.ReportData`.
    """
    from ..analysis.skills import suggest_with_skills
    from ..analysis.steps import moves_table, step_indicators

    suggestions = suggest_with_skills(G, top=SUGGESTIONS_PER_FIRM, region=region)  # skills re-rank with a table
    step("Measuring the four steps of each cluster organisation")
    steps_now = step_indicators(G, region)
    moves = moves_table(G, suggestions, region, indicators_table=steps_now)
    return dict(suggestions=suggestions, steps=steps_now, step_moves=moves)


#: From this many actors plus links, :func:`collect` ranks the suggestions in a second process
#: (:func:`suggestion_tables`), and the report writes report.xlsx in one.
PARALLEL_MIN: int = 20_000


def _parallel(G: nx.Graph) -> bool:
    """True when ``G`` is large enough for the second processes of the report (:data:`PARALLEL_MIN`)."""
    return G.number_of_nodes() + G.number_of_edges() >= PARALLEL_MIN


def _start_suggestions(G: nx.Graph, region: str | None):
    """``(pool, future)`` of a forked process computing :func:`suggestion_tables`, or None (small graph, one CPU)."""
    if not _parallel(G):
        return None
    return _pool.start_forked(suggestion_tables, G, region)


def _skills_until(G: nx.Graph) -> None:
    """Keep in ``G.graph["skills"]`` the needs and offers of the actors of the cut network only."""
    import dataclasses

    from ..io.skills import skills_data

    data = skills_data(G)
    if data is not None:
        kept = data.table[data.table["actor"].isin(set(G.nodes))]
        G.graph["skills"] = dataclasses.replace(data, table=kept)


def _picture(G: nx.Graph, region: str | None, seed: int, metrics: pd.DataFrame) -> Picture:
    """The static picture's map model: the map's view, communities and layout (same seed, same places)."""
    from ..maps.model import build_map_model
    from ..maps.options import MapOptions

    model = build_map_model(G, MapOptions(region=region, seed=seed, force_full=True), metrics=metrics)
    return Picture(model=model)


# --------------------------------------------------------------------------- files


def _write_companions(data: ReportData, tmp: Path, step, staged=None):
    """Maps, metric tables, graph exports, gaps and suggestions into ``tmp``, and report.xlsx started.

    ``staged`` is the pending :func:`_staged_workbook` (started with the metrics) or None.
    Returns ``(model, workbook)``: the map's model, and the pending report.xlsx (a second process
    writing it, or None: written by :func:`_finish_workbook`). Its line in ``data.outputs`` is
    already there, in its place, so the page can be written while the workbook is.
    """
    # report.xlsx of a large network takes a core for a while: a second process writes it meanwhile
    workbook = _start_workbook(data, tmp) if staged is None else staged[0]
    try:
        if staged is not None:
            _send_later_sheets(data, staged[1])
        model = _write_the_rest(data, tmp, step)
    except BaseException:  # an error or an interruption: no orphan writer
        if workbook is not None:
            _pool.stop_pool(workbook[0])
        raise
    data.outputs.append(WORKBOOK_ENTRY)
    return model, workbook


def _finish_workbook(data: ReportData, tmp: Path, workbook) -> None:
    """Wait for report.xlsx from the second process (or write it here when there is none)."""
    if workbook is None:
        write_report_workbook(data, tmp)
    else:
        _pool.finish(workbook, lambda: write_report_workbook(data, tmp))


def _start_workbook(data: ReportData, folder: Path):
    """``(pool, future)`` of a forked process writing ``report.xlsx`` (from :data:`PARALLEL_MIN`
    actors plus links), or None."""
    if not _parallel(data.G):
        return None
    return _pool.start_forked(write_report_workbook, data, folder)


def _write_the_rest(data: ReportData, tmp: Path, step):
    """:func:`_write_companions` but the workbook."""
    from ..analysis import geography
    from ..export.tables import safe_csv, write_gap_files, write_metrics
    from ..graph import regions
    from ..maps.ecosystem import ASSETS_DIR, write_map
    from ..maps.model import build_map_model
    from ..maps.options import MapOptions

    metrics = data.metrics.actors  # sizes and tooltips of every map: nothing recomputed
    flagged = sorted(set(data.gaps.firms["id"])) if len(data.gaps.firms) else None
    top_sugg = data.best_suggestions
    name = data.title

    step("Drawing the map")
    # one explorer page for the whole report: its region menu (map.html#region=...) replaces one file
    # per region, and its JavaScript is written once into assets/ beside it (still offline)
    # (the model is kept: the single-file report embeds the same map, self-contained)
    model = build_map_model(
        data.G,
        MapOptions(
            region=data.region,
            title=name,
            seed=data.seed,
            shared_assets=True,
            suggestions_in_views=data.region is None,  # as the per-region maps had them, not over everything
        ),
        metrics=metrics,
        flagged=flagged,
        suggestions=top_sugg if len(top_sugg) else None,
    )
    write_map(model, tmp / MAP_FILE)
    data.outputs.append(
        (
            MAP_FILE,
            "interactive map of the "
            + ("region and its outside partners" if data.region else "whole ecosystem (region menu inside)")
            + f"; its scripts are in the {ASSETS_DIR}/ folder beside it, keep the two together",
        )
    )
    if data.region is None:
        data.region_maps = region_map_links(regions(data.G), MAP_FILE)

    step("Writing metric tables and graph exports")
    written = write_metrics(data.metrics, data.G, tmp, projects=data.projects, skills=data.skills)
    for p in sorted(Path(p) for p in written):
        what = _describe(p.name)
        kept = compress_large_graph_file(p)
        if kept != p:
            p = kept
            what += " (gzip-compressed to keep the folder small: networkx and igraph read it as is; unzip it for Gephi)"
        data.outputs.append((p.relative_to(tmp).as_posix(), what))

    step("Writing gaps and suggestions")
    write_gap_files(data.gaps, data.suggestions, tmp, region=data.region)
    data.outputs.append(("gaps.csv", "every gap found: firms without an education partner, groups, fragile actors"))
    data.outputs.append(
        (
            "suggestions.csv",
            f"up to {SUGGESTIONS_PER_FIRM} suggested education partners per "
            "firm, with reasons and who could introduce them",
        )
    )
    data.outputs.append(("gaps.json", "the gaps and suggestions as JSON, as the gaps command writes them"))
    if len(data.steps):
        steps = data.steps_history if len(data.steps_history) else data.steps
        safe_csv(steps, tmp / "steps.csv")
        data.outputs.append(
            (
                "steps.csv",
                "the four-step indicators of each cluster organisation"
                + (", year by year" if len(data.steps_history) else ""),
            )
        )
    for fname, df, what in (
        ("region_matrix.csv", data.region_matrix, "links between each pair of regions"),
        ("country_matrix.csv", data.country_matrix, "links between each pair of countries"),
    ):
        if len(df) > 1:
            safe_csv(df.rename_axis("group").reset_index(), tmp / fname)
            data.outputs.append((fname, what))
            if geography.OTHERS in df.index:  # cut to the top groups: the full matrix beside it
                by = "region" if fname.startswith("region") else "country"
                full_name = fname.replace(".csv", "_full.csv")
                full = geography.link_matrix(data.G, by)
                safe_csv(full.rename_axis("group").reset_index(), tmp / full_name)
                data.outputs.append(
                    (full_name, what + f", every {by} (the table above keeps the {TOP_GROUPS} largest)")
                )
    if len(data.partners_abroad):
        safe_csv(data.partners_abroad, tmp / "partners_abroad.csv")
        data.outputs.append(("partners_abroad.csv", "each region's partners in other countries, with type and links"))
    if len(data.region_years):
        safe_csv(data.region_years.rename_axis("year").reset_index(), tmp / "region_years.csv")
        data.outputs.append(("region_years.csv", "new links per year touching each region"))
    if len(data.yearly):
        safe_csv(data.yearly.round(6), tmp / "years.csv")
        data.outputs.append(("years.csv", "the main figures year by year"))
    return model


def _single_file(data: ReportData, model, budget: int) -> SingleFile:
    """The single-file report of ``data`` (:mod:`.single_file`): the report with ``model``'s map inside,
    grouped by region and actor type or left out when over ``budget`` bytes."""
    from ..maps.model import build_map_model
    from ..maps.offline import page_html
    from ..maps.options import MapOptions

    def grouped() -> str | None:
        if model.kind == "aggregate" or not data.G.number_of_nodes():
            return None
        options = MapOptions(aggregate="region-type", title=data.title, seed=data.seed)
        return page_html(build_map_model(data.G, options, metrics=data.metrics.actors))

    actors = len(model.nodes)
    links = sum(1 for e in model.edges if not e.suggestion)
    return single_file_page(
        lambda single: render(data, single),
        lambda: page_html(model),
        grouped,
        actors=actors,
        links=links,
        budget=budget,
    )


#: Graph files (GraphML, GEXF) larger than this are written gzip-compressed (``graph.gexf.gz``):
#: on a dense network of 38,000 links each is 13-16 MB, a tenth of that compressed.
GRAPH_FILE_BUDGET = 2_000_000


#: gzip level of those files (:func:`_gzip`).
GZIP_LEVEL = 6


def compress_large_graph_file(path: Path) -> Path:
    """``path`` gzip-compressed (:func:`_gzip`) when it is a GraphML/GEXF file above
    :data:`GRAPH_FILE_BUDGET`; the path of the file kept."""
    if path.suffix in (".graphml", ".gexf") and path.stat().st_size > GRAPH_FILE_BUDGET:
        return _gzip(path)
    return path


def _gzip(path: Path) -> Path:
    """Replace ``path`` by ``path.gz`` (no time stamp or name inside: same input, same bytes).

    Level 6, the ``gzip`` tool's default, not Python's 9: on the 300 MB GEXF of 100,000 actors
    2.4 instead of 6.9 CPU s, for a file 13 % larger (21.4 instead of 19.0 MB)."""
    import gzip

    out = path.with_name(path.name + ".gz")
    with (
        path.open("rb") as src,
        out.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=GZIP_LEVEL) as gz,
    ):
        while chunk := src.read(1 << 20):
            gz.write(chunk)
    path.unlink()
    return out


_DESCRIPTIONS = {
    "actors_metrics": "one row per actor: type, region, centrality, brokerage roles, structural holes, community",
    "projects_metrics": "one row per project: partners by type, helices, regions, countries, typology",
    "groups_metrics": "critical-mass indicators per region, type, sector, community and region-type",
    "mixing": "links between each pair of actor types",
    "bridges": "links whose loss would split the network",
    "graphml": "the network with every actor metric, for Gephi, Cytoscape, yEd, R or Python",
    "gexf": "the network with every actor metric, for Gephi",
    "json": "summary and approximations used, machine-readable",
    "skill_needs": "one row per actor and needed skill: met or not, by whom, who could meet it and who introduces",
    "skills_matrix": "per region and skill: needs, needs met, providers in the region and elsewhere",
    "skills_idle": "offers of skills nobody in the data needs",
}


def _describe(name: str) -> str:
    lower = name.lower()
    for key, text in _DESCRIPTIONS.items():
        if key in lower:
            return text
    return "export"


def write_report_workbook(data: ReportData, folder) -> tuple[str, str]:
    """Write ``report.xlsx`` into ``folder``: actor metrics, groups, gaps, suggestions, projects when present.

    Returns the (file name, description) pair the report lists among its outputs.
    """
    from ..export.workbook import WorkbookWriter

    book = WorkbookWriter(directed=data.G.is_directed())
    for name, frame in {**_metric_sheets(data.metrics), **_later_sheets(data)}.items():
        book.add(name, frame)
    book.close(Path(folder) / REPORT_WORKBOOK)
    return WORKBOOK_ENTRY


def _metric_sheets(metrics) -> dict[str, pd.DataFrame]:
    """The first sheets of report.xlsx, known as soon as the metrics are: actors and groups."""
    from ..export.workbook import SHEETS

    return {SHEETS["actors"]: metrics.actors, SHEETS["groups"]: metrics.groups}


def _later_sheets(data: ReportData) -> dict[str, pd.DataFrame]:
    """The other sheets of report.xlsx, in order: gaps, suggestions, projects and skills when present."""
    from ..export.tables import skill_sheets
    from ..export.workbook import SHEETS

    out = {SHEETS["gaps"]: data.gaps.to_frame(), SHEETS["suggestions"]: data.suggestions.round(6)}
    if data.projects is not None:
        out[SHEETS["projects"]] = data.projects
    if data.skills is not None:
        out.update(skill_sheets(data.skills))
    return out


def _start_staged_workbook(metrics, G: nx.Graph, folder: Path):
    """``((pool, future), sender)`` of a forked process that writes the metric sheets of report.xlsx
    now and the others when :func:`_send_later_sheets` sends them (from :data:`PARALLEL_MIN`
    actors plus links), or None.

    The metric sheets (100,000 actors: 4 million cells, a third of the workbook or more) are written
    while the suggestions are still being ranked, when this process mostly waits for them.
    """
    import multiprocessing

    if not _parallel(G):
        return None
    receiver, sender = multiprocessing.Pipe(duplex=False)
    pending = _pool.start_forked(_staged_workbook, metrics, G.is_directed(), folder, receiver, sender)
    receiver.close()  # this process only sends: a dead writer then breaks the pipe, no send waits
    if pending is None:  # one CPU, no fork
        sender.close()
        return None
    return pending, sender


def _staged_workbook(metrics, directed: bool, folder: Path, receiver, sender) -> tuple[str, str]:
    """Run in the second process: the metric sheets, then the sheets received, then the workbook closed."""
    from ..export.workbook import WorkbookWriter

    sender.close()  # the report's end only: its exit ends the wait below
    book = WorkbookWriter(directed=directed)
    for name, frame in _metric_sheets(metrics).items():
        book.add(name, frame)
    later = receiver.recv()  # EOFError when the report stopped: this process is stopped too
    receiver.close()
    for name, frame in later.items():
        book.add(name, frame)
    book.close(Path(folder) / REPORT_WORKBOOK)
    return WORKBOOK_ENTRY


def _send_later_sheets(data: ReportData, sender) -> None:
    """Send the other sheets to the :func:`_staged_workbook` through ``sender`` (in a thread: the
    pipe takes them as the writer reads them)."""
    import threading

    later = _later_sheets(data)

    def send() -> None:
        try:
            sender.send(later)
        except OSError:  # the writer died: _finish_workbook writes the workbook here
            pass
        finally:
            sender.close()

    threading.Thread(target=send, name="report.xlsx sheets", daemon=True).start()


#: report.xlsx's line among the report's outputs (file name, description).
WORKBOOK_ENTRY = (REPORT_WORKBOOK, "every table of the report in one Excel workbook, with the meaning of each column")


def _publish(folder) -> list[Path]:
    """Publish the staged files as one unit (:class:`clustergraph.export.outdir.OutputFolder`), report last."""
    return folder.publish()


#: The stages every report goes through (the progress labels of :func:`build_report`).
_FIXED_STAGES = 8


def report_steps(G: nx.Graph) -> int:
    """How many times :func:`build_report` calls its ``progress`` callback for ``G``.

    Eight stages, one more when ``G`` was loaded with projects (the typology of
    actions), one more with a skills table, and one more for the static picture (up to
    :data:`~.page.PICTURE_MAX` actors).

    >>> report_steps(nx.path_graph(3))
    9
    """
    from ..io.skills import skills_data
    from ..projection import project_data

    extra = (project_data(G) is not None) + (skills_data(G) is not None)
    return _FIXED_STAGES + extra + (G.number_of_nodes() <= PICTURE_MAX)


def build_report(
    G: nx.Graph,
    outdir,
    *,
    title: str | None = None,
    region: str | None = None,
    until: int | None = None,
    seed: int = 0,
    large_consortium: int = LARGE_CONSORTIUM,
    single_file: bool = False,
    single_file_budget: int = SINGLE_FILE_BUDGET,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Write ``report.html`` and every companion file into ``outdir``.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        The ecosystem (:func:`clustergraph.load`); ``G.graph["provenance"]``
        feeds the data-provenance section.
    outdir : path-like
        Output folder (created when missing). Files of a previous run are
        replaced only when this run succeeds.
    title : str, optional
        Report title; default "Cluster stakeholder network" (plus the region).
    region : str, optional
        A report about one region: figures, charts and tables cover the
        region's actors (metrics are computed on the whole network, so an
        actor's brokerage counts its outside partners); the map shows the
        region with its outside partners.
    until : int, optional
        The network as it was at the end of this year (links whose first year
        is at most ``until``; see :func:`clustergraph.analysis.timeline.network_until`).
    seed : int
        Seed for communities and map layouts: same input and seed, same files.
    large_consortium : int
        Projects of more partners than this are giant consortia: the report says
        how many firms have an education partner only through them (default
        :data:`~.model.LARGE_CONSORTIUM`).
    single_file : bool
        Also write ``report_single.html``: the report with the interactive map inside, one file to
        send by e-mail (:mod:`.single_file`).
    single_file_budget : int
        Bytes the single file may take (default :data:`~.single_file.SINGLE_FILE_BUDGET`, 10 MB):
        above it the map inside is grouped by region and actor type, or left out, and the page says so.
    progress : callable, optional
        Called with a short description before each stage
        (:func:`report_steps` stages in all); the CLI draws its progress bar from it.

    Returns
    -------
    pathlib.Path
        The path of ``report.html``.

    Raises
    ------
    InputError
        Unknown region, or ``until`` without years in the links.

    Examples
    --------
    >>> import clustergraph                                            # doctest: +SKIP
    >>> G = clustergraph.load("data/actors.csv", "data/links.csv")     # doctest: +SKIP
    >>> clustergraph.report(G, "output/", region="Navarra")            # doctest: +SKIP
    PosixPath('output/report.html')

    References
    ----------
    Wilson, J. (2020). Supporting skills for industry through clusters. European
    Cluster Collaboration Platform, Discussion Paper 1 (the "fast mapping
    exercises" of skills ecosystems this report answers).
    """
    from ..export.outdir import OutputFolder
    from ..files.atomic import atomic_write_text
    from ..graph import check_graph, check_region, drop_self_loops

    G = drop_self_loops(check_graph(G))
    region = check_region(G, region)  # before anything is created
    if until is not None and not link_years(G):
        network_until(G, until)  # raises the InputError that explains it
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"output folder {outdir} is a file")
    folder = OutputFolder(outdir, unit="report", last=(REPORT_FILE,))  # lock; finish what killed runs left
    try:
        tmp = folder.begin()
    except OSError as exc:
        raise InputError(f"cannot write to the output folder {outdir}: {exc.strerror or exc}") from None
    step = progress or (lambda name: None)
    staged: list = []  # report.xlsx begun in a second process as soon as the metrics are known
    try:
        try:
            data = collect(
                G,
                title=title,
                region=region,
                until=until,
                seed=seed,
                large_consortium=large_consortium,
                step=step,
                on_metrics=lambda metrics, graph: staged.append(_start_staged_workbook(metrics, graph, tmp)),
            )
        except BaseException:  # an error or an interruption: no orphan writer
            for pending in filter(None, staged):
                _pool.stop_pool(pending[0][0])
                pending[1].close()
            raise
        model, workbook = _write_companions(data, tmp, step, staged[0] if staged else None)
        try:  # the page is written while the second process writes report.xlsx
            step("Writing the report")
            atomic_write_text(tmp / FINDINGS_FILE, findings_text(data))
            data.outputs.append((FINDINGS_FILE, "the key findings as plain text, to paste into an e-mail"))
            data.run_date = _now().strftime("%Y-%m-%d %H:%M UTC")
            if single_file:
                single = _single_file(data, model, single_file_budget)
                data.outputs.append((SINGLE_FILE, single.description))
                atomic_write_text(tmp / SINGLE_FILE, single.html)
            atomic_write_text(tmp / REPORT_FILE, render(data))
            _finish_workbook(data, tmp, workbook)
        except BaseException:  # an error or an interruption: no orphan writer
            if workbook is not None:
                _pool.stop_pool(workbook[0])
            raise
        _publish(folder)
    finally:
        folder.close()
    return outdir / REPORT_FILE
