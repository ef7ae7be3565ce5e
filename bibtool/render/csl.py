"""Papers as CSL-JSON: the one import path that gives Zotero a true Preprint item.

Zotero maps CSL type `article` to its Preprint item type, `publisher` to Repository and
`number` to Archive ID, which is how its own arXiv translator files a paper; so an entry reads
`"type": "article", "publisher": "arXiv", "number": "arXiv:2107.13163"`. Names are split the
way BibTeX splits them (text.names.parse_name), particles and suffixes inside `family`;
organisations are `literal`. `citation-key` is the key the BibTeX entry gets, so a user moving
between LaTeX and Zotero keeps their keys. Text is plain Unicode (titles.plain_text): CSL knows
no TeX.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bibtool.model import Paper
from bibtool.render.entry import clean_doi
from bibtool.render.titles import abstract_text, plain_text
from bibtool.text.names import clean_author_names, parse_name


def csl_name(name: str) -> dict[str, str]:
    """One author as a CSL name object: family and given, or a literal.

    Particles and suffixes go inside ``family`` (``de Rosa``, ``Heath Jr.``): valid CSL, and
    the only form Zotero keeps (its import drops ``non-dropping-particle`` and ``suffix``, so
    ``de Rosa`` arrived as ``Rosa``).
    """
    n = parse_name(name)
    if n.literal is not None:
        return {"literal": n.literal.strip("{}")}
    family = f"{n.von_last} {n.jr}" if n.jr else n.von_last
    return {k: v for k, v in {"family": family, "given": n.first}.items() if v}


def csl_item(paper: Paper, key: str) -> dict[str, Any]:
    """One paper as a CSL-JSON item whose id is its citation key."""
    day = paper.published
    item: dict[str, Any] = {
        "id": key,
        "citation-key": key,  # Zotero 7 keeps it as the item's Citation Key
        "type": "article",
        "title": plain_text(paper.title),
        "author": [csl_name(n) for n in clean_author_names(a.name for a in paper.authors)],
        "issued": {"date-parts": [[day.year, day.month, day.day]]},
        "publisher": "arXiv",
        "number": "arXiv:" + paper.arxiv_id,
        "URL": "https://arxiv.org/abs/" + paper.arxiv_id,
    }
    doi = clean_doi(paper.doi)
    if doi:
        item["DOI"] = doi
    if paper.journal_ref:  # where it was published; CSL has no field for a free-form reference
        item["note"] = plain_text(paper.journal_ref)
    if paper.abstract:
        item["abstract"] = abstract_text(paper.abstract)
    if not item["author"]:
        del item["author"]
    return item


def render_csl_json(entries: Sequence[tuple[Paper, str]]) -> str:
    """A CSL-JSON array (UTF-8 text, one item per (paper, key)), ending in a newline."""
    items = [csl_item(paper, key) for paper, key in entries]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
