"""Reading a file a user named as input, bounded and without hanging: the one door for inputs.

``.bib`` files and listings are read through here. A regular file is read whole, up to a size
no real input reaches; a pipe (``<(…)``, standard input) or a device is read in chunks and
refused as soon as it passes that size, or a line passes ``max_line`` characters (``/dev/zero``
and ``yes`` filled memory in seconds: the limit used to be applied after reading everything);
``max_line`` counts bytes, so callers that count characters pass four times their limit and
check the decoded text themselves;
a FIFO that no process writes to reads as empty at once instead of blocking forever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from bibtool.errors import InputError

__all__ = ["MAX_INPUT", "read_source", "read_stream", "same_file"]

MAX_INPUT = 256 * 2**20  # bytes: the largest .bib files seen are ~20 MB, listings far less
_CHUNK = 2**20


def read_source(path: Path | str, *, max_line: int | None = None) -> bytes:
    """The bytes of the input file at ``path``; InputError (one sentence) if it cannot be one.

    FileNotFoundError passes through for the callers that treat a missing file as empty.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"cannot read {path}: it is a directory")
        os.set_blocking(fd, True)  # a FIFO with a writer is waited for; without one it is EOF
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return read_stream(stream, str(path), max_line=max_line)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, name: str, *, max_line: int | None = None) -> bytes:
    """Everything ``stream`` holds, read in chunks and refused past ``MAX_INPUT`` bytes or a
    line of more than ``max_line`` bytes."""
    chunks: list[bytes] = []
    size = line = 0
    number = 1
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
        if size > MAX_INPUT:
            raise InputError(f"{name} is larger than {MAX_INPUT // 2**20} MiB: not an input")
        if max_line is not None:
            line, number = _longest_line(chunk, line, number, max_line, name)
        chunks.append(chunk)
    return b"".join(chunks)


def _longest_line(
    chunk: bytes, line: int, number: int, max_line: int, name: str
) -> tuple[int, int]:
    """The length of the line still open after ``chunk``, and its number; InputError when a
    line passes ``max_line`` bytes."""
    start = 0
    while True:
        end = chunk.find(b"\n", start)
        length = line + (end if end >= 0 else len(chunk)) - start
        if length > max_line:
            raise InputError(
                f"{name}:{number}: a line of more than {max_line:,} bytes: not an input"
            )
        if end < 0:
            return length, number
        line, start, number = 0, end + 1, number + 1


def same_file(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file: the same inode when both exist (hard links, symbolic
    links, ``./x`` and ``dir/../x`` alike), else the same resolved path."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
