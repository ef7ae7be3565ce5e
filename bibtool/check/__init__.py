"""``bibtool check``: rules over .bib files -> ``Finding``s, safe fixes; no printing.

Modules: ``registry`` (codes, severities, fixability), ``context`` (what a rule sees),
one module per rule family (``structure``, ``identity``, ``fields``, ``identifiers``, ``style``,
``online``), ``engine`` (selection and per-entry silencing), ``fix`` (the safe repairs).
"""

from __future__ import annotations

from bibtool.check.context import Settings
from bibtool.check.engine import IGNORE_FIELD, Check, Options, check_document
from bibtool.check.finding import Finding
from bibtool.check.fix import FixResult, fix_document
from bibtool.check.online import PaperSource, online_check
from bibtool.check.registry import BY_CODE, RULES, Rule, enabled
from bibtool.check.rule import Severity

__all__ = [
    "BY_CODE",
    "IGNORE_FIELD",
    "RULES",
    "Check",
    "Finding",
    "FixResult",
    "Options",
    "PaperSource",
    "Rule",
    "Settings",
    "Severity",
    "check_document",
    "enabled",
    "fix_document",
    "online_check",
]
