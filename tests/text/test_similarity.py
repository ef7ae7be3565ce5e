"""Title word differences read a word written as two, or two as one, alike (fixtures/references)."""

from __future__ import annotations

import pytest

from bibtool.text.similarity import title_word_differences


@pytest.mark.parametrize(
    ("listing", "arxiv"),
    [
        # ieeetr copied with -raw: "Unify-"/"ing" joined with a soft hyphen
        ("Unify\u00ading vision-and-language tasks via text generation",
         "Unifying Vision-and-language Tasks Via Text Generation"),
        # apalike in pdftotext's reading order: the hyphen of "transformer-"/"based" dropped
        ("Fine-grained style control in transformerbased text-to-speech synthesis",
         "Fine-grained Style Control In Transformer-based Text-to-speech Synthesis"),
        ("CLIPPO: image-andlanguage understanding from pixels only",
         "CLIPPO: Image-and-Language Understanding from Pixels Only"),
        ("End-toend training of multi-document reader and retriever for open-domain question "
         "answering", "End-to-end Training Of Multi-document Reader And Retriever For "
         "Open-domain Question Answering"),
        # a space a typist moved
        ("Learnin gvia Provabl eGuarantees", "Learning via Provable Guarantees"),
    ],
)  # fmt: skip
def test_words_split_or_joined_are_the_same_words(listing: str, arxiv: str) -> None:
    assert title_word_differences(listing, arxiv) == 0


def test_a_real_extra_word_still_counts() -> None:
    assert (
        title_word_differences("Textbooks Are All You Need II", "Textbooks Are All You Need") == 1
    )
    assert (
        title_word_differences(
            "Physics of Language Models: Part 3.1", "Physics of Language Models: Part 3.2"
        )
        == 2
    )
