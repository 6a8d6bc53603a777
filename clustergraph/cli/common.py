"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError

if TYPE_CHECKING:
    from ..io import LoadOptions


class _Megabytes(click.ParamType):
    """A finite number of megabytes above 0 (``nan`` would turn the limit off, ``inf`` too)."""

    name = "MB"

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number > 0):
            self.fail(f"{value!r} is not a number of megabytes above 0 (nan and inf are refused)", param, ctx)
        return number


MEGABYTES = _Megabytes()


def input_options(func):
    """Add the ``ACTORS LINKS`` arguments and the load options: ``--directed``/``--lenient``,
    the input budget (``--max-rows``, ``--max-cell-bytes``, ``--max-input-mb``) and the project
    options (``--participations``, ``--projects``, ``--projection``, ``--high-helices``,
    ``--high-partners``) and the skills tables (``--skills``, ``--skill-groups``).

    ``ACTORS`` is a CSV or .xlsx file; with an .xlsx workbook holding both sheets
    ``actors`` and ``links``, ``LINKS`` may be left out. ``LINKS`` may be a
    participations table (columns ``project``, ``actor``). The command receives
    ``actors``, ``links`` and ``load_options``, one :class:`clustergraph.io.LoadOptions`
    built from all those flags, to hand to :func:`load_graph`.
    """
    from ..io.read import MAX_CELL_BYTES, MAX_ROWS

    @click.argument("actors", type=click.Path(dir_okay=True, path_type=str))
    @click.argument("links", required=False, type=click.Path(dir_okay=True, path_type=str))
    @click.option("--directed", is_flag=True, help="Read links as source -> target.")
    @click.option("--lenient", is_flag=True, help="Drop bad rows (each one reported) instead of stopping.")
    @click.option(
        "--max-rows",
        type=click.IntRange(min=1),
        default=MAX_ROWS,
        show_default=True,
        help="Refuse an input table with more data rows (protects a shared machine).",
    )
    @click.option(
        "--max-cell-bytes",
        type=click.IntRange(min=1),
        default=MAX_CELL_BYTES,
        show_default=True,
        help="Refuse an input cell larger than this.",
    )
    @click.option(
        "--max-input-mb",
        type=MEGABYTES,
        default=None,
        help="Refuse an input file (or unpacked workbook) larger than this (default 512, "
        "or $CLUSTERGRAPH_MAX_INPUT_MB).",
    )
    @click.option(
        "--participations",
        type=click.Path(dir_okay=True, path_type=str),
        help="A participations table (columns project, actor; optional role, year, type) added to LINKS.",
    )
    @click.option(
        "--projects",
        type=click.Path(dir_okay=True, path_type=str),
        help="A projects table (id; optional title, acronym, programme, start, end, budget).",
    )
    @click.option(
        "--projection",
        type=click.Choice(["newman", "count"]),
        default="newman",
        show_default=True,
        help="Weight of a shared project: newman adds 1/(n-1) per project of n partners (Newman 2001), count adds 1.",
    )
    @click.option(
        "--max-consortium",
        type=click.IntRange(min=1),
        default=2_000,
        show_default=True,
        help="Refuse a project of more partners (n partners make n(n-1)/2 links; real consortia have up to a "
        "few hundred), unless --hub-above keeps it as a hub.",
    )
    @click.option(
        "--hub-above",
        type=click.IntRange(min=2),
        default=None,
        help="Keep each project of more partners as one hub node (type 'project') linked to each partner "
        "instead of its n(n-1)/2 partner pairs: components stay exact, distances through it take two steps "
        "(README, Projects). Default: every project is projected onto pairs.",
    )
    @click.option(
        "--skills",
        type=click.Path(dir_okay=True, path_type=str),
        help="A skills table (actor, skill, kind need/offer; optional priority, level, year, note): needs "
        "met through links, and who can meet the others. A workbook ACTORS with a sheet 'skills' is read "
        "without it.",
    )
    @click.option(
        "--skill-groups",
        type=click.Path(dir_okay=True, path_type=str),
        help="A table (skill, group) mapping skills to your own groups; a grouped skill is matched as its group.",
    )
    @click.option(
        "--high-helices",
        type=click.IntRange(min=1),
        default=3,
        show_default=True,
        help="Projects: high systemic complexity from this many helices "
        "(industry, knowledge, government, civil society) ...",
    )
    @click.option(
        "--high-partners",
        type=click.IntRange(min=1),
        default=10,
        show_default=True,
        help="... or from this many partners.",
    )
    @functools.wraps(func)
    def wrapper(
        *args,
        directed,
        lenient,
        max_rows,
        max_cell_bytes,
        max_input_mb,
        participations,
        projects,
        projection,
        high_helices,
        high_partners,
        max_consortium,
        hub_above,
        skills,
        skill_groups,
        **kwargs,
    ):
        from ..io import InputBudget, LoadOptions

        options = LoadOptions(
            directed=directed,
            lenient=lenient,
            participations=participations,
            projects=projects,
            projection=projection,
            high_helices=high_helices,
            high_partners=high_partners,
            budget=InputBudget(max_rows, max_cell_bytes, max_input_mb),
            skills=skills,
            skill_groups=skill_groups,
            max_consortium=max_consortium,
            hub_above=hub_above,
        )
        return func(*args, load_options=options, **kwargs)

    return wrapper


#: Files each command writes into its output folder (beside those its last run's manifest lists):
#: an input among them is refused before anything is computed.
_METRICS_FILES = ("actors_metrics.csv", "groups_metrics.csv", "mixing_matrix.csv", "bridges.csv",
                  "projects_metrics.csv", "metrics.json", "graph.graphml", "graph.gexf", "metrics.xlsx")  # fmt: skip
_GAPS_FILES = ("gaps.csv", "suggestions.csv", "gaps.json", "gaps.xlsx", "skill_needs.csv", "skills_matrix.csv",
               "skills_idle.csv")  # fmt: skip
_REPORT_FILES = ("report.html", "map.html", "findings.txt", "report.xlsx", "steps.csv", "region_matrix.csv",
                 "country_matrix.csv", "region_matrix_full.csv", "country_matrix_full.csv", "partners_abroad.csv",
                 "region_years.csv", "years.csv")  # fmt: skip
WRITES: dict[str, tuple[str, ...]] = {
    "metrics": _METRICS_FILES,
    "gaps": _GAPS_FILES,
    "report": _REPORT_FILES + _METRICS_FILES + _GAPS_FILES,
    "whatif": ("whatif.csv",),
}


def _output_targets() -> tuple[Path, str | None, list[str]] | None:
    """(output folder, the command's unit in the folder's manifest, files the command may write
    there), from the click context; ``None`` for a command without an output folder."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.params.get("output"):
        return None
    command, output = ctx.info_name or "", Path(ctx.params["output"])
    if command == "map":
        if output.suffix.lower() in (".html", ".htm", ".svg", ".png"):
            return output.parent, f"map:{output.name}", [output.name]
        return None  # the page's name depends on the view: the publication checks it
    if command not in WRITES:
        return None
    return output, command, list(WRITES[command])


def refuse_inputs_in_output(inputs: list[str | None]) -> None:
    """Refuse, before any work, an input that the command would overwrite in its output folder
    (``report out/actors_metrics.csv out/gaps.csv -o out``): exit 2 naming the input and the file.

    The publication checks the same again when it moves files (the backstop)."""
    import os

    from ..export.outdir import UnsafeFolder, manifest_files

    targets = _output_targets()
    if targets is None:
        return
    folder, unit, names = targets
    if not folder.is_dir():
        return
    given: dict[tuple[int, int], str] = {}
    for path in inputs:
        if path is None or path == "-":
            continue
        try:
            st = os.stat(path)
        except OSError:
            continue
        given[(st.st_dev, st.st_ino)] = path
    if not given:
        return
    try:
        listed = manifest_files(folder, unit)  # what the command's last run there wrote
    except InputError:
        listed = []  # a damaged manifest is refused by the publication with its own message
    for name in dict.fromkeys([*names, *listed]):
        try:
            st = os.stat(folder / name, follow_symlinks=False)
        except OSError:
            continue
        source = given.get((st.st_dev, st.st_ino))
        if source is not None:
            raise UnsafeFolder(
                f"cannot write {folder / name}: it is an input of this run ({source}) and would be overwritten; "
                "write elsewhere with -o, or copy the input out of the output folder first."
            )


def load_graph(actors: str, links: str | None, options: LoadOptions):
    """Load and validate the inputs as ``options`` say (a spinner on a terminal); report anything
    dropped; return the graph.

    Before anything is read: at most one input is ``-`` (standard input), and no input is a file
    the command would write into its output folder."""
    from ..io import load
    from .console import err

    _check_inputs(actors, links, options)
    with err.status("Reading and validating the input files ..."):
        return load(actors, links, options, report=True)


def load_input_tables(actors: str, links: str | None, options: LoadOptions):
    """:func:`load_graph` without the graph: the validated tables
    (:func:`clustergraph.io.load_tables`), the same checks and notices."""
    from ..io import load_tables
    from .console import err

    _check_inputs(actors, links, options)
    with err.status("Reading and validating the input files ..."):
        return load_tables(actors, links, options, report=True)


def _check_inputs(actors: str, links: str | None, options: LoadOptions) -> None:
    """The checks of :func:`load_graph` before anything is read."""
    from ..export.outdir import protect_inputs

    given = (actors, links, options.participations, options.projects, options.skills, options.skill_groups)
    inputs: list[str | None] = [None if p is None else str(p) for p in given]
    if sum(p == "-" for p in inputs) > 1:
        raise InputError("only one input can be read from standard input ('-'); give the others as files")
    refuse_inputs_in_output(inputs)
    # a publication never replaces an input of the run (the backstop of the check above)
    protect_inputs(inputs)


#: Seeds are reduced to this range (numpy's and igraph's seeds are 32-bit): ``seed % 2**32``.
SEED_RANGE = 2**32


def seed_option(
    help_text: str = "Seed of the random steps (communities, samples, layouts): "
    "same input and seed, same output. Any whole number "
    "(reduced modulo 2**32).",
):
    """The ``--seed`` option every seeded command shares; the value reaches the command reduced."""

    def reduce(ctx, param, value):
        return None if value is None else int(value) % SEED_RANGE

    return click.option("--seed", default=0, show_default=True, type=int, callback=reduce, help=help_text)


def folder_option(*param_decls: str, help_text: str, default: str | None = None, required: bool = False):
    """An option naming a folder (``file_okay=False``, given to the command as ``str``): the ``-o/--output``
    folder of ``import``, ``combine``, ``gaps``, ``whatif``, ``report``, ``metrics`` and the app's
    ``--workspace``. A default is shown in ``--help``.

    ``param_decls`` are click's names (default ``-o``, ``--output``).
    """
    decls = param_decls or ("-o", "--output")
    # no default at all when there is none: click 8.4 takes an explicit default=None as a value given,
    # and a required option with it would no longer be required
    folder = click.Path(file_okay=False, path_type=str)
    if default is None:
        return click.option(*decls, required=required, type=folder, help=help_text)
    return click.option(*decls, default=default, show_default=True, required=required, type=folder, help=help_text)


def table_options(func):
    """Add ``--excel``, ``--csv-dialect`` and ``--raw-text`` (the spreadsheet-facing outputs of
    ``metrics`` and ``gaps``)."""

    @click.option("--excel", is_flag=True, help="Also write one .xlsx workbook with every table and their definitions.")
    @click.option(
        "--csv-dialect",
        type=click.Choice(["plain", "excel"]),
        default="plain",
        show_default=True,
        help="plain: UTF-8, ',' and decimal point (R, pandas); excel: byte-order mark, ';' and decimal comma.",
    )
    @click.option(
        "--raw-text",
        is_flag=True,
        help="Write text as it is, without the leading ' that stops spreadsheets running '=...', '@...' as "
        "formulas (for analysis pipelines; see README before opening such files in a spreadsheet).",
    )
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper
