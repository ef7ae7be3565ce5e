"""Running the rules over one document: selection, per-entry silencing, Findings in file order.

An entry silences rules for itself with a field, ``bibtool-ignore = {BIB012, BIB015}``, or with
a comment on the line just before it, ``% bibtool: ignore BIB012 BIB015``; codes, prefixes
(``BIB01``), rule names and ``all`` are accepted. Problems outside any entry cannot be silenced
there (use ``ignore`` in the configuration).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bibtool.bibfile import BibDocument, BibEntry
from bibtool.check import fields, identifiers, identity, structure, style
from bibtool.check.context import Context, Hit, Settings, plain
from bibtool.check.finding import Finding
from bibtool.check.registry import BY_CODE, Rule, matches

IGNORE_FIELD = "bibtool-ignore"
_IGNORE_COMMENT = re.compile(r"^\s*%+\s*bibtool\s*:\s*ignore\b(.*)$", re.IGNORECASE)

Check = Callable[[Context], Iterable[Hit]]

# Each check and the codes it can produce, so a run skips checks whose codes are all off.
CHECKS: tuple[tuple[Check, frozenset[str]], ...] = (
    (structure.check_problems, frozenset({"BIB001", "BIB002", "BIB012", "BIB017"})),
    (structure.check_braces, frozenset({"BIB012"})),
    (structure.check_macros, frozenset({"BIB013"})),
    (identity.check_duplicates, frozenset({"BIB003"})),
    (fields.check_authors, frozenset({"BIB004"})),
    (fields.check_required, frozenset({"BIB005"})),
    (identifiers.check_arxiv, frozenset({"BIB006", "BIB010"})),
    (identifiers.check_doi, frozenset({"BIB007", "BIB008"})),
    (identifiers.check_url, frozenset({"BIB009"})),
    (identifiers.check_prefix, frozenset({"BIB011"})),
    (style.check_ascii, frozenset({"BIB014"})),
    (style.check_titles, frozenset({"BIB015"})),
    (style.check_keys, frozenset({"BIB016"})),
)


@dataclass(frozen=True)
class Options:
    """Which rules run and with what settings."""

    rules: tuple[Rule, ...]
    settings: Settings = Settings()


def check_document(
    doc: BibDocument, options: Options, extra: Sequence[Check] = ()
) -> list[Finding]:
    """Every finding of the enabled rules in ``doc``, silenced ones dropped, in file order.

    ``extra`` adds checks (the online ones) that run under the same selection and silencing.
    """
    ctx = Context(doc, options.settings)
    codes = {r.code for r in options.rules}
    hits = [
        hit
        for check, produces in (*CHECKS, *((c, frozenset(codes)) for c in extra))
        if produces & codes
        for hit in check(ctx)
        if hit.code in codes
    ]
    silenced = _silencing(doc)
    kept = [h for h in hits if not (h.key and matches(h.code, silenced.get(h.key, ())))]
    return sorted((_finding(doc.name, h) for h in kept), key=_order)


def _finding(name: str, hit: Hit) -> Finding:
    rule = BY_CODE[hit.code]
    return Finding(
        file=name,
        line=hit.line,
        column=hit.column,
        code=hit.code,
        severity=rule.severity,
        message=hit.message,
        key=hit.key,
        fixable=rule.fixable and hit.fixable,
    )


def _order(f: Finding) -> tuple[str, int, int, str]:
    return (f.file, f.line, f.column, f.code)


def _silencing(doc: BibDocument) -> dict[str, list[str]]:
    """Key -> the patterns its ``bibtool-ignore`` field and preceding comment name."""
    # Most files have no such comment: split the text into lines only when one may be there.
    lines = doc.text.split("\n") if "bibtool" in doc.text.lower() else []
    out: dict[str, list[str]] = {}
    for entry in doc.entries:
        patterns = _field_patterns(entry) + _comment_patterns(lines, entry)
        if patterns:
            out.setdefault(entry.key, []).extend(patterns)
    return out


def _field_patterns(entry: BibEntry) -> list[str]:
    value = entry.fields.get(IGNORE_FIELD)
    return _codes(plain(value)) if value else []


def _comment_patterns(lines: Sequence[str], entry: BibEntry) -> list[str]:
    index = entry.start_line - 2  # the line before, 0-based
    if index < 0 or index >= len(lines):
        return []
    m = _IGNORE_COMMENT.match(lines[index])
    return _codes(m[1]) if m else []


def _codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text) if c]
