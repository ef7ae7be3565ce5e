"""SQL the store's tables share: rows looked up by a list of keys, in bounded chunks.

for arxiv_id, data in rows_in(db, "SELECT arxiv_id, data FROM papers", "arxiv_id", ids):
    ...
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

CHUNK = 500  # keys per statement: under SQLite's limit on bound parameters (999 in old builds)


def rows_in(db: sqlite3.Connection, select: str, column: str, keys: Sequence[str]) -> Iterator[Any]:
    """The rows of ``select`` whose ``column`` is one of ``keys`` (absent keys give none)."""
    for start in range(0, len(keys), CHUNK):
        chunk = list(keys[start : start + CHUNK])
        marks = ",".join("?" * len(chunk))
        yield from db.execute(f"{select} WHERE {column} IN ({marks})", chunk)
