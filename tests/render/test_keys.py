"""Citation keys: the default pattern on real papers, accents, collisions, patterns."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibtool.model import Author, Paper
from bibtool.render.fold import ascii_fold
from bibtool.render.keys import make_key, suffix_letters, title_words
from tests.support.helpers import paper


def make_paper(title: str, *names: str, year: int = 2024, arxiv_id: str = "2401.00001") -> Paper:
    return Paper(
        arxiv_id=arxiv_id,
        version=1,
        title=title,
        authors=tuple(Author(n) for n in names),
        abstract="",
        published=dt.date(year, 5, 1),
        updated=dt.date(year, 5, 1),
        primary_category="cs.LG",
    )


@pytest.mark.parametrize(
    ("arxiv_id", "key"),
    [
        ("2107.13163", "wei2021statistically"),
        ("2106.09685", "hu2021lora"),
        ("2410.21276", "hurst2024gpt4o"),
        ("2309.05463", "li2023textbooks"),
        ("2306.15400", "jelassi2023length"),
        ("2304.07880", "pires2023sabia"),
        ("0704.0573", "ikhdair2007elativistic"),
        ("1411.4413", "cms2014observation"),  # first author "The CMS"
        ("0704.0437", "cleo2007measurement"),  # "CLEO Collaboration: T. K. Pedlar"
    ],
)
def test_default_key_on_real_papers(arxiv_id: str, key: str) -> None:
    assert make_key(paper(arxiv_id)) == key


@pytest.mark.parametrize(
    ("title", "author", "key"),
    [
        ("GPT-4o System Card", "OpenAI", "openai2024gpt4o"),
        ("A Survey on Agents", "Sébastien Bubeck", "bubeck2024survey"),
        ("The Art of Towards", "Łukasz Kaiser", "kaiser2024art"),
        ("Towards a Theory", "Jarosław Błasiok", "blasiok2024theory"),
        ("How Do Models Learn?", "Kathrin Seßler", "sessler2024models"),
        ("Why Is It So?", "Stéphane d'Ascoli", "ascoli2024so"),
        ("On the of a", "Ludwig van Beethoven", "beethoven2024on"),  # only stop words
        ("$\\beta$-VAE revisited", "Jeff Z. HaoChen", "haochen2024betavae"),
        ("$p$-adic Limit", "Neal J. Evans II", "evans2024padic"),
        ("Results", "The ATLAS Collaboration", "atlas2024results"),
        ("Results", "for the CB-ELSA collaboration", "cbelsa2024results"),
        ("Results", ":", "anon2024results"),  # nothing but junk
        ('Gr\\"obner bases', "Mikkel {\\O}bro", "obro2024grobner"),
        ("Données", "Iñigo Casanueva", "casanueva2024donnees"),
    ],
)
def test_default_key(title: str, author: str, key: str) -> None:
    assert make_key(make_paper(title, author)) == key


def test_key_uses_first_version_year() -> None:
    p = make_paper("Statistically Meaningful", "Colin Wei", year=2021)
    later = dataclasses.replace(p, version=5, updated=dt.date(2023, 1, 1))
    assert make_key(p) == make_key(later) == "wei2021statistically"


def test_key_skips_junk_first_author() -> None:
    p = make_paper("GPT-4o System Card", ":", "and Aaron Hurst")
    assert make_key(p) == "hurst2024gpt4o"


def test_collisions_get_letter_suffixes_case_insensitively() -> None:
    p = make_paper("Statistically Meaningful", "Colin Wei", year=2021)
    assert make_key(p, taken={"wei2021statistically"}) == "wei2021statisticallya"
    assert make_key(p, taken=["Wei2021Statistically", "WEI2021STATISTICALLYA"]) == (
        "wei2021statisticallyb"
    )
    taken = {"wei2021statistically"} | {
        "wei2021statistically" + suffix_letters(n) for n in range(1, 27)
    }
    assert make_key(p, taken=taken) == "wei2021statisticallyaa"


def test_suffix_letters() -> None:
    assert [suffix_letters(n) for n in (1, 2, 26, 27, 28, 52, 53, 702, 703)] == [
        "a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("pattern", "key"),
    [
        ("{auth}{year}{title}", "wei2021statistically"),
        ("{Auth}{year}", "Wei2021"),
        ("{auth}{year}{shorttitle}", "wei2021statisticallymeaningfulapproximation"),
        ("arxiv:{id}", "arxiv:2107_13163"),
        ("{auth}-{year}", "wei-2021"),
    ],
)
def test_patterns(pattern: str, key: str) -> None:
    assert make_key(paper("2107.13163"), pattern=pattern) == key


def test_old_style_id_pattern() -> None:
    p = make_paper("Strings", "Ed Witten", arxiv_id="hep-th/9901001")
    assert make_key(p, pattern="{id}") == "hep-th_9901001"


def test_unknown_token_is_named() -> None:
    with pytest.raises(ValueError, match=r"\{author\}"):
        make_key(paper("2107.13163"), pattern="{author}{year}")


@pytest.mark.parametrize("pattern", ["{auth} {year}", "{auth},{year}", "{auth", "x%{year}"])
def test_pattern_text_a_key_cannot_hold(pattern: str) -> None:
    with pytest.raises(ValueError, match="cannot hold"):
        make_key(paper("2107.13163"), pattern=pattern)


def test_empty_expansion_falls_back_to_the_id() -> None:
    assert make_key(make_paper("", "Colin Wei"), pattern="{title}") == "arxiv240100001"


def test_title_words() -> None:
    # Key material is folded as titles are for matching (text.normalise): \ell is the
    # character ℓ, whose compatibility form is l, as a listing copied from a PDF writes it.
    assert title_words("Towards a Theory of $\\ell_2$ Low-Rank GPT-4o") == [
        "theory", "l2", "lowrank", "gpt4o",
    ]  # fmt: skip
    assert title_words("Towards a Theory of ℓ2 Low-Rank GPT-4o")[1] == "l2"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Sébastien", "sebastien"), ("Łukasz", "lukasz"), ("Straße", "strasse"), ("Øbro", "obro")],
)
def test_ascii_fold(text: str, folded: str) -> None:
    assert ascii_fold(text) == folded


@given(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=5), st.sets(st.text()))
def test_keys_are_safe_ascii_and_unique(title: str, names: list[str], taken: set[str]) -> None:
    key = make_key(make_paper(title, *names), taken=taken)
    assert key.isascii() and key.isalnum()
    assert key.lower() not in {t.lower() for t in taken}
