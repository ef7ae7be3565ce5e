"""The resolver: store first, batched queries, fallbacks only where needed, duplicates collapse."""

from __future__ import annotations

from pathlib import Path

from bibtool.arxiv.client import ArxivClient
from bibtool.identify.resolver import TITLE_BATCH, Resolver
from bibtool.listing import parse_listing
from bibtool.model import ListingEntry, ListingForm, MatchStatus
from bibtool.render.papers import render_papers
from bibtool.store import Store
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import paper, records


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


def _cited(arxiv_id: str, line: int, title: str | None = None) -> ListingEntry:
    title = title or paper(arxiv_id).title
    return ListingEntry(line, title, ListingForm.REFERENCES, title=title, arxiv_id=arxiv_id)


def test_ids_ride_in_the_title_batch_when_it_has_room(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    """A short reference list with titles and ids costs one request, not an id request too."""
    titled = [paper(i) for i in ("2107.13163", "2005.14165")]
    entries = [ListingEntry(n, p.title, ListingForm.TITLES, title=p.title) for n, p in
               enumerate(titled, 1)]  # fmt: skip
    entries += [_cited("1810.04805", 3), _cited("2106.09685", 4)]
    matches = resolver(arxiv_server, tmp_path).resolve(entries)
    assert [m.paper.arxiv_id if m.paper else None for m in matches] == [
        "2107.13163", "2005.14165", "1810.04805", "2106.09685"
    ]  # fmt: skip
    assert len(arxiv_server.requests) == 1
    assert "id_list" not in arxiv_server.requests[0].params
    # A warm run asks nothing.
    warm = resolver(arxiv_server, tmp_path).resolve(entries)
    assert [m.paper for m in warm] == [m.paper for m in matches]
    assert len(arxiv_server.requests) == 1


def test_a_rider_the_search_misses_is_fetched_by_id_and_title_checked(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    first = paper("2107.13163")
    wrong_title = paper("2005.14165").title  # an id with another paper's title: not believed
    entries = [
        ListingEntry(1, first.title, ListingForm.TITLES, title=first.title),
        _cited("1810.04805", 2, title="Qwzxv frobnicated glorps of the unseen kind"),
        _cited("2106.09685", 3, title=wrong_title),
    ]
    matches = resolver(arxiv_server, tmp_path).resolve(entries)
    assert matches[0].status is MatchStatus.MATCHED
    assert matches[1].status is not MatchStatus.MATCHED and matches[1].query == "id_list"
    assert matches[2].status is not MatchStatus.MATCHED
    assert [("id_list" in r.params) for r in arxiv_server.requests] == [False, True]
