"""Shared pytest fixtures.

``browser``: one headless Chromium for the whole test session (see
``tests/browser.py``). When ``/usr/bin/chromium`` (or ``$CLUSTERGRAPH_CHROMIUM``)
is missing the browser tests FAIL with a hint to run
``sh tests/install-browser.sh``; set ``CLUSTERGRAPH_SKIP_BROWSER=1`` to skip
them instead.

``open_page``: opens a local HTML file in that browser, offline, and closes the
page at the end of the test. Example::

    def test_my_page(open_page, tmp_path):
        res = open_page(tmp_path / "page.html")
        assert not res.errors and not res.requests_blocked
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browser import CHROMIUM, Browser, chromium_available


def _hypothesis_storage_outside_the_repository() -> None:
    """hypothesis keeps its examples and constants in ``.hypothesis/`` of the working folder; keep
    them in the temporary folder instead (one per checkout), so the suite writes nothing into the
    repository. ``$HYPOTHESIS_STORAGE_DIRECTORY``, when set, wins."""
    if os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        return
    try:
        from hypothesis.configuration import set_hypothesis_home_dir
    except ImportError:  # pragma: no cover - hypothesis is a test dependency
        return
    import hashlib
    import tempfile

    root = str(Path(__file__).resolve().parents[1])
    set_hypothesis_home_dir(
        Path(tempfile.gettempdir()) / f"clustergraph-hypothesis-{hashlib.sha1(root.encode()).hexdigest()[:10]}"
    )


_hypothesis_storage_outside_the_repository()


@pytest.fixture(scope="session")
def browser():
    """A started :class:`browser.Browser`, shared by the whole session."""
    if os.environ.get("CLUSTERGRAPH_SKIP_BROWSER") == "1":
        pytest.skip("browser tests skipped (CLUSTERGRAPH_SKIP_BROWSER=1)")
    if not chromium_available():
        pytest.fail(
            f"{CHROMIUM} not found: run `sh tests/install-browser.sh` to install Debian's "
            "chromium (or set CLUSTERGRAPH_SKIP_BROWSER=1 to skip the browser tests).",
            pytrace=False,
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'", pytrace=False)
    b = Browser().start()
    yield b
    b.stop()


@pytest.fixture
def open_page(browser):
    """``open_page(path, **kwargs) -> PageResult``; pages are closed after the test."""
    opened = []

    def _open(path, **kwargs):
        res = browser.open(path, **kwargs)
        opened.append(res)
        return res

    yield _open
    for res in opened:
        res.close()


@pytest.fixture(autouse=True)
def _reset_clustergraph_logger():
    """Undo what an in-process CLI run does to the ``clustergraph`` logger (its terminal
    handler, level and ``propagate=False``), so ``caplog`` sees the notices in every order."""
    import logging

    yield
    log = logging.getLogger("clustergraph")
    for h in list(log.handlers):
        if not isinstance(h, logging.NullHandler):
            log.removeHandler(h)
    log.setLevel(logging.NOTSET)
    log.propagate = True
