"""How a Paper is kept in the store: a compressed JSON document, and the two texts indexed.

A stored paper is zlib-compressed JSON (about half its size as text); stores written before
schema 3 hold plain JSON text, which ``decode`` still reads.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass
from typing import Any

from bibtool.model import Author, Paper
from bibtool.store.textindex import key_words


def paper_to_dict(paper: Paper) -> dict[str, Any]:
    """A JSON-ready dict of a Paper (dates as ISO strings, authors as [name, [affiliations]])."""
    return {
        "id": paper.arxiv_id,
        "version": paper.version,
        "title": paper.title,
        "authors": [[a.name, list(a.affiliations)] for a in paper.authors],
        "abstract": paper.abstract,
        "published": paper.published.isoformat(),
        "updated": paper.updated.isoformat(),
        "primary_category": paper.primary_category,
        "categories": list(paper.categories),
        "doi": paper.doi,
        "journal_ref": paper.journal_ref,
        "comment": paper.comment,
    }


def paper_from_dict(data: dict[str, Any]) -> Paper:
    """The inverse of ``paper_to_dict``."""
    return Paper(
        arxiv_id=data["id"],
        version=int(data["version"]),
        title=data["title"],
        authors=tuple(Author(name, tuple(aff)) for name, aff in data["authors"]),
        abstract=data["abstract"],
        published=dt.date.fromisoformat(data["published"]),
        updated=dt.date.fromisoformat(data["updated"]),
        primary_category=data["primary_category"],
        categories=tuple(data["categories"]),
        doi=data.get("doi"),
        journal_ref=data.get("journal_ref"),
        comment=data.get("comment"),
    )


@dataclass(frozen=True)
class Stored:
    """A paper as the store writes it: its id, its compressed JSON, and the texts indexed.

    Built apart from the store (an import builds them in another process), written by
    ``Store.put_stored``.
    """

    arxiv_id: str
    data: bytes
    title_key: str  # the title's searchable words (``title_key``), kept to unindex them exactly
    abstract: str


def stored_form(paper: Paper) -> Stored:
    """What the store writes for ``paper``."""
    return stored_from_dict(paper_to_dict(paper))


def stored_from_dict(data: dict[str, Any]) -> Stored:
    """``stored_form`` of a paper given as ``paper_to_dict`` gives it (an import builds that
    straight from a snapshot record: no Paper made and taken apart again for each of millions)."""
    return Stored(data["id"], encode(data), title_key(data["title"]), data["abstract"] or "")


def title_key(title: str) -> str:
    """The words of a title the index holds: bibtool's own folding (TeX read as text, Greek
    spelt out, accents dropped), as the queries fold a listing's title, without stop-words."""
    return " ".join(key_words(title))


def encode(data: dict[str, Any]) -> bytes:
    """The stored form of ``paper_to_dict``'s dict: compact JSON, zlib-compressed."""
    text = json.dumps(data, separators=(",", ":")).encode()
    return zlib.compress(text, 1)  # level 1: 2% larger than 6, a quarter faster


def decode(stored: bytes | str) -> dict[str, Any]:
    """The inverse of ``encode``; plain JSON text (a store before schema 3) is read as it is."""
    if isinstance(stored, bytes):
        stored = zlib.decompress(stored)
    result: dict[str, Any] = json.loads(stored)
    return result
