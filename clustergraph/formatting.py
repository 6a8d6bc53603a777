"""One home for turning values into text: terminal tables, HTML report, map tooltips and JSON.

Every formatter returns ``""`` (or ``"n/a"`` for tooltips) for a missing value
(None, NaN, pandas NA) so no "nan" ever reaches a reader, and :func:`json_value`
is the one cleaner of numbers written to JSON (non-finite values become null).
"""

from __future__ import annotations

import math

import pandas as pd


def missing(value: object) -> bool:
    """True for None, NaN and pandas' NA/NaT (never raises on lists or strings).

    >>> missing(None), missing(float("nan")), missing(pd.NA), missing(0), missing("")
    (True, True, True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_int(value: object) -> str:
    """Thousands-separated whole number ("1,234"); empty for missing values.

    >>> fmt_int(1234.4), fmt_int(None)
    ('1,234', '')
    """
    if missing(value):
        return ""
    return f"{int(round(float(value))):,}"  # type: ignore[arg-type]


def fmt_float(value: object, digits: int = 3) -> str:
    """A number with ``digits`` decimals and thousands separators; empty for missing values.

    >>> fmt_float(1234.56789), fmt_float(0.5, 1)
    ('1,234.568', '0.5')
    """
    if missing(value):
        return ""
    return f"{float(value):,.{digits}f}"  # type: ignore[arg-type]


def fmt_pct(value: object) -> str:
    """A share 0-1 as a whole percentage ("42%"); empty for missing values.

    >>> fmt_pct(0.416)
    '42%'
    """
    if missing(value):
        return ""
    return f"{100 * float(value):.0f}%"  # type: ignore[arg-type]


def fmt_bool(value: object) -> str:
    """``yes`` / ``no``; empty for missing values."""
    if value is None or (not isinstance(value, bool) and missing(value)):
        return ""
    return "yes" if bool(value) else "no"


def fmt_text(value: object) -> str:
    """Any value as text (no formatting); empty for missing values."""
    return "" if missing(value) else str(value)


def fmt_compact(value: object) -> str:
    """Compact text for a tooltip number (integers without decimals, else 4 significant digits).

    >>> fmt_compact(3.0), fmt_compact(0.012345), fmt_compact(float("nan")), fmt_compact("x")
    ('3', '0.01235', 'n/a', 'x')
    """
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(x):
        return "n/a"
    if x.is_integer() and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:.4g}"


def fmt_short(value: object, limit: int = 28) -> str:
    """Text cut to ``limit`` characters with an ellipsis (chart labels; full names stay in tables and CSVs).

    >>> fmt_short("Møre og Romsdal"), fmt_short("x" * 40)
    ('Møre og Romsdal', 'xxxxxxxxxxxxxxxxxxxxxxxxxxx…')
    """
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fmt_cell(value: object) -> str:
    """A terminal table cell: floats with 3 decimals (3 significant digits when huge), else text.

    >>> fmt_cell(0.12345), fmt_cell(2e7), fmt_cell(None), fmt_cell(7)
    ('0.123', '2e+07', '', '7')
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1e6 else f"{value:.3g}"
    return str(value)


def json_value(x: object, digits: int | None = None) -> float | None:
    """A float that JSON can hold: None, NaN and infinities become None.

    ``digits`` rounds values whose last bits depend on summation order, so
    outputs are byte-identical across runs.

    >>> json_value(float("inf")), json_value(1 / 3, 4), json_value(2)
    (None, 0.3333, 2.0)
    """
    if x is None:
        return None
    f = float(x)  # type: ignore[arg-type]
    if not math.isfinite(f):
        return None
    return round(f, digits) if digits is not None else f
