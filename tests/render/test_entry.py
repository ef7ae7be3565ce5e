"""Whole entries: exact output for real papers, both profiles, and properties over every record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibtool.model import Author, Paper
from bibtool.render import clean_doi, make_key, render_entry
from bibtool.text.names import clean_author_names
from tests.support.helpers import paper, paper_from_record, records
from tests.support.oracles import TEX_SOUP, literal_depths_ok, split_and

WEI = """\
@misc{wei2021statistically,
  title         = {Statistically Meaningful Approximation: a Case Study on Approximating {Turing} Machines with Transformers},
  author        = {Wei, Colin and Chen, Yining and Ma, Tengyu},
  year          = {2021},
  month         = jul,
  eprint        = {2107.13163},
  archivePrefix = {arXiv},
  primaryClass  = {cs.LG},
  url           = {https://arxiv.org/abs/2107.13163},
}
"""  # noqa: E501


def test_bibtex_profile_exact() -> None:
    assert render_entry(paper("2107.13163"), "wei2021statistically") == WEI


def test_biblatex_profile_exact() -> None:
    p = dataclasses.replace(paper("2306.15400"), doi="10.1000/x_y", journal_ref="Proc. A & B")
    assert render_entry(p, "k", profile="biblatex") == (
        "@misc{k,\n"
        "  title       = {Length Generalization in Arithmetic Transformers},\n"
        "  author      = {Jelassi, Samy and d'Ascoli, Stéphane and Domingo-Enrich, Carles"
        " and Wu, Yuhuai and Li, Yuanzhi and Charton, François},\n"
        "  date        = {2023-06-27},\n"
        "  eprinttype  = {arxiv},\n"
        "  eprint      = {2306.15400},\n"
        "  eprintclass = {cs.LG},\n"
        "  doi         = {10.1000/x_y},\n"
        "  url         = {https://arxiv.org/abs/2306.15400},\n"
        "  note        = {Proc. A \\& B},\n"
        "}\n"
    )


def test_bibtex_profile_escapes_names_and_unicode_keeps_them() -> None:
    p = paper("2306.15400")
    ascii_entry = render_entry(p, "k")
    assert "d'Ascoli, St{\\'e}phane" in ascii_entry and "Charton, Fran{\\c{c}}ois" in ascii_entry
    assert ascii_entry.isascii()
    assert "d'Ascoli, Stéphane" in render_entry(p, "k", unicode=True)


def test_doi_and_journal_ref_from_real_record() -> None:
    entry = render_entry(paper("1411.4413"), "k")
    assert "  doi           = {10.1038/nature14474},\n" in entry
    assert "  note          = {Nature 522, 68-72 (04 June 2015)},\n" in entry
    fields = [line.split("=")[0].strip() for line in entry.splitlines()[1:-1]]
    assert fields == [
        "title", "author", "year", "month", "eprint", "archivePrefix", "primaryClass",
        "doi", "url", "note",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.1103/PhysRevD.75.124007 10.1103/PhysRevD.82.029901", "10.1103/PhysRevD.75.124007"),
        ("doi:10.1103/PhysRevD.76.052005", "10.1103/PhysRevD.76.052005"),
        ("https://doi.org/10.1038/nature14474", "10.1038/nature14474"),
        ("21.11130/00-1735-0000-0005-<146A>&-E", None),  # a handle, not a DOI
        (None, None),
    ],
)
def test_clean_doi(raw: str | None, doi: str | None) -> None:
    assert clean_doi(raw) == doi


def test_unbalanced_title_brace_0704_0573() -> None:
    entry = render_entry(paper("0704.0573"), "k")
    title = entry.splitlines()[1]
    assert title == (
        "  title         = {Elativistic treatment {in$D$} - Dimensions to a spin-zero particle"
        " with noncentral equal scalar and vector ring-shaped {Kratzer} potential},"
    )
    assert literal_depths_ok(entry)


def test_month_is_the_first_versions() -> None:
    p = dataclasses.replace(paper("2107.13163"), updated=dt.date(2022, 12, 1), version=3)
    assert "month         = jul," in render_entry(p, "k")


def test_unknown_profile() -> None:
    with pytest.raises(ValueError, match="unknown profile 'apa'"):
        render_entry(paper("2107.13163"), "k", profile="apa")


@pytest.mark.parametrize("key", ["", "a b", "a,b", "a{b", "clé"])
def test_keys_bibtex_cannot_read(key: str) -> None:
    with pytest.raises(ValueError, match="cannot be a BibTeX key"):
        render_entry(paper("2107.13163"), key)


def check_entry(entry: str, p: Paper, key: str, *, ascii_only: bool) -> None:
    """The properties every entry must have, checked by an independent parser (bibtexparser)."""
    assert literal_depths_ok(entry), entry
    assert entry.isascii() or not ascii_only, entry
    library = bibtexparser.parse_string(entry)
    assert not library.failed_blocks, entry
    assert len(library.entries) == 1
    parsed = library.entries[0]
    assert parsed.key == key
    assert parsed.fields_dict["eprint"].value == p.arxiv_id
    real = clean_author_names(a.name for a in p.authors)
    if real:
        names = split_and(parsed.fields_dict["author"].value)
        assert len(names) == len(real), entry
        assert not {n.strip().lower() for n in names} & {"others", "et al."}
    else:
        assert "author" not in parsed.fields_dict


def test_every_record_renders_safely_in_every_profile() -> None:
    taken: set[str] = set()
    for rec in records():
        p = paper_from_record(rec)
        key = make_key(p, taken)
        taken.add(key.lower())
        check_entry(render_entry(p, key), p, key, ascii_only=True)
        check_entry(render_entry(p, key, unicode=True), p, key, ascii_only=False)
        check_entry(render_entry(p, key, profile="biblatex"), p, key, ascii_only=False)
        check_entry(render_entry(p, key, profile="zotero"), p, key, ascii_only=False)
    assert len(taken) == len(records())


NAME_SOUP = st.one_of(
    TEX_SOUP,
    st.sampled_from([":", "and ", "others", "et al.", "Jr.", "The X Collaboration", "A & B"]),
    st.text(max_size=20),
)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    return Paper(
        arxiv_id=draw(st.from_regex(r"[0-9]{4}\.[0-9]{4,5}|[a-z\-]{2,8}/[0-9]{7}", fullmatch=True)),
        version=1,
        title=draw(st.one_of(TEX_SOUP, st.text(max_size=60))),
        authors=tuple(Author(n) for n in draw(st.lists(NAME_SOUP, max_size=6))),
        abstract="",
        published=draw(st.dates()),
        updated=dt.date(2025, 1, 1),
        primary_category="cs.LG",
        doi=draw(st.one_of(st.none(), st.text(max_size=20), st.just("10.1/a_b{c}\\d é"))),
        journal_ref=draw(st.one_of(st.none(), TEX_SOUP)),
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    papers(),
    st.sampled_from([("bibtex", False), ("bibtex", True), ("biblatex", False), ("zotero", False)]),
)
def test_generated_papers_render_safely(p: Paper, profile: tuple[str, bool]) -> None:
    key = make_key(p)
    entry = render_entry(p, key, profile=profile[0], unicode=profile[1])
    check_entry(entry, p, key, ascii_only=profile == ("bibtex", False))
