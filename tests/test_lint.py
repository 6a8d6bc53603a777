"""Static checks run with the tests, so CI (which runs the README's test command) enforces them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

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


def test_mypy_accepts_the_facade_functions(tmp_path):
    """``clustergraph.metrics`` and ``clustergraph.report`` are plain functions to a type checker too."""
    program = (
        "import clustergraph\n"
        "import clustergraph.metrics.brokerage\n"
        "G = clustergraph.load('data/actors.csv', 'data/links.csv')\n"
        "from clustergraph.metrics import MetricsResult\n"
        "m: MetricsResult = clustergraph.metrics(G, seed=1)\n"
        "p = clustergraph.report(G, 'out/')\n"
        "reveal_type(p)\n"
    )
    config = tmp_path / "mypy.ini"  # the project's config names the package to check; this checks a user's script
    config.write_text("[mypy]\nignore_missing_imports = True\ncheck_untyped_defs = True\n", encoding="utf-8")
    res = _run("mypy", "--config-file", str(config), "--cache-dir", str(CACHE / "mypy-user"), "-c", program)
    assert res.returncode == 0, res.stdout + res.stderr
    assert 'Revealed type is "pathlib.Path"' in res.stdout


#: The package's own JavaScript (vendored minified libraries excluded).
OWN_JS = sorted(p for p in (ROOT / "clustergraph" / "maps" / "static").glob("*.js") if not p.name.endswith(".min.js"))


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("script", OWN_JS, ids=[p.name for p in OWN_JS])
def test_javascript_parses(script):
    """``node --check``: a syntax error in the map's JavaScript fails the suite (eslint needs the network
    to install, so the syntax check is the lint the suite can always run)."""
    res = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr


def test_javascript_files_are_found():
    assert {p.name for p in OWN_JS} >= {"explorer.js", "webgl.js"}
