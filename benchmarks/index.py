"""Offline resolution at scale: a padded snapshot imported, then 10,000 titles resolved.

    python benchmarks/index.py [--records 100000] [--entries 10000] [--seed 7] [--keep DIR]
                               [--reuse] [--show-ambiguous]

Writes a snapshot file in the OAI/Kaggle format from the real records of fixtures/arxiv,
padded to ``--records`` with generated papers (``benchmarks/padding.py``: reworded and spliced
real titles, and near-duplicates at arXiv-like rates), streamed: memory stays bounded at any
size. Then times ``store import``, compares the store's size on disk with the snapshot's, and
takes ``--entries`` papers of the snapshot at random (re-cased, punctuation dropped, first
author shown) to measure, offline:

- retrieval recall: the paper is among the store's candidates for its title (before any
  decision), and the time that takes;
- the accept rule: matched, wrong (another paper than the one the title was taken from),
  ambiguous (with why: what the runner-up is to the paper), not found; and ms per title.

Figures, not asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from padding import Made, Padding  # noqa: E402

from bibtool.identify.resolver import Resolver  # noqa: E402
from bibtool.jobs.store import import_file  # noqa: E402
from bibtool.model import ListingEntry, ListingForm, Match, MatchStatus  # noqa: E402
from bibtool.store import Store  # noqa: E402


def write_snapshot(
    path: Path, total: int, entries: int, rng: random.Random
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str | None]], Counter[str]]:
    """Stream the snapshot to ``path``; keep a uniform sample of ``entries`` records (reservoir),
    and the kind of every near-duplicate (id -> (kind, base id)) and of the sample."""
    picks: list[dict[str, Any]] = []
    kinds: dict[str, tuple[str, str | None]] = {}
    tally: Counter[str] = Counter()
    with path.open("w", encoding="utf-8") as fh:
        for n, made in enumerate(Padding(rng).generate(total)):
            fh.write(json.dumps(made.record) + "\n")
            tally[made.kind] += 1
            if made.base is not None or made.kind == "real":
                kinds[made.record["id"]] = (made.kind, made.base)
            _sample(picks, made, n, entries, rng)
    return picks, kinds, tally


def _sample(picks: list[dict[str, Any]], made: Made, n: int, size: int, rng: random.Random) -> None:
    if n < size:
        picks.append(dict(made.record, kind=made.kind))
    elif (j := rng.randint(0, n)) < size:
        picks[j] = dict(made.record, kind=made.kind)


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
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: the snapshot and store made before"
    )
    parser.add_argument(
        "--show-ambiguous", action="store_true",
        help="print each ambiguous title with its paper and the runners-up",
    )  # fmt: skip
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        snapshot = work / "snapshot.jsonl"
        began = time.perf_counter()
        out = Path(os.devnull) if args.reuse else snapshot  # the same picks, made again
        picks, kinds, tally = write_snapshot(out, args.records, args.entries, rng)
        size = snapshot.stat().st_size
        print(
            f"snapshot: {sum(tally.values()):,} records, {size / 2**20:.1f} MiB, written in "
            f"{time.perf_counter() - began:.0f} s; "
            + ", ".join(f"{k} {v:,}" for k, v in tally.most_common())
        )
        store = Store.in_dir(work / "cache")
        if not args.reuse:
            began = time.perf_counter()
            result = import_file(store, snapshot)
            seconds = time.perf_counter() - began
            print(
                f"import: {result.imported:,} papers in {seconds:.1f} s "
                f"({result.imported / seconds:,.0f}/s), {result.skipped} skipped"
            )
        info = store.info()
        print(
            f"store: {info.papers:,} papers, {info.bytes / 2**20:.1f} MiB on disk "
            f"({info.bytes / size:.2f}x the snapshot)"
        )
        entries = [listing_entry(n, r, rng) for n, r in enumerate(picks)]
        retrieval(store, entries, picks)
        resolve(store, entries, picks, kinds, show=args.show_ambiguous)
        store.close()


def listing_entry(n: int, r: dict[str, Any], rng: random.Random) -> ListingEntry:
    return ListingEntry(
        n + 1,
        r["title"],
        ListingForm.TITLES,
        title=listing_title(r["title"], rng),
        authors=tuple(f"{a[1]} {a[0]}".strip() for a in r["authors_parsed"][:1]),
        authors_truncated=len(r["authors_parsed"]) > 1,
    )


def retrieval(store: Store, entries: list[ListingEntry], picks: list[dict[str, Any]]) -> None:
    """Is the paper among the candidates the store retrieves for its listed title?"""
    began = time.perf_counter()
    missed = [
        (e.title, r["id"])
        for e, r in zip(entries, picks, strict=True)
        if r["id"] not in {p.arxiv_id for p in store.candidates(title=e.title)}
    ]
    seconds = time.perf_counter() - began
    print(
        f"retrieval: {len(entries) - len(missed):,}/{len(entries):,} papers among their "
        f"candidates ({100 * (1 - len(missed) / len(entries)):.2f}%), "
        f"{1000 * seconds / len(entries):.2f} ms each"
    )
    for title, arxiv_id in missed[:5]:
        print(f"  missed {arxiv_id}: {title}")


def resolve(
    store: Store,
    entries: list[ListingEntry],
    picks: list[dict[str, Any]],
    kinds: dict[str, tuple[str, str | None]],
    *,
    show: bool = False,
) -> None:
    began = time.perf_counter()
    matches = Resolver(store, None).resolve(entries)  # offline: no client, no request possible
    seconds = time.perf_counter() - began
    truth = [r["id"] for r in picks]
    matched = sum(1 for m in matches if m.status is MatchStatus.MATCHED and m.paper)
    wrong = sum(1 for m, t in zip(matches, truth, strict=True) if m.paper and m.paper.arxiv_id != t)
    ambiguous = [
        (m, r) for m, r in zip(matches, picks, strict=True) if m.status is MatchStatus.AMBIGUOUS
    ]
    print(
        f"resolve offline: {len(entries):,} titles in {seconds:.1f} s "
        f"({1000 * seconds / len(entries):.2f} ms each), 0 requests; matched {matched:,} "
        f"({100 * matched / len(entries):.2f}%), wrong {wrong}, ambiguous {len(ambiguous)}, "
        f"not found {len(entries) - matched - len(ambiguous)}"
    )
    why = Counter(_why(m, r, kinds) for m, r in ambiguous)
    for reason, count in why.most_common():
        print(f"  ambiguous {count}: {reason}")
    for match, pick in ambiguous if show else []:
        print(f"  listed: {match.entry.title!r} ({', '.join(match.entry.authors)}), "
              f"from {pick['id']} ({pick['kind']})")  # fmt: skip
        for candidate in match.candidates[:3]:
            paper = candidate.paper
            kind = kinds.get(paper.arxiv_id, ("generated", None))[0]
            print(f"    candidate {paper.arxiv_id} ({kind}): {paper.title!r}")


def _why(match: Match, pick: dict[str, Any], kinds: dict[str, tuple[str, str | None]]) -> str:
    """What the runner-up is to the paper: a near-duplicate of it (or it of the runner-up),
    two near-duplicates of one paper, or a stranger."""
    target = pick["id"]
    others = [c.paper.arxiv_id for c in match.candidates if c.paper.arxiv_id != target]
    if not others:
        return f"{pick['kind']} paper, no runner-up (its own evidence falls short)"
    other = others[0]
    mine, theirs = kinds.get(target, ("", None)), kinds.get(other, ("", None))
    if theirs[1] == target:
        return f"runner-up is its {theirs[0]} near-duplicate"
    if mine[1] == other:
        return f"it is the runner-up's {mine[0]} near-duplicate"
    if mine[1] and mine[1] == theirs[1]:
        return f"it ({mine[0]}) and the runner-up ({theirs[0]}) copy one paper"
    return f"{pick['kind']} paper, runner-up a stranger ({theirs[0] or 'generated'})"


if __name__ == "__main__":
    main()
