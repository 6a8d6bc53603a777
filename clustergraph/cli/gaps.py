"""``clustergraph gaps`` and ``clustergraph whatif``."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from ..errors import InputError
from .app import main
from .common import folder_option, input_options, load_graph, seed_option, table_options


@main.command("gaps")
@input_options
@folder_option(help_text="Folder for gaps.csv, suggestions.csv, gaps.json.", default="output")
@click.option(
    "--cluster-org",
    "cluster_org",
    default=None,
    metavar="ID",
    help="Also list this cluster organisation's members lacking education ties "
    "and the education actors of its region it is not linked to.",
)
@click.option("--region", default=None, metavar="R", help="Only this region.")
@click.option("--top", default=5, show_default=True, type=int, help="Partner suggestions per firm.")
@seed_option()
@table_options
def gaps_cmd(actors, links, load_options, output, cluster_org, region, top, seed, excel, csv_dialect, raw_text):
    """Find missing education partners and suggest whom to introduce to whom.

    Writes gaps.csv (one row per gap), suggestions.csv (ranked partners with
    reasons and a broker) and gaps.json (everything) to the output folder.

    \b
    Example:
      clustergraph gaps data/actors.csv data/links.csv -o output/ --region Navarra
    """
    from ..analysis.gaps import find_gaps
    from ..analysis.skills import suggest_with_skills
    from ..analysis.suggest import neediest_first
    from ..export.outdir import OutputFolder
    from ..export.tables import write_gap_files
    from .console import notice, print_table

    G = load_graph(actors, links, load_options)
    report = find_gaps(G, cluster_org=cluster_org, region=region, seed=seed)
    sugg = suggest_with_skills(G, top=top, region=region)  # skills re-rank when loaded with a table
    summary = report.summary()
    gaps_csv, sugg_csv = str(Path(output) / "gaps.csv"), str(Path(output) / "suggestions.csv")

    print_table(
        pd.DataFrame(list(summary.items()), columns=["gap", "count"]),
        title="Gaps" + (f" in {region}" if region else ""),
    )
    groups = report.groups[report.groups["by"] != "community"]
    n_community = len(report.groups) - len(groups)
    if len(groups):
        print_table(groups[["by", "group", "n_firms", "issue", "detail"]], title="Groups flagged", full_list=gaps_csv)
    if n_community:
        flags = f"{n_community} community-level flag" + (
            " (for researchers) is" if n_community == 1 else "s (for researchers) are"
        )
        notice(f"{flags} in {gaps_csv}")
    needy = neediest_first(G, report.firms, sugg)
    if len(needy):
        shown = needy.assign(
            within_2=~needy["no_education_within_2"],
            introduce=needy["candidate_name"],
            through=needy["broker_name"],
        )
        print_table(
            shown[["region", "firm", "firm_name", "n_links", "within_2", "introduce", "through", "score"]],
            title="Firms without a VET/university partner, neediest first (within_2: one is two steps away; "
            "introduce: best recommended partner; through: who can make the introduction)",
            max_rows=60,
            full_list=f"{gaps_csv} (every firm) and {sugg_csv} (every suggestion)",
        )
    if len(report.untapped):
        print_table(
            report.untapped[["id", "name", "type", "region", "reason"]],
            title="Untapped education actors",
            full_list=gaps_csv,
        )
    if len(report.fragile):
        print_table(
            report.fragile[["id", "name", "type", "kind", "broker_name", "detail"]],
            title="Fragile actors (their only tie is to an actor other than a cluster organisation)",
            max_rows=15,
            full_list=gaps_csv,
        )
    for r in report.load.itertuples(index=False):
        notice(f"cluster organisation load: {r.detail}")
    if cluster_org is not None:
        if len(report.cluster_org):
            print_table(
                report.cluster_org[["kind", "id", "name", "type", "detail"]],
                title=f"Cluster organisation {cluster_org}",
                full_list=gaps_csv,
            )
        else:
            notice(
                f"{cluster_org}: every member has an education partner and every education actor "
                "of its region is linked to it"
            )

    from ..io.skills import skills_data
    from .validate import print_skills

    print_skills(G, unmet=40)
    folder = OutputFolder(output, unit="gaps")  # all files or none; earlier gap files not rewritten go
    with folder as tmp:
        written = write_gap_files(
            report,
            sugg,
            tmp,
            region=region,
            cluster_org=cluster_org,
            guard=not raw_text,
            dialect=csv_dialect,
            excel=excel,
        )
        if skills_data(G) is not None:
            from ..analysis.skills import analyse_skills
            from ..export.tables import write_skill_files

            written += write_skill_files(analyse_skills(G), tmp, guard=not raw_text, dialect=csv_dialect)
        paths = [folder.final(p) for p in written]
    notice("wrote " + ", ".join(str(p) for p in paths))


def _pair(text: str) -> tuple[str, str]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise InputError(f"--add expects SRC,DST (two actor ids separated by a comma), got '{text}'")
    return parts[0], parts[1]


@main.command("whatif")
@input_options
@click.option(
    "--add", "add", multiple=True, required=True, metavar="SRC,DST", help="A planned link (repeat for several)."
)
@folder_option(help_text="Also write whatif.csv to this folder.")
@seed_option()
def whatif_cmd(actors, links, load_options, add, output, seed):
    """Show how brokerage, critical mass and gaps change if links were made.

    \b
    Example:
      clustergraph whatif data/actors.csv data/links.csv --add NAV-F01,NAV-VET1 --add NAV-F04,NAV-VET1
    """
    from ..analysis.whatif import whatif
    from ..files.guard import safe_csv
    from .console import notice, print_table

    pairs = [_pair(a) for a in add]
    G = load_graph(actors, links, load_options)
    table = whatif(G, pairs, seed=seed)
    print_table(table, title="What if " + "; ".join(f"{u} - {v}" for u, v in pairs) + " were linked", max_rows=100)
    if output:
        path = Path(output) / "whatif.csv"
        safe_csv(table, path)
        notice(f"wrote {path}")
