"""Accuracy on listings generated from real records, including papers arXiv does not have.

    python benchmarks/synthetic.py [--n 200] [--seed 1]

Draws ``n`` records from fixtures/arxiv/records.jsonl, writes them as an author page, a title
list and an abstract list (titles re-cased and stripped of punctuation, author lists cut to
three with "et al."), and serves only some of them (``--absent``, default half): the others must
come back as not found or ambiguous, never as a match. Prints matched / wrong / declined and
requests per entry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.listing import parse_listing  # noqa: E402
from bibtool.model import MatchStatus  # noqa: E402
from bibtool.pipeline import Session, Settings, resolve_listings  # noqa: E402
from tests.arxiv_server import ArxivServer, load_records  # noqa: E402
from tests.helpers import record_published  # noqa: E402

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def author_page(recs: list[dict[str, Any]], rng: random.Random) -> tuple[str, list[str]]:
    lines: list[str] = []
    ids: list[str] = []
    for rec in recs:
        day = dt.date.fromisoformat(record_published(rec)[:10])
        suffix = rec["primary_category"].split(".")[-1].upper()[:2]
        score = f"{rng.uniform(50, 99):.1f}" if rng.random() < 0.3 else ""
        lines.append(f"{score}{suffix}{MONTHS[day.month - 1]} {day.day}, {day.year}")
        names = [n for n in rec["authors"] if n.strip(" :")]
        shown = ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")
        lines.append(f"{rec['title']}{shown}")
        lines.append(rec["abstract"])
        ids.append(rec["id"])
    return "\n".join(lines) + "\n", ids


def title_list(recs: list[dict[str, Any]], rng: random.Random) -> tuple[str, list[str]]:
    out = []
    for rec in recs:
        title = rec["title"]
        if rng.random() < 0.5:
            title = title.lower()
        if rng.random() < 0.5:
            title = title.replace(":", "").replace(",", "")
        out.append(title)
    return "\n".join(out) + "\n", [r["id"] for r in recs]


def abstract_list(recs: list[dict[str, Any]], rng: random.Random) -> tuple[str, list[str]]:
    lines = ["Someone"]
    for rec in recs:
        words = rec["abstract"].split()
        if rng.random() < 0.5 and len(words) > 40:  # another "version": a sentence dropped
            cut = rng.randrange(10, len(words) - 20)
            words = words[:cut] + words[cut + 15 :]
        lines.append("Abstract:" + " ".join(words))
    return "\n".join(lines) + "\n", [r["id"] for r in recs]


def distractor_records(path: Path, known: set[str]) -> list[dict[str, Any]]:
    """titles-10k rows as minimal records (first author, title, date; no abstract)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] in known:
                continue
            out.append(
                {"id": row["id"], "version": "v1", "title": row["title"],
                 "authors": [row["first_author"]], "abstract": "",
                 "published": f"{row['date']}T00:00:00Z", "updated": f"{row['date']}T00:00:00Z",
                 "primary_category": "cs.CL", "categories": ["cs.CL"], "doi": None,
                 "journal_ref": None, "comment": None}
            )  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--absent", type=float, default=0.5, help="share not served")
    parser.add_argument(
        "--distractors",
        type=Path,
        default=None,
        help="titles-10k.jsonl: serve its 10k titles too (near-duplicates, a bigger store)",
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = load_records(ROOT / "fixtures" / "arxiv" / "records.jsonl")
    chosen = rng.sample(records, args.n)
    absent = {r["id"] for r in chosen[: int(args.n * args.absent)]}
    served = [r for r in records if r["id"] not in absent]
    if args.distractors:
        served += distractor_records(args.distractors, {r["id"] for r in records})
    with ArxivServer(served) as server, tempfile.TemporaryDirectory() as tmp:
        for name, make in (("author-page", author_page), ("titles", title_list),
                           ("abstracts", abstract_list)):  # fmt: skip
            text, ids = make(chosen, rng)
            listing = parse_listing(text, name=name)
            settings = Settings(api_url=server.url, delay=0.0, cache_dir=Path(tmp) / name)
            began = time.perf_counter()
            with Session(settings) as session:
                result = resolve_listings([listing], session)
            seconds = time.perf_counter() - began
            began = time.perf_counter()
            with Session(settings) as session:
                warm = resolve_listings([listing], session)
            warm_seconds = time.perf_counter() - began
            matches = result.matches[0]
            wrong = right = declined_present = declined_absent = 0
            for m, truth in zip(matches, ids, strict=False):
                got = m.paper.arxiv_id if m.status is MatchStatus.MATCHED and m.paper else None
                if got is None:
                    declined_absent += truth in absent
                    declined_present += truth not in absent
                elif got == truth and truth not in absent:
                    right += 1
                else:
                    wrong += 1
            present = max(args.n - len(absent), 1)
            print(
                f"{name}: {len(matches)}/{args.n} parsed; on arXiv {present}: {right} matched "
                f"({right / present:.1%}), {declined_present} declined; not on arXiv "
                f"{len(absent)}: {declined_absent} declined; WRONG {wrong}; "
                f"{result.requests} requests ({result.requests / args.n:.2f}/entry), "
                f"{seconds:.1f} s; warm store: {warm.requests} requests, {warm_seconds:.1f} s"
            )


if __name__ == "__main__":
    main()
