"""How often an author page's title line splits into the right title and author list.

    python benchmarks/splits.py [--show N]

Every record of fixtures/arxiv/records.jsonl is rendered as an author-page title line (title
glued to its first three authors, ``et al.`` when there are more), and every title of
fixtures/arxiv/titles-10k.jsonl glued to its first author and ``et al.``; each line is read back
with :func:`bibtool.listing.byline.read_byline`. Prints how many titles come back exactly and,
with ``--show``, the first N that do not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.listing.byline import read_byline  # noqa: E402

ARXIV = ROOT / "fixtures" / "arxiv"


def lines_of(path: Path) -> list[tuple[str, str]]:
    """(title, title line) for each record of a fixture file."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for raw in fh:
            record = json.loads(raw)
            title = " ".join(record["title"].split())
            if "authors" in record:
                names = record["authors"]
                shown = ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")
            else:
                shown = f"{record['first_author']} et al."
            out.append((title, title + shown))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many wrong splits")
    args = parser.parse_args()
    for name in ("records.jsonl", "titles-10k.jsonl"):
        pairs = lines_of(ARXIV / name)
        wrong = [(t, read_byline(line).title) for t, line in pairs if read_byline(line).title != t]
        right = len(pairs) - len(wrong)
        share = right / len(pairs)
        print(f"{name}: {right:,} of {len(pairs):,} title lines split right ({share:.2%})")
        for want, got in wrong[: args.show]:
            print(f"  want {want!r}\n  got  {got!r}")


if __name__ == "__main__":
    main()
