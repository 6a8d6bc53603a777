"""The package's structure: stages without import cycles, a terminal only in cli/, a silent library."""

from __future__ import annotations

import ast
import hashlib
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "clustergraph"
GOLDEN = Path(__file__).parent / "golden" / "sample_outputs.sha256"


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


def test_no_import_cycle():
    G = import_graph()
    # the facade (clustergraph/__init__) imports everything lazily; the rest may only import
    # ``__version__`` from it, so leave the edges into the facade out of the cycle check
    H = G.copy()
    H.remove_edges_from([(u, v) for u, v in G.edges if v == "clustergraph"])
    cycles = list(nx.simple_cycles(H))
    assert cycles == [], f"import cycles: {cycles[:5]}"


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


def _sample_outputs(tmp: Path) -> dict[str, str]:
    from clustergraph.analysis.gaps import find_gaps
    from clustergraph.analysis.suggest import suggest_partners
    from clustergraph.export.tables import write_gap_files, write_metrics
    from clustergraph.graph import build_graph
    from clustergraph.metrics import compute
    from clustergraph.synthetic import sample_ecosystem

    G = build_graph(*sample_ecosystem())
    write_metrics(compute(G, seed=0), G, tmp, ("csv",))
    write_gap_files(find_gaps(G, seed=0), suggest_partners(G, top=5), tmp)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(tmp.iterdir()) if p.is_file()}


def test_sample_outputs_are_byte_identical_to_the_recorded_ones(tmp_path):
    """Refactoring guard: the sample's tables stay byte for byte what they were.

    A change that means to alter them regenerates the record with
    ``python tests/test_architecture.py --update`` and says why in its commit.
    """
    got = _sample_outputs(tmp_path)
    want = dict(line.split("  ")[::-1] for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line)
    changed = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
    assert changed == [], f"sample outputs changed: {changed}"


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if "--update" not in sys.argv:
        pytest.main([__file__])
    else:
        import tempfile

        sys.path.insert(0, str(ROOT))
        with tempfile.TemporaryDirectory() as d:
            lines = [f"{h}  {name}" for name, h in _sample_outputs(Path(d)).items()]
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        sys.stdout.write(f"wrote {GOLDEN}\n")
