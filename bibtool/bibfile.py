"""The one place that reads and writes .bib files: lossless parsing, splicing and atomic writes.

A .bib file is never re-serialised. bibtexparser 2.x (with an empty parse stack, so ``@string``
macros stay unexpanded and values keep their braces) only tells us where each entry is; every byte
bibtool does not add is copied from the original. Problems are data (``BibDocument.failed``); the
ones that make a write unsafe are raised by ``require_clean`` before anything is spliced.

Policy for problems (``BibProblem.kind``):

- blocking: ``syntax`` (a block bibtexparser gave up on), ``unclosed`` (an entry that never closes
  or runs into the next one), ``value`` (a field value that is not BibTeX, e.g. a missing comma
  that made bibtexparser swallow the next field). Writing after such a block could put the new
  entries inside it for some reader, and the user should fix it first.
- findings only: ``duplicate-key`` (also when keys differ only in case, which BibTeX treats as
  the same key), ``empty-key``, ``duplicate-field``, ``duplicate-string``, ``comment`` (an
  ``@comment`` with unbalanced braces that a later block closes), and ``commented-entry`` (an
  ``@type{`` on a line starting with ``%``: biber skips it, BibTeX and bibtexparser read it;
  its fields are not checked, and merge ignores its identity). bibtool only appends or replaces
  one uniquely keyed entry, so these parts of the file are copied byte for byte, exactly as broken
  or as fine as before; refusing would block users of real libraries (Mendeley exports are full
  of duplicate keys) for no gain. ``replace_entry`` refuses a key that is duplicated.
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import fcntl
import logging
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from bibtexparser.entrypoint import parse_string
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    Entry,
    ParsingFailedBlock,
)

from bibtool.errors import BibFileError, InputError

__all__ = [
    "BLOCKING_KINDS",
    "BibDocument",
    "BibEntry",
    "BibProblem",
    "append_entries",
    "bib_lock",
    "parse_bib",
    "read_bib",
    "replace_entry",
    "write_atomic",
]

BLOCKING_KINDS = frozenset({"syntax", "unclosed", "value"})


class BibProblem(NamedTuple):
    """Something wrong in a .bib file: 1-based line, kind (see module docstring), one sentence."""

    line: int
    kind: str
    message: str

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING_KINDS


@dataclass(frozen=True)
class BibEntry:
    """One entry as written: raw text, 1-based start line, byte span in the file, raw fields."""

    key: str
    entry_type: str  # lower-cased, as bibtexparser gives it
    start_line: int
    raw: str
    fields: dict[str, str] = field(hash=False)  # lower-cased name -> raw value ("{x}", "jan")
    span: tuple[int, int] = (0, 0)  # byte offsets of ``raw`` in ``BibDocument.data``
    commented: bool = False  # on a line starting with "%": meant as a comment, read by BibTeX


@dataclass(frozen=True)
class BibDocument:
    """A parsed .bib file that still holds its exact bytes, encoding and newline style."""

    name: str
    data: bytes
    text: str  # decoded, without the BOM
    encoding: str  # "utf-8" or "latin-1" (the fallback; every byte sequence decodes)
    bom: bool
    newline: str
    ends_with_newline: bool
    entries: tuple[BibEntry, ...]
    failed: tuple[BibProblem, ...]
    exists: bool = True

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(e.key for e in self.entries)

    @property
    def on_disk(self) -> bytes | None:
        """What ``write_atomic`` should expect to find: the bytes read, or None for a new file."""
        return self.data if self.exists else None

    @property
    def blocking(self) -> tuple[BibProblem, ...]:
        return tuple(p for p in self.failed if p.blocking)

    def find(self, key: str) -> list[BibEntry]:
        """Every entry with exactly this key (more than one when the file repeats it)."""
        return [e for e in self.entries if e.key == key]

    def require_clean(self) -> None:
        """Raise BibFileError naming the first blocking problem, so nothing is written after it."""
        problems = self.blocking
        if not problems:
            return
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BibFileError(f"{self.name}:{first.line}: {first.message}{more} — not written")


def read_bib(path: Path | str, *, missing_ok: bool = False) -> BibDocument:
    """Read and parse a .bib file; with ``missing_ok`` a missing file is an empty new document."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        if not missing_ok:
            raise InputError(f"cannot read {path}: no such file") from None
        return parse_bib(b"", name=str(path), exists=False)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return parse_bib(data, name=str(path))


def parse_bib(content: str | bytes, *, name: str, exists: bool = True) -> BibDocument:
    """Parse .bib content (a str is taken as UTF-8) without changing any value."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    text, encoding, bom = _decode(data, name)
    with _quiet(logging.getLogger("bibtexparser.splitter")):
        library = parse_string(text, parse_stack=[])
    entries, failed = _collect(library.blocks, text, encoding, 3 if bom else 0)
    return BibDocument(
        name=name,
        data=data,
        text=text,
        encoding=encoding,
        bom=bom,
        newline=_newline_style(text),
        ends_with_newline=data.endswith((b"\n", b"\r")),
        entries=entries,
        failed=tuple(sorted(failed + _duplicate_keys(entries))),
        exists=exists,
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


def _newline_style(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    if crlf > lf:
        return "\r\n"
    return "\r" if lf == 0 and "\r" in text else "\n"


def _collect(
    blocks: Sequence[Any], text: str, encoding: str, offset: int
) -> tuple[tuple[BibEntry, ...], list[BibProblem]]:
    """Entries (also those bibtexparser flags as duplicates) with byte spans, and problems."""
    locate = _Locator(text, encoding, offset)
    entries: list[BibEntry] = []
    problems: list[BibProblem] = []
    for block in blocks:
        inner = block.ignore_error_block if isinstance(block, ParsingFailedBlock) else block
        if isinstance(inner, Entry):
            entry, drift = _entry(inner, locate)
            entries.append(entry)
            problems += _entry_problems(inner, entry, drift)
        elif isinstance(block, DuplicateBlockKeyBlock):
            line = locate.line(locate(block, advance=True)[0])
            problems.append(BibProblem(line, "duplicate-string", f"@string '{block.key}' repeated"))
        elif isinstance(block, ParsingFailedBlock):
            # A failed block's raw text may run into the next block, so don't skip past it.
            start, end = locate(block, advance=False)
            at_end, commented = not text[end:].strip(), locate.commented(start)
            problems.append(_failure(block, locate.line(start), at_end, commented))
    return tuple(entries), problems


def _entry(block: Entry, locate: _Locator) -> tuple[BibEntry, int]:
    fields: dict[str, str] = {}
    for f in block.fields:
        fields.setdefault(_field_name(f.key), f.value)  # BibTeX keeps the first of repeated
    start, end = locate(block, advance=True)
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


def _field_name(key: str) -> str:
    """The field name without the ``%`` comment lines bibtexparser leaves in front of it."""
    return _COMMENT.sub("", key).strip().lower()


def _entry_problems(block: Entry, entry: BibEntry, drift: int) -> list[BibProblem]:
    """Findings inside one entry; ``drift`` corrects bibtexparser's field line numbers."""
    if entry.commented:
        msg = f"entry '{entry.key}' is commented out with %, but BibTeX reads it"
        return [BibProblem(entry.start_line, "commented-entry", msg)]
    problems = []
    if not entry.key:
        problems.append(BibProblem(entry.start_line, "empty-key", "entry without a key"))
    seen: set[str] = set()
    for f in block.fields:
        name, line = _field_name(f.key), f.start_line + 1 + drift
        if name in seen:
            msg = f"entry '{entry.key}' has field '{name}' twice (BibTeX uses the first)"
            problems.append(BibProblem(line, "duplicate-field", msg))
        seen.add(name)
        hint = _value_problem(f.key, f.value)
        if hint:
            msg = f"entry '{entry.key}' could not be parsed ({hint})"
            problems.append(BibProblem(line, "value", msg))
    return problems


_BRACE = re.compile(r"(?<!\\)[{}]")  # bibtexparser ignores backslash-escaped braces too
_QUOTED_MARK = re.compile(r'(?<!\\)[{}"]')
_BARE = re.compile(r"[^\s#{}\",=]+")
_FIELD_NAME = re.compile(r"(?:\s|%[^\n]*\n)*[^\s#{}\",=()%']+")  # may follow % comment lines
_COMMENT = re.compile(r"%[^\n]*\n")
_SPACE = re.compile(r"(?:\s|%[^\n]*)+")


def _value_problem(name: str, value: str) -> str | None:
    """Why a field is not ``name = token # token ...`` in BibTeX's grammar, else None.

    bibtexparser does not stop at an ``=`` inside a value, so a missing comma makes it swallow
    the next field (``{Gemma Team}\n eprint={2408.00118}``); this grammar check catches that.
    """
    if not _FIELD_NAME.fullmatch(name):
        return f"bad field name {name!r}"
    n = len(value)
    i = _skip_space(value, 0)
    while i < n:
        if value[i] == "{":
            i = _after_group(value, i)
        elif value[i] == '"':
            i = _after_quoted(value, i)
        elif m := _BARE.match(value, i):
            i = m.end()
        else:
            return f"unexpected {value[i]!r} in field '{name}'"
        if i < 0:
            return "unbalanced braces?"
        i = _skip_space(value, i)
        if i == n:
            return None
        if value[i] != "#":
            return "missing comma?"
        i = _skip_space(value, i + 1)
    return f"empty value in field '{name}'"


def _skip_space(value: str, i: int) -> int:
    """Index of the next token, skipping whitespace and ``%`` comments (biber allows them)."""
    m = _SPACE.match(value, i)
    return m.end() if m else i


def _after_group(value: str, i: int) -> int:
    """Index after the brace group opening at ``i``, or -1 if it never closes."""
    depth = 0
    for m in _BRACE.finditer(value, i):
        depth += 1 if m[0] == "{" else -1
        if depth == 0:
            return m.end()
    return -1


def _after_quoted(value: str, i: int) -> int:
    """Index after the quoted string opening at ``i`` (quotes inside braces don't close it)."""
    depth = 0
    for m in _QUOTED_MARK.finditer(value, i + 1):
        if m[0] == '"' and depth == 0:
            return m.end()
        depth += {"{": 1, "}": -1}.get(m[0], 0)
        if depth < 0:
            return -1
    return -1


_BLOCK_HEAD = re.compile(r"@\s*(\w*)\s*[{(]\s*([^\s,={}()]*)")


def _failure(block: ParsingFailedBlock, line: int, at_end: bool, commented: bool) -> BibProblem:
    """One sentence for a block bibtexparser gave up on, with a guess at the cause."""
    head = _BLOCK_HEAD.match(block.raw or "")
    btype, key = (head[1].lower(), head[2]) if head else ("", "")
    what = f"entry '{key}'" if btype not in ("comment", "string", "preamble") else f"@{btype}"
    reason = str(getattr(block.error, "abort_reason", block.error))
    if reason.startswith(("Unexpected block start", "Unexpectedly reached end")):
        if btype == "comment" and not at_end:
            # A later block closes it for bibtexparser and BibTeX; only @comment-aware readers
            # (biber) may swallow text, and they already do so without bibtool.
            return BibProblem(line, "comment", f"{what} has unbalanced braces")
        return BibProblem(line, "unclosed", f"{what} never closes (unbalanced braces?)")
    if "comma" in reason or "after a closed entry field value" in reason:
        hint = "missing comma?"
    elif "`=`" in reason or "equals" in reason:
        hint = "a field without '='?"
    else:
        hint = reason.strip().rstrip(".")
    if commented:  # "% @misc{x," ... "% }": a commented-out entry, broken only for BibTeX
        return BibProblem(line, "commented-entry", f"{what} is commented out with % ({hint})")
    return BibProblem(line, "syntax", f"{what} could not be parsed ({hint})")


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

    def __init__(self, text: str, encoding: str, offset: int) -> None:
        self.text, self.encoding = text, encoding
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.cursor, self.char, self.bytes = 0, 0, offset

    def __call__(self, block: Block, *, advance: bool) -> tuple[int, int]:
        raw, line0 = block.raw or "", block.start_line or 0
        lo = max(self.cursor, self.line_starts[min(line0, len(self.line_starts) - 1)])
        pos = self.text.find(raw, lo)
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


def append_entries(doc: BibDocument, texts: Sequence[str]) -> bytes:
    """The original bytes, untouched, then ``texts`` one blank line apart in the file's style."""
    if not texts:
        return doc.data  # nothing written, so nothing risked even in a broken file
    doc.require_clean()
    nl = doc.newline
    body = (nl + nl).join(_normalised(t, nl) for t in texts) + nl
    return doc.data + _encode(doc, _separator(doc) + body)


def replace_entry(doc: BibDocument, key: str, new_text: str) -> bytes:
    """The file with entry ``key``'s raw span replaced by ``new_text``; every other byte kept."""
    doc.require_clean()
    found = doc.find(key)
    if not found:
        raise KeyError(key)
    if len(found) > 1:
        raise BibFileError(f"{doc.name}: key '{key}' is used {len(found)} times — not written")
    start, end = found[0].span
    return doc.data[:start] + _encode(doc, _normalised(new_text, doc.newline)) + doc.data[end:]


def _separator(doc: BibDocument) -> str:
    """Line breaks so that the new text starts after exactly one blank line (none in new files)."""
    stripped = doc.text.rstrip()
    if not stripped:
        return "" if not doc.text or doc.ends_with_newline else doc.newline
    trailing = doc.text[len(stripped) :]
    breaks = trailing.count("\n") if "\n" in trailing else trailing.count("\r")
    return doc.newline * max(0, 2 - breaks)


def _normalised(text: str, newline: str) -> str:
    """One entry's text, checked to be exactly one entry, in the given newline style."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    checked = parse_bib("\n".join(lines), name="<new entry>")
    if len(checked.entries) != 1 or checked.failed:
        raise ValueError(f"not exactly one well-formed BibTeX entry: {text[:80]!r}")
    return newline.join(line.rstrip() for line in lines)


def _encode(doc: BibDocument, text: str) -> bytes:
    try:
        return text.encode(doc.encoding)
    except UnicodeEncodeError as exc:
        bad = text[exc.start : exc.end]
        form = "not UTF-8 (read as Latin-1)" if doc.encoding == "latin-1" else doc.encoding
        raise BibFileError(f"{doc.name} is {form} and cannot hold {bad!r} — not written") from exc


def write_atomic(
    path: Path | str,
    data: bytes,
    *,
    expected: bytes | None,
    backup: bool = False,
    lock_timeout: float = 30.0,
) -> bool:
    """Replace the file behind ``path`` with ``data`` if it still holds ``expected``.

    ``expected`` is what was read (None: the file must not exist yet). A symlink is followed
    and its target replaced, so the link stays a link. Under the lock: compare, write a temp
    file in the same directory, fsync, copy the permission bits, ``os.replace``, fsync the
    directory. Returns False (and touches nothing) when the file already holds ``data``.
    """
    real = Path(os.path.realpath(path))
    with bib_lock(real, timeout=lock_timeout):
        current = _read_current(real)
        if current != expected:
            what = "appeared" if expected is None else "changed or vanished"
            raise BibFileError(f"{path} {what} on disk since it was read — not written")
        if current == data:
            return False
        mode = stat.S_IMODE(real.stat().st_mode) if current is not None else None
        if backup and current is not None:
            _replace_with(real.with_name(real.name + ".bak"), current, mode)
        _replace_with(real, data, mode)
    return True


@contextlib.contextmanager
def bib_lock(path: Path | str, *, timeout: float = 30.0) -> Iterator[None]:
    """Hold an exclusive lock on the sidecar ``.NAME.lock`` beside the (resolved) file.

    A sidecar, not the file itself: ``os.replace`` puts a new inode at the path, so a lock on
    the old inode would let a run that opens the new file proceed at once. The sidecar is never
    replaced or deleted (deleting it would reintroduce the same race).
    """
    real = Path(os.path.realpath(path))
    lock_path = real.with_name(f".{real.name}.lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise BibFileError(f"cannot lock {path}: {exc.strerror or exc}") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BibFileError(f"{path} is locked by another bibtool run") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _read_current(real: Path) -> bytes | None:
    try:
        return real.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BibFileError(f"cannot read {real}: {exc.strerror or exc}") from exc


def _replace_with(target: Path, data: bytes, mode: int | None) -> None:
    """Write ``data`` to a temp file beside ``target`` and rename it over; no temp file stays.

    ``mode`` None (a new file) keeps the creation mode, 0o666 less the umask, as any editor's.
    """
    fd, tmp = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None:
                os.fchmod(out.fileno(), mode)  # before any data is in it
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise BibFileError(f"could not write {target}: {exc.strerror or exc}") from exc
        raise
    _fsync_dir(target.parent)


def _create_temp(target: Path) -> tuple[int, Path]:
    # Not tempfile.mkstemp: its 0o600 would need the umask to restore, and reading the umask
    # means setting it, which races with other threads.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise BibFileError(f"could not write {target}: {exc.strerror or exc}") from exc


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; some filesystems refuse to fsync a directory.
    with contextlib.suppress(OSError):
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
