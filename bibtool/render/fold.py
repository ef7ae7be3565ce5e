"""Folding text to key material: ASCII letters and digits, stop words, surnames of a paper."""

from __future__ import annotations

from bibtool.model import Paper
from bibtool.text.names import clean_author_names, surname
from bibtool.text.normalise import normalise


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Łukasz` -> `lukasz`, `β-VAE` -> `betavae`."""
    return normalise(text).replace(" ", "")


def paper_surnames(paper: Paper) -> list[str]:
    """Each real author's sorting name (`d'Ascoli` -> `Ascoli`, organisations' core words)."""
    return [surname(n) for n in clean_author_names(a.name for a in paper.authors)]
