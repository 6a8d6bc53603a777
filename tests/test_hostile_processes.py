"""Killed, interrupted and concurrent runs (issue 17, items 1, 2 and 11).

Each case runs ``clustergraph`` in a subprocess. To stop it at a known point
without timing guesses, the child is started through :data:`CHILD`, which
patches one function to write a marker file and then block: the test polls for
the marker (bounded deadline), sends the signal, and checks:

- SIGTERM / SIGINT: exit 143 / 130 within seconds, a one-line message, no
  traceback, the previous folder byte for byte, no temporary folder, no process left;
- SIGKILL: the previous folder byte for byte; the next run removes the leftovers;
- SIGKILL in the middle of the final moves: the next run (or ``recover``) completes
  the publication, so the folder holds the new run's complete set;
- two runs into one folder: the second waits, then exits 2 naming the other process;
- ``--seed`` any integer on every seeded command: exit 0.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.export.outdir import JOURNAL, MANIFEST, manifest_files, recover
from clustergraph.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 120.0  # seconds: generous bound for a busy machine; the polls return as soon as the state is reached

#: Run the CLI with one function patched to block at a known point (CG_BLOCK) after writing CG_READY.
CHILD = r"""
import os, sys, time
from pathlib import Path

def ready_then_block():
    Path(os.environ["CG_READY"]).write_text(str(os.getpid()))
    while True:
        time.sleep(0.01)

import clustergraph.export.outdir as od
mode = os.environ["CG_BLOCK"]
if mode == "staged":            # everything written into the temporary folder, nothing published
    od.OutputFolder.publish = lambda self: ready_then_block()
elif mode == "publishing":      # killed in the middle of the final moves
    real_apply = od._apply
    def _apply(outdir, journal):
        tmp = outdir / journal["tmp"]
        for f in journal["files"][:2]:
            os.replace(tmp / f, outdir / f)
        ready_then_block()
    od._apply = _apply
elif mode == "worker":          # metrics with the betweenness worker process running
    import importlib
    c = importlib.import_module("clustergraph.metrics.centrality")
    c._PARALLEL_MIN_ACTORS = 10
    def _parallel_worker(*args, **kwargs):
        ready_then_block()
    _parallel_worker.__module__ = c.__name__  # picklable by name for the worker
    c._parallel_worker = _parallel_worker

from clustergraph.cli import main
main(prog_name="clustergraph")
"""


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    actors, links = generate(60, n_regions=2, seed=1)
    actors.to_csv(folder / "actors.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    return folder / "actors.csv", folder / "links.csv"


def _env(**extra) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    env.pop("COLUMNS", None)
    return env


def _start(args, tmp_path, block: str | None = None) -> tuple[subprocess.Popen, Path]:
    ready = tmp_path / f"ready-{time.monotonic_ns()}"
    cmd = [sys.executable, "-c", CHILD, *map(str, args)] if block else [sys.executable, "-m", "clustergraph", *args]
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=_env(CG_BLOCK=block or "", CG_READY=str(ready)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, ready


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    end = time.monotonic() + DEADLINE
    while not path.exists():
        if proc.poll() is not None:
            out, errs = proc.communicate()
            pytest.fail(f"the run ended (exit {proc.returncode}) before reaching the test point:\n{errs}")
        assert time.monotonic() < end, "the run never reached the test point"
        time.sleep(0.01)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            if int(stat[stat.rindex(b")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return False
    return stat[stat.rindex(b")") + 2 :][:1] != b"Z"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _visible(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def _report(inputs, out, *extra):
    res = CliRunner().invoke(main, ["report", *map(str, inputs), "-o", str(out), *extra])
    assert res.exit_code == 0, res.output
    return _files(out)


@pytest.fixture(scope="module")
def previous(inputs, tmp_path_factory):
    """A complete report folder of an earlier run (copied per test)."""
    out = tmp_path_factory.mktemp("previous") / "out"
    return _report(inputs, out, "--title", "Earlier run")


def _restore(files: dict[str, bytes], folder: Path) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130), (signal.SIGHUP, 129)])
def test_signal_mid_report_stops_fast_and_leaves_the_previous_folder(inputs, previous, tmp_path, sig, code):
    out = _restore(previous, tmp_path / "out")
    proc, ready = _start(["report", *inputs, "-o", out, "--title", "Killed run"], tmp_path, block="staged")
    _wait_for(ready, proc)
    assert any(out.glob(".clustergraph-tmp-*/*")), "the run has staged files"
    kids = _children(proc.pid)
    sent = time.monotonic()
    proc.send_signal(sig)
    _, errs = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == code, errs
    assert time.monotonic() - sent < 10  # in practice well under a second
    assert f"Stopped by {sig.name}" in errs and "Traceback" not in errs
    assert _files(out) == previous  # the earlier run, byte for byte; no temporary folder, no lock
    assert not [k for k in kids if _alive(k)]


def test_sigkill_mid_report_leaves_the_previous_folder_and_the_next_run_cleans_up(inputs, previous, tmp_path):
    out = _restore(previous, tmp_path / "out")
    proc, ready = _start(["report", *inputs, "-o", out], tmp_path, block="staged")
    _wait_for(ready, proc)
    proc.kill()
    proc.communicate(timeout=DEADLINE)
    left = _files(out)
    staged = {k for k in left if k.startswith(".clustergraph-tmp-")}
    assert staged  # the killed run's staging folder ...
    assert {k: v for k, v in left.items() if k not in staged and k != ".clustergraph.lock"} == previous
    recover(out)
    assert _files(out) == previous  # ... is removed by the next run into the folder


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_kill_during_the_final_moves_is_completed_by_the_next_run(inputs, previous, tmp_path, sig):
    out = _restore(previous, tmp_path / "out")
    proc, ready = _start(
        ["report", *inputs, "-o", out, "--title", "Newer run", "--region", "R000"], tmp_path, "publishing"
    )
    _wait_for(ready, proc)
    sent = time.monotonic()
    proc.send_signal(sig)
    _, errs = proc.communicate(timeout=DEADLINE)
    if sig == signal.SIGTERM:  # deferred while renaming; here the renames hang, so the watchdog ends the run
        assert proc.returncode == 143 and "Traceback" not in errs, errs
        assert time.monotonic() - sent < 10
    assert (out / JOURNAL).exists()  # killed mid-publication
    recover(out)  # what the next run into the folder does first
    assert not (out / JOURNAL).exists() and not list(out.glob(".clustergraph-tmp-*"))
    listed = set(manifest_files(out))
    assert _visible(out) == listed  # the new run's set, and only it: the other region's map went
    assert "Newer run" in (out / "report.html").read_text(encoding="utf-8")
    assert (out / "findings.txt").read_text(encoding="utf-8").startswith("Newer run")
    assert "map-r001.html" not in listed and "map-r001.html" in previous


def test_sigterm_stops_the_betweenness_worker_too(inputs, tmp_path):
    proc, ready = _start(["metrics", *inputs, "-o", tmp_path / "m", "--exact"], tmp_path, block="worker")
    _wait_for(ready, proc)  # written by the worker process
    worker = int(ready.read_text())
    assert worker != proc.pid and _alive(worker)
    proc.send_signal(signal.SIGTERM)
    _, errs = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 143 and "Traceback" not in errs, errs
    end = time.monotonic() + DEADLINE
    while _alive(worker):
        assert time.monotonic() < end, "the worker outlived its parent"
        time.sleep(0.01)
    assert not list((tmp_path / "m").glob(".clustergraph-*")) if (tmp_path / "m").exists() else True


def test_a_second_run_into_a_busy_folder_waits_then_exits_2(inputs, previous, tmp_path):
    out = _restore(previous, tmp_path / "out")
    first, ready = _start(["report", *inputs, "-o", out, "--title", "First"], tmp_path, block="staged")
    _wait_for(ready, first)
    second = subprocess.run(
        [sys.executable, "-m", "clustergraph", "--wait", "0.2", "report", *map(str, inputs), "-o", str(out)],
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=DEADLINE,
    )  # fmt: skip
    assert second.returncode == 2, second.stderr
    assert f"another clustergraph run (process {first.pid}) is writing into" in second.stderr
    assert "--wait" in second.stderr and "Traceback" not in second.stderr
    first.terminate()
    first.communicate(timeout=DEADLINE)
    assert _files(out) == previous
    _report(inputs, out, "--title", "After")  # the lock of the stopped run is gone
    assert "After" in (out / "report.html").read_text(encoding="utf-8")


def test_two_report_runs_at_once_leave_one_complete_set(inputs, tmp_path):
    out = tmp_path / "out"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "clustergraph",
                "--wait",
                "600",
                "report",
                *map(str, inputs),
                "-o",
                str(out),
                "--title",
                f"Run {i}",
                *(["--region", "R001"] if i else []),
            ],
            cwd=ROOT,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for i in range(2)
    ]
    for proc in runs:
        _, errs = proc.communicate(timeout=DEADLINE * 2)
        assert proc.returncode == 0, errs
    listed = set(manifest_files(out, "report"))
    assert _visible(out) == listed and (out / "report.html").exists()
    title = (out / "findings.txt").read_text(encoding="utf-8").splitlines()[0]
    assert title in ("Run 0", "Run 1") and title in (out / "report.html").read_text(encoding="utf-8")
    assert ("map-r000.html" in listed) == (title == "Run 0")  # only the whole-network run writes every region's map
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != MANIFEST]


SEEDED = {
    "report": lambda a, out: ["report", *a, "-o", out],
    "metrics": lambda a, out: ["metrics", *a, "-o", out, "--format", "csv"],
    "gaps": lambda a, out: ["gaps", *a, "-o", out],
    "map": lambda a, out: ["map", *a, "-o", out],
    "whatif": lambda a, out: ["whatif", *a, "--add", "A000000,A000002"],
    "synthetic": lambda a, out: ["synthetic", out, "--actors", "30"],
}


def test_every_seeded_command_is_covered():
    seeded = {name for name, cmd in main.commands.items() if any(p.name == "seed" for p in cmd.params)}
    assert seeded == set(SEEDED)


@pytest.mark.parametrize("seed", ["-1", "99999999999", "4294967296"])
@pytest.mark.parametrize("command", sorted(SEEDED))
def test_any_integer_seed_is_accepted(inputs, tmp_path, command, seed):
    args = [str(x) for x in SEEDED[command](inputs, tmp_path / "out")]
    res = CliRunner().invoke(main, [*args, "--seed", seed])
    assert res.exit_code == 0, res.output


def test_output_piped_into_head_still_writes_the_files(inputs, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "clustergraph", "metrics", *map(str, inputs), "-o", str(out), "--top", "60"],
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does
    errs = proc.stderr.read() if proc.stderr else ""
    proc.wait(timeout=DEADLINE)
    assert proc.returncode == 0 and "Traceback" not in errs, errs
    assert "actors_metrics.csv" in manifest_files(out, "metrics")
