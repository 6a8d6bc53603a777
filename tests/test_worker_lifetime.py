"""The second (betweenness) process never outlives its parent (issue 17, item 1).

A child Python process runs ``centrality`` with the two-process threshold lowered
and a worker task that reports its pid and then blocks forever; the test kills
the child (SIGKILL, SIGTERM, SIGINT) while it waits for the worker and checks,
with a bounded wait on a pidfd (no sleeps), that the worker is gone.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import importlib, os, threading
    import networkx as nx
    cmod = importlib.import_module("clustergraph.metrics.centrality")

    def blocking_worker(*args):
        print(os.getpid(), flush=True)
        threading.Event().wait()  # never returns: the parent is killed meanwhile

    cmod._PARALLEL_MIN_ACTORS = 10
    cmod._parallel_worker = blocking_worker
    cmod.centrality(nx.gnm_random_graph(60, 150, seed=1))
    """
)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open") or len(os.sched_getaffinity(0)) < 2,
    reason="Linux with pidfd_open and two CPUs (the second process is only used there)",
)


def _wait_gone(pid: int, deadline: float) -> bool:
    """True when process ``pid`` has ended within ``deadline`` seconds (pidfd readiness, no polling)."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        ready, _, _ = select.select([fd], [], [], deadline)
        return bool(ready)
    finally:
        os.close(fd)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_worker_dies_with_its_parent(sig):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    parent = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    worker = None
    try:
        line = parent.stdout.readline()  # the worker's pid, once it is running its task
        assert line.strip().isdigit(), f"no worker pid from the child (exit {parent.poll()})"
        worker = int(line)
        parent.send_signal(sig)
        parent.wait(timeout=30)
        assert _wait_gone(worker, 30.0), f"worker {worker} survived its parent ({sig.name})"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        if worker is not None and not _wait_gone(worker, 0):
            os.kill(worker, signal.SIGKILL)
