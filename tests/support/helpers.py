"""Shared test helpers: real arXiv records from fixtures as ``Paper`` values."""

from __future__ import annotations

import csv
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from bibtool.ids.arxiv import ArxivRef
from bibtool.model import Author, Paper

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
RECORDS = FIXTURES / "arxiv" / "records.jsonl"


def record_published(rec: dict[str, Any]) -> str:
    """The record's first-version date; four records lack one, so the id's month stands in."""
    if rec.get("published"):
        return str(rec["published"])
    year, month = ArxivRef(rec["id"]).yymm
    return f"{year:04d}-{month:02d}-01T00:00:00Z"


def paper_from_record(rec: dict[str, Any]) -> Paper:
    """A Paper from one records.jsonl object (the schema of fixtures/arxiv/records.jsonl)."""
    published = record_published(rec)
    return Paper(
        arxiv_id=rec["id"],
        version=int(str(rec.get("version") or "v1").lstrip("v")),
        title=rec["title"],
        authors=tuple(Author(n) for n in rec["authors"]),
        abstract=rec["abstract"] or "",
        published=dt.date.fromisoformat(published[:10]),
        updated=dt.date.fromisoformat((rec.get("updated") or published)[:10]),
        primary_category=rec["primary_category"] or "",
        categories=tuple(rec.get("categories") or ()),
        doi=rec.get("doi"),
        journal_ref=rec.get("journal_ref"),
        comment=rec.get("comment"),
    )


@lru_cache(maxsize=1)
def records() -> tuple[dict[str, Any], ...]:
    with RECORDS.open(encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


@lru_cache(maxsize=1)
def papers_by_id() -> dict[str, Paper]:
    return {r["id"]: paper_from_record(r) for r in records()}


def paper(arxiv_id: str) -> Paper:
    return papers_by_id()[arxiv_id]


def listing_ids() -> list[str]:
    """Every paper the example listings name (their answer files), in order, once."""
    ids: dict[str, None] = {}
    for path in sorted((FIXTURES / "listings").glob("*.answers.tsv")):
        with path.open(encoding="utf-8") as fh:
            ids.update(dict.fromkeys(r["arxiv_id"] for r in csv.DictReader(fh, delimiter="\t")))
    return list(ids)
