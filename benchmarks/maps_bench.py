"""Measure ``clustergraph.maps``: layout quality, time to write a map, time to first draw.

For each size N: ``generate(N, links_per_actor=5, seed=1)`` (about 4.8 links per
actor after merging repeated pairs), then

- layout: seconds of :func:`clustergraph.maps.layout.positions` and its
  :func:`~clustergraph.maps.layout.quality` figures (intra/inter community
  link-length ratio, share of overlapping node pairs, isolated actors inside the
  hull of the linked ones);
- write: seconds and MB of the full map sized by degree (``size_by="degree"``:
  the default brokerage adds the metric's own cost, timed separately in
  ``benchmarks/run.py``);
- with ``--browser``: seconds from opening the page in headless Chromium
  (network blocked) to its first drawn frame; for maps that open on the
  region x type groups also the seconds to draw all actors after
  "show all actors", and the longest frame while panning all actors;
- the same for the WebGL page (``renderer="webgl"``, sigma.js): write, first
  draw of all actors, slowest pan frame (camera move, render and a 1-pixel read
  back that waits for the GPU, here Chromium's software renderer SwiftShader).

Usage::

    python benchmarks/maps_bench.py                      # 2000 and 20000 actors
    python benchmarks/maps_bench.py --sizes 2000 --browser
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from clustergraph.graph import build_graph
from clustergraph.maps import ecosystem_map
from clustergraph.maps.layout import positions, quality
from clustergraph.synthetic import generate

_DRAW_ALL = """() => {
  const t0 = performance.now();
  cgMap.toActors();
  cgMap.network.redraw();
  return (performance.now() - t0) / 1000;
}"""

_PAN = """() => new Promise((done) => {
  const net = cgMap.network; let worst = 0, k = 0;
  function step() {
    const t0 = performance.now();
    net.moveTo({position: {x: (k % 10) * 40, y: 0}, animation: false});
    net.redraw();
    worst = Math.max(worst, performance.now() - t0);
    if (++k < 10) { requestAnimationFrame(step); } else { done(worst / 1000); }
  }
  requestAnimationFrame(step);
})"""


_PAN_GL = """() => new Promise((done) => {
  const s = cgMap.network.sigma, cam = s.getCamera(); let worst = 0, k = 0;
  const layer = s.getCanvases().nodes, gl = layer.getContext('webgl2') || layer.getContext('webgl');
  const px = new Uint8Array(4);
  function step() {
    const t0 = performance.now();
    cam.setState({x: 0.45 + (k % 10) * 0.01, y: 0.5});
    s.render ? s.render() : s.refresh();
    if (gl) { gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); }
    worst = Math.max(worst, performance.now() - t0);
    if (++k < 10) { requestAnimationFrame(step); } else { done(worst / 1000); }
  }
  requestAnimationFrame(step);
})"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    ap.add_argument("--browser", action="store_true", help="also time the first draw in headless Chromium")
    ap.add_argument("--renderer", choices=["vis", "webgl", "both"], default="both", help="which pages to time")
    args = ap.parse_args(argv)
    browser = None
    if args.browser:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from browser import Browser

        browser = Browser().start()
    folder = Path(tempfile.mkdtemp(prefix="maps-bench-"))
    print(
        f"{'actors':>7} {'links':>7} {'layout s':>8} {'ratio':>6} {'overlap':>8} {'iso in':>6} "
        f"{'write s':>8} {'MB':>6} {'draw s':>7} {'all s':>6} {'pan s':>6}  renderer"
    )
    try:
        for n in args.sizes:
            G = build_graph(*generate(n, links_per_actor=5, seed=1))
            t0 = time.perf_counter()
            pos = positions(G, seed=0)
            lay = time.perf_counter() - t0
            q = quality(G, pos)
            renderers = ["vis", "webgl"] if args.renderer == "both" else [args.renderer]
            for renderer in renderers:
                path = folder / f"map-{n}-{renderer}.html"
                t0 = time.perf_counter()
                ecosystem_map(G, path, size_by="degree", renderer=renderer)
                write = time.perf_counter() - t0
                draw = every = pan = ""
                if browser is not None:
                    t0 = time.perf_counter()
                    res = browser.open(path, timeout_ms=300_000)
                    res.page.wait_for_function("window.cgMap && window.cgMap.drawn", timeout=300_000)
                    draw = f"{time.perf_counter() - t0:7.1f}"
                    if res.evaluate("() => cgMap.counts().mode") == "groups":
                        every = f"{res.page.evaluate(_DRAW_ALL):6.1f}"
                    pan = f"{res.page.evaluate(_PAN_GL if renderer == 'webgl' else _PAN):6.2f}"
                    res.close()
                print(
                    f"{n:>7} {G.number_of_edges():>7} {lay:8.1f} {q['length_ratio']:6.3f} "
                    f"{q['overlap_share']:8.5f} {q['isolates_inside_hull']:>6} {write:8.1f} "
                    f"{path.stat().st_size / 1e6:6.1f} {draw:>7} {every:>6} {pan:>6}  {renderer}",
                    flush=True,
                )
    finally:
        if browser is not None:
            browser.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
