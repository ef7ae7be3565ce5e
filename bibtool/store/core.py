"""The local SQLite store: papers by arXiv id, their full-text index, answered queries, and the
shared clock that keeps every bibtool process on one machine polite to arXiv.

Consulted before the network, so a second identical run makes no request. One file in the user
cache directory (platformdirs), created with user-only permissions; every answer is committed as
it arrives (one transaction per answer), so an interrupted run keeps what it learned.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bibtool.errors import StoreError
from bibtool.model import Paper, VenueRecord
from bibtool.store.codec import index_columns, paper_from_dict, paper_to_dict
from bibtool.store.textindex import CANDIDATES, abstract_queries, title_queries
from bibtool.store.venues import VENUE_SCHEMA, VenueTables

SCHEMA_VERSION = 2
_SCHEMA = (
    """
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
CREATE VIRTUAL TABLE IF NOT EXISTS paper_text USING fts5(
    title, authors, abstract, content='', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS paper_words USING fts5vocab(paper_text, 'row');
"""
    + VENUE_SCHEMA
)
_UPSERT = (
    "INSERT INTO papers VALUES (?, ?, ?) ON CONFLICT(arxiv_id) DO UPDATE SET "
    "data = excluded.data, stored_at = excluded.stored_at RETURNING rowid"
)
_INDEX = "INSERT INTO paper_text(rowid, title, authors, abstract) VALUES (?, ?, ?, ?)"
_UNINDEX = (
    "INSERT INTO paper_text(paper_text, rowid, title, authors, abstract) "
    "VALUES ('delete', ?, ?, ?, ?)"
)
OPEN_TIMEOUT = 30.0  # seconds to wait for another process holding the store's lock
_STALE_SLOT = 3600.0  # a reserved slot this far ahead can only come from a clock change


def store_name(source: str | None) -> str:
    """``store.sqlite3`` for arXiv (or no source), ``store-HOST-PORT.sqlite3`` for others."""
    if source is None:
        return "store.sqlite3"
    parts = urlsplit(source)
    host = (parts.hostname or "").rstrip(".").lower()
    if host == "arxiv.org" or host.endswith(".arxiv.org"):
        return "store.sqlite3"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"store-{re.sub(r'[^a-z0-9.-]', '_', host)}-{port}.sqlite3"


@dataclass(frozen=True)
class StoreInfo:
    """What ``bibtool store info`` shows."""

    path: str
    papers: int
    queries: int
    bytes: int
    sqlite_version: str
    venue_records: int = 0


def _enable_wal(db: sqlite3.Connection) -> None:
    """Switch to write-ahead logging, waiting for a process that is doing the same.

    Two runs opening a new store together: SQLite answers the second one's journal-mode change
    "database is locked" at once, without its busy timeout, while the first converts the file.
    """
    deadline = time.monotonic() + OPEN_TIMEOUT
    pause = 0.005
    while not _try_wal(db, last=time.monotonic() > deadline):
        time.sleep(pause)
        pause = min(2 * pause, 0.25)


def _try_wal(db: sqlite3.Connection, *, last: bool) -> bool:
    """True once the journal mode is set; False when locked (raised on the ``last`` try)."""
    try:
        db.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) or last:
            raise
        return False
    return True


class Store(VenueTables):
    """Papers, venue records and answered queries in one SQLite file; ``Store(":memory:")`` for
    tests."""

    def __init__(self, path: Path | str, *, clock: Callable[[], float] = time.time) -> None:
        self.path = str(path)
        self._clock = clock
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
                os.close(fd)
            self._db = sqlite3.connect(self.path, timeout=OPEN_TIMEOUT, isolation_level=None)
            _enable_wal(self._db)
            self._db.executescript(_SCHEMA)
            self._index_unindexed()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"could not open the local store {self.path}: {exc}") from exc

    @classmethod
    def in_dir(cls, cache_dir: Path | str, *, source: str | None = None) -> Store:
        """The store file inside ``cache_dir`` for the answers of ``source`` (an API URL).

        arXiv's own hosts share ``store.sqlite3``; any other server (a mirror, a test server)
        gets a file of its own, so its answers are never served to a run against arXiv.
        """
        return cls(Path(cache_dir) / store_name(source))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- papers and answers --------------------------------------------------------------------

    def put_papers(self, papers: Iterable[Paper]) -> int:
        """Store or refresh papers (the newest answer wins), indexed; returns how many."""
        with self._transaction():
            return self._put(papers)

    def put_answer(self, query: str, papers: Sequence[Paper], total: int) -> None:
        """A query's answer and its papers in one transaction: both kept, or neither."""
        with self._transaction():
            self._put(papers)
            self._put_query(query, [p.arxiv_id for p in papers], total)

    def put_lookup(self, papers: Sequence[Paper], absent: Sequence[str]) -> None:
        """An id lookup's papers and the ids it did not find (as empty queries), in one commit."""
        with self._transaction():
            self._put(papers)
            for query in absent:
                self._put_query(query, [], 0)

    def put_venues(self, records: Iterable[VenueRecord]) -> int:
        """Store or refresh venue records (DBLP, Crossref), indexed; returns how many."""
        with self._transaction():
            return self.put_venues_now(records, self._clock())

    def put_venue_answer(self, query: str, records: Sequence[VenueRecord]) -> None:
        """A venue service's answer to ``query`` and its records, in one transaction."""
        with self._transaction():
            self.put_venues_now(records, self._clock())
            self._put_query(query, [r.key for r in records], len(records))

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
        with self._transaction():
            self._put_query(query, ids, total)

    def get_query(self, query: str) -> list[str] | None:
        """The ids a query returned when it was asked before, or None if it never was."""
        row = self._db.execute("SELECT ids FROM queries WHERE query = ?", (query,)).fetchone()
        return None if row is None else list(json.loads(row[0]))

    # -- the full-text index -------------------------------------------------------------------

    def candidates(self, *, title: str | None = None, abstract: str | None = None) -> list[Paper]:
        """Stored papers whose title (or, without a title, abstract) shares the rare words."""
        if title:
            queries = title_queries(title, self.word_counts)
        else:
            queries = abstract_queries(abstract or "", self.word_counts)
        for query in queries:
            rows = self._db.execute(
                "SELECT p.data FROM paper_text JOIN papers p ON p.rowid = paper_text.rowid "
                "WHERE paper_text MATCH ? ORDER BY paper_text.rank LIMIT ?",
                (query, CANDIDATES),
            ).fetchall()
            if rows:
                return [paper_from_dict(json.loads(data)) for (data,) in rows]
        return []

    def word_counts(self, words: Sequence[str]) -> Mapping[str, int]:
        """How many stored papers contain each word (in any column)."""
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        sql = f"SELECT term, doc FROM paper_words WHERE term IN ({marks})"
        return dict(self._db.execute(sql, list(words)).fetchall())

    def compact(self) -> None:
        """After a bulk import: merge the index's segments and fold the WAL into the file."""
        with self._transaction():
            self._db.execute("INSERT INTO paper_text(paper_text) VALUES ('optimize')")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- the shared rate-limit clock -----------------------------------------------------------

    def reserve_slot(self, key: str, earliest: float, delay: float) -> float:
        """Claim the first start time ≥ ``earliest`` that is ``delay`` after every earlier claim.

        The read and the write happen under one ``BEGIN IMMEDIATE`` transaction, so processes
        sharing the file are served one at a time and each gets its own slot; nobody holds the
        lock while waiting for it. Times are wall-clock seconds (they cross processes).
        """
        name = f"next-request:{key}"
        with self._transaction():
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
            last = float(row[0]) if row else -math.inf
            if last - earliest > _STALE_SLOT:
                last = -math.inf
            slot = max(earliest, last + delay)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, repr(slot)))
        return slot

    # -- inspection ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many papers and queries the store holds."""
        papers = self._db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
        queries = self._db.execute("SELECT COUNT(*) FROM queries").fetchone()[0]
        return {"papers": int(papers), "queries": int(queries)}

    def info(self) -> StoreInfo:
        """Counts, and the bytes the store takes on disk (its WAL files included)."""
        counts = self.counts()
        size = 0
        if self.path != ":memory:":
            files = [Path(self.path + suffix) for suffix in ("", "-wal", "-shm")]
            size = sum(f.stat().st_size for f in files if f.exists())
        return StoreInfo(
            self.path, counts["papers"], counts["queries"], size, sqlite3.sqlite_version,
            self.venue_count(),
        )  # fmt: skip

    # -- internals -----------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` … ``COMMIT``; anything raised (Ctrl-C too) rolls back."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"could not write the local store {self.path}: {exc}") from exc
        try:
            yield
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()  # SQLite may have rolled back already (a full disk does)
            raise StoreError(f"could not write the local store {self.path}: {exc}") from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):  # "cannot rollback - no transaction is active"
            self._db.execute("ROLLBACK")

    def _put(self, papers: Iterable[Paper]) -> int:
        rows = {p.arxiv_id: paper_to_dict(p) for p in papers}
        old = self._stored(list(rows))
        now = self._clock()
        for arxiv_id, data in rows.items():
            if arxiv_id in old:
                rowid, old_data = old[arxiv_id]
                self._db.execute(_UNINDEX, (rowid, *index_columns(old_data)))
            (rowid,) = self._db.execute(_UPSERT, (arxiv_id, json.dumps(data), now)).fetchone()
            self._db.execute(_INDEX, (rowid, *index_columns(data)))
        return len(rows)

    def _stored(self, ids: Sequence[str]) -> dict[str, tuple[int, dict[str, Any]]]:
        found: dict[str, tuple[int, dict[str, Any]]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT arxiv_id, rowid, data FROM papers WHERE arxiv_id IN ({marks})"
            for arxiv_id, rowid, data in self._db.execute(sql, chunk):
                found[arxiv_id] = (rowid, json.loads(data))
        return found

    def _put_query(self, query: str, ids: Sequence[str], total: int) -> None:
        row = (query, json.dumps(list(ids)), total, self._clock())
        self._db.execute("INSERT OR REPLACE INTO queries VALUES (?, ?, ?, ?)", row)

    def _index_unindexed(self) -> None:
        """Index the papers of a store written before the index existed (schema 1), once."""
        with self._transaction():
            row = self._db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is not None and int(row[0]) >= SCHEMA_VERSION:
                return
            for rowid, data in self._db.execute("SELECT rowid, data FROM papers").fetchall():
                self._db.execute(_INDEX, (rowid, *index_columns(json.loads(data))))
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
            )
