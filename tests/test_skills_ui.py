"""Skills in the report, the partner suggestions and the map (issue 23, point 8), on a hand-made graph.

F1 - U (U offers welding and robotics): F1's welding need is met. F2 - C - V (V offers welding),
F2 needs welding (high) and robotics: both unmet, V is the same-region provider of welding, C the
introducer. W (vet, region S) offers baking, which nobody needs.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from browser import wait_until

import clustergraph
from clustergraph.analysis.skills import suggest_with_skills
from clustergraph.maps import ecosystem_map
from clustergraph.maps.model import build_map_model
from clustergraph.maps.offline import page_html
from clustergraph.report.build import collect, report_steps


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def skilled(tmp_path):
    actors = _write(
        tmp_path / "a.csv",
        "id,name,type,region\n"
        "F1,Ulstein Deck Machinery,firm,R\n"
        "F2,Blå <Marine>,firm,R\n"
        "U,Uni,university,R\n"
        "V,Vet School,vet,R\n"
        "W,Bakery School,vet,S\n"
        "C,Cluster R,cluster_org,R\n",
    )
    links = _write(tmp_path / "l.csv", "source,target\nF1,U\nF2,C\nC,V\nC,F1\n")
    skills = _write(
        tmp_path / "s.csv",
        "actor,skill,kind,priority\n"
        "F1,Welding,need,medium\n"
        "Blå <Marine>,welding,need,high\n"
        "F2,Robotics,need,low\n"
        "U,WELDING,offer,\n"
        "U,robotics,offer,\n"
        "V,Welding,offer,\n"
        "W,baking,offer,\n",
    )
    return clustergraph.load(actors, links, skills=skills)


def test_report_section_finding_tables_and_workbook(skilled, tmp_path):
    data = collect(skilled)
    assert data.skills is not None and data.skills_view is not None
    sv = data.skills_view
    assert (sv.n_needs, sv.n_met, sv.n_unmet) == (3, 1, 2)
    assert [(u.name, u.skill, u.provider, u.introducer) for u in sv.unmet][0] == (
        "Blå <Marine>",
        "Welding",
        "Vet School",
        "Cluster R",
    )  # the unmet high-priority need first, its same-region provider and introducer
    text = [f.text for f in data.findings if f.text.startswith("Skills: ")]
    assert text == ["Skills: 1 of 3 skills needs are met through a member's links; R has the largest share "
                    "unmet (2 of 3); 1 unmet needs are high priority."]  # fmt: skip
    out = clustergraph.report(skilled, tmp_path / "out")
    html = out.read_text(encoding="utf-8")
    section = html[html.index('id="skills"') :]
    assert "Skills needs and who can meet them" in html and 'href="#skills"' in html
    assert "Blå &lt;Marine&gt;" in section and "<Marine>" not in section  # escaped
    assert 'style="background:#d55e00"' in section  # R x robotics: 0 of 1 met, fully unmet
    assert "Bakery School" in section[section.index("Offers nobody") :]  # idle offer
    folder = out.parent
    assert "Skills: 1 of 3" in (folder / "findings.txt").read_text(encoding="utf-8")
    for name in ("skill_needs.csv", "skills_matrix.csv", "skills_idle.csv"):
        assert (folder / name).exists(), name
    sheets = openpyxl.load_workbook(folder / "report.xlsx", read_only=True).sheetnames
    assert {"Skill needs", "Skills matrix", "Skills nobody needs"} <= set(sheets)
    G = skilled.copy()
    G.graph.pop("skills")
    assert report_steps(skilled) == report_steps(G) + 1


def test_suggestions_rank_a_provider_of_a_needed_skill_first(skilled):
    plain = clustergraph.suggest_partners(skilled, top=5)
    s = suggest_with_skills(skilled, top=5)
    f2 = s[s["firm"] == "F2"].sort_values("rank")
    assert f2.iloc[0]["candidate"] == "U"  # offers both needed skills
    assert f2.iloc[0]["reason"].startswith("offers Welding and Robotics, which Blå <Marine> needs; ")
    assert f2.iloc[0]["skills_offered"] == "Welding; Robotics"
    assert set(s["firm"]) == set(plain["firm"])
    G = skilled.copy()
    G.graph.pop("skills")
    assert suggest_with_skills(G, top=5).equals(clustergraph.suggest_partners(G, top=5))  # no table: unchanged


def test_map_model_carries_skills_and_the_page_loads_the_filter_only_with_them(skilled):
    model = build_map_model(skilled)
    assert model.skills is not None
    names = model.skills.names
    assert names[0] == "Welding"  # the most needed first
    w = names.index("Welding")
    assert model.skills.needs["F1"] == ((w, True, "medium"),)
    assert (w, False, "high") in model.skills.needs["F2"]
    assert "cg:applied" in page_html(model)  # the explorer's hook
    G = skilled.copy()
    G.graph.pop("skills")
    bare = page_html(build_map_model(G))
    assert "cg-skill-menu" not in bare and '"skills"' not in bare


@pytest.mark.browser
def test_choosing_a_skill_highlights_needs_and_offers_and_focus_lists_them(open_page, skilled, tmp_path):
    res = open_page(ecosystem_map(skilled, tmp_path / "m.html"))
    page = res.page
    wait_until(page, "window.cgMap && window.cgMap.drawn", 60_000)
    options = page.eval_on_selector_all("#cg-skill-menu option", "os => os.map(o => o.textContent)")
    assert options[1] == "Welding (2 need, 2 offer)"
    page.select_option("#cg-skill-menu", index=1)
    roles = page.evaluate("() => ['F1', 'F2', 'U', 'V', 'W', 'C'].map(id => cgMap.skillRole(id))")
    assert roles == ["met", "unmet", "offer", "offer", "", ""]
    colour = page.evaluate("() => cgMap.nodes.get(cgMap.vid('F2')).color.background")
    faded = page.evaluate("() => cgMap.nodes.get(cgMap.vid('W')).color.background")
    assert colour == "#D55E00" and faded == "#EEEEEE"
    assert "2 actors need it (1 met, 1 unmet), 2 actors offer it" in res.text("#cg-skill-info")
    page.evaluate("() => cgMap.network.emit('click', {nodes: [cgMap.vid('F2')], edges: []})")
    focus = res.text("#cg-focus-skills")
    assert "Welding (unmet, high priority)" in focus and "Robotics (unmet, low priority)" in focus
    page.keyboard.press("Escape")  # no focus: the focus panel lists no skills
    assert res.text("#cg-focus-skills") == ""
    page.select_option("#cg-skill-menu", index=0)  # no skill: the type colours come back
    assert page.evaluate("() => cgMap.nodes.get(cgMap.vid('W')).color.background") != "#EEEEEE"
    assert res.errors == [] and res.dialogs == [] and res.requests_blocked == []


def test_region_report_finding_and_until_keep_the_skills_of_the_actors_in_scope(tmp_path):
    actors = _write(
        tmp_path / "a.csv",
        "id,name,type,region\nF1,Firm One,firm,R\nF2,Firm Two,firm,S\nU,Uni,university,R\nV,Vet,vet,S\n",
    )
    links = _write(tmp_path / "l.csv", "source,target,year\nF1,U,2010\nF2,U,2010\nF2,V,2020\n")
    skills = _write(
        tmp_path / "s.csv",
        "actor,skill,kind,priority\nF1,welding,need,high\nF2,welding,need,high\nV,welding,offer,\n",
    )
    G = clustergraph.load(actors, links, skills=skills)
    whole = collect(G)
    assert whole.skills_view.n_met == 1  # F2 - V
    region = collect(G, region="R")
    assert region.skills_view.finding == (
        "0 of 1 skills needs of R's members are met through their links; 1 unmet need is high priority."
    )
    assert [r for r, _ in region.skills_view.rows] == ["R"]
    then = collect(G, until=2015)  # V has no link yet: it is not in the network, nor its offer
    assert then.skills_view.n_needs == 2 and then.skills_view.n_met == 0
    assert "V" not in set(then.skills.data.table["actor"])
    assert len(G.graph["skills"].table) == 3  # the caller's graph keeps its table
