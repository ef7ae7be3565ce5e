"""Where each field sits inside one entry's raw text, and edits that keep the entry's style.

bibtexparser gives field values but not their offsets; these scanners find them with the same
grammar as ``grammar.value_problem`` so a field can be added or one value replaced while every
other character of the entry (order, indentation, alignment, quoting, comments) stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bibtool.bibfile.grammar import BARE_TOKEN, after_group, after_quoted, skip_space

__all__ = [
    "FieldSpan",
    "add_fields",
    "field_spans",
    "rekey",
    "remove_field",
    "requoted",
    "retype",
    "same_text",
    "set_field_value",
]

_HEAD = re.compile(r"(\s*@\s*\w+\s*[{(]\s*)([^,\s{}()]*)\s*")
_NAME = re.compile(r"[^\s#{}\",=()%']+")


@dataclass(frozen=True)
class FieldSpan:
    """One field of an entry: its name as written and character offsets in the raw text."""

    name: str
    start: int  # the name's first character
    equals: int  # the "=" sign
    value_start: int
    value_end: int
    comma_end: int | None  # just after the comma that follows the value, if one does

    @property
    def key(self) -> str:
        return self.name.lower()


def field_spans(raw: str) -> list[FieldSpan]:
    """Every field of an entry, in order; ValueError when the text is not one well-formed entry."""
    head = _HEAD.match(raw)
    if head is None:
        raise ValueError(f"not a BibTeX entry: {raw[:60]!r}")
    i = head.end()
    if raw.startswith(",", i):
        i += 1
    spans: list[FieldSpan] = []
    while True:
        i = skip_space(raw, i)
        name = _NAME.match(raw, i)
        if name is None:
            return spans
        eq = skip_space(raw, name.end())
        if not raw.startswith("=", eq):
            raise ValueError(f"field {name[0]!r} has no '='")
        start = skip_space(raw, eq + 1)
        end = _value_end(raw, start)
        after = skip_space(raw, end)
        comma = after + 1 if raw.startswith(",", after) else None
        spans.append(FieldSpan(name[0], name.start(), eq, start, end, comma))
        if comma is None:
            return spans
        i = comma


def _value_end(raw: str, i: int) -> int:
    """End of the value ``token # token ...`` starting at ``i``."""
    while True:
        if raw.startswith("{", i):
            i = after_group(raw, i)
        elif raw.startswith('"', i):
            i = after_quoted(raw, i)
        elif m := BARE_TOKEN.match(raw, i):
            i = m.end()
        else:
            raise ValueError(f"bad value at {raw[i : i + 20]!r}")
        if i < 0:
            raise ValueError("unbalanced braces")
        j = skip_space(raw, i)
        if not raw.startswith("#", j):
            return i
        i = skip_space(raw, j + 1)


def set_field_value(raw: str, name: str, value: str) -> str:
    """``raw`` with the value of field ``name`` (any case) replaced; everything else kept."""
    for span in field_spans(raw):
        if span.key == name.lower():
            return raw[: span.value_start] + value + raw[span.value_end :]
    raise KeyError(name)


def add_fields(raw: str, fields: Sequence[tuple[str, str]], *, newline: str = "\n") -> str:
    """``raw`` with ``fields`` (name, raw value) added after its last field, in its style.

    The style is read from the entry: indentation, ``=`` alignment, name case, braces or quotes,
    and whether the last field ends with a comma. A one-line entry stays on one line.
    """
    if not fields:
        return raw
    spans = field_spans(raw)
    style = _Style.of(raw, spans, newline)
    parts = [style.render(name, value) for name, value in fields]
    if not spans:
        at = _HEAD.match(raw).end()  # type: ignore[union-attr]  # field_spans checked it
        comma = "" if raw.startswith(",", at) else ","
        at += 1 if comma == "" else 0
        body = "".join(style.sep + p + "," for p in parts)
        return raw[:at] + comma + body + newline + raw[at:].lstrip()
    last = spans[-1]
    if last.comma_end is not None:
        added = "".join(style.sep + p + "," for p in parts)
        return raw[: last.comma_end] + added + raw[last.comma_end :]
    added = "".join("," + style.sep + p for p in parts)
    return raw[: last.value_end] + added + raw[last.value_end :]


@dataclass(frozen=True)
class _Style:
    sep: str  # before each field: newline + indentation, or a space on one-line entries
    width: int  # names padded to this width when the entry aligns its "=" signs
    gap: str  # between the name and "=" when not aligned
    after: str  # between "=" and the value
    case: str  # "lower", "upper", "title" or "keep"
    quotes: bool

    @classmethod
    def of(cls, raw: str, spans: Sequence[FieldSpan], newline: str) -> _Style:
        if not spans:
            return cls(newline + "  ", 0, " ", " ", "keep", False)
        last = spans[-1]
        line_start = raw.rfind("\n", 0, last.start) + 1
        indent = raw[line_start : last.start]
        sep = newline + indent if line_start and not indent.strip() else " "
        widths = {s.equals - s.start for s in spans}
        aligned = len(widths) == 1 and len({len(s.name) for s in spans}) > 1
        gap = raw[last.start + len(last.name) : last.equals]
        after = raw[last.equals + 1 : last.value_start]
        quoted = sum(raw.startswith('"', s.value_start) for s in spans)
        braced = sum(raw.startswith("{", s.value_start) for s in spans)
        return cls(sep, widths.pop() if aligned else 0, gap, after, _case(spans), quoted > braced)

    def render(self, name: str, value: str) -> str:
        name = _recase(name, self.case)
        head = name.ljust(self.width - 1) + " " if self.width else name + self.gap
        return f"{head}={self.after}{_quoted(value) if self.quotes else value}"


def _case(spans: Sequence[FieldSpan]) -> str:
    names = [s.name for s in spans if s.name.isalpha()]
    if names and all(n.islower() for n in names):
        return "lower"
    if names and all(n.isupper() for n in names):
        return "upper"
    if names and all(n[0].isupper() and n[1:].islower() for n in names):
        return "title"
    return "keep"


def _recase(name: str, case: str) -> str:
    if case == "lower":
        return name.lower()
    if case == "upper":
        return name.upper()
    return name[:1].upper() + name[1:].lower() if case == "title" else name


def _quoted(value: str) -> str:
    """A braced value as a quoted one (for files that quote), when that reads the same."""
    if not (value.startswith("{") and after_group(value, 0) == len(value)):
        return value
    inner, depth = value[1:-1], 0
    for ch in inner:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == '"' and depth == 0:
            return value  # a bare quote would end the string early
    return f'"{inner}"'


def requoted(old: str, value: str) -> str:
    """The braced ``value`` written as ``old`` is: quoted if ``old`` is quoted and it reads the
    same so, braced otherwise (a value that replaces another keeps the entry's look)."""
    return _quoted(value) if old.startswith('"') else value


def rekey(raw: str, key: str) -> str:
    """The entry ``raw`` with its key replaced by ``key``; every other character kept."""
    head = _HEAD.match(raw)
    return raw if head is None else raw[: head.start(2)] + key + raw[head.end(2) :]


def retype(raw: str, entry_type: str) -> str:
    """The entry ``raw`` with its type (``@misc``) replaced by ``entry_type``, its case kept
    (``@MISC`` becomes ``@INPROCEEDINGS``); every other character kept."""
    head = re.match(r"(\s*@\s*)(\w+)", raw)
    if head is None:
        return raw
    old = head[2]
    new = entry_type.upper() if old.isupper() else entry_type
    return raw[: head.start(2)] + new + raw[head.end(2) :]


def remove_field(raw: str, name: str) -> str:
    """The entry ``raw`` without its field ``name`` (and the line it stood on, when it stood
    alone); unchanged when it has none."""
    span = next((s for s in field_spans(raw) if s.key == name.lower()), None)
    if span is None:
        return raw
    start, end = span.start, span.comma_end or span.value_end
    line_start = raw.rfind("\n", 0, start) + 1
    if not raw[line_start:start].strip():
        start = line_start
        rest = raw[end:]
        stripped = rest.lstrip(" \t")
        if stripped.startswith("\r\n") or stripped.startswith("\n"):
            end += len(rest) - len(stripped) + (2 if stripped.startswith("\r\n") else 1)
    elif span.comma_end is None:  # the last field, after a comma: drop that comma too
        before = raw.rstrip()[:start].rstrip()
        start = len(before) - 1 if before.endswith(",") else start
    return raw[:start] + raw[end:]


def same_text(a: str, b: str) -> bool:
    """Whether two entry texts are the same but for line endings and trailing blanks."""

    def norm(text: str) -> list[str]:
        return [line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n")]

    return norm(a) == norm(b)
