"""Validate raw tables into canonical actor and link frames; every problem names file, row and column."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError, Problem
from ..schema import (
    ACTOR_OPTIONAL,
    ACTOR_REQUIRED,
    ACTOR_TYPES,
    LINK_OPTIONAL,
    LINK_REQUIRED,
    SCOPES,
    SIZES,
    YEAR_RANGE,
    normalise_type,
)
from .read import _WHOLE_FLOAT, Table


@dataclass
class LoadReport:
    """What the loader found: fatal problems, dropped rows and fixes applied."""

    problems: list[Problem] = field(default_factory=list)
    dropped: list[Problem] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)
    #: ids of actor rows that were left out (so links to them get a clear message)
    dropped_ids: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- validation


def normalise_id(value: str) -> str:
    """The canonical form of an actor id: trimmed, ``7.0`` -> ``7``, leading zeros kept.

    >>> normalise_id(" 7.0 "), normalise_id("007"), normalise_id("A-1")
    ('7', '007', 'A-1')
    """
    value = value.strip()
    if _WHOLE_FLOAT.match(value):
        return value.split(".")[0]
    return value


def _columns(table: Table, required, optional) -> dict[str, int]:
    """Map canonical column names to positions; record problems with the header."""
    known = set(required) | set(optional)
    index: dict[str, int] = {}
    problems = []
    for pos, raw in enumerate(table.columns):
        name = raw.strip().lstrip("\ufeff")
        key = name.lower() if name.lower() in known else name
        if not name:
            has_data = any(pos < len(r) and r[pos].strip() for r in table.rows)
            if has_data:
                problems.append(
                    Problem(
                        table.file, 1, f"#{pos + 1}", "column has data but no header (merged header cells?); name it"
                    )
                )
            continue
        if key in index:
            problems.append(Problem(table.file, 1, name, "column name appears twice"))
            continue
        index[key] = pos
    missing = [c for c in required if c not in index]
    for col in missing:
        problems.append(
            Problem(
                table.file,
                1,
                col,
                f"missing required column '{col}' (columns found: "
                f"{', '.join(c.strip() for c in table.columns if c.strip()) or 'none'})",
            )
        )
    if problems:
        raise InputError(problems)
    return index


def _records(table: Table, index: dict[str, int], report: LoadReport):
    """Yield (row_number, {column: trimmed value}, problem or None); note trimmed values.

    The problem is a row with more cells than the header; its values are still given.
    """
    trimmed: dict[str, int] = {}
    width = len(table.columns)
    for number, row in zip(table.row_numbers, table.rows):
        bad = None
        if len(row) > width and any(c.strip() for c in row[width:]):
            bad = f"row has {len(row)} cells but the header has {width}"
        rec = {}
        for name, pos in index.items():
            raw = row[pos] if pos < len(row) else ""
            value = raw.strip()
            if not bad and value != raw and value and name in ("id", "type", "source", "target", "scope"):
                trimmed[name] = trimmed.get(name, 0) + 1
            rec[name] = value
        yield number, rec, bad
    for name, n in trimmed.items():
        report.fixes.append(f"{table.file}: spaces trimmed around {n} value{'s' if n != 1 else ''} in column '{name}'")


def _fail(report: LoadReport, lenient: bool, problem: Problem) -> None:
    (report.dropped if lenient else report.problems).append(problem)


def validate_actors(table: Table, report: LoadReport, lenient: bool = False) -> pd.DataFrame:
    """Validate an actors table and return it as a DataFrame of canonical values.

    Problems go to ``report.problems`` (or ``report.dropped`` with the row left
    out when ``lenient``). Bad optional values (``size``, ``lat``, ``lon``) are
    problems too; when lenient they are cleared rather than the row dropped.
    """
    index = _columns(table, ACTOR_REQUIRED, ACTOR_OPTIONAL)
    f = table.file
    seen: dict[str, int] = {}
    out = []
    normalised_ids = 0
    dropped_ids: set[str] = set()
    for number, rec, bad in _records(table, index, report):
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + ("; row dropped" if lenient else "")))
            dropped_ids.add(normalise_id(rec["id"]))
            continue
        row_problems: list[Problem] = []
        raw_id = rec["id"]
        aid = normalise_id(raw_id)
        if aid != raw_id:
            normalised_ids += 1
        if not aid:
            row_problems.append(Problem(f, number, "id", "empty id"))
        elif aid in seen:
            row_problems.append(Problem(f, number, "id", f"duplicate id '{aid}' (first on row {seen[aid]})"))
        if not rec["name"]:
            row_problems.append(Problem(f, number, "name", "empty name"))
        t = normalise_type(rec["type"]) if rec["type"] else None
        if not rec["type"]:
            row_problems.append(Problem(f, number, "type", f"empty type; allowed: {', '.join(ACTOR_TYPES)}"))
        elif t is None:
            row_problems.append(
                Problem(
                    f,
                    number,
                    "type",
                    f"unknown type '{rec['type']}'; allowed: {', '.join(ACTOR_TYPES)} "
                    "(or an alias listed in the README)",
                )
            )
        if row_problems:
            for p in row_problems:
                _fail(
                    report, lenient, Problem(p.file, p.row, p.column, p.message + ("; row dropped" if lenient else ""))
                )
            dropped_ids.add(aid)
            continue
        seen[aid] = number
        rec["id"], rec["type"] = aid, t
        if rec.get("size"):
            size = rec["size"].lower()
            if size not in SIZES:
                _fail(
                    report,
                    lenient,
                    Problem(
                        f,
                        number,
                        "size",
                        f"unknown size '{rec['size']}'; allowed: "
                        f"{', '.join(SIZES)}" + ("; value cleared" if lenient else ""),
                    ),
                )
                size = ""
            rec["size"] = size
        for col, bound in (("lat", 90.0), ("lon", 180.0)):
            if rec.get(col):
                try:
                    value = float(
                        rec[col].replace(",", ".") if rec[col].count(",") == 1 and "." not in rec[col] else rec[col]
                    )
                    if not math.isfinite(value) or abs(value) > bound:
                        raise ValueError
                    rec[col] = value
                except ValueError:
                    _fail(
                        report,
                        lenient,
                        Problem(
                            f,
                            number,
                            col,
                            f"'{rec[col]}' is not a {col} between "
                            f"-{bound:g} and {bound:g}" + ("; value cleared" if lenient else ""),
                        ),
                    )
                    rec[col] = None
            elif col in rec:
                rec[col] = None
        out.append(rec)
    report.dropped_ids = {i for i in dropped_ids if i and i not in seen}
    if normalised_ids:
        report.fixes.append(
            f"{f}: {normalised_ids} id{'s' if normalised_ids != 1 else ''} written as whole "
            "numbers with '.0' read without it (7.0 -> 7)"
        )
    if not out and not report.problems:
        report.problems.append(Problem(f, None, None, "no actors (the file has a header but no data rows)"))
    columns = ["id", "name", "type"] + [c for c in index if c not in ("id", "name", "type")]
    return pd.DataFrame(out, columns=columns)


def _suggest_id(value: str, known: set[str]) -> str:
    if value.lstrip("0") in known and value.lstrip("0") != value:
        return f" (did you mean '{value.lstrip('0')}'? leading zeros count in ids)"
    padded = [k for k in known if k.lstrip("0") == value and k != value]
    if padded:
        return f" (did you mean '{padded[0]}'? leading zeros count in ids)"
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.8) if len(known) < 20000 else []
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate_links(
    table: Table,
    actor_ids: set[str],
    report: LoadReport,
    lenient: bool = False,
    dropped_ids: set[str] | frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Validate a links table against the known actor ids; return canonical values.

    ``weight`` defaults to 1 when empty; it must be a finite positive number.
    ``year`` must be a whole number in :data:`~clustergraph.schema.YEAR_RANGE`;
    ``scope`` one of regional/national/international (any case).
    """
    index = _columns(table, LINK_REQUIRED, LINK_OPTIONAL)
    f = table.file
    out = []
    lo, hi = YEAR_RANGE
    for number, rec, bad in _records(table, index, report):
        if bad:
            _fail(report, lenient, Problem(f, number, None, bad + ("; row dropped" if lenient else "")))
            continue
        problems: list[Problem] = []
        for col in ("source", "target"):
            rec[col] = normalise_id(rec[col])
            if not rec[col]:
                problems.append(Problem(f, number, col, f"empty {col}"))
            elif rec[col] not in actor_ids:
                if rec[col] in dropped_ids:
                    problems.append(Problem(f, number, col, f"actor '{rec[col]}' was dropped (see above)"))
                else:
                    problems.append(
                        Problem(f, number, col, f"unknown actor '{rec[col]}'" + _suggest_id(rec[col], actor_ids))
                    )
        if rec["source"] and rec["source"] == rec["target"]:
            problems.append(Problem(f, number, "target", f"self-loop: '{rec['source']}' linked to itself"))
        w = rec.get("weight", "")
        if w:
            try:
                weight = float(w)
            except ValueError:
                weight = None
            if weight is None or not math.isfinite(weight) or weight <= 0:
                problems.append(Problem(f, number, "weight", f"weight '{w}' is not a positive number"))
            rec["weight"] = weight
        else:
            rec["weight"] = 1.0
        y = rec.get("year", "")
        if y:
            year = int(float(y)) if _WHOLE_FLOAT.match(y) or y.lstrip("+-").isdigit() else None
            if year is None or not lo <= year <= hi:
                problems.append(Problem(f, number, "year", f"year '{y}' is not a whole number from {lo} to {hi}"))
            rec["year"] = year
        else:
            rec["year"] = None
        s = rec.get("scope", "")
        if s:
            if s.lower() not in SCOPES:
                problems.append(Problem(f, number, "scope", f"unknown scope '{s}'; allowed: {', '.join(SCOPES)}"))
            rec["scope"] = s.lower()
        elif "scope" in rec:
            rec["scope"] = None
        if "type" in rec and not rec["type"]:
            rec["type"] = None
        if problems:
            for p in problems:
                _fail(
                    report, lenient, Problem(p.file, p.row, p.column, p.message + ("; row dropped" if lenient else ""))
                )
            continue
        out.append(rec)
    columns = ["source", "target"] + [c for c in index if c not in ("source", "target")]
    frame = pd.DataFrame(out, columns=columns)
    if "year" in frame:
        frame["year"] = frame["year"].astype("Int64")
    return frame
