"""The .bbl form: what BibTeX and biber wrote for the PDF reference set (fixtures/references)."""

from __future__ import annotations

import csv

from bibtool.listing import parse_listing
from bibtool.model import ListingForm
from tests.support.helpers import FIXTURES

REFERENCES = FIXTURES / "references"


def _lines(name: str, first: int, last: int) -> str:
    lines = (REFERENCES / name).read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first - 1 : last]) + "\n"


def test_bibtex_items_read_as_references_their_label_wrapping() -> None:
    listing = parse_listing(_lines("plainnat.bbl", 1, 43))
    assert listing.form is ListingForm.BBL
    assert [(e.line, e.authors[0], e.year) for e in listing.entries] == [
        (8, "Gati V. Aher", 2023),
        (19, "Nesreen K. Ahmed", 2020),
        (30, "Georgios Amanatidis", 2020),  # its label runs over two lines
    ]
    assert listing.entries[0].title == (
        "Using large language models to simulate multiple humans and replicate human subject "
        "studies"
    )
    # The TeX before the first item names no paper: reported, never searched.
    assert [u.line for u in listing.unread] == [1, 2, 3, 4, 5, 6]


def test_biber_entries_give_their_fields() -> None:
    start = next(
        i
        for i, line in enumerate((REFERENCES / "biblatex-authoryear.bbl").read_text().split("\n"))
        if line.strip().startswith("\\entry{cho2021unifying")
    )
    entries = parse_listing(_lines("biblatex-authoryear.bbl", start + 1, start + 60)).entries
    cho = entries[0]
    assert (cho.title, cho.authors, cho.year, cho.arxiv_id) == (
        "Unifying Vision-and-language Tasks Via Text Generation",
        ("Jaemin Cho", "Jie Lei", "Hao Tan", "Mohit Bansal"),
        2021,
        "2102.02779",
    )


def test_every_item_of_both_files_starts_an_entry_where_the_answers_say() -> None:
    for name in ("plainnat.bbl", "biblatex-authoryear.bbl"):
        listing = parse_listing((REFERENCES / name).read_text(encoding="utf-8"))
        with (REFERENCES / f"{name}.answers.tsv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        lines = {e.line for e in listing.entries}
        assert lines <= {int(row["line"]) for row in rows}  # no fragment
        on_arxiv = {int(row["line"]) for row in rows if row["arxiv_id"]}
        assert len(on_arxiv - lines) <= 2  # "Sang goo Lee", arXiv's lower-case "xu"
