"""Mixed listings read block by block, and properties every parse keeps on arbitrary text."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibtool.bibfile import parse_bib
from bibtool.listing import detect_form, parse_listing
from bibtool.listing.abstracts import AbstractsParser
from bibtool.listing.blocks import split_blocks
from bibtool.listing.detect import detect_lines
from bibtool.listing.text import SOURCE_LIMIT, is_comment, split_lines
from bibtool.model import Listing, ListingForm
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"
TODAY = dt.date(2026, 3, 20)


def test_mixed_file_reads_each_block_in_its_form() -> None:
    listing = parse_listing((LISTINGS / "mixed-forms.txt").read_text(encoding="utf-8"))
    assert listing.form is ListingForm.MIXED
    got = [(e.line, e.form) for e in listing.entries]
    assert got == [
        (3, ListingForm.AUTHOR_PAGE),
        (6, ListingForm.AUTHOR_PAGE),
        (10, ListingForm.REFERENCES),
        (13, ListingForm.REFERENCES),
        (16, ListingForm.MARKDOWN),
        (17, ListingForm.MARKDOWN),
        (19, ListingForm.IDS),
        (20, ListingForm.IDS),
        (22, ListingForm.BIBTEX),
    ]
    assert listing.unread == ()  # the "#" heading is a comment
    page, _, causal, trust, *_ = listing.entries
    assert page.authors == ("Yaodong Yu", "Difan Zou", "Quanquan Gu")
    assert page.date == dt.date(2017, 12, 11)
    assert causal.authors == ("D. Alvarez-Melis", "T. S. Jaakkola")
    assert (
        trust.title
        == "In ChatGPT we trust? Measuring and characterizing the reliability of ChatGPT"
    )
    assert listing.entries[-1].authors == (
        "Jochen Hartmann",
        "Jasper Schwenzow",
        "Maximilian Witte",
    )
    assert detect_form((LISTINGS / "mixed-forms.txt").read_text(encoding="utf-8")) is (
        ListingForm.MIXED
    )


def test_references_after_an_abstract_are_no_paragraph_of_it() -> None:
    """Unwrapped references have lines as long as prose; two of them make a reference list."""
    abstract = "Abstract:" + " ".join(["We study the effects of brane instantons."] * 6)
    text = "\n".join(
        [
            abstract,
            "",
            "S. Bandi, L. Stabellini, A. Conti, and V. Tralli. On punctured pragmatic Space-Time "
            "codes in block fading channel. arXiv:0704.0282, 2007.",
            "A. Alves and O. Eboli. Unravelling the sbottom spin at the CERN LHC. Preprint "
            "with a venue long enough to read as running prose, 2007.",
            "",
            "Abstract:" + " ".join(["A second paragraph of running prose, not a reference."] * 4),
        ]
    )
    listing = parse_listing(text)
    assert [(e.line, e.form) for e in listing.entries] == [
        (1, ListingForm.ABSTRACTS),
        (3, ListingForm.REFERENCES),
        (4, ListingForm.REFERENCES),
        (6, ListingForm.ABSTRACTS),
    ]
    assert listing.entries[0].abstract is not None
    assert "Bandi" not in listing.entries[0].abstract
    assert listing.unread == ()


def test_a_bib_entry_with_blank_lines_inside_stays_one_block() -> None:
    text = "2107.13163\n\n@misc{k,\n  title = {Textbooks Are All You Need},\n\n  year = 2023\n}\n"
    listing = parse_listing(text)
    assert [(e.line, e.form, e.title) for e in listing.entries] == [
        (1, ListingForm.IDS, None),
        (3, ListingForm.BIBTEX, "Textbooks Are All You Need"),
    ]
    assert listing.unread == ()


def test_a_forced_form_reads_the_whole_text() -> None:
    text = "2107.13163\n\nTextbooks Are All You Need\n"
    assert parse_listing(text).form is ListingForm.MIXED
    forced = parse_listing(text, form=ListingForm.TITLES)
    assert forced.form is ListingForm.TITLES
    assert {e.form for e in forced.entries} == {ListingForm.TITLES}


# Lines of every form, and noise, for the properties below.
FRAGMENTS = [
    "",
    "   ",
    "# a comment",
    "% a bib comment",
    "CLOct 25, 2024",
    "LGJnu 8, 2021",
    "GPT-4o System CardAaron Hurst, Adam Lerer, Adam P. Goucher et al. · openai",
    "GPT-4o is an autoregressive omni model that accepts as input any combination of text.",
    "Abstract: We study dropout in deep networks and prove a bound.",
    "Abstract:",
    "Tony",
    "2107.13163",
    "arXiv:2107.13163 and arXiv:2106.09226",
    "10.1103/PhysRevD.76.044016",
    "- [Attention Is Not Explanation](https://arxiv.org/abs/1902.10186) by Sarthak Jain",
    "[Gibbs fragmentation trees](https://example.org/x)",
    "Textbooks Are All You Need",
    "C. Wei, Y. Chen, and T. Ma. Statistically meaningful approximation. arXiv, 2021.",
    "Wei, C., & Ma, T. (2019). Improved sample complexities. In NeurIPS.",
    '[3] C. Wei and T. Ma, "Data-dependent sample complexity of deep nets," in NeurIPS, 2019.',
    "    of the Association for Computational Linguistics, 10:73-91, 2021.",
    "@misc{k, title = {Attention Is Not Explanation}, author = {Jain, Sarthak}}",
    "@article{broken, title = {x}",
    "  author = {Jain, Sarthak}",
    "}",
    "-----",
    "((( ]] @@ {{",
]
LINES = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80).map(lambda s: s[:80]))


def _accounted(text: str, listing: Listing) -> list[int]:
    """Non-blank lines neither in an entry's source, nor unread, nor skipped by design."""
    lines = split_lines(text)
    unread = {u.line for u in listing.unread} | _broken_entry_lines(lines, listing)
    headings = _abstract_headings(lines)
    missing = []
    for line in lines:
        if line.blank or line.number in unread or line.number in headings:
            continue
        if is_comment(line.text) or line.text.lstrip().startswith(("%", "@comment", "@preamble")):
            continue
        owner = [e for e in listing.entries if e.line <= line.number]
        if owner and (
            line.text.strip() in owner[-1].source or len(owner[-1].source) == SOURCE_LIMIT
        ):
            continue
        missing.append(line.number)
    return missing


def _broken_entry_lines(lines: list, listing: Listing) -> set[int]:  # type: ignore[type-arg]
    """The lines of a .bib entry reported once, at its line, as not parsed: one message each."""
    found: set[int] = set()
    reported = {u.line for u in listing.unread}
    for block in split_blocks(lines, detect_lines):
        if block.form is ListingForm.BIBTEX:
            doc = parse_bib("\n".join(line.text for line in block.lines), name="<test>")
            offset = block.lines[0].number - 1
            for entry in doc.entries:
                start = entry.start_line + offset
                if start in reported:
                    found.update(range(start, start + entry.raw.count("\n") + 1))
    return found


def _abstract_headings(lines: list) -> set[int]:  # type: ignore[type-arg]
    """Short lines heading an abstract block: the abstracts form skips them by design."""
    found: set[int] = set()
    for block in split_blocks(lines, detect_lines):
        if block.form is ListingForm.ABSTRACTS:
            for line in block.lines:
                if AbstractsParser().claims([line]):
                    break
                found.add(line.number)
    return found


@pytest.mark.parametrize(
    "text",
    [  # found by the property below: a broken entry's lines, text after an entry's brace
        "@article{broken, title = {x}\n# a comment\n}",
        "@article{broken, title = {x}\n  author = {Jain, Sarthak}\n}",
        "@article{broken, title = {x}\n}0",
    ],
)
def test_every_line_of_these_is_accounted_for(text: str) -> None:
    listing = parse_listing(text, today=TODAY)
    assert _accounted(text, listing) == []
    assert listing.unread  # each is reported, at the entry or the stray text


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=14).map("\n".join))
def test_every_line_is_accounted_for(text: str) -> None:
    listing = parse_listing(text, today=TODAY)
    assert _accounted(text, listing) == []
    assert [e.line for e in listing.entries] == sorted(e.line for e in listing.entries)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from([None, *ListingForm]))
def test_parsing_never_raises(text: str, form: ListingForm | None) -> None:
    listing = parse_listing(text, form=form, today=TODAY)
    assert all(e.line >= 1 for e in listing.entries)
    assert all(u.line >= 1 for u in listing.unread)


def test_identifier_lines_after_references_stay_identifiers() -> None:
    """benchmarks/synthetic.py's mixed listing: lines of links after a reference list are no
    unreadable references, though they carry what references do (a link, a year-like number)."""
    text = (
        "[2] K. Lu, A. Grover, P. Abbeel, and I. Mordatch. Pretrained Transformers As Universal "
        "Computation Engines. arXiv preprint arXiv:2103.05247, 2021.\n"
        "[3] M. Abdin, J. Aneja, H. Behl, et al. Phi-4 Technical Report. Preprint, 2025.\n"
        "\n"
        "arXiv:1909.12744\n"
        "2303.18027\n"
        "10.48550/arXiv.0704.0254\n"
        "https://arxiv.org/abs/2203.07852\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.form) for e in listing.entries] == [
        (1, ListingForm.REFERENCES),
        (2, ListingForm.REFERENCES),
        (4, ListingForm.IDS),
        (5, ListingForm.IDS),
        (6, ListingForm.IDS),
        (7, ListingForm.IDS),
    ]
