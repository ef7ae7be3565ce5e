"""Accuracy on listings of every form, generated from real records, some papers not on arXiv.

    python benchmarks/synthetic.py [--n 200] [--seed 1] [--absent 0.5] [--distractors FILE]
                                   [--forms author-page,titles,...]

Withholds a share of the records (``--absent``, default half) from the loopback server, then for
each form draws ``n`` records and writes them as that form (:mod:`synthetic_forms` says how each
form is varied): author pages, author pages whose titles end in a capital or digit, titles,
abstracts, identifiers, reference strings, Markdown reading lists, and a mixed listing of blocks
of all of these.  Withheld papers must come back declined (ambiguous or not found), never matched.
Per form it prints: entries; matched right; wrong (matched to another paper, or a withheld one);
declined among the papers served and among those withheld; unparsed (an entry the parser did not
produce at its line); extra (an entry read from a line that names no paper, such as a topic
bullet); requests per entry and seconds on a cold store and on a warm one.

Requests on a cold store.  A paper arXiv has is usually settled by its batch query; a paper it
does not have is searched again by fallback queries before it is declined (the fallbacks are
what find perturbed titles); they go in rounds shared by five entries, so requests per entry
still grow with ``--absent``, if slowly: judge the 0.2 / 0.5 per-entry budget with
``--absent 0``.  References copied out of real PDFs are scored by benchmarks/references.py:
the forms generated here are far cleaner than what a PDF gives.
Identifier listings resolve 100 ids a request, whatever the share.

What stays below the bar, and why it is not tuned away:

* references (98.4% at ``--n 1000 --seed 11 --absent 0``, 0 wrong, seeds 1-3 at ``--n 200``
  97.5-99.0%): what is missed comes from records with arXiv's messiest author metadata (given
  name and surname swapped, "C. B. & K. Glazebrook", "for the ILL/ESS/LiU collaboration for the
  development of the B10 detector…", hundreds of names), a title with a full stop inside
  ("…All You Need. A State Of The Art Review…"), a mononym in an APA list ("Sudha, Rao, A. V.
  G., …"); such an item is reported unread (or declined), never guessed.
* author-page-hard: a title that ends in capitals glued to an author list that starts with
  initials or a collaboration ("…at CDF IIA. Abulencia et al.") has no principled split; the
  entry is kept with a wrong author list, and the author veto then declines it.
* titles with maths the generator cannot render as a human would ("$\\tilde G_2$") differ from
  arXiv's by whole words and are declined.
* abstracts, with papers withheld (``--absent 0.5``, larger ``--n``): an abstract-only entry
  whose paper is withheld can be matched to a companion paper whose abstract shares as many word
  pairs as an older version of the same paper does (Part I / Part II, 0.27-0.30; the real
  abstracts listing has a true match at 0.29): text alone cannot tell them apart.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import synthetic_forms as forms  # noqa: E402

from bibtool.jobs.resolve import resolve_listings  # noqa: E402
from bibtool.jobs.session import Session, Settings  # noqa: E402
from bibtool.listing import parse_listing  # noqa: E402
from bibtool.model import Match, MatchStatus  # noqa: E402
from tests.support.arxiv_server import ArxivServer, load_records  # noqa: E402

Record = dict[str, Any]
Maker = Callable[[Sequence[Record]], forms.Generated]


def distractor_records(path: Path, known: set[str]) -> list[Record]:
    """titles-10k rows as minimal records (first author, title, date; no abstract)."""
    import json

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


def makers(rng: random.Random, today: dt.date) -> dict[str, Maker]:
    """Every form's generator, records in, listing out (rng and today bound)."""
    single: dict[str, Maker] = {
        "author-page": lambda recs: forms.author_page(recs, rng, today),
        "titles": lambda recs: forms.title_list(recs, rng),
        "abstracts": lambda recs: forms.abstract_list(recs, rng),
        "ids": lambda recs: forms.id_list(recs, rng),
        "references": lambda recs: forms.references(recs, rng),
        "markdown": lambda recs: forms.markdown(recs, rng),
    }
    return {
        **single,
        "author-page-hard": single["author-page"],  # drawn from titles ending in A-Z or 0-9
        "mixed": functools.partial(forms.mixed, list(single.values()), rng=rng),
    }


def pool_for(form: str, records: list[Record]) -> list[Record]:
    if form == "author-page-hard":
        return [r for r in records if re.search(r"[A-Z0-9)]$", r["title"])]
    return records


def tally(matches: Sequence[Match], truth: dict[int, str], absent: set[str]) -> dict[str, int]:
    """Counts per outcome.  An entry belongs to the truth item it starts in (the last truth line
    at or before its own), so a reference read as two entries is one item, and its second half
    carrying the right id is no wrong match.  Entries before the first item are extra."""
    starts = sorted(truth)
    items: dict[int, list[Match]] = {line: [] for line in starts}
    t = dict.fromkeys(("right", "wrong", "declined", "declined_absent", "unparsed", "extra"), 0)
    for m in matches:
        k = bisect.bisect_right(starts, m.entry.line) - 1
        if k < 0 or m.entry.line != starts[k] and items[starts[k]]:
            t["extra"] += 1  # before any item, or a second entry read from one item
        if k >= 0:
            items[starts[k]].append(m)
        elif m.status is MatchStatus.MATCHED:
            t["wrong"] += 1
            print(f"  WRONG line {m.entry.line} (no paper here): {m.entry.source[:120]!r}")
    for line, truth_id in truth.items():
        got = {m.paper.arxiv_id for m in items[line] if m.status is MatchStatus.MATCHED and m.paper}
        if not items[line]:
            t["unparsed"] += 1
        elif got - {truth_id} or (got and truth_id in absent):
            t["wrong"] += 1
            print(f"  WRONG line {line}: {truth_id} read as {sorted(got)}")
        elif got:
            t["right"] += 1
        else:
            t["declined_absent" if truth_id in absent else "declined"] += 1
    return t


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
    parser.add_argument("--forms", default="", help="comma-separated forms (default: all)")
    parser.add_argument("--verbose", action="store_true", help="print each declined entry")
    parser.add_argument("--dump", type=Path, default=None, help="write each listing into DIR")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    records = load_records(ROOT / "fixtures" / "arxiv" / "records.jsonl")
    absent = {r["id"] for r in records if rng.random() < args.absent}
    served = [r for r in records if r["id"] not in absent]
    if args.distractors:
        served += distractor_records(args.distractors, {r["id"] for r in records})
    today = max(forms.first_date(r) for r in records) + dt.timedelta(days=3)
    generators = makers(rng, today)
    chosen = args.forms.split(",") if args.forms else list(generators)
    with ArxivServer(served) as server, tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            pool = pool_for(name, records)
            generated = generators[name](rng.sample(pool, min(args.n, len(pool))))
            if args.dump:
                args.dump.mkdir(parents=True, exist_ok=True)
                (args.dump / f"{name}.txt").write_text(generated.text, encoding="utf-8")
            listing = parse_listing(generated.text, name=name, today=today)
            settings = Settings(api_url=server.url, delay=0.0, cache_dir=Path(tmp) / name)
            began = time.perf_counter()
            with Session(settings) as session:
                cold = resolve_listings([listing], session)
            seconds = time.perf_counter() - began
            began = time.perf_counter()
            with Session(settings) as session:
                warm = resolve_listings([listing], session)
            warm_seconds = time.perf_counter() - began
            t = tally(cold.matches[0], generated.truth, absent)
            if args.verbose:
                show_declined(cold.matches[0], generated.truth, absent)
            n = len(generated.truth)
            gone = sum(1 for i in generated.truth.values() if i in absent)
            print(
                f"{name}: {n} entries ({n - gone} on arXiv): {t['right']} matched "
                f"({t['right'] / max(n - gone, 1):.1%}), WRONG {t['wrong']}, declined "
                f"{t['declined']} (+{t['declined_absent']} of {gone} not on arXiv), "
                f"unparsed {t['unparsed']}, extra {t['extra']}; requests "
                f"{cold.requests / max(n, 1):.2f}/entry cold ({seconds:.1f} s), "
                f"{warm.requests / max(n, 1):.2f} warm ({warm_seconds:.1f} s)"
            )


def show_declined(matches: Sequence[Match], truth: dict[int, str], absent: set[str]) -> None:
    for m in matches:
        truth_id = truth.get(m.entry.line)
        if truth_id and truth_id not in absent and m.status is not MatchStatus.MATCHED:
            print(f"  declined {truth_id} ({m.status.value}: {m.reason[:100]}): "
                  f"{m.entry.source[:150]!r}")  # fmt: skip
    lines = {m.entry.line for m in matches}
    for line, truth_id in truth.items():
        if line not in lines:
            print(f"  unparsed line {line} ({truth_id})")


if __name__ == "__main__":
    main()
