"""``clustergraph validate`` and ``clustergraph summary``."""

from __future__ import annotations

from .app import main
from .common import input_options, load_graph


def _load_and_summarise(actors, links, load_options, title):
    from .console import print_summary

    print_summary(load_graph(actors, links, load_options), title=title)


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
