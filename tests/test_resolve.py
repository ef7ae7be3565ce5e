"""The resolver: store first, batched queries, fallbacks only where needed, duplicates collapse."""

from __future__ import annotations

from pathlib import Path

from bibtool.arxiv.client import ArxivClient
from bibtool.listing import parse_listing
from bibtool.model import ListingEntry, ListingForm, MatchStatus
from bibtool.pipeline import render_papers
from bibtool.resolve import TITLE_BATCH, Resolver
from bibtool.store import Store
from tests.arxiv_server import ArxivServer
from tests.helpers import paper, records


def resolver(server: ArxivServer, tmp_path: Path) -> Resolver:
    return Resolver(Store.in_dir(tmp_path), ArxivClient(base_url=server.url, delay=0.0))


def test_titles_are_batched(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    recs = [r for r in records() if r["source"].startswith("LLM paper list")][:30]
    entries = [
        ListingEntry(i + 1, r["title"], ListingForm.TITLES, title=r["title"])
        for i, r in enumerate(recs)
    ]
    matches = resolver(arxiv_server, tmp_path).resolve(entries)
    matched = [m for m in matches if m.status is MatchStatus.MATCHED]
    assert all(
        m.paper and m.paper.arxiv_id == r["id"]
        for m, r in zip(matches, recs, strict=True)
        if m in matched
    )
    assert len(matched) >= 28
    batches = -(-len(entries) // TITLE_BATCH)
    fallbacks = len(arxiv_server.requests) - batches
    assert fallbacks <= len(entries) - len(matched) + 2
    assert all(" OR " in r.params["search_query"] for r in arxiv_server.requests[:batches])


def test_same_paper_listed_twice_renders_once(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    text = "2107.13163\narXiv:2107.13163v2\nhttps://arxiv.org/abs/2107.13163\n"
    listing = parse_listing(text)
    matches = resolver(arxiv_server, tmp_path).resolve(listing.entries)
    assert [m.status for m in matches] == [MatchStatus.MATCHED] * 3
    rendered = render_papers([m.paper for m in matches if m.paper])
    assert len(rendered) == 1 and len(arxiv_server.requests) == 1


def test_offline_resolver_uses_only_the_store(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    title = paper("2107.13163").title
    entries = [ListingEntry(1, title, ListingForm.TITLES, title=title)]
    online = resolver(arxiv_server, tmp_path).resolve(entries)
    offline = Resolver(Store.in_dir(tmp_path), None).resolve(entries)
    assert online[0].paper == offline[0].paper == paper("2107.13163")
    cold = Resolver(Store.in_dir(tmp_path / "empty"), None).resolve(entries)
    assert cold[0].status is MatchStatus.NOT_FOUND


def test_every_match_says_which_query_found_it(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    title = paper("2006.08680").title
    entries = [ListingEntry(1, title, ListingForm.TITLES, title=title),
               ListingEntry(2, "x", ListingForm.IDS, arxiv_id="2107.13163")]  # fmt: skip
    title_match, id_match = resolver(arxiv_server, tmp_path).resolve(entries)
    assert title_match.query and title_match.query.startswith("ti:")
    assert title_match.reason.startswith("accepted: title 1.00")
    assert id_match.query == "id_list"
