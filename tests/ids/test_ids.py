"""The arXiv identifier grammar: every written form, and what must not count as an id."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibtool.ids.arxiv import ArxivRef, find_arxiv_ids, id_is_valid, parse_arxiv_id
from bibtool.ids.doi import find_dois, parse_doi
from bibtool.ids.entry import normalize_doi
from bibtool.listing import parse_listing
from bibtool.render import clean_doi


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2107.13163", ArxivRef("2107.13163")),
        ("2107.13163v2", ArxivRef("2107.13163", 2)),
        ("arXiv:2107.13163", ArxivRef("2107.13163")),
        ("arxiv: 2107.13163v1", ArxivRef("2107.13163", 1)),
        ("https://arxiv.org/abs/2107.13163v2", ArxivRef("2107.13163", 2)),
        ("http://export.arxiv.org/abs/2107.13163", ArxivRef("2107.13163")),
        ("https://arxiv.org/pdf/2107.13163v2.pdf", ArxivRef("2107.13163", 2)),
        ("arxiv.org/pdf/2107.13163", ArxivRef("2107.13163")),
        ("hep-th/9901001", ArxivRef("hep-th/9901001")),
        ("math.GT/0309136", ArxivRef("math/0309136")),
        ("https://arxiv.org/abs/hep-th/9901001v3", ArxivRef("hep-th/9901001", 3)),
        ("10.48550/arXiv.2107.13163", ArxivRef("2107.13163")),
        ("https://doi.org/10.48550/arXiv.2107.13163", ArxivRef("2107.13163")),
        ("0704.0001", ArxivRef("0704.0001")),
        ("1501.00001", ArxivRef("1501.00001")),
    ],
)
def test_parse_accepts_every_written_form(text: str, expected: ArxivRef) -> None:
    assert parse_arxiv_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1234.5678",  # month 34
        "2113.00001",  # month 13
        "0703.0001",  # before the new scheme began (0704)
        "1501.0001",  # four digits after 1501
        "1412.00001",  # five digits before 1501
        "hep-th/0801001",  # old scheme after it ended
        "abc",
        "2107.13163 extra",
        "10.1103/PhysRevD.89.084044",
    ],
)
def test_parse_rejects_what_is_not_an_id(text: str) -> None:
    assert parse_arxiv_id(text) is None


def test_find_in_free_text_needs_a_prefix_unless_bare() -> None:
    text = (
        "see arXiv:2107.13163v2, https://arxiv.org/abs/hep-th/9901001 and abs/2303.18223, "
        "p. 1105.1234"
    )
    assert [str(r) for r in find_arxiv_ids(text)] == [
        "2107.13163v2",
        "hep-th/9901001",
        "2303.18223",
    ]
    assert "1105.1234" in [r.id for r in find_arxiv_ids(text, bare=True)]


def test_find_returns_each_id_once_in_order() -> None:
    text = "arXiv:2107.13163v1 then arXiv:2107.13163v2 then arXiv:2006.08680"
    assert [r.id for r in find_arxiv_ids(text)] == ["2107.13163", "2006.08680"]


def test_yymm_is_the_assignment_month() -> None:
    assert ArxivRef("2107.13163").yymm == (2021, 7)
    assert ArxivRef("hep-th/9901001").yymm == (1999, 1)


@given(
    yy=st.integers(7, 30),
    mm=st.integers(1, 12),
    num=st.integers(1, 9999),
    version=st.none() | st.integers(1, 20),
)
def test_any_valid_new_style_id_round_trips(
    yy: int, mm: int, num: int, version: int | None
) -> None:
    if (yy, mm) < (7, 4):
        return
    digits = 5 if yy >= 15 else 4
    arxiv_id = f"{yy:02d}{mm:02d}.{num:0{digits}d}"
    written = arxiv_id + (f"v{version}" if version else "")
    for form in (written, f"arXiv:{written}", f"https://arxiv.org/abs/{written}"):
        assert parse_arxiv_id(form) == ArxivRef(arxiv_id, version)
    assert id_is_valid(written)


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        ("10.1002/(SICI)1097-4636(199706)", "10.1002/(SICI)1097-4636(199706)"),  # balanced: kept
        ("doi:10.1000/xyz.", "10.1000/xyz"),  # the sentence's full stop is not the DOI's
        ("DOI: 10.1000/XYZ", "10.1000/XYZ"),  # the case as written
        ("https://doi.org/10.1000/xyz", "10.1000/xyz"),
        ("http://dx.doi.org/10.1000/xyz", "10.1000/xyz"),
        ("https://www.doi.org/10.1000/xyz", "10.1000/xyz"),
        ("https://doi.org/10.1000/a%2Fb", "10.1000/a/b"),
        ("10.1000/xyz]", "10.1000/xyz"),
        ("10.1145", None),
        ("see 10.1000/xyz", None),  # not one DOI alone
    ],
)
def test_one_doi_grammar(text: str, doi: str | None) -> None:
    assert parse_doi(text) == doi


def test_dois_in_text_and_every_reader_agrees() -> None:
    # Issue 13, drift 5: the listing lost a balanced closing bracket, render kept a full stop.
    sici = "10.1002/(SICI)1097-4636(199706)"
    assert find_dois(f"(doi:10.1016/S1090-5138(02)00134-4) and {sici}.") == [
        "10.1016/S1090-5138(02)00134-4",
        sici,
    ]
    assert find_dois("https://x.org/10.1000/y and doi:10.1000/z", linked_only=True) == ["10.1000/z"]
    listing = parse_listing(f"{sici}\ndoi:10.1000/xyz.\n", name="l.txt")
    assert [e.doi for e in listing.entries] == [sici, "10.1000/xyz"]
    assert clean_doi("10.1000/xyz. 10.1000/erratum") == "10.1000/xyz"
    assert normalize_doi(f"{{https://doi.org/{sici}}}") == sici.lower()
