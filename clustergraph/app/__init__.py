"""The local app for cluster managers (issue 28): a web page on the user's own machine.

Drop the spreadsheet (or start from the survey template), see its problems by file, row and column,
run the report with a progress bar, open the report and the explorer, download it all as a zip.
``clustergraph app`` serves it on 127.0.0.1; :func:`create_app` is the ASGI application (Starlette)
with the HTTP contract documented in :mod:`.server`. Modules: :mod:`.inputs` (which table each
uploaded file is), :mod:`.runs` (the run folders and the worker threads), :mod:`.server` (routes and
the security checks). Pages are rendered from ``clustergraph/templates/app/``.
"""

from .runs import Run, RunOptions, RunStore
from .server import create_app

__all__ = ["create_app", "Run", "RunOptions", "RunStore"]
