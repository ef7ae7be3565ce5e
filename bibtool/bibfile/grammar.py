"""BibTeX's grammar where bibtexparser is lenient: field values, failed blocks, their sentences."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibtexparser.model import ParsingFailedBlock

from bibtool.bibfile.model import BibProblem

_BRACE = re.compile(r"[{}]")  # BibTeX counts every brace, \\{ and \\} too (so does the reader)
_QUOTED_MARK = re.compile(r'[{}]|(?<!\\)"')
BARE_TOKEN = re.compile(r"[^\s#{}\",=]+")
_FIELD_NAME = re.compile(r"(?:\s|%[^\n]*\n)*[^\s#{}\",=()%']+")  # may follow % comment lines
_COMMENT = re.compile(r"%[^\n]*\n")
_SPACE = re.compile(r"(?:\s|%[^\n]*)+")


# Values that are plainly well-formed: one brace group nested at most three deep (written as
# runs of non-braces, so matching never backtracks), a quoted string without braces, a number or
# a plain macro. Nearly every value of a real file; the rest are walked by ``value_problem``.
# A backslash in a quoted value takes the walk; ``\{`` and ``\}`` are braces to both.
_SIMPLE_VALUE = re.compile(
    r'\{[^{}]*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}[^{}]*)*\}|"[^"{}\\]*"|[^\s#{}",=%]+'
)
_SIMPLE_NAME = re.compile(r"[^\s#{}\",=()%']+")
_STRING_DEF = re.compile(r"@\s*string\s*[{(]\s*([^\s=#{}(),\"]+)\s*=", re.IGNORECASE)


def macro_names(text: str) -> set[str]:
    """The names (lower-cased, as BibTeX compares them) the ``@string`` blocks of ``text``
    define."""
    return {m[1].lower() for m in _STRING_DEF.finditer(text)}


def field_name(key: str) -> str:
    """The field name without the ``%`` comment lines bibtexparser leaves in front of it."""
    name = _NAMES.get(key)
    if name is None:
        name = key.strip().lower() if "%" not in key else _COMMENT.sub("", key).strip().lower()
        if len(_NAMES) < 4096:  # a file has a few dozen distinct names; bound odd ones
            _NAMES[key] = name
    return name


_NAMES: dict[str, str] = {}
_PLAIN_NAMES: dict[str, bool] = {}


def plain_field(name: str, value: str) -> bool:
    """Whether ``name = value`` is plainly well-formed (``value_problem`` would find nothing)."""
    return _plain_name(name) and _SIMPLE_VALUE.fullmatch(value) is not None


def plain_fields(names: Sequence[str], values: Sequence[str]) -> bool:
    """Whether every field (``names[i] = values[i]``) of an entry is plainly well-formed,
    tested in bulk without a Python loop per field."""
    return all(map(_plain_name, names)) and all(map(_SIMPLE_VALUE.fullmatch, values))


def _plain_name(name: str) -> bool:
    plain = _PLAIN_NAMES.get(name)
    if plain is None:
        plain = _SIMPLE_NAME.fullmatch(name) is not None
        if len(_PLAIN_NAMES) < 4096:
            _PLAIN_NAMES[name] = plain
    return plain


def value_problem(name: str, value: str) -> str | None:
    """Why a field is not ``name = token # token ...`` in BibTeX's grammar, else None.

    bibtexparser does not stop at an ``=`` inside a value, so a missing comma makes it swallow
    the next field (``{Gemma Team}\n eprint={2408.00118}``); this grammar check catches that.
    """
    if plain_field(name, value):
        return None
    return walked_problem(name, value)


def walked_problem(name: str, value: str) -> str | None:
    """``value_problem`` found by walking the value token by token (no fast path)."""
    if not _FIELD_NAME.fullmatch(name):
        return f"bad field name {name!r}"
    n = len(value)
    i = skip_space(value, 0)
    while i < n:
        if value[i] == "{":
            i = after_group(value, i)
        elif value[i] == '"':
            i = after_quoted(value, i)
        elif m := BARE_TOKEN.match(value, i):
            i = m.end()
        else:
            return f"unexpected {value[i]!r} in field '{name}'"
        if i < 0:
            return "unbalanced braces?"
        i = skip_space(value, i)
        if i == n:
            return None
        if value[i] != "#":
            return "missing comma?"
        i = skip_space(value, i + 1)
    return f"empty value in field '{name}'"


def skip_space(value: str, i: int) -> int:
    """Index of the next token, skipping whitespace and ``%`` comments (biber allows them)."""
    m = _SPACE.match(value, i)
    return m.end() if m else i


def after_group(value: str, i: int) -> int:
    """Index after the brace group opening at ``i``, or -1 if it never closes."""
    depth = 0
    for m in _BRACE.finditer(value, i):
        depth += 1 if m[0] == "{" else -1
        if depth == 0:
            return m.end()
    return -1


def after_quoted(value: str, i: int) -> int:
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


def failure(block: ParsingFailedBlock, line: int, at_end: bool, commented: bool) -> BibProblem:
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
