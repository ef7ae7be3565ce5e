"""How bibtool's titles print through real BibTeX, against titles labelled by hand.

    python benchmarks/titles.py [--words] [--split dev|held|held2|held3|held4|all]

Renders the papers of fixtures/titles/labelled.tsv (721 arXiv titles in sentence case as a
copy editor would print them; rules in fixtures/titles/RULES.md) with the bibtex profile, runs
pdflatex + bibtex with plainnat, reads each title back from the .bbl and compares it word by
word with its label (tests/support/titles.py). Prints, for the development part, the four
parts held back from tuning, and all: titles fully right, inherent-case words kept (and of them
the capitalised names), ordinary words over-protected. ``--words`` lists the words that went
wrong. Figures, not asserts (tests/consumers/test_titles.py asserts them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.titles import labels, score_labels  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", action="store_true", help="list the words that went wrong")
    splits = ["dev", "held", "held2", "held3", "held4", "all"]
    parser.add_argument("--split", default="all", choices=splits)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scores = score_labels(labels(), Path(tmp))
    names = (
        ("dev", "development"),
        ("held", "held back"),
        ("held2", "held back, second set"),
        ("held3", "held back, third set"),
        ("held4", "held back, fourth set"),
    )
    for name, title in (*names, ("all", "all")):
        score = scores[name]
        print(f"{title} ({score.titles} titles)")
        for line in score.lines():
            print("  " + line)
    if args.words:
        score = scores[args.split]
        for what, items in (("lost", score.lost), ("over", score.over), ("unread", score.unread)):
            for item in items:
                print(f"{what}\t{item}")


if __name__ == "__main__":
    main()
