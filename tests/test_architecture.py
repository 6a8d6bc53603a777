"""The package's structure: stages without import cycles, a terminal only in cli/, a silent library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx
from golden_tables import GOLDEN_SAMPLE, compare_csv, compare_dirs, format_diffs, sample_outputs

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "clustergraph"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PKG.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every clustergraph module ``name`` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("clustergraph")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("clustergraph"):
                continue
            found.add(mod)
            found |= {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in known}
    # a module's own ancestors are imported implicitly, not by choice: leave them out
    return {m for m in found if m in known and not name.startswith(m + ".") and m != name}


def import_graph() -> nx.DiGraph:
    mods = _modules()
    G = nx.DiGraph()
    G.add_nodes_from(mods)
    for name, path in mods.items():
        G.add_edges_from((name, m) for m in _imports(name, path, set(mods)))
    return G


#: The stages, lowest first. A module may import its own stage or a lower one, never a higher one
#: (README, "Code layout"). Entry points (``__main__``) sit on top with the CLI and the facade.
STAGES: list[tuple[str, tuple[str, ...]]] = [
    (
        "base",
        ("_version", "errors", "schema", "names", "lookup", "formatting", "randomness", "files", "style", "templates"),
    ),
    ("graph", ("graph", "projection")),
    ("input", ("io", "synthetic")),
    ("metrics", ("metrics",)),
    ("analysis", ("analysis",)),
    ("export", ("export",)),
    ("maps", ("maps",)),
    ("report", ("report",)),
    ("interface", ("cli", "")),  # "" is the facade, clustergraph/__init__.py
]
#: Known upward imports another branch of this round removes (shared figure style below both).
#: Each entry is (importer, imported); the test fails when an entry no longer occurs, so the list
#: only shrinks.
KNOWN_UPWARD: set[tuple[str, str]] = set()


def stage_of(module: str) -> int:
    """Index in :data:`STAGES` of ``module`` (by its first name below ``clustergraph``)."""
    parts = module.split(".")
    if parts[-1] == "__main__":
        return len(STAGES) - 1
    unit = parts[1] if len(parts) > 1 else ""
    for i, (_, units) in enumerate(STAGES):
        if unit in units:
            return i
    raise AssertionError(f"{module} belongs to no stage: add clustergraph.{unit} to STAGES (and to README)")


def test_imports_point_only_to_the_same_stage_or_lower():
    G = import_graph()
    upward = {(u, v) for u, v in G.edges if stage_of(v) > stage_of(u)}
    named = [f"{u} ({STAGES[stage_of(u)][0]}) imports {v} ({STAGES[stage_of(v)][0]})" for u, v in sorted(upward)]
    assert upward - KNOWN_UPWARD == set(), "imports pointing to a higher stage:\n" + "\n".join(named)
    assert KNOWN_UPWARD - upward == set(), "fixed upward imports: remove them from KNOWN_UPWARD"


def test_stage_order_test_sees_an_upward_import():
    assert stage_of("clustergraph.io.read") < stage_of("clustergraph.metrics.brokerage") < stage_of("clustergraph")
    assert stage_of("clustergraph.synthetic.__main__") == stage_of("clustergraph.cli.app")
    assert stage_of("clustergraph.files.atomic") == 0


def test_no_import_cycle():
    G = import_graph()
    cycles = list(nx.simple_cycles(G))
    assert cycles == [], f"import cycles: {cycles[:5]}"


def test_nothing_imports_the_facade():
    """The facade (clustergraph/__init__) sits on top: ``__version__`` comes from clustergraph._version."""
    G = import_graph()
    assert sorted(u for u, v in G.edges if v == "clustergraph") == []


def test_terminal_only_in_cli():
    offenders = []
    for name, path in _modules().items():
        if name.startswith("clustergraph.cli"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            offenders += [f"{name} imports {n}" for n in names if n.split(".")[0] in ("rich", "click")]
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(f"{name} calls print() on line {node.lineno}")
    assert offenders == []


def test_no_module_imports_upwards_into_cli():
    G = import_graph()
    # entry points (``python -m ...``) sit on top with the CLI
    bad = [
        (u, v)
        for u, v in G.edges
        if v.startswith("clustergraph.cli") and not u.startswith("clustergraph.cli") and not u.endswith("__main__")
    ]
    assert bad == []


def test_library_is_silent_with_root_logger_at_warning():
    code = (
        "import logging, clustergraph\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        "G = clustergraph.load('data/actors.csv', 'data/links.csv')\n"
        "m = clustergraph.metrics(G)\n"
        "g = clustergraph.gaps(G)\n"
        "assert len(m.actors) == G.number_of_nodes()\n"
    )
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout == "" and res.stderr == ""


def test_notices_reach_a_notebook_through_logging(caplog, tmp_path):
    import clustergraph

    caplog.set_level("WARNING", logger="clustergraph")
    actors = tmp_path / "a.csv"
    actors.write_text("id,name,type\nA,Alpha,firm\nB,Beta,vet\n", encoding="utf-8")
    links = tmp_path / "l.csv"
    links.write_text("source,target\nA,B\nA,B\n", encoding="utf-8")
    clustergraph.load(actors, links, report=True)
    messages = [r.getMessage() for r in caplog.records if r.name == "clustergraph"]
    assert any("repeated link merged" in m for m in messages)


def test_cli_shows_the_library_notices(tmp_path):
    actors = tmp_path / "a.csv"
    actors.write_text("id,name,type\nA,Alpha,firm\nB,Beta,vet\n", encoding="utf-8")
    links = tmp_path / "l.csv"
    links.write_text("source,target\nA,B\nA,B\n", encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "clustergraph", "validate", str(actors), str(links)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0 and "repeated link merged" in res.stderr


def test_map_command_and_report_name_region_maps_alike(tmp_path):
    from clustergraph.export.naming import map_file_name, region_map_files

    for region in ("Møre og Romsdal", "País Vasco", "Baden-Württemberg", "Navarra"):
        assert map_file_name(region=region) == region_map_files([region])[region]
    res = subprocess.run(
        [sys.executable, "-m", "clustergraph", "map", "data/actors.csv", "data/links.csv",
         "-o", str(tmp_path), "--region", "møre og romsdal"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [".clustergraph-manifest.json", "map-more-og-romsdal.html"]


def test_synthetic_entry_point_has_help_and_a_size_option(tmp_path):
    run = [sys.executable, "-m", "clustergraph.synthetic"]
    res = subprocess.run([*run, "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "--actors" in res.stdout and list(tmp_path.iterdir()) == []
    env_root = {"PYTHONPATH": str(ROOT)}
    import os

    res = subprocess.run(
        [*run, str(tmp_path / "g"), "--actors", "40", "--regions", "2", "--seed", "-5"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **env_root},
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    import pandas as pd

    actors = pd.read_csv(tmp_path / "g" / "actors.csv")
    assert len(actors) == 40 and actors["region"].nunique() == 2


def test_sample_outputs_match_the_recorded_ones_cell_by_cell(tmp_path):
    """Refactoring guard: the sample's tables stay what they were, floats to ~10 significant digits.

    A change that means to alter them regenerates the record with
    ``PYTHONPATH=$PWD python tests/golden/regenerate.py`` and says why in its commit.
    """
    sample_outputs(tmp_path)
    diffs = compare_dirs(GOLDEN_SAMPLE, tmp_path)
    assert diffs == [], format_diffs(diffs)


def test_golden_comparison_names_the_changed_cell_and_tolerates_last_bits():
    want = "id,name,betweenness,degree\nA,Alpha,0.1234567890123,3\nB,Beta,0.5,2\n"
    last_bits = want.replace("0.1234567890123", "0.12345678901231")
    assert compare_csv("t.csv", want, last_bits) == []
    changed = want.replace("0.1234567890123", "0.1234567")
    assert compare_csv("t.csv", want, changed) == [
        "t.csv, row 1 (A), column 'betweenness': expected '0.1234567890123', got '0.1234567'"
    ]
    assert compare_csv("t.csv", want, want.replace(",3", ",3.0")) != []  # an int turned float is a change
    assert compare_csv("t.csv", want, want.replace("Beta", "beta")) != []
