"""Lossless reading: bibtexparser (or, for plain entries, ``plain``) finds the blocks, the
original text keeps every byte."""

from __future__ import annotations

import bisect
import codecs
import contextlib
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import Block, Entry, ParsingFailedBlock, String

from bibtool.bibfile.gcpause import collector_paused
from bibtool.bibfile.grammar import (
    failure,
    field_name,
    plain_field,
    plain_fields,
    value_problem,
)
from bibtool.bibfile.model import BibDocument, BibEntry, BibProblem
from bibtool.bibfile.plain import PlainEntry, Rest, pieces
from bibtool.bibfile.source import read_source
from bibtool.errors import BibFileError, InputError


def read_bib(path: Path | str, *, missing_ok: bool = False) -> BibDocument:
    """Read and parse a .bib file; with ``missing_ok`` a missing file is an empty new document."""
    try:
        data = read_source(path)
    except FileNotFoundError:
        if not missing_ok:
            raise InputError(f"cannot read {path}: no such file") from None
        return parse_bib(b"", name=str(path), exists=False)
    return parse_bib(data, name=str(path))


def parse_bib(content: str | bytes, *, name: str, exists: bool = True) -> BibDocument:
    """Parse .bib content (a str is taken as UTF-8) without changing any value."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    text, encoding, bom = _decode(data, name)
    stray = _stray_byte(data) if encoding == "latin-1" else None
    with _quiet(logging.getLogger("bibtexparser.splitter")), collector_paused():
        entries, failed = read_blocks(text, encoding, 3 if bom else 0)
    failed += _not_utf8(data[3:] if bom else data, encoding) + _closed_early(text, entries)
    return BibDocument(
        name=name,
        data=data,
        text=text,
        encoding=encoding,
        bom=bom,
        newline=_newline_style(text),
        ends_with_newline=data.endswith((b"\n", b"\r")),
        entries=entries,
        failed=tuple(sorted(failed + _duplicate_keys(entries) + _nul_byte(text))),
        exists=exists,
        stray_byte=stray,
    )


@contextlib.contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """Mute bibtexparser's warnings: its failures come back to the caller as BibProblems."""
    was, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = was


def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BibFileError(f"{name} is UTF-16; save it as UTF-8 first")
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8", bom
    except UnicodeDecodeError:
        # Latin-1 maps every byte to one character, so decoding and re-encoding is lossless.
        return body.decode("latin-1"), "latin-1", bom


# A well-formed multi-byte UTF-8 character: a Latin-1 file (é as one byte) holds none, and one
# that holds them is UTF-8 text with stray bytes in it.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def _stray_byte(data: bytes) -> tuple[int, int] | None:
    """(line, byte) of the first byte that is not UTF-8 in a file that is UTF-8 but for a few
    bytes (at least as many well-formed UTF-8 characters as bytes that are not), or None: a
    file that is Latin-1 throughout has no UTF-8 character, and one in another encoding (GBK)
    far more stray bytes than characters that merely look like UTF-8."""
    characters = len(_UTF8_MULTIBYTE.findall(data))
    if not characters:
        return None
    text = data.decode("utf-8", errors="surrogateescape")
    strays = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    if not strays or strays > characters:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return data.count(b"\n", 0, exc.start) + 1, data[exc.start]
    return None


def _not_utf8(body: bytes, encoding: str) -> list[BibProblem]:
    """Where a file read as Latin-1 stops being UTF-8: biber refuses such a file whole, and
    LaTeX's default input encoding (UTF-8) stops at the byte. Not blocking: bibtool writes
    every byte back as it was."""
    if encoding == "utf-8":
        return []
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        byte = body[exc.start : exc.start + 1].hex().upper()
        msg = f"byte 0x{byte} is not UTF-8 (read as Latin-1): biber refuses the whole file"
        return [BibProblem(line, "encoding", msg)]
    return []


# What follows an entry a value closed early: ", name = ...", or the "," and "}" it left.
_FIELD_AFTER = re.compile(r"\s*(?:[,}]|[^\s#{}\",=()%'@]+\s*=)")


def _closed_early(text: str, entries: Sequence[BibEntry]) -> list[BibProblem]:
    """Entries that end before their fields do. BibTeX and biber count ``\\}`` as a brace, so a
    stray one ends its value and then the entry; the fields after it are skipped as a comment,
    without an error. Only escaped braces can do this (the reader counts braces as BibTeX)."""
    if "\\}" not in text and "\\{" not in text:
        return []
    problems, cursor = [], 0
    for entry in entries:
        at = text.find(entry.raw, cursor)
        if at < 0:
            continue
        cursor = at + len(entry.raw)
        if _FIELD_AFTER.match(text, cursor):
            line = entry.start_line + entry.raw.count("\n")
            msg = (
                f"entry '{entry.key}' ends at line {line} before its fields do: BibTeX counts "
                "\\{ and \\} as braces, and skips the fields after it"
            )
            problems.append(BibProblem(line, "closed-early", msg))
    return problems


def _nul_byte(text: str) -> list[BibProblem]:
    """The first NUL byte, as a blocking problem: binary data (or UTF-16), not BibTeX to add to."""
    at = text.find("\0")
    if at < 0:
        return []
    line = text.count("\n", 0, at) + 1
    return [BibProblem(line, "syntax", "a NUL byte: binary data (or UTF-16 text), not BibTeX")]


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if crlf > lf:
        return "\r\n"
    return "\r" if lf == 0 and "\r" in text else "\n"


def read_blocks(
    text: str, encoding: str = "utf-8", offset: int = 0, *, plain: bool = True
) -> tuple[tuple[BibEntry, ...], list[BibProblem]]:
    """The entries and problems of decoded ``text`` (``offset``: bytes before it, the BOM).

    Plain entries are read by ``plain``, the rest of the text by bibtexparser; with ``plain``
    False, all of it by bibtexparser (the reference the plain path is tested against).
    """
    reader = _Reader(text, encoding, offset)
    return reader.read(pieces(text) if plain else [Rest(0, len(text), "")])


# A backslash before a brace, which bibtexparser's splitter takes as escaping it. BibTeX and
# biber count ``\{`` and ``\}`` as braces (``Adri\{\`a}`` balances for them): the splitter is
# given the text with that backslash replaced by one character of Unicode's private use area
# (the same length, so every position holds), and the values it reads are given it back.
_ESCAPE = re.compile(r"\\(?=[{}])")
_STAND_IN = "\ue000"


class _Reader:
    """Entries (also those bibtexparser flags as duplicates) with byte spans, and problems."""

    def __init__(self, text: str, encoding: str, offset: int) -> None:
        scan = text if _STAND_IN in text else _ESCAPE.sub(_STAND_IN, text)
        self.text, self.locate = text, _Locator(text, encoding, offset, scan)
        self.entries: list[BibEntry] = []
        self.problems: list[BibProblem] = []
        self.strings: set[str] = set()

    def read(
        self, parts: Iterable[PlainEntry | Rest]
    ) -> tuple[tuple[BibEntry, ...], list[BibProblem]]:
        for piece in parts:
            if isinstance(piece, PlainEntry):
                self.entries.append(self._plain(piece))
            else:
                self._split(piece)
        return tuple(self.entries), self.problems

    def _plain(self, plain: PlainEntry) -> BibEntry:
        locate = self.locate
        locate.cursor = plain.end  # found without a search
        return BibEntry(
            key=plain.key,
            entry_type=plain.entry_type,
            start_line=locate.line(plain.start),
            raw=self.text[plain.start : plain.end],
            fields=plain.fields,
            span=(locate.byte(plain.start), locate.byte(plain.end)),
            commented=locate.commented(plain.start),
        )

    def _split(self, rest: Rest) -> None:
        piece = self.locate.scan[rest.start : rest.end] + rest.tail
        blocks = parse_string(piece, parse_stack=[]).blocks
        if rest.tail:
            blocks = blocks[:-1]  # the tail's own block, cut short: a piece of its own
        base = self.locate.line(rest.start) - 1  # bibtexparser counts lines from the piece
        locate, text = self.locate, self.text
        for block in blocks:
            inner = block.ignore_error_block if isinstance(block, ParsingFailedBlock) else block
            if isinstance(inner, Entry):
                entry, drift = _entry(inner, locate, base)
                self.entries.append(entry)
                self.problems += _entry_problems(inner, entry, drift)
            elif isinstance(inner, String):
                if inner.key in self.strings:
                    line = locate.line(locate(inner, base, advance=True)[0])
                    msg = f"@string '{inner.key}' repeated"
                    self.problems.append(BibProblem(line, "duplicate-string", msg))
                self.strings.add(inner.key)
            elif isinstance(block, ParsingFailedBlock):
                # A failed block's raw text may run into the next block, so don't skip past it.
                start, end = locate(block, base, advance=False)
                at_end, commented = not text[end:].strip(), locate.commented(start)
                self.problems.append(failure(block, locate.line(start), at_end, commented))


def _entry(block: Entry, locate: _Locator, base: int) -> tuple[BibEntry, int]:
    fields: dict[str, str] = {}
    for f in block.fields:
        value = f.value.replace(_STAND_IN, "\\") if _STAND_IN in f.value else f.value
        fields.setdefault(field_name(f.key), value)  # BibTeX keeps the first of repeated
    start, end = locate(block, base, advance=True)
    line = locate.line(start)
    entry = BibEntry(
        key=block.key,
        entry_type=block.entry_type,
        start_line=line,
        raw=locate.text[start:end],
        fields=fields,
        span=(locate.byte(start), locate.byte(end)),
        commented=locate.commented(start),
    )
    return entry, line - 1 - (block.start_line or 0)


def _entry_problems(block: Entry, entry: BibEntry, drift: int) -> list[BibProblem]:
    """Findings inside one entry; ``drift`` corrects bibtexparser's field line numbers."""
    if entry.commented:
        msg = f"entry '{entry.key}' is commented out with %, but BibTeX reads it"
        return [BibProblem(entry.start_line, "commented-entry", msg)]
    problems = []
    if not entry.key:
        problems.append(BibProblem(entry.start_line, "empty-key", "entry without a key"))
    repeated = len(entry.fields) < len(block.fields)
    if not repeated and plain_fields(
        [f.key for f in block.fields], [f.value for f in block.fields]
    ):
        return problems  # most entries: every field plainly well-formed, checked in bulk
    seen: set[str] = set()
    for f in block.fields:
        if not repeated and plain_field(f.key, f.value):
            continue
        name, line = field_name(f.key), f.start_line + 1 + drift
        if name in seen:
            msg = f"entry '{entry.key}' has field '{name}' twice (BibTeX uses the first)"
            problems.append(BibProblem(line, "duplicate-field", msg))
        seen.add(name)
        hint = value_problem(f.key, f.value)
        if hint:
            msg = f"entry '{entry.key}' could not be parsed ({hint})"
            problems.append(BibProblem(line, "value", msg))
    return problems


def _duplicate_keys(entries: Sequence[BibEntry]) -> list[BibProblem]:
    first: dict[str, BibEntry] = {}
    problems = []
    for e in entries:
        if not e.key:
            continue
        earlier = first.setdefault(e.key.lower(), e)
        if earlier is e:
            continue
        if earlier.key == e.key:
            msg = f"key '{e.key}' is used again (first at line {earlier.start_line})"
        else:
            msg = f"key '{e.key}' is '{earlier.key}' (line {earlier.start_line}) for BibTeX"
        problems.append(BibProblem(e.start_line, "duplicate-key", msg))
    return problems


class _Locator:
    """Where blocks' raw text sits in the file: characters, bytes, and true 1-based lines.

    bibtexparser's ``start_line`` misses a line for every backslash-newline before the block
    (``\\TUB\\`` at a line end in file 02), so it is only a lower bound: the text is searched
    from there, in file order, and the line is counted from where it is found.
    """

    def __init__(self, text: str, encoding: str, offset: int, scan: str) -> None:
        self.text, self.encoding, self.scan = text, encoding, scan  # scan: what the splitter read
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cursor, self.char, self.bytes = 0, 0, offset

    def __call__(self, block: Block, base: int, *, advance: bool) -> tuple[int, int]:
        """Where ``block`` is, split from a piece of the text that starts on line ``base``."""
        raw, line0 = block.raw or "", base + (block.start_line or 0)
        lo = max(self.cursor, self.line_starts[min(line0, len(self.line_starts) - 1)])
        pos = self.scan.find(raw, lo)
        if pos < 0:
            raise BibFileError(f"internal error: cannot locate the block near line {line0 + 1}")
        self.cursor = pos + len(raw) if advance else pos + 1
        return pos, pos + len(raw)

    def commented(self, char: int) -> bool:
        """Whether position ``char`` is on a line that starts with ``%``."""
        return self.text[self.line_starts[self.line(char) - 1] : char].lstrip().startswith("%")

    def line(self, char: int) -> int:
        return bisect.bisect_right(self.line_starts, char)

    def byte(self, char: int) -> int:
        # Entries come in file order, so each character is encoded once.
        self.bytes += len(self.text[self.char : char].encode(self.encoding))
        self.char = char
        return self.bytes
