"""Stop signals during start-up (issue 27): a signal that finds a module half imported.

The signal handler used to import ``defer_signal`` from ``clustergraph.export.outdir``;
a SIGTERM arriving while that module was being imported (a command's first lazy
import) failed with "ImportError: cannot import name 'defer_signal' from partially
initialized module". The handler now imports nothing. The test makes the signal
arrive exactly then: an import hook sends it from inside the module's import.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest

from clustergraph.cli import app

ROOT = Path(__file__).resolve().parent.parent

HOOK = """
import importlib.util, os, signal, sys

TARGET = {target!r}

class Hook:
    def find_spec(self, name, path=None, target=None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        real = spec.loader.exec_module

        def exec_module(module):  # the module is in sys.modules and still empty
            os.kill(os.getpid(), signal.{sig})
            real(module)

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, Hook())
from clustergraph.cli import main
main({args!r})
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signals")
    (folder / "a.csv").write_text("id,name,type,region\nF1,Firm,firm,R\nV1,School,vet,R\n", encoding="utf-8")
    (folder / "l.csv").write_text("source,target\nF1,V1\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "target, command, sig",
    [
        ("clustergraph.export.outdir", "gaps", "SIGTERM"),  # imported by the command's first step
        ("clustergraph.export.outdir", "gaps", "SIGINT"),
        ("clustergraph.metrics", "metrics", "SIGTERM"),  # a stage imported lazily by the command
        ("clustergraph.report.build", "report", "SIGHUP"),
    ],
)
def test_a_signal_while_a_module_is_half_imported_stops_cleanly(inputs, tmp_path, target, command, sig):
    out = tmp_path / "out"
    args = [command, str(inputs / "a.csv"), str(inputs / "l.csv"), "-o", str(out)]
    code = HOOK.format(target=target, sig=sig, args=args)
    res = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    signum = getattr(signal, sig)
    assert res.returncode == 128 + signum, (res.returncode, res.stderr)
    assert f"Stopped by {sig}" in res.stderr, res.stderr
    assert "ImportError" not in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert not out.exists() or not any(p.name.startswith(".clustergraph-tmp-") for p in out.iterdir())


def test_the_handler_imports_nothing(monkeypatch):
    """A half-imported ``outdir`` (no ``defer_signal`` yet): the handler stops the run, no ImportError."""
    monkeypatch.setitem(sys.modules, "clustergraph.export.outdir", types.ModuleType("clustergraph.export.outdir"))
    # the handler terminates every child process: in pytest those are the shared browser's (playwright's
    # driver and Chromium), so keep them out of it here
    stopped = []
    monkeypatch.setattr(app, "_stop_children", lambda *a: stopped.append(a))
    with pytest.raises(app.Interrupted) as info:
        app._on_signal(signal.SIGTERM, None)
    assert info.value.signum == signal.SIGTERM
    assert stopped == [()]  # the workers were told to stop
