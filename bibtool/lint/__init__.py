"""``bibtool check``: rules over .bib files -> ``Finding``s, fixes as edits; no printing.

Modules: ``rule`` (what a rule declares: code, name, ``Severity``, documentation, producer,
fix applicability), ``finding`` (what a check reports), ``context`` (what a producer sees),
one module per rule family, each ending with its declared ``RULES`` (``structure``, ``identity``,
``fields``, ``identifiers``, ``style``, ``online``), ``registry`` (every rule, selection),
``engine`` (running the producers, per-entry silencing), ``fix`` (applying the repairs),
``output`` (findings as text, JSON, GitHub annotations, SARIF), ``docs`` (the rules as text).
"""

from __future__ import annotations

from bibtool.lint.context import PaperSource, Settings
from bibtool.lint.engine import IGNORE_FIELD, Options, check_document
from bibtool.lint.finding import Finding
from bibtool.lint.fix import FixResult, fix_document
from bibtool.lint.registry import BY_CODE, RULES, enabled
from bibtool.lint.rule import Applicability, FixPolicy, Producer, Rule, Severity

__all__ = [
    "BY_CODE",
    "IGNORE_FIELD",
    "RULES",
    "Applicability",
    "Finding",
    "FixPolicy",
    "FixResult",
    "Options",
    "PaperSource",
    "Producer",
    "Rule",
    "Settings",
    "Severity",
    "check_document",
    "enabled",
    "fix_document",
]
