"""The output folder as one unit: a run publishes a complete set of files or nothing.

Every command that writes a folder (``report``, ``metrics``, ``gaps``, ``map``)
goes through :class:`OutputFolder`:

1. **Lock.** ``.clustergraph.lock`` in the folder is locked with ``fcntl.flock``
   for the whole run (and removed at its end). A second run into the same
   folder waits up to :data:`LOCK_WAIT` seconds, then stops with
   :class:`OutputBusy` (exit 2). The kernel releases the lock when its process
   dies, however it dies, so a lock file left by a killed run is simply taken
   over (the file only holds the PID, for the message).
2. **Clean up.** Under the lock, a publication interrupted by a kill is
   completed (see 4) and temporary folders left by killed runs
   (``.clustergraph-tmp-*``, and ``.report-*`` of older versions) are removed.
3. **Stage.** The run writes every file into a fresh hidden temporary folder
   inside the output folder (same file system, so moving is a rename).
4. **Publish.** A journal (``.clustergraph-publish.json``) naming the new files
   and the stale ones is written first; then each new file is renamed into
   place (``os.replace``, atomic per file), the files the previous run of the
   same kind wrote and this one did not are removed, and the manifest
   ``.clustergraph-manifest.json`` is rewritten last; the journal goes. A kill
   in that window (milliseconds) leaves the journal and the staged files; the
   next run into the folder, or :func:`recover`, completes the publication
   before anything else, so the folder ends with the new run's complete set.
   A failure before the journal (anything while computing or writing, a full
   disk) leaves the previous files untouched and removes the temporary folder.

Only files listed in the manifest are ever removed: files clustergraph did not
write (or wrote before it kept a manifest) are left alone. The manifest keeps
one list per *unit*: ``report``, ``metrics``, ``gaps``, and one per map file
(``map:map-navarra.html``), so a ``metrics`` run does not remove the report,
and maps of several regions written into one folder all stay.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType

from ..errors import InputError
from ..files.atomic import atomic_write_text

try:  # pragma: no cover - fcntl exists on every POSIX system
    import fcntl
except ImportError:  # pragma: no cover - Windows: no folder lock
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger("clustergraph")

MANIFEST = ".clustergraph-manifest.json"
JOURNAL = ".clustergraph-publish.json"
LOCK = ".clustergraph.lock"
TMP_PREFIX = ".clustergraph-tmp-"
#: Prefixes of temporary folders of killed runs that the next run removes.
STALE_PREFIXES = (TMP_PREFIX, ".report-")
#: Seconds a run waits for another run into the same folder to finish (``clustergraph --wait``).
LOCK_WAIT = 10.0
_POLL = 0.05

#: Folders being staged by this process (the CLI removes them when killed by a signal).
_ACTIVE: set[OutputFolder] = set()
#: Publications under way in this process, and a stop signal deferred until they end.
_PUBLISHING: dict[str, int] = {"depth": 0}


class OutputBusy(InputError):
    """Another run is writing into the same output folder (the CLI exits with code 2)."""


class OutputFolder:
    """Stage a run's files in a temporary folder and publish them as one unit.

    Parameters
    ----------
    outdir : path-like
        The output folder (created when missing).
    unit : str
        Which kind of run this is (``"report"``, ``"metrics"``, ``"gaps"``,
        ``"map:<file>"``): files the previous run of the same unit wrote and
        this run does not are removed when this run publishes.
    wait : float, optional
        Seconds to wait for another run holding the folder; default :data:`LOCK_WAIT`.
    last : iterable of str
        Files to move into place last (the page that links to the others).

    Used as a context manager it yields the temporary folder and publishes
    when the block succeeds; when the block raises, nothing is published and
    the temporary folder is removed. :meth:`begin`, :meth:`publish` and
    :meth:`close` do the same in three steps.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> with OutputFolder(out, unit="demo") as tmp:
    ...     _ = (tmp / "a.csv").write_text("1")
    ...     _ = (tmp / "b.csv").write_text("2")
    >>> sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    ['a.csv', 'b.csv']
    >>> with OutputFolder(out, unit="demo") as tmp:   # the next run writes only b.csv
    ...     _ = (tmp / "b.csv").write_text("3")
    >>> sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    ['b.csv']
    """

    def __init__(
        self, outdir: str | os.PathLike, *, unit: str, wait: float | None = None, last: Iterable[str] = ()
    ) -> None:
        self.outdir = Path(outdir)
        self.unit = unit
        self.wait = LOCK_WAIT if wait is None else float(wait)
        self.last = tuple(last)
        self.tmp: Path | None = None
        self._lock_fd: int | None = None
        self.published: list[Path] = []

    # ------------------------------------------------------------------ steps

    def begin(self) -> Path:
        """Lock the folder, finish or clean up what killed runs left, return a fresh temporary folder."""
        if self.outdir.exists() and not self.outdir.is_dir():
            raise InputError(f"output folder {self.outdir} is a file")
        self.outdir.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            _recover(self.outdir)
            self.tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=self.outdir))
        except BaseException:
            self._unlock()
            raise
        _ACTIVE.add(self)
        return self.tmp

    def publish(self) -> list[Path]:
        """Move the staged files into the folder (see the module docs); return their final paths."""
        if self.tmp is None:
            raise RuntimeError("publish() before begin()")
        tmp = self.tmp
        files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file() or p.is_symlink())
        files.sort(key=lambda f: f in self.last)
        for f in files:  # refuse before moving anything: a folder where a file goes
            target = self.outdir / f
            if target.is_dir() and not target.is_symlink():
                raise InputError(f"cannot write {target}: it is a folder; remove or rename it")
        manifest = _read_manifest(self.outdir)
        units = manifest.setdefault("units", {})
        previous = set(units.get(self.unit, {}).get("files", []))
        stale = sorted(previous - set(files))
        for name, entry in list(units.items()):  # files this run now owns leave the other units' lists
            if name != self.unit:
                entry["files"] = [f for f in entry.get("files", []) if f not in set(files)]
                if not entry["files"]:
                    del units[name]
        units[self.unit] = {"files": files}  # no date: same input, same files
        journal = {"tmp": tmp.name, "files": files, "stale": stale, "manifest": manifest}
        _PUBLISHING["depth"] += 1  # a stop signal now waits the few milliseconds until the set is in place
        try:
            atomic_write_text(self.outdir / JOURNAL, json.dumps(journal, ensure_ascii=False, indent=1))
            # from here on the publication is committed: a failure or a kill leaves the journal,
            # and the next run into the folder completes it.
            self.tmp = None
            _apply(self.outdir, journal)
        finally:
            _PUBLISHING["depth"] -= 1
            deferred = _PUBLISHING.pop("deferred", None)
            if deferred is not None:
                signal.raise_signal(deferred)
        self.published = [self.outdir / f for f in files]
        return self.published

    def close(self) -> None:
        """Remove the temporary folder (when not published) and release the lock; safe to call twice."""
        _ACTIVE.discard(self)
        try:
            if self.tmp is not None:
                shutil.rmtree(self.tmp, ignore_errors=True)
                self.tmp = None
        finally:
            self._unlock()

    def final(self, path: str | os.PathLike) -> Path:
        """Where a file written in the temporary folder ends up once published."""
        path = Path(path)
        if self.tmp is not None and path.is_relative_to(self.tmp):
            return self.outdir / path.relative_to(self.tmp)
        return path

    def __enter__(self) -> Path:
        return self.begin()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self.publish()
        finally:
            self.close()

    # ------------------------------------------------------------------ lock

    def _lock(self) -> None:
        if fcntl is None:  # pragma: no cover
            return
        path = self.outdir / LOCK
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(self.wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                try:  # the holder removes the file when done: a lock on a removed file is no lock
                    current = os.stat(path).st_ino
                except FileNotFoundError:
                    current = None
                if current == os.fstat(fd).st_ino:
                    break
                os.close(fd)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
                continue
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    os.close(fd)
                    raise
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    raise OutputBusy(
                        f"another clustergraph run{f' (process {holder})' if holder else ''} is writing into "
                        f"{self.outdir}; waited {self.wait:g} s. Let it finish, write elsewhere with -o, "
                        "or wait longer with 'clustergraph --wait SECONDS ...'."
                    ) from None
                time.sleep(_POLL)
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            fd, self._lock_fd = self._lock_fd, None
            with contextlib.suppress(OSError):
                os.unlink(self.outdir / LOCK)  # still locked: a waiting run sees the file is gone and retries
            os.close(fd)  # closing releases the flock


def publish_folder(
    outdir: str | os.PathLike, *, unit: str, wait: float | None = None, last: Iterable[str] = ()
) -> OutputFolder:
    """An :class:`OutputFolder` for ``outdir`` (use it in a ``with`` statement).

    >>> import tempfile
    >>> with publish_folder(tempfile.mkdtemp(), unit="demo") as tmp:
    ...     _ = (tmp / "x.txt").write_text("x")
    """
    return OutputFolder(outdir, unit=unit, wait=wait, last=last)


def recover(outdir: str | os.PathLike, *, wait: float | None = None) -> None:
    """Complete a publication a kill interrupted and remove temporary folders of killed runs.

    Every run does this itself when it starts; this function is for tools that
    read a folder a killed run may have left.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> (out / ".clustergraph-tmp-killed").mkdir()
    >>> recover(out)
    >>> list(out.iterdir())
    []
    """
    folder = OutputFolder(outdir, unit="", wait=wait)
    if not folder.outdir.is_dir():
        return
    folder._lock()
    try:
        _recover(folder.outdir)
    finally:
        folder._unlock()


def defer_signal(signum: int) -> bool:
    """For a signal handler: ``True`` when a publication is under way (the signal is raised again after it).

    A stop signal during the final renames would leave them for the next run
    to complete; deferring it for those milliseconds leaves the new complete
    set in place instead.

    >>> defer_signal(15)
    False
    """
    if _PUBLISHING["depth"]:
        _PUBLISHING["deferred"] = signum
        return True
    return False


def discard_active() -> None:
    """Remove the temporary folders of the runs in progress (for a process about to exit on a signal)."""
    for folder in list(_ACTIVE):
        with contextlib.suppress(Exception):
            folder.close()


def manifest_files(outdir: str | os.PathLike, unit: str | None = None) -> list[str]:
    """The files the manifest of ``outdir`` lists (for ``unit``, or for every unit), as relative paths.

    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> with OutputFolder(out, unit="gaps") as tmp:
    ...     _ = (tmp / "gaps.csv").write_text("x")
    >>> manifest_files(out), manifest_files(out, "report")
    (['gaps.csv'], [])
    """
    units = _read_manifest(Path(outdir)).get("units", {})
    chosen = [units.get(unit, {})] if unit is not None else list(units.values())
    return sorted({f for entry in chosen for f in entry.get("files", [])})


# ---------------------------------------------------------------------- internals


def _read_pid(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        return os.pread(fd, 32, 0).decode("ascii").strip()
    return ""


def _safe_relative(name: object) -> bool:
    """Only plain relative paths inside the folder (a tampered manifest must not remove other files)."""
    if not isinstance(name, str) or not name or "\\" in name or "\x00" in name:
        return False
    p = PurePosixPath(name)
    return not p.is_absolute() and all(part not in ("", ".", "..") and not part.startswith(".") for part in p.parts)


def _read_manifest(outdir: Path) -> dict:
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"clustergraph": 1, "units": {}}
    except (OSError, ValueError):
        log.warning("%s: unreadable manifest ignored (no earlier file will be removed)", outdir / MANIFEST)
        return {"clustergraph": 1, "units": {}}
    units = data.get("units") if isinstance(data, dict) else None
    clean: dict = {}
    for name, entry in (units or {}).items():
        files = entry.get("files") if isinstance(entry, dict) else None
        if isinstance(name, str) and isinstance(files, list):
            clean[name] = {**entry, "files": [f for f in files if _safe_relative(f)]}
    return {"clustergraph": 1, "units": clean}


def _apply(outdir: Path, journal: dict) -> None:
    """Carry out a publication journal; idempotent, so a kill at any point can be followed by a rerun."""
    tmp = outdir / journal["tmp"]
    for f in journal["files"]:
        src = tmp / f
        if src.exists() or src.is_symlink():
            dst = outdir / f
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
    for f in journal["stale"]:
        target = outdir / f
        if target.is_file() or target.is_symlink():
            target.unlink()
        for parent in target.parents:  # remove folders the stale files leave empty
            if parent == outdir or not parent.is_relative_to(outdir):
                break
            with contextlib.suppress(OSError):
                parent.rmdir()
    atomic_write_text(outdir / MANIFEST, json.dumps(journal["manifest"], ensure_ascii=False, indent=1) + "\n")
    (outdir / JOURNAL).unlink(missing_ok=True)
    shutil.rmtree(tmp, ignore_errors=True)


def _recover(outdir: Path) -> None:
    """Under the lock: complete an interrupted publication, then remove stale temporary folders and files."""
    path = outdir / JOURNAL
    if path.exists():
        try:
            journal = json.loads(path.read_text(encoding="utf-8"))
            ok = (
                isinstance(journal, dict)
                and isinstance(journal.get("tmp"), str)
                and journal["tmp"].startswith(TMP_PREFIX)
                and "/" not in journal["tmp"]
                and all(_safe_relative(f) for f in journal.get("files", []) + journal.get("stale", []))
                and isinstance(journal.get("manifest"), dict)
            )
        except (OSError, ValueError, TypeError):
            ok = False
        if ok:
            log.info("%s: completing the publication a killed run had started", outdir)
            _apply(outdir, journal)
        else:
            log.warning("%s: unreadable publication journal removed", path)
            path.unlink(missing_ok=True)
    for entry in outdir.iterdir():
        name = entry.name
        if entry.is_dir() and not entry.is_symlink() and name.startswith(STALE_PREFIXES):
            shutil.rmtree(entry, ignore_errors=True)
        elif name.startswith((MANIFEST + ".", JOURNAL + ".")) and ".tmp" in name and entry.is_file():
            entry.unlink(missing_ok=True)  # a temporary file of atomic_write from a killed run
