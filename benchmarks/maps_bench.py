"""Time ``clustergraph.maps.ecosystem_map`` on generated ecosystems.

For each size N: build ``generate(N, links_per_actor=5, seed=1)``, then write
the full map sized by degree, the full map sized by brokerage (the default:
includes computing Gould-Fernandez brokerage), and the region-type aggregate.
Reports seconds and file size. With ``--browser``, also times opening each page
in headless Chromium until the network canvas is drawn (tests/browser.py).

Usage::

    python benchmarks/maps_bench.py                  # 1000 2000 5000 actors
    python benchmarks/maps_bench.py --sizes 5000 10000 --browser
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from clustergraph.graph import build_graph
from clustergraph.maps import ecosystem_map
from clustergraph.synthetic import generate


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 5000])
    ap.add_argument("--browser", action="store_true", help="also time loading in headless Chromium")
    args = ap.parse_args(argv)
    browser = None
    if args.browser:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from browser import Browser

        browser = Browser().start()
    folder = Path(tempfile.mkdtemp(prefix="maps-bench-"))
    print(f"{'actors':>7} {'links':>7} {'map':<22} {'write s':>8} {'MB':>6} {'load s':>7}")
    try:
        for n in args.sizes:
            G = build_graph(*generate(n, links_per_actor=5, seed=1))
            for label, kwargs in (
                ("full, size=degree", {"size_by": "degree"}),
                ("full, size=brokerage", {}),
                ("aggregate region-type", {"aggregate": "region-type"}),
            ):
                path = folder / f"{n}-{label.replace(' ', '_').replace(',', '')}.html"
                t0 = time.perf_counter()
                ecosystem_map(G, path, **kwargs)
                write = time.perf_counter() - t0
                load = ""
                if browser is not None:
                    t0 = time.perf_counter()
                    res = browser.open(path, timeout_ms=120_000)
                    res.wait_for_canvas("#mynetwork canvas", timeout_ms=120_000)
                    load = f"{time.perf_counter() - t0:7.1f}"
                    res.close()
                print(
                    f"{n:>7} {G.number_of_edges():>7} {label:<22} {write:8.1f} "
                    f"{path.stat().st_size / 1e6:6.1f} {load:>7}",
                    flush=True,
                )
    finally:
        if browser is not None:
            browser.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
