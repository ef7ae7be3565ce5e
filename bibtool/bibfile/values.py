"""Reading one raw field value as BibTeX reads it: its delimiters, its names, its commas.

A raw value is what the file holds after ``=``: ``{Wei, Colin and Ma, Tengyu}``, ``"…"``, a
macro, ``2021``, or a concatenation ``jan # " 1"``. Every command reads values through here,
so ``{Barnes and Noble} AND Smith, John`` is two names for ``update``, ``check`` and ``merge``
alike, exactly as BibTeX splits them: at ``and`` in any case, between spaces, outside braces.
BibTeX counts every brace when it balances a value, ``\\{`` and ``\\}`` included, and so do
these readers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bibtool.text.tex import to_text

__all__ = ["first_name", "inner", "plain", "split_commas", "split_names", "unwrap"]

_AND_OR_BRACE = re.compile(r"[{}]|\s+and\s+", re.IGNORECASE)
_BRACE = re.compile(r"[{}]")
_QUOTE_OR_BRACE = re.compile(r'[{}"]')


def unwrap(value: str) -> str | None:
    """The text inside one ``{…}`` or ``"…"`` value, or None for macros, numbers and
    concatenations (``{a} # {b}``, ``"a" # "b"``)."""
    v = value.strip()
    if len(v) < 2:
        return None
    if v[0] == '"' and v[-1] == '"':
        return v[1:-1] if _quote_closes_at_end(v) else None
    if v[0] == "{" and v[-1] == "}" and _brace_closes_at_end(v):
        return v[1:-1]
    return None


def plain(value: str) -> str:
    """A raw value as the text a reader sees (``text.tex.to_text`` of its inside): accents
    decoded, markup and link commands gone, escapes undone, one line."""
    return to_text(inner(value))


def field_text(fields: Mapping[str, str], name: str) -> str:
    """Field ``name`` of ``fields`` (raw values) as plain text on one line, spaces collapsed;
    "" when it is absent."""
    return " ".join(plain(fields[name]).split()) if name in fields else ""


def inner(value: str) -> str:
    """``unwrap(value)``, or the value itself (stripped) when it has no single delimiter pair."""
    text = unwrap(value)
    return value.strip() if text is None else text


def _brace_closes_at_end(value: str) -> bool:
    """True when the brace opening ``value`` is the one that closes it."""
    if value.count("{") == 1:
        return True  # the common case: no group inside
    depth = 0
    for m in _BRACE.finditer(value):
        depth += 1 if m[0] == "{" else -1
        if depth == 0:
            return m.end() == len(value)
    return False


def _quote_closes_at_end(value: str) -> bool:
    """True when no quote outside braces ends the string opened at ``value[0]`` early."""
    if "{" not in value:
        return '"' not in value[1:-1]
    depth = 0
    for m in _QUOTE_OR_BRACE.finditer(value, 1, len(value) - 1):
        if m[0] == '"' and depth == 0:
            return False
        depth += {"{": 1, "}": -1}.get(m[0], 0)
    return True


def split_names(value: str) -> list[str]:
    """The names of a raw ``author``/``editor`` value, as BibTeX splits them: at ``and`` in any
    case between spaces, outside braces; whitespace squashed, empty names dropped.

    ``{Barnes and Noble} AND Smith, John`` -> ``["{Barnes and Noble}", "Smith, John"]``.
    """
    text = inner(value)
    names, depth, start = [], 0, 0
    for m in _AND_OR_BRACE.finditer(text):
        if m[0] == "{":
            depth += 1
        elif m[0] == "}":
            depth -= 1
        elif depth == 0:
            names.append(text[start : m.start()])
            start = m.end()
    names.append(text[start:])
    return [" ".join(n.split()) for n in names if n.strip()]


def first_name(value: str) -> str:
    """``split_names(value)[0]`` (or ""), reading no further than the first separator."""
    text = inner(value)
    depth = 0
    for m in _AND_OR_BRACE.finditer(text):
        if m[0] == "{":
            depth += 1
        elif m[0] == "}":
            depth -= 1
        elif depth == 0 and text[: m.start()].strip():
            return " ".join(text[: m.start()].split())
        elif depth == 0:
            return first_name(text[m.end() :]) if text[m.end() :].strip() else ""
    return " ".join(text.split())


def split_commas(name: str) -> list[str]:
    """One name split at its commas outside braces: ``Last, Jr, First`` -> three parts."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(name):
        depth += (c == "{") - (c == "}")
        if c == "," and depth == 0:
            parts.append(name[start:i])
            start = i + 1
    return [*parts, name[start:]]
