"""Which table each uploaded file is, told by its columns or its workbook's sheet names.

A cluster manager drops files called anything (``Medlemmer 2024.xlsx``, ``export(3).csv``): the
app stores each under a generated name (:func:`stored_name`; an uploaded name never becomes a
path) and recognises it by its content, as :mod:`clustergraph.io` reads it:

- a workbook with a sheet named as actors (:data:`clustergraph.schema.SHEET_NAMES`) is the whole
  input (the loader finds its sheets links, participations, projects and skills);
- any other file (CSV, or a one-sheet workbook) by the columns of its header row:
  ``id``/``name``/``type`` actors, ``actor``/``skill``/``kind`` skills, ``project``/``actor``
  participations, ``source``/``target`` links, ``id`` with ``title``/``acronym``/... projects.

:func:`recognise` returns the :class:`Recognised` roles (paths for :func:`clustergraph.io.load`)
or the problems, each naming the file as the user called it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..io.participations import sheet_names
from ..io.read import EXCEL_SUFFIXES, InputBudget, read_table
from ..projection import PROJECT_COLUMNS
from ..schema import ACTOR_REQUIRED, LINK_REQUIRED, SHEET_NAMES, SKILL_REQUIRED

#: File name endings accepted for upload (lower case); anything else is refused by name.
ACCEPTED_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".txt", *EXCEL_SUFFIXES)

#: The roles of input tables, in the order the page lists them.
ROLES: tuple[str, ...] = ("workbook", "actors", "links", "participations", "projects", "skills")


def stored_name(index: int, original: str) -> str | None:
    """The generated file name of the ``index``-th upload, keeping only a known ending.

    >>> stored_name(0, "../../etc/passwd.csv"), stored_name(3, "Members 2024.XLSX"), stored_name(1, "a.exe")
    ('input-00.csv', 'input-03.xlsx', None)
    """
    suffix = Path(original.replace("\\", "/")).suffix.lower()
    return f"input-{index:02d}{suffix}" if suffix in ACCEPTED_SUFFIXES else None


def role_of_columns(columns: list[str]) -> str | None:
    """The role of a table with these header cells (any case, spaces trimmed), or None.

    >>> role_of_columns(["ID", "Name", "type", "region"]), role_of_columns(["project", "actor", "role"])
    ('actors', 'participations')
    >>> role_of_columns(["actor", "skill", "kind"]), role_of_columns(["id", "title", "start"])
    ('skills', 'projects')
    >>> role_of_columns(["source", "target"]), role_of_columns(["a", "b"])
    ('links', None)
    """
    names = {c.strip().lstrip("\ufeff").lower() for c in columns}
    if set(ACTOR_REQUIRED) <= names:
        return "actors"
    if set(SKILL_REQUIRED) <= names:
        return "skills"
    if {"project", "actor"} <= names:
        return "participations"
    if set(LINK_REQUIRED) <= names:
        return "links"
    if "id" in names and names & (set(PROJECT_COLUMNS) - {"id"}):
        return "projects"
    return None


@dataclass
class Recognised:
    """The uploaded files by role (stored paths), and the problems that stop a load."""

    roles: dict[str, list[Path]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def load_arguments(self) -> dict[str, Path | None]:
        """Keywords for :func:`clustergraph.io.load`: ``actors``, ``links``, ``participations``, ``projects``, ``skills``."""

        def first(role: str) -> Path | None:
            paths = self.roles.get(role)
            return paths[0] if paths else None

        parts = list(self.roles.get("participations", []))
        workbook = first("workbook")
        links = first("links")
        if links is None and parts:
            links = parts.pop(0)
        return {
            "actors": workbook if workbook is not None else first("actors"),
            "links": links,
            "participations": parts[0] if parts else None,
            "projects": first("projects"),
            "skills": first("skills"),
        }


def _columns(path: Path, budget: InputBudget) -> list[str]:
    return list(read_table(path, "actors", budget=budget).columns)


def recognise(files: list[tuple[str, Path]], *, budget: InputBudget | None = None) -> Recognised:
    """Tell the role of each ``(original name, stored path)``; problems name the original names.

    A role given twice (two actors tables), no actors table, or a file of no known shape is a
    problem; so is a second participations file beyond the two the loader takes.
    """
    from ..errors import InputError

    budget = budget or InputBudget()
    found = Recognised()
    for original, path in files:
        sheets = sheet_names(path)
        actor_sheets = set(SHEET_NAMES["actors"])
        if len(sheets) > 1 and actor_sheets & set(sheets):
            found.roles.setdefault("workbook", []).append(path)
            continue
        if len(sheets) > 1 and set(sheets) & set(SHEET_NAMES["links"] + SHEET_NAMES["participations"]):
            found.roles.setdefault("links", []).append(path)  # the loader reads its sheets
            continue
        try:
            role = role_of_columns(_columns(path, budget))
        except InputError as exc:
            found.problems += [Problem(original, p.row, p.column, p.message) for p in exc.problems]
            continue
        if role is None:
            found.problems.append(
                Problem(
                    original,
                    1,
                    None,
                    "not a table clustergraph knows: an actors table has the columns id, name, type; links "
                    "source, target; participations project, actor; skills actor, skill, kind; projects id, title",
                )
            )
            continue
        found.roles.setdefault(role, []).append(path)
    names = {str(p): o for o, p in files}
    for role, paths in found.roles.items():
        limit = 2 if role == "participations" else 1
        for extra in paths[limit:]:
            found.problems.append(Problem(names[str(extra)], None, None, f"a second {role} table: give only one"))
    if "workbook" in found.roles and "actors" in found.roles:
        found.problems.append(
            Problem(names[str(found.roles["actors"][0])], None, None, "an actors table beside a workbook that has one")
        )
    if not found.problems and not ({"workbook", "actors"} & set(found.roles)):
        found.problems.append(
            Problem("input", None, None, "no actors table among the files: add one (columns id, name, type)")
        )
    if not found.problems and "workbook" not in found.roles and not ({"links", "participations"} & set(found.roles)):
        found.problems.append(Problem("input", None, None, "no links or participations table among the files: add one"))
    return found
