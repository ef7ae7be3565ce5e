"""``--fix``: the edits the findings carry, spliced into the original bytes; nothing else changes.

Each fixable finding carries its repair as byte edits, made by its producer with the finding
(``finding.Fix``); here they are only applied, through ``bibfile.apply_edits`` in one pass, so
every byte outside them stays as it was. Fixes are taken in file order; one whose edits touch an
edit already taken waits for the next pass, where the file is checked again and the finding,
made afresh on the new text, brings its fix again (ruff's fix loop: a work written three times
folds one copy per pass into the kept entry).

The result of each pass is parsed again and refused unless it holds the same entries, less the
ones a fix removed, with the same problems at their moved lines (less those in removed text).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtool.bibfile import BibDocument, Edit, apply_edits, parse_bib
from bibtool.errors import BibFileError
from bibtool.lint.finding import Finding

MAX_PASSES = 10  # a fix waits at most this many passes; more means fixes that never settle

Recheck = Callable[[BibDocument], list[Finding]]


@dataclass(frozen=True)
class FixResult:
    """The repaired file content, the findings repaired, and the findings left in it."""

    data: bytes
    fixed: tuple[Finding, ...]
    left: tuple[Finding, ...]  # the recheck's; without one, the ones not fixed, as they were


def fix_document(
    doc: BibDocument, findings: Sequence[Finding], recheck: Recheck | None = None
) -> FixResult:
    """Apply the fixable ``findings`` of ``doc``; BibFileError if the file must not be written.

    ``recheck`` checks a repaired document: it tells what is left and brings the fixes that
    waited. Without it there is one pass, and a waiting fix waits for the next run.
    """
    fixed: list[Finding] = []
    left = list(findings)
    for _ in range(MAX_PASSES):
        taken, waiting = _pass([f for f in left if f.fixable])
        if not taken:
            break
        doc = _apply(doc, taken)
        fixed += taken
        done = {id(f) for f in taken}
        left = recheck(doc) if recheck else [f for f in left if id(f) not in done]
        if not (waiting and recheck):
            break
    return FixResult(doc.data, tuple(fixed), tuple(left))


def _pass(findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The fixes one pass applies, in file order, and those that wait for the next."""
    starts: list[int] = []  # the taken edits, sorted; they never overlap one another
    ends: list[int] = []
    taken, waiting = [], []
    for finding in findings:
        edits = finding.fix.edits if finding.fix else ()
        if any(_clashes(starts, ends, e) for e in edits):
            waiting.append(finding)
            continue
        for edit in edits:
            at = bisect.bisect_left(starts, edit.start)
            starts.insert(at, edit.start)
            ends.insert(at, edit.end)
        taken.append(finding)
    return taken, waiting


def _clashes(starts: list[int], ends: list[int], edit: Edit) -> bool:
    """Whether ``edit`` overlaps a taken edit or starts where one starts (two insertions at one
    point have no order)."""
    at = bisect.bisect_right(starts, edit.start)
    if at and (starts[at - 1] == edit.start or ends[at - 1] > edit.start):
        return True
    return at < len(starts) and starts[at] < edit.end


def _apply(doc: BibDocument, fixes: Sequence[Finding]) -> BibDocument:
    """``doc`` with the edits of ``fixes`` applied and parsed again; BibFileError unless it holds
    the entries and problems the edits leave (``_kept_keys``, ``_moved_problems``)."""
    edits = sorted(e for f in fixes if f.fix for e in f.fix.edits)
    after = parse_bib(apply_edits(doc, edits), name=doc.name)
    same_keys = [e.key for e in after.entries] == _kept_keys(doc, edits)
    same_problems = sorted((p.kind, p.line) for p in after.failed) == _moved_problems(doc, edits)
    if not (same_keys and same_problems):
        raise BibFileError(f"{doc.name}: the fixes would change the file's structure — not written")
    return after


def _kept_keys(doc: BibDocument, edits: Sequence[Edit]) -> list[str]:
    """The keys of the entries no edit removes (an edit with no text covering all of one)."""
    removals = [(e.start, e.end) for e in edits if not e.text]  # sorted, as the edits are
    keys = []
    for entry in doc.entries:
        at = bisect.bisect_right(removals, (entry.span[0], len(doc.data))) - 1
        if not (at >= 0 and removals[at][1] >= entry.span[1]):
            keys.append(entry.key)
    return keys


def _moved_problems(doc: BibDocument, edits: Sequence[Edit]) -> list[tuple[str, int]]:
    """``doc``'s (kind, line) problems after ``edits``, sorted: those on a replaced line gone,
    the others moved by the lines added or removed above them."""
    if not doc.failed:
        return []
    line_starts = [0] + [m.end() for m in re.finditer(b"\n", doc.data)]
    moved = [(p.kind, _moved(doc.data, line_starts[p.line - 1], p.line, edits)) for p in doc.failed]
    return sorted((kind, line) for kind, line in moved if line is not None)


def _moved(data: bytes, at: int, line: int, edits: Sequence[Edit]) -> int | None:
    """Where ``line`` (starting at byte ``at``) is after ``edits``, or None if they replace it."""
    for edit in edits:
        if edit.end <= at:
            line += edit.text.count("\n") - data.count(b"\n", edit.start, edit.end)
        elif edit.start <= at:
            return None
    return line
