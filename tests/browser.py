"""Open local HTML files in headless Debian Chromium, offline, and inspect them.

A small reusable helper for the browser tests (maps, reports). It drives
``/usr/bin/chromium`` through playwright with networking switched off:

- Chromium is started with the flags that stop its background traffic
  (``--disable-background-networking`` ...); playwright's ``launch`` gives it a
  fresh temporary profile (user-data-dir) every time and removes it on close;
- every request whose URL is not ``file://``, ``data:``, ``blob:`` or
  ``about:`` is aborted and recorded in :attr:`PageResult.requests_blocked`;
- console errors, uncaught page errors and dialogs (``alert`` ...) are recorded;
  dialogs are dismissed so a page cannot hang the test.

Example
-------
>>> with Browser() as b:                                   # doctest: +SKIP
...     res = b.open("output/map.html")
...     assert not res.errors and not res.dialogs
...     assert res.vis_node_count() == 190
...     res.screenshot("output/map.png")
...     res.close()
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

#: Debian's Chromium; the environment variable CLUSTERGRAPH_CHROMIUM may point elsewhere.
CHROMIUM = os.environ.get("CLUSTERGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

# JavaScript run in the page: the vis DataSet of nodes, whichever way the page exposes it.
_JS_VIS_NODES = """() => {
  const w = window;
  if (w.cgMap && w.cgMap.nodes) return w.cgMap.nodes.length;
  if (w.network && w.network.body && w.network.body.data) return w.network.body.data.nodes.length;
  if (w.nodes && typeof w.nodes.length === 'number') return w.nodes.length;
  return -1;
}"""

# Count canvas pixels that are neither transparent nor (near) white.
_JS_CANVAS_INK = """(selector) => {
  let total = 0;
  for (const c of document.querySelectorAll(selector)) {
    if (!c.width || !c.height) continue;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) total++;
    }
  }
  return total;
}"""


def chromium_available() -> bool:
    """True when Debian's Chromium is installed at :data:`CHROMIUM`."""
    return Path(CHROMIUM).exists()


@dataclass
class PageResult:
    """An opened page and what happened while it loaded."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests_blocked: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Console errors and uncaught exceptions together."""
        return self.console_errors + self.page_errors

    def evaluate(self, js: str, arg=None):
        """Run ``js`` (a function expression) in the page and return its value."""
        return self.page.evaluate(js, arg)

    def vis_node_count(self) -> int:
        """Number of nodes in the page's vis-network data (-1 when there is none)."""
        return self.page.evaluate(_JS_VIS_NODES)

    def canvas_ink(self, selector: str = "canvas") -> int:
        """Number of drawn (non-white, non-transparent) pixels in the page's canvases."""
        return self.page.evaluate(_JS_CANVAS_INK, selector)

    def wait_for_canvas(self, selector: str = "canvas", timeout_ms: int = 20_000) -> int:
        """Wait until some canvas matching ``selector`` has drawn pixels; return their count."""
        wait_until(self.page, f"({_JS_CANVAS_INK})({selector!r}) > 0", timeout_ms)
        return self.canvas_ink(selector)

    def text(self, selector: str = "body") -> str:
        """The visible text of the first element matching ``selector``."""
        return self.page.inner_text(selector)

    def screenshot(self, path: str | Path, full_page: bool = False) -> Path:
        """Save a PNG screenshot of the page to ``path`` (folders created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def close(self) -> None:
        """Close the page's browser context."""
        self.page.context.close()


class Browser:
    """One headless Chromium (reuse it for many pages); use as a context manager."""

    def __init__(self, executable: str = CHROMIUM, extra_args: list[str] | None = None):
        self.executable = executable
        self.extra_args = list(extra_args or [])
        self._pw = None
        self._browser = None

    def start(self) -> Browser:
        """Launch Chromium (playwright gives it a fresh temporary profile)."""
        from playwright.sync_api import sync_playwright

        if not Path(self.executable).exists():
            raise RuntimeError(f"{self.executable} not found: run sh tests/install-browser.sh")
        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(
            executable_path=self.executable, headless=True, args=CHROMIUM_ARGS + self.extra_args
        )
        return self

    def stop(self) -> None:
        """Close Chromium (its temporary profile is removed)."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._pw is not None:
            self._pw.stop()
            self._pw = None

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def open(
        self,
        path: str | Path,
        width: int = 1400,
        height: int = 900,
        wait_until: str = "load",
        timeout_ms: int = 30_000,
        allow: tuple[str, ...] = (),
    ) -> PageResult:
        """Open the local file ``path`` in a new, offline context; return a :class:`PageResult`.

        ``path`` may also be a URL starting with one of ``allow`` (e.g. the local app's
        ``http://127.0.0.1:PORT/``): requests to those prefixes go through, all others are blocked.
        """
        if self._browser is None:
            self.start()
        context = self._browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
        page = context.new_page()
        res = PageResult(page)

        def route(r):
            url = r.request.url
            if url.startswith(_LOCAL_SCHEMES) or (allow and url.startswith(allow)):
                r.continue_()
            else:
                res.requests_blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page.on("console", lambda m: res.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: res.page_errors.append(str(e)))

        def on_dialog(d):
            res.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)
        url = path if isinstance(path, str) and allow and path.startswith(allow) else Path(path).resolve().as_uri()
        page.goto(url, wait_until=wait_until, timeout=timeout_ms)
        return res


def wait_until(page, expression: str, timeout_ms: int = 30_000) -> None:
    """Poll ``expression`` in ``page`` until it is truthy (bounded by ``timeout_ms``).

    Playwright's ``wait_for_function`` compiles its predicate inside the page, which a
    page whose Content-Security-Policy forbids ``eval`` (every clustergraph page) may
    refuse; ``page.evaluate`` goes through the debugger protocol and is not subject to it.
    """
    import time

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if page.evaluate(f"() => Boolean({expression})"):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"page never satisfied {expression!r} within {timeout_ms} ms")
        page.wait_for_timeout(25)
