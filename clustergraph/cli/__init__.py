"""The ``clustergraph`` command line: a thin shell over the Python API.

This is the only package that prints or imports click and rich. Each command
lives in its own module and registers itself on the group with
``@main.command(...)``; importing the modules below is what registers them.

Exit codes: 0 success, 1 unexpected error (with a hint to report it; the
traceback with ``--verbose``), 2 bad input or usage.
"""

from __future__ import annotations

from . import gaps, importer, maps, metrics, report, synthetic, template, validate  # noqa: F401  (register the commands)
from .app import main

__all__ = ["main"]
