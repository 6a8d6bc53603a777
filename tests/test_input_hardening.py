"""Hostile and messy input files: clear messages, exit code 2, never a traceback."""

from __future__ import annotations

import math
import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clustergraph
from clustergraph.cli import main
from clustergraph.errors import InputError

ACTORS = "id,name,type,region\na,Alpha,firm,North\nb,Beta,vet,North\nc,Gamma,university,South\n"
LINKS = "source,target,weight,year\na,b,1,2020\nb,c,2,2021\n"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def cli(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("weight", ["nan", "NaN", "inf", "-inf", "1e999", "0.0", "-0.5", "two"])
def test_weights_that_are_not_finite_positive_numbers(tmp_path, weight):
    a = write(tmp_path / "a.csv", ACTORS)
    l = write(tmp_path / "l.csv", LINKS + f"a,c,{weight},2020\n")
    code, _, err = cli("validate", a, l)
    assert code == 2
    assert f"l.csv, row 4, column 'weight': weight '{weight}' is not a positive number" in err
    assert "Traceback" not in err


def test_blank_lines_extra_columns_and_header_below_blank_rows(tmp_path):
    a = write(tmp_path / "a.csv", "\n\nid,name,type,website\n\na,Alpha,firm,https://a.example\n,,,\nb,Beta,vet,\n\n")
    l = write(tmp_path / "l.csv", "source,target,project\na,b,Skills 2030\n")
    G = clustergraph.load(a, l)
    assert G.nodes["a"]["website"] == "https://a.example"  # unknown column kept
    assert G["a"]["b"]["project"] == "Skills 2030"
    fixed = " ".join(G.graph["provenance"]["fixed"])
    assert "header found on row 3" in fixed and "3 blank rows skipped" in fixed
    assert G.graph["provenance"]["actors"]["rows_kept"] == 2


def test_merged_header_cell_with_data_is_an_error_but_empty_trailing_columns_are_not(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type,,\na,Alpha,firm,oops,\nb,Beta,vet,,\n")
    l = write(tmp_path / "l.csv", "source,target\na,b\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l)
    (p,) = info.value.problems
    assert (p.row, p.column) == (1, "#4") and "no header" in p.message
    a2 = write(tmp_path / "a2.csv", "id,name,type,,\na,Alpha,firm,,\nb,Beta,vet,,\n")
    assert clustergraph.load(a2, l).number_of_nodes() == 2


def test_row_with_too_many_cells(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type\na,Alpha, Inc,firm\nb,Beta,vet\n")
    l = write(tmp_path / "l.csv", "source,target\nb,b2\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l)
    assert str(info.value.problems[0]).endswith("a.csv, row 2: row has 4 cells but the header has 3")
    # lenient: the row is dropped, and a link to its actor says so
    G = clustergraph.load(a, write(tmp_path / "l2.csv", "source,target\na,b\n"), lenient=True)
    assert list(G.nodes) == ["b"]
    assert any("column 'source': actor 'a' was dropped" in d for d in G.graph["provenance"]["dropped"])


def test_windows_1252_file_is_read_and_reported(tmp_path):
    text = "id,name,type\n1,\u201cSmart\u201d Fabrik \u20ac GmbH,firm\n2,Schule,vet\n"
    a = write(tmp_path / "a.csv", text, encoding="cp1252")
    l = write(tmp_path / "l.csv", "source,target\n1,2\n")
    G = clustergraph.load(a, l)
    assert G.nodes["1"]["name"] == "\u201cSmart\u201d Fabrik \u20ac GmbH"
    assert any("line 2" in f and "Windows-1252" in f for f in G.graph["provenance"]["fixed"])


def test_duplicate_column_names(tmp_path):
    a = write(tmp_path / "a.csv", "id,name,type,Name\na,A,firm,B\n")
    l = write(tmp_path / "l.csv", "source,target\n")
    with pytest.raises(InputError) as info:
        clustergraph.load(a, l)
    assert "column 'Name': column name appears twice" in str(info.value)


def test_links_header_only_is_a_network_of_isolated_actors(tmp_path):
    G = clustergraph.load(write(tmp_path / "a.csv", ACTORS), write(tmp_path / "l.csv", "source,target\n"))
    assert G.number_of_nodes() == 3 and G.number_of_edges() == 0


def test_huge_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:  # a sparse 1 GiB file: instant, takes no disk
        fh.truncate(1 << 30)
    code, _, err = cli("validate", big, write(tmp_path / "l.csv", LINKS))
    assert code == 2
    assert "file is 1024 MB, above the 512 MB limit" in err and "CLUSTERGRAPH_MAX_INPUT_MB" in err


def test_binary_file(tmp_path):
    junk = tmp_path / "photo.csv"
    junk.write_bytes(bytes(range(256)) * 64)
    code, _, err = cli("validate", junk, write(tmp_path / "l.csv", LINKS))
    assert code == 2 and "photo.csv" in err and "Traceback" not in err


def test_unexpected_error_exits_1_with_hint_and_verbose_traceback(tmp_path, monkeypatch):
    import clustergraph.io.loading as cio

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(cio, "merge_links", boom)  # (validate merges the links on the tables)
    a, l = write(tmp_path / "a.csv", ACTORS), write(tmp_path / "l.csv", LINKS)
    code, _, err = cli("validate", a, l)
    assert code == 1 and "Unexpected error: RuntimeError: kaboom" in err and "please report" in err
    assert "Traceback" not in err
    code, _, err = cli("--verbose", "validate", a, l)
    assert code == 1 and "Traceback" in err


# ----------------------------------------------------------------------------- fuzzing

CELLS = st.one_of(
    st.sampled_from(
        [
            "a",
            "b",
            "c",
            "7",
            "7.0",
            "007",
            "",
            " a ",
            "firm",
            "vet",
            "VET provider",
            "bakery",
            "1",
            "-1",
            "nan",
            "inf",
            "2020",
            "1800",
            '"',
            '""',
            ",",
            ";",
            "\t",
            "<script>",
            "=cmd()",
            "\u202e",
            "\ufeff",
            "\x00",
            "\r",
            "\n",
        ]
    ),
    st.text(max_size=6),
)
ROWS = st.lists(st.lists(CELLS, min_size=0, max_size=6), min_size=0, max_size=6)


def _csv(header, rows, sep):
    return "\n".join([sep.join(header)] + [sep.join(r) for r in rows]) + "\n"


# Deterministic in CI (derandomize); FUZZ_EXAMPLES=5000 FUZZ_RANDOM=1 for a longer random hunt.
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 150)),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    arows=ROWS,
    lrows=ROWS,
    sep=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    mutate=st.integers(min_value=-1, max_value=200),
)
def test_fuzz_loader_loads_or_raises_input_error(tmp_path, arows, lrows, sep, encoding, mutate):
    text_a = _csv(["id", "name", "type", "region"], arows, sep)
    text_l = _csv(["source", "target", "weight", "year"], lrows, sep)
    data_a = text_a.encode(encoding, errors="replace")
    if 0 <= mutate < len(data_a):  # flip a byte: broken encodings, quotes, separators
        data_a = data_a[:mutate] + bytes([data_a[mutate] ^ 0x5A]) + data_a[mutate + 1 :]
    (tmp_path / "a.csv").write_bytes(data_a)
    (tmp_path / "l.csv").write_bytes(text_l.encode(encoding, errors="replace"))
    for lenient in (False, True):
        try:
            G = clustergraph.load(tmp_path / "a.csv", tmp_path / "l.csv", lenient=lenient)
        except InputError as exc:
            assert exc.problems and all(p.file and p.message for p in exc.problems)
            continue
        for _, _, d in G.edges(data=True):
            assert d["weight"] > 0 and math.isfinite(d["weight"])


def test_bom_file_with_invalid_utf8_names_the_line(tmp_path):
    # found by the fuzz test: a UTF-8 BOM followed by a Latin-1 byte
    a = tmp_path / "a.csv"
    a.write_bytes(b"\xef\xbb\xbfid,name,type\n1,B\xf8dker,firm\n")
    code, _, err = cli("validate", a, write(tmp_path / "l.csv", "source,target\n"))
    assert code == 2 and "a.csv, row 2: the file says it is UTF-8" in err and "byte 0xf8" in err


@pytest.mark.parametrize("command", ["metrics", "gaps", "whatif"])
def test_unwritable_output_path_is_a_usage_error_not_a_bug(tmp_path, command):
    a, l = write(tmp_path / "a.csv", ACTORS), write(tmp_path / "l.csv", LINKS)
    blocker = write(tmp_path / "blocker", "a file where a folder should be")
    extra = ["--add", "a,c"] if command == "whatif" else []
    code, _, err = cli(command, a, l, *extra, "-o", blocker / "out")
    assert code == 2, err
    assert f"cannot use {blocker / 'out'}" in err and "Not a directory" in err
    assert "Unexpected error" not in err and "Traceback" not in err
