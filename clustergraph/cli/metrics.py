"""``clustergraph metrics``: every metric, written as tables and graph files."""

from __future__ import annotations

import click

from ..errors import InputError
from .app import main
from .common import folder_option, input_options, load_graph, seed_option, table_options

#: Columns of the "top brokers" table printed in the terminal -> short headings.
BROKER_COLUMNS = {
    "id": "id",
    "name": "name",
    "type": "type",
    "region": "region",
    "brokerage_total": "brokered",
    "liaison": "liaison",
    "betweenness": "betweenness",
    "constraint": "constraint",
}
#: Columns of the critical-mass table printed in the terminal -> short headings.
CRITICAL_MASS_COLUMNS = {
    "group": "region",
    "n_actors": "actors",
    "n_firm": "firms",
    "n_vet": "vet",
    "n_university": "univ",
    "n_rto": "rto",
    "n_government": "gov",
    "n_other": "other",
    "density": "density",
    "helix_complete": "helix",
    "firms_with_education_share": "firms+edu",
    "ei_index": "E-I",
}


def _finite_seconds(value: float) -> float:
    """``--max-seconds``: a finite number of seconds above 0 (click's range lets nan and inf through)."""
    import math

    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number of seconds.")
    return value


def top_brokers(actors, n: int = 10):
    """The ``n`` actors with most brokered two-paths (ties: higher betweenness, then id).

    Columns: the keys of :data:`BROKER_COLUMNS`, renamed to its short headings.
    """
    cols = [c for c in BROKER_COLUMNS if c in actors.columns]
    ranked = actors.sort_values(
        ["brokerage_total", "betweenness", "id"], ascending=[False, False, True], kind="mergesort"
    )
    return ranked[cols].head(n).rename(columns=BROKER_COLUMNS).reset_index(drop=True)


def critical_mass_table(groups, by: str = "region"):
    """The critical-mass rows of one grouping, columns renamed to :data:`CRITICAL_MASS_COLUMNS`."""
    rows = groups[groups["by"] == by]
    cols = [c for c in CRITICAL_MASS_COLUMNS if c in rows.columns]
    if "n_other" in cols and not rows["n_other"].fillna(0).any():  # no fourth-helix actor: keep it narrow
        cols.remove("n_other")
    return rows[cols].rename(columns={**CRITICAL_MASS_COLUMNS, "group": by}).reset_index(drop=True)


@main.command("metrics")
@input_options
@folder_option(help_text="Folder for the output files (created when missing).", required=True)
@click.option(
    "--format",
    "formats",
    default="csv,json,graphml,gexf",
    show_default=True,
    help="Comma-separated output formats: csv, json, graphml, gexf.",
)
@click.option(
    "--exact/--approximate",
    default=None,
    help="Force exact betweenness/closeness/harmonic centrality, or force estimates. "
    "Default: betweenness exact when that fits --max-seconds, else estimated (announced); closeness and "
    "harmonic exact up to 5,000 actors.",
)
@click.option(
    "-k",
    "--samples",
    type=click.IntRange(min=2),
    default=None,
    help="Number of sampled source actors (default 1000); giving it turns sampling on unless --exact.",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    callback=lambda ctx, param, value: None if value is None else _finite_seconds(value),
    help="Time budget of betweenness (planned seconds per core; default 3 s + 1 s per 5,000 actors: 5 s at "
    "10,000 actors, 23 s at 100,000). The engine (exact, sampled sources, "
    "KADABRA) is chosen by its estimated cost on this graph; an estimate that cannot meet its target error "
    "within the budget uses a smaller sample and states the wider error (log and metrics.json).",
)
@seed_option()
@click.option(
    "--brokerage-by",
    default="type",
    show_default=True,
    help="Actor column defining the brokerage groups (type, region, ...).",
)
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many top brokers to print.")
@click.option(
    "--weighted/--unweighted",
    default=False,
    show_default=True,
    help="Constraint, effective size and hierarchy from link weights, or from 0/1 ties (default; recorded in "
    "metrics.json). PageRank and eigenvector always use weights.",
)
@table_options
def metrics_cmd(
    actors,
    links,
    load_options,
    output,
    formats,
    exact,
    samples,
    max_seconds,
    seed,
    brokerage_by,
    top,
    weighted,
    excel,
    csv_dialect,
    raw_text,
):
    """Compute centrality, brokerage, structural holes, critical mass and communities.

    Writes actors_metrics.csv, groups_metrics.csv, mixing_matrix.csv,
    bridges.csv, metrics.json, graph.graphml and graph.gexf (see README,
    section Metrics) and prints the top brokers and the critical mass by region.

    \b
    Example:
      clustergraph metrics data/actors.csv data/links.csv -o out/metrics
      clustergraph metrics data/actors.csv data/links.csv -o out --format csv --exact
    """
    from ..export.outdir import OutputFolder
    from ..export.tables import parse_formats, write_metrics
    from ..metrics import compute, steps_total
    from .console import named_steps, out, plain, print_table

    chosen = parse_formats(formats)
    G = load_graph(actors, links, load_options)
    columns = {str(k) for _, d in G.nodes(data=True) for k in d}
    if brokerage_by not in columns:  # a misspelt column would put every actor in one group
        raise InputError(
            f"--brokerage-by {brokerage_by}: no actor has that column; choose from {', '.join(sorted(columns))}."
        )
    with named_steps("metrics", steps_total()) as step:
        result = compute(
            G,
            brokerage_attribute=brokerage_by,
            exact=exact,
            seed=seed,
            k=samples,
            progress=step,
            weighted=weighted,
            max_seconds=max_seconds,
        )
    if top:
        print_table(
            top_brokers(result.actors, top),
            title=f"Top brokers (brokered: ordered two-step paths across {brokerage_by} groups, as in "
            "actors_metrics.csv; an unlinked pair of partners counts once in each direction)",
        )
    print_table(critical_mass_table(result.groups, "region"), title="Critical mass by region")
    folder = OutputFolder(output, unit="metrics")  # all files or none; earlier metrics files not rewritten go
    with named_steps("writing", len(chosen)) as step, folder as tmp:
        written = write_metrics(
            result,
            G,
            tmp,
            chosen,
            progress=lambda fmt: step(f"writing {fmt}"),
            guard=not raw_text,
            dialect=csv_dialect,
            excel=excel,
        )
        paths = [folder.final(p) for p in written]
    out.print(
        plain(f"Wrote {len(paths)} files to {output}: " + ", ".join(p.name for p in paths)),
        markup=False,
        highlight=False,
    )
