"""Static checks run with the tests, so CI (which runs the README's test command) enforces them."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the linters' caches live in the temporary folder, not in the repository (one per checkout)
CACHE = Path(tempfile.gettempdir()) / f"clustergraph-lint-{hashlib.sha1(str(ROOT).encode()).hexdigest()[:10]}"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check():
    res = _run("ruff", "check", "--cache-dir", str(CACHE / "ruff"), ".")
    assert res.returncode == 0, res.stdout + res.stderr


def test_ruff_format():
    res = _run("ruff", "format", "--check", "--cache-dir", str(CACHE / "ruff"), ".")
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy():
    res = _run("mypy", "--cache-dir", str(CACHE / "mypy"))
    assert res.returncode == 0, res.stdout + res.stderr
