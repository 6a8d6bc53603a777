"""The report keeps its promises on inputs of real shape (issue 25).

- one source of truth: every section run over inputs that make each branch true and false (no countries,
  all cross-border without regions, no education, giant consortia) says nothing a table or a finding
  contradicts;
- print: at most 8 A4 pages (Chromium's PDF) for 700 organisations in 12 regions with 200 isolates and
  for few projects with consortia of up to 190 partners;
- phone: the navigation bar takes at most 12 % of a 400x800 screen, the page does not scroll sideways and
  the key columns of the gaps table are on screen.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from report_shapes import consortia_shape, regions_shape

import clustergraph
from clustergraph.metrics.critical_mass import NO_GROUP
from clustergraph.report.build import collect
from clustergraph.report.findings import large_consortia, links_by_scope
from clustergraph.report.page import render

NO_BORDER = "No link crosses a national border"
NO_SKILLS_PROJECT = "No project brings a VET provider or a university together with firms"


def _consortia(tmp_path, name, **kw):
    a, p, j = consortia_shape(tmp_path / name, **kw)
    return clustergraph.load(a, participations=p, projects=j)


def _no_countries(tmp_path):
    actors = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(12)],
            "name": [f"A{i}" for i in range(12)],
            "type": ["firm"] * 6 + ["university", "vet", "rto", "government", "cluster_org", "firm"],
            "region": ["North"] * 6 + ["South"] * 6,
        }
    )
    links = pd.DataFrame({"source": [f"a{i}" for i in range(11)], "target": [f"a{i + 1}" for i in range(11)]})
    actors.to_csv(tmp_path / "actors.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    return clustergraph.load(tmp_path / "actors.csv", tmp_path / "links.csv")


def _check_no_contradiction(data, html: str | None = None) -> str:
    html = html if html is not None else render(data)
    text = re.sub(r"<[^>]+>", " ", html)
    intl = links_by_scope(data).get("international", 0)
    border_finding = any("cross a national border" in f.text for f in data.findings)
    # borders: the regions section, the findings and the link counts say the same
    assert (NO_BORDER in text) == (intl == 0), intl
    assert border_finding == (intl > 0 or links_by_scope(data).get("national", 0) > 0)
    # skills projects: the sentence and the table read one count
    pv = data.projects_view
    if pv is not None:
        m = re.search(r"([\d,]+) brings? a VET provider or a university together with firms", text)
        assert m and int(m.group(1).replace(",", "")) == pv.n_education
        assert (NO_SKILLS_PROJECT in text) == (pv.n_education == 0)
        assert pv.n_education >= (int(pv.per_region["projects"].max()) if len(pv.per_region) else 0)
    # firms with an education partner: the card, the finding and the gaps section agree
    n_firms = sum(1 for _, t in data.scope.nodes(data="type") if t == "firm")
    linked = n_firms - len(data.gaps.firms)
    if n_firms and linked == 0:
        assert any(f.text.startswith(f"None of the {n_firms:,} firm") for f in data.findings)
    elif n_firms:
        assert any(f.text.startswith(f"{linked:,} of {n_firms:,} firm") for f in data.findings)
    lc = data.large_consortia
    caveat = any(f.text.startswith("Caveat:") for f in data.findings)
    assert caveat == bool(lc and lc.firms_only)
    assert ("Caveat:" in text) == caveat
    return text


def test_no_countries_no_border_sentence(tmp_path):
    data = collect(_no_countries(tmp_path))
    text = _check_no_contradiction(data)
    assert NO_BORDER in text and data.large_consortia is None


def test_all_cross_border_without_regions_says_so_and_counts_skills_projects(tmp_path):
    G = _consortia(tmp_path, "noreg", n=60, projects=6, largest=30, regions=False)
    data = collect(G, large_consortium=20)
    text = _check_no_contradiction(data)
    assert links_by_scope(data)["international"] > 0 and NO_BORDER not in text
    assert "carry no region" in text
    assert data.projects_view.n_education > 0 and NO_GROUP in set(data.projects_view.per_region["region"])


def test_no_education_partner_anywhere(tmp_path):
    data = collect(_consortia(tmp_path, "noedu", n=60, projects=6, largest=30, education=False))
    text = _check_no_contradiction(data)
    assert data.projects_view.n_education == 0 and NO_SKILLS_PROJECT in text
    assert any(f.text.startswith("None of the") for f in data.findings)


@pytest.fixture(scope="module")
def giant(tmp_path_factory):
    """Few projects, one consortium of 110 of the 120 organisations (collect is slow on dense networks)."""
    G = _consortia(tmp_path_factory.mktemp("giant"), "giant", n=120, projects=5, largest=110)
    data = collect(G, large_consortium=50)
    return G, data, render(data)


def test_giant_consortium_caveat_counts_firms_linked_only_through_it(giant):
    G, data, html = giant
    _check_no_contradiction(data, html)
    lc = data.large_consortia
    assert lc is not None and lc.projects == 1 and 0 < lc.firms_only <= lc.firms_linked
    # above every project size there is nothing to say
    assert large_consortia(data, 500) is None
    # the hand count: firms whose every education neighbour shares only the giant project with them
    giant = "P4"
    only = 0
    for f, t in G.nodes(data="type"):
        edu = [d for v, d in G[f].items() if t == "firm" and G.nodes[v]["type"] in ("vet", "university")]
        only += bool(edu) and all(d["projects"] == giant for d in edu)
    assert lc.firms_only == only


# --------------------------------------------------------------------------- browser


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.fixture(scope="module")
def shaped_reports(tmp_path_factory, giant):
    """report.html of 700 organisations in 12 regions with 200 isolates, and of the giant consortium.

    The 800-organisation, 26-consortium shape (up to 190 partners) takes minutes to compute, so it is
    measured by hand (README); its print layout is that of the giant consortium here.
    """
    out = tmp_path_factory.mktemp("shapes")
    a, li = regions_shape(out / "regions")
    paths = {"regions": out / "regions" / "report.html", "consortia": out / "giant.html"}
    paths["regions"].write_text(render(collect(clustergraph.load(a, li))), encoding="utf-8")
    paths["consortia"].write_text(giant[2], encoding="utf-8")
    return paths


@pytest.mark.browser
@pytest.mark.parametrize(
    "name",
    [
        "regions",
        "consortia",
    ],
)
def test_prints_on_at_most_8_a4_pages(shaped_reports, open_page, name):
    res = open_page(shaped_reports[name])
    pdf = res.page.pdf(format="A4", print_background=True)
    assert 1 <= _pages(pdf) <= 8, _pages(pdf)
    res.page.emulate_media(media="print")
    printed = res.page.evaluate(
        """() => [...document.querySelectorAll('section')].filter(s => getComputedStyle(s).display !== 'none')
                 .map(s => s.id)"""
    )
    assert printed == ["glance", "map", "steps", "gaps"]
    # the printed neediest list is cut, with the count and the file of the rest
    shown = res.page.evaluate(
        """() => [...document.querySelectorAll('table.needy tbody tr')]
                 .filter(r => getComputedStyle(r).display !== 'none' && r.closest('.table-wrap')
                 && getComputedStyle(r.closest('.table-wrap')).display !== 'none').length"""
    )
    assert shown <= 12
    assert "gaps.csv" in res.page.inner_text("#gaps") or shown == 0


@pytest.mark.browser
def test_phone_navigation_and_wide_tables(shaped_reports, open_page):
    res = open_page(shaped_reports["regions"], width=400, height=800)
    nav = res.page.evaluate("() => document.querySelector('nav.toc').getBoundingClientRect().height")
    assert nav <= 0.12 * 800, nav
    assert res.page.evaluate("() => document.documentElement.scrollWidth") <= 400
    # a heading reached through the table of contents is not under a sticky bar
    res.page.click("nav.toc a[href='#gaps']")
    top = res.page.evaluate("() => document.querySelector('#gaps h2').getBoundingClientRect().top")
    assert top >= 0
    # the gaps table scrolls inside its box; the firm and its best introduction are on screen
    boxes = res.page.evaluate(
        """() => { const t = document.querySelector('table.needy'); const w = t.closest('.table-wrap');
                   const th = [...t.querySelectorAll('thead th')].slice(0, 2).map(h => h.getBoundingClientRect().right);
                   return [w.getBoundingClientRect().right, th]; }"""
    )
    right, heads = boxes
    assert right <= 400 and all(r <= 400 for r in heads), boxes
    res.page.set_viewport_size({"width": 1400, "height": 900})
    res.page.click("nav.toc a[href='#gaps']")
    top = res.page.evaluate("() => document.querySelector('#gaps h2').getBoundingClientRect().top")
    bar = res.page.evaluate("() => document.querySelector('nav.toc').getBoundingClientRect().bottom")
    assert top >= bar - 1, (top, bar)


def test_large_graph_files_are_written_compressed_and_stay_readable(tmp_path):
    import networkx as nx

    from clustergraph.report.build import _gzip

    G = nx.path_graph(5)
    nx.write_graphml(G, tmp_path / "graph.graphml")
    one = _gzip(tmp_path / "graph.graphml").read_bytes()
    assert not (tmp_path / "graph.graphml").exists()
    back = nx.read_graphml(tmp_path / "graph.graphml.gz", node_type=int)
    assert sorted(back.nodes) == sorted(G.nodes) and sorted(map(sorted, back.edges)) == sorted(map(sorted, G.edges))
    nx.write_graphml(G, tmp_path / "graph.graphml")
    assert _gzip(tmp_path / "graph.graphml").read_bytes() == one  # no time stamp: same input, same bytes
