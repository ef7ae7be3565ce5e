"""The local SQLite store: papers by arXiv id and the answers to queries already asked.

Consulted before the network, so a second identical run makes no request. One file in the user
cache directory (platformdirs), created with user-only permissions; every answer is committed
as it arrives so an interrupted run keeps what it learned.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import platformdirs

from bibtool.errors import StoreError
from bibtool.model import Author, Paper

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    arxiv_id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    stored_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS queries (
    query TEXT PRIMARY KEY,
    ids TEXT NOT NULL,
    total INTEGER NOT NULL,
    stored_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


def default_cache_dir() -> Path:
    """Where the store lives unless ``--cache-dir`` or ``BIBTOOL_CACHE_DIR`` says otherwise."""
    return Path(platformdirs.user_cache_dir("bibtool", appauthor=False))


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


class Store:
    """Papers and answered queries in one SQLite file; ``Store(":memory:")`` for tests."""

    def __init__(self, path: Path | str, *, clock: Any = time.time) -> None:
        self.path = str(path)
        self._clock = clock
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
                os.close(fd)
            self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"could not open the local store {self.path}: {exc}") from exc

    @classmethod
    def in_dir(cls, cache_dir: Path) -> Store:
        """The store file inside ``cache_dir``."""
        return cls(cache_dir / "store.sqlite3")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put_papers(self, papers: Iterable[Paper]) -> None:
        """Store or refresh papers (the newest answer wins)."""
        now = self._clock()
        rows = [(p.arxiv_id, json.dumps(paper_to_dict(p)), now) for p in papers]
        self._write("INSERT OR REPLACE INTO papers VALUES (?, ?, ?)", rows)

    def get_papers(self, ids: Sequence[str]) -> dict[str, Paper]:
        """The stored papers among ``ids`` (absent ids are simply missing from the result)."""
        found: dict[str, Paper] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT data FROM papers WHERE arxiv_id IN ({marks})"
            for (data,) in self._db.execute(sql, chunk):
                paper = paper_from_dict(json.loads(data))
                found[paper.arxiv_id] = paper
        return found

    def put_query(self, query: str, ids: Sequence[str], total: int) -> None:
        """Remember which papers (in order) a query returned."""
        row = (query, json.dumps(list(ids)), total, self._clock())
        self._write("INSERT OR REPLACE INTO queries VALUES (?, ?, ?, ?)", [row])

    def get_query(self, query: str) -> list[str] | None:
        """The ids a query returned when it was asked before, or None if it never was."""
        row = self._db.execute("SELECT ids FROM queries WHERE query = ?", (query,)).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def counts(self) -> dict[str, int]:
        """How many papers and queries the store holds."""
        papers = self._db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
        queries = self._db.execute("SELECT COUNT(*) FROM queries").fetchone()[0]
        return {"papers": int(papers), "queries": int(queries)}

    def _write(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise StoreError(f"could not write the local store {self.path}: {exc}") from exc
