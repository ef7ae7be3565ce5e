"""Author-page listings: where entries start, what headers and title lines say, what is unread."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from bibtool.listing import detect_form, parse_listing
from bibtool.model import Listing, ListingEntry, ListingForm
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"
TODAY = dt.date(2026, 3, 20)
TITLE_LINE = "Markov Chain Truncation for Doubly-Intractable InferenceColin Wei, Iain Murray"


def _answer_lines(name: str) -> list[int]:
    with (LISTINGS / name).open(encoding="utf-8", newline="") as fh:
        return [int(row["line"]) for row in csv.DictReader(fh, delimiter="\t")]


def _entry_at(listing: Listing, line: int) -> ListingEntry:
    return next(e for e in listing.entries if e.line == line)


@pytest.fixture(scope="module")
def colin() -> Listing:
    text = (LISTINGS / "author-page-colin-wei.txt").read_text(encoding="utf-8")
    return parse_listing(text, name="author-page-colin-wei.txt", today=TODAY)


def test_real_page_is_detected_and_every_entry_starts_on_its_answer_line(colin: Listing) -> None:
    assert colin.form is ListingForm.AUTHOR_PAGE
    assert colin.name == "author-page-colin-wei.txt"
    assert [e.line for e in colin.entries] == _answer_lines("author-page-colin-wei.answers.tsv")
    assert colin.unread == ()


def test_real_page_first_entry_reads_every_field(colin: Listing) -> None:
    entry = colin.entries[0]
    assert entry.form is ListingForm.AUTHOR_PAGE
    assert entry.date == dt.date(2024, 10, 25)  # "CLOct 25, 2024"
    assert entry.category == "cs.CL"
    assert entry.title == "GPT-4o System Card"
    assert entry.authors == ("Aaron Hurst", "Adam Lerer", "Adam P. Goucher")
    assert entry.authors_truncated
    assert entry.affiliations == ("openai",)
    assert entry.abstract is not None
    assert entry.abstract.startswith("GPT-4o is an autoregressive omni model")
    assert entry.abstract.endswith("of GPT-4o's text and vision capabilities.")
    assert entry.source.startswith("CLOct 25, 2024\nGPT-4o System CardAaron Hurst")
    assert len(entry.source) <= 200
    assert entry.arxiv_id is None and entry.doi is None


@pytest.mark.parametrize(
    ("line", "title", "authors", "truncated", "affiliations", "date", "category"),
    [
        (
            4,
            "OpenAI GPT-5 System Card",
            ("Aaditya Singh", "Adam Fry", "Adam Perelman"),
            True,
            ("berkeley", "mila"),
            dt.date(2025, 12, 19),
            "cs.CL",
        ),
        (
            10,
            "Beyond Separability: Analyzing the Linear Transferability of Contrastive "
            "Representations to Related Subpopulations",
            ("Jeff Z. HaoChen", "Colin Wei", "Ananya Kumar"),
            True,
            ("stanford",),
            dt.date(2022, 4, 6),
            "cs.LG",
        ),
        (
            16,
            "Why Do Pretrained Language Models Help in Downstream Tasks? An Analysis of Head and "
            "Prompt Tuning",
            ("Colin Wei", "Sang Michael Xie", "Tengyu Ma"),
            False,
            (),
            dt.date(2021, 6, 17),
            "cs.LG",
        ),
        (
            43,
            "Learning Imbalanced Datasets with Label-Distribution-Aware Margin Loss",
            ("Kaidi Cao", "Colin Wei", "Adrien Gaidon"),
            True,
            (),
            dt.date(2019, 6, 18),
            "cs.LG",
        ),
        (
            52,
            "Markov Chain Truncation for Doubly-Intractable Inference",
            ("Colin Wei", "Iain Murray"),
            False,
            (),
            dt.date(2016, 10, 15),
            "stat.ML",
        ),
    ],
)
def test_real_page_entries(
    colin: Listing,
    line: int,
    title: str,
    authors: tuple[str, ...],
    truncated: bool,
    affiliations: tuple[str, ...],
    date: dt.date,
    category: str,
) -> None:
    entry = _entry_at(colin, line)
    assert (entry.title, entry.authors, entry.authors_truncated) == (title, authors, truncated)
    assert (entry.affiliations, entry.date, entry.category) == (affiliations, date, category)


def test_last_entry_of_a_file_without_final_newline_keeps_its_abstract(colin: Listing) -> None:
    last = colin.entries[-1]
    assert last.abstract is not None
    assert last.abstract.startswith("Computing partition functions")
    assert last.abstract.endswith("advantages over existing methods.")


@pytest.mark.parametrize(
    ("header", "today", "date", "category"),
    [
        ("CLOct 25, 2024", TODAY, dt.date(2024, 10, 25), "cs.CL"),
        ("LGJun 1, 2023Code", TODAY, dt.date(2023, 6, 1), "cs.LG"),
        ("92.5AIMar 11Code", dt.date(2026, 3, 20), dt.date(2026, 3, 11), "cs.AI"),
        ("91.0CVDec 3, 2025", TODAY, dt.date(2025, 12, 3), "cs.CV"),
        ("AIMar 11", dt.date(2026, 1, 5), dt.date(2025, 3, 11), "cs.AI"),  # else 2 months ahead
        ("LGMar 25", dt.date(2026, 3, 20), dt.date(2026, 3, 25), "cs.LG"),  # 5 days ahead: slack
        ("MLDec 30", dt.date(2026, 1, 2), dt.date(2025, 12, 30), "stat.ML"),
        ("OCFeb 29", dt.date(2025, 3, 1), dt.date(2024, 2, 29), "math.OC"),  # no Feb 29 in 2025
        ("STJan 5, 2020", TODAY, dt.date(2020, 1, 5), "math.ST"),
        ("XYZOct 1, 2020", TODAY, dt.date(2020, 10, 1), "XYZ"),  # unknown suffix kept raw
        ("cs.LGOct 25, 2024", TODAY, dt.date(2024, 10, 25), "cs.LG"),  # full category as shown
        ("CL Oct 25, 2024 Code", TODAY, dt.date(2024, 10, 25), "cs.CL"),  # spaced-out copy
        # a recent paper's relative date: the latest day the phrase allows
        ("CL2 days ago", dt.date(2026, 3, 20), dt.date(2026, 3, 18), "cs.CL"),
        ("LGYesterdayCode", dt.date(2026, 3, 20), dt.date(2026, 3, 19), "cs.LG"),
        ("91.0CV 5h ago", dt.date(2026, 3, 20), dt.date(2026, 3, 20), "cs.CV"),
        ("AI3 months ago", dt.date(2026, 3, 20), dt.date(2026, 1, 23), "cs.AI"),
        ("LGFeb 2024Code", TODAY, dt.date(2024, 2, 29), "cs.LG"),  # no day: the month's last
    ],
)
def test_header_variants(header: str, today: dt.date, date: dt.date, category: str) -> None:
    listing = parse_listing(f"{header}\n{TITLE_LINE}\nSome abstract.\n", today=today)
    assert listing.form is ListingForm.AUTHOR_PAGE
    assert listing.unread == ()
    (entry,) = listing.entries
    assert (entry.date, entry.category) == (date, category)
    assert entry.title == "Markov Chain Truncation for Doubly-Intractable Inference"


def test_a_relative_date_alone_is_no_header() -> None:
    """ "2 days ago", "Today" or "March 2024" on a line of its own, with no category, is text."""
    text = f"CLOct 25, 2024\n{TITLE_LINE}\nToday\n2 days ago\nMarch 2024\n"
    (entry,) = parse_listing(text, today=TODAY).entries
    assert entry.abstract == "Today 2 days ago March 2024"


def test_no_year_date_defaults_to_the_real_today() -> None:
    (entry,) = parse_listing(f"AIMar 11\n{TITLE_LINE}\n").entries
    assert entry.date is not None
    assert entry.date - dt.date.today() <= dt.timedelta(days=7)
    assert dt.date.today() - entry.date < dt.timedelta(days=366)


def test_unreadable_lines_are_reported_with_their_numbers() -> None:
    text = "\n".join(
        [
            "Colin Wei's papers",  # 1: before the first header
            "",
            "LGJul 28, 2021",  # 3: a good entry
            "Statistically Meaningful Approximation: a Case Study on Approximating Turing "
            "Machines with TransformersColin Wei, Yining Chen, Tengyu Ma",
            "A common lens to theoretically study neural net architectures.",
            "LGJun 17, 2021",  # 6: no title line after it
            "LGJnu 8, 2021",  # 7: garbled, but its title and abstract still make an entry
            "Provable Guarantees for Self-Supervised Deep Learning with Spectral Contrastive "
            "LossJeff Z. HaoChen, Colin Wei, Adrien Gaidon et al.",
            "Recent works in self-supervised learning.",
            "MLOct 15, 2016",  # 10: header at the end of the file
        ]
    )
    listing = parse_listing(text, today=TODAY)
    assert listing.form is ListingForm.AUTHOR_PAGE
    assert [u.line for u in listing.unread] == [1, 6, 7, 10]
    assert listing.unread[0].text == "Colin Wei's papers"
    assert "before the first" in listing.unread[0].reason
    assert "no title line" in listing.unread[1].reason
    assert "LGJnu 8, 2021" in listing.unread[2].reason
    assert [e.line for e in listing.entries] == [3, 7]
    garbled = listing.entries[1]
    assert (garbled.date, garbled.category) == (None, None)
    assert garbled.authors == ("Jeff Z. HaoChen", "Colin Wei", "Adrien Gaidon")
    assert garbled.abstract == "Recent works in self-supervised learning."


@pytest.mark.parametrize("header", ["CLOct 0000", "LG999 years ago"])
def test_impossible_month_or_relative_date_is_a_garbled_header(header: str) -> None:
    listing = parse_listing(f"{header}\n{TITLE_LINE}\n", today=TODAY)
    assert [u.line for u in listing.unread] == [1]
    assert [e.title for e in listing.entries] == [
        "Markov Chain Truncation for Doubly-Intractable Inference"
    ]


def test_impossible_date_is_a_garbled_header() -> None:
    listing = parse_listing(f"CLOct 32, 2024\n{TITLE_LINE}\n", today=TODAY)
    assert [u.line for u in listing.unread] == [1]
    assert "impossible date" in listing.unread[0].reason


def test_blank_lines_crlf_and_multi_line_abstracts() -> None:
    text = (
        "CLOct 25, 2024\r\n\r\n"
        "GPT-4o System CardAaron Hurst, Adam Lerer, Adam P. Goucher et al. · openai\r\n"
        "GPT-4o is an autoregressive\r\n  omni model.\r\n\r\n"
        "LGJun 16, 2022\r\n"
        "Max-Margin Works while Large Margin Fails: Generalization without Uniform "
        "ConvergenceMargalit Glasgow, Colin Wei, Mary Wootters et al. · stanford"
    )
    listing = parse_listing(text, today=TODAY)
    assert detect_form(text) is ListingForm.AUTHOR_PAGE
    assert [e.line for e in listing.entries] == [1, 7]
    assert listing.entries[0].abstract == "GPT-4o is an autoregressive omni model."
    assert listing.entries[0].title == "GPT-4o System Card"
    assert listing.entries[1].abstract is None
    assert listing.entries[1].affiliations == ("stanford",)
    assert listing.unread == ()


def test_a_title_line_that_does_not_split_is_kept_whole() -> None:
    text = "LGJun 8, 2021\nProvable Guarantees for Self-Supervised Deep Learning\nAbstract text.\n"
    (entry,) = parse_listing(text, today=TODAY).entries
    assert entry.title == "Provable Guarantees for Self-Supervised Deep Learning"
    assert entry.authors == ()
    assert entry.abstract == "Abstract text."


def test_forced_form_overrides_detection() -> None:
    listing = parse_listing(f"CLOct 25, 2024\n{TITLE_LINE}\n", form=ListingForm.TITLES)
    assert listing.form is ListingForm.TITLES
    assert [e.title for e in listing.entries] == ["CLOct 25, 2024", TITLE_LINE]
