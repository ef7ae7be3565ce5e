"""What tells two works apart that share a title: the wrong folds found on real libraries.

Each case is one of the 34 folds of different works seen on 53 public .bib files (issue 15), or
one of the duplicates missed there; the property at the end is the rule behind them: titles that
differ in a number, version or part token, or entries with another ``number`` or ``edition``,
are never one work by metadata, and a shared identifier does not join titles numbered apart.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibtool.bibfile import parse_bib
from bibtool.works.dedupe import entry_facts, plan_dedupe
from bibtool.works.facts import WorkFacts
from bibtool.works.same import compare


def _facts(text: str) -> list[WorkFacts]:
    doc = parse_bib(text, name="x.bib")
    return [entry_facts(doc, e) for e in doc.entries]


def _decide(a: str, b: str) -> tuple[bool, str]:
    first, second = _facts(a + "\n" + b)
    decision = compare(second, first)
    return decision.same, decision.rule


@pytest.mark.parametrize(
    ("title_a", "title_b"),
    [
        ("Minutes of DPACE01", "Minutes of DPACE07"),
        ("Release notes for MIT Scheme 9.1.0", "Release notes for MIT Scheme 9.0.1"),
        ("R: A language and environment for statistical computing, version 6.1.1",
         "R: A language and environment for statistical computing, version 6.1"),
        ("Report on the Java09 Workshop on Programming",
         "Report on the Java10 Workshop on Programming"),
        ("E2E Stage2 Test Specification of the Framework",
         "E2E Stage3 Test Specification of the Framework"),
        ("Specification of the DU451Module Interface",
         "Specification of the DU452Module Interface"),
        ("Energetic consistency and coupling of the mean and covariance dynamics, Part I",
         "Energetic consistency and coupling of the mean and covariance dynamics, Part II"),
        ("Cuprous oxide photovoltaic cells (fourth quarterly report)",
         "Cuprous oxide photovoltaic cells (fifth quarterly report)"),
        ("The title of book one", "The title of book two"),
    ],
)  # fmt: skip
def test_titles_numbered_apart_are_two_works(title_a: str, title_b: str) -> None:
    body = "author = {Doe, Jane}, year = {2019}, institution = {MIT}"
    same, rule = _decide(
        f"@techreport{{a, title = {{{title_a}}}, {body}}}",
        f"@techreport{{b, title = {{{title_b}}}, {body}}}",
    )
    assert not same and rule == "title-numbers"


def test_a_shared_doi_or_arxiv_id_does_not_join_chapters_or_parts() -> None:
    book = "doi = {10.1515/9781400828739}, eprint = {0805.0001}, author = {Astrom, Karl}"
    chapters = [
        f"@incollection{{c{n}, title = {{{n:02d} {t}}}, {book}, year = {{2008}}}}"
        for n, t in ((1, "Introduction"), (5, "Dynamic Behavior"), (13, "Robust Performance"))
    ]
    doc = parse_bib("\n".join(chapters), name="x.bib")
    assert plan_dedupe(doc).groups == ()
    parts = "author = {Cohn, S. E.}, journal = {Mon. Weather Rev.}, doi = {10.1175/2009MWR3187.1}"
    title = "Energetic consistency and coupling of the mean and covariance dynamics"
    same, rule = _decide(
        f"@article{{p1, title = {{{title}, Part I}}, {parts}, year = {{2009}}}}",
        f"@article{{p2, title = {{{title}, Part II}}, {parts}, year = {{2009}}}}",
    )
    assert not same and rule == "id-conflict"


def test_a_copied_doi_does_not_join_titles_that_differ_in_a_word() -> None:
    doi = "doi = {10.17226/1234}, author = {{National Research Council}}, year = {1991}"
    same, rule = _decide(
        f"@techreport{{g, title = {{Report of the Panel on Galaxies}}, {doi}}}",
        f"@techreport{{c, title = {{Report of the Panel on Cosmology}}, {doi}}}",
    )
    assert not same and rule == "id-conflict"


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        # A 1989 book and a two-page 1990 review of it, with its title.
        ("@book{k, title = {The Structure of Scientific Theories Revisited}, author = {Suppe, F},"
         " publisher = {Illinois}, year = {1989}}",
         "@article{r, title = {The Structure of Scientific Theories Revisited},"
         " author = {Suppe, F}, journal = {Philosophy of Science}, pages = {1--2},"
         " year = {1990}}", "kind-differs"),
        # A technical report and a journal article without a year.
        ("@techreport{t, title = {Planning Control Rules for Reactive Agents},"
         " author = {Kabanza, F}, institution = {Sherbrooke}, year = {1985}}",
         "@article{j, title = {Planning Control Rules for Reactive Agents}, author = {Kabanza, F},"
         " journal = {Artificial Intelligence}}", "kind-differs"),
        # A proposal (no venue) and the conference paper of the next year.
        ("@misc{p, title = {Adaptive Mesh Refinement for Shallow Water Flows}, author = {Le, Q},"
         " year = {1993}, note = {Proposal}}",
         "@inproceedings{c, title = {Adaptive Mesh Refinement for Shallow Water Flows},"
         " author = {Le, Q}, booktitle = {Proc. ICCS}, year = {1994}}", "year-differs"),
        # The conference paper and a journal supplement with its title.
        ("@inproceedings{c, title = {Adaptive Mesh Refinement for Shallow Water Flows},"
         " author = {Le, Q}, booktitle = {Proc. ICCS}, year = {1994}}",
         "@article{s, title = {Adaptive Mesh Refinement for Shallow Water Flows}, author = {Le, Q},"
         " journal = {Journal of Hydrology, Supplement}, year = {1994}}", "kind-differs"),
        # Two editions of one book.
        ("@book{e1, title = {Sobrados e mocambos}, author = {Freyre, G}, year = {1936}}",
         "@book{e2, title = {Sobrados e mocambos}, author = {Freyre, G}, year = {1937}}",
         "edition-differs"),
        ("@book{e1, title = {Numerical Recipes in C}, author = {Press, W}, edition = {1},"
         " year = {1988}}",
         "@book{e2, title = {Numerical Recipes in C}, author = {Press, W}, edition = {2},"
         " year = {1988}}",
         "edition-differs"),
        # Two quarterly reports told apart by their report numbers only.
        ("@techreport{q1, title = {Cuprous Oxide Photovoltaic Cells}, author = {Trivich, D},"
         " institution = {Wayne State}, number = {NSF-AER-75-23453-4}, year = {1976}}",
         "@techreport{q2, title = {Cuprous Oxide Photovoltaic Cells}, author = {Trivich, D},"
         " institution = {Wayne State}, number = {NSF-AER-75-23453-5}, year = {1976}}",
         "number-differs"),
    ],
)  # fmt: skip
def test_other_publications_of_one_title_are_two_works(a: str, b: str, rule: str) -> None:
    same, found = _decide(a, b)
    assert not same and found == rule


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Short titles by the same authors in the same year.
        ("@article{ba2016layer, title = {Layer normalization}, author = {Ba, Jimmy Lei and Kiros,"
         " Jamie Ryan and Hinton, Geoffrey E}, journal = {arXiv:1607.06450}, year = {2016}}",
         "@article{Ba.Kiros.Hinton.2016, title = {Layer Normalization}, author = {Ba, J. L. and"
         " Kiros, J. R. and Hinton, G. E.}, journal = {arXiv:1607.06450}, year = {2016}}"),
        ("@book{boyd, title = {Convex Optimization}, author = {Boyd, Stephen and Vandenberghe,"
         " Lieven}, publisher = {Cambridge University Press}, year = {2004}}",
         "@book{Boyd.Vandenberghe.2004, title = {Convex Optimization}, author = {Boyd, S. and"
         " Vandenberghe, L.}, publisher = {Cambridge Univ. Press}, year = {2004}}"),
        # A preprint and its publication two years later.
        ("@misc{candes2009, title = {Robust Principal Component Analysis?}, author = {Candes,"
         " Emmanuel J. and Li, Xiaodong and Ma, Yi and Wright, John}, year = {2009},"
         " eprint = {0912.3599}, archivePrefix = {arXiv}}",
         "@article{candes2011, title = {Robust principal component analysis?},"
         " author = {Cand{\\`e}s, Emmanuel J. and Li, Xiaodong and Ma, Yi and Wright, John},"
         " journal = {Journal of the ACM}, volume = {58}, number = {3}, pages = {1--37},"
         " year = {2011}}"),
        # A title typed without a space, or broken by ligatures.
        ("@inproceedings{u1, title = {Underlaying Cellular Networks for Device-to-Device Links},"
         " author = {Lin, X}, booktitle = {ICC}, year = {2014}}",
         "@inproceedings{u2, title = {UnderlayingCellular Networks for Device-to-Device Links},"
         " author = {Lin, X}, booktitle = {ICC}, year = {2014}}"),
        ("@article{g1, title = {High-e Ffi Ciency Second Harmonic Generation from a Single Hybrid"
         " ZnO Nanowire}, author = {Grinblat, G}, journal = {Nano Lett.}, year = {2014}}",
         "@article{g2, title = {High Efficiency Second Harmonic Generation from a Single Hybrid ZnO"
         " Nanowire}, author = {Grinblat, G}, journal = {Nano Lett.}, volume = {14},"
         " year = {2014}}"),
    ],
)  # fmt: skip
def test_duplicates_missed_before_are_found(a: str, b: str) -> None:
    same, rule = _decide(a, b)
    assert same, rule


_TOKENS = st.sampled_from(
    ["1", "2", "3", "01", "07", "9.1.0", "9.0.1", "6.1", "6.1.1", "II", "III"]
)
_WORDS = st.lists(
    st.sampled_from("adaptive mesh refinement shallow water flows analysis report".split()),
    min_size=3,
    max_size=6,
)


@given(words=_WORDS, x=_TOKENS, y=_TOKENS, shared=st.sampled_from(["", "doi", "eprint"]))
def test_titles_numbered_apart_are_never_one_work(
    words: list[str], x: str, y: str, shared: str
) -> None:
    title = " ".join(words).capitalize()
    ids = {"": "", "doi": ", doi = {10.1/x}", "eprint": ", eprint = {2101.00001}"}[shared]
    body = f"author = {{Doe, Jane}}, year = {{2020}}{ids}"
    same, _ = _decide(
        f"@misc{{a, title = {{{title} {x}}}, {body}}}",
        f"@misc{{b, title = {{{title} {y}}}, {body}}}",
    )
    number = {"II": "2", "III": "3"}
    digits = ["".join(c for c in number.get(t, t) if c.isdigit()) for t in (x, y)]
    if digits[0] != digits[1]:
        assert not same


@given(
    words=_WORDS,
    field=st.sampled_from(["number", "edition"]),
    x=st.integers(1, 20),
    y=st.integers(1, 20),
)
def test_another_number_or_edition_is_never_one_work(
    words: list[str], field: str, x: int, y: int
) -> None:
    title = " ".join(words).capitalize()
    body = "author = {Doe, Jane}, year = {2020}, institution = {MIT}"
    same, _ = _decide(
        f"@techreport{{a, title = {{{title}}}, {body}, {field} = {{{x}}}}}",
        f"@techreport{{b, title = {{{title}}}, {body}, {field} = {{{y}}}}}",
    )
    if x != y:
        assert not same
