"""Author names: arXiv "First Last" to BibTeX, junk entries, corporate names, real author lists."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bibtool.model import Author
from bibtool.render.names import format_authors, format_name
from bibtool.text.names import clean_author_names, is_corporate, parse_name, surname
from tests.support.helpers import paper
from tests.support.oracles import split_and


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Colin Wei", "Wei, Colin"),
        ("Ludwig van Beethoven", "van Beethoven, Ludwig"),
        ("Floris van der Tak", "van der Tak, Floris"),
        ("Georg M. von Hippel", "von Hippel, Georg M."),
        ("J. Gomez del Campo", "del Campo, J. Gomez"),
        ("Henrique Ponde de Oliveira Pinto", "de Oliveira Pinto, Henrique Ponde"),
        ("T. du Pree", "du Pree, T."),
        ("Jan de la Cruz", "de la Cruz, Jan"),
        ("Quoc V. Le", "Le, Quoc V."),  # a particle word as the surname itself
        ("Stéphane d'Ascoli", "d'Ascoli, Stéphane"),
        ("N.d'Ambrumenil", "d'Ambrumenil, N."),
        # A capitalised particle running to the last word opens the surname (Zotero's import
        # made "Luc Van Gool" first name "Luc Van", and abbrv printed "M. D. Araújo"), except
        # Vietnamese "Van"/"Thi" and Chinese given syllables before a common surname.
        ("Marcelo De Araújo", "De Araújo, Marcelo"),
        ("Luc Van Gool", "Van Gool, Luc"),
        ("Sandra Le Coz", "Le Coz, Sandra"),
        ("M. Van De Klundert", "Van De Klundert, M."),
        ("Thanh Van Nguyen", "Nguyen, Thanh Van"),
        ("Nguyen Van Khue", "Khue, Nguyen Van"),  # family name first: not read as a particle
        ("Zhi Da Chen", "Chen, Zhi Da"),
        ("Van Gool", "Gool, Van"),  # two words: the first is a given name
        ("C. Beirão Da Cruz E Silva", "Silva, C. Beirão Da Cruz E"),  # no run to the last word
        ("Neal J. Evans II", "Evans, II, Neal J."),
        ("Eyo Eyo Ita III", "Ita, III, Eyo Eyo"),
        ("Charles L. Webber Jr.", "Webber, Jr., Charles L."),
        ("James M. Valles Jr", "Valles, Jr, James M."),
        ("John Smith Sr.", "Smith, Sr., John"),
        ("Guy L. Steele IV", "Steele, IV, Guy L."),
        ("Ahmed El-Kishky", "El-Kishky, Ahmed"),
        ("Frédérique Battin-Leclerc", "Battin-Leclerc, Frédérique"),
        ("Jeff Z. HaoChen", "HaoChen, Jeff Z."),
        ("J.-F.Desmurs", "Desmurs, J.-F."),
        ("A.N.Aleshaev", "Aleshaev, A.N."),
        ("Yu.S.Kalashnikova", "Kalashnikova, Yu.S."),
        ("S.K. OH", "OH, S.K."),
        ("AJ Ostrow", "Ostrow, AJ"),
        ("Shuaiqi (Tony) Xia", "Xia, Shuaiqi (Tony)"),
        # TeX accents as arXiv stores them are decoded once, here.
        ("Aur\\'elien Benoit-L\\'evy", "Benoit-Lévy, Aurélien"),
        ("Szymon S{\\l}awi\\'nski", "Sławiński, Szymon"),
        ("Mikkel {\\O}bro", "Øbro, Mikkel"),
        ('T. Cs\\"org\\H{o}', "Csörgő, T."),
        ("Fran\\c{c}ois Legrand", "Legrand, François"),
        ("Ulf-G. Mei{\\ss}ner", "Meißner, Ulf-G."),
        ("Rastislav \\v{S}r\\'amek", "Šrámek, Rastislav"),
        # One-word and corporate names are braced whole.
        ("OpenAI", "{OpenAI}"),
        ("Mausam", "{Mausam}"),
        ("The ATLAS Collaboration", "{The ATLAS Collaboration}"),
        ("the PHOBOS Collaboration", "{the PHOBOS Collaboration}"),
        ("LIGO Scientific Collaboration", "{LIGO Scientific Collaboration}"),
        ("Google DeepMind", "{Google DeepMind}"),
        ("Meta AI", "{Meta AI}"),
        ("CERN", "{CERN}"),
        ("Rai (Michael Pokorny)", "{Rai (Michael Pokorny)}"),
        ("{Barack Obama}", "{Barack Obama}"),
        # Already in BibTeX's order: kept.
        ("van der Tak, Floris", "van der Tak, Floris"),
        ("Webber, Jr., Charles", "Webber, Jr., Charles"),
        # A lone word "and" would split the name for BibTeX.
        ("Tom and Jerry Smith", "Smith, Tom {and} Jerry"),
    ],
)
def test_format_name(name: str, expected: str) -> None:
    assert format_name(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ludwig van Beethoven", "Beethoven"),
        ("Stéphane d'Ascoli", "Ascoli"),
        ("Floris van der Tak", "Tak"),
        ("Neal J. Evans II", "Evans"),
        ("Ahmed El-Kishky", "El-Kishky"),
        ("OpenAI", "OpenAI"),
        ("The ATLAS Collaboration", "ATLAS"),
        ("LIGO Scientific Collaboration", "LIGO Scientific"),
        ("Google DeepMind", "Google"),
        ("Rai (Michael Pokorny)", "Rai"),
    ],
)
def test_surname(name: str, expected: str) -> None:
    assert surname(name) == expected


@pytest.mark.parametrize(
    ("name", "corporate"),
    [
        ("The ATLAS Collaboration", True),
        ("CLEO Collaboration", True),
        ("the Suzaku Eta Carinae team", True),
        ("Procter & Gamble Company", True),
        ("ATLAS CMS", True),
        ("Mistral AI", True),
        ("S.K. OH", False),
        ("A. B.", False),
        ("Wei ZHANG", False),
        ("Jeff Z. HaoChen", False),
        ("Ai Kawamura", False),
    ],
)
def test_is_corporate(name: str, corporate: bool) -> None:
    assert is_corporate(name) is corporate


def test_parse_name_keeps_parts() -> None:
    n = parse_name("Floris van der Tak")
    assert (n.first, n.von, n.last, n.jr, n.literal) == ("Floris", "van der", "Tak", "", None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # GPT-4o system card on arXiv: the collaboration, a stray ":", then the people.
        (["OpenAI", ":", "Aaron Hurst", "Adam Lerer"], ["OpenAI", "Aaron Hurst", "Adam Lerer"]),
        (["M. Bayer", "and C. A. Kuntscher"], ["M. Bayer", "C. A. Kuntscher"]),
        (["Gibor Basri;"], ["Gibor Basri"]),
        (["Philipp Podsiadlowski & Stephan Rosswog"], ["Philipp Podsiadlowski", "Stephan Rosswog"]),
        (["& Francesca Matteucci"], ["Francesca Matteucci"]),
        (["Charles L. Webber", "Jr."], ["Charles L. Webber Jr."]),
        (["CLEO Collaboration: T. K. Pedlar"], ["CLEO Collaboration", "T. K. Pedlar"]),
        (["The CMS and LHCb Collaborations"], ["The CMS and LHCb Collaborations"]),
        (["for the CB-ELSA collaboration"], ["the CB-ELSA collaboration"]),
        (["R. Granier de Cassagnac", "\\", ""], ["R. Granier de Cassagnac"]),
        (["A. Author", "et al."], ["A. Author"]),
        (["A. Author", "others"], ["A. Author"]),
        (["Smith, J.", "Doe, Jane"], ["Smith, J.", "Doe, Jane"]),
        (["Webber, Jr."], ["Webber Jr."]),
        (["Ann Lee, Bo Chen, Cy Dee"], ["Ann Lee", "Bo Chen", "Cy Dee"]),
        (["Jr."], []),
    ],
)
def test_clean_author_names(raw: list[str], expected: list[str]) -> None:
    assert clean_author_names(raw) == expected


def test_format_authors_gpt4o_with_stray_colon() -> None:
    authors = [Author(n) for n in ("OpenAI", ":", "Aaron Hurst", "Adam Lerer", "Adam P. Goucher")]
    assert format_authors(authors) == (
        "{OpenAI} and Hurst, Aaron and Lerer, Adam and Goucher, Adam P."
    )


def test_format_authors_never_emits_others() -> None:
    field = format_authors([Author("A. Author"), Author("others"), Author("et al.")])
    assert field == "Author, A."
    assert "others" not in field


@pytest.mark.parametrize("arxiv_id", ["2601.03267", "2410.21276"])
def test_system_cards_keep_every_author(arxiv_id: str) -> None:
    p = paper(arxiv_id)
    names = split_and(format_authors(p.authors))
    assert len(names) == len(p.authors)  # these lists hold no junk entries
    assert "others" not in names and "et al." not in names
    for formatted, author in zip(names, p.authors, strict=True):
        # Each rendered name still carries the arXiv name's last word.
        assert author.name.split()[-1] in formatted


def test_gpt5_card_renders_all_484_authors() -> None:
    names = split_and(format_authors(paper("2601.03267").authors))
    assert len(names) == 484
    assert names[0] == "Singh, Aaditya"
    assert "de Avila Belbute Peres, Filipe" in names
    assert "Posada Fishman" not in " ".join(names)  # Spanish double surnames are not guessed


def _depth0_commas(name: str) -> int:
    depth = commas = 0
    for c in name:
        depth += (c == "{") - (c == "}")
        commas += c == "," and depth == 0
    return commas


ARXIV_NAME = st.one_of(
    st.text(max_size=25),
    st.lists(
        st.sampled_from(
            ["Ann", "de", "van", "d'Or", "Jr.", "III", "and", "&", ":", ";", ",", "(Al)", "{X Y}"]
            + ["A.B.Cee", "The", "Team", "ÉVA", "Łu", "\\'e", "{", "}", "$x$", "others", " "]
        ),
        max_size=6,
    ).map(" ".join),
)


@given(st.lists(ARXIV_NAME, max_size=8))
def test_every_real_author_becomes_exactly_one_bibtex_name(raw: list[str]) -> None:
    real = clean_author_names(raw)
    field = format_authors([Author(n) for n in raw])
    names = split_and(field) if field else []
    assert len(names) == len(real)
    for name in names:
        assert name.strip() and name.strip().lower() != "others"
        assert _depth0_commas(name) <= 2  # BibTeX: "Too many commas in name"
        assert not name.rstrip().endswith(",")
