"""Accuracy and cost of resolving the example listings against the loopback arXiv server.

    python benchmarks/listings.py [LISTING.txt ...]

For each listing with an ``.answers.tsv`` beside it (default: fixtures/listings/*.txt) this
prints entries, matched, wrong matches, ambiguous, not found, recall over the entries that are
on arXiv, HTTP requests on a cold store and on a warm one, and wall time. Figures, not asserts.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.jobs.resolve import resolve_listings  # noqa: E402
from bibtool.jobs.session import Session, Settings  # noqa: E402
from bibtool.listing.files import read_listing  # noqa: E402
from bibtool.model import MatchStatus  # noqa: E402
from tests.support.arxiv_server import ArxivServer, load_records  # noqa: E402


def answers(listing: Path) -> dict[int, str]:
    """Start line -> arXiv id, from the listing's answers file."""
    path = listing.with_suffix(".answers.tsv")
    with path.open(encoding="utf-8") as fh:
        return {int(row["line"]): row["arxiv_id"] for row in csv.DictReader(fh, delimiter="\t")}


def run(listing: Path, server: ArxivServer, cache: Path) -> dict[str, float]:
    truth = answers(listing)
    settings = Settings(api_url=server.url, delay=0.0, cache_dir=cache)
    parsed = read_listing(str(listing))
    figures: dict[str, float] = {}
    for label in ("cold", "warm"):
        began = time.perf_counter()
        with Session(settings) as session:
            result = resolve_listings([parsed], session)
        figures[f"{label}_seconds"] = time.perf_counter() - began
        figures[f"{label}_requests"] = result.requests
    matches = result.matches[0]
    matched = {
        m.entry.line: m.paper.arxiv_id
        for m in matches
        if m.paper and m.status is MatchStatus.MATCHED
    }
    figures["entries"] = len(truth)
    figures["parsed"] = len(matches)
    figures["matched"] = sum(1 for line in matched if line in truth)
    figures["wrong"] = sum(1 for line, i in matched.items() if truth.get(line, i) != i)
    figures["spurious"] = sum(1 for line in matched if line not in truth)
    figures["ambiguous"] = sum(1 for m in matches if m.status is MatchStatus.AMBIGUOUS)
    figures["not_found"] = sum(1 for m in matches if m.status is MatchStatus.NOT_FOUND)
    figures["unread_lines"] = len(parsed.unread)
    correct = figures["matched"] - figures["wrong"]
    figures["recall"] = correct / len(truth) if truth else 1.0
    return figures


def main(argv: list[str]) -> None:
    paths = [Path(a) for a in argv] or sorted((ROOT / "fixtures" / "listings").glob("*.txt"))
    paths = [p for p in paths if p.with_suffix(".answers.tsv").exists()]
    records = load_records(ROOT / "fixtures" / "arxiv" / "records.jsonl")
    with ArxivServer(records) as server, tempfile.TemporaryDirectory() as tmp:
        for i, listing in enumerate(paths):
            f = run(listing, server, Path(tmp) / str(i))
            print(
                f"{listing.name}: {f['entries']:.0f} entries, {f['matched']:.0f} matched, "
                f"{f['wrong']:.0f} wrong, {f['ambiguous']:.0f} ambiguous, "
                f"{f['not_found']:.0f} not found, recall {f['recall']:.1%}; "
                f"requests cold {f['cold_requests']:.0f} "
                f"({f['cold_requests'] / max(f['entries'], 1):.2f}/entry), "
                f"warm {f['warm_requests']:.0f}; "
                f"{f['cold_seconds']:.2f} s cold, {f['warm_seconds']:.2f} s warm"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
