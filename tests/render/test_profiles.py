"""Golden outputs from real records: the zotero profile, CSL-JSON, key formulas, names, titles."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool.cli import app
from bibtool.render import escape_latex, format_authors, make_key, render_entry
from bibtool.render.csl import csl_item, csl_name, render_csl_json
from bibtool.render.formula import compile_formula, fold_case
from bibtool.render.keys import check_pattern
from bibtool.render.titles import plain_text, protect_title
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import paper

ZOTERO = """\
@misc{jelassi2023length,
  title      = {Length Generalization in Arithmetic Transformers},
  author     = {Jelassi, Samy and d'Ascoli, Stéphane and Domingo-Enrich, Carles and Wu, Yuhuai and Li, Yuanzhi and Charton, François},
  year       = {2023},
  month      = jun,
  eprinttype = {arxiv},
  eprint     = {2306.15400},
  url        = {https://arxiv.org/abs/2306.15400},
}
"""  # noqa: E501


def test_zotero_profile_exact() -> None:
    assert render_entry(paper("2306.15400"), "jelassi2023length", profile="zotero") == ZOTERO


def test_zotero_title_is_plain_and_keeps_unwritable_maths() -> None:
    entry = render_entry(paper("1411.4413"), "k", profile="zotero")
    assert "  title      = {Observation of the rare $B^0_s\\to\\mu^+\\mu^-$ decay from the" in entry
    assert "{CMS}" not in entry.splitlines()[1]  # no case braces: Zotero never re-cases
    assert "author     = {{The CMS} and {LHCb Collaborations} and Khachatryan, V." in entry
    assert "archivePrefix" not in entry and "primaryClass" not in entry


@pytest.mark.parametrize(
    ("title", "plain"),
    [
        ("$\\beta$-VAE and {GPT}-4o: \\emph{more} \\& less", "β-VAE and GPT-4o: more & less"),
        ('Gr\\"obner bases in $O(n^2)$ time', "Gröbner bases in $O(n^2)$ time"),
        ("$\\alpha\\text{-Fe}_2$ and $\\ell_1$", "$\\alpha\\textrm{-Fe}_2$ and $\\ell_1$"),
        ("$\\Bz\\to\\pip$ at {BaBar}", "Bz→pip at BaBar"),  # an author's macros, by name
    ],
)
def test_plain_text(title: str, plain: str) -> None:
    assert plain_text(title) == plain


@pytest.mark.parametrize(
    ("arxiv_id", "title"),
    [
        ("2106.09685", "{LoRA}: Low-Rank Adaptation of Large Language Models"),
        ("2309.05463", "Textbooks Are All You Need {II}: phi-1.5 technical report"),
        ("2410.21276", "{GPT}-4o System Card"),
        ("2306.08842", "{ViP}: {A} Differentially Private Foundation Model for Computer Vision"),
        (
            "1411.4413",
            "Observation of the rare {$B^0_s\\to\\mu^+\\mu^-$} decay from the combined analysis"
            " of {CMS} and {LHCb} data",
        ),
    ],
)
def test_golden_titles(arxiv_id: str, title: str) -> None:
    assert escape_latex(protect_title(paper(arxiv_id).title), ascii_only=True) == title


def test_private_maths_macros_cannot_break_latex() -> None:
    assert escape_latex("$\\Bz\\to\\pip$ and $\\text{Fe}$", ascii_only=True) == (
        "$\\backslash\\mathrm{Bz}\\to\\backslash\\mathrm{pip}$ and $\\textrm{Fe}$"
    )


def test_golden_names_from_the_cms_lhcb_author_list() -> None:
    names = format_authors(paper("1411.4413").authors, ascii_only=True).split(" and ")
    for expected in [
        "{The CMS}",  # corporate, braced whole
        "Finger, Jr., M.",  # suffix
        "du Pree, T.",  # particle
        "de Monchenault, G. Hamel",
        "van Herwijnen, E.",
        'M{\\"a}enp{\\"a}{\\"a}, T.',  # accents escaped for classic BibTeX
        "Bj{\\o}rnstad, P.M.",
        "Pila{\\v{r}}, T.",
    ]:
        assert expected in names


@pytest.mark.parametrize(
    ("arxiv_id", "formula", "key"),
    [
        ("2410.21276", "auth.lower + shorttitle(3,3) + year", "hurstGPT4oSystemCard2024"),
        (
            "2306.15400",
            "auth.lower + shorttitle(3,3) + year",
            "jelassiLengthGeneralizationArithmetic2023",
        ),  # noqa: E501
        ("2306.15400", "authors(2) + '_' + year", "JelassiAscoliEtAl_2023"),
        ("2106.09685", "auth(3).upper + veryshorttitle + year.substring(3,2)", "HULoRA21"),
        ("1411.4413", "auth.lower + title.abbr.upper + year", "cmsORBDCACLD2014"),
        ("2601.03267", "authors(1) + ':' + id", "SinghEtAl:2601_03267"),
        ("2601.03267", "auth(0,2).lower + year | id", "fry2025"),
    ],
)
def test_key_formulas(arxiv_id: str, formula: str, key: str) -> None:
    assert make_key(paper(arxiv_id), pattern=formula) == key


def test_formula_falls_back_and_keys_stay_unique() -> None:
    anonymous = dataclasses.replace(paper("2306.15400"), authors=())
    assert make_key(anonymous, pattern="auth + year | 'arXiv' + id") == "arXiv2306_15400"
    p = paper("2410.21276")
    assert make_key(p, {"HurstGPT4o2024"}, "auth + veryshorttitle + year") == "HurstGPT4o2024a"


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("auth.lower +", "column 13: expected name"),
        ("author + year", "unknown function 'author'"),
        ("auth.shout", "unknown filter 'shout'"),
        ("auth + 'a b'", "characters a key cannot hold"),
        ("{auth}{nope}", "unknown key pattern token {nope}"),
        ("auth(1,2,3)", "bad arguments to auth"),
    ],
)
def test_bad_formulas_are_named(formula: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("{", r"\{")):
        check_pattern(formula)


def test_formula_grammar_parses_alternatives_terms_and_filters() -> None:
    assert compile_formula("auth(3).lower + 'x' | id") == [
        [[("auth", [3]), ("lower", [])], [("'", ["x"])]],
        [[("id", [])]],
    ]
    assert fold_case("Błasiok Ørsted-ŁÓD GPT-4o") == "BlasiokOrstedLODGPT4o"


def test_csl_json_item_from_a_real_record() -> None:
    item = csl_item(paper("1411.4413"), "cms2014observation")
    assert item["type"] == "article" and item["publisher"] == "arXiv"
    assert item["number"] == "arXiv:1411.4413" and item["DOI"] == "10.1038/nature14474"
    assert item["note"] == "Nature 522, 68-72 (04 June 2015)"
    assert item["issued"] == {"date-parts": [[2014, 11, 17]]}
    assert item["author"][:2] == [{"literal": "The CMS"}, {"literal": "LHCb Collaborations"}]
    # Particles and suffixes inside family: Zotero drops non-dropping-particle and suffix.
    assert {"family": "du Pree", "given": "T."} in item["author"]
    assert {"family": "Finger Jr.", "given": "M."} in item["author"]
    assert item["citation-key"] == item["id"] == "cms2014observation"
    assert item["title"].startswith("Observation of the rare $B^0_s\\to\\mu^+\\mu^-$ decay")


def test_csl_json_document_keeps_every_author() -> None:
    text = render_csl_json([(paper("2601.03267"), "singh2025openai")])
    (item,) = json.loads(text)
    assert len(item["author"]) == 484 and item["id"] == "singh2025openai"
    assert csl_name("Ludwig van Beethoven") == {"family": "van Beethoven", "given": "Ludwig"}
    assert csl_name("Stéphane d'Ascoli") == {"family": "d'Ascoli", "given": "Stéphane"}


def test_fetch_csl_json_unicode_and_key_pattern_through_the_cli(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    net = ["--api-url", arxiv_server.url, "--delay", "0", "--cache-dir", str(tmp_path / "c")]
    result = CliRunner().invoke(app, ["fetch", "2306.15400", "--format", "csl-json", *net])
    assert result.exit_code == 0, result.stderr
    (item,) = json.loads(result.stdout)
    assert item["id"] == "jelassi2023length" and item["number"] == "arXiv:2306.15400"
    args = ["fetch", "2306.15400", "--unicode", "--key-pattern", "auth.lower + year", *net]
    result = CliRunner().invoke(app, args)
    assert result.stdout.startswith("@misc{jelassi2023,\n") and "François" in result.stdout
    result = CliRunner().invoke(app, ["fetch", "2306.15400", "--key-pattern", "nope", *net])
    assert result.exit_code == 2 and "--key-pattern" in result.stderr
