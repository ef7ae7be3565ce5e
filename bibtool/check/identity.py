"""BIB003: the same work under two keys, decided exactly as ``bibtool dedupe`` decides it.

The rule reports what ``dedupe.plan_dedupe`` would collapse: a shared arXiv id (any form, any
version), then a shared DOI, then the same normalised title, first author and year (a preprint
and its published version), with dedupe's vetoes (different ids, contradicted identifiers,
``@comment{bibtool:distinct …}`` and the configuration's ``distinct`` sets). One plan drives
both the finding and ``--fix``, so a file that ``--fix`` leaves alone is a file this rule leaves
alone. The finding sits on the later entry and names the earlier one it repeats; candidates come
from ``samework.WorkIndex``'s blocks, never from comparing all pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bibtool.check.context import Context, Hit
from bibtool.check.rule import Applicability, FixPolicy, Rule, Severity
from bibtool.works.dedupe import plan_dedupe


def check_duplicates(ctx: Context) -> Iterator[Hit]:
    """One hit on every entry that dedupe would fold into an earlier entry of the same work."""
    counts = Counter(e.key.lower() for e in ctx.doc.entries if not e.commented)
    plan = plan_dedupe(ctx.doc, distinct=ctx.settings.distinct)
    for group in plan.groups:
        kept = group.kept
        for dup in group.duplicates:
            entry = dup.entry
            if entry.key.lower() == kept.key.lower():
                continue  # the same key twice is BIB002's finding, and --fix cannot tell them apart
            msg = (
                f"entry '{entry.key}' is the same work as '{kept.key}' "
                f"(line {kept.start_line}): {dup.decision.reason}"
            )
            # A repeated key cannot say which entry to keep or alias: report, never fix.
            fixable = counts[entry.key.lower()] == 1 and counts[kept.key.lower()] == 1
            yield ctx.at_entry("BIB003", entry, msg, fixable=fixable)


RULES = (
    Rule(
        "BIB003", "duplicate-work", Severity.WARNING, check_duplicates,
        what="the same work under another key (arXiv id, DOI, or title, first author and year)",
        why="the work is listed twice in the references, often once as a preprint and once as "
        "published, and citations of it are split between the keys",
        example="`bart` and `lewis2019bart`, both `arXiv:1910.13461`",
        fix=FixPolicy(
            Applicability.UNSAFE,
            "removes the later entry and adds its key to the kept entry's `ids` (and its "
            "identifiers the kept entry lacks), as `bibtool dedupe` does",
        ),
    ),
)  # fmt: skip
