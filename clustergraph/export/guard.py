"""The formula guard shared by every spreadsheet-facing writer (CSV tables and workbooks).

A text cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is run as a
formula by Excel and LibreOffice (OWASP "CSV injection"); :func:`neutralise` prefixes it with ``'``.
"""

from __future__ import annotations

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
