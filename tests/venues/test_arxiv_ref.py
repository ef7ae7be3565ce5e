"""arXiv's own journal reference read into a venue record (venue source 1), on real records."""

from __future__ import annotations

import pytest

from bibtool.venues.arxiv_ref import parse_journal_ref, record_from_paper
from tests.support.helpers import paper, records


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Phys.Rev.D76:044016,2007", ("Phys.Rev.D", "76", "044016", 2007)),
        ("AIPConf.Proc.335:57-74,1995", ("AIPConf.Proc.", "335", "57-74", 1995)),
        ("Phys. Rev. B 51, 15478--15483 (1995)", ("Phys. Rev. B", "51", "15478-15483", 1995)),
        ("Journal of Applied Physics, vol 104, 073536 (2008)",
         ("Journal of Applied Physics", "104", "073536", 2008)),
        ("Astrophys.J. 395 (1992) L83-L86", ("Astrophys.J.", "395", "L83-L86", 1992)),
        ("J. Phys.: Condens. Matter 19 (2007) 176210",
         ("J. Phys.: Condens. Matter", "19", "176210", 2007)),
    ],
)  # fmt: skip
def test_the_three_layouts_are_read(text: str, read: tuple[str, str, str, int]) -> None:
    found = parse_journal_ref(text)
    assert found is not None
    assert (found.journal, found.volume, found.pages, found.year) == read


@pytest.mark.parametrize(
    "text",
    [
        "Nucl. Phys. B 786 (2007), no. 3, 267--296",  # an issue: not one of the layouts
        "J. Stat. Mech. P04012 (2007)",
        "IEEE/IFIP International Conference on Dependable Systems and\n  Networks (DSN-2006)"
        " (25/06/2006) 119-124",
        "Ann. Scuola Norm. Sup. Pisa, Cl. Sci. (5) Vol. VII (2008), 1-16",
    ],
)
def test_other_layouts_are_not_guessed(text: str) -> None:
    assert parse_journal_ref(text) is None


def test_most_real_references_are_read_and_none_is_misread_as_a_bare_number() -> None:
    refs = [r["journal_ref"] for r in records() if r.get("journal_ref")]
    read = [parse_journal_ref(t) for t in refs]
    assert sum(r is not None for r in read) >= 480  # of 608 (485 when written)
    assert all(any(c.isalpha() for c in r.journal) for r in read if r is not None)


def test_the_record_is_arxivs_paper_with_the_reference() -> None:
    record = record_from_paper(paper("0704.0007"))
    assert record is not None and record.source == "arxiv" and record.kind == "article"
    assert (record.venue, record.volume, record.year) == ("Phys.Rev.D", "76", 2007)
    assert record.doi == "10.1103/PhysRevD.76.044016"
    assert record_from_paper(paper("2210.17323")) is None  # no reference
