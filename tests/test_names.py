"""One name normaliser (clustergraph.names) for the importers, combine and every option that asks for an actor."""

from __future__ import annotations

import networkx as nx
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.errors import InputError
from clustergraph.lookup import resolve_actor
from clustergraph.names import cluster_evidence, country_code, identifier_key, name_key


@pytest.mark.parametrize(
    "written",
    ["Ammerland Feinkost GmbH", "AMMERLAND FEINKOST", "ammerland feinkost ag", "Ammerland-Feinkost G.m.b.H.",
     "Ammerland Feinkost GmbH & Co. KG", "Ammerland  Feinkost e.V."],
)  # fmt: skip
def test_legal_forms_case_and_punctuation_ignored(written):
    assert name_key(written) == "ammerland feinkost"


def test_legal_forms_of_many_countries_and_connectors():
    same = [
        ("Ulstein Verft AS", "ULSTEIN VERFT ASA"),
        ("Brattvåg Marine & Design A/S", "Brattvag Marine og Design"),
        ("Astilleros del Norte S.L.", "Astilleros del Norte, S.A."),
        ("Nordic Foods Oy", "Nordic Foods AB"),
        ("Fabbrica Italiana S.R.L.", "fabbrica italiana srl"),
        ("Delta Works B.V.", "Delta Works NV"),
        ("Acme Ltd", "Acme Limited"),
        ("Wind und Wasser GmbH", "Wind & Wasser"),
        ("AS Tallinna Vesi", "Tallinna Vesi"),
    ]
    for a, b in same:
        assert name_key(a) == name_key(b), (a, b)
    # words that are names, not forms, stay
    assert name_key("AS") == "as" and name_key("Bergen Marine AS") != name_key("Bergen Marina AS")
    assert name_key("Universitetet i Bergen") == name_key("UNIVERSITETET I BERGEN")


def test_identifiers_normalised():
    assert identifier_key("NO 923 609 016 MVA") == identifier_key("923609016") == identifier_key("923 609 016")
    assert identifier_key("DE 811 205 325") == "811205325"
    assert identifier_key("923609016.0") == "923609016"
    assert identifier_key("") == identifier_key(None) == identifier_key("n/a") == ""


def test_countries_and_cluster_words():
    assert [country_code(c) for c in ("Norway", "Norge", "NO", "Tyskland", "Greece", "United Kingdom", "Atlantis")] == [
        "NO", "NO", "NO", "DE", "EL", "UK", None]  # fmt: skip
    strong = ["IT'S OWL Clustermanagement GmbH", "Pôle de compétitivité Mer Bretagne", "NCE Maritime CleanTech",
              "Distretto Tecnologico Aerospaziale della Campania", "Clusterul Regional Inovativ Electroprecizia"]  # fmt: skip
    weak = ["Energiklyngen Vest", "Basque Energy Cluster", "Kluster Hållbar Industri", "Klaster Technologii Wodorowych",
            "Clúster de la Energía", "Innovation Network Plastics"]  # fmt: skip
    assert [cluster_evidence(n) for n in strong] == ["strong"] * len(strong)
    assert all(cluster_evidence(n) in ("weak", "strong") for n in weak)
    assert cluster_evidence("Cluster Power Solutions AS") == "weak"  # a firm's name: not enough to re-type a firm
    assert cluster_evidence("Havyard Group ASA") is None


def test_lookup_unique_ignoring_legal_form_ambiguous_lists_candidates():
    G = nx.Graph()
    G.add_node("DE-1", name="Ammerland Feinkost GmbH")
    G.add_node("NO-1", name="Fjord Maritime AS")
    G.add_node("NO-2", name="Fjord Maritime ASA")
    assert resolve_actor(G, "ammerland feinkost") == "DE-1"
    assert resolve_actor(G, "AMMERLAND FEINKOST AG") == "DE-1"
    with pytest.raises(InputError) as info:
        resolve_actor(G, "fjord maritime")
    assert "matches 2 actors" in str(info.value) and "(id NO-1)" in str(info.value) and "(id NO-2)" in str(info.value)


def test_ego_by_name_on_the_command_line(tmp_path):
    actors = tmp_path / "actors.csv"
    actors.write_text(
        "id,name,type,region,country\nDE-1,Ammerland Feinkost GmbH,firm,Weser-Ems,DE\n"
        "DE-2,BBS Ammerland,vet,Weser-Ems,DE\nDE-3,Universität Oldenburg,university,Weser-Ems,DE\n",
        encoding="utf-8",
    )
    links = tmp_path / "links.csv"
    links.write_text("source,target\nDE-1,DE-2\nDE-2,DE-3\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["map", str(actors), str(links), "-o", str(tmp_path / "m.html"), "--ego",
                                    "ammerland feinkost"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert (tmp_path / "m.html").is_file()
