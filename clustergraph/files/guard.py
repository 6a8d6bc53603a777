"""The formula guard shared by every spreadsheet-facing writer (CSV tables and workbooks).

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is run as a
formula by Excel and LibreOffice (OWASP "CSV injection"); :func:`neutralise` prefixes it with ``'``.
:func:`safe_csv` writes a table as CSV atomically with the guard on every text cell and header.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError
from .atomic import atomic_write

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


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
    """
    if dialect not in CSV_DIALECTS:
        raise InputError(f"unknown CSV dialect {dialect!r}: choose from {', '.join(CSV_DIALECTS)}")
    frame = df.reset_index() if index else df
    frame = frame.copy()
    if guard:
        for col in frame.columns:
            if not (pd.api.types.is_numeric_dtype(frame[col]) or pd.api.types.is_bool_dtype(frame[col])):
                frame[col] = frame[col].map(neutralise)
        frame.columns = [neutralise(str(c)) for c in frame.columns]
    excel = dialect == "excel"
    with atomic_write(path, newline="", encoding="utf-8-sig" if excel else "utf-8") as fh:
        frame.to_csv(fh, index=False, lineterminator="\n", sep=";" if excel else ",", decimal="," if excel else ".")
    return Path(path)
