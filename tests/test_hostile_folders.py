"""The output folder is a boundary (issue 29): no write, rename or removal reaches outside it.

Symbolic links inside the folder are never followed, manifests and journals are
read as data clustergraph wrote (or refused with exit 2 and the reason), and an
input of the run inside the output folder is never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clustergraph.cli import main
from clustergraph.export import outdir as od
from clustergraph.export.outdir import JOURNAL, LOCK, MANIFEST, OutputFolder, UnsafeFolder
from clustergraph.synthetic import generate


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    actors, links = generate(40, n_regions=2, seed=1)
    actors.to_csv(folder / "actors.csv", index=False)
    links.to_csv(folder / "links.csv", index=False)
    return folder


def _cli(*args):
    res = CliRunner().invoke(main, [str(a) for a in args])
    text = res.output + (res.stderr if hasattr(res, "stderr") else "")
    assert "Unexpected error" not in text and "Traceback" not in text, text
    return res.exit_code, text


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_symlinked_folder_plus_tampered_manifest_removes_nothing_outside(small, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("keep")
    out = tmp_path / "out"
    assert _cli("gaps", small / "actors.csv", small / "links.csv", "-o", out)[0] == 0
    (out / "evil").symlink_to(outside)
    (out / MANIFEST).write_text(json.dumps({"clustergraph": 1, "units": {"gaps": {"files": ["evil/victim.txt"]}}}))
    code, text = _cli("gaps", small / "actors.csv", small / "links.csv", "-o", out)
    assert code == 2 and "evil is a symbolic link" in text.replace("\n", "")
    assert (outside / "victim.txt").read_text() == "keep"


@pytest.mark.parametrize(
    "manifest, reason",
    [
        ({"units": {"gaps": {"files": ["../victim.txt"]}}}, "not a file name inside the folder"),
        ({"units": {"gaps": {"files": ["/etc/passwd"]}}}, "not a file name inside the folder"),
        ({"units": {"gaps": {"files": [".keep"]}}}, "not a file name inside the folder"),
        ({"units": {"../x": {"files": []}}}, "unknown unit name"),
        ({"units": {}, "run": "this"}, "unknown keys"),
        ("{not json", "unreadable manifest"),
    ],
)
def test_a_manifest_clustergraph_did_not_write_is_refused_with_the_reason(small, tmp_path, manifest, reason):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (out / ".keep").write_text("hidden")
    (out / MANIFEST).write_text(manifest if isinstance(manifest, str) else json.dumps(manifest))
    code, text = _cli("gaps", small / "actors.csv", small / "links.csv", "-o", out)
    assert code == 2 and reason in text and MANIFEST in text, text
    assert victim.read_text() == "keep" and (out / ".keep").read_text() == "hidden"
    assert not (out / "gaps.csv").exists()


def _plant_journal(out: Path, files: list[str], *, seal: bool, stale: list[str] = ()) -> Path:
    tmp = out / (od.TMP_PREFIX + "planted")
    for f in files:
        (tmp / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp / f).write_text("attacker content")
    journal = {"tmp": tmp.name, "files": files, "stale": list(stale), "manifest": {"clustergraph": 1, "units": {}}}
    journal = od._sealed(journal) if seal else journal
    (out / JOURNAL).write_text(json.dumps(journal))
    return tmp


def test_a_planted_journal_without_clustergraphs_checksum_is_refused(small, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "explorer.js").write_text("mine")
    out = tmp_path / "out"
    out.mkdir()
    (out / "assets").symlink_to(outside)
    _plant_journal(out, ["assets/explorer.js"], seal=False)
    code, text = _cli("gaps", small / "actors.csv", small / "links.csv", "-o", out)
    assert code == 2 and "not a publication journal clustergraph wrote: unknown keys" in text.replace("\n", ""), text
    assert (outside / "explorer.js").read_text() == "mine"


def test_a_sealed_journal_still_cannot_reach_through_a_link(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "explorer.js").write_text("mine")
    (outside / "old.txt").write_text("mine too")
    out = tmp_path / "out"
    out.mkdir()
    (out / "assets").symlink_to(outside)
    _plant_journal(out, ["assets/explorer.js"], seal=True, stale=["assets/old.txt"])
    with pytest.raises(UnsafeFolder, match="symbolic link"):
        od.recover(out)
    assert _tree(outside) == {"explorer.js": b"mine", "old.txt": b"mine too"}


@pytest.mark.parametrize("where", ["link", "file"])
def test_a_stale_file_behind_a_link_or_a_file_is_not_removed(tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "old.txt").write_text("mine")
    out = tmp_path / "out"
    out.mkdir()
    if where == "link":
        (out / "assets").symlink_to(outside)
    else:
        (out / "assets").write_text("a file where a folder goes")
    _plant_journal(out, [], seal=True, stale=["assets/old.txt"])
    with pytest.raises(UnsafeFolder, match="cannot remove 'assets/old.txt': 'assets' is a symbolic link or a file"):
        od.recover(out)
    assert (outside / "old.txt").read_text() == "mine"


def test_a_journal_whose_temporary_folder_is_a_link_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("mine")
    out = tmp_path / "out"
    out.mkdir()
    (out / (od.TMP_PREFIX + "planted")).symlink_to(outside)
    journal = od._sealed(
        {"tmp": od.TMP_PREFIX + "planted", "files": ["precious.txt"], "stale": [], "manifest": {"units": {}}}
    )
    (out / JOURNAL).write_text(json.dumps(journal))
    with pytest.raises(UnsafeFolder, match="not a folder clustergraph made"):
        od.recover(out)
    assert (outside / "precious.txt").read_text() == "mine" and not (out / "precious.txt").exists()


def test_assets_linked_elsewhere_are_refused_before_anything_moves(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "explorer.js").write_text("the user's own script")
    out = tmp_path / "out"
    out.mkdir()
    (out / "assets").symlink_to(elsewhere)
    folder = OutputFolder(out, unit="report")
    tmp = folder.begin()
    try:
        (tmp / "assets").mkdir()
        (tmp / "assets" / "explorer.js").write_text("new")
        (tmp / "report.html").write_text("<p>")
        with pytest.raises(UnsafeFolder, match=r"assets is a symbolic link \(to .*elsewhere\)"):
            folder.publish()
    finally:
        folder.close()
    assert _tree(elsewhere) == {"explorer.js": b"the user's own script"}
    assert not (out / "report.html").exists() and not list(out.glob(od.TMP_PREFIX + "*"))


def test_a_link_swapped_in_after_the_check_is_still_not_followed(tmp_path, monkeypatch):
    """The renames go through descriptors opened with O_NOFOLLOW, not through the checked names."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    folder = OutputFolder(out, unit="x")
    tmp = folder.begin()
    (tmp / "assets").mkdir()
    (tmp / "assets" / "a.js").write_text("new")
    monkeypatch.setattr(od, "_check_target", lambda *a, **k: None)  # the race: the check saw no link
    (out / "assets").symlink_to(elsewhere)
    try:
        with pytest.raises(UnsafeFolder, match="symbolic link"):
            folder.publish()
    finally:
        folder.close()
    assert list(elsewhere.iterdir()) == []


def test_a_file_that_is_a_link_is_replaced_not_written_through(tmp_path):
    victim = tmp_path / "victim.csv"
    victim.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "gaps.csv").symlink_to(victim)
    with OutputFolder(out, unit="gaps") as tmp:
        (tmp / "gaps.csv").write_text("new")
    assert victim.read_text() == "keep" and not (out / "gaps.csv").is_symlink()
    assert (out / "gaps.csv").read_text() == "new"


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(tmp_path):
    victim = tmp_path / "bashrc"
    victim.write_text("export PATH=...")
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).symlink_to(victim)
    with pytest.raises(UnsafeFolder, match="symbolic link"), OutputFolder(out, unit="x"):
        pass
    assert victim.read_text() == "export PATH=..."


def test_inputs_inside_the_output_folder_are_never_overwritten(small, tmp_path):
    out = tmp_path / "out"
    assert _cli("metrics", small / "actors.csv", small / "links.csv", "-o", out, "--format", "csv")[0] == 0
    before = _tree(out)
    code, text = _cli("metrics", out / "actors_metrics.csv", small / "links.csv", "-o", out, "--format", "csv")
    assert code == 2 and "is an input of this run" in text.replace("\n", "") and "actors_metrics.csv" in text
    assert _tree(out) == before  # nothing replaced, nothing temporary left
    code, text = _cli("gaps", out / "actors_metrics.csv", small / "links.csv", "-o", out)
    assert code == 0, text  # an input in the folder that the run does not write is fine
