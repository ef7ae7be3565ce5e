"""Line-per-entry listings (identifiers, titles), detection, and the edges every form shares."""

from __future__ import annotations

import pytest

from bibtool.listing import detect_form, parse_listing
from bibtool.model import Listing, ListingForm
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"


def _read(name: str) -> Listing:
    return parse_listing((LISTINGS / name).read_text(encoding="utf-8"), name=name)


def test_mixed_identifier_listing() -> None:
    listing = _read("mixed-ids.txt")
    assert listing.form is ListingForm.IDS
    got = [(e.line, e.arxiv_id, e.arxiv_version, e.doi) for e in listing.entries]
    assert got == [
        (2, "2107.13163", None, None),
        (3, "2106.09226", 2, None),
        (4, "2106.04156", None, None),
        (5, "2011.01418", 1, None),
        (6, "2010.03622", 2, None),
        (7, "acc-phys/9411001", None, None),
        (9, "2006.10032", None, None),  # the arXiv DOI
        (10, "2002.12915", None, None),  # one prefixed id among other text
        (11, "1905.03684", None, None),  # behind a list marker
        (12, None, None, "10.1103/PhysRevD.76.044016"),
        (13, None, None, "10.3150/08-BEJ134"),
    ]
    assert all(e.form is ListingForm.IDS and e.title is None for e in listing.entries)
    assert [(u.line, u.text) for u in listing.unread] == [(14, "see the dropout paper again")]
    assert listing.unread[0].reason == "no arXiv identifier or DOI on this line"


@pytest.mark.parametrize(
    ("line", "arxiv_id", "doi"),
    [
        ("[2107.13163] Statistically Meaningful Approximation", "2107.13163", None),
        ("hep-th/9901001v3", "hep-th/9901001", None),
        ("https://export.arxiv.org/abs/math.GT/0309136", "math/0309136", None),
        ("doi:10.1103/PhysRevD.89.084044", None, "10.1103/PhysRevD.89.084044"),
        (
            "10.1175/1520-0469(1996)053<0946:ASTFHH>2.0.CO;2",
            None,
            "10.1175/1520-0469(1996)053<0946:ASTFHH>2.0.CO;2",
        ),
        (
            "Phys. Rev. D 89, 084044, https://doi.org/10.1103/PhysRevD.89.084044.",
            None,
            "10.1103/PhysRevD.89.084044",
        ),
    ],
)
def test_identifier_lines(line: str, arxiv_id: str | None, doi: str | None) -> None:
    listing = parse_listing(f"2107.13163\n{line}\n")
    assert listing.form is ListingForm.IDS
    entry = listing.entries[1]
    assert (entry.arxiv_id, entry.doi) == (arxiv_id, doi)


def test_two_identifiers_on_one_line_are_not_guessed_between() -> None:
    listing = parse_listing("2107.13163\narXiv:2106.09226 and arXiv:2106.04156\n2011.01418\n")
    assert [e.line for e in listing.entries] == [1, 3]
    (lost,) = listing.unread
    assert lost.line == 2 and "2 arXiv identifiers" in lost.reason


def test_title_listing() -> None:
    listing = _read("titles.txt")
    assert listing.form is ListingForm.TITLES
    got = [(e.line, e.title, e.arxiv_id, e.doi) for e in listing.entries]
    assert got == [
        (3, "Language Models are Few-Shot Learners", None, None),
        (4, "LoRA: Low-Rank Adaptation of Large Language Models", None, None),
        (5, "Textbooks Are All You Need", None, None),
        (6, "Physics of Language Models: Part 3.1, Knowledge Storage and Extraction", None, None),
        (7, "Scaling Laws for Autoregressive Generative Modeling", None, None),
        (8, "Evaluating Large Language Models Trained on Code", "2107.03374", None),
        (9, "Gibbs fragmentation trees", None, "10.3150/08-BEJ134"),
        (
            10,
            "Tensor Programs V: Tuning Large Neural Networks via Zero-Shot Hyperparameter Transfer",
            "2203.03466",
            None,
        ),
        (11, None, "2106.09685", None),
    ]
    assert all(e.form is ListingForm.TITLES for e in listing.entries)
    assert [(u.line, u.text, u.reason) for u in listing.unread] == [
        (12, "-----", "no title on this line")
    ]


def test_a_title_followed_by_its_doi_gives_both() -> None:
    line = "- Polymer Quantum Mechanics and its Continuum Limit, doi:10.1103/PhysRevD.76.044016"
    (entry,) = parse_listing(f"Textbooks Are All You Need\n{line}\n").entries[1:]
    assert entry.title == "Polymer Quantum Mechanics and its Continuum Limit"
    assert (entry.doi, entry.arxiv_id) == ("10.1103/PhysRevD.76.044016", None)


def test_a_link_to_neither_arxiv_nor_a_doi_is_unread() -> None:
    listing = parse_listing("Textbooks Are All You Need\nhttps://example.org/papers/phi-1\n")
    assert [e.title for e in listing.entries] == ["Textbooks Are All You Need"]
    assert [u.line for u in listing.unread] == [2]


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("", ListingForm.TITLES),
        ("\n\n  \n", ListingForm.TITLES),
        ("2107.13163\n2106.09226\nsee above\n", ListingForm.IDS),
        ("2107.13163\nTextbooks Are All You Need\n", ListingForm.TITLES),  # half is not most
        ("Tony\nAbstract: We study dropout.\n", ListingForm.ABSTRACTS),
        ("LGJun 8, 2021\nProvable GuaranteesColin Wei, Tengyu Ma\n", ListingForm.AUTHOR_PAGE),
        ("LGJun 8, 2021\nLGJun 9, 2021\n", ListingForm.TITLES),  # headers with no title lines
    ],
)
def test_detection(text: str, form: ListingForm) -> None:
    assert detect_form(text) is form
    assert parse_listing(text).form is form


def test_empty_input_gives_an_empty_listing() -> None:
    listing = parse_listing("", name="empty.txt")
    assert listing == Listing(name="empty.txt", form=ListingForm.TITLES, entries=(), unread=())
    assert parse_listing("\r\n\n").entries == ()


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("final", [True, False])
def test_line_endings_and_a_missing_final_newline(newline: str, final: bool) -> None:
    lines = ["# reading list", "", "Textbooks Are All You Need", "arXiv:2107.13163v2", "???"]
    text = newline.join(lines) + (newline if final else "")
    listing = parse_listing(text)
    assert [(e.line, e.title, e.arxiv_id) for e in listing.entries] == [
        (3, "Textbooks Are All You Need", None),
        (4, None, "2107.13163"),
    ]
    assert [(u.line, u.text) for u in listing.unread] == [(5, "???")]


def test_a_bom_and_form_feeds_do_not_shift_line_numbers() -> None:
    listing = parse_listing("\ufeffTextbooks Are All You Need\nLoRA:\x0cLow-Rank Adaptation\n")
    assert [(e.line, e.title) for e in listing.entries] == [
        (1, "Textbooks Are All You Need"),
        (2, "LoRA: Low-Rank Adaptation"),
    ]
