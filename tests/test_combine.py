"""``clustergraph combine``: a member list written as clusters keep them, against generated project data.

The member list spells its organisations as people do: mixed case, legal forms dropped or changed,
a transposed letter, accents left out, ``og`` for ``&``, organisation numbers with spaces for some;
some members are in no project. The project data has confusable neighbours (one letter apart, the same
name in another country). Automatic merges must all be right; with the review pairs, at least 97 % of
the members found in the data must be found.
"""

from __future__ import annotations

import random

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.io.combine import Source, combine, read_decisions, read_members, read_source
from clustergraph.names import name_key
from clustergraph.synthetic import generate_projects

PLACES = ["Bergen", "Ålesund", "Stord", "Førde", "Haugesund", "Florø", "Ulsteinvik", "Tromsø", "Molde", "Kristiansund",
          "Emden", "Oldenburg", "Bilbao", "Vigo", "Leer", "Gijón"]  # fmt: skip
WORDS = ["Marine", "Subsea", "Havbruk", "Offshore", "Verft", "Energi", "Fiskeri", "Mekaniske", "Automasjon",
         "Elektro", "Hydrogen", "Robotikk", "Sjømat", "Logistikk", "Design", "Teknologi", "Propulsion", "Kran"]  # fmt: skip
TAILS = ["Solutions", "Engineering", "Group", "Systems", "Services", "Partner", "Innovation", "", "", ""]
FORMS = {"NO": ["AS", "AS", "ASA"], "DE": ["GmbH", "AG"], "ES": ["S.L.", "S.A."]}
CHANGED = {"AS": "ASA", "ASA": "AS", "GmbH": "AG", "AG": "GmbH", "S.L.": "S.A.", "S.A.": "S.L."}
COUNTRY = {"Emden": "DE", "Oldenburg": "DE", "Leer": "DE", "Bilbao": "ES", "Vigo": "ES", "Gijón": "ES"}
N_ACTORS = 220
N_MEMBERS = 90
N_ALONE = 7  # members in no project


def project_data(seed: int = 7):
    rng = random.Random(seed)
    rows, keys = [], set()
    while len(rows) < N_ACTORS:
        place = rng.choice(PLACES)
        country = COUNTRY.get(place, "NO")
        words = rng.sample(WORDS, rng.choice([1, 2]))
        joint = " & " if len(words) == 2 and rng.random() < 0.3 else " "
        tail = rng.choice(TAILS)
        base = " ".join(x for x in [place, joint.join(words), tail] if x)
        name = f"{base} {rng.choice(FORMS[country])}"
        key = (country, name_key(name))
        if key in keys:
            continue
        keys.add(key)
        number = str(rng.randrange(810_000_000, 999_999_999))
        rows.append({"id": f"9999{len(rows):05d}", "name": name, "type": "firm", "region": place, "country": country,
                     "city": place, "org": number})  # fmt: skip
    # confusable neighbours, each a different organisation: one letter apart, a holding, another country
    extra = [("Bergen Marine AS", "NO"), ("Bergen Marina AS", "NO"), ("Stord Verft AS", "NO"),
             ("Stord Verft Holding AS", "NO"), ("Nordic Hydrogen AS", "NO"), ("Nordic Hydrogen GmbH", "DE"),
             ("Molde Kran AS", "NO"), ("Molde Kran Service AS", "NO")]  # fmt: skip
    for name, country in extra:
        rows.append({"id": f"9999{len(rows):05d}", "name": name, "type": "firm", "region": "Vestland",
                     "country": country, "city": "", "org": str(rng.randrange(810_000_000, 999_999_999))})  # fmt: skip
    actors = pd.DataFrame(rows)
    actors["vat"] = [f"NO{o}MVA" if c == "NO" else f"{c}{o}" for o, c in zip(actors["org"], actors["country"])]
    actors["pic"] = actors["id"]
    parts, projects = generate_projects(actors[["id", "type", "region", "country"]], seed=seed)
    in_projects = set(parts["actor"])
    return actors, parts, projects, in_projects


def _transpose(name: str, rng: random.Random) -> str:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    i = rng.choice(long) if long else 0
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _strip_form(name: str) -> str:
    return name.rsplit(" ", 1)[0]


def _plain(name: str) -> str:
    return name.translate(str.maketrans("åøæÅØÆó", "aoeAOEo"))


def member_list(actors: pd.DataFrame, in_projects: set, seed: int = 11):
    """(rows of the member list, truth: member row -> the actor id it is, or None)."""
    rng = random.Random(seed)
    pool = [r for r in actors.to_dict("records") if r["id"] in in_projects and r["city"]]
    chosen = rng.sample(pool, N_MEMBERS)
    rows, truth = [], []
    for i, r in enumerate(chosen):
        name, form = r["name"], r["name"].rsplit(" ", 1)[1]
        style = i % 8
        org = ""
        if style == 0:
            written = name
        elif style == 1:
            written = name.upper()
        elif style == 2:
            written = _strip_form(name).lower()
        elif style == 3:
            written = f"{_strip_form(name)} {CHANGED[form]}"
        elif style == 4:
            written = _transpose(_strip_form(name), rng)  # a typo: only review can find it
        elif style == 5:
            written = _transpose(name, rng)
            org = " ".join([r["org"][:3], r["org"][3:6], r["org"][6:]])  # "923 609 016": the number finds it
        elif style == 6:
            written = _plain(name.replace(" & ", " og ")).title()
        else:
            written = _strip_form(name)
            org = r["org"] if rng.random() < 0.5 else ""
        land = {"NO": rng.choice(["Norge", "Norway", "NO"]), "DE": "Tyskland", "ES": "Spania"}[r["country"]]
        land = "" if land in ("Tyskland", "Spania") and rng.random() < 0.5 else land
        rows.append({"Navn": written, "Org.nr": org, "Land": land, "Poststed": r["city"].upper()})
        truth.append(r["id"])
    for j in range(N_ALONE):  # members in no project
        rows.append({"Navn": f"Nyetablert Bedrift {j} AS", "Org.nr": "", "Land": "Norge", "Poststed": "Bergen"})
        truth.append(None)
    # a member whose name alone is ambiguous (two countries) and who gives no country: review, not a guess
    rows.append({"Navn": "Nordic Hydrogen", "Org.nr": "", "Land": "", "Poststed": ""})
    truth.append(actors.loc[actors["name"] == "Nordic Hydrogen AS", "id"].iloc[0])
    # a member one letter from a neighbour: must not be merged into "Bergen Marina AS"
    rows.append({"Navn": "Bergen Marine", "Org.nr": "", "Land": "Norge", "Poststed": ""})
    truth.append(actors.loc[actors["name"] == "Bergen Marine AS", "id"].iloc[0])
    return rows, truth


def write_members(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Medlemmer"
    ws.append(["Medlemsliste Vestland Havklynge 2024"])  # a title row above the header
    ws.append(list(rows[0]))
    for r in rows:
        ws.append(list(r.values()))
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    d = tmp_path_factory.mktemp("combine")
    actors, parts, projects, in_projects = project_data()
    src = d / "cordis"
    src.mkdir()
    actors.drop(columns=["org"]).to_csv(src / "actors.csv", index=False)
    parts.to_csv(src / "participations.csv", index=False)
    projects.to_csv(src / "projects.csv", index=False)
    rows, truth = member_list(actors, in_projects)
    members = write_members(d / "members.xlsx", rows)
    return d, src, members, truth


@pytest.fixture(scope="module")
def combined(world):
    d, src, members, truth = world
    return combine([read_source(src)], read_members(members))


def measure(result, truth):
    """(precision of automatic merges, recall with review, right, wrong, missed) on the member list."""
    m = result.matches
    into = m[m["source"] == "cordis"].set_index("record_id")["id"]  # the actor each project record went into
    members = m[m["source"] == "members"].reset_index(drop=True)
    review = result.review
    right = wrong = 0
    missed = []
    for i, t in enumerate(truth):
        row = members.iloc[i]
        if row["status"] == "merged":
            if t is not None and into[t] == row["id"]:
                right += 1
            else:
                wrong += 1
        if t is None:
            continue
        found = into[t] == row["id"] or (
            (review["record_source"] == "members") & (review["record_id"] == row["record_id"])
            & (review["candidate_id"] == into[t])
        ).any()  # fmt: skip
        if not found:
            missed.append((row["record"], t))
    expected = sum(1 for t in truth if t is not None)
    return right / max(right + wrong, 1), 1 - len(missed) / expected, right, wrong, missed


def test_precision_and_recall_on_a_member_list(world, combined):
    truth = world[3]
    result = combined
    precision, recall, right, wrong, missed = measure(result, truth)
    print(
        f"\nautomatic merges: {right} right, {wrong} wrong (precision {precision:.3f}); recall with review "
        f"{recall:.3f}; review pairs {len(result.review)}; missed {missed}"
    )
    assert wrong == 0 and precision == 1.0
    assert recall >= 0.97
    assert right >= 0.7 * N_MEMBERS  # most merge without anyone's review
    # every source record is in matches.csv, once
    assert len(result.matches) == len(truth) + N_ACTORS + 8


def test_members_without_projects_kept_and_flagged(combined):
    result = combined
    a = result.actors.set_index("name")
    for j in range(N_ALONE):
        row = a.loc[f"Nyetablert Bedrift {j} AS"]
        assert bool(row["member"]) and bool(row["no_collaboration"]) and row["sources"] == "members"
    assert int(result.actors["member"].sum()) >= N_MEMBERS
    note = next(n for n in result.notes if n.startswith("members:"))
    pending = int((result.matches.loc[result.matches["source"] == "members", "status"] == "review").sum())
    assert f"of which {N_ALONE + pending} in no project" in note and f"{pending} of them have candidates" in note


def test_ambiguous_and_one_letter_neighbours_go_to_review(combined):
    result = combined
    m = result.matches.set_index("record")
    assert m.loc["Nordic Hydrogen", "status"] == "review"  # in NO and DE, no country given
    assert m.loc["Bergen Marine", "rule"] == "exact name" and m.loc["Bergen Marine", "status"] == "merged"
    assert m.loc["Bergen Marine", "id"] == m.loc["Bergen Marine AS", "id"] != m.loc["Bergen Marina AS", "id"]


def test_review_loop_through_the_cli(world, tmp_path):
    d, src, members, truth = world
    out = tmp_path / "eco"
    run = CliRunner().invoke(main, ["combine", str(src), "--members", str(members), "-o", str(out)])
    assert run.exit_code == 0, run.output
    for f in ("actors.csv", "participations.csv", "projects.csv", "matches.csv", "review.xlsx"):
        assert (out / f).is_file()
    assert "review:" in run.stderr
    # the cluster manager decides every pair in review.xlsx (here: by the truth)
    matches = pd.read_csv(out / "matches.csv", dtype=str)
    member_rows = matches[matches["source"] == "members"].reset_index(drop=True)
    true_pairs = {(t, member_rows.loc[i, "record_id"]) for i, t in enumerate(truth) if t is not None}
    wb = openpyxl.load_workbook(out / "review.xlsx")
    ws = wb["review"]
    header = [c.value for c in ws[1]]
    col = {h: i for i, h in enumerate(header)}
    n = 0
    for row in ws.iter_rows(min_row=2):
        pair = {(row[col["record_source"]].value, row[col["record_id"]].value),
                (row[col["candidate_source"]].value, row[col["candidate_record"]].value)}  # fmt: skip
        ids = {v for s, v in pair if s == "cordis"}, {v for s, v in pair if s == "members"}
        same = any((c, mm) in true_pairs for c in ids[0] for mm in ids[1])
        row[col["decision"]].value = "same" if same else "different"
        n += 1
    assert n > 0
    wb.save(out / "review.xlsx")
    assert len(read_decisions(out / "review.xlsx")) == n
    again = CliRunner().invoke(
        main, ["combine", str(src), "--members", str(members), "-o", str(out), "--decisions", str(out / "review.xlsx")]
    )
    assert again.exit_code == 0, again.output
    result2 = pd.read_csv(out / "matches.csv", dtype=str)
    assert (result2["rule"] == "decision").sum() >= 1
    # after the decisions every member found in the data is one actor with its project record
    into = result2[result2["source"] == "cordis"].set_index("record_id")["id"]
    mem = result2[result2["source"] == "members"].reset_index(drop=True)
    wrong = [(t, mem.loc[i, "record"]) for i, t in enumerate(truth) if t is not None and into[t] != mem.loc[i, "id"]]
    assert wrong == []
    # the decisions stay in the new review.xlsx, so the next run keeps them
    assert len(read_decisions(out / "review.xlsx")) == n
    actors = pd.read_csv(out / "actors.csv", dtype=str)
    assert {"member", "sources", "no_collaboration"} <= set(actors.columns)


def test_around_members_keeps_members_and_partners(world, combined):
    d, src, members, truth = world
    full = combined
    around = combine([read_source(src)], read_members(members), around_members=True)
    assert len(around.actors) < len(full.actors)
    kept = set(around.actors["id"])
    assert set(around.participations["actor"]) <= kept
    assert set(full.actors.loc[full.actors["member"], "id"]) <= kept
    member_ids = set(around.actors.loc[around.actors["member"], "id"])
    for _, g in around.participations.groupby("project"):
        assert set(g["actor"]) & member_ids


def test_identifiers_and_sources_in_memory():
    a = Source("cordis", pd.DataFrame({"id": ["1", "2"], "name": ["Havyard Group ASA", "Other AS"], "type": ["firm", "firm"],
                                       "country": ["NO", "NO"], "vat": ["NO 979 509 707 MVA", ""]}))  # fmt: skip
    b = Source("erasmus", pd.DataFrame({"id": ["NO-x"], "name": ["HAVYARD"], "type": ["firm"], "country": ["Norway"]}))
    m = pd.DataFrame({"name": ["Havyard Leirvik"], "org_number": ["979509707"], "id": [""], "row": [2]})
    c = combine([a, b], m)
    row = c.actors.iloc[0]
    assert row["sources"] == "members;cordis" and row["name"] == "Havyard Leirvik"
    assert c.matches.set_index("source").loc["members", "rule"] == "identifier"  # "979509707" in the VAT number
    # the Erasmus+ record is matched by name to the actor the identifier made: "havyard group" vs "havyard"
    erasmus = c.matches.set_index("source").loc["erasmus"]
    assert erasmus["status"] in ("review", "merged")
