"""Folding text to key material: ASCII letters and digits, stop words, surnames of a paper."""

from __future__ import annotations

from bibtool.model import Paper
from bibtool.text.names import clean_author_names, surname
from bibtool.text.normalise import normalise

STOP_WORDS = frozenset(
    "a an the on of for in to and or nor but with without within via from is are was were be "
    "been do does did how why what when where which who towards toward at by as into onto over "
    "under about between through it its this that these those can we our you your not vs "
    "versus per than".split()
)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Łukasz` -> `lukasz`, `β-VAE` -> `betavae`."""
    return normalise(text).replace(" ", "")


def paper_surnames(paper: Paper) -> list[str]:
    """Each real author's sorting name (`d'Ascoli` -> `Ascoli`, organisations' core words)."""
    return [surname(n) for n in clean_author_names(a.name for a in paper.authors)]
