"""BIB003: the same work under two keys, decided exactly as ``bibtool dedupe`` decides it.

The rule reports what ``dedupe.plan_dedupe`` would collapse: a shared arXiv id (any form, any
version), then a shared DOI, then the same normalised title, first author and year (a preprint
and its published version), with dedupe's vetoes (different ids, contradicted identifiers,
``@comment{bibtool:distinct …}`` and the configuration's ``distinct`` sets). One plan drives
both the finding and its fix. The finding sits on the later entry and names the earlier one it
repeats; candidates come from ``works.same.WorkIndex``'s blocks, never from comparing all pairs.

Its fix folds that one entry into the kept one, as dedupe folds it: the later entry removed with
its line, its key added to the kept entry's ``ids = {…}`` (and its identifiers the kept entry
lacks); when the kept entry is a preprint and the later one published, the published text takes
its place under the first key. A third copy of the work folds on the next pass, into the kept
entry as then written (so identifiers it brings come after ``ids``, which dedupe, folding all at
once, writes last).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from bibtool.bibfile import BibEntry, Edit
from bibtool.bibfile.edit import removing
from bibtool.lint.context import Context, Hit
from bibtool.lint.rule import Applicability, FixPolicy, Rule, Severity
from bibtool.works.dedupe import Duplicate, merged_group, plan_dedupe


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
            unique = counts[entry.key.lower()] == 1 and counts[kept.key.lower()] == 1
            yield ctx.at_entry("BIB003", entry, msg, edits=_fold(ctx, kept, dup) if unique else ())


def _fold(ctx: Context, kept: BibEntry, dup: Duplicate) -> tuple[Edit, ...]:
    """The edits folding ``dup`` alone into ``kept``: the kept entry rewritten, ``dup`` removed."""
    try:
        text = merged_group(ctx.doc, kept, (dup,)).text
    except ValueError:
        return ()  # a field bibfile cannot read: reported, never rewritten
    removal = removing(ctx.doc, dup.entry)
    return (removal,) if text == kept.raw else (ctx.rewrite(kept, text), removal)


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
            "identifiers the kept entry lacks; a published version replaces a preprint's text "
            "under the first key), as `bibtool dedupe` does",
        ),
    ),
)  # fmt: skip
