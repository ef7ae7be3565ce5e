"""The rule registry: every rule declared once, with its documentation, and nothing repeating it."""

from __future__ import annotations

import re

from bibtool.check import RULES, Severity
from bibtool.config import LEVELS


def test_every_rule_is_declared_once_with_its_documentation() -> None:
    codes = [r.code for r in RULES]
    assert codes == [f"BIB{i:03d}" for i in range(1, len(RULES) + 1)]  # none retired yet
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", rule.name), rule.name
        assert rule.what and rule.why and rule.example, rule.code
        assert rule.fix is None or rule.fix.does, rule.code


def test_the_configuration_knows_the_severities() -> None:
    assert tuple(s.value for s in sorted(Severity)) == LEVELS
