"""Venue records (DBLP, Crossref) in the store: their own table, identifier index and title index.

Kept beside the papers in the same SQLite file, so an imported DBLP dump answers a whole .bib
without a request. A record is found by an identifier it carries (``arxiv:`` for a CoRR record,
``doi:``) or by its first author's surname and its title's words (a venue may change a title's
first word, never most of them).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from bibtool.model import VenueRecord
from bibtool.store.codec import decode, encode
from bibtool.store.sql import rows_in
from bibtool.store.textindex import key_words, match_expression
from bibtool.text.names import surname_key
from bibtool.text.normalise import normalise

VENUE_SCHEMA = """
CREATE TABLE IF NOT EXISTS venue_records (
    key TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    stored_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS venue_ids (
    token TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (token, key)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS venue_text USING fts5(
    title, authors, content='', tokenize='unicode61 remove_diacritics 2'
);
"""
VENUE_CANDIDATES = 30
_UPSERT = (
    "INSERT INTO venue_records VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
    "data = excluded.data, stored_at = excluded.stored_at RETURNING rowid"
)


_FIELDS = tuple(f.name for f in dataclasses.fields(VenueRecord))


def record_to_dict(record: VenueRecord) -> dict[str, Any]:
    """``dataclasses.asdict`` without its deep copy (every field is a string, a number, None or
    a tuple of strings): a tenth of the time, which counts over a dump's records."""
    return {name: getattr(record, name) for name in _FIELDS}


def record_from_dict(data: dict[str, Any]) -> VenueRecord:
    return VenueRecord(**{**data, "authors": tuple(data["authors"])})


def _tokens(record: VenueRecord) -> list[str]:
    tokens = [f"arxiv:{record.arxiv_id}"] if record.arxiv_id else []
    return tokens + ([f"doi:{record.doi.lower()}"] if record.doi else [])


def _surnames(record: VenueRecord) -> str:
    return " ".join(surname_key(a) for a in record.authors)


class VenueTables:
    """The venue half of ``Store`` (mixed in; ``_db`` is the store's connection)."""

    _db: sqlite3.Connection

    def put_venues_now(self, records: Iterable[VenueRecord], now: float) -> int:
        """Store or refresh records, inside the caller's transaction; returns how many."""
        n = 0
        for record in records:
            data = encode(record_to_dict(record))
            old = self._db.execute(
                "SELECT rowid, data FROM venue_records WHERE key = ?", (record.key,)
            ).fetchone()
            if old is not None:
                before = record_from_dict(decode(old[1]))
                self._db.execute(
                    "INSERT INTO venue_text(venue_text, rowid, title, authors) "
                    "VALUES ('delete', ?, ?, ?)",
                    (old[0], normalise(before.title), _surnames(before)),
                )
                self._db.execute("DELETE FROM venue_ids WHERE key = ?", (record.key,))
            (rowid,) = self._db.execute(_UPSERT, (record.key, data, now)).fetchone()
            self._db.execute(
                "INSERT INTO venue_text(rowid, title, authors) VALUES (?, ?, ?)",
                (rowid, normalise(record.title), _surnames(record)),
            )
            for token in _tokens(record):
                self._db.execute(
                    "INSERT OR IGNORE INTO venue_ids VALUES (?, ?)", (token, record.key)
                )
            n += 1
        return n

    def get_venues(self, keys: Sequence[str]) -> dict[str, VenueRecord]:
        """The stored records among ``keys``."""
        found: dict[str, VenueRecord] = {}
        for (data,) in rows_in(self._db, "SELECT data FROM venue_records", "key", keys):
            record = record_from_dict(decode(data))
            found[record.key] = record
        return found

    def venues_by_token(self, token: str) -> list[VenueRecord]:
        """Records carrying an identifier token (``arxiv:2210.17323``, ``doi:10.1/x``)."""
        keys = [
            k for (k,) in self._db.execute("SELECT key FROM venue_ids WHERE token = ?", (token,))
        ]
        return list(self.get_venues(keys).values())

    def venue_candidates(self, title: str, surname: str) -> list[VenueRecord]:
        """Records whose authors include ``surname`` and whose title shares most of ``title``'s
        words (all but one of them, so a renamed first word is found), best first."""
        words = key_words(title)
        name = [w for w in normalise(surname).split() if w]
        if not words or not name:
            return []
        author = f"authors : ({match_expression(name, joiner='AND')})"
        # every word but one: NEAR-free, as an OR of the AND-ed subsets would be too long;
        # an OR ranked by bm25 under the author filter is selective enough.
        text = f"title : ({match_expression(words, joiner='OR')})"
        rows = self._db.execute(
            "SELECT r.data FROM venue_text JOIN venue_records r ON r.rowid = venue_text.rowid "
            "WHERE venue_text MATCH ? ORDER BY venue_text.rank LIMIT ?",
            (f"{author} AND {text}", VENUE_CANDIDATES),
        ).fetchall()
        return [record_from_dict(decode(data)) for (data,) in rows]

    def venue_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM venue_records").fetchone()[0])
