"""How a Paper is kept in the store: a JSON document, and the three columns the text index reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bibtool.model import Author, Paper


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


def index_columns(data: dict[str, Any]) -> tuple[str, str, str]:
    """(title, authors, abstract) as the full-text index sees a stored paper.

    The index is contentless, so removing a paper from it means repeating exactly these values:
    they are derived from the stored JSON alone, never from anything that could change.
    """
    authors = "; ".join(str(name) for name, _ in data["authors"])
    return str(data["title"]), authors, str(data["abstract"] or "")
