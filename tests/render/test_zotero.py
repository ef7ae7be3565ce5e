"""What reaches Zotero: creators whole, keys kept, no TeX its importers leave undecoded.

Issue 17, checked with Zotero's own translators (translation-server): its CSL-JSON import drops
``non-dropping-particle`` and ``suffix`` ("de Rosa" arrived as "Rosa"), keeps a CSL
``citation-key`` as the item's Citation Key (bibtool wrote none), and its BibTeX import decodes
the escapes ``\\& \\% \\# \\_ \\$ \\^{}`` and accents but not ``\\textgreater``, ``\\textless``
or ``\\textbar`` ("TinyGSM: achieving \\textgreater80%"). Every record of both example listings
is checked, and every fixture record for the TeX left in titles.

What BibTeX.js decodes was read from zotero/translators (commit 2814370161d0, June 2026):
``unescapeBibTeX`` replaces the commands of its ``reversemappingTable`` (which has no
``\\textgreater``, ``\\textless`` or ``\\textbar``), accents, and then drops the backslash
before ``# $ % & ~ _ ^ \\ { }``; any other command stays in the field as typed.
"""

from __future__ import annotations

import json
import re

import pytest

from bibtool.bibfile import parse_bib
from bibtool.render import make_key, render_entry
from bibtool.render.csl import csl_item
from bibtool.render.papers import Style, formatted, render_papers
from bibtool.text.names import clean_author_names, parse_name
from tests.support.helpers import listing_ids, paper, papers_by_id

MATHS = re.compile(r"\$[^$]*\$")
COMMAND = re.compile(r"\\[A-Za-z]+")
ZOTERO_ESCAPES = re.compile(r"\\[&%#_$]|\\\^\{\}|\\[{}]")  # what BibTeX.js's import unescapes


def outside_maths(text: str) -> str:
    return MATHS.sub(" ", text)


@pytest.mark.parametrize("arxiv_id", listing_ids())
def test_csl_creators_keep_particles_and_suffixes_and_the_item_its_key(arxiv_id: str) -> None:
    p = paper(arxiv_id)
    key = make_key(p)
    item = csl_item(p, key)
    assert item["citation-key"] == item["id"] == key
    names = clean_author_names(a.name for a in p.authors)
    assert len(item.get("author", [])) == len(names)
    for name, creator in zip(names, item.get("author", []), strict=True):
        assert "non-dropping-particle" not in creator and "suffix" not in creator
        parts = parse_name(name)
        if parts.literal is None:
            assert creator["family"].startswith(parts.von_last)  # "d'Ascoli", "de Rosa"
            assert not parts.jr or creator["family"].endswith(parts.jr)


def test_the_seed_listings_particles_reach_family() -> None:
    families = {
        c.get("family") for i in listing_ids() for c in csl_item(paper(i), "k").get("author", [])
    }
    # Zotero showed these as "Avila Belbute Peres", "Ascoli", "Fernex", "Renesse", "Jong".
    wanted = {"de Avila Belbute Peres", "d'Ascoli", "de Fernex", "von Renesse", "de Jong"}
    assert wanted <= families


def test_no_tex_zotero_leaves_undecoded_in_titles_notes_and_names() -> None:
    left: list[tuple[str, str]] = []
    for p in papers_by_id().values():  # all 2,826 fixture records
        entry = render_entry(p, "k", profile="zotero")
        for line in entry.splitlines()[1:-1]:
            value = line.split("=", 1)[1]
            if COMMAND.search(ZOTERO_ESCAPES.sub("", outside_maths(value))):
                left.append((p.arxiv_id, line))
        title = csl_item(p, "k")["title"]
        if COMMAND.search(outside_maths(title)):
            left.append((p.arxiv_id, title))
    assert left == []


def test_tinygsm_keeps_its_greater_than_sign() -> None:
    (p,) = [p for p in papers_by_id().values() if p.title.startswith("TinyGSM")]
    assert "title      = {TinyGSM: achieving >80\\% on GSM8k" in render_entry(
        p, "k", profile="zotero"
    )
    assert "\\textgreater{}80" in render_entry(p, "k")  # OT1 prints > as ¿ for classic BibTeX


@pytest.mark.parametrize("profile", ["bibtex", "biblatex", "zotero"])
def test_csl_citation_keys_are_the_bibtex_keys_of_one_run(profile: str) -> None:
    # Every paper of the example listings at once, so clashing keys get their suffixes: the
    # CSL item and the BibTeX entry of one paper carry one key.
    papers = [paper(i) for i in listing_ids()]
    bib = formatted(render_papers(papers, Style(profile)), Style(profile))
    csl = formatted(render_papers(papers, Style(profile)), Style(profile, format="csl-json"))
    bib_keys = [e.key for e in parse_bib(bib, name="out.bib").entries]
    assert [i["citation-key"] for i in json.loads(csl)] == bib_keys
    assert len(set(bib_keys)) == len(papers)


def test_csl_abstracts_and_titles_are_plain_text_as_zotero_shows_them() -> None:
    # Zotero's CSL import keeps text as given: arXiv's TeX reached the Abstract field as typed
    # ("the 80\% barrier", "\texttt{TinyGSM}", "``teacher'' model"; Zotero check of issue 17).
    left = []
    for p in papers_by_id().values():
        item = csl_item(p, "k")
        for field in ("title", "abstract"):  # an abstract keeps an author's \url, \cite
            text = outside_maths(item.get(field, ""))
            tex = COMMAND.search(text) if field == "title" else None
            if tex or "\\%" in text or "``" in text or "--" in text:
                left.append((p.arxiv_id, field, text[:80]))
    assert left == []
    (tiny,) = [p for p in papers_by_id().values() if p.title.startswith("TinyGSM")]
    abstract = csl_item(tiny, "k")["abstract"]
    assert "80% barrier" in abstract and "TinyGSM" in abstract and "“teacher”" in abstract
