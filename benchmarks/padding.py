"""Papers that look like arXiv's, to pad a benchmark store: kinds, rates and near-duplicates.

The real records of fixtures/arxiv come first (records.jsonl with abstracts, titles-10k.jsonl
with titles and first authors); then generated papers, streamed (nothing but the real records
and a window of recent papers is held), of these kinds:

- reworded: a real title with a third to a half of its content words drawn again from the
  words of all real titles (by frequency), authors and their number drawn from real lists;
- spliced: the first half of one real title and the second half of another (adversarial:
  every real title's halves recur in many such papers);
- near-duplicates of a recent paper, at rates of the order arXiv shows: the next part of a
  series ("Part II"), an extended or supplementary version, an erratum / comment / reply,
  a renamed resubmission by the same authors (one word changed, dropped or added), and the
  same title by other authors.

Each generated paper has a unique, valid new-style id (numbers above any real one of its month).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv"

# Shares of the generated papers (the rest are reworded real titles).
SPLICED = 0.25
NEAR = {"series": 0.010, "version": 0.004, "erratum": 0.005, "renamed": 0.002, "same-title": 0.005}
WINDOW = 5000  # recent papers a near-duplicate may copy
STOP = frozenset("a an the of for in on and or to with by is are via from as at its".split())


@dataclass(frozen=True)
class Made:
    """One snapshot record and what it is: its kind and, for a near-duplicate, whose."""

    record: dict[str, Any]
    kind: str
    base: str | None = None


def load(name: str) -> list[dict[str, Any]]:
    with (FIXTURES / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def snapshot_record(
    arxiv_id: str, title: str, authors: list[str], abstract: str, day: dt.date, cats: str
) -> dict[str, Any]:
    """One line of the OAI/Kaggle snapshot, with its field names and formats."""
    created = _created(day)
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


@functools.lru_cache(maxsize=8192)
def _created(day: dt.date) -> str:
    return format_datetime(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))


class Padding:
    """The generator: real records first, then generated ones until ``total``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.full, self.short = load("records.jsonl"), load("titles-10k.jsonl")
        self.abstracts = [r["abstract"] for r in self.full if r.get("abstract")]
        self.names = sorted(
            {n for r in self.full for n in r["authors"]} | {r["first_author"] for r in self.short}
        )
        self.sizes = [len(r["authors"]) for r in self.full if r["authors"]]
        self.titles = [r["title"] for r in self.full + self.short]
        counts = Counter(w for t in self.titles for w in t.split() if w.lower() not in STOP)
        self.vocab, self.weights = list(counts), list(itertools.accumulate(counts.values()))
        self.counter: dict[str, int] = {}
        self.recent: list[Made] = []

    def generate(self, total: int) -> Iterator[Made]:
        seen: set[str] = set()
        for r in self.full:
            day = dt.date.fromisoformat((r.get("published") or "2020-01-01")[:10])
            seen.add(r["id"])
            cats = " ".join(r.get("categories") or [r.get("primary_category") or "cs.LG"])
            rec = snapshot_record(r["id"], r["title"], r["authors"], r["abstract"] or "", day, cats)
            yield self._keep(Made(rec, "real"))
        for r in self.short:
            if r["id"] in seen:
                continue
            seen.add(r["id"])
            day = dt.date.fromisoformat(r["date"][:10])
            authors = [r["first_author"], *self.rng.sample(self.names, 3)]
            abstract = self.rng.choice(self.abstracts)
            yield self._keep(
                Made(snapshot_record(r["id"], r["title"], authors, abstract, day, "cs.CL"), "real")
            )
        made = len(seen)
        while made < total:
            made += 1
            yield self._keep(self._one())

    def _keep(self, made: Made) -> Made:
        if len(self.recent) < WINDOW:
            self.recent.append(made)
        else:
            self.recent[self.rng.randrange(WINDOW)] = made
        return made

    def _one(self) -> Made:
        roll = self.rng.random()
        for kind, share in NEAR.items():
            if roll < share:
                return self._near(kind)
            roll -= share
        if roll < SPLICED:
            a, b = self.rng.sample(self.titles, 2)
            wa, wb = a.split(), b.split()
            return self._new("spliced", " ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2 :]))
        return self._new("reworded", self._reworded(self.rng.choice(self.titles)))

    def _reworded(self, title: str) -> str:
        words = title.split()
        content = [i for i, w in enumerate(words) if w.lower() not in STOP]
        share = self.rng.uniform(0.34, 0.5)
        for i in self.rng.sample(content, max(1, round(share * len(content)))):
            words[i] = self.rng.choices(self.vocab, cum_weights=self.weights)[0]
        return " ".join(words)

    def _new(
        self, kind: str, title: str, authors: list[str] | None = None, base: str | None = None
    ) -> Made:
        rng = self.rng
        day = dt.date(rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28))
        yymm = f"{day.year % 100:02d}{day.month:02d}"
        self.counter[yymm] = self.counter.get(yymm, 70000) + 1  # above every real number
        arxiv_id = f"{yymm}.{self.counter[yymm]:05d}"
        authors = authors or rng.sample(self.names, rng.choice(self.sizes))
        abstract = rng.choice(self.abstracts)
        return Made(snapshot_record(arxiv_id, title, authors, abstract, day, "cs.LG"), kind, base)

    def _near(self, kind: str) -> Made:
        rng = self.rng
        base = rng.choice(self.recent).record
        title, authors = base["title"], [f"{a[1]} {a[0]}".strip() for a in base["authors_parsed"]]
        if kind == "series":
            if re.search(r"\bI$", title):
                title = title[:-1] + "II"
            else:
                title += rng.choice([": Part II", " II", ", Part 2", " (Part II)"])
        elif kind == "version":
            title += rng.choice(
                [" (Extended Version)", ": Extended Version", " 2.0", ": Supplementary Material"]
            )
        elif kind == "erratum":
            title = rng.choice(["Erratum: {}", 'Comment on "{}"', 'Reply to Comment on "{}"',
                                "Corrigendum to {}"]).format(title)  # fmt: skip
            if title.startswith("Comment"):
                authors = rng.sample(self.names, rng.choice(self.sizes))
        elif kind == "renamed":
            words = title.split()
            i = rng.randrange(len(words))
            change = rng.choice(["swap", "drop", "add"]) if len(words) > 3 else "add"
            if change == "swap":
                words[i] = rng.choices(self.vocab, cum_weights=self.weights)[0]
            elif change == "drop":
                del words[i]
            else:
                words.insert(i, rng.choices(self.vocab, cum_weights=self.weights)[0])
            title = " ".join(words)
        else:  # same-title: another group's paper of the same name
            authors = rng.sample(self.names, rng.choice(self.sizes))
        return self._new(kind, title, authors, base["id"])
