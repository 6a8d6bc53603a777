"""Open one input for reading within its byte budget: a regular file, or ``-`` for standard input.

The byte budget (``--max-input-mb``) is counted on the bytes as they are read, not taken from
``stat``: a file that grows, a device or a stream cannot get past it. A regular file is checked
before and after the read (inode, size, modification time, and the bytes read against the size
it had): a file truncated, extended or rewritten while it was read is refused rather than read as
a subset. Pipes, FIFOs, devices and sockets are refused (a FIFO without a writer would wait
forever, ``/dev/zero`` never ends); their data can be given on standard input as ``-``.
"""

from __future__ import annotations

import hashlib
import io as _io
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, Problem

#: The name an input read from standard input has in messages.
STDIN_NAME = "<stdin>"

#: Bytes read at a time.
BLOCK = 1 << 20


def is_stdin(path: str | os.PathLike | None) -> bool:
    """True when ``path`` is ``-`` (standard input).

    >>> is_stdin("-"), is_stdin("actors.csv"), is_stdin(None)
    (True, False, False)
    """
    return path is not None and str(path) == "-"


def too_big(file: str, limit_mb: float, what: str = "file") -> InputError:
    """The refusal of an input beyond ``--max-input-mb``, naming the flag."""
    return InputError(
        [
            Problem(
                file,
                None,
                None,
                f"{what} is larger than the {limit_mb:g} MB limit (counted while reading); split it, or raise "
                "the limit with --max-input-mb (or CLUSTERGRAPH_MAX_INPUT_MB) if the machine has the memory "
                "(about 20x the file size)",
            )
        ]
    )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO) or process substitution (such as <(cat f))"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def refuse_special(path: Path, label: str, mode: int) -> InputError:
    """The refusal of a pipe, FIFO, device or socket given as an input file."""
    return InputError(
        [
            Problem(
                str(path),
                None,
                None,
                f"is {_kind(mode)}, not a regular {label} file; only regular files and standard input are read "
                "(a pipe may never end or never start, a device never ends). Give the data on standard input "
                f"as '-', e.g. 'cat ... | clustergraph validate - links.csv', or save it to a file first "
                f"('cat ... > {label}.csv')",
            )
        ]
    )


@dataclass(frozen=True)
class Snapshot:
    """What a regular file looked like when its read began."""

    dev: int
    ino: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Snapshot:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def changed(file: str, before: Snapshot, now: Snapshot | None, read: int | None) -> InputError | None:
    """The refusal of a file that changed while it was read (``None`` when it did not): ``now`` is
    the file after the read (``None``: removed), ``read`` the bytes read (``None``: not counted).

    >>> s = Snapshot(dev=1, ino=2, size=100, mtime_ns=5)
    >>> changed("a.csv", s, s, 100) is None
    True
    >>> print(changed("a.csv", s, Snapshot(1, 2, 40, 6), 40).problems[0])
    a.csv: the file changed while it was read (its size went from 100 to 40 bytes); the data read may be a part of it. Run again when nothing writes to it (or copy it first)
    """
    if now == before and (read is None or read == before.size):
        return None
    if now is None:
        what = "it was removed"
    elif (now.dev, now.ino) != (before.dev, before.ino):
        what = "it was replaced by another file"
    elif now.size != before.size:
        what = f"its size went from {before.size:,} to {now.size:,} bytes"
    elif read is not None and read != before.size:
        what = f"{read:,} bytes were read of the {before.size:,} it had"
    else:
        what = "it was modified"
    return InputError(
        [
            Problem(
                file,
                None,
                None,
                f"the file changed while it was read ({what}); the data read may be a part of it. Run again when "
                "nothing writes to it (or copy it first)",
            )
        ]
    )


def check_unchanged(path: Path, before: Snapshot, read: int | None = None) -> None:
    """Raise when ``path`` is no longer the file ``before`` describes (see :func:`changed`)."""
    try:
        now: Snapshot | None = Snapshot.of(os.stat(path))
    except OSError:
        now = None
    problem = changed(str(path), before, now, read)
    if problem is not None:
        raise problem


class _Counted(_io.RawIOBase):
    """A raw stream that hashes and counts the bytes read and stops at ``limit`` bytes."""

    def __init__(self, fh: BinaryIO, file: str, limit: int, limit_mb: float) -> None:
        super().__init__()
        self._fh = fh
        self.file = file
        self.limit = limit
        self.limit_mb = limit_mb
        self.count = 0
        self.sha256 = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        room = min(len(view), self.limit + 1 - self.count)
        data = self._fh.read(max(room, 1))  # at most one byte beyond the limit: enough to know
        n = len(data)
        view[:n] = data
        self.count += n
        if self.count > self.limit:
            raise too_big(self.file, self.limit_mb)
        self.sha256.update(view[:n])
        return n


@dataclass
class Opened:
    """An input open for reading: ``stream`` (buffered bytes), and what was read so far."""

    file: str
    stream: _io.BufferedReader
    raw: _Counted
    snapshot: Snapshot | None  # None for standard input

    @property
    def size(self) -> int:
        return self.raw.count

    def digest(self) -> str:
        return self.raw.sha256.hexdigest()

    def finish(self) -> None:
        """Check, after the read, that a regular file did not change while it was read."""
        if self.snapshot is not None:
            check_unchanged(Path(self.file), self.snapshot, self.raw.count)


def stdin_bytes(limit: int, limit_mb: float) -> bytes:
    """Standard input read up to ``limit`` bytes (refused beyond it, naming ``--max-input-mb``)."""
    source = getattr(sys.stdin, "buffer", None)
    if source is None or sys.stdin is None:
        raise InputError([Problem(STDIN_NAME, None, None, "no standard input to read ('-')")])
    if getattr(sys.stdin, "isatty", lambda: False)():
        raise InputError(
            [
                Problem(
                    STDIN_NAME,
                    None,
                    None,
                    "'-' reads the table from standard input, which is a terminal here; pipe the file into it "
                    "('cat actors.csv | clustergraph validate - links.csv') or give its path",
                )
            ]
        )
    chunks = []
    total = 0
    while True:
        block = source.read(min(BLOCK, limit + 1 - total))
        if not block:
            break
        total += len(block)
        if total > limit:
            raise too_big(STDIN_NAME, limit_mb, "standard input")
        chunks.append(block)
    return b"".join(chunks)


@contextmanager
def open_input(path: Path, limit_mb: float, *, data: bytes | None = None) -> Iterator[Opened]:
    """Open ``path`` (a regular file checked by :func:`clustergraph.io.budget._check_path`) or, with
    ``data``, bytes already read from standard input, counting bytes against ``limit_mb``.

    The caller reads :attr:`Opened.stream` and calls :meth:`Opened.finish` after the last byte.
    """
    limit = int(limit_mb * 1024 * 1024)
    if data is not None:
        raw = _Counted(_io.BytesIO(data), STDIN_NAME, limit, limit_mb)
        yield Opened(STDIN_NAME, _io.BufferedReader(raw, BLOCK), raw, None)
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # never wait on a FIFO swapped in
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise refuse_special(path, "input", st.st_mode)
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    with fh:
        raw = _Counted(fh, str(path), limit, limit_mb)  # type: ignore[arg-type]
        yield Opened(str(path), _io.BufferedReader(raw, BLOCK), raw, Snapshot.of(st))


def read_limited(path: Path, limit_mb: float) -> tuple[bytes, str]:
    """The whole of ``path`` as bytes and their SHA-256, counted against the budget while read and
    refused when the file changed meanwhile (a workbook is read this way before it is unpacked)."""
    with open_input(path, limit_mb) as opened:
        data = opened.stream.read()
        opened.finish()
        return data, opened.digest()
