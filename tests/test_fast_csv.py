"""The column-wise CSV path (io/fastcsv.py ``_read_csv_fast``, io/validate.py ``_fast_links``) gives the
same frames, notices and problems as the row-wise reference path, on valid and on invalid inputs."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clustergraph.errors import InputError
from clustergraph.io import fastcsv, read_inputs, read_table, validate

ACTORS = "id,name,type,region\na,Alpha,firm,North\nb,Beta,vet,North\nc,Gamma,university,South\n007,Zero,rto,South\n"
HEAD = "source,target,type,weight,year,scope,note\n"


def outcome(actors, links, lenient=False):
    """(actors, links, fixes, dropped) or the InputError's problems as text."""
    try:
        a, l, prov = read_inputs(actors, links, lenient=lenient)
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return a, l, prov["fixed"], prov["dropped"]


def both_paths(monkeypatch, actors, links, lenient=False):
    with monkeypatch.context() as m:
        m.setattr(fastcsv, "FAST_CHUNK_ROWS", 2)  # rows of every kind in later chunks too
        fast = outcome(actors, links, lenient)
    with monkeypatch.context() as m:
        m.setattr(fastcsv, "_read_csv_fast", lambda *a, **k: None)
        reference = outcome(actors, links, lenient)
    return fast, reference


def assert_same(fast, reference):
    if isinstance(reference, list):
        assert fast == reference
        return
    assert not isinstance(fast, list), fast
    pd.testing.assert_frame_equal(fast[0], reference[0])
    pd.testing.assert_frame_equal(fast[1], reference[1])
    assert fast[2:] == reference[2:]


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_plain_file_is_read_column_wise(tmp_path):
    links = write(tmp_path / "l.csv", HEAD + "a,b,supply,1,2020,regional,x\n")
    t = read_table(links, "links")
    assert t.frame is not None and t.row_numbers[0] == 2
    assert t.rows[0] == ("a", "b", "supply", "1", "2020", "regional", "x") and list(t.rows) == [t.rows[0]]
    quoted = read_table(write(tmp_path / "q.csv", HEAD + 'a,b,"supply, etc",1,2020,,\n' * 3), "links")
    assert quoted.frame is not None and quoted.rows[2][2] == "supply, etc"  # quotes closed on their line
    spanning = HEAD + 'a,b,"supply\n, etc",1,2020,,\n' + "a,b,x,1,,,\n" * 20_000
    assert read_table(write(tmp_path / "s.csv", spanning), "links").frame is None  # row by row
    quotes = HEAD + "a,b,x,1,,,\n" * 400_000 + 'a,b,"supply\n",1,2020,,\n'  # a block later: row by row too
    assert read_table(write(tmp_path / "s.csv", quotes), "links").frame is None


VALID = [
    "a,b,supply,1,2020,regional,x\nb,c,,2.5,,National,\nc,007,project,,2001,,y\n",
    " a , b ,supply , 1 , 2020 ,regional ,x \n7.0,a,,1e2,2020.0,,\n",  # trimmed values, 7.0 id
    "a,b,supply,1,2020,regional,x\r\nb,c,research,3,2021,,\r\n",  # CRLF
    "a,b\nb,c,x\n",  # short rows
    "Caf\u0065\u0301,a,,1,2020,,\n",  # NFD id of an NFC actor
]
INVALID = [
    "a,zz,supply,1,2020,,\n",  # unknown actor
    "a,Zz,supply,1,2020,,\n",
    "a,7,supply,1,2020,,\n",  # leading zeros count
    ",b,supply,1,2020,,\n",  # empty source
    "a,a,supply,1,2020,,\n",  # self-loop
    "a,b,supply,two,2020,,\n",
    "a,b,supply,0,2020,,\n",
    "a,b,supply,-1,2020,,\n",
    "a,b,supply,1e13,2020,,\n",
    "a,b,supply,1e400,2020,,\n",
    "a,b,supply,nan,2020,,\n",
    "a,b,supply,1.5;2,2020,,\n",
    "a;b;supply;1,5;2020;;\n",  # ';' file with a decimal comma (valid, with a notice)
    "a,b,supply,1,1800,,\n",
    "a,b,supply,1,20²,,\n",
    "a,b,supply,1,1e400,,\n",
    "a,b,supply,1,2020,global,\n",
    "a,b,supply,1,2020,,x,extra\n",  # longer row
    "a,b,supply,1,2020,,\nb,c,,1,,,\nc,a,,1,,,\na,c,,1,,,,\n",  # longer row in a later chunk
    "a,b,supply,1,2020,,\n\nb,c,,1,,,\n",  # blank row
    "a,b,supply,1,2020,,\n,,,,,,\n",  # row of empty cells
    'a,b,"sup\nply",1,2020,,\n',  # a quoted cell spanning lines
    'a,b,"supply",1,2020,,"x, y"\n',  # quoted cells on one line: the column-wise path reads them
    '"a","b","supply","1","2020","",""\n"b",c,,1,,,"he said ""hi"""\n',
    'a,b,sup"ply,1,2020,,\n',  # a quote inside an unquoted cell is a character
    'a,b,"sup"ply,1,2020,,\n',  # text after a closing quote
    'a,b, "supply",1,2020,,\n',  # a space before the quote: not a quoted cell
    'a,b,"supply",1,2020,,\n"b",c,,1,,,"x""\n',  # a doubled quote at the end of a quoted cell
    'a,b,"x",1,2020,,"\n',  # a quote left open on the last line
    'a,b,"supply,1,2020,,\nb,c,,1,,,\nc,a,,1,,,\n',  # unbalanced quote
]


@pytest.mark.parametrize("lenient", [False, True])
@pytest.mark.parametrize("body", VALID + INVALID)
def test_same_outcome_as_row_wise(tmp_path, monkeypatch, body, lenient):
    actors = write(tmp_path / "a.csv", ACTORS + "Caf\u00e9,Cafe,firm,North\n7,Seven,firm,North\n")
    head = HEAD.replace(",", ";") if body.count(";") > body.count(",") else HEAD
    links = write(tmp_path / "l.csv", head + body)
    assert_same(*both_paths(monkeypatch, actors, links, lenient))


@pytest.mark.parametrize("body", VALID)
def test_valid_files_take_the_fast_path(tmp_path, monkeypatch, body):
    actors = write(tmp_path / "a.csv", ACTORS + "Caf\u00e9,Cafe,firm,North\n7,Seven,firm,North\n")
    links = write(tmp_path / "l.csv", HEAD + body)
    taken = []
    original = validate._fast_links
    monkeypatch.setattr(validate, "_fast_links", lambda *a, **k: taken.append(original(*a, **k)) or taken[-1])
    read_inputs(actors, links)
    assert taken and taken[0] is not None


@pytest.mark.parametrize(
    "text",
    [
        "My cluster links\n" + HEAD + "a,b,supply,1,2020,,\n",  # title row
        "\n" + HEAD + "a,b,supply,1,2020,,\n",  # blank row above the header
        HEAD.replace("year", "date") + "a,b,supply,1,01.05.2019,,\n",  # date column read as year
        HEAD.replace("year", "date") + "a,b,supply,1,someday,,\n",
        "source,target,weight,weight\na,b,1,2\n",  # duplicate column
        "source,weight\na,1\n",  # missing column
        "source,target\n",  # no rows
        "from,to\na,b\n",  # the header is not plainly there
        "note\n" + HEAD + "a,b,supply,1,2020,,\n",  # a one-cell title row
        HEAD + "a,b,supply,1,2020,,\n   \nb,c,,1,,,\n",  # a row of spaces
        HEAD + "a,b,sup\u2028ply,1,2020,,x\u0085y\n",  # Unicode line separators inside cells
        "\ufeff\ufeff" + HEAD + "a,b,supply,1,2020,,\n",  # two byte-order marks
        "\ufeff" + HEAD + "a,b,supply,1,2020,,\n" * 3,
        "x" * 70_000 + "\n" + HEAD + "a,b,supply,1,2020,,\n",  # a first line longer than the sniffed head
        HEAD + "a,b,supply,1,2020,,\n" * 5000,  # a longer file: the head is cut mid-line
    ],
)
def test_unusual_files_same_outcome(tmp_path, monkeypatch, text):
    actors = write(tmp_path / "a.csv", ACTORS)
    links = write(tmp_path / "l.csv", text)
    assert_same(*both_paths(monkeypatch, actors, links))


def test_non_utf8_and_bom_files(tmp_path, monkeypatch):
    actors = write(tmp_path / "a.csv", ACTORS + "Caf\u00e9,Cafe,firm,North\n")
    body = HEAD + "Caf\u00e9,a,supply,1,2020,,\n"
    for name, data in (("cp.csv", body.encode("cp1252")), ("bom.csv", b"\xef\xbb\xbf" + body.encode())):
        (tmp_path / name).write_bytes(data)
        assert_same(*both_paths(monkeypatch, actors, tmp_path / name))


ids = st.sampled_from(["a", "b", "c", "007", " a", "b ", "7.0"])
cells = st.tuples(
    ids,
    ids,
    st.sampled_from(["", "supply", " research ", "project", '"supply"']),
    st.sampled_from(["", "1", "2.5", "1e3", " 4 ", ".5", "x"]),
    st.sampled_from(["", "2020", "1999.0", " 2001", "1850"]),
    st.sampled_from(["", "regional", "National", " international "]),
    st.sampled_from(["", "note", " spaced ", '"quoted, with comma"', '"say ""hi"""']),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(cells, min_size=1, max_size=30))
def test_generated_inputs_same_outcome(tmp_path_factory, monkeypatch, rows):
    folder = tmp_path_factory.mktemp("gen")
    actors = write(folder / "a.csv", ACTORS)
    links = write(folder / "l.csv", HEAD + "".join(",".join(r) + "\n" for r in rows))
    fast, reference = both_paths(monkeypatch, actors, links)
    assert_same(fast, reference)


def _wide(tmp_path, columns: int):
    head = "id,name,type," + ",".join(f"c{i}" for i in range(columns))
    rows = "".join(
        f"A{r},Actor {r},firm," + ",".join(str((r * i) % 10) for i in range(columns)) + "\n" for r in range(5)
    )
    return write(tmp_path / "wide.csv", head + "\n" + rows), write(tmp_path / "l.csv", "source,target\nA0,A1\n")


def test_wide_tables_are_checked_column_by_column_not_row_by_row_per_column(tmp_path, monkeypatch):
    """3,000 numeric columns once took minutes: every column's check built all the rows."""
    actors, links = _wide(tmp_path, 300)
    assert read_table(actors, "actors").frame is None  # wider than FAST_MAX_COLUMNS: row by row
    monkeypatch.setattr(fastcsv, "FAST_MAX_COLUMNS", 10_000)
    from clustergraph.io import table as table_module

    built = []
    original = table_module.FrameRows._tuples
    monkeypatch.setattr(
        table_module.FrameRows, "_tuples", lambda self, a, b: built.append(b - a) or original(self, a, b)
    )
    assert read_table(actors, "actors").frame is not None
    a, _, _ = read_inputs(actors, links)
    assert a.shape == (5, 303) and len(built) <= 2, built  # whole rows built once, not once per column
