"""The rules as documentation: the README's rule table and the rule reference, from the registry.

Both are written from the rules' declarations (``scripts/rule_docs.py`` writes them into
``README.md`` and ``docs/rules.md``; a test fails when either differs), so a rule's facts are
never typed twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from bibtool.lint.registry import RULES
from bibtool.lint.rule import Applicability, Rule

TABLE_HEAD = "| code | name | severity | what | example | `--fix` |"
_FIX_COLUMN = {Applicability.SAFE: "yes", Applicability.UNSAFE: "with `--unsafe-fixes`"}
_FIX_LINE = {
    Applicability.SAFE: "safe, applied by `--fix`",
    Applicability.UNSAFE: "unsafe, applied only by `--fix --unsafe-fixes`",
}


def rule_table(rules: Sequence[Rule] = RULES) -> str:
    """The README's table: one row per rule, the columns of ``TABLE_HEAD``."""
    rows = [TABLE_HEAD, "| --- | --- | --- | --- | --- | --- |"]
    for r in rules:
        fix = _FIX_COLUMN[r.fix.applicability] if r.fix else "no"
        cells = (f"`{r.code}`", r.name, r.severity.value, r.what, r.example, fix)
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


def with_rule_table(readme: str, table: str) -> str:
    """``readme`` with the table that starts at ``TABLE_HEAD`` replaced by ``table``."""
    start = readme.index(TABLE_HEAD)
    end = start
    while readme.startswith("|", end):
        end = readme.find("\n", end) + 1 or len(readme)
    return readme[:start] + table + readme[end:]


def rule_reference(rules: Sequence[Rule] = RULES) -> str:
    """``docs/rules.md``: each rule with what it finds, why it matters, an example, its fix."""
    parts = [
        "# `bibtool check` rules\n",
        "Written from the rule declarations in `bibtool/lint/` by `python scripts/rule_docs.py`;"
        " edit those, not this file.\n",
    ]
    for r in rules:
        online = " Runs only with `--online`." if r.online else ""
        lines = [
            f"## {r.code} {r.name}\n",
            f"Severity: {r.severity.value}.{online}\n",
            f"**What it finds:** {r.what}.\n",
            f"**Why it matters:** {r.why}.\n",
            f"**Example:** {r.example}\n",
        ]
        if r.fix:
            lines.append(f"**Fix** ({_FIX_LINE[r.fix.applicability]}): {r.fix.does}.\n")
        parts.append("\n".join(lines))
    return "\n".join(parts)
