"""The accept rule of ``update --published`` on real records: right, or declined."""

from __future__ import annotations

import dataclasses
from functools import cache

import pytest

from bibtool.bibfile.parse import parse_bib
from bibtool.model import Paper, VenueRecord
from bibtool.render import render_entry
from bibtool.venues.dblp import record_from_hit
from bibtool.works.published import Verdict, choose_published
from tests.support.dblp_records import load_dblp_bib, search_hit, venue_papers
from tests.support.helpers import papers_by_id


@cache
def records() -> dict[str, VenueRecord]:
    out = {}
    for rec in load_dblp_bib():
        found = record_from_hit(search_hit(rec)["info"])
        assert found is not None
        out[found.key] = found
    return out


def paper(arxiv_id: str) -> Paper:
    return {**papers_by_id(), **venue_papers()}[arxiv_id]


def decide(arxiv_id: str, *keys: str) -> tuple[Verdict, str | None, str]:
    p = paper(arxiv_id)
    fields = parse_bib(render_entry(p, "k"), name="t.bib").entries[0].fields
    found = choose_published(fields, p, [records()[f"dblp:{k}"] for k in keys])
    return found.verdict, found.record.key if found.record else None, found.reason


@pytest.mark.parametrize(
    ("arxiv_id", "key"),
    [
        ("2210.17323", "conf/iclr/FrantarAHA23"),  # GPTQ -> OPTQ
        ("2208.07339", "conf/nips/DettmersLBZ22"),  # LLM.int8() -> GPT3.int8()
        ("2002.08909", "conf/icml/GuuLTPC20"),  # "REALM:" dropped
        ("1611.05592", "conf/cvpr/Wang000T18"),  # "M3:" added
        ("1712.06585", "conf/nips/YuXG18"),  # "Even Faster" -> "Faster"
    ],
)
def test_renamed_at_the_venue_is_found(arxiv_id: str, key: str) -> None:
    verdict, chosen, _ = decide(arxiv_id, key)
    assert (verdict, chosen) == (Verdict.PUBLISHED, f"dblp:{key}")


@pytest.mark.parametrize(
    ("arxiv_id", "key"),
    [
        ("2109.01134", "conf/cvpr/ZhouYL022"),  # CoOp vs CoCoOp, same authors
        ("1611.05592", "conf/mm/WangWHWT18"),  # "Hierarchical" for "Multimodal", same authors
        ("2309.14402", "conf/icml/Allen-ZhuL24"),  # Part 3.2 vs Part 3.1
        ("2404.05405", "conf/icml/Allen-ZhuL24"),  # Part 3.3 vs Part 3.1
        ("2304.08485", "conf/cvpr/LiuLLL24"),  # LLaVA vs LLaVA-1.5
        ("2210.15871", "conf/iccv/DingLWJ21"),  # VLT: a journal extension of an ICCV paper
        ("2011.07307", "conf/wsdm/GaoRZZYY19"),  # MPAG extends PAAG
        ("2305.17216", "conf/icml/KohSF23"),  # GILL vs FROMAGe
    ],
)
def test_companions_extensions_and_other_papers_are_declined(arxiv_id: str, key: str) -> None:
    verdict, chosen, _ = decide(arxiv_id, key)
    assert chosen is None and verdict is Verdict.NONE


@pytest.mark.parametrize(
    ("arxiv_id", "main", "workshop"),
    [
        ("2203.11932", "conf/cvpr/Cazenavette00EZ22b", "conf/cvpr/Cazenavette00EZ22a"),
        ("2104.07021", "conf/iccv/CuiML21", "conf/cvpr/CuiML21"),  # ICCV and CVPR Workshops
    ],
)
def test_the_main_conference_is_chosen_over_its_workshop_version(
    arxiv_id: str, main: str, workshop: str
) -> None:
    """Real pairs (judged.tsv): one title, one author list, a workshop and a main conference."""
    verdict, chosen, _ = decide(arxiv_id, workshop, main)
    assert (verdict, chosen) == (Verdict.PUBLISHED, f"dblp:{main}")
    assert decide(arxiv_id, workshop)[1] == f"dblp:{workshop}"  # alone, it is the version


@pytest.mark.parametrize(
    ("arxiv_id", "key"),
    [("1805.09112", "conf/nips/GaneaBH18"), ("2006.08210", "conf/iclr/ShimizuMH21")],
)
def test_two_papers_with_one_title_are_told_apart(arxiv_id: str, key: str) -> None:
    """Hyperbolic Neural Networks (NeurIPS 2018) and ...++ (ICLR 2021) normalise alike."""
    both = ("conf/nips/GaneaBH18", "conf/iclr/ShimizuMH21")
    assert decide(arxiv_id, *both)[:2] == (Verdict.PUBLISHED, f"dblp:{key}")


def test_two_main_track_versions_are_declined() -> None:
    conference = records()["dblp:conf/iclr/FrantarAHA23"]
    journal = dataclasses.replace(conference, key="dblp:journals/x/FrantarAHA23", kind="article")
    p = paper("2210.17323")
    fields = parse_bib(render_entry(p, "k"), name="t.bib").entries[0].fields
    found = choose_published(fields, p, [conference, journal])
    assert found.verdict is Verdict.AMBIGUOUS and found.record is None


@pytest.mark.parametrize(
    ("arxiv_id", "key"),
    [
        ("1911.05507", "conf/iclr/RaePJHL20"),  # an author added at the venue
        ("2102.09268", "conf/kdd/XiaoLSDMWX22"),  # two added
        ("2210.12353", "conf/iclr/RobinsonW23"),  # one fewer
    ],
)
def test_a_venue_version_with_an_author_more_or_less_is_found(arxiv_id: str, key: str) -> None:
    assert decide(arxiv_id, key)[:2] == (Verdict.PUBLISHED, f"dblp:{key}")


def test_a_venue_record_with_other_authors_is_declined() -> None:
    """2210.14140 (two authors) against a NeurIPS 2022 paper of its first author with four
    more: another paper (truth.tsv)."""
    assert decide("2210.14140", "conf/nips/SuLWYKC22")[1] is None


def test_too_many_authors_changed_is_declined() -> None:
    real = records()["dblp:conf/iclr/FrantarAHA23"]
    other = dataclasses.replace(real, authors=(real.authors[0], "A B", "C D", "E F", "G H"))
    p = paper("2210.17323")
    fields = parse_bib(render_entry(p, "k"), name="t.bib").entries[0].fields
    assert choose_published(fields, p, [other]).record is None
