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
write (or wrote before it kept a manifest) are left alone.

The folder is a boundary. Every file is renamed into place and every stale file
removed through directory file descriptors opened with ``O_NOFOLLOW``
(``openat``-style), so no symbolic link inside the folder is followed: a link
where a subfolder goes (``assets -> elsewhere``) or in a manifest entry
(``evil -> /some/dir`` with ``evil/victim.txt`` listed) stops the run with exit 2
before anything moves. The manifest and the journal are read as data
clustergraph wrote: known keys, unit names and plain relative file names only,
and the journal carries a SHA-256 of its content; anything else stops the run
with the reason and the file to remove. An input file of the run (registered
with :func:`protect_inputs`) that the publication would replace stops it too. The manifest keeps
one list per *unit*: ``report``, ``metrics``, ``gaps``, and one per map file
(``map:map-navarra.html``), so a ``metrics`` run does not remove the report,
and maps of several regions written into one folder all stay.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from types import TracebackType

from ..errors import InputError
from ..files.atomic import atomic_write_text
from ..files.guard import take_changed

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


class UnsafeFolder(InputError):
    """The output folder holds a symbolic link, a tampered manifest or journal, or an input (exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.args = (message,)  # an output problem: printed as it is, not as "problems in the input"


#: Input files of this process's run (device, inode) -> path: a publication never replaces one.
_INPUTS: dict[tuple[int, int], str] = {}


def protect_inputs(paths: Iterable[str | os.PathLike | None]) -> None:
    """Register the input files of the run: publishing a file over one of them is refused.

    ``report out/actors_metrics.csv out/gaps.csv -o out`` would otherwise replace
    its own inputs. Paths that do not name an existing file (``-``) are skipped.

    >>> protect_inputs([None, "-"])
    """
    for path in paths:
        if path is None or str(path) == "-":
            continue
        with contextlib.suppress(OSError):
            st = os.stat(path)
            if stat.S_ISREG(st.st_mode):
                _INPUTS[(st.st_dev, st.st_ino)] = str(path)


def clear_inputs() -> None:
    """Forget the inputs registered with :func:`protect_inputs` (the CLI calls it at the end of a run)."""
    _INPUTS.clear()


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
        take_changed()  # the control-character notice counts this run's files only
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
        for f in files:  # refuse before moving anything: a folder where a file goes, a link, an input
            _check_target(self.outdir, f)
        manifest = _read_manifest(self.outdir)
        units = manifest.setdefault("units", {})
        previous = set(units.get(self.unit, {}).get("files", []))
        stale = sorted(previous - set(files))
        for f in stale:
            _check_target(self.outdir, f, stale=True)
        for name, entry in list(units.items()):  # files this run now owns leave the other units' lists
            if name != self.unit:
                entry["files"] = [f for f in entry.get("files", []) if f not in set(files)]
                if not entry["files"]:
                    del units[name]
        units[self.unit] = {"files": files}  # no date: same input, same files
        journal = _sealed({"tmp": tmp.name, "files": files, "stale": stale, "manifest": manifest})
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
        changed = take_changed()
        if changed:
            log.warning("%s", changed)
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
        fd = _open_lock(path)
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
                fd = _open_lock(path)
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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
#: Names of the units a manifest may hold: ``report``, ``metrics``, ``gaps``, ``map:<file>``, ...
_UNIT = re.compile(r"[a-z][a-z0-9_-]*(:[^/\\\x00]+)?")
_MANIFEST_KEYS = {"clustergraph", "units"}
_JOURNAL_KEYS = {"clustergraph", "tmp", "files", "stale", "manifest", "sha256"}
_REMOVE = "remove it (or write elsewhere with -o) to continue; no earlier file was removed"


def _open_lock(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise UnsafeFolder(f"{path} is a symbolic link, not clustergraph's lock file; {_REMOVE}") from None
        raise exc


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


def _link_in_path(outdir: Path, name: str) -> Path | None:
    """The first folder on the way to ``outdir / name`` (inside ``outdir``) that is a symbolic link, or None."""
    here = outdir
    for part in PurePosixPath(name).parts[:-1]:
        here = here / part
        if here.is_symlink():
            return here
        if not here.exists():
            return None
    return None


def _describe_link(link: Path) -> str:
    with contextlib.suppress(OSError):
        return f"{link} is a symbolic link (to {os.readlink(link)})"
    return f"{link} is a symbolic link"


def _check_target(outdir: Path, name: str, *, stale: bool = False) -> None:
    """Refuse (before anything moves) a file that would be written or removed through a link, or an input."""
    link = _link_in_path(outdir, name)
    if link is not None:
        what = "remove" if stale else "write"
        raise UnsafeFolder(
            f"cannot {what} {outdir / name}: {_describe_link(link)}; clustergraph writes and removes files only "
            "inside the output folder and follows no link there. Remove the link or write elsewhere with -o."
        )
    target = outdir / name
    if stale:
        return
    if target.is_dir() and not target.is_symlink():
        raise InputError(f"cannot write {target}: it is a folder; remove or rename it")
    with contextlib.suppress(OSError):
        st = os.stat(target, follow_symlinks=False)
        source = _INPUTS.get((st.st_dev, st.st_ino))
        if source is not None:
            raise UnsafeFolder(
                f"cannot write {target}: it is an input of this run ({source}) and would be overwritten; "
                "write elsewhere with -o, or copy the input out of the output folder first."
            )


def _open_folder(fd: int, part: str, parts: tuple[str, ...], *, removing: bool = False) -> int:
    """A descriptor of the folder ``part`` below the folder ``fd``, following no link.

    A link or a file there raises :class:`UnsafeFolder` naming the path ``parts`` it
    is on (to remove it when ``removing``); a missing one raises :class:`FileNotFoundError`.
    """
    try:
        return os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafeFolder(
                f"{'cannot remove ' if removing else ''}'{'/'.join(parts)}': '{part}' is a symbolic link or a file "
                "where a folder goes; clustergraph follows no link inside the output folder. "
                f"Remove it{'' if removing else ' or write elsewhere with -o'}."
            ) from None
        raise


def _walk(root: int, parts: tuple[str, ...], *, create: bool) -> int | None:
    """A file descriptor of the folder ``parts`` below the folder ``root``, following no link.

    Missing folders are created when ``create``, else ``None`` is returned. A
    link (or a file) where a folder goes raises :class:`UnsafeFolder`. The
    caller closes the descriptor (``root`` is duplicated when ``parts`` is empty).
    """
    fd = os.dup(root)
    try:
        for part in parts:
            try:
                nxt = _open_folder(fd, part, parts)
            except FileNotFoundError:
                if not create:
                    os.close(fd)
                    return None
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
                nxt = _open_folder(fd, part, parts)
            os.close(fd)
            fd = nxt
    except BaseException:
        with contextlib.suppress(OSError):
            os.close(fd)
        raise
    return fd


def _seal(journal: dict) -> str:
    body = {k: v for k, v in journal.items() if k != "sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def _sealed(journal: dict) -> dict:
    journal = {"clustergraph": 2, **journal}
    journal["sha256"] = _seal(journal)
    return journal


def _manifest_problem(data: object) -> str | None:
    """Why ``data`` is not a manifest clustergraph wrote, or None."""
    if not isinstance(data, dict) or not set(data) <= _MANIFEST_KEYS or not isinstance(data.get("units", {}), dict):
        return "it is not a clustergraph manifest (unknown keys)"
    for name, entry in data.get("units", {}).items():
        if not isinstance(name, str) or not _UNIT.fullmatch(name):
            return f"unknown unit name {name!r}"
        if not isinstance(entry, dict) or not set(entry) <= {"files"} or not isinstance(entry.get("files"), list):
            return f"unit {name!r} is not a list of files"
        for f in entry["files"]:
            if not _safe_relative(f):
                return f"unit {name!r} lists {f!r}, which is not a file name inside the folder"
    return None


def _read_manifest(outdir: Path) -> dict:
    path = outdir / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {"clustergraph": 1, "units": {}}
    if path.is_symlink() or not path.is_file():
        raise UnsafeFolder(f"{path} is not a file clustergraph wrote (a link or a folder); {_REMOVE}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UnsafeFolder(f"{path}: unreadable manifest ({exc}); {_REMOVE}") from None
    problem = _manifest_problem(data)
    if problem:
        raise UnsafeFolder(f"{path} was not written by clustergraph: {problem}; {_REMOVE}")
    return {"clustergraph": 1, "units": {n: {"files": list(e["files"])} for n, e in data.get("units", {}).items()}}


def _journal_problem(journal: object) -> str | None:
    """Why ``journal`` is not a publication journal clustergraph wrote, or None."""
    if not isinstance(journal, dict) or set(journal) != _JOURNAL_KEYS:
        return "unknown keys"
    if journal.get("sha256") != _seal(journal):
        return "its checksum does not match its content"
    tmp = journal["tmp"]
    if not isinstance(tmp, str) or not tmp.startswith(TMP_PREFIX) or "/" in tmp or "\\" in tmp or tmp in (".", ".."):
        return f"temporary folder {tmp!r} is not one of clustergraph's"
    for key in ("files", "stale"):
        if not isinstance(journal[key], list) or not all(_safe_relative(f) for f in journal[key]):
            return f"its {key} are not file names inside the folder"
    return _manifest_problem(journal["manifest"])


def _apply(outdir: Path, journal: dict) -> None:
    """Carry out a publication journal; idempotent, so a kill at any point can be followed by a rerun.

    Every rename and removal goes through directory descriptors opened without
    following links (:func:`_walk`): nothing outside ``outdir`` is touched.
    """
    root = os.open(outdir, os.O_RDONLY | _DIRECTORY)
    try:
        try:
            tmp_fd: int | None = os.open(journal["tmp"], os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=root)
        except FileNotFoundError:
            tmp_fd = None  # every file already moved (a kill after the last rename)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise UnsafeFolder(f"{outdir / journal['tmp']} is not a folder clustergraph made; {_REMOVE}") from None
            raise
        try:
            for f in journal["files"] if tmp_fd is not None else ():
                parts = PurePosixPath(f).parts
                src = _walk(tmp_fd, parts[:-1], create=False)  # type: ignore[arg-type]
                if src is None:
                    continue
                try:
                    try:
                        st = os.stat(parts[-1], dir_fd=src, follow_symlinks=False)
                    except FileNotFoundError:
                        continue  # moved before a kill
                    if not stat.S_ISREG(st.st_mode):
                        raise UnsafeFolder(f"staged {f} is not a regular file; {_REMOVE}")
                    dst = _walk(root, parts[:-1], create=True)
                    try:
                        os.replace(parts[-1], parts[-1], src_dir_fd=src, dst_dir_fd=dst)
                    finally:
                        os.close(dst)  # type: ignore[arg-type]
                finally:
                    os.close(src)
        finally:
            if tmp_fd is not None:
                os.close(tmp_fd)
        for f in journal["stale"]:
            _remove_stale(root, PurePosixPath(f).parts)
    finally:
        os.close(root)
    atomic_write_text(outdir / MANIFEST, json.dumps(journal["manifest"], ensure_ascii=False, indent=1) + "\n")
    (outdir / JOURNAL).unlink(missing_ok=True)
    tmp = outdir / journal["tmp"]
    if tmp.is_dir() and not tmp.is_symlink():
        shutil.rmtree(tmp, ignore_errors=True)


def _remove_stale(root: int, parts: tuple[str, ...]) -> None:
    """Remove the file ``parts`` below ``root`` (no link followed), then the folders it leaves empty."""
    chain = [os.dup(root)]
    try:
        for part in parts[:-1]:
            try:
                chain.append(_open_folder(chain[-1], part, parts, removing=True))
            except FileNotFoundError:
                return
        with contextlib.suppress(FileNotFoundError):
            st = os.stat(parts[-1], dir_fd=chain[-1], follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode):  # a link itself is removed, not its target
                os.unlink(parts[-1], dir_fd=chain[-1])
        for depth in range(len(parts) - 1, 0, -1):  # remove folders the stale file leaves empty
            try:
                os.rmdir(parts[depth - 1], dir_fd=chain[depth - 1])
            except OSError:
                break
    finally:
        for fd in chain:
            os.close(fd)


def _recover(outdir: Path) -> None:
    """Under the lock: complete an interrupted publication, then remove stale temporary folders and files.

    A journal or manifest clustergraph did not write raises :class:`UnsafeFolder`.
    """
    path = outdir / JOURNAL
    if path.exists() or path.is_symlink():
        problem: str | None
        try:
            if path.is_symlink() or not path.is_file():
                raise ValueError("a link or a folder")
            journal = json.loads(path.read_text(encoding="utf-8"))
            problem = _journal_problem(journal)
        except (OSError, ValueError) as exc:
            problem = f"unreadable ({exc})"
        if problem:
            raise UnsafeFolder(
                f"{path} is not a publication journal clustergraph wrote: {problem}; remove it and any "
                f"{TMP_PREFIX}* folder beside it (or write elsewhere with -o) to continue"
            )
        log.info("%s: completing the publication a killed run had started", outdir)
        _apply(outdir, journal)
    _read_manifest(outdir)  # refuse a tampered manifest before the run computes anything
    for entry in outdir.iterdir():
        name = entry.name
        if entry.is_dir() and not entry.is_symlink() and name.startswith(STALE_PREFIXES):
            shutil.rmtree(entry, ignore_errors=True)
        elif name.startswith((MANIFEST + ".", JOURNAL + ".")) and ".tmp" in name and entry.is_file():
            entry.unlink(missing_ok=True)  # a temporary file of atomic_write from a killed run
