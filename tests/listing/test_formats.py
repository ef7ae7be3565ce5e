"""Markdown reading lists and .bib files read as listings."""

from __future__ import annotations

import datetime as dt

from bibtool.listing import parse_listing
from bibtool.model import ListingForm
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"


def test_markdown_reading_list() -> None:
    listing = parse_listing((LISTINGS / "markdown-reading-list.txt").read_text(encoding="utf-8"))
    assert listing.form is ListingForm.MARKDOWN and listing.unread == ()
    got = [(e.line, e.arxiv_id, e.authors, e.authors_truncated) for e in listing.entries]
    assert got == [
        (3, "2303.13375", (), False),
        (4, "2202.07105", ("Canwen Xu", "Julian Mcauley"), False),  # "by" after a pdf link
        (5, "2211.01562", ("Peifeng Wang", "Aaron Chan", "Filip Ilievski"), True),  # [arXiv] label
        (6, None, ("Jonathan H. Clark", "Dan Garrette", "Iulia Turc"), True),  # authors before
        (7, None, ("Jiwoo Hong", "Noah Lee", "James Thorne"), False),  # " - " then "(2024)"
        (8, "2212.03551", ("Murray Shanahan",), False),
    ]
    assert listing.entries[2].title == (
        "PINTO: Faithful Language Reasoning Using Prompt-generated Rationales"
    )  # the bold text, since the link text is only a label
    assert listing.entries[1].arxiv_version == 2


def test_markdown_item_without_a_link_is_read_as_a_title() -> None:
    text = (
        "- [Attention Is Not Explanation](https://arxiv.org/abs/1902.10186)\n- Talking About LLMs\n"
    )
    listing = parse_listing(text)
    assert listing.form is ListingForm.MARKDOWN
    assert [(e.title, e.arxiv_id) for e in listing.entries] == [
        ("Attention Is Not Explanation", "1902.10186"),
        ("Talking About LLMs", None),
    ]


def test_bib_file_entries() -> None:
    listing = parse_listing((LISTINGS / "bibtex-entries.bib").read_text(encoding="utf-8"))
    assert listing.form is ListingForm.BIBTEX
    got = [(e.line, e.arxiv_id, e.doi) for e in listing.entries]
    assert got == [
        (4, "1707.01943", None),  # "arXiv:…" in journal
        (11, None, None),
        (18, "2301.01768", None),  # eprint + archivePrefix
        (27, None, "10.1103/PhysRevLett.99.048301"),  # the DOI as written
        (41, "1610.04756", None),  # an arXiv url
    ]
    causal, trust, political, _, markov = listing.entries
    assert causal.title == (
        "A Causal Framework for Explaining the Predictions of Black-box Sequence-to-sequence Models"
    )
    assert causal.authors == ("David Alvarez-Melis", "Tommi S. Jaakkola")
    assert trust.authors == ("Xinyue Shen", "Zeyuan Chen", "Michael Backes")
    assert trust.authors_truncated  # "and others"
    assert (political.arxiv_version, political.category) == (2, "cs.CL")
    assert markov.date == dt.date(2016, 10, 15)  # a full biblatex date; a year alone is not one
    assert causal.date is None
    # The entry whose missing comma swallowed a field is reported, not half-read.
    assert [(u.line, "missing comma" in u.reason) for u in listing.unread] == [(37, True)]


def test_bib_text_outside_entries() -> None:
    text = (
        '% a comment\n@comment{ignored\n  text}\n@preamble{ "x" }\n'
        "@misc{k, title = {Attention Is Not Explanation}, author = {Jain, Sarthak and "
        "Wallace, Byron C.}}\nstray words here\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.authors) for e in listing.entries] == [
        (5, ("Sarthak Jain", "Byron C. Wallace"))
    ]
    assert [(u.line, u.reason) for u in listing.unread] == [(6, "text outside any BibTeX entry")]


def test_bib_braced_corporate_author_and_latex_title() -> None:
    text = (
        "@article{x, title = {{\\'E}tude of {GPT}-4 \\emph{in} Practice},\n"
        "  author = {{OpenAI} and Bubeck, S{\\'e}bastien and Barnes and Noble}}\n"
    )
    (entry,) = parse_listing(text).entries
    assert entry.title == "Étude of GPT-4 in Practice"
    assert entry.authors == ("OpenAI", "Sébastien Bubeck", "Barnes", "Noble")


def test_markdown_bold_title_without_a_link_and_topic_bullets() -> None:
    # Found by benchmarks/synthetic.py: "**Title** — Authors (2021)" was read as one long title,
    # and a topic bullet over nested papers as a paper called "Language models".
    text = (
        "- Language models\n"
        "  - [Talking About Large Language Models](https://arxiv.org/abs/2212.03551)\n"
        "  - [Attention Is Not Explanation](https://openreview.net/forum?id=x)\n"
        "- Talking About LLMs\n"
        "  - a note on it, not a paper\n"
        "2. **Active Example Selection For In-context Learning** — Yiming Zhang, Shi Feng (2022)\n"
    )
    listing = parse_listing(text)
    assert listing.form is ListingForm.MARKDOWN and listing.unread == ()
    assert [(e.line, e.title, e.authors) for e in listing.entries] == [
        (2, "Talking About Large Language Models", ()),
        (3, "Attention Is Not Explanation", ()),
        (4, "Talking About LLMs", ()),
        (5, "a note on it, not a paper", ()),
        (6, "Active Example Selection For In-context Learning", ("Yiming Zhang", "Shi Feng")),
    ]


def test_a_list_of_bold_titles_without_links_is_markdown() -> None:
    text = "1. **Talking About Large Language Models** — Murray Shanahan (2022)\n"
    listing = parse_listing(text * 2)
    assert listing.form is ListingForm.MARKDOWN
    assert [(e.title, e.authors) for e in listing.entries] == [
        ("Talking About Large Language Models", ("Murray Shanahan",))
    ] * 2
