"""What a rule is: its code, name, severity, documentation, producer and fix, declared once.

Modelled on ruff's registry: each rule family module (``structure``, ``identity``, ``fields``,
``identifiers``, ``style``, ``online``) ends with the ``Rule``s it produces, and nothing else in
bibtool repeats their facts: the engine runs the producers of the enabled rules, the findings
take their severity and fix applicability from here, the SARIF output its rule descriptions,
and ``docs`` writes the README's rule table and ``docs/rules.md`` from here. Codes never change
meaning once released; a retired rule keeps its number unused.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bibtool.lint.context import Context, Hit

Producer = Callable[["Context"], Iterable["Hit"]]


@functools.total_ordering
class Severity(enum.Enum):
    """How bad a finding is, ordered ``INFO < WARNING < ERROR``.

    ``error``: the file is wrong for BibTeX or biber; ``warning``: it will print something the
    author did not mean; ``info``: worth knowing, never fails a run at the default level.
    """

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        order = list(Severity)
        return order.index(self) < order.index(other)

    @classmethod
    def parse(cls, text: str) -> Severity:
        """The severity named ``text``; ValueError (one sentence) for anything else."""
        try:
            return cls(text)
        except ValueError:
            known = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown severity {text!r} (known: {known})") from None


class Applicability(enum.Enum):
    """When ``--fix`` may apply a rule's fix (ruff's fix safety).

    ``safe``: the edits stay inside one field value and mean the same for every reader, so
    ``--fix`` applies them. ``unsafe``: the edits change what the file holds (an entry removed,
    a preprint rewritten as its published version), so only ``--fix --unsafe-fixes`` applies
    them; ``check`` says how many are waiting.
    """

    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True)
class FixPolicy:
    """A rule's fix: how safe it is and, for the documentation, what it does."""

    applicability: Applicability
    does: str


@dataclass(frozen=True)
class Rule:
    """One rule, declared once: identity, severity, documentation, producer, fix, network."""

    code: str  # BIBnnn, stable
    name: str  # kebab-case, accepted wherever a code is
    severity: Severity  # the default; a run fails at --fail-level or above
    producer: Producer  # yields this rule's hits (one producer may serve several rules)
    what: str  # what it finds, one line (the README table's "what")
    why: str  # why it matters
    example: str  # a value that fires it, as Markdown
    fix: FixPolicy | None = None
    online: bool = False  # needs --online (arXiv's records)

    @property
    def fixable(self) -> bool:
        """Whether the rule attaches a fix to (some of) its findings, safe or not."""
        return self.fix is not None
