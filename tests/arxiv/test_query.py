"""Queries built from real titles survive the live service's traps (on the loopback server)."""

from __future__ import annotations

import pytest

from bibtool.arxiv.client import ArxivClient
from bibtool.arxiv.query import (
    abstract_bigrams,
    abstract_phrases,
    any_of,
    phrase,
    phrases,
    word_halves,
    word_terms,
)
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import paper, papers_by_id


def client(server: ArxivServer) -> ArxivClient:
    return ArxivClient(base_url=server.url, delay=0.0)


def test_terms_are_lower_case_words_only() -> None:
    q = phrase("ti", 'Self-Training AND Domain-Shift: OR NOT a "quoted" Word: here')
    assert q == 'ti:"self training and domain shift or not a quoted word here"'
    terms = word_terms("ti", "Self-Training Avoids Using Spurious Features: Under Domain Shift")
    assert terms is not None
    assert all(
        t.startswith("ti:") and t[3:].isalnum() and t[3:].islower() for t in terms.split(" AND ")
    )


def test_tex_words_are_left_out_of_word_queries() -> None:
    terms = word_terms("ti", r"Critical behaviour of the nonlinear Schr\"odinger equation")
    assert terms is not None and "schr" not in terms and "odinger" not in terms


@pytest.mark.parametrize(
    "title_prefix",
    ["Self-training", "Max-Margin", "Why Do Pretrained", "Data-dependent", "Meta-learning"],
)
def test_phrase_queries_find_hyphenated_and_question_titles(
    title_prefix: str, arxiv_server: ArxivServer
) -> None:
    target = next(p for p in papers_by_id().values() if p.title.startswith(title_prefix))
    query = phrase("ti", target.title)
    assert query is not None
    found = client(arxiv_server).search(query).papers
    assert target.arxiv_id in [p.arxiv_id for p in found]


def test_batched_or_query_finds_every_title(arxiv_server: ArxivServer) -> None:
    ids = ["2107.13163", "2106.09226", "2006.08680", "1610.04756", "2206.07892"]
    query = any_of(phrase("ti", paper(i).title) for i in ids)
    assert query is not None
    found = {p.arxiv_id for p in client(arxiv_server).search(query, max_results=50).papers}
    assert set(ids) <= found
    assert len(arxiv_server.requests) == 1


def test_abstract_queries_find_the_paper(arxiv_server: ArxivServer) -> None:
    target = paper("2204.02683")
    for picks in (abstract_phrases(target.abstract), abstract_bigrams(target.abstract)):
        assert picks
        query = any_of(phrase("abs", p) for p in picks)
        assert query is not None
        found = client(arxiv_server).search(query, max_results=20).papers
        assert target.arxiv_id in [p.arxiv_id for p in found]


def test_a_damaged_word_sinks_one_half_only(arxiv_server: ArxivServer) -> None:
    # apalike copied in reading order: pdftotext joined "transformer-"/"based"
    title = "Fine-grained style control in transformerbased text-to-speech synthesis"
    halves = word_halves("ti", title)
    assert len(halves) == 2
    words = [set(h.split(" AND ")) for h in halves]
    assert not words[0] & words[1]
    query = any_of(halves)
    assert query is not None
    found = client(arxiv_server).search(query).papers
    assert any(p.title.startswith("Fine-grained Style Control") for p in found)


def test_a_word_broken_at_a_line_end_is_asked_both_ways() -> None:
    assert phrases("ti", "Cross\u00adlingual transfer") == [
        'ti:"crosslingual transfer"',
        'ti:"cross lingual transfer"',
    ]
    assert phrases("ti", "Plain title") == ['ti:"plain title"']
