"""Running the rules over one document: their producers, per-entry silencing, file order.

Each enabled rule names its producer; a producer serving several rules runs once, and only the
hits of enabled rules are kept.

An entry silences rules for itself with a field, ``bibtool-ignore = {BIB012, BIB015}``, or with
a comment on the line just before it, ``% bibtool: ignore BIB012 BIB015``; codes, prefixes
(``BIB01``), rule names and ``all`` are accepted. Problems outside any entry cannot be silenced
there (use ``ignore`` in the configuration).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bibtool.bibfile import BibDocument, BibEntry
from bibtool.bibfile.values import plain
from bibtool.lint.context import Context, Hit, PaperSource, Settings, VenueSource
from bibtool.lint.finding import Finding, Fix
from bibtool.lint.registry import matches
from bibtool.lint.rule import Applicability, Rule

IGNORE_FIELD = "bibtool-ignore"
_IGNORE_COMMENT = re.compile(r"^\s*%+\s*bibtool\s*:\s*ignore\b(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Options:
    """Which rules run, with what settings, and which fixes ``--fix`` applies."""

    rules: tuple[Rule, ...]
    settings: Settings = Settings()
    unsafe_fixes: bool = False  # apply (and count as fixable) the unsafe fixes too


def check_document(
    doc: BibDocument,
    options: Options,
    *,
    papers: PaperSource | None = None,
    venues: VenueSource | None = None,
) -> list[Finding]:
    """Every finding of the enabled rules in ``doc``, silenced ones dropped, in file order.

    ``papers``: arXiv's records for the ``--online`` rules (enabled only with a source);
    ``venues``: where BIB019 finds a preprint's published version (its fix).
    """
    ctx = Context(doc, options.settings, papers, venues)
    rules = {r.code: r for r in options.rules}
    producers = dict.fromkeys(r.producer for r in options.rules)
    hits = [hit for produce in producers for hit in produce(ctx) if hit.code in rules]
    silenced = _silencing(doc)
    kept = [h for h in hits if not (h.key and matches(h.code, silenced.get(h.key, ())))]
    findings = (_finding(doc.name, rules[h.code], h, options.unsafe_fixes) for h in kept)
    return sorted(findings, key=_order)


def _finding(name: str, rule: Rule, hit: Hit, unsafe_fixes: bool) -> Finding:
    fix = _fix(rule, hit)
    allowed = fix is not None and (fix.applicability is Applicability.SAFE or unsafe_fixes)
    return Finding(
        file=name,
        line=hit.line,
        column=hit.column,
        code=hit.code,
        severity=rule.severity,
        message=hit.message,
        key=hit.key,
        fix=fix,
        fixable=allowed,
    )


def _fix(rule: Rule, hit: Hit) -> Fix | None:
    """The hit's edits as a fix of the rule's applicability."""
    if not hit.edits:
        return None
    if rule.fix is None:
        raise ValueError(f"{rule.code} declares no fix, but its producer made one")
    return Fix(rule.fix.applicability, hit.edits)


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
