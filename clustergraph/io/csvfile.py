"""CSV files row by row, the reference path: encoding (UTF-8, UTF-16, Windows-1252, reported),
the separator sniffed from the first lines, quotes checked for lines they swallow."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io as _io
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, Problem
from .budget import InputBudget
from .table import Table, _assemble


def _decode(data: bytes, file: str, fixes: list[str]) -> str:
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = body[: exc.start].count(b"\n") + 1
            raise InputError(
                [
                    Problem(
                        file,
                        line,
                        None,
                        "the file says it is UTF-8 (it starts with a byte-order mark) but "
                        f"this line is not valid UTF-8 (byte 0x{body[exc.start]:02x}); "
                        "save it again as CSV UTF-8",
                    )
                ]
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError([Problem(file, None, None, f"damaged UTF-16 text ({exc.reason})")]) from None
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        enc = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            text = data.decode(enc)
            fixes.append(f"{file}: read as {enc.upper()} (no byte-order mark)")
            return text
        except UnicodeDecodeError:
            raise InputError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        "binary data or an unknown encoding; save the file as "
                        "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8)",
                    )
                ]
            ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        fixes.append(
            f"{file}: not UTF-8 (first odd byte on line {line}); read as Windows-1252/Latin-1. "
            "Check accented names, or save the file as CSV UTF-8"
        )
        return text


def _sniff_delimiter(lines: list[str]) -> str:
    """The separator of the first non-blank ``lines``: the one with most cells in any of them
    (a title row above the header has none), ``,`` on a tie."""
    best_counts = {d: 0 for d in (",", ";", "\t")}
    for line in lines:
        counts = {d: 0 for d in best_counts}
        quoted = False
        for ch in line:
            if ch == '"':
                quoted = not quoted
            elif not quoted and ch in counts:
                counts[ch] += 1
        for d, n in counts.items():
            best_counts[d] = max(best_counts[d], n)
    best = max(best_counts, key=lambda d: (best_counts[d], d == ","))
    return best if best_counts[best] else ","


def _csv_records(text: str, delimiter: str, file: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a quote that swallows lines holding the separator is an error."""
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delimiter)
    last_line = text.count("\n")
    start = 1
    try:
        for record in reader:
            row_no = start
            start = reader.line_num + 1
            if reader.line_num > row_no:
                for cell in record:
                    inner = cell.split("\n")[1:]
                    if any(delimiter in part for part in inner) or (
                        reader.line_num >= last_line and cell.endswith("\n")
                    ):
                        raise InputError(
                            [
                                Problem(
                                    file,
                                    row_no,
                                    None,
                                    "unbalanced quote: a quote opens on this row and "
                                    + (
                                        "never closes"
                                        if cell.endswith("\n") and reader.line_num >= last_line
                                        else f"closes only on row {reader.line_num}"
                                    )
                                    + f", so {len(inner) + 1} lines are read as one cell; close the quote on row "
                                    f'{row_no} (a quote inside a quoted cell is written "")',
                                )
                            ]
                        )
            yield row_no, record
    except csv.Error as exc:
        raise InputError([Problem(file, reader.line_num, None, f"cannot parse CSV: {exc}")]) from None


def _read_csv(path: Path, kind: str, budget: InputBudget, size: int) -> Table:
    data = path.read_bytes()
    fixes: list[str] = []
    text = _decode(data, str(path), fixes)
    digest = hashlib.sha256(data).hexdigest()
    del data
    if "\x00" in text:
        raise InputError(
            [Problem(str(path), None, None, "contains NUL characters (binary data?); save it as CSV UTF-8")]
        )
    head: list[str] = []
    for ln in _io.StringIO(text):
        if ln.strip():
            head.append(ln)
            if len(head) >= 10:
                break
    delimiter = _sniff_delimiter(head)
    header, header_row, rows, numbers = _assemble(
        str(path), _csv_records(text, delimiter, str(path)), kind, budget, fixes
    )
    if not header:
        raise InputError([Problem(str(path), None, None, "file is empty (no header row)")])
    return Table(str(path), header, rows, numbers, digest, fixes, delimiter, header_row, size)
