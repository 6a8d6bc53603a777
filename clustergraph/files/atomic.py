"""Atomic file output: a failed run never leaves a half-written file behind.

Every writer in clustergraph goes through :func:`atomic_write`: data goes to a
temporary file in the target folder, which is renamed over the target only when
writing succeeded (``os.replace`` is atomic on POSIX and Windows).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it to ``path`` on success.

    Parameters
    ----------
    path : path-like
        The final file name. Its folder is created when missing.
    mode : {"w", "wb"}
        Text or binary.
    encoding, newline :
        As for :func:`open` (ignored in binary mode).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_write(p) as fh:
    ...     _ = fh.write("hello")
    >>> p.read_text()
    'hello'
    """
    binary = "b" in mode
    with (
        atomic_path(path) as tmp,
        open(tmp, mode, **({} if binary else {"encoding": encoding, "newline": newline})) as fh,  # type: ignore[call-overload]
    ):
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8) and return the path."""
    with atomic_write(path) as fh:
        fh.write(text)
    return Path(path)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_write(path, "wb") as fh:
        fh.write(data)
    return Path(path)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path for libraries that insist on writing by file name.

    The temporary file is renamed to ``path`` when the block succeeds and
    removed when it fails. An :class:`OSError` that names no file (``ENOSPC``
    from ``write``) gets ``path`` as its ``filename``, so the message can say
    which file could not be written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp" + path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a full disk on write() names no file: name the one being written
        raise
