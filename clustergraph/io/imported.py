"""Write what an importer converted: the tables every command reads and the notes of the conversion."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pandas as pd


class Converted(Protocol):
    """What :func:`write_import` needs of an importer's result."""

    actors: pd.DataFrame
    participations: pd.DataFrame
    projects: pd.DataFrame
    notes: list[str]


def write_import(result: Converted, outdir) -> list[Path]:
    """Write actors.csv, participations.csv, projects.csv (atomically, formula-guarded) and the notes
    of the conversion, import_notes.txt, to ``outdir``; return the paths."""
    from ..files.atomic import atomic_write_text
    from ..files.guard import safe_csv

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return [
        safe_csv(result.actors, outdir / "actors.csv"),
        safe_csv(result.participations, outdir / "participations.csv"),
        safe_csv(result.projects, outdir / "projects.csv"),
        atomic_write_text(outdir / "import_notes.txt", "".join(f"{line}\n" for line in result.notes)),
    ]


#: Columns of a name list whose values are taken (any case).
NAME_LIST_COLUMNS = ("id", "pic", "name", "organisation", "organization", "organisation name", "organization name")


def read_name_list(path) -> list[str]:
    """The ids, PICs or names in ``path``: a text file with one a line, or a CSV/xlsx table whose
    columns ``id``, ``pic`` or ``name`` (any case) hold them (a table without such a column: its
    first column, header included).

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); p = os.path.join(d, "clusters.txt")
    >>> _ = open(p, "w", encoding="utf-8").write("GCE Ocean Technology\\n\\n999990004\\n")
    >>> read_name_list(p)
    ['GCE Ocean Technology', '999990004']
    """
    from .read import read_table

    path = Path(path)
    if path.suffix.lower() in (".txt", ""):
        text = path.read_text(encoding="utf-8-sig")
        return [line.strip() for line in text.splitlines() if line.strip()]
    table = read_table(path, "actors")
    wanted = [p for p, c in enumerate(table.columns) if c.strip().lower() in NAME_LIST_COLUMNS]
    if not wanted:
        values = [table.columns[0], *(r[0] for r in table.rows if r)]
    else:
        values = [r[p] for r in table.rows for p in wanted if p < len(r)]
    return [v.strip() for v in values if v and v.strip()]
