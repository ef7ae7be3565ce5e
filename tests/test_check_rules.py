"""The rule registry: every rule declared once, with its documentation, and nothing repeating it."""

from __future__ import annotations

import re

from bibtool.check import RULES, Severity
from bibtool.check.docs import rule_reference, rule_table, with_rule_table
from bibtool.config import LEVELS
from tests.helpers import ROOT


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


def test_the_readme_table_and_the_rule_reference_are_the_registrys() -> None:
    # Written by scripts/rule_docs.py; run it after changing a rule's declaration.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Checking .bib files in CI") :]
    assert rule_table() in section
    assert with_rule_table(readme, rule_table()) == readme
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rule_reference()
