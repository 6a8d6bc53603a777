"""The local web app (issue 28): drop the spreadsheet, see its problems, get the report and the explorer.

:func:`create_app` builds the Starlette application; ``clustergraph app`` serves it with uvicorn on
the loopback address. The HTTP contract, which the page and scripts use alike:

- ``GET /api/session`` -> ``{"token"}``: the per-session token every ``POST``/``DELETE`` carries
  (header ``X-Clustergraph-Token`` or form field ``token``). Only a same-origin page or a local
  script can read it.
- ``POST /api/runs`` (multipart: ``files``, one or more; ``region``, ``seed``, ``projection``,
  ``lenient``, ``title``) -> ``202 {"id", "status_url"}``; ``422 {"problems": [{"file", "row",
  "column", "message", "fix"}], "lenient_helps"}`` when the files have errors (and lenient was not
  asked, or cannot help); ``413`` over the upload limit, before the body is read whole; ``429``
  when ``max_runs`` runs are already going.
- ``GET /api/runs`` (every run, newest first), ``GET /api/runs/{id}`` -> ``{"status", "progress",
  "step", "report", "error", ...}``, ``DELETE /api/runs/{id}``.
- ``GET /runs/{id}/<file>``: the run's report folder, read-only; ``GET /runs/{id}.zip``: all of it.
- ``GET /template.xlsx``: the survey workbook (:func:`clustergraph.export.template.write_template`).

Security: requests whose ``Host`` is not a loopback name or address (or the ``--host`` given) are
refused with 400 (DNS rebinding); a ``POST``/``DELETE`` whose ``Origin`` is not the app's own, that
a browser marks cross-site, or without the session token, gets 403. Uploaded names never become
paths (:func:`clustergraph.app.inputs.stored_name`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import secrets
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import Problem
from ..projection import PROJECTIONS
from ..templates import environment, render
from .inputs import ACCEPTED_SUFFIXES, stored_name
from .runs import INPUTS_DIR, RunOptions, RunStore, prepare

logger = logging.getLogger("clustergraph")

#: Names (and addresses) a request to the app may give in its Host header.
LOOPBACK_HOSTS: frozenset[str] = frozenset({"localhost", "127.0.0.1", "::1"})
TOKEN_HEADER = "x-clustergraph-token"
#: Most files one upload may hold.
MAX_FILES = 12
#: Default upload limit (``--max-upload-mb``).
MAX_UPLOAD_MB = 100.0
_ASSETS = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}
_PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


class TooLarge(Exception):
    """The request body grew past the upload limit while it was read."""


def host_name(header: str) -> str:
    """The host of a ``Host`` header, without the port, lower case (IPv6 without brackets).

    >>> host_name("LocalHost:8765"), host_name("[::1]:80"), host_name("127.0.0.1")
    ('localhost', '::1', '127.0.0.1')
    """
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else ""
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def fix_for(problem: Problem) -> str:
    """The fix to make for one load problem, in plain words (for the problems table).

    >>> fix_for(Problem("links.csv", 4, "target", "unknown actor 'F9'"))
    'add the actor to the actors table, or correct the id in column target'
    """
    m = problem.message.lower()
    col = f" in column {problem.column}" if problem.column else ""
    rules = (
        ("unknown actor", f"add the actor to the actors table, or correct the id{col}"),
        ("duplicate id", "give each organisation its own id, or remove the repeated row"),
        ("appears twice", "rename or remove one of the two columns"),
        ("self-loop", "correct the target, or remove the row"),
        ("allowed:", f"pick one of the allowed values{col}"),
        ("not a positive number", "write a number above 0, or leave the cell empty"),
        ("year", "write a year with four digits, e.g. 2021"),
        ("missing", "add the column to the header row (row 1), spelled as shown"),
        ("empty", f"fill in the cell{col}, or remove the row"),
        ("not a table", "check the header row: name the columns as the survey template does"),
        ("no actors", "add the actors table (columns id, name, type), e.g. from the survey template"),
        ("no links", "add a links table (source, target) or a participations table (project, actor)"),
        ("region", "pick a region that occurs in the actors table, or leave the field empty"),
        ("limit", "split the file, or start the app with a higher limit"),
    )
    for needle, fix in rules:
        if needle in m:
            return fix
    return f"correct the cell{col} and upload again" if problem.row else "correct the file and upload again"


def problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [
        {"file": p.file, "row": p.row, "column": p.column, "message": p.message, "fix": fix_for(p)} for p in problems
    ]


class Guard:
    """ASGI middleware: the Host check (DNS rebinding), the Origin check and the upload limit by Content-Length."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str], max_bytes: int) -> None:
        self.app, self.hosts, self.max_bytes = app, hosts, max_bytes
        self.store: RunStore | None = None
        self.token = ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            await _plain(400, "refused: this app answers only to its loopback address (Host header)")(
                scope, receive, send
            )
            return
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if (origin is not None and origin != f"http://{host}") or headers.get("sec-fetch-site") == "cross-site":
                await _plain(403, "refused: a request from another web site")(scope, receive, send)
                return
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > self.max_bytes:
                await _too_large(self.max_bytes)(scope, receive, send)
                return
        elif scope["path"] == "/api/session" and headers.get("sec-fetch-site") == "cross-site":
            await _plain(403, "refused: a request from another web site")(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-content-type-options", b"nosniff")]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _plain(status: int, text: str) -> Response:
    return JSONResponse({"error": text}, status_code=status)


def _too_large(max_bytes: int) -> Response:
    return JSONResponse(
        {"error": f"upload refused: above the {max_bytes / 1024 / 1024:g} MB limit (--max-upload-mb)"},
        status_code=413,
    )


def _busy(max_runs: int) -> Response:
    return JSONResponse(
        {"error": f"{max_runs} run{'s' if max_runs != 1 else ''} already going: wait until it is done"},
        status_code=429,
    )


def _counting(receive: Receive, max_bytes: int) -> Receive:
    seen = {"n": 0}

    async def counted():
        message = await receive()
        if message["type"] == "http.request":
            seen["n"] += len(message.get("body", b""))
            if seen["n"] > max_bytes:
                raise TooLarge
        return message

    return counted


def _options(form) -> tuple[RunOptions | None, list[Problem]]:
    problems = []
    seed_text = str(form.get("seed") or "0").strip()
    seed = int(seed_text) if re.fullmatch(r"[0-9]{1,18}", seed_text) else None
    if seed is None:
        problems.append(Problem("options", None, "seed", f"seed must be a whole number from 0, not {seed_text!r}"))
    projection = str(form.get("projection") or "newman").strip()
    if projection not in PROJECTIONS:
        problems.append(Problem("options", None, "projection", f"projection must be one of {', '.join(PROJECTIONS)}"))
    region = str(form.get("region") or "").strip() or None
    title = str(form.get("title") or "").strip()[:200] or None
    lenient = str(form.get("lenient") or "").strip().lower() in ("1", "true", "on", "yes")
    if problems:
        return None, problems
    return RunOptions(region=region, seed=seed or 0, projection=projection, lenient=lenient, title=title), []


def create_app(
    workspace: str | Path,
    *,
    max_upload_mb: float = MAX_UPLOAD_MB,
    max_runs: int = 1,
    hosts: frozenset[str] | set[str] | None = None,
    token: str | None = None,
) -> Guard:
    """The app over the runs of ``workspace`` (see the module docs for its HTTP contract).

    Parameters
    ----------
    workspace : path-like
        Folder of the runs (``runs/<id>/``), created when missing.
    max_upload_mb : float
        Largest request body accepted; larger ones get 413 before they are read whole.
    max_runs : int
        Runs queued or running at once; one more gets 429.
    hosts : set of str, optional
        Host names accepted besides the loopback ones (the ``--host`` given).
    token : str, optional
        The session token (default: a new random one).

    Examples
    --------
    >>> from starlette.testclient import TestClient      # doctest: +SKIP
    >>> client = TestClient(create_app("/tmp/ws"), base_url="http://127.0.0.1")   # doctest: +SKIP
    >>> client.get("/api/runs").json()                   # doctest: +SKIP
    {'runs': []}
    """
    store = RunStore(workspace, max_runs=max_runs)
    session = token or secrets.token_urlsafe(24)
    max_bytes = int(max_upload_mb * 1024 * 1024)
    allowed = frozenset(LOOPBACK_HOSTS | {host_name(h) for h in (hosts or ())})

    def page_context() -> dict[str, Any]:
        return {
            "token": session,
            "runs": store.all(),
            "projections": PROJECTIONS,
            "accept": ",".join(ACCEPTED_SUFFIXES),
            "max_upload_mb": max_upload_mb,
        }

    async def index(request: Request) -> Response:
        html = render("app/index.html", **page_context())
        return HTMLResponse(html, headers={"content-security-policy": _PAGE_CSP, "cache-control": "no-store"})

    async def runs_fragment(request: Request) -> Response:
        return HTMLResponse(render("app/runs.html", runs=store.all()), headers={"cache-control": "no-store"})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _ASSETS:
            return _plain(404, "not found")
        text = environment().loader.get_source(environment(), f"app/{name}")[0]  # type: ignore[union-attr]
        return Response(text, media_type=_ASSETS[name])

    async def template(request: Request) -> Response:
        from ..export.template import write_template

        def make() -> bytes:
            with tempfile.TemporaryDirectory(prefix="clustergraph-template-") as tmp:
                return write_template(Path(tmp) / "survey.xlsx").read_bytes()

        data = await run_in_threadpool(make)
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"content-disposition": 'attachment; filename="clustergraph-survey.xlsx"'},
        )

    async def session_token(request: Request) -> Response:
        return JSONResponse({"token": session}, headers={"cache-control": "no-store"})

    def _token_ok(request: Request, form=None) -> bool:
        given = request.headers.get(TOKEN_HEADER) or (str(form.get("token") or "") if form is not None else "")
        return secrets.compare_digest(given.encode(), session.encode())

    async def create_run(request: Request) -> Response:
        if not request.headers.get(TOKEN_HEADER) and "multipart/form-data" not in request.headers.get(
            "content-type", ""
        ):
            return _plain(403, "refused: no session token (GET /api/session)")
        if request.headers.get(TOKEN_HEADER) and not _token_ok(request):
            return _plain(403, "refused: wrong session token (GET /api/session)")
        if request.headers.get(TOKEN_HEADER) and store.busy():  # refused before the upload is read
            return _busy(store.max_runs)
        request = Request(request.scope, receive=_counting(request.receive, max_bytes))
        folder = None
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=20)
        except TooLarge:
            return _too_large(max_bytes)
        try:
            if not _token_ok(request, form):
                return _plain(403, "refused: no or wrong session token (GET /api/session)")
            if store.busy():
                return _busy(store.max_runs)
            options, problems = _options(form)
            uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
            if not uploads:
                problems.append(Problem("input", None, None, "no files: add the actors and links tables"))
            if options is None or problems:
                return JSONResponse({"problems": problems_json(problems), "lenient_helps": False}, status_code=422)
            folder = store.new_folder()
            files, inputs = [], []
            for i, upload in enumerate(uploads):
                name = str(upload.filename).replace("\\", "/").rsplit("/", 1)[-1][:200]
                stored = stored_name(i, name)
                if stored is None:
                    problems.append(
                        Problem(name, None, None, f"not a CSV or Excel file (accepted: {', '.join(ACCEPTED_SUFFIXES)})")
                    )
                    continue
                path = folder / INPUTS_DIR / stored
                digest = hashlib.sha256()
                with open(path, "wb") as fh:
                    while chunk := await upload.read(1 << 20):
                        digest.update(chunk)
                        fh.write(chunk)
                files.append((name, path))
                inputs.append(
                    {"name": name, "stored": stored, "bytes": path.stat().st_size, "sha256": digest.hexdigest()}
                )
            if not problems:
                G, problems = await run_in_threadpool(prepare, files, options)
            if problems:
                shutil.rmtree(folder, ignore_errors=True)
                helps = not options.lenient and any(p.row is not None for p in problems)
                return JSONResponse({"problems": problems_json(problems), "lenient_helps": helps}, status_code=422)
            if store.busy():  # another upload was accepted while this one loaded
                shutil.rmtree(folder, ignore_errors=True)
                return _busy(store.max_runs)
            run = store.submit(folder, G, options, inputs)
            folder = None
            return JSONResponse({"id": run.id, "status_url": f"/api/runs/{run.id}"}, status_code=202)
        finally:
            await form.close()
            if folder is not None and not any(folder.glob("run.json")):
                shutil.rmtree(folder, ignore_errors=True)

    async def list_runs(request: Request) -> Response:
        return JSONResponse({"runs": [r.status_json() for r in store.all()]}, headers={"cache-control": "no-store"})

    async def run_status(request: Request) -> Response:
        run = store.get(request.path_params["run_id"])
        if run is None:
            return _plain(404, "no such run")
        return JSONResponse(run.status_json(), headers={"cache-control": "no-store"})

    async def delete_run(request: Request) -> Response:
        if not _token_ok(request):
            return _plain(403, "refused: no or wrong session token (GET /api/session)")
        run_id = request.path_params["run_id"]
        if store.get(run_id) is None:
            return _plain(404, "no such run")
        if not await run_in_threadpool(store.delete, run_id):
            return _plain(409, "the run is still going")
        return Response(status_code=204)

    async def run_file(request: Request) -> Response:
        run = store.get(request.path_params["run_id"])
        if run is None or run.status != "done":
            return _plain(404, "no such report")
        rel = request.path_params.get("path") or ""
        if not rel:
            return RedirectResponse(f"/runs/{run.id}/report.html")
        parts = [p for p in rel.split("/") if p]
        if any(p.startswith(".") or p in ("..",) or "\\" in p for p in parts):
            return _plain(404, "not found")
        base = run.report_dir.resolve()
        target = (base / "/".join(parts)).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            return _plain(404, "not found")
        return FileResponse(target, headers={"cache-control": "no-store"})

    async def run_zip(request: Request) -> Response:
        run = store.get(request.path_params["run_id"])
        if run is None or run.status != "done":
            return _plain(404, "no such report")

        def make() -> bytes:
            buffer = io.BytesIO()
            base = run.report_dir
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(base.rglob("*")):
                    rel = path.relative_to(base)
                    if path.is_file() and not any(p.startswith(".") for p in rel.parts):
                        zf.write(path, f"clustergraph-{run.id}/{rel.as_posix()}")
            return buffer.getvalue()

        data = await run_in_threadpool(make)
        return Response(
            data,
            media_type="application/zip",
            headers={"content-disposition": f'attachment; filename="clustergraph-{run.id}.zip"'},
        )

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        await run_in_threadpool(store.shutdown)

    routes = [
        Route("/", index),
        Route("/fragments/runs", runs_fragment),
        Route("/static/{name}", asset),
        Route("/template.xlsx", template),
        Route("/api/session", session_token),
        Route("/api/runs", list_runs, methods=["GET"]),
        Route("/api/runs", create_run, methods=["POST"]),
        Route("/api/runs/{run_id}", run_status, methods=["GET"]),
        Route("/api/runs/{run_id}", delete_run, methods=["DELETE"]),
        Route("/runs/{run_id}.zip", run_zip),
        Route("/runs/{run_id}/{path:path}", run_file),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.store = store
    app.state.token = session
    guard = Guard(app, hosts=allowed, max_bytes=max_bytes)
    guard.store, guard.token = store, session
    return guard


__all__ = ["create_app", "host_name", "fix_for", "LOOPBACK_HOSTS", "TOKEN_HEADER", "MAX_UPLOAD_MB"]
