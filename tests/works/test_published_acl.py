"""The accept rule on the ACL Anthology's real records, alone and beside DBLP's."""

from __future__ import annotations

from functools import cache

import pytest

from bibtool.bibfile.parse import parse_bib
from bibtool.jobs.anthology_bib import read_anthology_bib
from bibtool.model import VenueRecord
from bibtool.render import render_entry
from bibtool.venues.dblp import record_from_hit
from bibtool.works.published import Verdict, choose_published
from tests.support.anthology_server import RECORDS
from tests.support.dblp_records import VENUES, load_dblp_bib, search_hit
from tests.support.helpers import papers_by_id


@cache
def records() -> dict[str, VenueRecord]:
    out = {r.key: r for r in read_anthology_bib(RECORDS)}
    for rec in load_dblp_bib() + load_dblp_bib(VENUES / "dblp-acl.bib"):
        found = record_from_hit(search_hit(rec)["info"])
        assert found is not None
        out[found.key] = found
    return out


def decide(arxiv_id: str, *keys: str) -> tuple[Verdict, str | None]:
    p = papers_by_id()[arxiv_id]
    fields = parse_bib(render_entry(p, "k"), name="t.bib").entries[0].fields
    found = choose_published(fields, p, [records()[k] for k in keys])
    return found.verdict, found.record.key if found.record else None


def test_the_main_conference_is_cited_not_its_workshop_abstract_in_another_service() -> None:
    """Non-Monotonic Sequential Text Generation: ICML 2019 (DBLP) and a WiNLP 2019 abstract
    (the Anthology) listing the same four authors in another order."""
    found = decide("1902.02192", "dblp:conf/icml/WelleckBDC19", "acl:W19-3620")
    assert found == (Verdict.PUBLISHED, "dblp:conf/icml/WelleckBDC19")


@pytest.mark.parametrize(
    ("arxiv_id", "right", "near"),
    [
        ("1909.08478", "acl:D19-1165", "acl:N19-1191"),  # same authors, same year, "Adaptation"
        ("1802.07862", "acl:N18-1078", "acl:P18-1186"),  # Recognition / Disambiguation
        ("1811.04697", "acl:W18-6441", "acl:W17-4749"),  # WMT18 / WMT17 system papers
        ("1603.06075", "acl:P16-1078", "acl:W16-4617"),  # ACL 2016 / a WAT 2016 paper
        ("2003.12694", "dblp:conf/icml/LuSSCP20", "acl:2020.emnlp-main.325"),  # a companion
    ],
)
def test_the_paper_is_told_from_its_near_misses(arxiv_id: str, right: str, near: str) -> None:
    assert decide(arxiv_id, right, near) == (Verdict.PUBLISHED, right)


@pytest.mark.parametrize(
    ("arxiv_id", "near"),
    [
        ("2012.00955", "acl:2020.tacl-1.28"),  # "How Can We Know When" / "What" LMs know
        ("2006.11834", "acl:P19-1425"),  # AdvAug / Doubly Adversarial Inputs
    ],
)
def test_another_paper_of_the_same_authors_is_declined(arxiv_id: str, near: str) -> None:
    assert decide(arxiv_id, near) == (Verdict.NONE, None)


def test_dblp_copy_of_an_anthology_paper_gives_way_to_the_anthology_record() -> None:
    acl, dblp = records()["acl:2020.acl-srw.30"], records()["dblp:conf/acl/KatoAOMSI20"]
    entry = """@misc{k, title = {Embeddings of Label Components for Sequence Labeling: A Case
      Study of Fine-grained Named Entity Recognition}, author = {Kato, Takuma and Abe, Kaori and
      Ouchi, Hiroki and Miyawaki, Shumpei and Suzuki, Jun and Inui, Kentaro}, year = {2020}}"""
    fields = parse_bib(entry, name="t.bib").entries[0].fields
    for order in ([acl, dblp], [dblp, acl]):
        found = choose_published(fields, None, order)
        assert found.verdict is Verdict.PUBLISHED and found.record == acl
    alone = choose_published(fields, None, [dblp])
    assert alone.record == dblp


def test_the_same_authors_in_another_order_are_the_same_paper() -> None:
    """XLM: "Lample, Conneau" on arXiv, "Conneau, Lample" at NeurIPS 2019 (DBLP) — the same
    title and the same two authors: its published version, alone or beside a near namesake."""
    assert decide("1901.07291", "dblp:conf/nips/ConneauL19") == (
        Verdict.PUBLISHED,
        "dblp:conf/nips/ConneauL19",
    )


def test_a_reordered_author_list_with_another_title_is_still_another_paper() -> None:
    """The exception is for the same title only: the WiNLP abstract (authors in another order)
    is not taken for another paper of its authors with another title."""
    import dataclasses

    winlp = records()["acl:W19-3620"]
    other = dataclasses.replace(winlp, key="acl:W19-3699", title="Sequential Text Generation")
    p = papers_by_id()["1902.02192"]
    fields = parse_bib(render_entry(p, "k"), name="t.bib").entries[0].fields
    found = choose_published(fields, p, [other])
    assert found.verdict is Verdict.NONE
