"""Editing one entry's raw text in place: field spans, value replacement, field insertion.

`update` changes a few fields of entries people wrote or curated, so the entry is never
re-rendered: every byte outside the changed values (other fields, their order, indentation,
alignment, quoting, comments between fields) is kept. The scanner reads BibTeX's value grammar
(braced groups, quoted strings, macros and `#` concatenation) just far enough to find spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_NAME = re.compile(r"[^\s=,{}\"#%'()]+")


@dataclass(frozen=True)
class FieldSpan:
    """Where one field sits in an entry's raw text (character offsets)."""

    name: str  # lower-cased
    start: int  # the name's first character
    value_start: int
    value_end: int  # just past the value
    end: int  # just past the trailing comma, or value_end when there is none


def _after_value_part(raw: str, i: int) -> int:
    if raw[i] == "{":
        depth = 0
        for j in range(i, len(raw)):
            depth += {"{": 1, "}": -1}.get(raw[j], 0)
            if depth == 0:
                return j + 1
        raise ValueError("unclosed brace in a field value")
    if raw[i] == '"':
        depth = 0
        for j in range(i + 1, len(raw)):
            if raw[j] == '"' and depth == 0:
                return j + 1
            depth += {"{": 1, "}": -1}.get(raw[j], 0)
        raise ValueError("unclosed quote in a field value")
    m = _NAME.match(raw, i)
    if not m:
        raise ValueError(f"no field value at offset {i}")
    return m.end()


def _skip_space(raw: str, i: int) -> int:
    while i < len(raw) and raw[i].isspace():
        i += 1
    return i


def field_spans(raw: str) -> list[FieldSpan]:
    """The fields of one well-formed entry (`@type{key, name = value, ...}`), in order."""
    i = raw.index(",", raw.index("{")) + 1
    spans: list[FieldSpan] = []
    while True:
        i = _skip_space(raw, i)
        name = _NAME.match(raw, i)
        if not name or raw[i] in "})":
            return spans
        eq = _skip_space(raw, name.end())
        if raw[eq : eq + 1] != "=":
            raise ValueError(f"expected = after field {name[0]!r}")
        vstart = j = _skip_space(raw, eq + 1)
        while True:
            j = _after_value_part(raw, j)
            k = _skip_space(raw, j)
            if raw[k : k + 1] != "#":
                break
            j = _skip_space(raw, k + 1)
        end = k + 1 if raw[k : k + 1] == "," else j
        spans.append(FieldSpan(name[0].lower(), name.start(), vstart, j, end))
        i = end


def requote(raw_value: str, content: str) -> str:
    """content (braced-safe text) written in raw_value's style: `"..."` stays quoted if it can."""
    if raw_value.startswith('"') and not _quote_at_depth0(content):
        return '"' + content + '"'
    return "{" + content + "}"


def _quote_at_depth0(content: str) -> bool:
    depth = 0
    for c in content:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if c == '"' and depth == 0:
            return True
    return False


def _layout(raw: str, spans: Sequence[FieldSpan]) -> tuple[str, int | None, str]:
    """(indent, column of `=` when the fields align it, quote style) of an entry."""
    line_start = raw.rfind("\n", 0, spans[0].start) + 1
    indent = raw[line_start : spans[0].start]
    columns = set()
    for s in spans:
        start = raw.rfind("\n", 0, s.start) + 1
        columns.add(raw.index("=", s.start) - start)
    starts = [raw[s.value_start] for s in spans]
    quoted = starts.count('"') > starts.count("{")  # bare numbers and macros have no say
    if indent.strip():  # the first field shares the `@type{key,` line
        indent = "  "
    return indent, columns.pop() if len(columns) == 1 else None, '"' if quoted else "{"


def splice_fields(raw: str, replace: dict[str, str], add: Sequence[tuple[str, str]]) -> str:
    """raw with the values of `replace` (name -> content) swapped and `add` fields appended.

    Contents are field text without outer delimiters; each is quoted like the value it
    replaces, and added fields like most of the entry's values, aligned as the entry is.
    """
    spans = field_spans(raw)
    out = raw
    for s in sorted(spans, key=lambda s: s.start, reverse=True):
        if s.name in replace:
            value = requote(raw[s.value_start : s.value_end], replace[s.name])
            out = out[: s.value_start] + value + out[s.value_end :]
    if not add:
        return out
    spans = field_spans(out)
    if not spans:
        raise ValueError("cannot add fields to an entry without fields")
    indent, column, quote = _layout(out, spans)
    last = spans[-1]
    lines = []
    for name, content in add:
        pad = name.ljust(column - len(indent) - 1) if column else name
        lines.append(f"{indent}{pad} = {requote(quote, content)},")
    had_comma = last.end > last.value_end
    body = "\n".join(lines)
    if not had_comma:
        body = body.removesuffix(",")
        return out[: last.value_end] + ",\n" + body + out[last.value_end :]
    return out[: last.end] + "\n" + body + out[last.end :]
