"""Skills needs and offers (issue 23): the table, one skill however typed, met/unmet through links,
providers and introducers, outputs, the survey template and the suggestions hook."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import clustergraph
from clustergraph.analysis.skills import analyse_skills, rank_by_skills, skill_needs, skills_matrix
from clustergraph.errors import InputError
from clustergraph.io.skills import skill_key, skills_data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path):
    """f1 - u (offers welding); f2 - c - v (v offers welding); f3 alone; region R except f3, v."""
    actors = _write(
        tmp_path / "a.csv",
        "id,name,type,region\n"
        "F1,Ulstein Deck Machinery,firm,R\n"
        "F2,Blå Marine,firm,R\n"
        "F3,Lonely AS,firm,S\n"
        "U,Uni,university,R\n"
        "V,Vet School,vet,S\n"
        "C,Cluster R,cluster_org,R\n",
    )
    links = _write(tmp_path / "l.csv", "source,target\nF1,U\nF2,C\nC,V\n")
    return tmp_path, actors, links


def test_spellings_names_and_ids_merge_and_met_follows_the_definition(tiny):
    tmp, actors, links = tiny
    skills = _write(
        tmp / "s.csv",
        "Organisation,Competence,Type,Importance\n"
        "F1,Cyber security,need,1\n"
        "ulstein deck machinery,WELDING,needs,high\n"  # a name, any case
        "Blå Marine,cyber-security,demand,low\n"
        "F3,Welding,wants,\n"
        "Uni,cybersecurity,offers,\n"
        "U,welding,supply,\n"
        "V,Wélding,provides,\n"
        "U,Cyber Security,offer,\n",  # a repeated offer of U: merged
    )
    G = clustergraph.load(actors, links, skills=skills)
    data = skills_data(G)
    assert data is not None
    assert data.skills == ["Cyber security", "Welding"] or sorted(map(skill_key, data.skills)) == [
        "cybersecurity",
        "welding",
    ]
    # the spelling shown is the most frequent one: Cyber security/cybersecurity/Cyber Security/cyber-security
    # each once -> the first; welding: 'Welding' x1, 'WELDING' x1, 'welding' x1, 'Wélding' x1 -> the first
    assert set(data.table["skill"]) == {"Cyber security", "WELDING"}
    assert any("read as one skill" in m for m in data.merges)
    assert any("repeated row" in m for m in data.merges)
    needs = skill_needs(G).set_index(["actor", "skill"])
    # F1 is linked to U, which offers both
    assert needs.loc[("F1", "Cyber security"), "met"] and needs.loc[("F1", "WELDING"), "met"]
    assert needs.loc[("F1", "WELDING"), "met_by_ids"] == "U"
    assert needs.loc[("F1", "Cyber security"), "priority"] == "high"
    # F2 is linked to C only (V is two steps away): unmet; providers U (same region) before V
    row = needs.loc[("F2", "Cyber security")]
    assert not row["met"] and row["suggested_ids"] == "U" and row["broker_id"] == "C"
    # F3 (region S) needs welding: V in its region first although U is elsewhere
    row = needs.loc[("F3", "WELDING")]
    assert not row["met"] and row["suggested_ids"] == "V; U"
    assert "same region" in row["reason"]


def test_met_is_exactly_linked_to_an_offerer_on_the_bundled_sample_mixed(tmp_path):
    """Every need of a sample skills table with ids and names mixed and skills typed several ways:
    met iff one of the actor's neighbours offers a skill with the same key."""
    actors = pd.read_csv(DATA / "actors.csv", dtype=str)
    names = dict(zip(actors["id"], actors["name"]))
    spell = {"welding": ["welding", "Welding", "WELD-ING"], "cyber security": ["Cyber security", "cybersecurity"]}
    rows, k = [], 0
    ids = sorted(actors["id"])
    for i, a in enumerate(ids):
        for skill, forms in spell.items():
            if (i + len(skill)) % 3 == 0:
                kind = "offer" if actors.set_index("id").loc[a, "type"] in ("vet", "university") else "need"
                who = names[a] if k % 2 else a
                rows.append((who, forms[k % len(forms)], kind))
                k += 1
    table = pd.DataFrame(rows, columns=["actor", "skill", "kind"])
    table.to_csv(tmp_path / "s.csv", index=False)
    G = clustergraph.load(DATA / "actors.csv", DATA / "links.csv", skills=tmp_path / "s.csv")
    data = skills_data(G)
    assert len(data.skills) == 2  # the spellings merged into two skills
    offers = {(a, skill_key(s)) for a, s in zip(data.offers["actor"], data.offers["skill"])}
    needs = skill_needs(G)
    assert len(needs) == (table["kind"] == "need").sum()
    for r in needs.itertuples():
        expected = any((n, skill_key(r.skill)) in offers for n in G[r.actor])
        assert r.met == expected, (r.actor, r.skill)


def test_row_errors_name_file_row_and_column(tiny):
    tmp, actors, links = tiny
    skills = _write(
        tmp / "s.csv",
        "actor,skill,kind,priority,level\nUlstien Deck Machinery,welding,need,,\nF1,,need,,\nF1,x,maybe,,\n"
        "F1,y,need,urgent,\nF1,z,need,,EQF 9\n",
    )
    with pytest.raises(InputError) as exc:
        clustergraph.load(actors, links, skills=skills)
    text = str(exc.value)
    assert "row 2, column 'actor': unknown actor 'Ulstien Deck Machinery'" in text
    assert "did you mean 'Ulstein Deck Machinery', id F1?" in text
    assert "row 3, column 'skill': empty skill" in text
    assert "row 4, column 'kind': unknown kind 'maybe'" in text
    assert "row 5, column 'priority'" in text and "row 6, column 'level'" in text
    G = clustergraph.load(actors, links, skills=skills, lenient=True)
    assert len(skills_data(G).table) == 0 and len(G.graph["provenance"]["dropped"]) == 5


def test_near_miss_hint_and_skill_groups(tiny):
    tmp, actors, links = tiny
    skills = _write(
        tmp / "s.csv",
        "actor,skill,kind\nF1,weldng,need\nF2,welding,need\nU,welding,offer\nV,soldadura,offer\nF3,Sveising,need\n",
    )
    G = clustergraph.load(actors, links, skills=skills)
    assert any("'weldng' (1 row) is probably 'welding'" in h for h in skills_data(G).hints)
    groups = _write(tmp / "g.csv", "skill,group\nwelding,Welding\nSoldadura,Welding\nsveising,Welding\n")
    G = clustergraph.load(actors, links, skills=skills, skill_groups=groups)
    data = skills_data(G)
    assert set(data.table["skill"]) == {"Welding", "weldng"}
    assert any("counted as the group 'Welding'" in m for m in data.merges)
    needs = skill_needs(G).set_index("actor")
    # F3 (region S) needs Sveising = Welding: V offers soldadura = Welding in its region
    assert needs.loc["F3", "suggested_ids"].split("; ")[0] == "V"
    with pytest.raises(InputError, match="give the skills table too"):
        clustergraph.load(actors, links, skill_groups=groups)


def test_matrix_counts_and_idle_offers(tiny):
    tmp, actors, links = tiny
    skills = _write(
        tmp / "s.csv",
        "actor,skill,kind\nF1,welding,need\nF2,welding,need\nU,welding,offer\nV,welding,offer\nV,photonics,offer\n",
    )
    G = clustergraph.load(actors, links, skills=skills)
    report = analyse_skills(G)
    m = report.matrix.set_index(["region", "skill"])
    assert m.loc[("R", "welding")].tolist() == [2, 1, 1, 1, 1]
    assert m.loc[("S", "photonics")].tolist() == [0, 0, 0, 1, 0]
    assert report.idle[["actor", "skill"]].values.tolist() == [["V", "photonics"]]
    assert report.summary()["needs_met"] == 1
    assert report.finding().startswith("1 of 2 skills needs are met")
    assert skills_matrix(G).equals(report.matrix)


def test_rank_by_skills_puts_a_provider_of_a_needed_skill_first(tiny):
    tmp, actors, links = tiny
    skills = _write(tmp / "s.csv", "actor,skill,kind\nF1,welding,need\nV,welding,offer\n")
    G = clustergraph.load(actors, links, skills=skills)
    sugg = pd.DataFrame(
        {"firm": ["F1", "F1", "F2"], "rank": [1, 2, 1], "candidate": ["X", "V", "V"], "reason": ["a", "b", "c"]}
    )
    out = rank_by_skills(G, sugg)
    f1 = out[out["firm"] == "F1"]
    assert f1["candidate"].tolist() == ["V", "X"] and f1["rank"].tolist() == [1, 2]
    assert f1["reason"].iloc[0] == "offers welding, which Ulstein Deck Machinery needs; b"
    assert out[out["firm"] == "F2"]["reason"].tolist() == ["c"]  # F2 needs nothing: unchanged
    assert rank_by_skills(G, sugg, top=1)["candidate"].tolist() == ["V", "V"]


def test_cli_writes_skill_files_and_metrics_json(tmp_path):
    run = [sys.executable, "-m", "clustergraph"]
    args = ["data/actors.csv", "data/links.csv", "--skills", "data/skills.csv", "--skill-groups",
            "data/skill_groups.csv"]  # fmt: skip
    res = subprocess.run([*run, "gaps", *args, "-o", str(tmp_path / "g")], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    needs = pd.read_csv(tmp_path / "g" / "skill_needs.csv")
    assert needs.columns[:9].tolist() == ["actor", "name", "region", "skill", "priority", "met", "met_by",
                                          "suggested", "broker"]  # fmt: skip
    nav = needs[needs["region"] == "Navarra"]
    assert (~nav["met"]).sum() >= 8 and nav[~nav["met"]]["broker"].eq("Clúster Navarra").all()
    assert "Unmet skills needs" in res.stdout
    res = subprocess.run([*run, "metrics", *args, "-o", str(tmp_path / "m"), "--format", "json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    assert res.returncode == 0, res.stderr
    doc = json.loads((tmp_path / "m" / "metrics.json").read_text(encoding="utf-8"))
    assert doc["skills"]["summary"]["needs"] == len(needs)
    assert "Navarra" in doc["skills"]["finding"]


def test_template_filled_in_as_a_user_would_validates(tmp_path):
    import openpyxl

    survey = tmp_path / "survey.xlsx"
    res = subprocess.run([sys.executable, "-m", "clustergraph", "template", "-o", str(survey)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    wb = openpyxl.load_workbook(survey)
    assert wb.sheetnames == ["instructions", "actors", "links", "skills"]
    kinds = [dv for dv in wb["skills"].data_validations.dataValidation if dv.formula1 == '"need,offer"']
    assert kinds and "C3" in kinds[0].sqref
    assert any("firm" in (dv.formula1 or "") for dv in wb["actors"].data_validations.dataValidation)
    # rows under the example, as typed in Excel (numbers as numbers)
    wb["actors"].append(["F1", "Fjord Welding AS", "firm", "Vestland", "NO", "maritime", "small"])
    wb["actors"].append(["V1", "Bergen Vocational School", "vet", "Vestland", "NO"])
    wb["links"].append(["F1", "V1", "training", 2, 2023])
    wb["skills"].append(["Fjord Welding AS", "Welding", "need", "high", 4, 2024])
    wb["skills"].append(["V1", "welding", "offer", None, 4])
    wb.save(survey)
    res = subprocess.run([sys.executable, "-m", "clustergraph", "validate", str(survey)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stderr
    stdout, stderr = " ".join(res.stdout.split()), " ".join(res.stderr.split())
    assert "2 actors, 1 links" in stdout
    assert "Skills (" in stdout and "[sheet skills]" in stdout and "1 needs met" in stdout
    assert "example row; skipped" in stderr
    G = clustergraph.load(survey)
    assert set(G.nodes) == {"F1", "V1"} and skill_needs(G)["met"].tolist() == [True]


def test_skills_of_a_graph_built_in_python_are_checked():
    G = nx.Graph([("a", "b")])
    with pytest.raises(InputError, match="no skills table"):
        skill_needs(G)
