"""Reference strings as people paste them: each bibliography style, wrapping, numbering."""

from __future__ import annotations

import pytest

from bibtool.listing import parse_listing
from bibtool.listing.authors import Authors, read_authors
from bibtool.listing.refstring import read_reference
from bibtool.model import ListingForm
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"
TITLE = "Statistically meaningful approximation: a case study on approximating turing machines"
WEI = ("C. Wei", "Y. Chen", "T. Ma")


@pytest.mark.parametrize(
    ("text", "authors", "year", "arxiv_id"),
    [
        (
            f"C. Wei, Y. Chen, and T. Ma. {TITLE}. arXiv preprint arXiv:2107.13163, 2021.",
            WEI,
            2021,
            "2107.13163",
        ),
        (
            f"Wei, C., Chen, Y., & Ma, T. (2021). {TITLE}. arXiv preprint arXiv:2107.13163.",
            WEI,
            2021,
            "2107.13163",
        ),
        (f'[12] C. Wei, Y. Chen and T. Ma, "{TITLE}," in NeurIPS, 2022.', WEI, 2022, None),
        (
            f"Wei C, Chen Y, Ma T. {TITLE}. Adv Neural Inf Process Syst. 2022;35:1-12.",
            ("C Wei", "Y Chen", "T Ma"),
            2022,
            None,
        ),
        (
            f"Colin Wei, Yining Chen, and Tengyu Ma. 2022. {TITLE}. In NeurIPS.",
            ("Colin Wei", "Yining Chen", "Tengyu Ma"),
            2022,
            None,
        ),
        (
            f"3. C. Wei, Y. Chen, and T. Ma. {TITLE}. CoRR, abs/2107.13163, 2021.",
            WEI,
            2021,
            "2107.13163",
        ),
        # The forms of Google Scholar's "Cite" box: MLA (a full stop after the last surname)
        # and Chicago (the year, then the quoted title with its full stop inside the quotes).
        (
            f'Wei, Colin, Yining Chen, and Tengyu Ma. "{TITLE}." Advances in Neural Information '
            "Processing Systems 35 (2022): 12071-12083.",
            ("Colin Wei", "Yining Chen", "Tengyu Ma"),
            2022,
            None,
        ),
        (
            f'Wei, Colin, Yining Chen, and Tengyu Ma. 2022. "{TITLE}." Advances in Neural '
            "Information Processing Systems 35: 12071–83.",
            ("Colin Wei", "Yining Chen", "Tengyu Ma"),
            2022,
            None,
        ),
    ],
)
def test_each_style_gives_title_authors_year_and_id(
    text: str, authors: tuple[str, ...], year: int, arxiv_id: str | None
) -> None:
    ref = read_reference(text)
    assert ref is not None
    assert (ref.title, ref.authors.names, ref.year) == (TITLE, authors, year)
    assert (ref.arxiv.id if ref.arxiv else None) == arxiv_id


def test_a_middle_initial_does_not_end_the_author_list() -> None:
    ref = read_reference(
        "Markus N. Rabe, Dennis Lee, and others. Skip-tree training. In ICLR, 2021."
    )
    assert ref is not None
    assert ref.authors.names == ("Markus N. Rabe", "Dennis Lee")
    assert ref.authors.truncated and ref.title == "Skip-tree training"


def test_a_question_mark_ends_the_title_only_before_a_venue() -> None:
    inside = read_reference(
        "S. Garg et al. What can transformers learn in-context? a case study "
        "of simple function classes. In NeurIPS, 2022."
    )
    before = read_reference(
        "S. Garg et al. What Can Transformers Learn In-Context? In NeurIPS, 2022."
    )
    assert inside is not None and before is not None
    assert inside.title.endswith("simple function classes")
    assert before.title == "What Can Transformers Learn In-Context?"
    assert before.authors.truncated


@pytest.mark.parametrize(
    ("text", "names", "truncated"),
    [
        ("Wei, C., Chen, Y., Ma, T., ... Zhou, D.", ("C. Wei", "Y. Chen", "T. Ma"), True),
        (
            "Stéphane d'Ascoli, Carles Domingo-Enrich",
            ("Stéphane d'Ascoli", "Carles Domingo-Enrich"),
            False,
        ),
        ("Domingo-Enrich, C., & d'Ascoli, S.", ("C. Domingo-Enrich", "S. d'Ascoli"), False),
        # Vancouver with TeX accents, as a .bbl prints them: the surname is kept as written
        ('Brommer P, G\\"ahler F', ("P Brommer", 'F G\\"ahler'), False),
        ("Juzeli\\=unas G, Ma T", ("G Juzeli\\=unas", "T Ma"), False),
        # groups among the authors, a colon after a collaboration, "and et al."
        (
            "J. Junkersfeld and for the CB-ELSA collaboration",
            ("J. Junkersfeld", "for the CB-ELSA collaboration"),
            False,
        ),
        (
            "CLEO Collaboration: T. K. Pedlar and et al.",
            ("CLEO Collaboration", "T. K. Pedlar"),
            True,
        ),
        # arXiv's metadata doubles an "and" now and then
        ("C.S. Froning, and and M.A. Bitner", ("C.S. Froning", "M.A. Bitner"), False),
        ("Shea Brown and and Liliya R. Williams", ("Shea Brown", "Liliya R. Williams"), False),
    ],
)
def test_author_lists(text: str, names: tuple[str, ...], truncated: bool) -> None:
    assert read_authors(text) == Authors(names, truncated)


@pytest.mark.parametrize(
    "text",
    [
        "Textbooks Are All You Need",
        "C. Wei, Y.",
        "Statistically meaningful",
        "Search for heavy particles with the ATLAS collaboration",
    ],
)
def test_text_that_is_no_author_list(text: str) -> None:
    assert read_authors(text) is None


def test_titles_are_not_references() -> None:
    assert read_reference("Language Models are Few-Shot Learners") is None
    assert parse_listing(
        "Language Models are Few-Shot Learners\nTextbooks Are All You Need\n"
    ).form is (ListingForm.TITLES)


def test_wrapped_listing_reads_one_entry_per_reference() -> None:
    listing = parse_listing((LISTINGS / "references-wrapped.txt").read_text(encoding="utf-8"))
    assert listing.form is ListingForm.REFERENCES and listing.unread == ()
    assert [e.line for e in listing.entries] == [1, 4, 6, 8, 10, 12, 14, 17]
    canine = listing.entries[0]
    assert canine.title == (
        "Canine: pre-training an efficient tokenization-free encoder for language representation"
    )  # the wrapped title is joined
    assert canine.authors == ("J. H. Clark", "D. Garrette", "I. Turc", "J. Wieting")
    assert [e.arxiv_id for e in listing.entries if e.arxiv_id] == [
        "2403.07691",
        "2310.03684",
        "2212.03551",
    ]
    assert [e.authors_truncated for e in listing.entries].count(True) == 2


def test_numbered_ieee_listing() -> None:
    listing = parse_listing((LISTINGS / "references-ieee.txt").read_text(encoding="utf-8"))
    assert listing.form is ListingForm.REFERENCES and listing.unread == ()
    assert [e.line for e in listing.entries] == [1, 3, 5, 7, 9, 11, 13]
    assert listing.entries[6].title == (
        "Transformer Language Models Without Positional Encodings Still Learn Positional "
        "Information"
    )
    assert listing.entries[0].authors == ("T. Fu", "W. Y. Wang", "D. Mcduff", "Y. Song")


def test_an_item_that_is_no_reference_is_reported() -> None:
    text = (
        "C. Wei and T. Ma. Improved sample complexities. In NeurIPS, 2019.\n\n"
        "see also the appendix of that paper. It proves the lower bound in full detail "
        "for every case we consider, and some more.\n"
    )
    listing = parse_listing(text)
    assert [e.line for e in listing.entries] == [1]
    assert [u.line for u in listing.unread] == [3]


def test_a_token_that_is_only_tex_braces_is_no_crash() -> None:
    # "{}" is an empty word once TeX is taken out; it used to index past the end.
    assert read_reference("C. {} Wei. Statistically meaningful approximation. arXiv, 2021.") is None
    assert read_authors("C. {} Wei") is None


def test_a_hanging_indent_starts_an_item_at_every_flush_line() -> None:
    # The first item reads as no reference (a name it cannot parse): it must not swallow the
    # references after it, which the hanging indent separates (found by benchmarks/synthetic.py).
    text = (
        "Lindstrom T, Webster C, A.Ya.Tzalenchuk, Healey J.\n"
        "    Circuit QED with a flux qubit strongly coupled to a coplanar transmission line\n"
        "    resonator. arXiv:0704.0727. 2007.\n"
        "Ivgi M, Shaham U, Berant J. Efficient long-text understanding with\n"
        "    short-text models. arXiv preprint arXiv:2208.00748. 2022.\n"
        "Fast E, Chen B. Iris: A conversational\n"
        "    agent for complex tasks. Preprint. 2018.\n"
    )
    listing = parse_listing(text, form=ListingForm.REFERENCES)
    assert [(e.line, e.arxiv_id) for e in listing.entries] == [(4, "2208.00748"), (6, None)]
    assert listing.entries[1].title == "Iris: A conversational agent for complex tasks"
    assert [u.line for u in listing.unread] == [1, 2, 3]


def test_numbering_is_read_per_paragraph() -> None:
    # A numbered bibliography, a blank line, then one pasted from elsewhere without numbers:
    # the second paragraph's lines are items of their own, not continuations of "[2]".
    text = (
        "[1] C. Wei, Y. Chen, and T. Ma. Statistically meaningful approximation. 2021.\n"
        "[2] S. Jain and B. C. Wallace. Attention is not explanation. In NAACL, 2019.\n"
        "\n"
        "Ivgi M, Shaham U, Berant J. Efficient long-text understanding with\n"
        "    short-text models. arXiv preprint arXiv:2208.00748. 2022.\n"
        "Fast E, Chen B. Iris: A conversational\n"
        "    agent for complex tasks. Preprint. 2018.\n"
    )
    listing = parse_listing(text, form=ListingForm.REFERENCES)
    assert [e.line for e in listing.entries] == [1, 2, 4, 6]


def test_apa_suffix_stays_with_its_name() -> None:
    authors = read_authors("Lo, C. K., Heath, R. W., Jr., & Vishwanath, S.")
    assert authors == Authors(("C. K. Lo", "R. W. Heath Jr.", "S. Vishwanath"))


def test_a_wrapped_line_opening_with_a_year_is_no_item_number() -> None:
    # "2007. The HARPS…" is item 4 wrapped, not an item numbered 2007 (benchmarks/synthetic.py).
    text = (
        "3. M. Shanahan. Talking about large language models. arXiv:2212.03551, 2022.\n"
        "4. Dominique Naef, Michel Mayor, Willy Benz, Francois Bouchy, and Stephane Udry.\n"
        "2007. The HARPS search for southern extra-solar planets. IX. Exoplanets orbiting HD\n"
        "100777, HD 190647, and HD 221287. arXiv:0704.0917.\n"
        "5. C. Wei and T. Ma. Statistically meaningful approximation. 2021.\n"
    )
    listing = parse_listing(text, form=ListingForm.REFERENCES)
    assert [(e.line, e.arxiv_id) for e in listing.entries] == [
        (1, "2212.03551"),
        (2, "0704.0917"),
        (5, None),
    ]


def test_a_wrapped_title_end_is_no_reference_of_its_own() -> None:
    # "Agents. Physical Review D." reads as an author "Agents" and a title: without a year or an
    # identifier it continues the reference above (benchmarks/synthetic.py).
    text = (
        "Sumers, T. R. et al. (2023). Cognitive Architectures For Language\n"
        "Agents. Physical Review D.\n"
        "Gonen, H. et al. (2022). Demystifying Prompts In Language Models Via\n"
        "Perplexity Estimation. arXiv preprint arXiv:2212.04037.\n"
    )
    listing = parse_listing(text, form=ListingForm.REFERENCES)
    assert [(e.line, e.title) for e in listing.entries] == [
        (1, "Cognitive Architectures For Language Agents"),
        (3, "Demystifying Prompts In Language Models Via Perplexity Estimation"),
    ]


def test_a_lone_vancouver_author() -> None:
    ref = read_reference("[4] Wright P. Rigorous Results for the Periodic Oscillation. 2008.")
    assert ref is not None
    assert (ref.authors.names, ref.title) == (
        ("P Wright",),
        "Rigorous Results for the Periodic Oscillation",
    )


@pytest.mark.parametrize(
    ("text", "authors", "title"),
    [
        (
            "J.-Cl. Falmagne and S. Ovchinnikov. 2007. Mediatic graphs. arXiv:0704.0994.",
            ("J.-Cl. Falmagne", "S. Ovchinnikov"),
            "Mediatic graphs",
        ),
        (
            "Z. Han, Ph. Podsiadlowski, and A.E. Lynas-Gray. A binary model. 2007.",
            ("Z. Han", "Ph. Podsiadlowski", "A.E. Lynas-Gray"),
            "A binary model",
        ),
        ("Y. Li and T. Ma. Title here. 2020.", ("Y. Li", "T. Ma"), "Title here"),
    ],
)
def test_two_letter_initials_do_not_end_the_author_list(
    text: str, authors: tuple[str, ...], title: str
) -> None:
    ref = read_reference(text)
    assert ref is not None and (ref.authors.names, ref.title) == (authors, title)


def test_a_wrap_right_after_the_title_continues_until_the_year() -> None:
    # Flush-wrapped Vancouver references, the wrap falling after the title's full stop, and a
    # year alone on the last line (benchmarks/synthetic.py read these as titles, line by line).
    text = (
        "Wylie W. Complete Shrinking Ricci Solitons have Finite Fundamental Group.\n"
        "arXiv:0704.0317. 2007.\n"
        "Wu F, Fan A, Baevski A, Dauphin YN, Auli M. Pay Less Attention With\n"
        "Lightweight And Dynamic Convolutions. arXiv preprint arXiv:1901.10430.\n"
        "2019.\n"
        "Sharif M, Amir MJ. Teleparallel Version of the Stationary\n"
        "Axisymmetric Solutions and their Energy Contents. Preprint. 2008.\n"
    )
    listing = parse_listing(text)
    assert listing.form is ListingForm.REFERENCES and listing.unread == ()
    assert [(e.line, e.arxiv_id, e.year) for e in listing.entries] == [
        (1, "0704.0317", 2007),
        (3, "1901.10430", 2019),
        (6, None, 2008),
    ]


@pytest.mark.parametrize("heading", ["References", "7 Bibliography", "Works cited:", "REFERENCES"])
def test_a_bibliography_heading_is_no_entry(heading: str) -> None:
    """Searched as a title, "References" could only find a paper of that name: a wrong match."""
    text = (
        f"{heading}\n\n"
        "[1] C. Wei, Y. Chen, and T. Ma. Statistically meaningful approximation: a case study on "
        "approximating Turing machines with transformers. arXiv preprint arXiv:2107.13163, 2021.\n"
        "[2] S. Bubeck, V. Chandrasekaran, R. Eldan, et al. Sparks of artificial general "
        "intelligence: Early experiments with GPT-4. arXiv preprint arXiv:2303.12712, 2023.\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.form) for e in listing.entries] == [
        (3, ListingForm.REFERENCES),
        (4, ListingForm.REFERENCES),
    ]
    assert listing.unread == ()


def test_a_flush_wrap_after_a_quoted_path_or_before_an_id_line_stays_one_item() -> None:
    """A title ending in a path is no link; a line opening with 'arXiv:' opens no reference."""
    text = (
        'N. Tai, "Recovering GCP access secret from the /secrets/hello.txt,"\n'
        "arXiv:2308.16189, 2023.\n"
        "E. M. Smith, M. Williamson, K. Shuster, J. Weston and Y.-L.\n"
        'Boureau, "Can you put it all together: evaluating conversational\n'
        "agents' ability to blend skills,\" in Preprint, 2020.\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.arxiv_id) for e in listing.entries] == [(1, "2308.16189"), (3, None)]
    assert listing.entries[1].authors[-1] == "Y.-L. Boureau"
    assert listing.unread == ()


def test_an_unreadable_flush_wrapped_item_does_not_swallow_the_next_ones() -> None:
    text = (
        "Jang D, Yun T, Lee C, Kwon Y, Kim C. GPT-4 Can Pass The Korean National Licensing\n"
        "Examination For Korean Medicine Doctors. Physical Review D. 2023.\n"
        "Aharonian F, al e. Discovery of a point-like very-high-energy gamma-ray\n"
        "source in Monoceros. Transactions of the Association for Computational\n"
        "Linguistics. 2008.\n"
        "de Castro AS. Orthogonality criterion for banishing hydrino states from\n"
        "standard quantum mechanics. Journal of Mathematical Physics. 2007.\n"
        "Tafjord O, Mishra BD, Clark P. Proofwriter: Generating Implications, Proofs,\n"
        "And Abductive Statements Over Natural Language. Physical Review D. 2020.\n"
    )
    listing = parse_listing(text)
    assert [e.line for e in listing.entries] == [1, 6, 8]
    assert [u.line for u in listing.unread] == [3, 4, 5]  # reported, not dropped
    assert listing.entries[1].title == (
        "Orthogonality criterion for banishing hydrino states from standard quantum mechanics"
    )


def test_vancouver_initials_that_spell_a_suffix_and_a_tex_umlaut_in_ieee() -> None:
    sr = read_reference(
        "Kudugunta SR, Bapna A, Firat O. Investigating Multilingual NMT Representations At "
        "Scale. Journal of Mathematical Physics. 2019."
    )
    assert sr is not None and sr.authors.names == ("SR Kudugunta", "A Bapna", "O Firat")
    umlaut = read_reference(
        '[1] D. K\\"uhn and D. Osthus, "Linkedness and ordered cycles in digraphs," in '
        "International Conference on Learning Representations, 2007."
    )
    assert umlaut is not None and umlaut.title == "Linkedness and ordered cycles in digraphs"


def test_acl_wraps_mid_author_list_and_before_the_venue() -> None:
    """'…, and Dhruv' / 'Batra. 2017. …' is one list; '…fragments.' / 'Physical Review D.' one
    reference: ACL puts the year before the title, so the title's full stop is not the end."""
    text = (
        "Jiasen Lu, Anitha Kannan, Jianwei Yang, Devi Parikh, and Dhruv\n"
        "Batra. 2017. Best Of Both Worlds: Transferring Knowledge From\n"
        "Discriminative Learning To A Generative Visual Dialog Model.\n"
        "Kyle Richardson, Hai Hu, Lawrence S. Moss, and Ashish Sabharwal. 2019.\n"
        "probing natural language inference models through semantic fragments.\n"
        "Physical Review D.\n"
        "Xingyao Wang, Sha Li, and Heng Ji. 2022. Code4struct: Code Generation For Few-shot\n"
        "Event Structure Prediction. Journal of Mathematical Physics.\n"
    )
    listing = parse_listing(text)
    assert [e.line for e in listing.entries] == [1, 4, 7]
    assert listing.entries[0].authors[-1] == "Dhruv Batra"
    assert listing.entries[2].authors[0] == "Xingyao Wang"
    assert listing.unread == ()


def test_a_two_word_ieee_title_and_a_wrap_before_the_titles_last_word() -> None:
    short = read_reference(
        'W. Zhu, Z. Hu and E. Xing, "Text Infilling," in Advances in Neural Information '
        "Processing Systems, 2019."
    )
    assert short is not None and short.title == "Text Infilling"
    text = (
        "N. Maleki, B. Padmanabhan, and K. Dutta. AI Hallucinations: A Misnomer Worth\n"
        "Clarifying. In International Conference on Learning Representations, 2025.\n"
        "P. B. Warren. Flory-Huggins theory for the solubility of heterogeneously modified\n"
        "polymers. Physical Review D, 2007.\n"
    )
    listing = parse_listing(text)
    assert [(e.line, e.title) for e in listing.entries] == [
        (1, "AI Hallucinations: A Misnomer Worth Clarifying"),
        (3, "Flory-Huggins theory for the solubility of heterogeneously modified polymers"),
    ]


def test_an_unreadable_item_is_cut_before_a_reference_whose_quoted_title_wraps() -> None:
    text = (
        'S. Soman and R. H. G, "Observations On Llms For Telecom Domain: Capabilities And\n'
        'Limitations," in International Conference on Learning Representations, 2024.\n'
        'Y. Fu, H. Peng, A. Sabharwal, et al., "Complexity-based Prompting For\n'
        'Multi-step Reasoning," in Transactions of the Association for Computational\n'
        "Linguistics, 2022.\n"
        'Y. Okawa, "Analytic solutions for marginal deformations in open superstring field\n'
        'theory," in Journal of Mathematical Physics, 2008.\n'
    )
    listing = parse_listing(text)
    assert [e.line for e in listing.entries] == [3, 6]
    assert listing.entries[0].title == "Complexity-based Prompting For Multi-step Reasoning"
    assert [u.line for u in listing.unread] == [1, 2]


# Real lines of fixtures/references/ (pdftotext output of real .bib entries; see its SOURCES.md).


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # biblatex authoryear inverts the first name only
        (
            "Fan, Angela, Mike Lewis, and Yann Dauphin",
            ("Angela Fan", "Mike Lewis", "Yann Dauphin"),
        ),
        (
            "Aher, Gati V., Rosa I. Arriaga, and Adam Tauman Kalai",
            ("Gati V. Aher", "Rosa I. Arriaga", "Adam Tauman Kalai"),
        ),  # fmt: skip
        # BibTeX abbreviates a hyphenated given name's lower-case part so: "Chia-hsuan" -> C.-h.
        ("Lee, C.-h. and Lee, H.-y.", ("C.-h. Lee", "H.-y. Lee")),
        ("Lelkes, Á. D., Tran, V. Q., and Yu, C.", ("Á. D. Lelkes", "V. Q. Tran", "C. Yu")),
        # a name broken at a line end is joined back, whatever was read of the hyphen
        (
            "Philip Lazos, Stefano Leonardi, and Rebecca Reiffen\u00adhäuser",
            ("Philip Lazos", "Stefano Leonardi", "Rebecca Reiffenhäuser"),
        ),  # fmt: skip
    ],
)
def test_pdf_author_lists(text: str, names: tuple[str, ...]) -> None:
    authors = read_authors(text)
    assert authors is not None and authors.names == names


@pytest.mark.parametrize(
    ("text", "title", "year"),
    [
        # IEEE without quotes (biblatex-ieee's @misc): the title is no name
        (
            "J. Cho, J. Lei, H. Tan, and M. Bansal, Unifying vision-and-language tasks via text "
            "generation, 2021. arXiv: 2102 . 02779 [cs.CL].",
            "Unifying vision-and-language tasks via text generation",
            2021,
        ),
        # a month before the year in brackets, and a quoted title that asks a question
        (
            "Anonymous (May 1984). “Metafont Generic Font file format”. In: TUGboat 5.1, "
            "pp. 31–33.",
            "Metafont Generic Font file format",
            1984,
        ),
        (
            "Jiang, Zhengbao et al. (2020). “How can we know what language models know?” In: "
            "Transactions of the Association for Computational Linguistics 8, pp. 423–438.",
            "How can we know what language models know?",
            2020,
        ),
        # a question before an abbreviated journal, a year glued to an unquoted title
        (
            "A. Natarajan and P. Sikivie. Does the Second Caustic Ring of Dark Matter Cause the "
            "Monoceros Ring of Stars ? Phys. Rev. D, 76:023505, 2007.",
            "Does the Second Caustic Ring of Dark Matter Cause the Monoceros Ring of Stars ?",
            2007,
        ),
        (
            "Alan Pham, Eunice Chan, Vikranth Srivatsa, Dhruba Ghosh, Yaoqing Yang, Yaodong Yu, "
            "Ruiqi Zhong, Joseph E. Gonzalez, and Jacob Steinhardt. The effect of model size on "
            "worst-group generalization, 2021. URL https://arxiv.org/abs/2112.04094.",
            "The effect of model size on worst-group generalization",
            2021,
        ),
    ],
)
def test_pdf_reference_strings(text: str, title: str, year: int) -> None:
    ref = read_reference(text)
    assert ref is not None and (ref.title, ref.year) == (title, year)


def test_a_dash_stands_for_the_authors_above() -> None:
    text = (
        "Anonymous (May 1984). “Metafont Generic Font file format”. In: TUGboat 5.1, pp. 31–33.\n"
        "— (Apr. 1990). “GUTenberg’90, 15–17 May 1990, Toulouse, France”. In: TUGboat 11.1, pp. "
        "125–126.\n"
    )
    listing = parse_listing(text)
    assert [(e.authors, e.year) for e in listing.entries] == [
        (("Anonymous",), 1984),
        (("Anonymous",), 1990),
    ]
