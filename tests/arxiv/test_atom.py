"""Real arXiv Atom answers, both layouts, parse into Papers; broken answers are refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bibtool.arxiv.atom import parse_feed
from bibtool.errors import ArxivBadResponse
from tests.support.helpers import FIXTURES

ATOM = FIXTURES / "arxiv" / "atom"


def read(name: str) -> bytes:
    (path,) = list(ATOM.glob(f"*/{name}*"))
    return Path(path).read_bytes()


def test_new_layout_id_answer() -> None:
    feed = parse_feed(read("id_1605.08386"))
    (p,) = feed.papers
    assert (p.arxiv_id, p.version) == ("1605.08386", 1)
    assert p.title == "Heat-bath random walks with Markov bases"
    assert [a.name for a in p.authors] == ["Caprice Stanley", "Tobias Windisch"]
    assert p.primary_category == "math.CO"
    assert p.categories == ("math.CO", "math.ST")
    assert p.published == dt.date(2016, 5, 26)
    assert p.comment == "20 pages, 3 figures"


def test_classic_layout_unwraps_title_and_abstract() -> None:
    (p,) = parse_feed(read("pubs_id_list_astro-ph_9812133")).papers
    assert p.arxiv_id == "astro-ph/9812133"
    assert "\n" not in p.abstract and "  " not in p.abstract
    assert p.abstract.startswith("We report measurements of the mass density, Omega_M, and cosm")
    assert p.doi and p.journal_ref
    assert len(p.authors) > 20


def test_affiliations_are_read() -> None:
    feed = parse_feed(read("fastapi_helpers_search_query_lmm"))
    assert feed.total_results == 308
    assert any(a.affiliations for p in feed.papers for a in p.authors)


@pytest.mark.parametrize("name", ["id_abc", "pubs_id_list_INVALIDID"])
def test_error_entry_is_reported_not_parsed_as_a_paper(name: str) -> None:
    feed = parse_feed(read(name))
    assert feed.papers == ()
    assert feed.error is not None and "incorrect id format" in feed.error


def test_title_zero_is_a_title() -> None:
    (p,) = parse_feed(read("id_2104.12255v1")).papers
    assert p.title == "0"


def test_empty_results() -> None:
    feed = parse_feed(read("id_0000.0000"))
    assert feed.papers == () and feed.total_results == 0 and feed.error is None


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Maintenance</body></html>",
        b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry>",
        b"<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;'>]><feed>&b;</feed>",
        b"<?xml version='1.0' encoding='x-unknown'?><feed xmlns='http://www.w3.org/2005/Atom'/>",
    ],
)
def test_broken_or_hostile_answers_raise(body: bytes) -> None:
    with pytest.raises(ArxivBadResponse):
        parse_feed(body)


def test_truncated_real_answer_raises() -> None:
    data = read("q_testing_s0_m10_")
    with pytest.raises(ArxivBadResponse):
        parse_feed(data[: len(data) // 2])
