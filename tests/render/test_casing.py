"""Names in titles: render.casing's evidence through protect_title, with and without abstract."""

from __future__ import annotations

import pytest

from bibtool.render import protect_title
from bibtool.text.propernames import is_proper_name

SM = "in the Standard Model. The content of the Standard Model and a model."
TURING = "We study how Transformers approximate Turing machines. Turing machines are universal."


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        # names wherever they stand: SCOWL's names, eponymous forms, element symbols
        ("Approximating Turing Machines", None, "Approximating {Turing} Machines"),
        ("A Keplerian Ring", None, "A {Keplerian} Ring"),
        ("Soft modes in Zn(CN)2", None, "Soft modes in {Zn}({CN})2"),
        ("Loss Functions for Search", None, "Loss Functions for Search"),
        # the abstract: capitalised alone in mid-sentence is a name, lower case is not
        ("Transformers and Turing Machines", TURING, "Transformers and {Turing} Machines"),
        ("Via Lipschitz Maps", "Its Lipschitz constant.", "Via {Lipschitz} Maps"),
        ("Deep Lipschitz Augmentation", None, "Deep Lipschitz Augmentation"),
        # runs are no evidence: a coined method name is no name
        ("With Projection Norm", "We propose a metric, Projection Norm.", "With Projection Norm"),
        # a run the abstract keeps capitalised in mid-sentence, twice or more, is a name
        ("Engineering the Standard Model", SM, "Engineering the {Standard} {Model}"),
        ("Using Swin Transformer", "the Swin Transformer and Swin Transformer layers.",
         "Using {Swin} {Transformer}"),
        ("The Path Kernel", "We introduce the Path Kernel. The Path Kernel is the Path Kernel.",
         "The Path Kernel"),
        # a run spelling out an acronym names a project when it holds an acronym or a name
        ("Using Mock LISA Data Challenges data", "the Mock LISA Data Challenges (MLDC) for",
         "Using {Mock} {LISA} {Data} {Challenges} data"),
        ("With Vision Transformers", "Vision Transformers (ViTs) are", "With Vision Transformers"),
        # a plural the abstract writes only in the singular
        ("Points in Orthogonal Grassmannians", "in an orthogonal Grassmannian",
         "Points in Orthogonal {Grassmannians}"),
        # joined to a name: by a hyphen to a listed one, by a slash to a product in mixed case
        ("On Kennicutt-Schmidt Laws", "The Kennicutt-Schmidt (KS) laws",
         "On {Kennicutt}-{Schmidt} Laws"),
        ("Non-Gaussian Tails", "", "Non-{Gaussian} Tails"),
        ("SunOS/Solaris Systems", "the systems", "{SunOS}/{Solaris} Systems"),
        ("The Case of Sars-Cov-2", "the case of covid-19", "The Case of {Sars}-{Cov}-2"),
        ("Phase-2 Upgrade", "the upgrade", "Phase-2 Upgrade"),
        # a sentence-case title: capitals the abstract is silent on are inherent
        ("Evolution of Lidov-Kozai cycles", "", "Evolution of {Lidov}-{Kozai} cycles"),
        ("A model with Organic gas", "the organic gas", "A model with Organic gas"),
        # ... unless it is a common English word: then the capital is the authors' emphasis
        ("A schematic model of scattering in PT-symmetric Quantum Mechanics", "a model",
         "A schematic model of scattering in {PT}-symmetric Quantum Mechanics"),
        ("Rare decays in the Littlest Higgs model", "",
         "Rare decays in the {Littlest} {Higgs} model"),
        ("Multifractality in Bach's Inventions pitches", "",
         "Multifractality in {Bach's} {Inventions} pitches"),
        # a catalogue or a data release is named like a survey
        ("The Millennium Galaxy Catalogue: Black holes", "drawn from the Millennium Galaxy "
         "Catalogue. The galaxies of the catalogue.",
         "The {Millennium} {Galaxy} {Catalogue}: Black holes"),
        # a Title-Case sentence ends inside the title: `Flow. Part II`
        ("Surfaces Under Curvature Flow. Part II", "",
         "Surfaces Under Curvature Flow. {Part} {II}"),
        # a subtitle's first word is no Title Case: `The Spitzer perspective`
        ("Obscured quasars: The Spitzer perspective", "the quasars",
         "Obscured quasars: The {Spitzer} perspective"),
        # an acronym before a word makes no run (`LRS Bianchi`); after it, it does (`Soft MoE`)
        ("LRS Bianchi Type-V Viscous Fluid Universe", "An LRS Bianchi type-V model. A fluid.",
         "{LRS} {Bianchi} Type-{V} Viscous Fluid Universe"),
        ("Implicit Bias in Soft Mixture of Experts", "The recently introduced Soft MoE mixes.",
         "Implicit Bias in Soft Mixture of Experts"),
        # a lone capital letter beside a word makes no run: the galaxy `I Zw 18`
        ("The CO Content of the Galaxy I Zw 18", "the dwarf I Zw 18 and I Zw 18 is.",
         "The {CO} Content of the Galaxy {I} {Zw} 18"),
        # a named survey, and a sentence opened inside the title
        ("Sky in the Sloan Digital Sky Survey", "", "Sky in the {Sloan} {Digital} {Sky} {Survey}"),
        ("Planets. IX. Exoplanets around HD 1", "", "Planets. {IX.} {Exoplanets} around {HD} 1"),
        # the article of a Title-Case title is no symbol; a symbol in a sentence-case one is
        ("Electromagnetism As A Large N Theory", "", "Electromagnetism As A Large {N} Theory"),
        ("Part A of the proof", None, "Part {A} of the proof"),
        # isotopes and subscripts
        ("Attenuation of superfluid $^{3}$He", None, "Attenuation of superfluid {$^{3}$He}"),
        ("Remarks on N_c dependence", None, "Remarks on {N_c} dependence"),
    ],
)  # fmt: skip
def test_names_in_titles(title: str, abstract: str | None, expected: str) -> None:
    assert protect_title(title, abstract) == expected
    assert protect_title(expected, abstract) == expected  # a second run changes nothing


@pytest.mark.parametrize(
    ("word", "name"),
    [
        ("Turing", True), ("Gaussian", True), ("Hamiltonians", True), ("Euclidean", True),
        ("Riemannian", True), ("Bertrand's", True), ("Fe", True), ("In", False), ("Median", False),
        ("Loss", False), ("Hall", False), ("Transformer", False), ("Today's", False),
    ],
)  # fmt: skip
def test_proper_names(word: str, name: bool) -> None:
    assert is_proper_name(word) is name
