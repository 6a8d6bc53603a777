"""``clustergraph import erasmus`` on fixtures in both Erasmus+ layouts, written here in the real formats:
a project-results list (xlsx, title rows, 84 partner column groups) and a participants list (CSV, ';')."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.io.erasmus import convert_erasmus, map_type

VET2 = "School/Institute/Educational centre – Vocational Training (tertiary level)"
VET1 = "School/Institute/Educational centre – Vocational Training (secondary level)"
HEI = "Higher education institution (tertiary level)"
SME = "Small and medium sized enterprise"
LARGE = "Large enterprise"
NGO = "Non-governmental organisation/association/social enterprise"
PUBLIC = "Regional Public body"
RESEARCH = "Research Institute/Centre"
CHAMBER = "Chamber of Commerce"
COUNSEL = "Counselling body"  # no keyword maps it
SCHOOL = "School/Institute/Educational centre – General education (secondary level)"  # nor this

PROJECT_COLUMNS = [
    "Programme", "Key Action", "Action Type", "Call year", "Project Identifier", "Project Title", "Project Summary",
    "Project Status", "EU Grant award in euros (This amount represents the grant awarded after the selection stage "
    "and is indicative.)", "Is Good Practice", "Project Website", "Participating countries", "Start Date", "End Date",
]  # fmt: skip
GROUP = ["name", "organisation type", "address", "region", "country", "website"]
N_GROUPS = 84
COUNTRIES = ["Germany", "Spain", "Italy", "Finland", "Poland", "Portugal", "France", "Greece", "Romania", "Denmark"]
LABELS = [VET1, HEI, SME, LARGE, NGO, PUBLIC, RESEARCH, CHAMBER]
EXPECTED = {VET1: "vet", HEI: "university", SME: "firm", LARGE: "firm", NGO: "other", PUBLIC: "government",
            RESEARCH: "rto", CHAMBER: "other"}  # fmt: skip


def _group(name, label, region, country):
    return [name, label, "Street 1", region, country, "https://example.org"]


def wide_rows():
    """Three projects: a strategic partnership, a 84-partner CoVE and a one-school mobility project."""
    rows = []
    p1 = ["Erasmus+", "Cooperation for innovation and the exchange of good practices",
          "Strategic Partnerships for vocational education and training", "2019", "2019-1-NO01-KA202-060123",
          "Green welding skills", "...", "Completed", "248 500", "No", "", "NO, DE, ES", dt.datetime(2019, 9, 1),
          dt.datetime(2021, 8, 31)]  # fmt: skip
    coord = ["Bergen Tekniske Fagskole", VET2, "Kronstad", "Vestland", "Norway", "", ""]
    partners = [
        _group("Universitetet i Bergen", HEI, "Vestland", "Norway"),
        _group("Ammerland Feinkost GmbH", SME, "Weser-Ems", "Germany"),
        _group("Cámara de Comercio, Industria y Navegación de Bilbao", CHAMBER, "País Vasco", "Spain"),
        _group("Ohjaamo Tampere ry", COUNSEL, "Pirkanmaa", "Finland"),
        _group("UNIVERSITETET I BERGEN", HEI, "Vestland", "Norway"),  # listed twice in the project
    ]
    rows.append((p1, coord, partners))
    p2 = ["Erasmus+", "Partnerships for Excellence", "Partnerships for Excellence - Centres of Vocational Excellence",
          "2021", "620123-EPP-1-2021-1-DE-EPPKA3-VET-COVE", "Blue economy skills centres", "...", "Ongoing",
          "3 999 000", "No", "", "many", "2021-11-01", "2025-10-31"]  # fmt: skip
    coord2 = ["Berufsbildende Schulen Ammerland", VET1, "", "Weser-Ems", "Germany", "", ""]
    partners2 = []
    for i in range(N_GROUPS - 2):
        label = LABELS[i % len(LABELS)]
        partners2.append(_group(f"Organisation {i + 1:02d} {label.split()[0]}", label, f"R{i % 7}", COUNTRIES[i % 10]))
    partners2.append(_group("IT'S OWL Clustermanagement GmbH", SME, "Detmold", "Germany"))  # a firm running a cluster
    partners2.append(_group("Klyngen Havbruk Vest", NGO, "", "Norway"))  # no region: its country
    rows.append((p2, coord2, partners2))
    p3 = ["Erasmus+", "Learning Mobility of Individuals", "VET learner and staff mobility", "2022",
          "2022-1-NO01-KA122-VET-000111", "Welders abroad", "...", "Ongoing", "60000", "No", "", "NO",
          "2022-06-01", "2023-05-31"]  # fmt: skip
    coord3 = ["bergen tekniske fagskole", VET2, "", "Vestland", "Norway", "", ""]  # the same school, other case
    partners3 = [["", "", "", "", "Norway", ""]]  # a group with data but no name: counted
    rows.append((p3, coord3, partners3))
    return rows


def write_wide_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Projects"
    ws.append(["Erasmus+ Project Results"])
    ws.append(["Search criteria: Programme = Erasmus+; Country = Norway"])
    ws.append([])
    header = list(PROJECT_COLUMNS) + ["Coordinating organisation name", "Coordinator's organisation type",
                                      "Coordinator's address", "Coordinator's region", "Coordinator's country",
                                      "Coordinator's website", "Coordinator's PIC"]  # fmt: skip
    for n in range(1, N_GROUPS + 1):
        header += [f"Partner {n} {f}" for f in GROUP]
    ws.append(header)
    for project, coord, partners in wide_rows():
        row = project + coord
        for g in partners:
            row += g
        ws.append(row)
    wb.save(path)
    return path


LONG = """CoVE participants (Erasmus+ Partnerships for Excellence), extract
Project number;Project acronym;Project title;Action type;Call year;Start date;End date;Organisation name;PIC;Organisation type;Country;City;Role
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Fundación Tecnalia Research & Innovation;999111001;Research Institute/Centre;ES;Donostia;Coordinator
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Berufsschule Emden;999111002;Berufsschule;DE;Emden;Partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Hochschule Emden/Leer;999111003;Hochschule;DE;Emden;Partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Bergen kommune;999111004;Kommune;NO;Bergen;Partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Astilleros del Norte S.L.;999111005;Empresa;ES;Bilbao;Partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Agrupación Empresarial Innovadora Marítima;999111006;Asociación;ES;Bilbao;Associated partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Distretto Tecnologico Aerospaziale della Campania;999111007;Altro;IT;Napoli;Partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Voksenopplæringen Bergen;999111008;Adult education provider;NO;Bergen;Partner
101055123;BLUEVET;Blue skills;Partnerships for Excellence - Centres of Vocational Excellence;2022;2022-06-01;2026-05-31;Universitetet i Bergen;999111009;Higher education institution (tertiary level);NO;Bergen;Partner
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("erasmus")
    wide = write_wide_xlsx(d / "ProjectResults.xlsx")
    long = d / "cove-participants.csv"
    long.write_text(LONG, encoding="utf-8")
    return wide, long


@pytest.fixture(scope="module")
def imported(files):
    return convert_erasmus(list(files))


def test_counts_in_equal_counts_out(imported):
    # wide: 1 + 5 partners, 1 + 84, 1 (+ a nameless group); long: 9 rows
    assert imported.entries == 6 + 85 + 1 + 9
    merged_again = 1  # UNIVERSITETET I BERGEN twice in 2019-1-NO01-KA202-060123
    assert len(imported.participations) + merged_again == imported.entries
    assert any("1 entries of an organisation listed again in the same project" in n for n in imported.notes)
    assert any("1 partner column groups with data but no name" in n for n in imported.notes)
    assert any("84 partner column groups" in n for n in imported.notes)
    assert any("header found on row 4" in n for n in imported.notes)
    per_project = imported.participations.groupby("project").size().to_dict()
    assert per_project == {"2019-1-NO01-KA202-060123": 5, "620123-EPP-1-2021-1-DE-EPPKA3-VET-COVE": 85,
                           "2022-1-NO01-KA122-VET-000111": 1, "101055123": 9}  # fmt: skip


def test_one_actor_per_organisation(imported):
    a = imported.actors.set_index("id")
    schools = a[a["name"].str.lower() == "bergen tekniske fagskole"]
    assert len(schools) == 1  # two projects, two spellings: one actor
    uib = a[a["name"].str.lower() == "universitetet i bergen"]
    assert len(uib) == 1 and uib["pic"].iloc[0] == "999111009"  # by name in the wide list, PIC from the long one
    assert a.index.is_unique
    assert set(imported.participations["actor"]) == set(a.index)


def test_types_as_mapped(imported):
    a = imported.actors.set_index("name")
    for i in range(N_GROUPS - 2):
        label = LABELS[i % len(LABELS)]
        assert a.loc[f"Organisation {i + 1:02d} {label.split()[0]}", "type"] == EXPECTED[label], label
    assert a.loc["Bergen Tekniske Fagskole", "type"] == "vet"
    assert a.loc["Universitetet i Bergen", "type"] == "university"
    assert a.loc["Ammerland Feinkost GmbH", "type"] == "firm"
    assert a.loc["Cámara de Comercio, Industria y Navegación de Bilbao", "type"] == "other"
    long = {"Fundación Tecnalia Research & Innovation": "rto", "Berufsschule Emden": "vet",
            "Hochschule Emden/Leer": "university", "Bergen kommune": "government",
            "Astilleros del Norte S.L.": "firm"}  # fmt: skip
    assert {n: a.loc[n, "type"] for n in long} == long


def test_cluster_organisations_by_name(imported):
    a = imported.actors.set_index("name")
    for name in ("IT'S OWL Clustermanagement GmbH", "Klyngen Havbruk Vest", "Agrupación Empresarial Innovadora Marítima",
                 "Distretto Tecnologico Aerospaziale della Campania"):  # fmt: skip
        assert a.loc[name, "type"] == "cluster_org", name
    assert len(imported.cluster_orgs) == 4
    assert any("re-typed: 4 organisations as cluster_org" in n for n in imported.notes)


def test_unmapped_labels_counted_and_listed(imported, files):
    assert dict(imported.unmapped) == {COUNSEL: 1, "Adult education provider": 1}
    note = next(n for n in imported.notes if n.startswith("unmapped:"))
    assert f"'{COUNSEL}' (1)" in note and "'Adult education provider' (1)" in note
    a = imported.actors.set_index("name")
    assert a.loc["Ohjaamo Tampere ry", "type"] == "other" and a.loc["Ohjaamo Tampere ry", "erasmus_type"] == COUNSEL
    mapped = convert_erasmus(
        list(files), type_map={"adult education provider": "vet"}, cluster_orgs=["OHJAAMO TAMPERE"]
    )
    assert mapped.actors.set_index("name").loc["Voksenopplæringen Bergen", "type"] == "vet"
    assert dict(mapped.unmapped) == {COUNSEL: 1}
    assert mapped.actors.set_index("name").loc["Ohjaamo Tampere ry", "type"] == "cluster_org"  # --cluster-orgs, by name


def test_regions_countries_roles(imported):
    a = imported.actors.set_index("name")
    assert (
        a.loc["Ammerland Feinkost GmbH", "country"] == "DE"
        and a.loc["Ammerland Feinkost GmbH", "region"] == "Weser-Ems"
    )
    assert a.loc["Klyngen Havbruk Vest", "region"] == "NO"  # no region: the country, reported
    assert any("9 organisations without a region have their country" in n for n in imported.notes)  # 8 long
    p = imported.participations.set_index(["project", "actor"])["role"]
    coord = p.xs("2019-1-NO01-KA202-060123").value_counts().to_dict()
    assert coord == {"coordinator": 1, "participant": 4}
    assert (p.xs("101055123") == "associated partner").sum() == 1


def test_projects_table_and_typology(imported):
    pr = imported.projects.set_index("id")
    p1 = pr.loc["2019-1-NO01-KA202-060123"]
    assert (p1["start"], p1["end"], p1["call_year"], p1["budget"]) == ("2019-09-01", "2021-08-31", 2019, 248500.0)
    assert p1["action"] == "Strategic Partnerships for vocational education and training"
    assert p1["scope"] == "collaboration, international" and pd.isna(p1["complexity"])  # left to the partners
    cove = pr.loc["101055123"]
    assert (cove["scope"], cove["complexity"], cove["title"]) == ("collaboration, international", "high", "Blue skills")
    mobility = pr.loc["2022-1-NO01-KA122-VET-000111"]
    assert pd.isna(mobility["scope"]) and pd.isna(mobility["complexity"])


def test_cli_writes_tables_every_command_reads(files, tmp_path):
    from clustergraph import load
    from clustergraph.analysis.projects import project_metrics

    out = tmp_path / "erasmus"
    res = CliRunner().invoke(main, ["import", "erasmus", *map(str, files), "-o", str(out), "--type",
                                    "Adult education provider=vet"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "unmapped:" in res.stderr and COUNSEL in res.stderr
    G = load(out / "actors.csv", participations=out / "participations.csv", projects=out / "projects.csv")
    m = project_metrics(G).set_index("id")
    # the action types feed the typology: the mobility project of one school is acting alone, the CoVE
    # is high complexity and international, the KA2 partnership international
    assert m.loc["101055123", ["scope", "complexity"]].tolist() == ["collaboration, international", "high"]
    assert m.loc["2022-1-NO01-KA122-VET-000111", "scope"] == "acting alone"
    assert m.loc["2019-1-NO01-KA202-060123", "scope"] == "collaboration, international"


def test_neither_layout_and_missing_identifier(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="neither Erasmus"):
        convert_erasmus(bad)
    empty = tmp_path / "y.csv"
    empty.write_text("Project number,Organisation name,Country\n,Foo AS,NO\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"y.csv.*row 2.*Project number.*empty project identifier"):
        convert_erasmus(empty)


def test_type_keywords_in_several_languages():
    assert [map_type(x) for x in ("Unternehmen", "Empresa", "Bedrift", "Fagskole", "Yliopisto", "Ayuntamiento",
                                  "Stiftung", "Other", SCHOOL)] == [
        "firm", "firm", "firm", "vet", "university", "government", "other", "other", None]  # fmt: skip


def test_action_type_settles_scope_and_complexity(tmp_path):
    """Only the Norwegian partners listed (as a regional extract has them): the action's rules still make a
    cooperation partnership international and a CoVE international and of high complexity."""
    from clustergraph import load
    from clustergraph.analysis.projects import project_metrics

    src = tmp_path / "extract.csv"
    src.write_text(
        "Project Identifier,Action Type,Organisation name,Organisation type,Country,Region\n"
        "2023-1-NO01-KA220-VET-000001,Cooperation partnerships in vocational education and training,"
        "Os vidaregåande skule,VET provider,Norway,Vestland\n"
        "2023-1-NO01-KA220-VET-000001,Cooperation partnerships in vocational education and training,"
        "Havyard AS,SME,Norway,Vestland\n"
        "101104321,Centres of Vocational Excellence,Fagskulen Vestland,VET provider,Norway,Vestland\n"
        "101104321,Centres of Vocational Excellence,Vestland fylkeskommune,Regional Public body,Norway,Vestland\n"
        "2023-1-NO01-KA122-VET-000002,VET learner and staff mobility,Fagskulen Vestland,VET provider,Norway,Vestland\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert CliRunner().invoke(main, ["import", "erasmus", str(src), "-o", str(out)]).exit_code == 0
    G = load(out / "actors.csv", participations=out / "participations.csv", projects=out / "projects.csv")
    m = project_metrics(G).set_index("id")
    assert m.loc["2023-1-NO01-KA220-VET-000001", ["scope", "complexity"]].tolist() == [
        "collaboration, international", "low-medium"]  # fmt: skip
    assert m.loc["101104321", ["scope", "complexity"]].tolist() == ["collaboration, international", "high"]
    assert m.loc["2023-1-NO01-KA122-VET-000002", ["scope", "complexity"]].tolist() == ["acting alone", "low-medium"]
