"""Accuracy and cost on references copied out of real PDFs, per bibliography style.

    python benchmarks/references.py [--show] [--dir DIR] [STYLE ...]

Reads fixtures/references/<style>.txt (built by benchmarks/make_references.py: real .bib
entries typeset by real styles through pdflatex, copied out with pdftotext) and resolves each
against the loopback arXiv server, cold store then warm.  Per style it prints: references,
those on arXiv, found (matched to the right paper, by the entry that starts where the
reference starts), wrong (any entry matched to a paper that is not its reference's), declined
(references to works the server does not have, not matched), requests per reference on a cold
store and on a warm one, and fragments (entries that start inside a reference: one reference
cut in several, or page furniture read as an entry).  The .bbl files BibTeX and biber wrote
for two of the styles are scored too (after the total, which counts the PDF text only).
``--show`` lists what was missed.
Figures, not asserts; keep them apart from benchmarks/synthetic.py, whose generated forms are
cleaner than what a PDF gives.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.jobs.resolve import resolve_listings  # noqa: E402
from bibtool.jobs.session import Session, Settings  # noqa: E402
from bibtool.listing.files import read_listing  # noqa: E402
from bibtool.model import Match, MatchStatus  # noqa: E402
from tests.support.arxiv_server import ArxivServer, load_records  # noqa: E402

FIXTURES = ROOT / "fixtures" / "references"
STYLES = ("plainnat", "apalike", "ieeetr", "acl_natbib", "biblatex-authoryear", "biblatex-ieee")
BBLS = ("plainnat.bbl", "biblatex-authoryear.bbl")  # the .bbl files BibTeX and biber wrote


@dataclass
class Figures:
    references: int = 0
    on_arxiv: int = 0
    found: int = 0
    wrong: int = 0
    absent: int = 0
    declined: int = 0
    cold: int = 0
    warm: int = 0
    fragments: int = 0

    def add(self, other: Figures) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, name: str) -> str:
        n = max(self.references, 1)
        return (
            f"| {name} | {self.found}/{self.on_arxiv} ({self.found / max(self.on_arxiv, 1):.1%}) "
            f"| {self.wrong} | {self.declined}/{self.absent} | {self.cold / n:.2f} "
            f"| {self.warm / n:.2f} | {self.fragments} ({self.fragments / n:.1%}) |"
        )


def listing_file(folder: Path, name: str) -> Path:
    """``plainnat`` -> plainnat.txt (the PDF's text); ``plainnat.bbl`` is a file of its own."""
    return folder / (name if name.endswith(".bbl") else f"{name}.txt")


def answers(folder: Path, style: str) -> list[dict[str, str]]:
    with (folder / f"{style}.answers.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def judge(matches: list[Match], truth: list[dict[str, str]], show: bool) -> Figures:
    """Figures for one style's matches against its answers (see the module docstring)."""
    starts = [int(row["line"]) for row in truth]
    own: dict[int, Match] = {}
    f = Figures(references=len(truth))
    f.on_arxiv = sum(1 for row in truth if row["arxiv_id"])
    f.absent = f.references - f.on_arxiv
    hit: set[int] = set()
    for m in matches:
        k = bisect.bisect_right(starts, m.entry.line) - 1
        if k < 0 or starts[k] != m.entry.line:
            f.fragments += 1
            if show:
                print(f"  fragment at line {m.entry.line}: {m.entry.source[:90]!r}")
        else:
            own[k] = m
        if m.status is MatchStatus.MATCHED and m.paper is not None:
            if k >= 0 and truth[k]["arxiv_id"] == m.paper.arxiv_id:
                hit.add(k)
            else:
                f.wrong += 1
                print(f"  WRONG at line {m.entry.line}: {m.paper.arxiv_id} {m.paper.title[:60]!r}"
                      f" for {m.entry.source[:80]!r}")  # fmt: skip
    for k, row in enumerate(truth):
        if row["arxiv_id"]:
            ok = k in hit and k in own
            f.found += ok
            if show and not ok:
                m = own.get(k)
                why = f"{m.status.value}: {m.reason}" if m else "no entry starts here"
                print(f"  missed line {row['line']} ({row['kind']}): {why[:150]}")
                print(f"      {(m.entry.source if m else row['start'])[:150]!r}")
        else:
            f.declined += not any(
                m.status is MatchStatus.MATCHED
                and bisect.bisect_right(starts, m.entry.line) - 1 == k
                for m in matches
            )
    return f


def run(folder: Path, style: str, server: ArxivServer, cache: Path, show: bool) -> Figures:
    settings = Settings(api_url=server.url, delay=0.0, cache_dir=cache)
    parsed = read_listing(str(listing_file(folder, style)))
    requests = []
    for _ in ("cold", "warm"):
        with Session(settings) as session:
            result = resolve_listings([parsed], session)
        requests.append(result.requests)
    f = judge(list(result.matches[0]), answers(folder, style), show)
    f.cold, f.warm = requests
    return f


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", action="store_true", help="list what was missed")
    parser.add_argument("--dir", type=Path, default=FIXTURES, help="a set built elsewhere")
    parser.add_argument("styles", nargs="*", default=[*STYLES, *BBLS])
    args = parser.parse_args(argv)
    records = load_records(ROOT / "fixtures" / "arxiv" / "records.jsonl")
    total = Figures()
    print("| style | found (on arXiv) | wrong | declined (not on arXiv) "
          "| requests/ref cold | warm | fragments |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    with ArxivServer(records) as server, tempfile.TemporaryDirectory() as tmp:
        for style in args.styles:
            if not listing_file(args.dir, style).exists():
                continue
            f = run(args.dir, style, server, Path(tmp) / style, args.show)
            if style in STYLES:
                total.add(f)
            print(f.row(style), flush=True)
    print(total.row("total (PDF text)"))


if __name__ == "__main__":
    main(sys.argv[1:])
