"""The accept / ambiguous / not-found rule on real near-twin papers."""

from __future__ import annotations

import datetime as dt

from bibtool.identify.match import author_agreement, check_identified, decide
from bibtool.model import ListingEntry, ListingForm, MatchStatus
from bibtool.text.similarity import abstract_similarity, title_similarity, title_word_differences
from tests.support.helpers import paper, papers_by_id


def title_entry(title: str, authors: tuple[str, ...] = (), truncated: bool = False,
                date: dt.date | None = None) -> ListingEntry:  # fmt: skip
    return ListingEntry(
        line=1, source=title, form=ListingForm.TITLES, title=title, authors=authors,
        authors_truncated=truncated, date=date,
    )  # fmt: skip


def find_by_title(prefix: str) -> list[str]:
    return [p.arxiv_id for p in papers_by_id().values() if p.title.startswith(prefix)]


def test_exact_title_with_authors_is_matched() -> None:
    target = paper("2107.13163")
    entry = title_entry(target.title, ("Colin Wei", "Yining Chen", "Tengyu Ma"))
    match = decide(entry, [target, paper("2106.09226")])
    assert match.status is MatchStatus.MATCHED
    assert match.paper == target


def test_near_twin_titles_pick_the_exact_one() -> None:
    twins = [paper(i) for i in find_by_title("Textbooks Are All You Need")]
    assert len(twins) >= 2, "fixture should hold Textbooks I and II"
    short = min(twins, key=lambda p: len(p.title))
    match = decide(title_entry(short.title), twins)
    assert match.status is MatchStatus.MATCHED
    assert match.paper == short


def test_truncated_listing_title_is_not_guessed() -> None:
    twins = [paper(i) for i in find_by_title("Textbooks Are All You Need")]
    match = decide(title_entry("Textbooks Are All You"), twins)
    assert match.status is not MatchStatus.MATCHED


def test_authors_that_contradict_veto_an_exact_title() -> None:
    target = paper("2107.13163")
    match = decide(title_entry(target.title, ("Alice Nobody", "Bob Elsewhere")), [target])
    assert match.status is MatchStatus.AMBIGUOUS
    assert "authors" in match.reason


def test_listing_date_before_first_version_vetoes() -> None:
    target = paper("2107.13163")
    match = decide(title_entry(target.title, date=dt.date(2015, 1, 1)), [target])
    assert match.status is MatchStatus.AMBIGUOUS


def test_unrelated_candidates_give_not_found() -> None:
    match = decide(title_entry("Quantum chromodynamics of cheese"), [paper("2107.13163")])
    assert match.status is MatchStatus.NOT_FOUND
    assert match.candidates  # the report still shows what was considered


def test_et_al_is_a_constraint_on_list_length() -> None:
    target = paper("2107.13163")  # three authors
    full = author_agreement(("Colin Wei", "Yining Chen", "Tengyu Ma"), False, target)
    claims_more = author_agreement(("Colin Wei", "Yining Chen", "Tengyu Ma"), True, target)
    assert full == 1.0
    assert claims_more is not None and claims_more < 1.0


def test_abstract_from_other_version_still_scores_high() -> None:
    target = paper("2206.07892")
    older = target.abstract.replace("uniform convergence (UC)", r"\em uniform convergence \em (UC)")
    older = older.replace("(1 - ε)", r"$(1 - \epsilon)$")
    assert abstract_similarity(older, target.abstract) > 0.95
    assert abstract_similarity(older, paper("2204.02683").abstract) < 0.6


def test_identifier_with_a_wrong_title_is_not_accepted() -> None:
    entry = ListingEntry(1, "x", ListingForm.IDS, title="Completely different words here",
                         arxiv_id="2107.13163")  # fmt: skip
    assert check_identified(entry, paper("2107.13163")).status is MatchStatus.AMBIGUOUS
    bare = ListingEntry(1, "x", ListingForm.IDS, arxiv_id="2107.13163")
    assert check_identified(bare, paper("2107.13163")).status is MatchStatus.MATCHED


def test_an_extra_title_word_is_another_work() -> None:
    reply = title_entry("Response: Emergent Analogical Reasoning In Large Language Models")
    original = title_entry("Emergent Analogical Reasoning In Large Language Models")
    papers = [p for i in ("2212.09196", "2308.16118") if (p := papers_by_id().get(i))]
    assert len(papers) == 2
    only_reply = [p for p in papers if p.title.startswith("Response")]
    # The original paper missing from arXiv's answer must not be replaced by the reply.
    assert decide(original, only_reply).status is not MatchStatus.MATCHED
    assert decide(reply, papers).paper == only_reply[0]


def test_sequel_parts_are_told_apart() -> None:
    parts = [p for p in papers_by_id().values() if p.title.startswith("Physics of Language Models")]
    assert len(parts) >= 2
    for target in parts:
        others = [p for p in parts if p is not target]
        assert decide(title_entry(target.title), others).status is not MatchStatus.MATCHED
        assert decide(title_entry(target.title), parts).paper == target


def test_companion_paper_with_a_longer_abstract_is_declined() -> None:
    letter = paper("0704.0629")  # CLEO letter; its long companion paper is 0704.0437
    entry = ListingEntry(1, "x", ListingForm.ABSTRACTS, abstract=letter.abstract)
    assert decide(entry, [paper("0704.0437")]).status is MatchStatus.AMBIGUOUS
    assert decide(entry, [paper("0704.0437"), letter]).paper == letter


def test_sub_and_superscripts_compare_as_typed() -> None:
    # A title typed from its rendering glues scripts to their word (benchmarks/synthetic.py
    # declined these as "3 title words differ").
    for typed, arxiv in [
        (
            "An excitonic insulator phase in 1T-TiSe2",
            "An excitonic insulator phase in 1T-TiSe$_{2}$",
        ),
        (
            "Fusion of radioactive 132Sn with 64Ni",
            "Fusion of radioactive $^{132}$Sn with $^{64}$Ni",
        ),
        ("Collisions at √sNN=200 GeV", "Collisions at $\\sqrt{s_{_{NN}}}$=200 GeV"),
        ("From dyadic Λα to Λα", "From dyadic $\\Lambda_{\\alpha}$ to $\\Lambda_{\\alpha}$"),
    ]:
        assert title_word_differences(typed, arxiv) == 0, typed
        assert title_similarity(typed, arxiv) == 1.0, typed


def test_a_collaboration_and_its_first_member_are_two_names_on_both_sides() -> None:
    """arXiv writes "CLEO Collaboration: M. Artuso" as one author; a listing shows two names."""
    target = paper("0704.0629")
    assert target.authors[0].name.startswith("CLEO Collaboration: ")
    assert author_agreement(("CLEO Collaboration", "M. Artuso"), True, target) == 1.0
    match = decide(title_entry(target.title, ("CLEO Collaboration", "M. Artuso"), True), [target])
    assert match.status is MatchStatus.MATCHED
    joined = paper("0704.0342")  # one arXiv author "B. Dugmore & PP. Ntumba": two people
    assert author_agreement(("B. Dugmore", "PP. Ntumba"), False, joined) == 1.0
    # and a listing may show the joined form itself: it is split alike
    assert author_agreement(("CLEO Collaboration: M. Artuso",), True, target) == 1.0


def test_an_identifier_outranks_a_misread_title_it_stands_beside() -> None:
    """apalike, fixtures/references: the title was misread, but the reference opens with the
    paper's first author and prints its title; a reference that ran into the next one (the
    id and title of the next) opens with another author and is still declined."""
    misread = ListingEntry(
        283,
        "[Lee and Lee, 2019] Lee, C.-h. and Lee, H.-y. (2019). Cross-lingual transfer learning "
        "for question answering. arXiv preprint arXiv:1907.06042.",
        ListingForm.REFERENCES,
        title="and Lee, H.-y",
        arxiv_id="1907.06042",
    )
    assert check_identified(misread, paper("1907.06042")).status is MatchStatus.MATCHED
    merged = ListingEntry(
        493,
        "Seanie Lee, Dong Bok Lee, and Sung Ju Hwang. 2021. Contrastive learning with "
        "adversarial perturbations for conditional text generation. In 9th International Con"
        "ference on Learning Representations. Tao Lei, Regina Barzilay, and Tommi Jaakkola. 2016. "
        "Rationalizing neural predictions. Preprint, arXiv:1606.04155.",
        ListingForm.REFERENCES,
        title="Contrastive learning with adversarial perturbations for conditional text generation",
        arxiv_id="1606.04155",
    )
    assert check_identified(merged, paper("1606.04155")).status is MatchStatus.AMBIGUOUS


def test_a_venue_list_in_another_order_is_no_contradiction() -> None:
    # DBLP's ICML 2019 record has "So, Le, Liang" where arXiv has "So, Liang, Le".
    evolved = paper("1901.11117")
    names = ("David R. So", "Quoc V. Le", "Chen Liang")
    entry = ListingEntry(692, "x", ListingForm.REFERENCES, title="The evolved transformer",
                         authors=names, year=2019)  # fmt: skip
    assert decide(entry, [evolved]).status is MatchStatus.MATCHED
    # Another first author is still a contradiction.
    swapped = ListingEntry(1, "x", ListingForm.REFERENCES, title="The evolved transformer",
                           authors=("Chen Liang", "David R. So"), year=2019)  # fmt: skip
    assert decide(swapped, [evolved]).status is MatchStatus.AMBIGUOUS


def test_a_long_titles_sequel_erratum_or_renamed_twin_is_told_apart_by_its_words() -> None:
    """The margin is counted in characters: on a long title "X II" is 0.98 alike to "X"; the
    words that differ tell them apart, both ways, and two papers of one title stay ambiguous."""
    from dataclasses import replace

    base = paper("2107.13163")
    long_title = base.title + " with a Long Subtitle About Sample Complexity Bounds"
    first = replace(base, title=long_title)
    twins = {
        "sequel": replace(base, arxiv_id="2201.00001", title=long_title + " II"),
        "erratum": replace(base, arxiv_id="2201.00002", title="Erratum: " + long_title),
        "renamed": replace(base, arxiv_id="2201.00003", title=long_title + " Revisited"),
    }
    authors = tuple(a.name for a in base.authors[:1])
    for twin in twins.values():
        match = decide(title_entry(long_title, authors, truncated=True), [first, twin])
        assert (match.status, match.paper) == (MatchStatus.MATCHED, first)
    sequel = twins["sequel"]
    match = decide(title_entry(sequel.title, authors, truncated=True), [first, sequel])
    assert (match.status, match.paper) == (MatchStatus.MATCHED, sequel)
    same = replace(first, arxiv_id="2201.00004")
    match = decide(title_entry(long_title, authors, truncated=True), [first, same])
    assert match.status is MatchStatus.AMBIGUOUS


def test_a_withdrawal_notice_names_no_paper() -> None:
    """arXiv's withdrawal notices are one sentence shared by thousands of papers: an abstract
    listing holding one is declined, not matched to another withdrawn paper (0704.0615's
    notice against 0704.0156's, both real records)."""
    notice = paper("0704.0615").abstract
    entry = ListingEntry(1, notice, ListingForm.ABSTRACTS, abstract=notice)
    match = decide(entry, [paper("0704.0156")])
    assert match.status is not MatchStatus.MATCHED
    assert "too short to tell one paper from another" in match.reason


def test_a_companion_abstract_of_one_template_is_no_match() -> None:
    """2304.03277 ("Instruction Tuning with GPT-4") shares a fifth of its word pairs with LLaVA
    (2304.08485), one group's template; LLaVA's abstract keeps naming LLaVA, the listing never
    does: declined. LLaVA's own abstract is still matched."""
    listing = paper("2304.03277").abstract
    entry = ListingEntry(1, listing, ListingForm.ABSTRACTS, abstract=listing)
    match = decide(entry, [paper("2304.08485")])
    assert match.status is not MatchStatus.MATCHED
    assert "keeps using a name" in match.reason
    own = paper("2304.08485").abstract
    llava = ListingEntry(1, own, ListingForm.ABSTRACTS, abstract=own)
    assert decide(llava, [paper("2304.08485")]).status is MatchStatus.MATCHED
    assert decide(llava, [paper("2304.03277")]).status is not MatchStatus.MATCHED  # both ways


def test_a_person_cited_by_name_is_not_a_coined_name() -> None:
    """The real abstracts listing copies an older abstract of 2204.02683 that cites "HaoChen et
    al (2021)" twice; arXiv's abstract never names HaoChen. A name cited ("et al", a year) is no
    method's name: the older version is matched (0.29 of its word pairs shared), with the
    other fixture papers as runners-up."""
    from pathlib import Path

    listing = Path(__file__).parents[2] / "fixtures" / "listings" / "abstracts-colin-wei.txt"
    line = listing.read_text(encoding="utf-8").splitlines()[3]
    abstract = line.removeprefix("Abstract:")
    assert abstract.count("HaoChen et al") == 2
    entry = ListingEntry(4, line, ListingForm.ABSTRACTS, abstract=abstract)
    others = [paper(i) for i in ("2204.02683", "2106.04156", "2010.03622")]
    match = decide(entry, others)
    assert match.status is MatchStatus.MATCHED and match.paper == paper("2204.02683")
