"""The local store keeps papers and answered queries across processes."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from bibtool.errors import StoreError
from bibtool.store import Store
from bibtool.store.core import _enable_wal, store_name
from tests.support.helpers import paper


def test_papers_and_queries_survive_reopening(tmp_path: Path) -> None:
    p = paper("2107.13163")
    with Store.in_dir(tmp_path) as store:
        store.put_papers([p])
        store.put_query("ti:x", [p.arxiv_id], 1)
    with Store.in_dir(tmp_path) as store:
        assert store.get_papers(["2107.13163", "9999.99999"]) == {"2107.13163": p}
        assert store.get_query("ti:x") == ["2107.13163"]
        assert store.get_query("never asked") is None
        assert store.counts() == {"papers": 1, "queries": 1}


def test_store_file_is_private(tmp_path: Path) -> None:
    Store.in_dir(tmp_path / "cache").close()
    mode = stat.S_IMODE(os.stat(tmp_path / "cache" / "store.sqlite3").st_mode)
    assert mode & 0o077 == 0
    assert stat.S_IMODE(os.stat(tmp_path / "cache").st_mode) & 0o077 == 0


def test_paper_with_affiliations_and_dates_round_trips(tmp_path: Path) -> None:
    from dataclasses import replace

    from bibtool.model import Author

    p = replace(paper("2410.21276"), authors=(Author("A B", ("MIT", "CMU")),), doi="10.1/x")
    with Store.in_dir(tmp_path) as store:
        store.put_papers([p])
        assert store.get_papers([p.arxiv_id])[p.arxiv_id] == p


def test_wal_files_are_private_too(tmp_path: Path) -> None:
    with Store.in_dir(tmp_path) as store:
        store.put_papers([paper("2107.13163")])
        for name in ("store.sqlite3", "store.sqlite3-wal", "store.sqlite3-shm"):
            assert stat.S_IMODE(os.stat(tmp_path / name).st_mode) & 0o077 == 0, name


def test_full_text_index_finds_a_title_despite_case_and_a_typo(tmp_path: Path) -> None:
    from tests.support.helpers import papers_by_id

    with Store.in_dir(tmp_path) as store:
        store.put_papers(papers_by_id().values())
        exact = store.candidates(title="statistically meaningful approximation: a case study")
        typo = store.candidates(title="Statisticaly Meaningful Approximation Turing Machines")
        by_abstract = store.candidates(abstract=paper("1610.04756").abstract[:400])
    assert exact[0].arxiv_id == "2107.13163"
    assert "2107.13163" in [p.arxiv_id for p in typo]
    assert by_abstract[0].arxiv_id == "1610.04756"


def test_refreshed_paper_is_reindexed_not_duplicated(tmp_path: Path) -> None:
    from dataclasses import replace

    old = paper("2107.13163")
    with Store.in_dir(tmp_path) as store:
        store.put_papers([old])
        store.put_papers([replace(old, title="Completely Different Words Here")])
        assert store.candidates(title="statistically meaningful approximation") == []
        assert [p.title for p in store.candidates(title="completely different words")] == [
            "Completely Different Words Here"
        ]


def test_index_query_words_cannot_inject_fts_syntax(tmp_path: Path) -> None:
    with Store.in_dir(tmp_path) as store:
        store.put_papers([paper("2107.13163")])
        for title in ['NEAR("x" y) OR title:*', '"unbalanced', "AND OR NOT", "-- ; DROP TABLE"]:
            store.candidates(title=title)  # no sqlite3.OperationalError


def test_store_written_before_the_index_gets_indexed_on_open(tmp_path: Path) -> None:
    import json
    import sqlite3

    from bibtool.store import paper_to_dict

    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE papers (arxiv_id TEXT PRIMARY KEY, data TEXT NOT NULL, stored_at REAL);"
    )
    db.execute(
        "INSERT INTO papers VALUES (?, ?, 0)",
        ("2107.13163", json.dumps(paper_to_dict(paper("2107.13163")))),
    )
    db.commit()
    db.close()
    with Store(path) as store:
        found = store.candidates(title="Statistically Meaningful Approximation")
    assert [p.arxiv_id for p in found] == ["2107.13163"]


def test_reserved_slots_are_a_delay_apart_across_connections(tmp_path: Path) -> None:
    with Store.in_dir(tmp_path) as a, Store.in_dir(tmp_path) as b:
        slots = [s.reserve_slot("arxiv.org", 100.0, 3.0) for s in (a, b, a, b)]
        assert slots == [100.0, 103.0, 106.0, 109.0]
        assert b.reserve_slot("other.host", 100.0, 3.0) == 100.0  # one clock per host
        assert a.reserve_slot("arxiv.org", 200.0, 3.0) == 200.0  # the past does not hold back


class _BusyOnce:
    """A connection whose journal-mode change is refused as SQLite refuses it to a second
    process converting a new store at the same moment: "database is locked", at once."""

    def __init__(self, refusals: int, message: str = "database is locked") -> None:
        self.refusals, self.message, self.calls = refusals, message, 0

    def execute(self, sql: str) -> None:
        self.calls += 1
        if self.calls <= self.refusals:
            raise sqlite3.OperationalError(self.message)


def test_opening_waits_for_another_process_converting_the_store() -> None:
    db = _BusyOnce(refusals=3)
    _enable_wal(db)  # type: ignore[arg-type]
    assert db.calls == 4


def test_opening_does_not_retry_other_errors() -> None:
    db = _BusyOnce(refusals=1, message="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _enable_wal(db)  # type: ignore[arg-type]
    assert db.calls == 1


def test_a_full_disk_is_one_sentence_and_the_store_stays_usable(tmp_path: Path) -> None:
    # Issue 16: SQLITE_FULL during a commit surfaced as "cannot rollback" (exit 70).
    from tests.support.helpers import papers_by_id

    store = Store.in_dir(tmp_path)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages + 2}")  # a disk with two pages left
    with pytest.raises(StoreError, match="could not write the local store .*full"):
        store.put_papers(list(papers_by_id().values())[:300])
    assert store.counts()["papers"] == 0  # nothing half-written
    store._db.execute("PRAGMA max_page_count = 1073741823")
    assert store.put_papers(list(papers_by_id().values())[:3]) == 3


def test_answers_of_another_server_are_kept_apart_from_arxivs() -> None:
    # Issue 16: a test server's or a mirror's answers were served to later runs against arXiv.
    assert store_name(None) == store_name("https://export.arxiv.org/api/query") == "store.sqlite3"
    assert store_name("http://export.arxiv.org./api/query") == "store.sqlite3"
    assert store_name("http://127.0.0.1:8080/api/query") == "store-127.0.0.1-8080.sqlite3"
    assert store_name("https://mirror.example/api") == "store-mirror.example-443.sqlite3"


def test_a_title_is_found_among_more_near_twins_than_one_query_returns(tmp_path: Path) -> None:
    from dataclasses import replace

    from bibtool.store.textindex import CANDIDATES

    base = paper("2107.13163")
    twins = [
        replace(base, arxiv_id=f"2107.{20000 + n}", title=f"{base.title} and Extra{n} Words{n}")
        for n in range(3 * CANDIDATES)
    ]
    with Store.in_dir(tmp_path) as store:
        store.put_papers([*twins, base])
        store.compact()
        found = store.candidates(title=base.title.lower())
    assert "2107.13163" in [p.arxiv_id for p in found]
    assert len(found) <= 3 * CANDIDATES


def test_a_title_written_in_tex_is_indexed_as_it_reads(tmp_path: Path) -> None:
    from dataclasses import replace

    tex = replace(paper("2107.13163"), title=r"Why an $\textbf{O}$perating $\textbf{S}$ystem of α")
    others = [
        replace(paper("1610.04756"), arxiv_id=f"2101.{10000 + n}", title=f"Operating system {n}")
        for n in range(30)
    ]
    with Store.in_dir(tmp_path) as store:
        store.put_papers([tex, *others])
        found = store.candidates(title="Why an Operating System of alpha")
    assert found[0].arxiv_id == "2107.13163"


def test_common_word_counts_are_kept_and_rare_ones_counted_in_the_index(tmp_path: Path) -> None:
    from dataclasses import replace

    from bibtool.store.textindex import COMMON

    many = [
        replace(paper("1610.04756"), arxiv_id=f"2101.{10000 + n}", title=f"Learning thing{n}")
        for n in range(COMMON + 1)
    ]
    with Store.in_dir(tmp_path) as store:
        store.put_papers(many)
        assert store.word_counts(["learning", "thing7", "absent"]) == {
            "learning": COMMON + 1,
            "thing7": 1,
            "absent": 0,
        }
        store.compact()
        store.put_papers([replace(many[0], arxiv_id="2101.99999")])
        # a kept count may lag behind until the next compact: it only ranks words
        assert store.word_counts(["learning", "thing0"]) == {"learning": COMMON + 1, "thing0": 2}


def test_a_store_of_schema_2_is_upgraded_on_open(tmp_path: Path) -> None:
    import json

    from bibtool.store import paper_to_dict

    path = tmp_path / "store.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE papers (arxiv_id TEXT PRIMARY KEY, data TEXT NOT NULL, stored_at REAL);"
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "INSERT INTO meta VALUES ('schema', '2');"
        "CREATE VIRTUAL TABLE paper_text USING fts5(title, authors, abstract, content='');"
        "CREATE VIRTUAL TABLE paper_words USING fts5vocab(paper_text, 'row');"
    )
    p = paper("2107.13163")
    db.execute("INSERT INTO papers VALUES (?, ?, 7)", (p.arxiv_id, json.dumps(paper_to_dict(p))))
    db.commit()
    db.close()
    with Store(path) as store:
        assert [x.arxiv_id for x in store.candidates(title=p.title)] == [p.arxiv_id]
        assert store.get_papers([p.arxiv_id]) == {p.arxiv_id: p}
        store.put_papers([p])  # refreshed: unindexed and indexed again
        assert [x.arxiv_id for x in store.candidates(title=p.title)] == [p.arxiv_id]
    db = sqlite3.connect(path)
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert "paper_text" not in tables
    assert isinstance(db.execute("SELECT data FROM papers").fetchone()[0], bytes)
    db.close()


def test_a_bulk_import_leaves_the_indexes_with_sqlites_own_settings(tmp_path: Path) -> None:
    """An import holds the indexes' merges back (``prepare_bulk``); ``compact`` merges them and
    sets SQLite's defaults back, so later answers are merged as they come."""
    with Store.in_dir(tmp_path) as store:
        store.prepare_bulk()
        papers = [paper("2107.13163"), paper("1712.03950")]
        for p in papers:  # a transaction each: segments left unmerged
            store.put_papers([p])
        store.compact()
        for p in papers:
            assert p.arxiv_id in [c.arxiv_id for c in store.candidates(title=p.title)]
    db = sqlite3.connect(tmp_path / "store.sqlite3")
    for field in ("title", "abstract"):
        config = dict(db.execute(f"SELECT k, v FROM {field}_index_config").fetchall())
        assert (config["automerge"], config["crisismerge"], config["hashsize"]) == (4, 16, 2**20)
    db.close()


def test_a_probe_of_the_rarest_words_finds_what_every_word_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index is asked for a title's three rarest words (or two of them), the rest checked
    on the papers found: the same papers as asking the index for every word (or all but one),
    whatever the titles, near-twins holding the rare words but not the rest included; and a
    probe finding too many papers is not read (monkeypatched bound), with the same answer."""
    import dataclasses

    from bibtool.store import core
    from bibtool.store.codec import title_key
    from bibtool.store.textindex import holds, title_queries
    from tests.support.helpers import papers_by_id

    base = paper("2107.13163")  # Statistically Meaningful Approximation: a Case Study on ...
    twins = [
        dataclasses.replace(base, arxiv_id=f"2107.{20000 + n}", title=title)
        for n, title in enumerate([
            "Statistically Meaningful Approximation of Circuits",
            "Statistically Meaningful Approximation: a Case Study",
            "Meaningful Approximation: a Case Study on Turing Machines with Transformers",
            "Statistically Meaningful Approximation: a Case Study on Turing Machines with "
            "Transformers",
        ])
    ]  # fmt: skip
    titles = [p.title for p in papers_by_id().values()] + [t.title for t in twins]
    titles += [t.replace("a", "o", 1) for t in titles[:40]]  # one word damaged
    with Store.in_dir(tmp_path) as store:
        store.put_papers([*papers_by_id().values(), *twins])
        probed = 0
        for title in titles:
            words = frozenset(core.key_words(title))
            for query in title_queries(title, store.word_counts):
                if query.by_bm25 or query.probe is None:
                    continue
                probed += 1
                whole = dataclasses.replace(query, probe=None)
                assert store._closest(query, words) == store._closest(whole, words), title
        assert probed > len(titles)  # both kinds asked for most titles
        title = base.title
        every = title_queries(title, store.word_counts)[0]
        assert every.probe is not None and every.probe.count("AND") == 2
        assert holds(every, title_key(title)) and not holds(every, title_key(twins[0].title))
        found = [p.arxiv_id for p in store._closest(every, frozenset(core.key_words(title)))]
        assert found == ["2107.13163"]
        but_one = title_queries(title, store.word_counts)[1]
        found = [p.arxiv_id for p in store._closest(but_one, frozenset(core.key_words(title)))]
        assert "2107.13163" in found and "2107.20003" in found and "2107.20000" not in found
        monkeypatch.setattr(core, "PROBED", 1)  # every probe finds too many: every word asked
        again = [p.arxiv_id for p in store._closest(but_one, frozenset(core.key_words(title)))]
        assert again == found


def test_stored_papers_are_zstandard_and_older_zlib_rows_still_read() -> None:
    """Papers are written Zstandard-compressed; a store written before keeps zlib-compressed
    rows (and, before schema 3, plain JSON text): each is read back as it was written."""
    import json
    import zlib

    from bibtool.store.codec import decode, encode, paper_from_dict, paper_to_dict

    data = paper_to_dict(paper("2107.13163"))
    stored = encode(data)
    assert stored[:4] == b"\x28\xb5\x2f\xfd" and len(stored) < len(json.dumps(data)) * 0.8
    old = zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 1)
    for form in (stored, old, json.dumps(data)):
        assert decode(form) == data
    assert paper_from_dict(decode(old)) == paper("2107.13163")


def test_venue_records_are_compressed_and_older_json_rows_still_read(tmp_path: Path) -> None:
    """Venue records are written as papers are (``codec.encode``); a store written before
    keeps them as JSON text: such a row is read, found by its words and refreshed in place."""
    import dataclasses
    import json

    from bibtool.jobs.anthology_bib import read_anthology_bib
    from bibtool.store.venues import record_to_dict
    from tests.support.anthology_server import RECORDS

    first, second = list(read_anthology_bib(RECORDS))[:2]
    with Store.in_dir(tmp_path) as store:
        store.put_venues([first, second])
        (data,) = store._db.execute(
            "SELECT data FROM venue_records WHERE key = ?", (first.key,)
        ).fetchone()
        assert isinstance(data, bytes) and data[:4] == b"\x28\xb5\x2f\xfd"
        assert len(data) < len(json.dumps(record_to_dict(first))) * 0.8
        store._db.execute(  # as a store written before kept it
            "UPDATE venue_records SET data = ? WHERE key = ?",
            (json.dumps(record_to_dict(first)), first.key),
        )
        assert store.get_venues([first.key]) == {first.key: first}
        surname = first.authors[0].split()[-1]
        assert first in store.venue_candidates(first.title, surname)
        renamed = dataclasses.replace(first, pages="1--2")
        store.put_venues([renamed])  # the old row is read to take its words out of the index
        assert store.get_venues([first.key]) == {first.key: renamed}
        assert store.venue_candidates(first.title, surname) == [renamed]
