"""Every rule, collected from the family modules that declare them; selection by pattern.

The rules themselves are declared once, beside their producers (see ``rule``); this module only
gathers them in code order and answers which ones a ``select``/``ignore`` list names.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bibtool.lint import fields, identifiers, identity, structure, style
from bibtool.lint import online as online_rules
from bibtool.lint.rule import Rule

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            *structure.RULES,
            *identity.RULES,
            *fields.RULES,
            *identifiers.RULES,
            *style.RULES,
            *online_rules.RULES,
        ),
        key=lambda rule: rule.code,
    )
)
BY_CODE = {rule.code: rule for rule in RULES}


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether ``code`` is named by any pattern: a code, a prefix (``BIB01``), a name, ``ALL``."""
    rule = BY_CODE[code]
    for pattern in patterns:
        p = pattern.strip()
        if p.upper() == "ALL" or (p and code.startswith(p.upper())) or p.lower() == rule.name:
            return True
    return False


def unknown_patterns(patterns: Sequence[str]) -> list[str]:
    """The patterns that name no rule at all (a typo in --select should not pass silently)."""
    return [p for p in patterns if not any(matches(r.code, [p]) for r in RULES)]


def enabled(select: Sequence[str] | None, ignore: Sequence[str], *, online: bool) -> list[Rule]:
    """Rules that run: selected (all offline rules by default) and not ignored."""
    chosen = [r for r in RULES if (select is None or matches(r.code, select))]
    return [r for r in chosen if not matches(r.code, ignore) and (online or not r.online)]
