"""``clustergraph template``: the survey workbook to send to members."""

from __future__ import annotations

import click

from .app import main


@main.command("template")
@click.option(
    "-o",
    "--output",
    "output",
    default="survey.xlsx",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=str),
    help="The workbook to write.",
)
def template_cmd(output):
    """Write a survey workbook (sheets actors, links, skills, instructions) to send to members.

    Each sheet has the column names clustergraph reads, an example row and drop-down lists. Filled
    in below the example rows and saved, it is read as it is.

    \b
    Example:
      clustergraph template -o survey.xlsx
      clustergraph validate survey.xlsx
    """
    from ..export.template import write_template
    from .console import notice

    path = write_template(output)
    notice(f"wrote {path}: fill in the sheets below the grey example rows, then run: clustergraph validate {path}")
