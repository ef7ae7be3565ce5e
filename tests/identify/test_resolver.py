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


def test_fallbacks_of_many_entries_share_requests(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    """Works arXiv does not have (fixtures/references, ieeetr) cost a few requests in all, not
    a few each: each fallback round asks for several entries at once.  A title pdftotext
    damaged ("transformerbased") is found by the half of its words the damage spared.  (The
    references are renumbered 1-8.)"""
    text = (
        "[1] N. K. Ahmed and N. Duffield, “Adaptive shrinkage estimation for streaming graphs,” in "
        "Advances in Neural Information Processing Systems 33, 2020.\n"
        "[2] V. A. Morozov, Methods for Solving Incorrectly Posed Problems. Springer, 1984.\n"
        "[3] V. Vapnik, E. Levin, and Y. Le Cun, “Measuring the VC-dimension of a learning "
        "machine,” Neural Computation, vol. 6, no. 5, pp. 851–876, 1994.\n"
        "[4] R. A. Fisher, Statistical Methods for Research Workers. Oliver & Boyd, 1925.\n"
        "[5] Y.-P. Mack and B. W. Silverman, “Weak and strong uniform consistency of kernel "
        "regression estimates,” Zeitschrift für Wahrscheinlichkeitstheorie und verwandte Gebiete, "
        "vol. 61, no. 3, pp. 405–415, 1982.\n"
        "[6] Y. Gu, W. Zhang, C. Fang, J. D. Lee, and T. Zhang, “How to characterize the "
        "landscape of overparameterized convolutional neural networks,” in Advances in Neural "
        "Information Processing Systems 33, 2020.\n"
        "[7] D. K. Biegelsen, R. D. Bringans, J. E. Northrup, M. C. Schabel, and L.-E. Swartz, "
        "“Arsenic termination of the Si(110) surface,” Phys. Rev. B, vol. 47, pp. 9589–9596, "
        "Apr. 1993.\n"
        "[8] L. Chen and A. Rudnicky, “Fine-grained style control in transformerbased "
        "text-to-speech synthesis,” in IEEE International Conference on Acoustics, Speech and "
        "Signal Processing, ICASSP 2022, pp. 7907–7911, IEEE, 2022.\n"
    )
    entries = parse_listing(text).entries
    matches = resolver(arxiv_server, tmp_path).resolve(entries)
    assert [m.status is MatchStatus.MATCHED for m in matches] == [False] * 7 + [True]
    # one batch (asked twice when it comes back empty: arXiv's empty-page quirk), then two
    # rounds of two requests at the most (five entries a request)
    assert len(arxiv_server.requests) <= 6
