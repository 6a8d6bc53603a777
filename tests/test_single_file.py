"""The single-file report (``report --single-file``, issue 25): one HTML file for e-mail with the map inside.

- report.html keeps its strict policy (``script-src 'none'``); report_single.html allows exactly the
  SHA-256 hashes of the inline scripts of the map it embeds in an ``<iframe srcdoc>`` (a srcdoc frame
  inherits the page's policy), and the map draws there in headless Chromium with the network blocked;
- files that are not inside are named, not linked, and say so in place;
- over its size budget the map inside is grouped, then left out, and the page says which and why.
"""

from __future__ import annotations

import html
import re

import pytest

from clustergraph.graph import build_graph
from clustergraph.maps.offline import inline_script_hashes
from clustergraph.report import build_report
from clustergraph.report.single_file import (
    REPORT_CSP,
    SINGLE_FILE,
    embed,
    single_file_csp,
    single_file_page,
    srcdoc_attribute,
)
from clustergraph.synthetic import generate

_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    actors, links = generate(40, seed=4)
    actors.loc[3, "name"] = 'O\'Brien & "Sons" </script><b>'  # both quotes, an ampersand, a closing tag
    out = tmp_path_factory.mktemp("single")
    build_report(build_graph(actors, links), out, single_file=True)
    return out


def _frame_page(single: str) -> str:
    m = re.search(r"<iframe [^>]*srcdoc=(['\"])(.*?)\1></iframe>", single, re.DOTALL)
    assert m, "no map frame"
    return html.unescape(m.group(2))


def test_report_keeps_its_policy_and_the_single_file_allows_exactly_the_map_scripts(folder):
    report = (folder / "report.html").read_text(encoding="utf-8")
    single = (folder / SINGLE_FILE).read_text(encoding="utf-8")
    assert _CSP.findall(report) == [REPORT_CSP] and "script-src 'none'" in REPORT_CSP
    assert "<iframe" not in report and "<script" not in report
    page = _frame_page(single)
    hashes = inline_script_hashes(page)
    assert len(hashes) >= 2  # vis-network and the explorer at least
    assert _CSP.findall(single.split("<iframe")[0]) == [single_file_csp(hashes)]
    assert "'unsafe-inline'" not in single_file_csp(hashes).split("script-src")[1]
    # the page around the frame has no script of its own; the frame's page holds the escaped name once
    assert "<script" not in single.split("<iframe")[0] and "<script" not in single.split("</iframe>")[1]
    assert "O'Brien" in page and "</script><b>" not in page.split('id="cg-data">')[1].split("</script>")[0]
    # report.html lists the single file among its outputs; the single file does not link to any file
    assert f'href="{SINGLE_FILE}"' in report
    targets = re.findall(r'href="([^"]*)"', single.split("<iframe")[0] + single.split("</iframe>")[1])
    assert targets and all(t.startswith("#") for t in targets), targets
    assert single.count("(in the report folder, not inside this file)") >= 10
    assert "The interactive map above holds all 40 actors" in single


def test_srcdoc_attribute_round_trips_any_page():
    for page in ['<p a="1">x &amp; y</p>', "<p a='1'>it's</p>", "'\"&&#39;"]:
        attr = srcdoc_attribute(page)
        quote = attr[len("srcdoc=")]
        body = attr[len("srcdoc=") + 1 : -1]
        assert quote not in body and html.unescape(body) == page


def test_over_budget_the_map_is_grouped_then_left_out_and_the_page_says_so():
    full, grouped = "<script>full()</script>" + "x" * 5000, "<script>grouped()</script>" + "y" * 500

    def render(single):
        return f'<meta content="{single.csp}"><p>{single.note}</p>{single.frame or ""}'

    def calls(budget):
        return single_file_page(render, lambda: full, lambda: grouped, actors=7, links=9, budget=budget)

    a, b, c = calls(100_000), calls(2_000), calls(200)
    assert (a.kind, b.kind, c.kind) == ("full", "grouped", "none")
    assert a.size <= 100_000 and b.size <= 2_000 and "full()" in a.html and "grouped()" in b.html
    assert inline_script_hashes(grouped)[0] in b.html and inline_script_hashes(full)[0] not in b.html
    assert "grouped by region and actor type" in b.html and "over its 0.0 MB budget" in b.html
    assert "not inside this file" in c.html and "<iframe" not in c.html and "script-src 'none'" in c.html
    assert "over its" in c.description or "without the interactive map" in c.description
    assert embed(None, "none", "n").frame is None


@pytest.mark.browser
def test_the_map_inside_draws_offline_with_no_error(folder, open_page):
    from browser import wait_until

    res = open_page(folder / SINGLE_FILE)
    res.page.locator("iframe.map-frame").scroll_into_view_if_needed()  # Chromium draws frames in view
    frame = next(f for f in res.page.frames if f.url == "about:srcdoc")
    wait_until(frame, "window.cgMap && window.cgMap.drawn", 30_000)
    ink = frame.evaluate(
        """() => [...document.querySelectorAll('#mynetwork canvas')].reduce((n, c) => {
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let k = 0;
             for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] < 240) k++; return n + k; }, 0)"""
    )
    assert ink > 2000, ink
    assert frame.evaluate("() => cgMap.nodes.length") == 40
    assert not res.errors and not res.requests_blocked and not res.dialogs, (res.errors, res.requests_blocked)
    text = res.page.inner_text("#data")
    assert "graph.graphml (in the report folder, not inside this file)" in text
