"""Folding text to key material: ASCII letters and digits, stop words, surnames of a paper."""

from __future__ import annotations

import re
import unicodedata

from bibtool.model import Paper
from bibtool.render.latex import to_unicode
from bibtool.render.names import clean_author_names, surname
from bibtool.text.chars import GREEK, MATH_ARGS, TEXT_COMMANDS

STOP_WORDS = frozenset(
    "a an the on of for in to and or nor but with without within via from is are was were be "
    "been do does did how why what when where which who towards toward at by as into onto over "
    "under about between through it its this that these those can we our you your not vs "
    "versus per than".split()
)
# Letters NFKD leaves alone, spelt the way their languages transliterate them.
_TRANSLIT = {
    "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ȷ": "j", "ħ": "h", "ŋ": "ng", "ŀ": "l", "ĸ": "k", "ŧ": "t",
}  # fmt: skip
# Commands that only format or draw a symbol; other command names (\alpha) are kept as words.
_SILENT = TEXT_COMMANDS | {
    n for n in MATH_ARGS if n.startswith(("math", "text", "operator", "bold"))
}
_LITERAL_OK = re.compile(r"[A-Za-z0-9_:.\-]*")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: `Łukasz` -> `lukasz`, `β-VAE` -> `betavae`."""
    text = re.sub(r"\\([A-Za-z]+)", lambda m: "" if m[1] in _SILENT else m[1], to_unicode(text))
    decomposed = unicodedata.normalize("NFKD", text.lower())
    out = [GREEK[c].removeprefix("var") if c in GREEK else _TRANSLIT.get(c, c) for c in decomposed]
    return re.sub(r"[^a-z0-9]", "", "".join(out))


def paper_surnames(paper: Paper) -> list[str]:
    """Each real author's sorting name (`d'Ascoli` -> `Ascoli`, organisations' core words)."""
    return [surname(n) for n in clean_author_names(a.name for a in paper.authors)]
