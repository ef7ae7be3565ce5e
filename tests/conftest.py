"""Shared fixtures: the loopback arXiv server over the fixture records; an offline environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.arxiv_server import ArxivServer, load_records

ARXIV_RECORDS = Path(__file__).resolve().parent.parent / "fixtures" / "arxiv" / "records.jsonl"
UNREACHABLE_API = "http://127.0.0.1:9/api/query"  # the discard port: refused at once
UNREACHABLE_DBLP = "http://127.0.0.1:9/search/publ/api"
UNREACHABLE_CROSSREF = "http://127.0.0.1:9/works"
UNREACHABLE_ANTHOLOGY = "http://127.0.0.1:9"


@pytest.fixture(autouse=True)
def _offline_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches arXiv or the user's cache by accident; pass ``arxiv_server.url`` instead."""
    monkeypatch.setenv("BIBTOOL_CACHE_DIR", str(tmp_path / "bibtool-cache"))
    monkeypatch.setenv("BIBTOOL_API_URL", UNREACHABLE_API)
    monkeypatch.setenv("BIBTOOL_DBLP_URL", UNREACHABLE_DBLP)
    monkeypatch.setenv("BIBTOOL_CROSSREF_URL", UNREACHABLE_CROSSREF)
    monkeypatch.setenv("BIBTOOL_ANTHOLOGY_URL", UNREACHABLE_ANTHOLOGY)


@pytest.fixture(scope="session")
def arxiv_records() -> list[dict[str, Any]]:
    """The records of fixtures/arxiv/records.jsonl, as dicts."""
    return load_records(ARXIV_RECORDS)


@pytest.fixture(scope="session")
def arxiv_server_session(arxiv_records: list[dict[str, Any]]) -> Iterator[ArxivServer]:
    """One loopback arXiv server (new Atom layout) for the whole session."""
    with ArxivServer(arxiv_records) as server:
        yield server


@pytest.fixture
def arxiv_server(arxiv_server_session: ArxivServer) -> Iterator[ArxivServer]:
    """The session server with an empty request log and no pending faults."""
    arxiv_server_session.reset()
    yield arxiv_server_session
    arxiv_server_session.reset()


@pytest.fixture(scope="session")
def _classic_arxiv_server_session(arxiv_server_session: ArxivServer) -> Iterator[ArxivServer]:
    with arxiv_server_session.twin(layout="classic") as server:
        yield server


@pytest.fixture
def classic_arxiv_server(_classic_arxiv_server_session: ArxivServer) -> Iterator[ArxivServer]:
    """A second server answering in the classic (pre-2025) Atom layout, freshly reset."""
    _classic_arxiv_server_session.reset()
    yield _classic_arxiv_server_session
    _classic_arxiv_server_session.reset()
