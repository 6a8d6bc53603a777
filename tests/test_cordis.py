"""``clustergraph import cordis`` on a small fixture in the exact CORDIS export format (tests/fixtures/cordis)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.io.cordis import convert_cordis

FIXTURE = Path(__file__).parent / "fixtures" / "cordis"
ORG, PROJ = FIXTURE / "organization.csv", FIXTURE / "project.csv"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def imported():
    return convert_cordis(ORG, PROJ)


def test_type_mapping_and_cluster_names(imported):
    types = imported.actors.set_index("id")["type"].to_dict()
    assert types == {
        "999990001": "university",  # HES
        "999990002": "rto",  # REC
        "999990003": "firm",  # "PRC;PRC": the first code
        "999990004": "cluster_org",  # OTH, "Cluster" in the name
        "999990005": "other",  # OTH: a hospital
        "999990006": "government",  # PUB
        "999990007": "firm",
        "999990009": "other",  # empty activityType: guessed, counted
    }
    assert imported.cluster_orgs == ["999990004 Basque Energy Cluster Association"]
    assert any("empty or unknown activityType typed 'other'" in n and "1 " in n for n in imported.notes)


def test_geolocation_and_nuts(imported):
    a = imported.actors.set_index("id")
    assert (a.loc["999990001", "lat"], a.loc["999990001", "lon"]) == (43.0644, -2.4901)
    assert (a.loc["999990002", "lat"], a.loc["999990002", "lon"]) == (43.2936, -2.8694)  # "(lat, lon)"
    assert pd.isna(a.loc["999990006", "lat"])  # "not a place": cleared and counted
    assert any("cleared: 1 geolocations" in n for n in imported.notes)
    assert a.loc["999990001", "region"] == "ES21" and a.loc["999990007", "region"] == "NO0A"  # NUTS-2
    assert a.loc["999990001", "country"] == "ES" and a.loc["999990009", "region"] == "PT"  # no nutsCode: the country
    level3 = convert_cordis(ORG, PROJ, region_level=3).actors.set_index("id")
    assert level3.loc["999990001", "region"] == "ES212" and level3.loc["999990006", "region"] == "ES"  # ES21 too short
    assert convert_cordis(ORG, PROJ, region_level=1).actors.set_index("id").loc["999990001", "region"] == "ES2"


def test_third_parties_left_out_and_counted(imported):
    assert "999990008" not in set(imported.actors["id"])
    assert any("1 third-party rows" in n for n in imported.notes)
    kept = convert_cordis(ORG, PROJ, include_third_parties=True)
    assert "999990008" in set(kept.actors["id"])
    assert kept.participations.set_index("actor").loc["999990008", "role"] == "thirdParty"


def test_repeated_organisations_become_one_actor(imported):
    assert imported.actors["id"].is_unique and len(imported.actors) == 8
    p = imported.participations
    assert sorted(p.loc[p["actor"] == "999990001", "project"]) == ["101000001", "861234"]
    assert imported.actors.set_index("id").loc["999990001", "name"] == "Mondragon Unibertsitatea"  # first row
    assert any("merged: 3 rows" in n for n in imported.notes)
    assert any("missing from the project file" in n for n in imported.notes)  # project 555555


def test_projects_table(imported):
    pr = imported.projects.set_index("id")
    assert list(pr.index) == ["101000001", "861234", "700001"]
    assert pr.loc["861234", "budget"] == 1234567.5  # "1234567,5"
    assert (pr.loc["101000001", "programme"], pr.loc["101000001", "start"]) == ("HORIZON", "2022-01-01")


def test_filters():
    es = convert_cordis(ORG, PROJ, countries=("es",), since=2018)
    assert set(es.actors["country"]) == {"ES"} and set(es.projects["id"]) == {"101000001", "861234"}
    nuts = convert_cordis(ORG, PROJ, nuts=("ES21",), keep_partners=True, programmes=("HORIZON",))
    assert set(nuts.projects["id"]) == {"101000001"} and "NO" in set(nuts.actors["country"])
    only = convert_cordis(ORG, PROJ, nuts=("ES21",), programmes=("HORIZON",))
    assert set(only.actors["region"]) == {"ES21"}


def test_cli_end_to_end(tmp_path):
    code, out, err = run("import", "cordis", ORG, PROJ, "-o", tmp_path / "c")
    assert code == 0, err
    assert "third-party" in err and "cluster_org" in err
    d = tmp_path / "c"
    assert "cluster_org" in (d / "import_notes.txt").read_text(encoding="utf-8")
    code, out, err = run("validate", d / "actors.csv", d / "participations.csv", "--projects", d / "projects.csv")
    assert code == 0, err


def _corrupt(tmp_path, name: str, line_no: int, transform) -> Path:
    lines = (FIXTURE / name).read_text(encoding="utf-8").split("\n")
    lines[line_no - 1] = transform(lines[line_no - 1])
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_malformed_row_exits_2_naming_the_row(tmp_path):
    org = _corrupt(tmp_path, "organization.csv", 4, lambda line: line.rsplit(";", 1)[0])  # a field missing
    code, _, err = run("import", "cordis", org, PROJ, "-o", tmp_path / "out")
    assert code == 2 and "row 4" in err and "malformed row" in err
    assert not (tmp_path / "out" / "actors.csv").exists()


def test_bad_date_and_empty_id_name_row_and_column(tmp_path):
    proj = _corrupt(tmp_path, "project.csv", 2, lambda line: line.replace('"2022-01-01"', '"01 Jan 22"', 1))
    with pytest.raises(InputError) as exc:
        convert_cordis(ORG, proj)
    (p,) = exc.value.problems
    assert (p.row, p.column) == (2, "startDate")
    org = _corrupt(tmp_path, "organization.csv", 3, lambda line: line.replace('"999990002"', '""', 1))
    code, _, err = run("import", "cordis", org, PROJ, "-o", tmp_path / "out")
    assert code == 2 and "row 3" in err and "organisationID" in err


def test_wrong_file_names_the_missing_columns(tmp_path):
    code, _, err = run("import", "cordis", PROJ, PROJ, "-o", tmp_path / "out")
    assert code == 2 and "missing CORDIS column 'projectID'" in err


NONUTS = Path(__file__).parent / "fixtures" / "cordis-nonuts"


def test_empty_nuts_codes_give_every_organisation_its_country_as_region():
    imp = convert_cordis(NONUTS / "organization.csv", NONUTS / "project.csv")
    a = imp.actors.set_index("id")
    assert a["region"].notna().all() and (a["region"] == a["country"]).all()
    assert any("guessed: 8 organisations without nutsCode have their country as region" in n for n in imp.notes)


def test_cluster_organisations_by_name_in_many_languages_and_by_list(tmp_path):
    imp = convert_cordis(NONUTS / "organization.csv", NONUTS / "project.csv")
    types = imp.actors.set_index("id")["type"].to_dict()
    assert types["999980001"] == "cluster_org"  # PRC "IT'S OWL CLUSTERMANAGEMENT GMBH"
    assert types["999980002"] == "cluster_org"  # OTH "DISTRETTO TECNOLOGICO ..."
    assert types["999980004"] == "cluster_org"  # OTH "KLYNGEN FOR ..."
    assert types["999980006"] == "cluster_org"  # OTH "CLUSTERUL ..."
    assert types["999980007"] == "cluster_org"  # OTH "ASOCIACION CLUSTER ..."
    assert types["999980005"] == "firm"  # a PRC firm merely named "Cluster Power": not re-typed
    assert types["999980003"] == "university" and types["999980008"] == "firm"
    note = next(n for n in imp.notes if n.startswith("re-typed:"))
    assert "5 organisations" in note and "999980001 IT'S OWL CLUSTERMANAGEMENT GMBH (was PRC firm" in note
    listed = tmp_path / "clusters.txt"
    listed.write_text("Havbris Vest\n999980005\n", encoding="utf-8")  # a name without legal form, an id
    out = tmp_path / "out"
    code, _, err = run("import", "cordis", NONUTS / "organization.csv", NONUTS / "project.csv", "-o", out,
                       "--cluster-orgs", listed)  # fmt: skip
    assert code == 0, err
    written = pd.read_csv(out / "actors.csv", dtype=str).set_index("id")
    assert written.loc["999980008", "type"] == "cluster_org" and written.loc["999980005", "type"] == "cluster_org"
    assert "in --cluster-orgs" in err
    assert written.loc["999980003", "pic"] == "999980003" and written.loc["999980003", "vat"] == "NO874789542MVA"
