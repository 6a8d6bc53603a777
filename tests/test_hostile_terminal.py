"""Terminal conditions and option values (issue 29): each a clean result or exit 2 with a message.

Closed stdout, ``COLUMNS=0``, an ASCII-only terminal, a pipe closed after one line
(EPIPE on stdout and stderr), ego map names that differ by case, budget values that
would turn a limit off (``nan``, ``-5``, ``abc``), a cell above csv's own 131,072 limit,
and an xlsx with an entity bomb or an external entity (XXE).
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from clustergraph.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("terminal")
    (folder / "a.csv").write_text(
        "id,name,type,region\nABC,Fjørd AS,firm,Møre\nabc,Small firm,firm,Møre\nV1,Skule,vet,Møre\n", encoding="utf-8"
    )
    (folder / "l.csv").write_text("source,target\nABC,V1\nabc,V1\n", encoding="utf-8")
    return folder


def _run(args, env=None, **kw):
    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "clustergraph", *map(str, args)], cwd=ROOT, env=full, timeout=120, **kw
    )


def _clean(text: str) -> None:
    assert "Traceback" not in text and "Unexpected error" not in text, text


def test_closed_stdout_is_no_error(inputs):
    res = _run(["validate", inputs / "a.csv", inputs / "l.csv"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
               text=True, close_fds=True, preexec_fn=lambda: os.close(1))  # fmt: skip
    assert res.returncode == 0, res.stderr
    _clean(res.stderr)


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "5"])
def test_a_useless_columns_value_still_prints_errors(inputs, columns):
    res = _run(["validate", inputs / "missing.csv", inputs / "l.csv"], env={"COLUMNS": columns},
               capture_output=True, text=True)  # fmt: skip
    assert res.returncode == 2 and "file not found" in res.stderr, res.stderr


def test_an_ascii_terminal_gets_escapes_not_a_crash(inputs, tmp_path):
    res = _run(["metrics", inputs / "a.csv", inputs / "l.csv", "-o", tmp_path / "m"], env={"PYTHONIOENCODING": "ascii"},
               capture_output=True)  # fmt: skip
    text = res.stdout.decode("ascii") + res.stderr.decode("ascii")  # nothing but ASCII was written
    assert res.returncode == 0, text
    _clean(text)
    assert "Fj\\xf8rd AS" in text


def test_a_pipe_closed_after_one_line_exits_cleanly_and_writes_everything(inputs, tmp_path):
    out = tmp_path / "g"
    cmd = (
        f"{sys.executable} -m clustergraph gaps {inputs / 'a.csv'} {inputs / 'l.csv'} -o {out} 2>&1 | head -c 1; "
        "exit ${PIPESTATUS[0]}"
    )
    res = subprocess.run(["bash", "-c", cmd], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert res.returncode == 0, res.stdout + res.stderr
    assert (out / "gaps.csv").exists()


def test_ego_maps_of_ids_differing_by_case_are_two_files(inputs, tmp_path):
    for ego in ("ABC", "abc"):
        res = CliRunner().invoke(main, ["map", str(inputs / "a.csv"), str(inputs / "l.csv"), "--ego", ego,
                                        "-o", str(tmp_path)])  # fmt: skip
        assert res.exit_code == 0, res.output
    names = sorted(p.name for p in tmp_path.glob("map-ego-*.html"))
    assert len(names) == 2 and len({n.lower() for n in names}) == 2, names


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "0", "abc"])
def test_max_input_mb_that_would_turn_the_limit_off_is_refused(inputs, value):
    res = CliRunner().invoke(main, ["validate", str(inputs / "a.csv"), str(inputs / "l.csv"), "--max-input-mb", value])
    assert res.exit_code == 2 and "not a number of megabytes above 0" in res.output, res.output


@pytest.mark.parametrize("value", ["-5", "abc", "nan", "0"])
def test_the_environment_budget_is_refused_with_a_message(inputs, monkeypatch, value):
    monkeypatch.setenv("CLUSTERGRAPH_MAX_INPUT_MB", value)
    res = CliRunner().invoke(main, ["validate", str(inputs / "a.csv"), str(inputs / "l.csv")])
    assert res.exit_code == 2 and f"CLUSTERGRAPH_MAX_INPUT_MB='{value}'" in res.output, res.output


def test_max_cell_bytes_is_honoured_above_csvs_own_limit(tmp_path):
    actors = tmp_path / "a.csv"
    actors.write_text(f"id,name,type\nA,{'x' * 200_000},firm\nV,School,vet\n", encoding="utf-8")
    links = tmp_path / "l.csv"
    links.write_text("source,target\nA,V\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(actors), str(links)])
    assert res.exit_code == 2 and "100,000-byte cell limit" in res.output and "--max-cell-bytes" in res.output
    res = CliRunner().invoke(main, ["validate", str(actors), str(links), "--max-cell-bytes", "500000"])
    assert res.exit_code == 0, res.output
    res = CliRunner().invoke(main, ["validate", str(actors), str(links)])  # the raised limit does not stay
    assert res.exit_code == 2, res.output


XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
BOMB = (
    '<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY lol{i + 1} "' + (f"&lol{i if i else ''};" * 10) + '">' for i in range(9))
    + "]>"
)


@pytest.mark.parametrize("dtd, entity", [(XXE, "&xxe;"), (BOMB, "&lol9;")])
def test_xlsx_entity_bomb_and_external_entity_are_refused_with_exit_2(tmp_path, dtd, entity):
    plain = tmp_path / "ok.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "actors"
    wb.save(plain)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bad, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "xl/worksheets/sheet1.xml":
                cells = [["id", "name", "type"], ["A", entity, "firm"]]
                rows = "".join(
                    f'<row r="{r}">'
                    + "".join(f'<c r="{"ABC"[j]}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for j, v in enumerate(row))
                    + "</row>"
                    for r, row in enumerate(cells, start=1)
                )
                data = (
                    f'<?xml version="1.0" encoding="UTF-8"?>{dtd}<worksheet '
                    f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>'
                    "</worksheet>"
                ).encode()
            zout.writestr(name, data)
    links = tmp_path / "l.csv"
    links.write_text("source,target\nA,A\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(bad), str(links)])
    assert res.exit_code == 2, res.output
    assert "bad.xlsx" in res.output and "Unexpected error" not in res.output
