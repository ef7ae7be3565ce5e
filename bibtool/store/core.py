"""The local SQLite store: papers by arXiv id, their full-text index, answered queries, and the
shared clock that keeps every bibtool process on one machine polite to arXiv.

Consulted before the network, so a second identical run makes no request. One file in the user
cache directory (platformdirs), created with user-only permissions; every answer is committed as
it arrives (one transaction per answer), so an interrupted run keeps what it learned.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
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
from urllib.parse import urlsplit

from bibtool.errors import StoreError
from bibtool.model import Paper, VenueRecord
from bibtool.store.codec import Stored, decode, paper_from_dict, stored_form
from bibtool.store.sql import rows_in
from bibtool.store.textindex import (
    CANDIDATES,
    CLOSE,
    COMMON,
    PROBED,
    RANKED,
    Query,
    abstract_queries,
    closeness,
    holds,
    key_words,
    title_queries,
)
from bibtool.store.venues import VENUE_SCHEMA, VenueTables
from bibtool.text.similarity import title_similarity

SCHEMA_VERSION = 3  # 3: compressed papers, one contentless index per text, common word counts
_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS papers (
    arxiv_id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    stored_at REAL NOT NULL,
    title_key TEXT NOT NULL DEFAULT ''
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
CREATE VIRTUAL TABLE IF NOT EXISTS title_index USING fts5(
    title, content='', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS abstract_index USING fts5(
    abstract, content='', tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS title_vocab USING fts5vocab(title_index, 'row');
CREATE VIRTUAL TABLE IF NOT EXISTS abstract_vocab USING fts5vocab(abstract_index, 'row');
CREATE TABLE IF NOT EXISTS common_words (
    field TEXT NOT NULL,
    term TEXT NOT NULL,
    docs INTEGER NOT NULL,
    PRIMARY KEY (field, term)
) WITHOUT ROWID;
"""
    + VENUE_SCHEMA
)
_FIELDS = ("title", "abstract")  # each has its index (FIELD_index) and vocabulary (FIELD_vocab)
_INSERT = "INSERT INTO papers(rowid, arxiv_id, data, stored_at, title_key) VALUES (?, ?, ?, ?, ?)"
_UPDATE = "UPDATE papers SET data = ?, stored_at = ?, title_key = ? WHERE rowid = ?"
_INDEX = {f: f"INSERT INTO {f}_index(rowid, {f}) VALUES (?, ?)" for f in _FIELDS}
_UNINDEX = {
    f: f"INSERT INTO {f}_index({f}_index, rowid, {f}) VALUES ('delete', ?, ?)" for f in _FIELDS
}
BULK_MERGE = 64  # segments of one level an index holds during an import before merging them
BULK_HASH = 32 * 2**20  # bytes of pending words an index holds during an import
_FTS_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 2**20}  # SQLite's own
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
            self._upgrade()
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

    def put_papers(self, papers: Iterable[Paper], *, mark: tuple[str, str] | None = None) -> int:
        """Store or refresh papers (the newest answer wins), indexed; returns how many.

        ``mark`` (a name and a value) is noted in the same transaction: an import notes how far
        it read, so an interrupted one knows where to go on (see ``note``).
        """
        return self.put_stored([stored_form(p) for p in papers], mark=mark)

    def put_stored(self, rows: Sequence[Stored], *, mark: tuple[str, str] | None = None) -> int:
        """``put_papers`` for papers already in their stored form (``codec.stored_form``)."""
        with self._transaction():
            count = self._put(rows)
            if mark is not None:
                self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", mark)
            return count

    def note(self, name: str) -> str | None:
        """A value noted by ``put_papers(mark=...)``, or None."""
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def forget(self, name: str) -> None:
        """Drop a noted value."""
        with self._transaction():
            self._db.execute("DELETE FROM meta WHERE name = ?", (name,))

    def prepare_bulk(self) -> None:
        """Before a bulk import: a page cache large enough for the indexes' merges, commits that
        do not wait for the disk, and the indexes' segments left for ``compact`` to merge.

        ``synchronous = NORMAL`` under WAL loses no consistency, only the last commits on a power
        cut (an import resumes from its last note). An index merges its segments four at a time
        as they are written (``automerge``), rewriting every word's list about log4(segments)
        times; left alone up to ``BULK_MERGE`` segments a level, then merged once by ``optimize``,
        each list is rewritten two or three times at arXiv's size. Each index's pending words
        are held up to ``BULK_HASH`` bytes before they make a segment (1 MiB by default, a few
        segments a chunk of abstracts). ``compact`` sets the defaults back.
        """
        self._db.execute("PRAGMA cache_size = -262144")  # 256 MiB
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._fts_settings(automerge=0, crisismerge=BULK_MERGE, hashsize=BULK_HASH)

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

    def put_venue_export(self, query: str, records: Iterable[VenueRecord]) -> int:
        """A whole export's records (read as they are stored) and ``query`` noted as answered,
        in one transaction: an export that fails to read leaves nothing of it. Returns how
        many."""
        with self._transaction():
            count = self.put_venues_now(records, self._clock())
            self._put_query(query, [], count)
            return count

    def get_papers(self, ids: Sequence[str]) -> dict[str, Paper]:
        """The stored papers among ``ids`` (absent ids are simply missing from the result)."""
        found: dict[str, Paper] = {}
        for (data,) in rows_in(self._db, "SELECT data FROM papers", "arxiv_id", ids):
            paper = paper_from_dict(decode(data))
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
        """Stored papers whose title (or, without a title, abstract) shares the rare words.

        The title's queries are tried in turn (see ``textindex``) until one brings a title
        close to the listing's; what every query tried found is kept.
        """
        if not title:
            queries = abstract_queries(abstract or "", lambda w: self.word_counts(w, "abstract"))
            return next((found for q in queries if (found := self._search("abstract", q))), [])
        pool: dict[str, Paper] = {}
        words = frozenset(key_words(title))
        for query in title_queries(title, self.word_counts):
            found = (
                self._search("title", query.expression)
                if query.by_bm25
                else self._closest(query, words)
            )
            pool.update((p.arxiv_id, p) for p in found)
            if any(title_similarity(title, p.title) >= CLOSE for p in pool.values()):
                break
        return list(pool.values())

    def _search(self, field: str, query: str) -> list[Paper]:
        rows = self._db.execute(
            f"SELECT p.data FROM {field}_index JOIN papers p ON p.rowid = {field}_index.rowid "
            f"WHERE {field}_index MATCH ? ORDER BY {field}_index.rank LIMIT ?",
            (query, CANDIDATES),
        ).fetchall()
        return [paper_from_dict(decode(data)) for (data,) in rows]

    def _closest(self, query: Query, words: frozenset[str]) -> list[Paper]:
        """The ``CANDIDATES`` papers matching ``query`` whose titles are closest to ``words``,
        ranked on their indexed words alone (bm25 when more than ``RANKED`` match). The index
        is asked for the query's probe when it has one, its matches filtered here."""
        sql = (
            "SELECT p.rowid, p.title_key FROM title_index JOIN papers p "
            "ON p.rowid = title_index.rowid WHERE title_index MATCH ? LIMIT ?"
        )
        rows = None
        if query.probe is not None:
            probed = self._db.execute(sql, (query.probe, PROBED)).fetchall()
            if len(probed) < PROBED:
                rows = [row for row in probed if holds(query, row[1])][:RANKED]
        if rows is None:
            rows = self._db.execute(sql, (query.expression, RANKED)).fetchall()
        if len(rows) >= RANKED:
            return self._search("title", query.expression)
        best = heapq.nsmallest(CANDIDATES, rows, key=lambda row: closeness(words, row[1]))
        marks = ",".join("?" * len(best))
        sql = f"SELECT data FROM papers WHERE rowid IN ({marks})"
        return [paper_from_dict(decode(d)) for (d,) in self._db.execute(sql, [r[0] for r in best])]

    def word_counts(self, words: Sequence[str], field: str = "title") -> Mapping[str, int]:
        """How many stored papers hold each word in their title (or abstract).

        The counts of common words are kept at the end of an import (``compact``): counting
        them in the index means reading their whole list of papers, which grows with the
        store. A word not kept is rare (or new) and is counted in the index, cheaply.
        """
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        sql = f"SELECT term, docs FROM common_words WHERE field = ? AND term IN ({marks})"
        found = dict(self._db.execute(sql, [field, *words]).fetchall())
        for word in words:
            if word not in found:
                row = self._db.execute(
                    f"SELECT doc FROM {field}_vocab WHERE term = ?", (word,)
                ).fetchone()
                found[word] = int(row[0]) if row else 0
        return found

    def compact(self) -> None:
        """After a bulk import: count the common words, merge the indexes' segments, and fold
        the WAL into the file."""
        self._fts_settings(**_FTS_DEFAULTS)
        with self._transaction():
            self._db.execute("DELETE FROM common_words")
            for field in _FIELDS:
                self._db.execute(
                    f"INSERT INTO common_words SELECT ?, term, doc FROM {field}_vocab "
                    "WHERE doc >= ?",
                    (field, COMMON),
                )
                self._db.execute(f"INSERT INTO {field}_index({field}_index) VALUES ('optimize')")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _fts_settings(self, **values: int) -> None:
        """Set FTS5 options (kept in each index's config table) on both indexes."""
        with self._transaction():
            for field, (name, value) in itertools.product(_FIELDS, values.items()):
                self._db.execute(
                    f"INSERT INTO {field}_index({field}_index, rank) VALUES (?, ?)", (name, value)
                )

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

    def _put(self, papers: Iterable[Paper] | Sequence[Stored]) -> int:
        rows = {
            r.arxiv_id: r for r in (p if isinstance(p, Stored) else stored_form(p) for p in papers)
        }
        old = self._stored(list(rows))
        now = self._clock()
        self._db.executemany(_UNINDEX["title"], [(rowid, key) for rowid, key, _ in old.values()])
        self._db.executemany(  # an empty abstract was never indexed
            _UNINDEX["abstract"], [(rowid, a) for rowid, _, a in old.values() if a]
        )
        self._db.executemany(
            _UPDATE,
            [(rows[i].data, now, rows[i].title_key, rowid) for i, (rowid, _, _) in old.items()],
        )
        (last,) = self._db.execute("SELECT coalesce(max(rowid), 0) FROM papers").fetchone()
        new = [i for i in rows if i not in old]
        rowids = {i: rowid for i, (rowid, _, _) in old.items()}
        rowids.update((i, last + n) for n, i in enumerate(new, start=1))
        self._db.executemany(
            _INSERT, [(rowids[i], i, rows[i].data, now, rows[i].title_key) for i in new]
        )
        self._db.executemany(_INDEX["title"], [(rowids[i], r.title_key) for i, r in rows.items()])
        self._db.executemany(
            _INDEX["abstract"], [(rowids[i], r.abstract) for i, r in rows.items() if r.abstract]
        )
        return len(rows)

    def _stored(self, ids: Sequence[str]) -> dict[str, tuple[int, str, str]]:
        """(rowid, indexed title words, abstract) of the stored papers among ``ids``."""
        found: dict[str, tuple[int, str, str]] = {}
        select = "SELECT arxiv_id, rowid, title_key, data FROM papers"
        for arxiv_id, rowid, key, data in rows_in(self._db, select, "arxiv_id", ids):
            found[arxiv_id] = (rowid, key, str(decode(data)["abstract"] or ""))
        return found

    def _put_query(self, query: str, ids: Sequence[str], total: int) -> None:
        row = (query, json.dumps(list(ids)), total, self._clock())
        self._db.execute("INSERT OR REPLACE INTO queries VALUES (?, ?, ?, ?)", row)

    def _upgrade(self) -> None:
        """Bring a store of an older schema to this one, once, keeping its papers.

        Schema 1 had no index; schema 2 kept plain JSON and one index of title, authors and
        abstract together. Their papers are compressed and indexed anew (a minute for a store
        of hundreds of thousands of papers), and the common words counted.
        """
        with self._transaction():
            row = self._db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is not None and int(row[0]) >= SCHEMA_VERSION:
                return
            self._db.execute("DROP TABLE IF EXISTS paper_words")
            self._db.execute("DROP TABLE IF EXISTS paper_text")
            columns = [c[1] for c in self._db.execute("PRAGMA table_info(papers)")]
            if "title_key" not in columns:
                self._db.execute("ALTER TABLE papers ADD COLUMN title_key TEXT NOT NULL DEFAULT ''")
            found = last = 0
            sql = "SELECT rowid, data FROM papers WHERE rowid > ? ORDER BY rowid LIMIT 1000"
            while rows := self._db.execute(sql, (last,)).fetchall():
                for rowid, data in rows:
                    paper = stored_form(paper_from_dict(decode(data)))
                    self._db.execute(
                        "UPDATE papers SET data = ?, title_key = ? WHERE rowid = ?",
                        (paper.data, paper.title_key, rowid),
                    )
                    self._db.execute(_INDEX["title"], (rowid, paper.title_key))
                    if paper.abstract:
                        self._db.execute(_INDEX["abstract"], (rowid, paper.abstract))
                found, last = found + len(rows), rows[-1][0]
            self._db.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
            )
        if found:
            self.compact()
