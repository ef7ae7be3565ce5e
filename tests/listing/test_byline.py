"""Splitting an author-page title line into title, authors, ``et al.`` and affiliations."""

from __future__ import annotations

import csv
import datetime as dt
import json
from functools import lru_cache
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bibtool.listing import parse_listing
from bibtool.listing.byline import read_byline, split_title_authors
from bibtool.model import Listing
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"
TODAY = dt.date(2026, 3, 20)


@lru_cache(maxsize=1)
def _records() -> dict[str, dict[str, Any]]:
    with (FIXTURES / "arxiv" / "records.jsonl").open(encoding="utf-8") as fh:
        return {rec["id"]: rec for rec in map(json.loads, fh)}


@pytest.fixture(scope="module")
def hard() -> Listing:
    text = (LISTINGS / "author-page-hard-splits.txt").read_text(encoding="utf-8")
    return parse_listing(text, today=TODAY)


def _answers() -> list[tuple[int, str]]:
    path = LISTINGS / "author-page-hard-splits.answers.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [(int(r["line"]), r["arxiv_id"]) for r in csv.DictReader(fh, delimiter="\t")]


def test_hard_splits_recover_each_records_title_and_first_authors(hard: Listing) -> None:
    """Every entry of the fixture was written from a record: the parse must give it back."""
    assert hard.unread == ()
    assert [e.line for e in hard.entries] == [line for line, _ in _answers()]
    for entry, (_, arxiv_id) in zip(hard.entries, _answers(), strict=True):
        rec = _records()[arxiv_id]
        assert entry.title == " ".join(rec["title"].split()), arxiv_id
        assert entry.authors == tuple(rec["authors"][:3]), arxiv_id
        assert entry.authors_truncated == (len(rec["authors"]) > 3), arxiv_id
        assert entry.date == dt.date.fromisoformat(rec["published"][:10]), arxiv_id
        assert entry.category == rec["primary_category"], arxiv_id


@pytest.mark.parametrize(
    ("line", "title_end", "authors", "affiliations"),
    [
        (
            1,
            "on Frontier LLMs",
            ("Chuan Guo", "Juan Felipe Ceron Uribe", "Sicheng Zhu"),
            ("openai",),
        ),
        (
            4,
            "experiments with GPT-4",
            ("Sébastien Bubeck", "Varun Chandrasekaran", "Ronen Eldan"),
            (),
        ),
        (7, "Transformers", ("Samy Jelassi", "Stéphane d'Ascoli", "Carles Domingo-Enrich"), ()),
        (14, "Problems Using CVXPY", ("Eric Luxenberg", "Dhruv Malik", "Yuanzhi Li"), ()),
        (17, "Reducing SAT to 2-SAT", ("Sergey Gubin",), ("independent",)),
        (20, "fragmentation trees", ("Peter McCullagh", "Jim Pitman", "Matthias Winkel"), ()),
        (25, "Wasserstein Diffusion", ("Max-K von Renesse", "Karl-Theodor Sturm"), ()),
        (
            28,
            "Contrastive Editing (mice)",
            ("Alexis Ross", "Ana Marasović", "Matthew E. Peters"),
            (),
        ),
        (31, "admissible pairing", ("Robin de Jong",), ()),
        (34, "Neural Network Geometry?", ("Kaiqi Jiang", "Dhruv Malik", "Yuanzhi Li"), ()),
    ],
)
def test_hard_splits_one_by_one(
    hard: Listing,
    line: int,
    title_end: str,
    authors: tuple[str, ...],
    affiliations: tuple[str, ...],
) -> None:
    entry = next(e for e in hard.entries if e.line == line)
    assert entry.title is not None and entry.title.endswith(title_end)
    assert (entry.authors, entry.affiliations) == (authors, affiliations)


def test_hard_splits_header_variants_and_abstracts(hard: Listing) -> None:
    first, third, fourth = hard.entries[0], hard.entries[2], hard.entries[3]
    assert (first.date, first.category) == (dt.date(2026, 3, 11), "cs.AI")  # "92.5AIMar 11Code"
    assert (fourth.date, fourth.category) == (dt.date(2023, 6, 15), "cs.CV")  # "91.0CVJun 15, 2023"
    assert third.abstract == " ".join(_records()["2306.15400"]["abstract"].split())  # two lines
    assert next(e for e in hard.entries if e.line == 23).abstract is None


@pytest.mark.parametrize(
    ("line", "title", "authors", "truncated", "affiliations"),
    [
        (
            "GPT-4o System CardAaron Hurst, Adam Lerer, Adam P. Goucher et al. · openai",
            "GPT-4o System Card",
            ("Aaron Hurst", "Adam Lerer", "Adam P. Goucher"),
            True,
            ("openai",),
        ),
        (
            "Training language models to follow instructions with human feedback (RLHF)Long "
            "Ouyang, Jeff Wu, Xu Jiang et al.",
            "Training language models to follow instructions with human feedback (RLHF)",
            ("Long Ouyang", "Jeff Wu", "Xu Jiang"),
            True,
            (),
        ),
        (
            "Gradient-Based Learning Applied to Document RecognitionYann LeCun, Léon Bottou",
            "Gradient-Based Learning Applied to Document Recognition",
            ("Yann LeCun", "Léon Bottou"),
            False,
            (),
        ),
        (
            "Symphony No. 9Ludwig van Beethoven · vienna",
            "Symphony No. 9",
            ("Ludwig van Beethoven",),
            False,
            ("vienna",),
        ),
        (
            "Deep Networks from the Principle of Rate ReductionKwan Ho Ryan Chan, Yaodong Yu",
            "Deep Networks from the Principle of Rate Reduction",
            ("Kwan Ho Ryan Chan", "Yaodong Yu"),
            False,
            (),
        ),
        (
            "Candela Photo-Injector Experimental ResultsC. Travier, L. Boy, J.N. Cayla et al.",
            "Candela Photo-Injector Experimental Results",
            ("C. Travier", "L. Boy", "J.N. Cayla"),
            True,
            (),
        ),
        (  # a camel given name: no title word ends "bulletHong"
            "Timing and Lensing of the Colliding Bullet Clusters: barely enough time and gravity "
            "to accelerate the bulletHongSheng Zhao",
            "Timing and Lensing of the Colliding Bullet Clusters: barely enough time and gravity "
            "to accelerate the bullet",
            ("HongSheng Zhao",),
            False,
            (),
        ),
        (  # a spaced ampersand joins two names
            "Geometric Phase and Superconducting Flux QuantizationWalter A. Simmons & "
            "Sandip S. Pakvasa · openai",
            "Geometric Phase and Superconducting Flux Quantization",
            ("Walter A. Simmons", "Sandip S. Pakvasa"),
            False,
            ("openai",),
        ),
        (  # groups after a person are list items, not a reason to give up the split
            "Diffuse X-ray Emission from the Carina Nebula Observed with SuzakuKenji Hamaguchi, "
            "the Suzaku Eta Carinae team, the Carinae D-1 team",
            "Diffuse X-ray Emission from the Carina Nebula Observed with Suzaku",
            ("Kenji Hamaguchi", "the Suzaku Eta Carinae team", "the Carinae D-1 team"),
            False,
            (),
        ),
        (
            "Photoproduction of pi0 omega off protons for E(gamma) < 3 GeVJ. Junkersfeld, "
            "for the CB-ELSA collaboration",
            "Photoproduction of pi0 omega off protons for E(gamma) < 3 GeV",
            ("J. Junkersfeld", "for the CB-ELSA collaboration"),
            False,
            (),
        ),
        (  # a group heads the list, and its acronym is not cut ("decaysLH|Cb")
            "Search for CP violation in decaysLHCb collaboration: R. Aaij, T. Ackernley et al.",
            "Search for CP violation in decays",
            ("LHCb collaboration", "R. Aaij", "T. Ackernley"),
            True,
            (),
        ),
        (
            "GPT-4 Technical ReportOpenAI, Josh Achiam, Steven Adler et al.",
            "GPT-4 Technical Report",
            ("OpenAI", "Josh Achiam", "Steven Adler"),
            True,
            (),
        ),
    ],
)
def test_byline_examples(
    line: str,
    title: str,
    authors: tuple[str, ...],
    truncated: bool,
    affiliations: tuple[str, ...],
) -> None:
    byline = read_byline(line)
    assert (byline.title, byline.authors) == (title, authors)
    assert (byline.truncated, byline.affiliations) == (truncated, affiliations)


@pytest.mark.parametrize(
    "title",
    [
        "Provable Guarantees for Self-Supervised Deep Learning with Spectral Contrastive Loss",
        "An Implementation of Werewolf Agent That does not Truly Trust LLMs",
        "Semi-supervised 3D Semantic Scene Completion with 2D Vision Foundation Model Guidance",
        "Balancing Act: Prioritization Strategies for LLM-Designed Restless Bandit Rewards",
        "Delay as Payoff in MAB",
        "Q&A Systems & Theory for Data Teams",
    ],
)
def test_a_title_without_authors_is_not_split(title: str) -> None:
    assert split_title_authors(title) is None
    assert read_byline(title).title == title


def test_camel_title_word_wins_over_a_camel_first_name() -> None:
    """``LL|MsChuan`` would leave an orphan in both words; ``LLMs|Chuan`` reads cleanly."""
    byline = read_byline("Benchmarks for LLMsChuan Guo, Sicheng Zhu")
    assert (byline.title, byline.authors) == ("Benchmarks for LLMs", ("Chuan Guo", "Sicheng Zhu"))


# --- property: render an entry the way the front-end does, read it back ------------------------

# Words of real titles (fixtures/arxiv/records.jsonl), chosen for the hard ends they give a title:
# capitals, digits, brackets, question marks, hyphenated, colon-glued and camel-case words.
TITLE_WORDS = (
    "Learning Deep Language Models Transformers via of the for with Sparse Rate Reduction "
    "Self-Supervised Contrastive Loss Implicit Bias Generalization Neural Networks GPT-4 LLMs "
    "CLIP (ROPS) (P5) Inference Doubly-Intractable Zero-Shot Part 3.1, Scaling Laws Is All You "
    "Need Textbooks Phi-3 ViP: A Survey Tasks? Max-Margin 50,176 Tokens CVXPY 2-SAT GSM8k ReduNet: "
    "White-Box Kernel v.s. (mice) Geometry? Transfer Agents Reasoning NeuralODEs LoRA LoRAs "
    "OpenAI BERT I II"
).split()
# Names exactly as records.jsonl writes them: particles, accents, hyphens, initials, inner capitals.
NAMES = (
    "Colin Wei",
    "Tengyu Ma",
    "Jeff Z. HaoChen",
    "Stéphane d'Ascoli",
    "Carles Domingo-Enrich",
    "Sébastien Bubeck",
    "Adam P. Goucher",
    "Sang Michael Xie",
    "Juan Felipe Ceron Uribe",
    "Yi Ma",
    "Peter McCullagh",
    "Tommaso de Fernex",
    "Max-K von Renesse",
    "Karl-Theodor Sturm",
    "Ana Marasović",
    "Robin de Jong",
    "Zeyuan Allen-Zhu",
    "J. Zico Kolter",
    "Kwan Ho Ryan Chan",
    "Jarosław Błasiok",
    "Caio César Teodoro Mendes",
    "Christopher A. Choquette-Choo",
    "S.Y. BenZvi",
    "Laura DeMarco",
    "D. L. DePoy",
    "Mark U. SubbaRao",
    "Ryan MacDonald",
    "Allie Del Giorno",
    "Yin Tat Lee",
    "Ewine van Dishoeck",
    "T. du Pree",
)


def test_property_alphabets_are_real() -> None:
    names = {name for rec in _records().values() for name in rec["authors"]}
    words = {w for rec in _records().values() for w in rec["title"].split()}
    assert set(NAMES) <= names
    assert set(TITLE_WORDS) <= words


@settings(max_examples=300, deadline=None)
@given(
    title_words=st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=9),
    authors=st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
    truncated=st.booleans(),
    affiliations=st.lists(st.sampled_from(["openai", "stanford", "berkeley", "mila"]), max_size=2),
)
@example(["Frontier", "LLMs"], ["Colin Wei"], False, [])
@example(["Reduction"], ["Kwan Ho Ryan Chan", "J. Zico Kolter"], True, ["mila"])
def test_parse_of_rendered_entry_recovers_title_and_authors(
    title_words: list[str], authors: list[str], truncated: bool, affiliations: list[str]
) -> None:
    title = " ".join(title_words)
    line = title + ", ".join(authors) + (" et al." if truncated else "")
    line += f" · {', '.join(affiliations)}" if affiliations else ""
    listing = parse_listing(f"LGJun 1, 2023Code\n{line}\nAn abstract.", today=TODAY)
    (entry,) = listing.entries
    assert (entry.title, entry.authors) == (title, tuple(authors))
    assert entry.authors_truncated is truncated
    assert entry.affiliations == tuple(affiliations)
