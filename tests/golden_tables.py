"""Golden output tables, compared cell by cell.

The sample ecosystem's output tables are stored under ``tests/golden/sample/``. A
test regenerates them into a temporary folder and compares each file with its
record: text cells (and integers) exactly, floating-point cells to about 10
significant digits (``REL_TOL``/``ABS_TOL``), so the last bits that differ between
CPUs and BLAS builds do not fail the suite, while a real change names its cell::

    >>> from golden_tables import compare_dirs, sample_outputs  # doctest: +SKIP
    >>> sample_outputs(tmp_path)                                 # doctest: +SKIP
    >>> compare_dirs(GOLDEN_SAMPLE, tmp_path)                     # doctest: +SKIP
    []

A change that means to alter the tables regenerates the record with
``PYTHONPATH=$PWD python tests/golden/regenerate.py`` and says in its commit
which numbers moved and why.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

GOLDEN_SAMPLE = Path(__file__).parent / "golden" / "sample"
REL_TOL = 1e-9
ABS_TOL = 1e-12
MAX_REPORTED = 20

_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$|^[+-]?(nan|inf|infinity)$", re.IGNORECASE)


def sample_outputs(out: Path) -> list[Path]:
    """Write the sample ecosystem's metric and gap tables into ``out``; return the files written."""
    from clustergraph.analysis.gaps import find_gaps
    from clustergraph.analysis.suggest import suggest_partners
    from clustergraph.export.tables import write_gap_files, write_metrics
    from clustergraph.graph import build_graph
    from clustergraph.metrics import compute
    from clustergraph.synthetic import sample_ecosystem

    out.mkdir(parents=True, exist_ok=True)
    G = build_graph(*sample_ecosystem())
    write_metrics(compute(G, seed=0), G, out, ("csv",))
    write_gap_files(find_gaps(G, seed=0), suggest_partners(G, top=5), out)
    return sorted(p for p in out.iterdir() if p.is_file() and not p.name.startswith("."))


def _same_cell(want: str, got: str) -> bool:
    if want == got:
        return True
    if _FLOAT.match(want) and _FLOAT.match(got):
        a, b = float(want), float(got)
        if math.isnan(a) and math.isnan(b):
            return True
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return False


def _same_value(want: object, got: object) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    if isinstance(want, float) or isinstance(got, float):
        if not isinstance(want, int | float) or not isinstance(got, int | float):
            return False
        if isinstance(want, int) != isinstance(got, int):
            return False
        if math.isnan(want) and math.isnan(got):
            return True
        return math.isclose(want, got, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return want == got


def compare_csv(name: str, want_text: str, got_text: str) -> list[str]:
    """Differences between two CSV texts as ``file, row, column: expected ..., got ...`` lines."""
    want = list(csv.reader(io.StringIO(want_text)))
    got = list(csv.reader(io.StringIO(got_text)))
    if not want or not got:
        return [] if want == got else [f"{name}: expected {len(want)} rows, got {len(got)}"]
    diffs = []
    header = want[0]
    if got[0] != header:
        diffs.append(f"{name}, header: expected {header}, got {got[0]}")
        return diffs
    if len(want) != len(got):
        diffs.append(f"{name}: expected {len(want) - 1} data rows, got {len(got) - 1}")
    for i, (w, g) in enumerate(zip(want[1:], got[1:], strict=False), start=1):
        if len(w) != len(g):
            diffs.append(f"{name}, row {i}: expected {len(w)} cells, got {len(g)}")
            continue
        for col, a, b in zip(header, w, g, strict=True):
            if not _same_cell(a, b):
                key = f" ({w[0]})" if w and header[0] in ("id", "actor", "source") else ""
                diffs.append(f"{name}, row {i}{key}, column {col!r}: expected {a!r}, got {b!r}")
    return diffs


def _walk_json(name: str, path: str, want: object, got: object, out: list[str]) -> None:
    if isinstance(want, dict) and isinstance(got, dict):
        for k in sorted(set(want) | set(got), key=str):
            if k not in got:
                out.append(f"{name}, {path}.{k}: missing (expected {want[k]!r})")
            elif k not in want:
                out.append(f"{name}, {path}.{k}: unexpected (got {got[k]!r})")
            else:
                _walk_json(name, f"{path}.{k}", want[k], got[k], out)
    elif isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            out.append(f"{name}, {path}: expected {len(want)} items, got {len(got)}")
        for i, (a, b) in enumerate(zip(want, got, strict=False)):
            _walk_json(name, f"{path}[{i}]", a, b, out)
    elif not _same_value(want, got):
        out.append(f"{name}, {path}: expected {want!r}, got {got!r}")


def compare_files(want: Path, got: Path) -> list[str]:
    """Cell-by-cell differences between a recorded file and a fresh one (CSV, JSON or text)."""
    a, b = want.read_text(encoding="utf-8"), got.read_text(encoding="utf-8")
    if want.suffix == ".csv":
        return compare_csv(want.name, a, b)
    if want.suffix == ".json":
        out: list[str] = []
        _walk_json(want.name, "$", json.loads(a), json.loads(b), out)
        return out
    if a == b:
        return []
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return [f"{want.name}, line {i}: expected {x!r}, got {y!r}"]
    return [f"{want.name}: expected {len(a.splitlines())} lines, got {len(b.splitlines())}"]


def compare_dirs(want_dir: Path, got_dir: Path) -> list[str]:
    """Every difference between the recorded folder and a fresh one (missing and extra files too)."""
    want = {p.name: p for p in want_dir.iterdir() if p.is_file()}
    got = {p.name: p for p in got_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    diffs = [f"{n}: missing from the fresh outputs" for n in sorted(set(want) - set(got))]
    diffs += [f"{n}: new file, not in {want_dir.name}/ (regenerate the record)" for n in sorted(set(got) - set(want))]
    for n in sorted(set(want) & set(got)):
        diffs += compare_files(want[n], got[n])
    return diffs


def format_diffs(diffs: list[str]) -> str:
    shown = "\n  ".join(diffs[:MAX_REPORTED])
    more = f"\n  ... and {len(diffs) - MAX_REPORTED} more" if len(diffs) > MAX_REPORTED else ""
    return (
        f"{len(diffs)} difference(s) from tests/golden/sample/ (floats to rel {REL_TOL:g}):\n  {shown}{more}\n"
        "If the change is meant, run `PYTHONPATH=$PWD python tests/golden/regenerate.py` and say why in the commit."
    )
