"""The column-wise fast path for big plain CSV files (UTF-8, the header on row 1, no blank rows, no
quoted cell spanning lines): pandas' C parser into categorical columns, a chunk at a time. Anything
it does not model returns ``None``, and the file goes through :mod:`.csvfile` with the same messages."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io as _io
from pathlib import Path

import numpy as np

from ..schema import canonical_column
from .budget import InputBudget
from .csvfile import _csv_records, _sniff_delimiter
from .source import too_big
from .table import _KNOWN, HEADER_SEARCH_ROWS, FrameRows, Table


def _quotes_close_on_each_line(block: bytes, open_before: bool) -> bool | None:
    """Whether each line of ``block`` that ends in it closes every quote opened on it (an even
    number of quotes; ``open_before``: the line the block starts in has an odd number so far).
    Returns the parity left open at the block's end, or ``None`` when a line ends inside quotes
    (a quoted cell spanning lines, or a quote that runs away: the row-by-row reader's job)."""
    data = np.frombuffer(block, dtype=np.uint8)
    quotes = np.flatnonzero(data == 34)
    ends = np.flatnonzero(data == 10)
    before = np.searchsorted(quotes, ends) + int(open_before)  # quotes before each line end, and the carry
    if np.any(before % 2):  # every line before it closed its quotes: this one did not
        return None
    return bool((len(quotes) + int(open_before)) % 2)


def _plain_utf8(path: Path, limit_mb: float | None = None) -> tuple[str, bytes, bool] | None:
    """(SHA-256, first 64 KiB, whether it has quotes) of a file that is UTF-8 text (a byte-order
    mark allowed) which the column-wise path models: no quoted cell spanning lines, no NUL, no lone
    carriage return; else ``None``. Read in blocks, so the file is never in memory as a whole, and
    refused beyond ``limit_mb`` megabytes (counted while reading)."""
    limit = None if limit_mb is None else int(limit_mb * 1024 * 1024)
    read = 0
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    carry = b""
    quoted = False
    open_quote: bool | None = False
    with path.open("rb") as fh:
        while True:
            block = fh.read(1 << 22)
            if not head:
                head = block[: 1 << 16]
                if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    return None
            if not block:
                break
            read += len(block)
            if limit is not None and read > limit:
                raise too_big(str(path), limit_mb or 0)
            digest.update(block)
            if b"\x00" in block:
                return None
            if b'"' in block or open_quote:
                quoted = True
                open_quote = _quotes_close_on_each_line(block, bool(open_quote))
                if open_quote is None:
                    return None
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return None
            text = carry + block
            carry = b"\r" if text.endswith(b"\r") else b""
            if text.count(b"\r") - len(carry) != text.count(b"\r\n"):
                return None
    if carry or open_quote:
        return None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    return digest.hexdigest(), head, quoted


#: Tables whose reader needs each row's own number of cells (the CORDIS export: a row short of
#: a field is "malformed"); the column-wise path pads short rows, so these go row by row.
EXACT_WIDTH_KINDS = frozenset({"organization", "project"})

#: Tables wider than this are read row by row: the column-wise path costs about a millisecond per
#: column on top of its cells (3,000 columns: 2.3 s against 0.35 s row by row), and wins on tall tables.
FAST_MAX_COLUMNS = 100

#: Rows parsed at a time by the column-wise reader (its text cells exist only for one chunk).
FAST_CHUNK_ROWS = 100_000


def _categorical_columns(path: Path, delimiter: str, quoted: bool = False) -> tuple[list, int]:
    """The cells of a plain CSV file below its first row as one ``pandas.Categorical`` per
    column, parsed by pandas' C parser a chunk at a time: memory is the integer codes plus each
    distinct text once. Raises pandas' ``ParserError`` for a row longer than the first. ``quoted``:
    cells may be quoted (RFC 4180, none spanning lines: :func:`_plain_utf8` made sure)."""
    import pandas as pd

    chunks = pd.read_csv(
        path,
        sep=delimiter,
        header=None,
        dtype=str,
        na_filter=False,
        skip_blank_lines=False,
        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
        encoding="utf-8-sig",
        engine="c",
        chunksize=FAST_CHUNK_ROWS,
    )
    lookups: list[dict[str, int]] = []
    codes: list[list[np.ndarray]] = []
    width = 0
    with chunks:
        for chunk in chunks:
            if not lookups:
                lookups = [{} for _ in range(chunk.shape[1])]
                codes = [[] for _ in range(chunk.shape[1])]
                width = chunk.shape[1]
                chunk = chunk.iloc[1:]  # the header row
            if chunk.shape[1] != width:
                raise ValueError("a chunk of another width")
            for i in range(width):
                local, uniques = pd.factorize(chunk.iloc[:, i].to_numpy(dtype=object))
                seen = lookups[i]
                to_global = np.fromiter(
                    (seen.setdefault(u, len(seen)) for u in uniques), dtype=np.int32, count=len(uniques)
                )
                small = np.int8 if len(seen) < 127 else np.int16 if len(seen) < 32_767 else np.int32
                codes[i].append(to_global.astype(small)[local])
    return [
        pd.Categorical.from_codes(np.concatenate(parts), categories=pd.Index(list(seen), dtype=object))
        for parts, seen in zip(codes, lookups)
    ], width


def _read_csv_fast(path: Path, kind: str, budget: InputBudget, size: int) -> Table | None:
    """Read a plain CSV file (UTF-8, no quoted cell spanning lines, the header on row 1, no blank
    rows, no row longer than the header) column-wise with pandas' C parser into categorical columns; ``None`` when the
    file has anything this does not model, so that :func:`_read_csv` reads it row by row and
    reports exactly as before."""
    import pandas as pd

    if kind in EXACT_WIDTH_KINDS:
        return None
    plain = _plain_utf8(path, budget.input_mb())
    if plain is None:
        return None
    digest, head_bytes, quoted = plain
    head_text = head_bytes.decode("utf-8", errors="ignore")
    head_text = head_text[1:] if head_text.startswith("\ufeff") else head_text  # the byte-order mark
    head_lines = list(_io.StringIO(head_text))  # split as the row-wise reader splits lines
    cut = len(head_bytes) == 1 << 16
    if cut:  # the last line may be cut
        head_lines = head_lines[:-1]
    head_lines = head_lines[:HEADER_SEARCH_ROWS]
    if not head_lines or not head_lines[0].strip() or (cut and len(head_lines) < 10):
        return None
    delimiter = _sniff_delimiter(head_lines[:10])
    candidates = list(_csv_records(head_lines, delimiter, str(path), budget.max_cell_bytes))
    if any(not cells or all(not c.strip() for c in cells) for _, cells in candidates):
        return None
    known = _KNOWN.get(kind)
    if known and len({canonical_column(c, kind)[0] for c in candidates[0][1] if c.strip()} & known) < 2:
        return None  # the header is not plainly on row 1: the row-wise reader searches for it
    header = candidates[0][1]
    if len(header) > FAST_MAX_COLUMNS:
        return None
    try:
        columns, width = _categorical_columns(path, delimiter, quoted)
    except (ValueError, pd.errors.ParserError):
        return None
    if width != len(header) or (columns and len(columns[0]) > budget.max_rows):
        return None
    frame = pd.DataFrame(dict(enumerate(columns)), columns=range(width))
    del columns
    blank = None
    for i in range(frame.shape[1]):
        col = frame[i]
        cats = col.cat.categories.to_numpy(dtype=object)
        if any(len(c) * 4 > budget.max_cell_bytes and len(c.encode("utf-8")) > budget.max_cell_bytes for c in cats):
            return None
        empty = np.fromiter((not c.strip() for c in cats), dtype=bool, count=len(cats))[col.cat.codes.to_numpy()]
        blank = empty if blank is None else blank & empty
    if blank is not None and blank.any():
        return None
    return Table(str(path), header, FrameRows(frame), range(2, len(frame) + 2), digest, [], delimiter, 1, size, frame)
