"""How bad a finding is: ``Severity``, an ordered enum (``INFO < WARNING < ERROR``)."""

from __future__ import annotations

import enum
import functools


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
