"""The DOI grammar: one DOI in any written form, or every DOI in a text.

A DOI is ``10.`` + 4 to 9 digits + ``/`` + a suffix of anything but white space and ``"``
(old SICI DOIs hold ``<``, ``>``, ``(`` and ``;``: ``10.1002/(SICI)1097-4636(199706)``). It is
written bare, after ``doi:`` (any case, spaces allowed), or as a link
(``https://doi.org/…``, ``http://dx.doi.org/…``, ``www.doi.org/…``), percent-encoded or not.
A DOI picks up the punctuation of the sentence around it, so a trailing ``. , ; :`` or quote is
never part of it, and a closing ``) ] } >`` only when the DOI opened one. DOIs compare ignoring
case (``doi_key``); the text keeps the case it was written in.

    parse_doi("https://doi.org/10.1000/XYZ.")   -> "10.1000/XYZ"
    find_dois("(doi:10.1016/S1090-5138(02)00134-4)")  -> ["10.1016/S1090-5138(02)00134-4"]
"""

from __future__ import annotations

import re
import urllib.parse

__all__ = ["ARXIV_DOI_PREFIX", "doi_key", "find_dois", "parse_doi", "strip_doi_prefix"]

ARXIV_DOI_PREFIX = "10.48550/"  # arXiv's own DOIs (10.48550/arXiv.ID): an arXiv id, not a venue
_BODY = r"10\.\d{4,9}/[^\s\"]+"
_PREFIX = r"(?:doi\s*:\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/)"
_WHOLE = re.compile(rf"\s*{_PREFIX}?(?P<doi>{_BODY})\s*", re.IGNORECASE)
_ANY = re.compile(rf"(?<![\w.])(?P<doi>{_BODY})", re.IGNORECASE)
_LINKED = re.compile(rf"{_PREFIX}(?P<doi>{_BODY})", re.IGNORECASE)
_PREFIX_ONLY = re.compile(rf"\s*{_PREFIX}", re.IGNORECASE)
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}
_SENTENCE = ".,;:\"'’”"


def parse_doi(text: str) -> str | None:
    """The DOI when ``text`` is exactly one DOI in a written form, else None."""
    m = _WHOLE.fullmatch(_decoded(text))
    return (_trimmed(m["doi"]) or None) if m else None


def find_dois(text: str, *, linked_only: bool = False) -> list[str]:
    """Every DOI in free text, in order, without repeats (compared ignoring case).

    ``linked_only``: only DOIs written with ``doi:`` or as a doi.org link, for fields where a
    bare ``10.…/…`` could be something else (a note, a URL of another site).
    """
    found: dict[str, str] = {}
    for m in (_LINKED if linked_only else _ANY).finditer(_decoded(text)):
        doi = _trimmed(m["doi"])
        if doi:
            found.setdefault(doi_key(doi), doi)
    return list(found.values())


def doi_key(doi: str) -> str:
    """The form two DOIs are compared in: DOIs ignore case."""
    return doi.lower()


def strip_doi_prefix(text: str) -> str:
    """``text`` without a leading ``doi:`` or doi.org link (what a ``doi`` field should hold)."""
    return _PREFIX_ONLY.sub("", text, count=1)


def _decoded(text: str) -> str:
    return urllib.parse.unquote(text) if "%" in text else text


def _trimmed(doi: str) -> str:
    """``doi`` without the sentence punctuation it picked up."""
    while doi:
        last = doi[-1]
        if last in _SENTENCE or last in _CLOSERS and doi.count(last) > doi.count(_CLOSERS[last]):
            doi = doi[:-1]
        else:
            break
    return doi if re.fullmatch(_BODY, doi) else ""
