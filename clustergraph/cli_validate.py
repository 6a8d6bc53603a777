"""``clustergraph validate`` and ``clustergraph summary``."""

from __future__ import annotations

import click

from .cli_common import input_options, load_graph


@click.command("validate")
@input_options
def validate_cmd(actors, links, directed, lenient):
    """Check ACTORS and LINKS and print a summary, or the list of problems.

    \b
    Example:
      clustergraph validate data/actors.csv data/links.csv
    """
    from .summary import print_summary
    G = load_graph(actors, links, directed, lenient)
    print_summary(G, title="Valid input")


@click.command("summary")
@input_options
def summary_cmd(actors, links, directed, lenient):
    """Print a summary of the ecosystem: actors, links, components.

    \b
    Example:
      clustergraph summary data/actors.csv data/links.csv
    """
    from .summary import print_summary
    G = load_graph(actors, links, directed, lenient)
    print_summary(G)
