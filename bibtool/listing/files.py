"""Listing files read as text: UTF-8 (with or without a BOM) or refused with the line that is not.

``read_listing`` is the one door from a path (``-`` for standard input) to a parsed ``Listing``.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from bibtool.bibfile.source import read_source, read_stream
from bibtool.errors import InputError
from bibtool.listing import parse_listing
from bibtool.model import Listing, ListingForm

__all__ = ["MAX_LINE", "decode_listing", "read_listing"]

MAX_LINE = 100_000  # characters in one line of a listing (an abstract on one line: ~3,000)


def read_listing(path: str | Path, *, form: ListingForm | None = None) -> Listing:
    """Parse a listing file (``-`` for standard input); unreadable files raise InputError."""
    limit = 4 * MAX_LINE  # bytes while reading; characters are counted once decoded
    if str(path) == "-":
        data = read_stream(sys.stdin.buffer, "<stdin>", max_line=limit)
        return parse_listing(decode_listing(data, "<stdin>"), name="<stdin>", form=form)
    try:
        data = read_source(path, max_line=limit)
    except FileNotFoundError:
        raise InputError(f"cannot read {path}: no such file") from None
    return parse_listing(decode_listing(data, str(path)), name=str(path), form=form)


def decode_listing(data: bytes, name: str) -> str:
    """The text of a listing's bytes (UTF-8, BOM or not); what no listing can be raises InputError.

    Refused, each with its line: bytes that are not UTF-8, a NUL byte (binary data, or UTF-16
    without a BOM), and a line longer than ``MAX_LINE`` characters (a page saved without line
    breaks, not a listing: matching it word by word would take minutes).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name} is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise InputError(
            f"{name}:{_line_of(data, nul)}: a NUL byte: binary data, not a text listing "
            "(or UTF-16 text; save it as UTF-8)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at, column = _line_of(data, exc.start), exc.start - data.rfind(b"\n", 0, exc.start)
        raise InputError(
            f"{name}:{at}: not UTF-8 text (byte 0x{data[exc.start]:02X} at column {column}); "
            "save it as UTF-8"
        ) from exc
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:
            raise InputError(
                f"{name}:{number}: a line of {len(line):,} characters, more than the "
                f"{MAX_LINE:,} a listing line may have"
            )
    return text


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
