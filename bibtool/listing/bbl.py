"""The .bbl form: the bibliography BibTeX or biber wrote for LaTeX, read back as references.

A paper's source often ships its ``.bbl`` where the ``.bib`` is missing.  BibTeX writes
``\\bibitem[label]{key}`` and the reference as the style sets it, in TeX (``\\newblock``,
``\\emph``, ``Gati~V. Aher``): each item is read as TeX text (:func:`bibtool.text.tex.to_text`)
and then as a reference string (:func:`bibtool.listing.refstring.read_reference`).  The label
may run over two lines.  biber writes each entry's data (``\\entry{key}{type}{}`` …
``\\endentry``): the title, the names' given and family parts, the year, ``eprint`` and ``doi``
are taken as they are.  An entry starts at its ``\\bibitem`` or ``\\entry`` line; the TeX
around the entries (``\\begin{thebibliography}``, biber's header) names no paper and is
reported as such (``%`` comments are skipped).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from bibtool.ids.arxiv import parse_arxiv_id
from bibtool.ids.doi import parse_doi
from bibtool.listing.refstring import read_reference
from bibtool.listing.text import Line, Parsed, source_of, squash, unread
from bibtool.model import ListingEntry, ListingForm, UnreadLine
from bibtool.text.tex import to_text

_BIBITEM = re.compile(r"\s*\\bibitem\b")
_ENTRY = re.compile(r"\s*\\entry\{(?P<key>[^}]*)\}")
_END = re.compile(r"\s*\\(?:endentry|end\{thebibliography\})")
_BBL_TEX = re.compile(
    r"\\(?:bibitem\b|entry\{|endentry\b|begin\{thebibliography\}|end\{thebibliography\}"
    r"|refsection\{|datalist\b|providecommand\{\\natexlab\}|@ifundefined\{ver@biblatex)"
)
_FIELD = re.compile(r"\\field\{(?P<name>\w+)\}\{(?P<value>(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}")
_VERB = re.compile(
    r"\\verb\{(?P<name>\w+)\}\s*\\verb\s+(?P<value>\S[^\n]*?)\s*\\endverb", re.DOTALL
)
_NAME_LIST = re.compile(
    r"\\name\{(?:author|editor)\}\{\d+\}\{[^}]*\}\{%(?P<names>.*?)\n\s*\}", re.DOTALL
)
_PART = re.compile(r"\b(?P<part>family|given|prefix|suffix)=\{(?P<value>(?:[^{}]|\{[^{}]*\})*)\}")
_NOT_A_PAPER = "TeX of the .bbl file, around its entries"
_UNREAD = "not read as a reference (authors, title, year)"


class BblParser:
    """Reads .bbl text; claims a block holding ``\\bibitem`` or biber's entries or wrapping."""

    form = ListingForm.BBL

    def claims(self, lines: Sequence[Line]) -> bool:
        return any(_BBL_TEX.search(line.text) for line in lines)

    def parse(self, lines: Sequence[Line], *, today: dt.date) -> Parsed:
        entries: list[ListingEntry] = []
        lost: list[UnreadLine] = []
        for item, outside in _items(lines):
            if outside:  # "%" comments are skipped, as in a .bib
                lost.extend(unread(line, _NOT_A_PAPER) for line in item if _tex(line))
                continue
            entry = _read(item)
            if entry is None:
                lost.extend(unread(line, _UNREAD) for line in item if not line.blank)
            else:
                entries.append(entry)
        return Parsed(tuple(entries), tuple(lost))


def _tex(line: Line) -> bool:
    return not line.blank and not line.text.lstrip().startswith("%")


def _items(lines: Sequence[Line]) -> list[tuple[list[Line], bool]]:
    """Runs of lines, each an item (a ``\\bibitem`` or ``\\entry`` and what follows) or not."""
    runs: list[tuple[list[Line], bool]] = []
    for line in lines:
        if _BIBITEM.match(line.text) or _ENTRY.match(line.text):
            runs.append(([line], False))
        elif _END.match(line.text) and runs and not runs[-1][1]:
            runs[-1][0].append(line)
            runs.append(([], True))
        elif runs:
            runs[-1][0].append(line)
        else:
            runs.append(([line], True))
    return [(run, outside) for run, outside in runs if run]


def _read(item: list[Line]) -> ListingEntry | None:
    text = "\n".join(line.text for line in item)
    if _ENTRY.match(text):
        return _biber(item, text)
    body = _after_label(text.lstrip()[len("\\bibitem") :])
    body = re.sub(r"\\(?:newblock|end\{thebibliography\})", " ", body)
    ref = read_reference(squash(to_text(body)))
    if ref is None:
        return None
    return ref.entry(item[0].number, source_of(item), ListingForm.BBL)


def _after_label(text: str) -> str:
    """``text`` after the optional ``[label]`` (brackets nest, it may wrap) and the ``{key}``."""
    end = 0
    if text.startswith("["):
        depth = 0
        for pos, c in enumerate(text, start=1):
            depth += (c in "[{") - (c in "]}")
            if depth == 0:
                end = pos
                break
    m = re.match(r"\s*\{[^}]*\}", text[end:])
    return text[end + (m.end() if m else 0) :]


def _biber(item: list[Line], text: str) -> ListingEntry | None:
    fields = {m["name"]: m["value"] for m in _FIELD.finditer(text)}
    verbs = {m["name"]: m["value"] for m in _VERB.finditer(text)}
    title = to_text(fields.get("title", ""))
    if not title:
        return None
    names: list[str] = []
    listed = _NAME_LIST.search(text)
    for group in re.split(r"\n\s*\{\{", listed["names"]) if listed else []:
        parts = {m["part"]: to_text(m["value"]) for m in _PART.finditer(group)}
        name = " ".join(parts[p] for p in ("given", "prefix", "family", "suffix") if p in parts)
        if name:
            names.append(name)
    eprint = verbs.get("eprint", "")
    kind = fields.get("eprinttype", "arxiv").lower()
    arxiv = parse_arxiv_id(eprint) if eprint and kind == "arxiv" else None
    year = re.match(r"\d{4}", fields.get("year", ""))
    return ListingEntry(
        line=item[0].number,
        source=source_of(item),
        form=ListingForm.BBL,
        title=title,
        authors=tuple(names),
        year=int(year[0]) if year else None,
        arxiv_id=arxiv.id if arxiv else None,
        arxiv_version=arxiv.version if arxiv else None,
        doi=parse_doi(verbs["doi"]) if "doi" in verbs else None,
    )
