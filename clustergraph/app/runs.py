"""The app's runs: each upload becomes a run folder, loaded at once, reported in a worker thread.

A run lives in ``<workspace>/runs/<id>/``: ``run.json`` (its status, options and the inputs'
names, sizes and SHA-256), ``inputs/`` (the uploads under generated names) and ``report/`` (the
output of :func:`clustergraph.report.build_report`, written all or nothing by
:class:`clustergraph.export.outdir.OutputFolder`). The page and scripts follow a run through
:meth:`Run.status` (``GET /api/runs/{id}``).

Loading happens before a run is accepted (:func:`prepare`): a file with errors is refused with
its problems and nothing is run, unless the user asked for lenient loading (then the dropped rows
are listed with the run). The report is built in a daemon thread per run, at most ``max_runs`` at
once; :meth:`RunStore.shutdown` asks running reports to stop at their next step (the library's
progress callback raises :class:`Stopped`, so the temporary output folder is removed) and, for a
report still busy after the grace period, removes its output and records the run as failed. Runs
a killed app left half-way are recorded as failed when the store opens again. Nothing is printed:
events go to the ``clustergraph`` logger.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import secrets
import shutil
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError, Problem
from ..files.atomic import atomic_write_text
from .inputs import Recognised, recognise

logger = logging.getLogger("clustergraph")

#: Where a run's report is written, inside its folder.
REPORT_DIR = "report"
INPUTS_DIR = "inputs"
RUN_FILE = "run.json"
#: Statuses of the HTTP contract.
STATUSES = ("queued", "running", "done", "failed")
#: Seconds :meth:`RunStore.shutdown` waits for running reports to stop at their next step.
SHUTDOWN_GRACE = 1.0


class Stopped(Exception):
    """Raised from the progress callback when the app is closing: the report stops, its output discarded."""


@dataclass
class RunOptions:
    """The options of one run, as the form fields give them (the CLI's ``--region``, ``--seed``, ...)."""

    region: str | None = None
    seed: int = 0
    projection: str = "newman"
    lenient: bool = False
    title: str | None = None


@dataclass
class Run:
    """One run: what was uploaded, with which options, and how far its report is."""

    id: str
    created: str
    options: RunOptions
    inputs: list[dict] = field(default_factory=list)
    status: str = "queued"
    progress: float = 0.0
    step: str = "waiting to start"
    error: str | None = None
    dropped: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    folder: Path = Path()

    @property
    def report_dir(self) -> Path:
        return self.folder / REPORT_DIR

    def status_json(self) -> dict[str, Any]:
        """The run as ``GET /api/runs/{id}`` gives it."""
        return {
            "id": self.id,
            "status": self.status,
            "progress": round(self.progress, 4),
            "step": self.step,
            "report": f"/runs/{self.id}/report.html" if self.status == "done" else None,
            "map": f"/runs/{self.id}/map.html" if self.status == "done" else None,
            "zip": f"/runs/{self.id}.zip" if self.status == "done" else None,
            "workbook": f"/runs/{self.id}/report.xlsx" if self.status == "done" else None,
            "error": self.error,
            "created": self.created,
            "options": asdict(self.options),
            "inputs": self.inputs,
            "dropped": self.dropped,
            "fixed": self.fixed,
            "summary": self.summary,
        }

    def save(self) -> None:
        data = self.status_json()
        atomic_write_text(self.folder / RUN_FILE, json.dumps(data, ensure_ascii=False, indent=1))

    @classmethod
    def from_folder(cls, folder: Path) -> Run:
        data = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
        opts = RunOptions(
            **{k: v for k, v in (data.get("options") or {}).items() if k in RunOptions.__dataclass_fields__}
        )
        return cls(
            id=folder.name,
            created=str(data.get("created", "")),
            options=opts,
            inputs=list(data.get("inputs") or []),
            status=str(data.get("status", "failed")),
            progress=float(data.get("progress") or 0),
            step=str(data.get("step") or ""),
            error=data.get("error"),
            dropped=list(data.get("dropped") or []),
            fixed=list(data.get("fixed") or []),
            summary=dict(data.get("summary") or {}),
            folder=folder,
        )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _renamed(problem: Problem, names: dict[str, str]) -> Problem:
    """``problem`` with the stored paths replaced by the names the user gave the files."""
    file, message = problem.file, problem.message
    for stored, original in names.items():
        file = file.replace(stored, original)
        message = message.replace(stored, original)
    return Problem(file, problem.row, problem.column, message)


def prepare(files: list[tuple[str, Path]], options: RunOptions) -> tuple[nx.Graph | None, list[Problem]]:
    """Recognise and load the uploaded ``(original name, stored path)`` files.

    Returns the graph and no problems, or no graph and the problems (naming the original file
    names, rows and columns), exactly as :func:`clustergraph.io.load` finds them.
    """
    from ..graph import check_region
    from ..io import LoadOptions, load

    names = {str(p): o for o, p in files} | {p.name: o for o, p in files}
    found: Recognised = recognise(files)
    if found.problems:
        return None, [_renamed(p, names) for p in found.problems]
    args = found.load_arguments()
    opts = LoadOptions(
        lenient=options.lenient,
        projection=options.projection,
        participations=args["participations"],
        projects=args["projects"],
        skills=args["skills"],
    )
    try:
        G = load(args["actors"], args["links"], opts)
        if options.region:
            options.region = check_region(G, options.region)
    except InputError as exc:
        return None, [_renamed(p, names) for p in exc.problems]
    return G, []


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class RunStore:
    """The runs of one workspace folder, and the worker threads building their reports.

    Parameters
    ----------
    workspace : path-like
        The folder holding ``runs/`` (created when missing).
    max_runs : int
        How many runs may be queued or running at once; :meth:`busy` says when that is reached.
    """

    def __init__(self, workspace: str | Path, *, max_runs: int = 1) -> None:
        self.root = Path(workspace) / "runs"
        self.root.mkdir(parents=True, exist_ok=True)
        self.max_runs = max(1, int(max_runs))
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._threads: dict[str, threading.Thread] = {}
        self._runs: dict[str, Run] = {}
        for folder in sorted(self.root.iterdir()):
            if (folder / RUN_FILE).is_file():
                try:
                    run = Run.from_folder(folder)
                except (OSError, ValueError, TypeError):
                    logger.warning("app: ignoring the unreadable run folder %s", folder)
                    continue
                if run.status in ("queued", "running"):  # the app was killed while it ran
                    shutil.rmtree(run.report_dir, ignore_errors=True)
                    run.status, run.error = "failed", "stopped: the app was closed while this run was going"
                    run.save()
                self._runs[run.id] = run

    # ------------------------------------------------------------------ queries

    def all(self) -> list[Run]:
        """Every run, newest first."""
        with self._lock:
            return sorted(self._runs.values(), key=lambda r: (r.created, r.id), reverse=True)

    def get(self, run_id: str) -> Run | None:
        with self._lock:
            return self._runs.get(run_id)

    def active(self) -> int:
        with self._lock:
            return sum(1 for r in self._runs.values() if r.status in ("queued", "running"))

    def busy(self) -> bool:
        """True when ``max_runs`` runs are queued or running (a new one would be refused)."""
        return self.active() >= self.max_runs

    # ------------------------------------------------------------------ changes

    def new_folder(self) -> Path:
        """A fresh run folder with its ``inputs/`` (a generated, sortable id)."""
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%d-%H%M%S")
        folder = self.root / f"{stamp}-{secrets.token_hex(3)}"
        (folder / INPUTS_DIR).mkdir(parents=True)
        return folder

    def submit(self, folder: Path, G: nx.Graph, options: RunOptions, inputs: list[dict]) -> Run:
        """Record the run and start its report in a worker thread."""
        provenance = G.graph.get("provenance") or {}
        run = Run(
            id=folder.name,
            created=_now(),
            options=options,
            inputs=inputs,
            dropped=list(provenance.get("dropped", [])),
            fixed=list(provenance.get("fixed", [])),
            summary={"actors": G.number_of_nodes(), "links": G.number_of_edges()},
            folder=folder,
        )
        names = {i["stored"]: i["name"] for i in inputs}
        run.dropped = [self._rename(line, folder, names) for line in run.dropped]
        run.fixed = [self._rename(line, folder, names) for line in run.fixed]
        run.save()
        thread = threading.Thread(target=self._work, args=(run, G), name=f"clustergraph-run-{run.id}", daemon=True)
        with self._lock:
            self._runs[run.id] = run
            self._threads[run.id] = thread
        thread.start()
        return run

    @staticmethod
    def _rename(line: str, folder: Path, names: dict[str, str]) -> str:
        for stored, original in names.items():
            line = line.replace(str(folder / INPUTS_DIR / stored), original).replace(stored, original)
        return line

    def delete(self, run_id: str) -> bool:
        """Remove a finished run and its folder; False when unknown or still going."""
        with self._lock:
            run = self._runs.get(run_id)
            if run is None or run.status in ("queued", "running"):
                return False
            del self._runs[run_id]
        shutil.rmtree(run.folder, ignore_errors=True)
        return True

    def _work(self, run: Run, G: nx.Graph) -> None:
        run.status, run.step = "running", "preparing the report"
        run.save()
        from ..report.build import build_report, report_steps

        total = report_steps(G) + 1
        done = {"n": 0}

        def progress(step: str) -> None:
            if self.stopping.is_set():
                raise Stopped("the app is closing")
            run.step = step
            run.progress = min(done["n"] / total, 0.99)
            done["n"] += 1
            run.save()

        started = time.monotonic()
        logger.info("app: run %s started (%d actors)", run.id, G.number_of_nodes())
        try:
            opts = run.options
            build_report(G, run.report_dir, title=opts.title, region=opts.region, seed=opts.seed, progress=progress)
        except Stopped:
            shutil.rmtree(run.report_dir, ignore_errors=True)
            run.status, run.error, run.step = "failed", "stopped: the app was closed during the run", "stopped"
            logger.info("app: run %s stopped, its output discarded", run.id)
        except InputError as exc:
            run.status, run.error = "failed", str(exc)
        except Exception as exc:  # a bug: the run fails with the message, the app stays up
            logger.exception("app: run %s failed", run.id)
            run.status, run.error = "failed", f"unexpected error: {type(exc).__name__}: {exc}"
        else:
            run.status, run.progress, run.step = "done", 1.0, f"done in {time.monotonic() - started:.1f} s"
            logger.info("app: run %s done in %.1f s", run.id, time.monotonic() - started)
        if not self.stopping.is_set() or run.status == "done":
            run.save()
        else:
            self._discard(run)

    def _discard(self, run: Run) -> None:
        shutil.rmtree(run.report_dir, ignore_errors=True)
        run.status = "failed"
        run.error = run.error or "stopped: the app was closed during the run"
        run.save()

    def shutdown(self, grace: float = SHUTDOWN_GRACE) -> None:
        """Stop the running reports at their next step; discard any still busy after ``grace`` seconds."""
        self.stopping.set()
        deadline = time.monotonic() + grace
        with self._lock:
            threads = dict(self._threads)
        for run_id, thread in threads.items():
            thread.join(max(0.0, deadline - time.monotonic()))
            if thread.is_alive():
                from ..export.outdir import discard_active

                discard_active()
                run = self._runs[run_id]
                run.error = "stopped: the app was closed during the run"
                self._discard(run)
                logger.info("app: run %s discarded at shutdown", run_id)
