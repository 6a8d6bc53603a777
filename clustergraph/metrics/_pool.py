"""The second process of the centrality computations: started by fork, never outliving this one.

Betweenness is a sum over source actors (Brandes 2001), so a second process can take part
of the sources, or run another estimator beside this one
(:mod:`clustergraph.metrics._betweenness`). The second process never outlives the first:
it asks Linux to kill it when its parent dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, which
also covers a SIGKILL of the parent; elsewhere a thread watches the parent id), and an
interruption of the parent (Ctrl-C, a stop signal, an error) kills it first
(:func:`stop_pool`, :func:`finish`).
"""

# mypy: disable-error-code="union-attr"
from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: ``prctl`` option asking Linux to send a signal when the parent process dies.
_PR_SET_PDEATHSIG = 1

#: In the worker: set when it starts its task (see :func:`start_worker`).
_TASK_STARTED: Any = None


def cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True when a second process can help: two or more CPUs and the fork start method."""
    return cpus() >= 2 and "fork" in multiprocessing.get_all_start_methods()


def task_started() -> None:
    """Called first by a worker task: tells the parent the task has been handed over."""
    if _TASK_STARTED is not None:
        _TASK_STARTED.set()


def _die_with_parent(parent: int, started: Any = None) -> None:
    """Pool initializer: make the worker process end whenever ``parent`` ends, however it ends.

    On Linux the kernel sends SIGKILL to the worker when its parent dies (also by
    SIGKILL, where no handler of the parent can run): ``prctl(PR_SET_PDEATHSIG)``.
    Elsewhere (and as a second guard) a daemon thread polls the parent id once a
    second. A parent that died before this ran is noticed by the id check at once.
    SIGINT (Ctrl-C reaches the whole process group) is left to the parent, which
    stops the pool itself.
    """
    global _TASK_STARTED
    _TASK_STARTED = started
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the watchdog below remains
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # pragma: no cover - the parent is gone already
        os._exit(1)

    def watchdog() -> None:  # pragma: no cover - only runs when the parent dies without PDEATHSIG
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watchdog, name="clustergraph-parent-watchdog", daemon=True).start()


def start_worker(fn: Callable, *args: Any) -> tuple[concurrent.futures.ProcessPoolExecutor, Any] | None:
    """Run ``fn(*args)`` in a forked second process; ``(pool, future)``, or None when not possible."""
    if not can_fork():
        return None
    pool = None
    try:
        context = multiprocessing.get_context("fork")
        started = context.Event()
        pool = concurrent.futures.ProcessPoolExecutor(
            1, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(), started)
        )
        future = pool.submit(fn, *args)
        # The pool hands the task over from a thread of this process, which needs the GIL; igraph
        # holds it while it computes, so without this wait the worker only got its task once this
        # process had finished its own share (measured: 7.5 s instead of 4 s at 10,000 actors).
        started.wait(timeout=30)
        return pool, future
    except Exception:  # pragma: no cover - fall back to one process
        if pool is not None:
            stop_pool(pool)
        return None
    except BaseException:  # interrupted while starting: no orphan
        if pool is not None:
            stop_pool(pool)
        raise


#: The task :func:`start_forked` hands to the process it forks: set just before the fork (the
#: child inherits it, nothing is pickled), cleared right after.
_FORKED: tuple[Callable, tuple] | None = None


def _run_forked() -> Any:
    """Run in the forked process: the task :func:`start_forked` left in :data:`_FORKED`."""
    task_started()
    fn, args = _FORKED  # type: ignore[misc]
    return fn(*args)


def start_forked(fn: Callable, *args: Any) -> tuple[concurrent.futures.ProcessPoolExecutor, Any] | None:
    """:func:`start_worker` for arguments that are inherited by the fork instead of pickled.

    A graph of 100,000 actors takes seconds to pickle and as long again to unpickle; the forked
    process already has it. ``(pool, future)``, or None when no second process can be started;
    :func:`finish` collects the result.
    """
    global _FORKED
    _FORKED = (fn, args)
    try:
        return start_worker(_run_forked)
    finally:
        _FORKED = None


def stop_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill the pool's worker processes and shut it down without waiting for their work."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):  # already gone
            proc.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def finish(pending: tuple[concurrent.futures.ProcessPoolExecutor, Any], fallback: Callable[[], Any]) -> Any:
    """The worker's result, or ``fallback()`` computed here when the worker failed.

    Any interruption while waiting (Ctrl-C's KeyboardInterrupt, SystemExit from a
    SIGTERM handler) kills the worker before it propagates: no process outlives the run.
    """
    pool, future = pending
    try:
        result = future.result()
    except Exception:  # pragma: no cover - worker died: do its share here
        stop_pool(pool)
        return fallback()
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return result
