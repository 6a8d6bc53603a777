"""``clustergraph validate`` and ``clustergraph summary``."""

from __future__ import annotations

from .app import main
from .common import input_options, load_input_tables


def _load_and_summarise(actors, links, load_options, title):
    """Validate the inputs and print their summary: from the tables, without a networkx graph
    (:func:`clustergraph.analysis.summary.summarise_tables`), unless hub projects or a skills
    table need the graph (:attr:`clustergraph.io.LoadedTables.needs_graph`)."""
    from ..analysis.summary import summarise_tables
    from .console import print_summary

    tables = load_input_tables(actors, links, load_options)
    if tables.needs_graph:
        G = tables.graph()
        print_summary(G, title=title)
        print_skills(G)
        return
    summary = summarise_tables(tables.actors, tables.links, directed=tables.directed, merged=tables.merged)
    print_summary(None, title=title, summary=summary)


def print_skills(G, *, unmet: int = 0) -> None:
    """When ``G`` has a skills table: one line on it (where it came from, needs, offers, met) and,
    with ``unmet``, a table of that many unmet needs, high priority first."""
    from ..io.skills import skills_data

    data = skills_data(G)
    if data is None:
        return
    from ..analysis.skills import analyse_skills
    from .console import out, print_table

    report = analyse_skills(G)
    s = report.summary()
    out.print(
        f"Skills ({data.file}): {s['needs']} needs and {s['offers']} offers of {s['skills']} skills by "
        f"{data.table['actor'].nunique()} actors; {s['needs_met']} needs met through links, "
        f"{s['needs_unmet']} unmet ({s['unmet_high_priority']} high priority); "
        f"{s['idle_offers']} offers nobody needs",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    if unmet and s["needs_unmet"]:
        needs = report.needs[~report.needs["met"]]
        print_table(
            needs[["region", "name", "skill", "priority", "suggested", "broker"]],
            title="Unmet skills needs, high priority first (suggested: providers, best first; broker: who "
            "can introduce the best one)",
            max_rows=unmet,
            full_list="skill_needs.csv",
        )
    if unmet and len(report.idle):
        print_table(report.idle[["name", "type", "region", "skill"]], title="Offers nobody needs", max_rows=unmet)


@main.command("validate")
@input_options
def validate_cmd(actors, links, load_options):
    """Check ACTORS and LINKS and print a summary, or the list of problems.

    \b
    Example:
      clustergraph validate data/actors.csv data/links.csv
    """
    _load_and_summarise(actors, links, load_options, "Valid input")


@main.command("summary")
@input_options
def summary_cmd(actors, links, load_options):
    """Print a summary of the ecosystem: actors, links, components.

    \b
    Example:
      clustergraph summary data/actors.csv data/links.csv
    """
    _load_and_summarise(actors, links, load_options, "Ecosystem")
