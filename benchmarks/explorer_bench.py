"""First draw of the explorer on generated networks of the real shapes (issue 25).

Shapes (``tests/map_shapes.py``): ``regional`` (700 organisations in 12 regions, 200 isolates,
like Norway's H2020 beneficiaries), ``consortia`` (800 organisations in 26 consortia of up to
190 partners, ~38,600 links, like a CORDIS export), ``large`` (4,000 organisations).

For each shape and page (``community``: the default map; ``geo``: ``layout="geo"``; ``webgl``:
``renderer="webgl"``) the map is written (sized by degree, so that the Python side is the
map's, not the brokerage metric's) and opened in headless Chromium with the network blocked;
``first draw`` is ``performance.now()`` at the explorer's first drawn frame (from the start of
navigation: parsing the page, building the network, drawing it), as the page records it in
``cgMap.firstDraw``; ``wall`` is the seconds from ``goto`` until the page answers the test
driver after that frame (so it includes whatever the page still does after drawing).
``--pages-from DIR`` times pages already written there (e.g. by an older version).

Usage::

    python benchmarks/explorer_bench.py
    python benchmarks/explorer_bench.py --shapes consortia --pages community geo --repeat 3
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "tests"))

from browser import Browser, wait_until  # noqa: E402
from map_shapes import SHAPES  # noqa: E402

from clustergraph.maps import ecosystem_map  # noqa: E402


def open_timed(browser, path: Path) -> tuple[float, float | None]:
    """(seconds from ``goto`` until the page answers after its first drawn frame, the page's
    own ``cgMap.firstDraw`` in seconds); the browser context is made before the clock starts."""
    ctx = browser._browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = ctx.new_page()
    t0 = time.perf_counter()
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=300_000)
    wait_until(page, "window.cgMap && window.cgMap.drawn", 300_000)
    wall = time.perf_counter() - t0
    first = page.evaluate("() => cgMap.firstDraw || null")
    ctx.close()
    return wall, first / 1000 if first else None


PAGES = {"community": {}, "geo": {"layout": "geo"}, "webgl": {"renderer": "webgl"}}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=list(SHAPES))
    ap.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    ap.add_argument("--repeat", type=int, default=2, help="openings per page (the best is reported)")
    ap.add_argument("--pages-from", default=None, help="time DIR/<shape>-<page>.html instead of writing them")
    ap.add_argument("--out", default=None, help="folder for the pages (default: a temporary one)")
    args = ap.parse_args(argv)
    folder = Path(args.out or tempfile.mkdtemp(prefix="explorer-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    print("load average at start: " + " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)
    print(
        f"{'shape':>10} {'actors':>6} {'links':>6} {'page':>9} {'write s':>7} {'MB':>5} {'first draw s':>12} {'wall s':>6}"
    )
    browser = Browser().start()
    try:
        for shape in args.shapes:
            G = SHAPES[shape]()
            for page in args.pages:
                path = folder / f"{shape}-{page}.html"
                t0 = time.perf_counter()
                if args.pages_from:
                    path = Path(args.pages_from) / path.name
                else:
                    ecosystem_map(G, path, size_by="degree", **PAGES[page])
                write = time.perf_counter() - t0
                best_draw = best_wall = float("inf")
                for _ in range(args.repeat):
                    wall, first = open_timed(browser, path)
                    best_wall = min(best_wall, wall)
                    best_draw = min(best_draw, first if first else wall)
                print(
                    f"{shape:>10} {G.number_of_nodes():>6} {G.number_of_edges():>6} {page:>9} {write:7.1f} "
                    f"{path.stat().st_size / 1e6:5.1f} {best_draw:12.2f} {best_wall:6.2f}",
                    flush=True,
                )
    finally:
        browser.stop()
    print("load average at end: " + " ".join(f"{x:.1f}" for x in os.getloadavg()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
