"""dedupe on the real-world corpus folds exactly the pairs judged by hand, and no other.

``fixtures/bibs/judged-folds.tsv`` holds every pair of entries that bibtool's dedupe,
``bibtex-tidy --duplicates`` or a loose scan (a shared identifier, or titles 0.85 alike) ever put
together in the corpus, each read by hand: ``same`` work, ``different`` works or ``borderline``
(example files that write one work several ways on purpose), and whether dedupe folds it today.
A fold that appears or disappears fails here; so does folding any pair judged different, or
finding fewer than 98% of the pairs judged the same. Files not copied here (no licence) are read
from ../shared/bibs when it exists.
"""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from bibtool.works.dedupe import plan_dedupe
from tests.support.bibs import FIXTURES, SHARED, corpus, parsed

JUDGED = FIXTURES / "judged-folds.tsv"
RECALL = 0.98


def _rows() -> dict[str, list[dict[str, str]]]:
    by_file: dict[str, list[dict[str, str]]] = defaultdict(list)
    with JUDGED.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            by_file[row["file"]].append(row)
    return by_file


ROWS = _rows()
PATHS = {p.name: p for p in corpus()}


@pytest.mark.parametrize("name", sorted(PATHS), ids=str)
def test_folds_are_the_judged_ones(name: str) -> None:
    plan = plan_dedupe(parsed(PATHS[name]))
    pairs = set(plan.folded_pairs())
    rows = ROWS.get(name, [])
    judged = {frozenset((r["key_a"], r["key_b"])) for r in rows}
    assert not pairs - judged, f"folds nobody judged: {sorted(map(sorted, pairs - judged))}"
    for row in rows:
        a, b = row["key_a"], row["key_b"]
        assert row["verdict"] in ("same", "different", "borderline"), row
        assert not (row["verdict"] == "different" and row["expected"] == "fold"), row
        folded = plan.together(a, b)
        assert folded == (row["expected"] == "fold"), f"{a} / {b}: {row['why']}"


def test_nearly_every_duplicate_judged_the_same_work_is_found() -> None:
    same = [
        r for name, rows in ROWS.items() if name in PATHS for r in rows if r["verdict"] == "same"
    ]
    found = sum(r["expected"] == "fold" for r in same)
    assert same and found / len(same) >= RECALL


def test_the_corpus_is_forty_files_or_more_when_shared_is_here() -> None:
    assert len(PATHS) >= 40 or not SHARED.is_dir()
