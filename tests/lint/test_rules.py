"""The rule registry: every rule declared once and documented, and one fixture per rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from bibtool.bibfile import BibDocument, parse_bib, read_bib
from bibtool.config import LEVELS, load_config
from bibtool.jobs.check import options_for
from bibtool.lint import RULES, Finding, Options, Rule, Severity, check_document, fix_document
from bibtool.lint.context import Context
from bibtool.lint.docs import rule_reference, rule_table, with_rule_table
from bibtool.model import Paper
from bibtool.venues.arxiv_ref import record_from_paper
from bibtool.works.published import Published, choose_published
from tests.support.helpers import FIXTURES, ROOT, papers_by_id


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


# One fixture per rule, fixtures/check/rules/BIBnnn.bib: real entries that must fire, each under
# a "% expect: BIBnnn" line, and near-misses (what a real file has that looks like the problem
# but is not) with no such line. See fixtures/check/SOURCES.md.
RULE_FIXTURES = FIXTURES / "check" / "rules"
_EXPECT = re.compile(r"% expect: (BIB\d{3})(?: at ([\w-]+)(?:#(\d+))?)?\s*$")


class _Recorded:
    """arXiv's papers from the recorded records (fixtures/arxiv), for the --online rules."""

    def papers_by_id(self, ids: Sequence[str]) -> dict[str, Paper]:
        known = papers_by_id()
        return {i: known[i] for i in ids if i in known}


class _ArxivReference:
    """arXiv's own journal reference as the only venue source, for BIB019's fix."""

    def decide_all(
        self,
        preprints: Sequence[tuple[dict[str, str], Paper | None, str]],
        on_each: Callable[[], None] = lambda: None,
    ) -> list[Published]:
        out = []
        for fields, paper, _ in preprints:
            own = record_from_paper(paper) if paper else None
            out.append(choose_published(fields, paper, [own] if own else []))
        return out


def expected(path: Path) -> list[tuple[int, str]]:
    """(line, code) of each ``% expect: CODE [at FIELD[#N]]`` line of a rule fixture, in order.

    An annotation sits right above the block it marks (annotations may stack); the finding is
    on the block's first line, or on the line where FIELD starts (its Nth, if repeated).
    """
    # BIB020's fixture is Latin-1 on purpose.
    lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
    found = []
    for i, line in enumerate(lines):
        if m := _EXPECT.match(line):
            start = next(j for j in range(i + 1, len(lines)) if not _EXPECT.match(lines[j]))
            at = start if m[2] is None else _field_line(lines, start, m[2], int(m[3] or 1))
            found.append((at + 1, m[1]))
    return sorted(found)


def _field_line(lines: list[str], start: int, name: str, nth: int) -> int:
    """0-based index of the ``nth`` line of the entry from ``start`` that begins ``name =``."""
    field = re.compile(rf"\s*{re.escape(name)}\s*=", re.IGNORECASE)
    end = next(j for j in range(start + 1, len(lines)) if lines[j].startswith(("@", "}")))
    return [j for j in range(start, end) if field.match(lines[j])][nth - 1]


def _options(rule: Rule, *, unsafe_fixes: bool = False) -> Options:
    config = load_config(RULE_FIXTURES, env={}, flags={"select": [rule.code]})
    return options_for(config, online=rule.online, unsafe_fixes=unsafe_fixes)


def _check(doc: BibDocument, options: Options, rule: Rule) -> list[Finding]:
    if not rule.online:
        return check_document(doc, options)
    return check_document(doc, options, papers=_Recorded(), venues=_ArxivReference())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_each_rule_finds_exactly_what_its_fixture_marks(rule: Rule) -> None:
    path = RULE_FIXTURES / f"{rule.code}.bib"
    doc = read_bib(path)
    found = _check(doc, _options(rule), rule)
    assert sorted((f.line, f.code) for f in found) == expected(path)
    quiet = [e for e in doc.entries if not any(f.key == e.key for f in found)]
    assert found and quiet, "a rule fixture needs entries that fire and near-misses that do not"


@pytest.mark.parametrize("rule", [r for r in RULES if r.fix], ids=lambda r: r.code)
def test_each_fix_repairs_its_fixture_and_a_second_run_changes_nothing(rule: Rule) -> None:
    doc = read_bib(RULE_FIXTURES / f"{rule.code}.bib")
    options = _options(rule, unsafe_fixes=True)

    def recheck(d: BibDocument) -> list[Finding]:
        return _check(d, options, rule)

    found = recheck(doc)
    result = fix_document(doc, found, recheck)
    assert result.fixed and not any(f.fixable for f in result.left)
    assert len(result.left) == sum(f.fix is None for f in found)  # those it cannot repair
    again = fix_document(parse_bib(result.data, name=doc.name), result.left, recheck)
    assert again.data == result.data and again.fixed == ()


def test_each_producer_makes_only_the_codes_of_the_rules_naming_it() -> None:
    producers = {r.producer for r in RULES}
    settings = options_for(load_config(RULE_FIXTURES, env={}), online=True).settings
    for path in sorted(RULE_FIXTURES.glob("*.bib")):
        ctx = Context(read_bib(path), settings, _Recorded())
        for producer in producers:
            named = {r.code for r in RULES if r.producer is producer}
            assert {hit.code for hit in producer(ctx)} <= named, (path.name, producer)
