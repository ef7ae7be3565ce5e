"""Offline resolution at scale: a 100,000-record snapshot imported, then 10,000 titles resolved.

    python benchmarks/index.py [--records 100000] [--entries 10000] [--seed 7] [--keep DIR]

Writes a snapshot file in the OAI/Kaggle format from the real records of fixtures/arxiv/
(records.jsonl with abstracts, titles-10k.jsonl with titles and first authors), padded to
``--records`` with generated papers: titles spliced from two real titles, abstracts and authors
drawn from real ones, ids unique and valid (new-style, numbers above any real one of the month).
Then times ``store import``, reports the store's size on disk, and resolves ``--entries`` titles
(re-cased, punctuation dropped, first author shown) offline against it. Figures, not asserts;
a match is "wrong" when it names another paper than the one the title was taken from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.identify.resolver import Resolver  # noqa: E402
from bibtool.jobs.store import import_file  # noqa: E402
from bibtool.model import ListingEntry, ListingForm, MatchStatus  # noqa: E402
from bibtool.store import Store  # noqa: E402

FIXTURES = ROOT / "fixtures" / "arxiv"


def load(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def snapshot_record(
    arxiv_id: str, title: str, authors: list[str], abstract: str, day: dt.date, cats: str
) -> dict[str, Any]:
    """One line of the OAI/Kaggle snapshot, with its field names and formats."""
    created = format_datetime(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))
    parsed = [[n.split()[-1], " ".join(n.split()[:-1]), ""] for n in authors if n.split()]
    return {
        "id": arxiv_id,
        "submitter": authors[0] if authors else None,
        "authors": ", ".join(authors),
        "title": title,
        "comments": None,
        "journal-ref": None,
        "doi": None,
        "report-no": None,
        "categories": cats,
        "license": None,
        "abstract": "  " + abstract,
        "versions": [{"version": "v1", "created": created}],
        "update_date": day.isoformat(),
        "authors_parsed": parsed,
    }


def generate(total: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """The real records first, then generated ones until ``total``."""
    full, short = load("records.jsonl"), load("titles-10k.jsonl")
    abstracts = [r["abstract"] for r in full if r.get("abstract")]
    names = sorted({n for r in full for n in r["authors"]} | {r["first_author"] for r in short})
    seen: set[str] = set()
    for r in full:
        day = dt.date.fromisoformat((r.get("published") or "2020-01-01")[:10])
        seen.add(r["id"])
        cats = " ".join(r.get("categories") or [r.get("primary_category") or "cs.LG"])
        yield snapshot_record(r["id"], r["title"], r["authors"], r["abstract"] or "", day, cats)
    for r in short:
        if r["id"] in seen:
            continue
        seen.add(r["id"])
        day = dt.date.fromisoformat(r["date"][:10])
        authors = [r["first_author"], *rng.sample(names, 3)]
        yield snapshot_record(r["id"], r["title"], authors, rng.choice(abstracts), day, "cs.CL")
    titles = [r["title"] for r in full + short]
    counter: dict[str, int] = {}
    while len(seen) < total:
        a, b = rng.sample(titles, 2)
        wa, wb = a.split(), b.split()
        title = " ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2 :])
        day = dt.date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        yymm = f"{day.year % 100:02d}{day.month:02d}"
        counter[yymm] = counter.get(yymm, 70000) + 1  # above every real number of the month
        arxiv_id = f"{yymm}.{counter[yymm]:05d}"
        seen.add(arxiv_id)
        authors = rng.sample(names, rng.randint(1, 6))
        yield snapshot_record(arxiv_id, title, authors, rng.choice(abstracts), day, "cs.LG")


def listing_title(title: str, rng: random.Random) -> str:
    """A title as a listing might show it: re-cased, some punctuation gone."""
    text = title.replace(":", "") if rng.random() < 0.5 else title
    return text.lower() if rng.random() < 0.3 else text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="work in this directory and keep the files")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        snapshot = work / "snapshot.jsonl"
        records = list(generate(args.records, rng))
        with snapshot.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in records)
        mib = snapshot.stat().st_size / 2**20
        print(f"snapshot: {len(records):,} records, {mib:.1f} MiB")
        store = Store.in_dir(work / "cache")
        began = time.perf_counter()
        result = import_file(store, snapshot)
        seconds = time.perf_counter() - began
        info = store.info()
        print(
            f"import: {result.imported:,} papers in {seconds:.1f} s "
            f"({result.imported / seconds:,.0f}/s), {result.skipped} skipped; "
            f"store {info.bytes / 2**20:.1f} MiB on disk"
        )
        resolve_titles(store, rng.sample(records, min(args.entries, len(records))), rng)
        store.close()


def resolve_titles(store: Store, picks: list[dict[str, Any]], rng: random.Random) -> None:
    entries = [
        ListingEntry(
            n + 1,
            r["title"],
            ListingForm.TITLES,
            title=listing_title(r["title"], rng),
            authors=tuple(f"{a[1]} {a[0]}".strip() for a in r["authors_parsed"][:1]),
            authors_truncated=len(r["authors_parsed"]) > 1,
        )
        for n, r in enumerate(picks)
    ]
    began = time.perf_counter()
    matches = Resolver(store, None).resolve(entries)  # offline: no client, no request possible
    seconds = time.perf_counter() - began
    truth = [r["id"] for r in picks]
    matched = [m for m in matches if m.status is MatchStatus.MATCHED and m.paper]
    wrong = sum(1 for m, t in zip(matches, truth, strict=True) if m.paper and m.paper.arxiv_id != t)
    ambiguous = sum(1 for m in matches if m.status is MatchStatus.AMBIGUOUS)
    print(
        f"resolve offline: {len(entries):,} titles in {seconds:.1f} s "
        f"({1000 * seconds / len(entries):.2f} ms each), 0 requests; matched {len(matched):,} "
        f"({100 * len(matched) / len(entries):.1f}%), wrong {wrong}, ambiguous {ambiguous}, "
        f"not found {len(entries) - len(matched) - ambiguous}"
    )


if __name__ == "__main__":
    main()
