"""``clustergraph report``: the main job, one offline HTML report plus every export."""

from __future__ import annotations

import click

from .app import main
from .common import folder_option, input_options, load_graph, seed_option


@main.command("report")
@input_options
@folder_option(help_text="Folder for report.html, the maps and the data files.", default="output")
@click.option("--title", default=None, help='Report title (default: "Cluster stakeholder network").')
@click.option("--region", default=None, metavar="R", help="A report about one region.")
@click.option(
    "--until",
    default=None,
    type=int,
    metavar="YEAR",
    help="The network as it was at the end of YEAR (links need a year).",
)
@click.option(
    "--large-consortium",
    default=50,
    show_default=True,
    type=click.IntRange(min=2),
    metavar="N",
    help="Projects of more than N partners are giant consortia: the report says how many firms have an "
    "education partner only through them.",
)
@click.option(
    "--single-file",
    is_flag=True,
    help="Also write report_single.html: the report with the interactive map inside, one file to send by "
    "e-mail (the map grouped by region and actor type, or left out, when over --single-file-budget).",
)
@click.option(
    "--single-file-budget",
    default=None,
    type=click.FloatRange(min=0.1),
    metavar="MB",
    help="Size the single file may take, in MB (default 10: a 10 MB attachment travels as ~13.5 MB).",
)
@seed_option()
@click.option("--open", "open_", is_flag=True, help="Open the report in the web browser when done.")
def report_cmd(
    actors,
    links,
    load_options,
    output,
    title,
    region,
    until,
    large_consortium,
    single_file,
    single_file_budget,
    seed,
    open_,
):
    """Write an offline HTML report for policy makers, with maps, charts, tables and exports.

    Writes report.html, map.html (one explorer map: its region menu shows each
    region), findings.txt, the metric tables, graph exports, gaps.csv,
    suggestions.csv and report.xlsx to the output folder. A failed
    run leaves the previous files as they were.

    \b
    Example:
      clustergraph report data/actors.csv data/links.csv -o output/
      clustergraph report data/actors.csv data/links.csv -o output/navarra --region Navarra --until 2020
      clustergraph report data/actors.csv data/links.csv -o output/ --single-file
    """
    from ..report import build_report
    from ..report.build import FINDINGS_FILE, report_steps
    from .console import err, named_steps, out, plain

    G = load_graph(actors, links, load_options)
    with named_steps("Report", report_steps(G), done="Report written") as step:
        path = build_report(
            G,
            output,
            title=title,
            region=region,
            until=until,
            seed=seed,
            large_consortium=large_consortium,
            single_file=single_file,
            **({} if single_file_budget is None else {"single_file_budget": int(single_file_budget * 1e6)}),
            progress=step,
        )
    out.print(
        plain((path.parent / FINDINGS_FILE).read_text(encoding="utf-8")), markup=False, highlight=False, soft_wrap=True
    )
    err.print(
        plain(
            f"Report written: {path} (open it in any browser; the maps, tables and graph files are "
            f"beside it in {path.parent})"
        ),
        markup=False,
        highlight=False,
    )
    if single_file:
        from ..report.single_file import SINGLE_FILE

        err.print(plain(f"Single-file report: {path.parent / SINGLE_FILE}"), markup=False, highlight=False)
    if open_:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())
