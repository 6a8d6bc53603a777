"""The ``clustergraph`` command group, its exit codes, its error and signal handling.

Exit codes: 0 success, 1 unexpected error (with a hint to report it; the
traceback with ``--verbose``), 2 bad input or usage, or an output that cannot be
written (full disk, no permission, folder busy), 128 + the signal number when
stopped by a signal: 130 Ctrl-C (SIGINT), 143 SIGTERM, 129 SIGHUP.

Stopping: a signal raises :class:`Interrupted` in the main thread, so every
``finally`` runs (temporary folders removed, the output folder left as it was)
and worker processes are terminated. Should the run not have ended
:data:`GRACE` seconds later (or on a second signal), a watchdog thread removes
the temporary folders, kills the workers and exits at once.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import multiprocessing
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import traceback
from pathlib import Path

import click

from .._version import __version__
from ..errors import InputError
from .console import err, install_log_handler, plain

#: Signals that stop a run, and the exit code each gives (128 + the signal number, as shells do).
STOP_SIGNALS: dict[int, int] = {
    sig: 128 + sig for sig in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if sig is not None
}
#: Seconds a stopped run has to clean up before the watchdog ends the process.
GRACE = 2.0
#: errno values that are the machine's state, not a bug: exit 2 with the path and the cause.
ENVIRONMENT_ERRNOS = {
    errno.ENOSPC: "free some space or write elsewhere with -o; earlier results were left as they were",
    errno.EDQUOT: "free some space (disk quota) or write elsewhere with -o; earlier results were left as they were",
    errno.EFBIG: "the file is larger than this file system allows; write elsewhere with -o",
    errno.EROFS: "the file system is read-only; write elsewhere with -o",
    errno.EACCES: "check the path and its permissions",
    errno.EPERM: "check the path and its permissions",
    errno.EMFILE: "too many open files; raise the limit (ulimit -n)",
    errno.ENFILE: "too many open files on this machine",
    errno.EIO: "the disk reported an input/output error",
}


class Interrupted(BaseException):
    """Raised in the main thread by a stop signal (a BaseException, so ``except Exception`` lets it through)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _signal_name(signum: int) -> str:
    with contextlib.suppress(ValueError):
        return signal.Signals(signum).name
    return f"signal {signum}"


def _stopped(signum: int, now: bool = False) -> None:
    """The message and exit code of a run stopped by a signal.

    ``now``: the cleanup is done; end the process without freeing every object
    of a large graph first (interpreter shutdown can take seconds).
    """
    with contextlib.suppress(Exception):
        err.print(
            f"Stopped by {_signal_name(signum)}: unfinished output discarded, earlier results kept.",
            style="red",
            markup=False,
            highlight=False,
        )
    code = STOP_SIGNALS.get(signum, 128 + signum)
    if now:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        _remove_mpl_dir()
        with contextlib.suppress(Exception):
            _reap_children()
        os._exit(code)
    sys.exit(code)


def _children() -> list[int]:
    """Process ids of this process's children (Linux: from /proc; elsewhere multiprocessing's)."""
    me, found = os.getpid(), []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    with open(f"/proc/{entry.name}/stat", "rb") as fh:
                        stat = fh.read()
                    if int(stat[stat.rindex(b")") + 2 :].split()[1]) == me:
                        found.append(int(entry.name))
    return found


def _stop_children(sig: int = signal.SIGTERM) -> None:
    """Terminate the worker processes (the betweenness worker, ...) so none outlives the run."""
    for proc in multiprocessing.active_children():
        with contextlib.suppress(Exception):
            os.kill(proc.pid, sig) if proc.pid else None
    for pid in _children():
        with contextlib.suppress(OSError):
            os.kill(pid, sig)


def _reap_children(timeout: float = 1.0) -> None:
    """Wait (bounded) until the terminated workers are gone; SIGKILL those still there after ``timeout``."""
    import time

    pids = set(_children())
    for then in (signal.SIGKILL, None):
        deadline = time.monotonic() + timeout
        while pids and time.monotonic() < deadline:
            for pid in list(pids):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:  # reaped elsewhere (multiprocessing)
                    done = pid
                if done:
                    pids.discard(pid)
            if pids:
                time.sleep(0.01)
        if not pids or then is None:
            return
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, then)


def _outdir_function(name: str):
    """A function of :mod:`clustergraph.export.outdir` if that module is fully imported, else None.

    A signal handler must not import: a signal arriving while a module is half
    imported (start-up, or a command's first lazy import) would find it
    partially initialised ("cannot import name 'defer_signal' from partially
    initialized module"). A module not yet imported has no publication under
    way and no temporary folder to remove, so there is nothing to defer or clean.
    """
    module = sys.modules.get("clustergraph.export.outdir")
    return getattr(module, name, None) if module is not None else None


def _on_signal(signum: int, frame) -> None:
    defer_signal = _outdir_function("defer_signal")
    if defer_signal is not None and defer_signal(signum):  # the final renames of a publication (milliseconds)
        return
    _stop_children()
    raise Interrupted(signum)


def _hard_exit(signum: int) -> None:
    """The watchdog's last resort: clean up from this thread and end the process now."""
    discard_active = _outdir_function("discard_active")
    with contextlib.suppress(Exception):
        if discard_active is not None:
            discard_active()
    with contextlib.suppress(Exception):
        _stop_children(signal.SIGKILL)
        _reap_children(0.5)
    _remove_mpl_dir()
    with contextlib.suppress(OSError):
        os.write(2, f"Stopped by {_signal_name(signum)}.\n".encode())
    os._exit(STOP_SIGNALS.get(signum, 128 + signum))


def _watch(sock: socket.socket, state: dict) -> None:
    """Watchdog thread: learns of each signal through the wakeup fd, even while the main thread is busy."""
    while True:
        try:
            data = sock.recv(64)
        except OSError:
            return
        if not data:
            return
        for signum in data:
            if signum not in STOP_SIGNALS:
                continue
            state["count"] += 1
            if state["count"] >= 2:  # a second Ctrl-C: do not wait
                _hard_exit(signum)
            timer = threading.Timer(GRACE, _hard_exit, (signum,))
            timer.daemon = True
            timer.start()
            state["timer"] = timer


_HANDLING = {"active": False}


def _reset_in_child() -> None:
    """A forked worker dies of a stop signal at once (no handler, no shared wakeup fd)."""
    if _HANDLING["active"]:
        with contextlib.suppress(ValueError, OSError):
            signal.set_wakeup_fd(-1)
        for sig in STOP_SIGNALS:
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_in_child)


@contextlib.contextmanager
def _signals_handled():
    """Install the stop-signal handlers and the watchdog for one run; restore the previous ones after."""
    if threading.current_thread() is not threading.main_thread() or _HANDLING["active"]:
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    state: dict = {"count": 0, "timer": None}
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    for sig in STOP_SIGNALS:
        signal.signal(sig, _on_signal)
    _HANDLING["active"] = True
    threading.Thread(target=_watch, args=(reader, state), name="clustergraph-signals", daemon=True).start()
    try:
        yield
    finally:
        _HANDLING["active"] = False
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        signal.set_wakeup_fd(old_fd)
        if state["timer"] is not None:
            state["timer"].cancel()
        writer.close()
        with contextlib.suppress(OSError):
            reader.shutdown(socket.SHUT_RDWR)
        reader.close()


_MPL_DIR: dict = {}


def _writable_dir(path: Path) -> bool:
    """``path`` is (or can be created as) a folder this process may write in."""
    while not path.exists():
        if path.parent == path:
            return False
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


def _matplotlib_home() -> None:
    """Point matplotlib's config and cache to a temporary folder when the home folder is not writable.

    Otherwise matplotlib warns about its own folders (a read-only home, a
    container, a locked-down server). Must run before matplotlib is imported.
    """
    if os.environ.get("MPLCONFIGDIR") or "matplotlib" in sys.modules:
        return
    try:
        home = Path.home()
    except (KeyError, RuntimeError):
        home = Path("/nonexistent")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "matplotlib"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "matplotlib"
    if _writable_dir(config) and _writable_dir(cache):
        return
    tmp = tempfile.mkdtemp(prefix="clustergraph-matplotlib-")
    os.environ["MPLCONFIGDIR"] = _MPL_DIR["path"] = tmp
    atexit.register(_remove_mpl_dir)


def _remove_mpl_dir() -> None:
    path = _MPL_DIR.pop("path", None)
    if path:
        shutil.rmtree(path, ignore_errors=True)


def _os_error_message(exc: OSError) -> str:
    """``cannot write <path>: <cause> (ENOSPC); <what to do>``."""
    where = exc.filename if exc.filename2 is None else f"{exc.filename} -> {exc.filename2}"
    code = errno.errorcode.get(exc.errno or 0, "")
    cause = f"{exc.strerror or exc}" + (f" ({code})" if code else "")
    hint = ENVIRONMENT_ERRNOS.get(
        exc.errno or 0, "check the path and its permissions (an output folder must not be an existing file)"
    )
    return f"cannot use {where}: {cause}; {hint}" if where is not None else f"{cause}; {hint}"


class _Group(click.Group):
    """Turns clustergraph's own errors into messages and exit codes."""

    def main(self, *args, **kwargs):
        """Run with the stop signals handled (exit 130/143/129, no traceback, no worker left)."""
        _matplotlib_home()
        with _signals_handled():
            try:
                return super().main(*args, **kwargs)
            except Interrupted as exc:
                # run as the program (no args given): exit at once; called from Python (tests): SystemExit
                _stopped(exc.signum, now=not args and kwargs.get("args") is None)
            finally:
                outdir = sys.modules.get("clustergraph.export.outdir")
                if outdir is not None:
                    outdir.clear_inputs()

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            err.print(plain(exc.args[0] if exc.args else str(exc)), style="red", markup=False, highlight=False)
            sys.exit(2)
        except KeyboardInterrupt:  # SIGINT without our handler (not the main thread)
            _stopped(signal.SIGINT)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except OSError as exc:
            if exc.filename is None and exc.errno not in ENVIRONMENT_ERRNOS:
                raise
            # a path the user gave cannot be read or written: a file where a folder should be,
            # no permission, a full disk. Their problem to fix, not a bug: exit 2.
            err.print(plain(_os_error_message(exc)), style="red", markup=False, highlight=False)
            sys.exit(2)
        except Exception as exc:  # unexpected: short message, traceback only with --verbose
            if ctx.obj and ctx.obj.get("verbose"):
                traceback.print_exc()
            err.print(plain(f"Unexpected error: {type(exc).__name__}: {exc}"), style="red", markup=False)
            err.print(
                "This is a bug in clustergraph; please report it with the command you ran"
                " (run again with --verbose for the traceback).",
                markup=False,
            )
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clustergraph")
@click.option("--verbose", is_flag=True, help="Show the traceback of unexpected errors.")
@click.option(
    "--wait",
    "wait",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="How long to wait when another run is writing into the same output folder "
    "(default 10), before stopping with exit code 2.",
)
@click.pass_context
def main(ctx: click.Context, verbose: bool, wait: float | None) -> None:
    """Map the stakeholder network of an industrial cluster.

    \b
    Example:
      clustergraph validate data/actors.csv data/links.csv
    """
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose
    if wait is not None:
        from ..export import outdir

        outdir.LOCK_WAIT = wait
    install_log_handler(verbose=verbose)
