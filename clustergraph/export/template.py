"""The survey workbook a cluster manager sends to members (``clustergraph template``).

:func:`write_template` writes an .xlsx workbook with a sheet of instructions in plain words and
the sheets ``actors``, ``links`` and ``skills`` with the canonical headers
(:data:`clustergraph.schema.ACTOR_REQUIRED` and the others), one example row each
(:data:`clustergraph.io.skills.TEMPLATE_EXAMPLES`, skipped when the workbook is read) and
drop-down lists (data validation) for the actor ``type`` and ``size``, the link ``scope``, the
skill ``kind`` and ``priority`` and the EQF ``level``. Filled in below the example rows and saved
(Excel, LibreOffice), the workbook is read as it is: ``clustergraph validate survey.xlsx``.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..files.atomic import atomic_write_bytes
from ..io.skills import TEMPLATE_EXAMPLES
from ..schema import (
    ACTOR_OPTIONAL,
    ACTOR_REQUIRED,
    ACTOR_TYPES,
    LINK_OPTIONAL,
    LINK_REQUIRED,
    PRIORITIES,
    SCOPES,
    SIZES,
    SKILL_OPTIONAL,
    SKILL_REQUIRED,
    TYPE_LABELS,
)

#: The sheets of the template and their columns, in order.
TEMPLATE_SHEETS: dict[str, tuple[str, ...]] = {
    "actors": ACTOR_REQUIRED + ACTOR_OPTIONAL,
    "links": LINK_REQUIRED + LINK_OPTIONAL,
    "skills": SKILL_REQUIRED + SKILL_OPTIONAL,
}

#: Rows of each sheet that carry the drop-down lists (the header is row 1, the example row 2).
VALIDATED_ROWS = 2000

#: What each column holds, for the instructions sheet and the header comments.
COLUMN_HELP: dict[str, dict[str, str]] = {
    "actors": {
        "id": "a short code you choose, unique per organisation (e.g. F01); other sheets may use it",
        "name": "the organisation's name",
        "type": "pick from the list: " + ", ".join(f"{t} ({TYPE_LABELS[t]})" for t in ACTOR_TYPES),
        "region": "the region (e.g. Vestland); organisations are compared by region",
        "country": "country code, e.g. NO",
        "sector": "the sector, e.g. maritime (free text)",
        "size": "firms only: " + ", ".join(SIZES),
        "lat": "latitude (decimal degrees), optional: places it on a geographic map",
        "lon": "longitude (decimal degrees), optional",
    },
    "links": {
        "source": "one organisation (its id or name from the actors sheet)",
        "target": "the organisation it works with",
        "type": "what they do together, e.g. training, project, supply (free text)",
        "weight": "how strong the tie is (a positive number; 1 when left empty)",
        "year": "the year the collaboration started or took place",
        "scope": "pick from the list: " + ", ".join(SCOPES),
    },
    "skills": {
        "actor": "the organisation (its id or name from the actors sheet)",
        "skill": "the skill in your own words (e.g. welding, cyber security)",
        "kind": "need: the organisation needs people with this skill; offer: it teaches or provides it",
        "priority": "for needs: " + ", ".join(PRIORITIES),
        "level": "the qualification level, EQF 1 to 8 (optional)",
        "year": "the year of the answer (optional)",
        "note": "anything else (optional)",
    },
}

_INSTRUCTIONS = [
    "How to fill in this survey",
    "",
    "This workbook maps who works with whom in our cluster and which skills members need or offer.",
    "Please fill in the three sheets 'actors', 'links' and 'skills'. Do not rename the sheets or the column names "
    "in the first row.",
    "The grey row under the column names is an example: leave it as it is (it is not read) or write over it, "
    "and add your own rows below it, one per line.",
    "Columns with a drop-down list accept only the listed words.",
    "",
    "actors: one row per organisation (firms, schools, universities, research centres, public bodies, ...).",
    "links: one row per pair of organisations that work together.",
    "skills: one row per organisation and skill: 'need' when the organisation needs people with the skill, "
    "'offer' when it teaches or provides it.",
    "Write each skill in your own words; spellings that differ only by capitals, accents, spaces or hyphens "
    "are read as the same skill.",
    "",
    "When you are done, save the workbook (keep the .xlsx format) and send it back.",
    "",
    "The columns",
]


def write_template(path) -> Path:
    """Write the survey workbook to ``path`` (atomically) and return the path.

    Examples
    --------
    >>> import tempfile, openpyxl
    >>> p = write_template(Path(tempfile.mkdtemp()) / "survey.xlsx")
    >>> wb = openpyxl.load_workbook(p)
    >>> wb.sheetnames, [c.value for c in wb["skills"][1]][:3]
    (['instructions', 'actors', 'links', 'skills'], ['actor', 'skill', 'kind'])
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "instructions"
    lines = list(_INSTRUCTIONS)
    for sheet, cols in TEMPLATE_SHEETS.items():
        lines += [""] + [f"{sheet} / {c}: {COLUMN_HELP[sheet][c]}" for c in cols]
    for i, line in enumerate(lines, 1):
        cell = ws.cell(row=i, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 120

    grey = PatternFill("solid", fgColor="EEEEEE")
    lists = {
        ("actors", "type"): ACTOR_TYPES,
        ("actors", "size"): SIZES,
        ("links", "scope"): SCOPES,
        ("skills", "kind"): ("need", "offer"),
        ("skills", "priority"): PRIORITIES,
    }
    for sheet, cols in TEMPLATE_SHEETS.items():
        ws = wb.create_sheet(sheet)
        example = TEMPLATE_EXAMPLES[sheet]
        for j, col in enumerate(cols, 1):
            head = ws.cell(row=1, column=j, value=col)
            head.font = Font(bold=True)
            head.comment = Comment(COLUMN_HELP[sheet][col], "clustergraph")
            value = example.get(col)
            cell = ws.cell(row=2, column=j, value=value)
            cell.fill = grey
            cell.font = Font(italic=True, color="555555")
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = max(12, min(45, len(str(value or col)) + 4))
            rows = f"{letter}2:{letter}{VALIDATED_ROWS}"
            if (sheet, col) in lists:
                allowed = lists[(sheet, col)]
                dv = DataValidation(type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True)
                dv.error, dv.errorTitle = f"Choose one of: {', '.join(allowed)}", f"{col}"
                dv.showErrorMessage = True
                dv.add(rows)
                ws.add_data_validation(dv)
            elif sheet == "skills" and col == "level":
                dv = DataValidation(type="whole", operator="between", formula1="1", formula2="8", allow_blank=True)
                dv.error, dv.errorTitle, dv.showErrorMessage = "A level from 1 to 8 (EQF)", "level", True
                dv.add(rows)
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return atomic_write_bytes(path, buf.getvalue())
