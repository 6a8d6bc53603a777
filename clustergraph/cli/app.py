"""The ``clustergraph`` command group, its exit codes and its error handling.

Exit codes: 0 success, 1 unexpected error (with a hint to report it; the
traceback with ``--verbose``), 2 bad input or usage.
"""

from __future__ import annotations

import sys
import traceback

import click

from .. import __version__
from ..errors import InputError
from .console import err, install_log_handler


class _Group(click.Group):
    """Turns clustergraph's own errors into messages and exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            err.print(exc.args[0] if exc.args else str(exc), style="red", markup=False, highlight=False)
            sys.exit(2)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:
            if exc.filename is None:
                raise
            # a path the user gave cannot be read or written: a file where a folder should be,
            # no permission, a full disk. Their problem to fix, not a bug: exit 2.
            where = exc.filename if exc.filename2 is None else f"{exc.filename} -> {exc.filename2}"
            err.print(
                f"cannot use {where}: {exc.strerror or exc}; check the path and its "
                "permissions (an output folder must not be an existing file)",
                style="red",
                markup=False,
                highlight=False,
            )
            sys.exit(2)
        except Exception as exc:  # unexpected: short message, traceback only with --verbose
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            err.print(f"Unexpected error: {type(exc).__name__}: {exc}", style="red", markup=False)
            err.print(
                "This is a bug in clustergraph; please report it with the command you ran"
                " (run again with --verbose for the traceback).",
                markup=False,
            )
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clustergraph")
@click.option("--verbose", is_flag=True, help="Show the traceback of unexpected errors.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """Map the stakeholder network of an industrial cluster.

    \b
    Example:
      clustergraph validate data/actors.csv data/links.csv
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    install_log_handler(verbose=verbose)
