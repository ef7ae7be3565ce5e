"""The local store keeps papers and answered queries across processes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bibtool.store import Store
from tests.helpers import paper


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
