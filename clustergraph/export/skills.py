"""Write the skills analysis: ``skill_needs.csv``, ``skills_matrix.csv``, ``skills_idle.csv``,
workbook sheets and the ``skills`` entry of ``metrics.json``.

Each file is written atomically with the formula guard and CSV dialect of
:func:`clustergraph.export.tables.safe_csv`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tables import json_safe, records, safe_csv

#: Files written by :func:`write_skill_files`.
SKILL_FILES: tuple[str, ...] = ("skill_needs.csv", "skills_matrix.csv", "skills_idle.csv")

#: Columns of ``skill_needs.csv``, in order (the first nine as issue 23 names them).
NEEDS_FILE_COLUMNS: list[str] = [
    "actor",
    "name",
    "region",
    "skill",
    "priority",
    "met",
    "met_by",
    "suggested",
    "broker",
    "level",
    "met_by_ids",
    "suggested_ids",
    "suggested_region",
    "broker_id",
    "reason",
]

#: Workbook sheet names of the skills tables.
SKILL_SHEETS: dict[str, str] = {"needs": "Skill needs", "matrix": "Skills matrix", "idle": "Skills nobody needs"}

#: The meaning of the skills tables' columns (the workbook's Definitions sheet).
SKILL_DEFINITIONS: dict[str, str] = {
    "skill": "the skill (spellings merged: case, accents, spaces, hyphens ignored; or its --skill-groups group)",
    "priority": "priority of the need: high, medium or low",
    "level": "qualification level of the need (EQF 1-8)",
    "met": "TRUE when the actor is linked to an actor offering the skill",
    "met_by": "names of the linked actors offering the skill",
    "met_by_ids": "ids of the linked actors offering the skill",
    "suggested": "providers of the skill for an unmet need, best first (same region first, then shared partners)",
    "suggested_ids": "ids of the suggested providers",
    "suggested_region": "region of the best suggested provider",
    "broker_id": "id of the actor best placed to introduce the best provider",
    "needs": "members of the region needing the skill",
    "unmet": "needs not met through a link",
    "providers_in_region": "actors of the region offering the skill",
    "providers_elsewhere": "actors of other regions offering the skill",
}


def needs_file_frame(needs: pd.DataFrame) -> pd.DataFrame:
    """The needs table with the columns of ``skill_needs.csv`` in their order."""
    return needs[[c for c in NEEDS_FILE_COLUMNS if c in needs.columns]]


def write_skill_files(report, outdir, *, guard: bool = True, dialect: str = "plain") -> list[Path]:
    """Write :data:`SKILL_FILES` for a :class:`clustergraph.analysis.skills.SkillsReport`.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> from clustergraph.io.skills import SkillsData
    >>> from clustergraph.analysis.skills import analyse_skills
    >>> G = nx.Graph([("f", "u")])
    >>> t = pd.DataFrame({"actor": ["f", "u"], "skill": ["welding"] * 2, "kind": ["need", "offer"],
    ...                   "priority": ["high", None]})
    >>> [p.name for p in write_skill_files(analyse_skills(G, SkillsData(t)), tempfile.mkdtemp())]
    ['skill_needs.csv', 'skills_matrix.csv', 'skills_idle.csv']
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    frames = (needs_file_frame(report.needs), report.matrix, report.idle)
    return [safe_csv(f, out / name, guard=guard, dialect=dialect) for f, name in zip(frames, SKILL_FILES)]


def skill_sheets(report) -> dict[str, pd.DataFrame]:
    """Sheet name -> table, for :func:`clustergraph.export.workbook.write_workbook` ``extra``."""
    return {
        SKILL_SHEETS["needs"]: needs_file_frame(report.needs),
        SKILL_SHEETS["matrix"]: report.matrix,
        SKILL_SHEETS["idle"]: report.idle,
    }


def skills_json(report) -> dict:
    """The ``skills`` entry of ``metrics.json``: summary, finding, merges, the region x skill matrix."""
    return {
        "summary": json_safe(report.summary()),
        "finding": report.finding(),
        "merges": list(report.data.merges),
        "hints": list(report.data.hints),
        "matrix": records(report.matrix),
        "idle_offers": records(report.idle),
    }
