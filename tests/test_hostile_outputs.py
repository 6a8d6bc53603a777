"""Hostile text in every field stays inert text in every output (issue: hardening).

One ecosystem whose every text field (ids, names, regions, countries, sectors,
extra columns, link types) is a hostile string goes through the report (which
writes the map, the metric tables, the graph files and the gap files). Then:

- HTML: none of the hostile markup appears unescaped; no ``javascript:`` link;
  in Chromium no dialog opens, no script error, and the names show as text;
  (regions are chart labels: mathtext ``$...$`` must stay text);
- CSV: no cell a spreadsheet would run as a formula (``= + - @``) unless it is a number;
- GraphML, GEXF, JSON: read back, the strings are exactly the originals.
"""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from clustergraph.cli import main

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
JS_URL = "javascript:alert(3)"
TEMPLATE = "{{7*7}}${7*7}"
FORMULAS = ['=HYPERLINK("http://x.invalid","y")', "+1+1", "-2+3", "@SUM(A1)"]
RTL = "abc\u202edcba\u200bzero-width"
LONG = "L" * 5000
MATH = r"$\frac{1}{0}$ 100% #1 \\ ^_^"  # matplotlib mathtext and LaTeX specials in chart labels

HOSTILE_TEXT = [SCRIPT, IMG, JS_URL, TEMPLATE, RTL, LONG] + FORMULAS


def _q(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


@pytest.fixture(scope="module")
def hostile_output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    types = ["firm", "firm", "vet", "university", "rto", "government", "cluster_org", "firm", "vet", "firm"]
    names = [SCRIPT, IMG, JS_URL, TEMPLATE, RTL, LONG] + FORMULAS
    rows = ["id,name,type,region,country,sector,note"]
    ids = [f"id{i}" for i in range(len(names))]
    ids[0], ids[1] = SCRIPT, "=1+1"  # hostile ids too
    for i, (aid, name) in enumerate(zip(ids, names)):
        region = [IMG, MATH][i % 2]
        rows.append(
            ",".join(
                [
                    _q(aid),
                    _q(name),
                    types[i],
                    _q(region),
                    _q(JS_URL if i % 3 else "NO"),
                    _q(TEMPLATE),
                    _q(FORMULAS[i % 4]),
                ]
            )
        )
    links = ["source,target,type,weight,year"]
    for i in range(len(ids)):
        for j in (i + 1, i + 3):
            if j < len(ids):
                links.append(",".join([_q(ids[i]), _q(ids[j]), _q(SCRIPT if i % 2 else FORMULAS[0]), "1", "2020"]))
    (folder / "actors.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "links.csv").write_text("\n".join(links) + "\n", encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(main, ["report", str(folder / "actors.csv"), str(folder / "links.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_html_keeps_hostile_strings_inert(hostile_output):
    pages = sorted(hostile_output.rglob("*.html"))
    assert pages, "the report wrote no HTML"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert SCRIPT not in html, page
        assert "<img src=x onerror" not in html, page
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, flags=re.I), page
        assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", html), page  # offline


def test_csv_cells_cannot_run_as_formulas(hostile_output):
    files = sorted(hostile_output.rglob("*.csv"))
    assert files
    for f in files:
        with open(f, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@"):
                        float(cell)  # only numbers may start like a formula


def test_graph_files_and_json_keep_the_exact_strings(hostile_output):
    for name in ("graph.graphml", "graph.gexf"):
        path = next(hostile_output.rglob(name))
        G = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
        labels = {d.get("name", d.get("label")) for _, d in G.nodes(data=True)}
        assert {SCRIPT, IMG, RTL, LONG, FORMULAS[0]} <= labels, name
        assert SCRIPT in G.nodes and "=1+1" in G.nodes
    found = set()
    for path in hostile_output.rglob("*.json"):
        found |= set(_strings(json.loads(path.read_text(encoding="utf-8"))))
    assert IMG in found  # the hostile region name, exactly as given


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_browser_runs_no_hostile_script(hostile_output, open_page):
    for page in [hostile_output / "report.html", hostile_output / "map.html"]:
        res = open_page(page)
        assert not res.dialogs, (page, res.dialogs)
        assert not res.errors, (page, res.errors)
        assert not res.requests_blocked, (page, res.requests_blocked)
    report = open_page(hostile_output / "report.html")
    assert SCRIPT in report.text() and MATH in report.text()  # shown as text


# ---------------------------------------------------------------------------------------------
# The output folder as one unit; disk full; read-only home; terminal escapes (issue 17, items 2, 5, 10)

import errno  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import clustergraph.files.atomic as atomic_mod  # noqa: E402
from clustergraph.export.outdir import MANIFEST, OutputFolder, manifest_files  # noqa: E402
from clustergraph.synthetic import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    actors, links = generate(60, n_regions=2, seed=1)
    actors.to_csv(folder / "actors.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    links.drop(columns=["year"]).to_csv(folder / "links_no_years.csv", index=False)
    return folder


def _cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _visible(folder: Path) -> set[str]:
    """The files of ``folder`` (relative paths, e.g. ``assets/explorer.js``), hidden bookkeeping left out."""
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).parts[0].startswith(".")
    }


COMMANDS = {
    "report": lambda d, out: ["report", d / "actors.csv", d / "links.csv", "-o", out],
    "metrics": lambda d, out: ["metrics", d / "actors.csv", d / "links.csv", "-o", out],
    "gaps": lambda d, out: ["gaps", d / "actors.csv", d / "links.csv", "-o", out],
    "map": lambda d, out: ["map", d / "actors.csv", d / "links.csv", "-o", out],
    "whatif": lambda d, out: ["whatif", d / "actors.csv", d / "links.csv", "--add", "A000000,A000002", "-o", out],
}


class _FullDisk:
    """A file whose writes fail with ``code`` once ``budget`` bytes (shared by all files) are used."""

    def __init__(self, fh, budget: list[int], code: int):
        self._fh, self._budget, self._code = fh, budget, code

    def write(self, data):
        self._budget[0] -= len(data)
        if self._budget[0] < 0:
            raise OSError(self._code, os.strerror(self._code))
        return self._fh.write(data)

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self._fh.__exit__(*exc)


def _fill_disk_after(monkeypatch, nbytes: int, code: int = errno.ENOSPC) -> None:
    budget = [nbytes]
    monkeypatch.setattr(atomic_mod, "open", lambda *a, **k: _FullDisk(open(*a, **k), budget, code), raising=False)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_disk_full_exits_2_with_path_and_cause_and_keeps_the_previous_set(small, tmp_path, monkeypatch, command):
    out = tmp_path / "out"
    assert _cli(*COMMANDS[command](small, out)).exit_code == 0
    before = _files(out)
    _fill_disk_after(monkeypatch, 100 if command == "whatif" else 20_000)  # whatif.csv is small
    res = _cli(*COMMANDS[command](small, out), "--seed", "7")
    text = res.output + (res.stderr if hasattr(res, "stderr") else "")
    assert res.exit_code == 2, text
    assert "No space left on device (ENOSPC)" in text and str(out) in text.replace("\n", "")
    assert "Traceback" not in text and "Unexpected error" not in text
    assert _files(out) == before  # the earlier complete set, byte for byte; nothing temporary left


def test_read_only_file_system_exits_2(small, tmp_path, monkeypatch):
    _fill_disk_after(monkeypatch, 0, errno.EROFS)
    res = _cli(*COMMANDS["gaps"](small, tmp_path / "out"))
    assert res.exit_code == 2 and "(EROFS)" in res.output and "read-only" in res.output


def test_files_of_an_earlier_run_that_the_new_run_does_not_write_go(small, tmp_path):
    out = tmp_path / "out"
    assert _cli(*COMMANDS["report"](small, out)).exit_code == 0
    assert "years.csv" in _visible(out)
    (out / "notes.txt").write_text("mine")  # not written by clustergraph: stays
    res = _cli("report", small / "actors.csv", small / "links_no_years.csv", "-o", out, "--region", "R000")
    assert res.exit_code == 0, res.output
    listed = set(manifest_files(out, "report"))
    assert _visible(out) == listed | {"notes.txt"} and (out / "notes.txt").read_text() == "mine"
    assert "years.csv" not in listed and "report.html" in listed


def test_metrics_with_fewer_formats_removes_the_other_formats_but_not_the_report(small, tmp_path):
    out = tmp_path / "out"
    assert _cli(*COMMANDS["report"](small, out)).exit_code == 0
    assert _cli(*COMMANDS["metrics"](small, out)).exit_code == 0
    assert _cli(*COMMANDS["metrics"](small, out), "--format", "csv").exit_code == 0
    names = _visible(out)
    assert "report.html" in names and "map.html" in names  # another unit's files stay
    assert "actors_metrics.csv" in names
    assert set(manifest_files(out, "metrics")) == {n for n in names if n.endswith(".csv")} - set(
        manifest_files(out, "report")
    )


def test_maps_of_several_regions_in_one_folder_all_stay(small, tmp_path):
    for region in ("R000", "R001"):
        assert _cli(*COMMANDS["map"](small, tmp_path), "--region", region).exit_code == 0
    assert _visible(tmp_path) == {"map-r000.html", "map-r001.html"}


def test_a_tampered_manifest_cannot_remove_other_files(small, tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    out.mkdir()
    (out / ".keep").write_text("hidden")
    bad = ["../victim.txt", str(victim), ".keep", "", None, "a/../../victim.txt"]
    (out / MANIFEST).write_text(json.dumps({"units": {"gaps": {"files": bad}}}))
    assert _cli(*COMMANDS["gaps"](small, out)).exit_code == 0
    assert victim.read_text() == "keep" and (out / ".keep").read_text() == "hidden"
    (out / MANIFEST).write_text("{not json")
    res = _cli(*COMMANDS["gaps"](small, out))
    assert res.exit_code == 0 and "unreadable manifest" in res.output


def test_temporary_folders_of_killed_runs_are_removed_by_the_next_run(small, tmp_path):
    out = tmp_path / "out"
    for name in (".report-abc123", ".clustergraph-tmp-xyz"):
        (out / name).mkdir(parents=True)
        (out / name / "map.html").write_text("half")
    (out / ".clustergraph.lock").write_text("999999\n")  # a lock file of a dead process
    assert _cli(*COMMANDS["gaps"](small, out)).exit_code == 0
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [MANIFEST]


def test_a_busy_folder_stops_a_second_run_with_exit_2(small, tmp_path):
    out = tmp_path / "out"
    with OutputFolder(out, unit="report"):
        res = _cli("--wait", "0", *COMMANDS["metrics"](small, out))
    assert res.exit_code == 2 and f"another clustergraph run (process {os.getpid()})" in res.output
    assert not list(out.glob(".clustergraph-tmp-*"))


def test_a_folder_where_a_file_goes_is_refused_before_anything_moves(small, tmp_path):
    out = tmp_path / "out"
    (out / "gaps.csv").mkdir(parents=True)
    res = _cli(*COMMANDS["gaps"](small, out))
    assert res.exit_code == 2 and "it is a folder" in res.output
    assert [p.name for p in out.iterdir()] == ["gaps.csv"] and (out / "gaps.csv").is_dir()


def test_terminal_escapes_in_names_are_shown_escaped(tmp_path):
    actors = tmp_path / "a.csv"
    evil = "Evil\x1b[2J\x1b]8;;http://x.invalid\x07Corp\u202e"
    actors.write_text(f"id,name,type,region\nF1,{evil},firm,R\nF2,Good,firm,R\nV1,School,vet,R\n", encoding="utf-8")
    links = tmp_path / "l.csv"
    links.write_text("source,target\nF1,V1\nF2,V1\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["metrics", str(actors), str(links), "-o", str(tmp_path / "m")])
    assert res.exit_code == 0, res.output
    assert "\x1b" not in res.output and "\x07" not in res.output and "\u202e" not in res.output
    assert "\\x1b[2J" in res.output
    links.write_text("source,target\nF1,V\x1b[31mX\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(actors), str(links)])
    assert res.exit_code == 2 and "\x1b" not in res.output and "V\\x1b[31mX" in res.output


def test_read_only_home_gets_no_matplotlib_message(small, tmp_path):
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "MPLCONFIGDIR"))}
    env.update(HOME=str(home), TMPDIR=str(tmp), PYTHONPATH=str(ROOT))
    res = subprocess.run(
        [sys.executable, "-m", "clustergraph", "report", str(small / "actors.csv"), str(small / "links.csv"),
         "-o", str(tmp_path / "out")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert "matplotlib" not in res.stderr.lower() and "Traceback" not in res.stderr
    assert not list(tmp.glob("clustergraph-matplotlib-*"))  # the temporary config folder is removed


def test_a_stop_signal_during_publication_waits_until_the_set_is_in_place(tmp_path, monkeypatch):
    import signal

    import clustergraph.export.outdir as od

    seen = []

    def handler(signum, frame):
        if od.defer_signal(signum):
            return
        seen.append(sorted(_visible(tmp_path)))

    real_apply = od._apply

    def apply(outdir, journal):
        os.kill(os.getpid(), signal.SIGUSR1)  # arrives in the middle of the renames
        real_apply(outdir, journal)

    monkeypatch.setattr(od, "_apply", apply)
    old = signal.signal(signal.SIGUSR1, handler)
    try:
        with OutputFolder(tmp_path, unit="x") as tmp:
            (tmp / "a.csv").write_text("1")
            (tmp / "b.csv").write_text("2")
    finally:
        signal.signal(signal.SIGUSR1, old)
    assert seen == [["a.csv", "b.csv"]]  # handled once, after the whole set was in place
