"""What a check reports: a ``Finding`` (where, what, how bad) and the ``Fix`` made with it.

A producer that can repair what it found attaches the edits there and then, while it knows the
field and its span; ``--fix`` only applies them (``fix.fix_document``), so no repair is worked
out twice and a finding and its repair cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from bibtool.bibfile import Edit
from bibtool.lint.rule import Applicability, Severity


@dataclass(frozen=True)
class Fix:
    """A finding's repair: edits of the file's bytes as read, and when ``--fix`` may apply them."""

    applicability: Applicability
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    """A problem found in a file: where, what, how bad, and its fix if it has one."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    key: str | None = None  # the entry it belongs to, for silencing
    fix: Fix | None = None
    fixable: bool = False  # this run's --fix applies the fix
