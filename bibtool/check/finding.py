"""What a check reports: a ``Finding`` (where, what, how bad, whether ``--fix`` repairs it)."""

from __future__ import annotations

from dataclasses import dataclass

from bibtool.check.rule import Severity


@dataclass(frozen=True)
class Finding:
    """A problem found in a file: where, what, how bad."""

    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    key: str | None = None  # the entry it belongs to, for silencing and fixing
    fixable: bool = False
