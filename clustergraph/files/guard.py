"""What every user-facing writer applies to text: the formula guard and the control-character rule.

:func:`safe_csv` writes a table as CSV atomically with the formula guard on every text cell and header.

**Formulas.** A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is
run as a formula by Excel and LibreOffice (OWASP "CSV injection"); :func:`neutralise` prefixes it
with ``'``. It applies to what spreadsheets open (the CSV tables and workbooks of ``metrics``,
``gaps``, ``report``), not to the data files the tool reads back (``import cordis`` writes its
tables unguarded, so a name starting with ``=`` stays that name).

**Control characters.** C0 controls other than tab, line feed and carriage return, DEL, the C1
controls (U+0080-U+009F), lone surrogates and U+FFFE/U+FFFF cannot be held by XML 1.0 (workbooks,
GraphML, GEXF, SVG) even as character references, and are parse errors in HTML. In those outputs
:func:`visible` writes each as the text ``\\xNN`` (the form the terminal shows, see
:func:`clustergraph.cli.console.plain`), so ``Al\\x01pha`` reads the same in the terminal, the
workbook and the map. The mapping is one-to-one per value: the same id always becomes the same
text; two ids that would become equal are refused when the actors are read
(:func:`clustergraph.io.validate.validate_actors`). CSV and JSON hold every character and keep the
original (JSON escapes it as ``\\u0001``). Each run reports once how many distinct values were
shown so (:func:`take_changed`, logged when an output folder is published).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .atomic import atomic_write

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

#: Characters written as ``\xNN`` text in XML, workbook, SVG and HTML outputs.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

#: Distinct values :func:`visible` changed since the last :func:`take_changed`.
_CHANGED: set[str] = set()


def neutralise(value):
    """``value`` with a leading ``'`` when it is text a spreadsheet would run as a formula.

    >>> neutralise("=1+1"), neutralise("-x"), neutralise(-3.5), neutralise("Firm")
    ("'=1+1", "'-x", -3.5, 'Firm')
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


#: CSV dialects: ``plain`` (UTF-8, ``,``, decimal point: for R, pandas, databases) and ``excel``
#: (UTF-8 with a byte-order mark, ``;`` and decimal comma: opens in Excel in every locale that
#: uses ``;``, and Excel recognises the encoding, so ``Wirtschaftsförderung`` is not garbled).
CSV_DIALECTS: tuple[str, ...] = ("plain", "excel")


def safe_csv(df: pd.DataFrame, path, index: bool = False, *, guard: bool = True, dialect: str = "plain") -> Path:
    """Write ``df`` as UTF-8 CSV atomically, neutralising spreadsheet formulas.

    Text cells and column names starting with ``= + - @`` (or tab/CR) get a
    leading single quote; numeric columns are written unchanged, so ``-1.5``
    stays a number.

    Parameters
    ----------
    df : DataFrame
    path : path-like
    index : bool
        Also write the index (as the first column).
    guard : bool
        The formula guard (default on); ``False`` (``--raw-text``) writes text as it is.
    dialect : {"plain", "excel"}
        See :data:`CSV_DIALECTS`.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = safe_csv(pd.DataFrame({"name": ["=cmd()", "ok"], "z": [-1.5, 2.0]}), p)
    >>> print(p.read_text(), end="")
    name,z
    '=cmd(),-1.5
    ok,2.0
    >>> _ = safe_csv(pd.DataFrame({"value": [5, 0.5, None]}, dtype=object), p)  # whole numbers stay whole
    >>> p.read_text().split()
    ['value', '5', '0.5', '""']
    >>> _ = safe_csv(pd.DataFrame({"value": [5, 0.5]}, dtype=object), p, dialect="excel")
    >>> p.read_text(encoding="utf-8-sig").split()
    ['value', '5', '0,5']
    """
    if dialect not in CSV_DIALECTS:
        raise InputError(f"unknown CSV dialect {dialect!r}: choose from {', '.join(CSV_DIALECTS)}")
    frame = df.reset_index() if index else df
    frame = frame.copy()
    excel = dialect == "excel"
    for j in range(frame.shape[1]):  # by position: two columns may share a name
        series = frame.iloc[:, j]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            # cell by cell, kept as objects: Series.map would infer a dtype and write the whole
            # numbers of a mixed column (5, 0.5, None) as 5.0
            frame.isetitem(j, pd.Series(_cells(series.tolist(), guard, excel), index=series.index, dtype=object))
        elif guard:
            frame.isetitem(j, series.map(neutralise))
    if guard:
        frame.columns = [neutralise(str(c)) for c in frame.columns]
    with atomic_write(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as fh:
        frame.to_csv(fh, index=False, lineterminator="\n", sep=";" if excel else ",", decimal="," if excel else ".")
    return Path(path)


def _cells(values: list, guard: bool, excel: bool) -> list:
    """The cells of a text (object) column for :func:`safe_csv`: text guarded, and in the ``excel``
    dialect numbers with a decimal comma (pandas gives one to float columns only)."""
    if guard:
        values = [neutralise(v) for v in values]
    if excel:
        values = [
            str(v).replace(".", ",") if isinstance(v, (float, np.floating)) and math.isfinite(v) else v for v in values
        ]
    return values


def _code(match: re.Match) -> str:
    n = ord(match.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def shown(value: str) -> str:
    r"""``value`` as :func:`visible` writes it, without counting it (for checks).

    >>> shown("A\x01") == shown("A\\x01")
    True
    """
    return CONTROL.sub(_code, value) if CONTROL.search(value) else value


def visible(value: str) -> str:
    r"""``value`` with each control character written as ``\xNN`` text (see the module docs).

    >>> visible("Al\x01pha"), visible("Esc\x1b[2J"), visible("tab\tand\nline"), visible("Øst")
    ('Al\\x01pha', 'Esc\\x1b[2J', 'tab\tand\nline', 'Øst')
    """
    if CONTROL.search(value) is None:
        return value
    _CHANGED.add(value)
    return CONTROL.sub(_code, value)


def take_changed() -> str | None:
    r"""The one-line notice of the values :func:`visible` changed since the last call (and forget them).

    >>> _ = visible("A\x01"); take_changed()[:49]
    '1 text value holds control characters (e.g. A\\x01'
    >>> take_changed() is None
    True
    """
    if not _CHANGED:
        return None
    values = sorted(_CHANGED)
    _CHANGED.clear()
    n = len(values)
    example = CONTROL.sub(_code, min(values, key=lambda v: (len(v), v)))
    return (
        f"{n} text value{'s' if n != 1 else ''} hold{'s' if n == 1 else ''} control characters "
        f"(e.g. {example[:60]}): the workbook, GraphML, GEXF, SVG and HTML outputs show each as \\xNN text "
        "(those formats cannot hold them); the CSV and JSON files keep the original characters"
    )
