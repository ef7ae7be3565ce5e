"""Reference lists copied out of PDFs: each case is real text of fixtures/references/ (pdftotext
output of real .bib entries typeset by real styles; see its SOURCES.md)."""

from __future__ import annotations

import pytest

from bibtool.listing import parse_listing
from bibtool.listing.layout import is_furniture, join_lines, lone_label
from bibtool.model import ListingForm
from bibtool.text.normalise import SOFT_HYPHEN, spellings
from tests.support.helpers import FIXTURES


@pytest.mark.parametrize(
    "text", ["1", "  12", "\fREFERENCES     4", "REFERENCES   2", "\fREFERENCES"]
)
def test_page_numbers_and_running_heads_are_furniture(text: str) -> None:
    assert is_furniture(text)


@pytest.mark.parametrize("text", ["2019.", "2020", "ICLR 2023", "IEEE.", "References", "[12]"])
def test_what_is_no_furniture(text: str) -> None:
    assert not is_furniture(text)


def test_a_label_alone_on_its_line() -> None:
    assert lone_label("[12]") and lone_label("  [3] ") and not lone_label("[12] J. Cho")


def test_a_word_broken_at_a_line_end() -> None:
    # ieeetr -raw: "Unify-"/"ing" is a syllable break or a compound: both spellings are tried.
    joined = join_lines(["[1] J. Cho, J. Lei, H. Tan, and M. Bansal, “Unify-", "ing vision"])
    assert joined.endswith(f"Unify{SOFT_HYPHEN}ing vision")
    assert spellings("Unify\u00ading") == ["Unifying", "Unify-ing"]
    # A capital, or a word that already has a hyphen, keeps the hyphen: it is the word's own.
    assert join_lines(["R. Baeza-", "Yates and F. Bonchi"]) == "R. Baeza-Yates and F. Bonchi"
    assert join_lines(["Future transformer for long-term", "action"]).endswith("long-term action")
    assert join_lines(["vision-and-", "language tasks"]) == "vision-and-language tasks"


def test_biblatex_ieee_labels_on_lines_of_their_own() -> None:
    text = (
        "References\n[1]\n\n"
        "J. Cho, J. Lei, H. Tan, and M. Bansal, Unifying vision-and-language tasks via text "
        "generation, 2021.\n"
        "arXiv: 2102 . 02779 [cs.CL]. [Online]. Available: https : / / arxiv . org / abs / 2102 .\n"
        "02779.\n\n[2]\n\n"
        "T. Henighan, J. Kaplan, M. Katz, et al., “Scaling laws for autoregressive generative "
        "modeling,”\nArXiv:2010.14701, 2020.\n\n"
        "1\n\n[3]\n\n"
        "N. K. Ahmed and N. Duffield, “Adaptive shrinkage estimation for streaming graphs,” in "
        "Advances in\nNeural Information Processing Systems 33, 2020.\n"
    )
    listing = parse_listing(text)
    assert listing.form is ListingForm.REFERENCES
    assert [(e.line, e.arxiv_id) for e in listing.entries] == [
        (2, None),
        (8, "2010.14701"),
        (15, None),
    ]
    assert listing.entries[0].title == "Unifying vision-and-language tasks via text generation"
    assert listing.entries[0].authors[-1] == "M. Bansal"  # the unquoted title is no name
    assert [(u.line, u.reason[:14]) for u in listing.unread] == [(13, "page furniture")]


def test_acl_two_columns_copied_raw() -> None:
    """No blank line, no indent: a short line ends a reference, and after a full line ending
    in a full stop a line of names opens one; a line short before a title set as a link
    ("…Iwasawa. 2022.") does not end its reference, nor a page number inside one."""
    text = (
        "Seanie Lee, Dong Bok Lee, and Sung Ju Hwang. 2021.\n"
        "Contrastive learning with adversarial perturbations for\n"
        "conditional text generation. In 9th International Con-\n"
        "ference on Learning Representations, ICLR 2021, Vir-\n"
        "tual Event, Austria, May 3-7, 2021. OpenReview.net.\n"
        "Tao Lei, Regina Barzilay, and Tommi Jaakkola.\n"
        "2016. Rationalizing neural predictions. Preprint,\n"
        "arXiv:1606.04155.\n"
        "Natalie Kiesler, Dominic Lohr, and Hieke Keuning. 2023.\n"
        "Exploring the potential of large language models to\n"
        "6\n"
        "\fgenerate formative programming feedback. Preprint,\n"
        "arXiv:2309.00029.\n"
        "Takeshi Kojima, Shixiang Shane Gu, Machel Reid,\n"
        "Yutaka Matsuo, and Yusuke Iwasawa. 2022.\n"
        "Large language models are zero-shot reasoners.\n"
        "arxiv.org/abs/2205.11916.\n"
        "T. Kojo, D. Jido, and A. Hayashigaki. 2007. Exotic\n"
        "Hadron in Pole-dominated QCD Sum Rules. Prog.\n"
        "Theor. Phys. Suppl, 168:58–61.\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.arxiv_id) for e in listing.entries] == [
        (1, None),
        (6, "1606.04155"),
        (9, "2309.00029"),
        (14, "2205.11916"),
        (18, None),
    ]
    assert listing.entries[3].title == "Large language models are zero-shot reasoners"
    assert [u.line for u in listing.unread] == [11]


def test_plainnat_layout_with_a_page_break_inside_a_reference() -> None:
    text = (
        "Wenchao Chen, Chaojie Wang, Bo Chen, Yicheng Liu, Hao Zhang, and Mingyuan Zhou. "
        "Bidirectional\n"
        " convolutional poisson gamma dynamical systems. In Hugo Larochelle, Marc’Aurelio "
        "Ranzato, Raia Had-\n"
        " sell, Maria-Florina Balcan, and Hsuan-Tien Lin, editors, Advances in Neural "
        "Information Processing Sys-\n"
        " tems 33: Annual Conference on Neural Information Processing Systems 2020, NeurIPS "
        "2020, December\n"
        "\fREFERENCES                                                             4\n\n\n"
        "  6-12, 2020, virtual, 2020a. URL https://proceedings.neurips.cc/paper/2020/hash/\n"
        "  26178fc759d2b89c45dd31962f81dc61-Abstract.html.\n\n"
        "Yining Chen, Colin Wei, Ananya Kumar, and Tengyu Ma. Self-training avoids using "
        "spurious fea-\n"
        "  tures under domain shift. In Hugo Larochelle, Marc’Aurelio Ranzato, Raia Hadsell\n"
    )
    listing = parse_listing(text)
    assert [e.line for e in listing.entries] == [1, 11]
    assert listing.entries[0].title == "Bidirectional convolutional poisson gamma dynamical systems"
    assert (
        listing.entries[1].title
        == f"Self-training avoids using spurious fea{SOFT_HYPHEN}tures under domain shift"
    )
    assert [u.line for u in listing.unread] == [5]


def test_apalike_labels_and_words_pdftotext_joined() -> None:
    text = (
        "[Chen and Rudnicky, 2022] Chen, L. and Rudnicky, A. (2022). Fine-grained style control "
        "in transformerbased text-to-speech synthesis. In IEEE International Conference on "
        "Acoustics, Speech and Signal Processing, ICASSP 2022, pages 7907–7911. IEEE.\n"
        "[Chen et al., 2020a] Chen, W., Wang, C., Chen, B., Liu, Y., Zhang, H., and Zhou, M. "
        "(2020a). Bidirectional\n"
        "convolutional poisson gamma dynamical systems. In Larochelle, H., editor, Advances.\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.authors[0], e.year) for e in listing.entries] == [
        (1, "L. Chen", 2022),
        (2, "W. Chen", 2020),
    ]


def _excerpt(style: str, first: int, last: int) -> str:
    lines = (FIXTURES / "references" / f"{style}.txt").read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[first - 1 : last]) + "\n"


def test_acl_a_full_line_ending_in_an_initial_goes_on() -> None:
    # "…, and Vincent J." / "Hellendoorn. 2022. A systematic…" is one author list (the first
    # item is the tail of a reference cut by the excerpt; "X.-M. xu" is arXiv's lower case).
    listing = parse_listing(_excerpt("acl_natbib", 878, 892))
    assert [e.line for e in listing.entries] == [1, 6, 11]
    assert listing.entries[1].authors[-1] == "Vincent J. Hellendoorn"
    # A lone "." under a raised prime ("U(1)′") does not end the reference above it.
    listing = parse_listing(_excerpt("acl_natbib", 336, 346))
    assert [e.line for e in listing.entries] == [1, 5, 9]
    assert (
        listing.entries[1].title == "Electroweak phase transitions in the MSSM with an extra U(1)′"
    )


def test_nested_quotes_and_an_alias_in_brackets() -> None:
    bert = parse_listing(_excerpt("biblatex-ieee", 438, 441)).entries
    assert [(e.line, e.title) for e in bert] == [
        (1, "bertscore: Evaluating text generation with bert")
    ]
    guo = parse_listing(_excerpt("plainnat", 281, 284)).entries
    assert [(e.line, e.arxiv_id, e.authors[7]) for e in guo] == [
        (1, "2603.10521", "Rai (Michael Pokorny)")
    ]
