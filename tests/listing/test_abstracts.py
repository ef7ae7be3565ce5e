"""Abstract-only listings: one entry per ``Abstract:`` label, text verbatim but for whitespace."""

from __future__ import annotations

import csv

from bibtool.listing import detect_form, parse_listing
from bibtool.model import ListingForm
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"


def test_real_abstract_listing_entries_start_on_the_answer_lines() -> None:
    text = (LISTINGS / "abstracts-colin-wei.txt").read_text(encoding="utf-8")
    with (LISTINGS / "abstracts-colin-wei.answers.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    listing = parse_listing(text, name="abstracts-colin-wei.txt")
    assert listing.form is ListingForm.ABSTRACTS
    assert [e.line for e in listing.entries] == [int(row["line"]) for row in rows]
    assert listing.unread == ()  # "Tony" on line 1 heads the listing; it is not unread
    for entry, row in zip(listing.entries, rows, strict=True):
        assert entry.form is ListingForm.ABSTRACTS
        assert entry.abstract is not None and entry.abstract.startswith(row["start"])
        assert (entry.title, entry.authors, entry.date) == (None, (), None)
    assert listing.entries[1].abstract is not None
    assert "at least a $(1 - \\epsilon)$-fraction" in listing.entries[1].abstract  # LaTeX kept


def test_text_on_the_next_line_and_continuation_lines_belong_to_the_abstract() -> None:
    text = (
        "Tony Ma\n"
        "Abstract:\n"
        "Dropout is a widely-used   regularization technique,\n"
        "\n"
        "often required to obtain state-of-the-art for a number of architectures.\n"
        "Abstract: We study \\em{SM approximation} with $\\epsilon$ error.\n"
    )
    listing = parse_listing(text)
    assert detect_form(text) is ListingForm.ABSTRACTS
    assert [e.line for e in listing.entries] == [2, 6]
    assert listing.entries[0].abstract == (
        "Dropout is a widely-used regularization technique, often required to obtain "
        "state-of-the-art for a number of architectures."
    )
    assert listing.entries[1].abstract == "We study \\em{SM approximation} with $\\epsilon$ error."
    assert listing.entries[1].source.startswith("Abstract: We study")
    assert listing.unread == ()


def test_empty_label_and_long_leading_text_are_unread() -> None:
    text = (
        "Self-training algorithms, which train a model to fit pseudolabels predicted by another "
        "previously-learned model, have been very successful.\n"
        "Abstract:\n"
        "abstract: In unsupervised domain adaptation, existing theory focuses on close domains.\r\n"
    )
    listing = parse_listing(text)
    assert listing.form is ListingForm.ABSTRACTS
    assert [(u.line, u.reason) for u in listing.unread] == [
        (1, "text before the first Abstract: line"),
        (2, "Abstract: label with no text after it"),
    ]
    (entry,) = listing.entries
    assert entry.line == 3
    assert (
        entry.abstract
        == "In unsupervised domain adaptation, existing theory focuses on close domains."
    )


def test_prose_starting_with_the_word_abstract_is_not_a_label() -> None:
    text = "Abstract: First paper.\nAbstract reasoning is hard for language models.\n"
    (entry,) = parse_listing(text).entries
    assert entry.abstract == "First paper. Abstract reasoning is hard for language models."
