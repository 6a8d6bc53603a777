"""Rewrite the recorded sample outputs in ``tests/golden/sample/``.

Run from the repository root: ``PYTHONPATH=$PWD python tests/golden/regenerate.py``,
then look at ``git diff tests/golden/`` and say in the commit which numbers moved and why.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS.parent))
sys.path.insert(0, str(TESTS))

from golden_tables import GOLDEN_SAMPLE, sample_outputs  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        files = sample_outputs(Path(d))
        GOLDEN_SAMPLE.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN_SAMPLE.iterdir():
            old.unlink()
        for f in files:
            shutil.copyfile(f, GOLDEN_SAMPLE / f.name)
    sys.stdout.write(f"wrote {len(files)} files to {GOLDEN_SAMPLE}\n")


if __name__ == "__main__":
    main()
