"""Tests for bibtool.works.merge: identity of works in real .bib files, plan, idempotence."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibtool.bibfile import BibDocument, parse_bib
from bibtool.errors import BibFileError
from bibtool.ids.entry import entry_identities, normalize_doi
from bibtool.works.merge import (
    MergePlan,
    NewWork,
    apply_plan,
    index_document,
    plan_merge,
)
from tests.support.bibs import fixture, shared

CRLF_DUPS = "12_crlf-dups_rebiber-example-input.bib"


def ids_of(fields: dict[str, str]) -> list[str]:
    return entry_identities(fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"eprint": "{2107.13163v2}"}, ["arxiv:2107.13163"]),
        ({"eprint": "{hep-th/9901001v3}", "archiveprefix": "{arXiv}"}, ["arxiv:hep-th/9901001"]),
        ({"arxivid": "{arXiv:1408.4701v2}"}, ["arxiv:1408.4701"]),
        ({"eprint": "{1408.4701}", "eprinttype": "{hdl}"}, []),
        ({"eprint": "{2002.05709}", "eprinttype": "{arxiv}"}, ["arxiv:2002.05709"]),
        ({"url": "{https://arxiv.org/pdf/2107.13163v2.pdf}"}, ["arxiv:2107.13163"]),
        ({"url": "{http://arxiv.org/abs/math.GT/0309136}"}, ["arxiv:math/0309136"]),
        ({"howpublished": "{\\url{https://arxiv.org/abs/2303.08774}}"}, ["arxiv:2303.08774"]),
        ({"journal": "{arXiv preprint arXiv:2309.03126}"}, ["arxiv:2309.03126"]),
        ({"journal": "{arXiv:2002.01335 [cs, stat]}"}, ["arxiv:2002.01335"]),
        ({"note": "{arXiv: 1706.05125}"}, ["arxiv:1706.05125"]),
        ({"file": "{arXiv\\:1706.05125 PDF:/home/u/x.pdf:application/pdf}"}, ["arxiv:1706.05125"]),
        ({"doi": "{10.48550/arXiv.2203.05796}"}, ["arxiv:2203.05796"]),
        ({"journal": "{CoRR}", "volume": "{abs/2303.18223}"}, ["arxiv:2303.18223"]),
        ({"url": "{https://arxiv.org/abs/2107{\\_}13163}"}, []),  # not an id once unescaped
        ({"abstract": "{We extend arXiv:2107.13163.}", "title": "{On arXiv:1234.5678}"}, []),
        ({"pages": "{1201.1234}", "year": "{2012}"}, []),
        ({"doi": "{https://doi.org/10.1000/ABC.def}"}, ["doi:10.1000/abc.def"]),
        ({"doi": "{doi:10.1007/978-3-030-58558-7\\_29}"}, ["doi:10.1007/978-3-030-58558-7_29"]),
        ({"doi": "{10.1007/978-3-030-58558-7{\\_}29}"}, ["doi:10.1007/978-3-030-58558-7_29"]),
        ({"url": "{http://dx.doi.org/10.1145/1137627.1137631}"}, ["doi:10.1145/1137627.1137631"]),
        ({"note": "{(doi:10.1016/S1090-5138(02)00134-4)}"}, ["doi:10.1016/s1090-5138(02)00134-4"]),
        ({"url": "{https://doi.org/10.1000%2Fxyz}"}, ["doi:10.1000/xyz"]),
        (
            {"eprint": "{1512.03385}", "doi": "{10.1109/CVPR.2016.90}", "url": "{x}"},
            ["arxiv:1512.03385", "doi:10.1109/cvpr.2016.90"],
        ),
    ],
)
def test_identities_of_one_entry(fields: dict[str, str], expected: list[str]) -> None:
    assert ids_of(fields) == expected


@pytest.mark.parametrize(
    ("value", "doi"),
    [
        ("10.1000/XYZ", "10.1000/xyz"),
        ("https://doi.org/10.1000/xyz.", "10.1000/xyz"),
        ("DOI: 10.1000/xyz", "10.1000/xyz"),
        ("no doi here", None),
    ],
)
def test_normalize_doi(value: str, doi: str | None) -> None:
    assert normalize_doi(value) == doi


def keys_with(doc: BibDocument, token: str) -> list[tuple[str, int]]:
    return [(e.key, e.start_line) for e in doc.entries if token in ids_of(e.fields)]


def test_identities_in_real_files() -> None:
    zotero = fixture("05_LARGE_zotero-bbt_unabbreviate-1436-3.bib")
    assert keys_with(zotero, "arxiv:1408.4701") == [("blochl_1994", 4612)]  # versioned eprint
    assert keys_with(zotero, "arxiv:cond-mat/0603845") == [("cade_2006", 6868)]
    sample = fixture("14_ml-sample_bibtexupdater.bib")
    assert keys_with(sample, "arxiv:2005.14165") == [("brown2020gpt3", 125)]
    assert keys_with(sample, "arxiv:1412.6980") == [("kingma2015adam", 5)]  # url only
    assert keys_with(sample, "doi:10.1109/5.726791") == [("lecun1998cnn", 105)]
    crlf = fixture("12_crlf-dups_rebiber-example-input.bib")
    assert keys_with(crlf, "arxiv:1909.05311") == [("lv2019graph", 73)]  # Semantic Scholar abs/
    assert keys_with(crlf, "arxiv:1904.01172") == [("DBLP:journals/corr/abs-1904-01172", 256)]


def test_no_false_arxiv_ids_in_published_dblp_entries() -> None:
    dblp = fixture("10_dblp_neurips2020.bib")
    assert not any(t.startswith("arxiv:") for e in dblp.entries for t in ids_of(e.fields))


def test_identities_in_unlicensed_shared_files() -> None:
    dblp = shared("11_dblp-mixed_mllm-survey-custom.bib")
    assert keys_with(dblp, "arxiv:2303.18223") == [("DBLP:journals/corr/abs-2303-18223", 559)]
    assert keys_with(dblp, "doi:10.1007/978-3-030-58558-7_29") == [
        ("DBLP:conf/eccv/KolesnikovBZPYG20", 87)
    ]
    zotero = shared("06_zotero_phd-thesis.bib")
    assert [k for k, _ in keys_with(zotero, "arxiv:2002.01335")] == [
        "slowik_structural_2021",
        "slowik_structural_2020",
    ]


# --- the plan --------------------------------------------------------------------------------

BASE = """% my refs
@article{wei2021statistically,
  title = {Statistically Meaningful Approximation},
  journal = {arXiv preprint arXiv:2107.13163},
  year = {2021},
}

@inproceedings{he2016deep,
  title = {Deep Residual Learning},
  doi = {https://doi.org/10.1109/CVPR.2016.90},
}
"""


def work(key: str, arxiv_id: str | None = None, doi: str | None = None, **fields: str) -> NewWork:
    """A new work as the renderer writes it: the declared ids are in its text."""
    title = fields.pop("title", f"Title of {key}")
    fields = {"eprint": arxiv_id or "", "doi": doi or "", **fields}
    lines = [f"@misc{{{key},", f"  title = {{{title}}},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields.items() if value]
    return NewWork(key, "\n".join([*lines, "}"]), arxiv_id, doi)


def test_known_works_are_skipped_with_a_reason() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    plan = plan_merge(
        doc,
        [
            work("wei2021b", "2107.13163v3"),
            # A shared DOI decides only when the titles agree (see the book-chapter test).
            work("he2016b", None, "10.1109/cvpr.2016.90", title="Deep Residual Learning"),
            work("fresh2023", "2303.08774"),
            work("fresh2023b", None, None, eprint="2303.08774"),  # listed twice (id in the text)
        ],
    )
    assert [w.key for w in plan.additions] == ["fresh2023"]
    assert [(s.work.key, s.existing_key, s.line, s.reason) for s in plan.skipped] == [
        (
            "wei2021b",
            "wei2021statistically",
            2,
            "arXiv 2107.13163 already in refs.bib as wei2021statistically (line 2)",
        ),
        (
            "he2016b",
            "he2016deep",
            8,
            "DOI 10.1109/cvpr.2016.90 already in refs.bib as he2016deep (line 8)",
        ),
        ("fresh2023b", "fresh2023", None, "arXiv 2303.08774 listed twice; added once as fresh2023"),
    ]


def test_published_doi_of_a_preprint_and_arxiv_doi() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    by_arxiv_doi = work("x", None, "https://doi.org/10.48550/arXiv.2107.13163")
    by_publisher_doi = work(
        "y", "1512.03385", "10.1109/CVPR.2016.90", title="Deep Residual Learning"
    )
    plan = plan_merge(doc, [by_arxiv_doi, by_publisher_doi])
    assert [s.existing_key for s in plan.skipped] == ["wei2021statistically", "he2016deep"]


def test_gpt3_preprint_already_in_sample_file() -> None:
    doc = fixture("14_ml-sample_bibtexupdater.bib")
    plan = plan_merge(doc, [work("brown2020language", "2005.14165")])
    assert plan.additions == ()
    assert plan.skipped[0].reason.endswith(f"{doc.name} as brown2020gpt3 (line 125)")


def test_key_collisions_raise_unless_the_work_is_skipped() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    with pytest.raises(ValueError, match="'He2016Deep' collides with 'he2016deep'"):
        plan_merge(doc, [work("He2016Deep", "2301.00003")])
    with pytest.raises(ValueError, match="'a' collides with 'A'"):
        plan_merge(doc, [work("A", "2301.00001"), work("a", "2301.00002")])
    plan = plan_merge(doc, [work("wei2021statistically", "2107.13163")])
    assert plan.additions == () and len(plan.skipped) == 1


def test_invalid_or_unwritten_identifiers_are_caller_errors() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    with pytest.raises(ValueError, match="not an arXiv identifier"):
        plan_merge(doc, [work("k", "12345")])
    with pytest.raises(ValueError, match="not a DOI"):
        plan_merge(doc, [work("k", None, "nope")])
    unwritten = NewWork("k", "@misc{k,\n  title = {T},\n}", "2303.08774", None)
    with pytest.raises(ValueError, match="k: arXiv 2303.08774 is not in its BibTeX text"):
        plan_merge(doc, [unwritten])


@pytest.mark.parametrize("comma", ["", ","])
def test_commented_out_entry_does_not_count_as_present(comma: str) -> None:
    text = f"% @misc{{old,\n%   eprint = {{2303.08774}}{comma}\n% }}\n"
    doc = parse_bib(text, name="refs.bib")
    assert [p.kind for p in doc.failed] == ["commented-entry"]  # parsed or not, never blocking
    assert [e.commented for e in doc.entries] == ([True] if not comma else [])
    out = apply_plan(doc, plan_merge(doc, [work("new", "2303.08774")]))
    assert out.startswith(doc.data + b"\n@misc{new,")


def test_apply_appends_and_second_run_changes_nothing() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    new = [work("fresh2023", "2303.08774"), work("nolink"), work("wei2021b", "2107.13163")]
    out = apply_plan(doc, plan_merge(doc, new))
    assert out.startswith(doc.data)
    assert out.count(b"@misc{") == 2
    again = parse_bib(out, name="refs.bib")
    plan = plan_merge(again, new)
    assert plan.additions == ()
    assert plan.skipped[1].reason == "entry nolink already in refs.bib (line 18)"
    assert apply_plan(again, plan) == out


def test_apply_refuses_broken_files_only_when_writing() -> None:
    doc = fixture("missing-comma.bib")
    with pytest.raises(BibFileError, match="not written"):
        apply_plan(doc, plan_merge(doc, [work("k", "2303.08774")]))
    assert apply_plan(doc, MergePlan((), ())) == doc.data


# --- property --------------------------------------------------------------------------------

EXISTING_IDS = ["2107.13163", "hep-th/9901001", "1512.03385"]
FRESH_IDS = ["2303.08774", "2005.14165", "math/0309136", "1706.03762"]

BASE_ENTRIES = [
    "@article{a, journal = {arXiv preprint arXiv:2107.13163v2}}",
    "@misc{b,\n  eprint = {hep-th/9901001},\n  archiveprefix = {arXiv}\n}",
    "@article{c, journal = {CoRR}, volume = {abs/1512.03385}, doi = {10.1000/C}}",
]


@st.composite
def base_documents(draw: st.DrawFn) -> BibDocument:
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = "% refs" + newline + (newline * 2).join(BASE_ENTRIES).replace("\n", newline)
    text += draw(st.sampled_from(["", newline, newline * 3]))
    data = text.encode()
    if draw(st.booleans()):
        data = codecs.BOM_UTF8 + data
    return parse_bib(data, name="refs.bib")


@st.composite
def new_works(draw: st.DrawFn) -> list[NewWork]:
    picks = draw(st.lists(st.sampled_from([*EXISTING_IDS, *FRESH_IDS, "doi", "none"]), max_size=10))
    works = []
    for i, pick in enumerate(picks):
        if pick == "doi":
            works.append(work(f"w{i}", None, draw(st.sampled_from(["10.1000/c", "10.5555/new"]))))
        elif pick == "none":
            works.append(work(f"w{i}"))
        else:
            versioned = f"{pick}v{draw(st.integers(1, 3))}" if draw(st.booleans()) else pick
            works.append(work(f"w{i}", versioned))
    return works


@settings(max_examples=60, deadline=None)
@given(doc=base_documents(), works=new_works())
def test_merging_twice_is_idempotent_and_lossless(doc: BibDocument, works: list[NewWork]) -> None:
    plan = plan_merge(doc, works)
    out = apply_plan(doc, plan)
    assert out.startswith(doc.data)
    known = {f"arxiv:{i}" for i in EXISTING_IDS} | {"doi:10.1000/c"}
    for addition in plan.additions:
        assert not known & set(ids_of(parse_bib(addition.text, name="x").entries[0].fields))
    assert len(plan.additions) + len(plan.skipped) == len(works)
    again = parse_bib(out, name="refs.bib")
    assert again.keys == doc.keys | {w.key for w in plan.additions}
    second = plan_merge(again, works)
    assert second.additions == ()
    assert apply_plan(again, second) == out


# --- same work under other metadata ----------------------------------------------------------

from bibtool.render import render_entry  # noqa: E402
from bibtool.works.facts import work_facts  # noqa: E402
from bibtool.works.same import WorkIndex, compare  # noqa: E402
from tests.support.helpers import paper, papers_by_id  # noqa: E402

PUBLISHED_GPT3 = fixture("10_dblp_neurips2020.bib").find("DBLP:conf/nips/BrownMRSKDNSSAA20")[0]


def facts(text: str) -> object:
    entry = parse_bib(text, name="x").entries[0]
    return work_facts(entry.key, entry.fields, entry.start_line)


def test_preprint_meets_its_published_version() -> None:
    preprint = facts(render_entry(paper("2005.14165"), "brown2020language"))
    published = facts(PUBLISHED_GPT3.raw)
    decision = compare(preprint, published)  # type: ignore[arg-type]
    assert decision.same and decision.rule == "title"
    assert decision.reason == (
        "title 1.00 similar, first author brown, years 2020/2020 (preprint and published version)"
    )


@pytest.mark.parametrize(
    ("a", "b", "rule"),
    [
        # Two arXiv ids are two works, whatever the titles say.
        ("@misc{a, title={Same Title Here}, author={X, A}, eprint={2101.00001}}",
         "@misc{b, title={Same Title Here}, author={X, A}, eprint={2101.00002}}", "arxiv-differs"),
        ("@misc{a, title={One}, eprint={math.GT/0309136}}",
         "@misc{b, title={Other}, url={https://arxiv.org/abs/math/0309136v2}}", "arxiv"),
        ("@misc{a, title={Deep Nets for Things}, author={Ng, A}, year={2020}}",
         "@misc{b, title={Deep Nets for Things}, author={Ng, A}, year={2023}}", "year-differs"),
        ("@misc{a, title={Deep Nets for Things}, author={Ng, A}}",
         "@misc{b, title={Deep Nets for Things}, author={Le, Q}}", "author-differs"),
        ("@misc{a, title={Deep Nets for Things}, author={Ng, A}}",
         "@misc{b, title={Deep Nets for Things II}, author={Ng, A}}", "title-numbers"),
        ("@misc{a, title={Deep Learning}, author={Ng, A}}",
         "@misc{b, title={Deep Learning}, author={Ng, A}}", "title-short"),
        ("@article{a, title={Letters to the Editor}, author={Price, A}, journal={TB}, pages={43}}",
         "@article{b, title={Letters to the Editor}, author={Price, A}, journal={TB}, pages={54}}",
         "pages-differ"),
    ],
)  # fmt: skip
def test_decisions_and_their_rules(a: str, b: str, rule: str) -> None:
    assert compare(facts(a), facts(b)).rule == rule  # type: ignore[arg-type]


def test_wrong_identifiers_in_real_files_are_not_trusted() -> None:
    zotero = fixture("05_LARGE_zotero-bbt_unabbreviate-1436-3.bib")
    choi, koma = (work_facts(k, zotero.find(k)[0].fields) for k in ("choi_2016", "koma_1999"))
    decision = compare(choi, koma)
    assert not decision.same and decision.rule == "id-conflict"
    assert decision.reason == "same arXiv 1011.1669, but published on different pages"
    chapters = [work_facts(k, zotero.find(k)[0].fields) for k in ("begum_2010", "conesa-boj_2010")]
    assert compare(*chapters).reason.startswith("same DOI 10.5772/3457, but ")


def test_lookup_compares_a_handful_not_every_work() -> None:
    index = WorkIndex()
    for p in papers_by_id().values():
        text = render_entry(p, "k" + p.arxiv_id.replace("/", "").replace(".", ""))
        entry = parse_bib(text, name="x").entries[0]
        index.add(work_facts(entry.key, entry.fields))
    found = index.lookup(facts(PUBLISHED_GPT3.raw))  # type: ignore[arg-type]
    assert found.match is not None and index.works[found.match].tokens == ("arxiv:2005.14165",)
    assert len(index.works) > 2800 and len(found.considered) < 10


def test_merge_indexes_only_the_entries_that_may_be_the_new_works() -> None:
    """The index built for a merge finds, for every new work, what the full index finds."""
    doc = fixture("10_dblp_neurips2020.bib")
    new = [*fixture(CRLF_DUPS).entries, *fixture("04_ml-textbook_d2l.bib").entries]
    wanted = [work_facts(e.key, e.fields) for e in new] + [facts(PUBLISHED_GPT3.raw)]
    full, full_entries = index_document(doc)
    some, some_entries = index_document(doc, wanted)  # type: ignore[arg-type]
    assert len(some_entries) < len(full_entries) // 3
    found = 0
    for one in wanted:
        a, b = full.lookup(one), some.lookup(one)  # type: ignore[arg-type]
        where_a = None if a.match is None else full_entries[a.match].key
        where_b = None if b.match is None else some_entries[b.match].key
        assert (where_a, a.decision) == (where_b, b.decision)
        assert [(full_entries[i].key, d) for i, d in a.considered] == [
            (some_entries[i].key, d) for i, d in b.considered
        ]
        found += where_a is not None
    assert found >= 4


# --- update, sorted insertion, renaming ------------------------------------------------------

SAMPLE = "14_ml-sample_bibtexupdater.bib"


def test_update_enriches_in_place_keeping_key_and_fields() -> None:
    doc = fixture(SAMPLE)
    gpt3 = render_entry(paper("2005.14165"), "brown2020language")
    plan = plan_merge(doc, [NewWork("brown2020language", gpt3, "2005.14165")], update=True)
    (update,) = plan.updates
    assert update.existing_key == "brown2020gpt3" and plan.additions == ()
    assert update.changes[0] == "author: 'and others' replaced by 31 names"
    out = apply_plan(doc, plan)
    old = doc.find("brown2020gpt3")[0]
    new = parse_bib(out, name="x").find("brown2020gpt3")[0]
    assert out[: old.span[0]] == doc.data[: old.span[0]]
    assert out.endswith(doc.data[old.span[1] :])
    for name, value in old.fields.items():
        assert new.fields[name] == (value if name != "author" else new.fields["author"])
    assert "Dhariwal, Prafulla" in new.fields["author"] and "others" not in new.fields["author"]
    again = parse_bib(out, name="x")
    assert (
        apply_plan(again, plan_merge(again, [NewWork("b", gpt3, "2005.14165")], update=True)) == out
    )


def test_update_adds_eprint_to_a_published_entry_only_identifiers() -> None:
    doc = fixture("10_dblp_neurips2020.bib")
    gpt3 = render_entry(paper("2005.14165"), "brown2020language")
    plan = plan_merge(doc, [NewWork("brown2020language", gpt3, "2005.14165")], update=True)
    (update,) = plan.updates
    assert update.existing_key == PUBLISHED_GPT3.key
    assert update.changes == ("added eprint, archivePrefix, primaryClass",)
    assert update.text.startswith(PUBLISHED_GPT3.raw.rstrip("}\n ").rstrip(","))


SORTED = (
    "% sorted\n\n@misc{alpha, title={A}}\n\n% about m\n@misc{mu, title={M}}\n\n"
    "@misc{zeta, title={Z}}\n"
)


def test_new_entries_go_to_their_place_in_a_sorted_file() -> None:
    doc = parse_bib(SORTED, name="refs.bib")
    works = [work("beta", "2303.08774"), work("Aardvark", "2005.14165"), work("zz", "1706.03762")]
    out = apply_plan(doc, plan_merge(doc, works)).decode()
    assert [e.key for e in parse_bib(out, name="x").entries] == [
        "Aardvark", "alpha", "beta", "mu", "zeta", "zz"
    ]  # fmt: skip
    assert "@misc{alpha, title={A}}\n\n@misc{beta," in out
    assert "}\n\n% about m\n@misc{mu" in out  # the comment stays with its entry
    unsorted = parse_bib(SORTED.replace("zeta", "beta0"), name="refs.bib")
    assert apply_plan(unsorted, plan_merge(unsorted, works)).startswith(unsorted.data)


def test_taken_keys_are_renamed_when_asked() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    plan = plan_merge(doc, [work("he2016deep", "2303.08774")], rename=True)
    # The suffix scheme of new keys (render.keys.unique_key): merge and add give the same key.
    assert plan.renamed == (("he2016deep", "he2016deepa"),)
    assert plan.additions[0].text.startswith("@misc{he2016deepa,")


def test_distinct_pairs_are_never_merged() -> None:
    doc = parse_bib(BASE, name="refs.bib")
    twin = "@misc{x, title={Statistically Meaningful Approximation}, journal={arXiv:2107.13163}}"
    plan = plan_merge(
        doc, [NewWork("x", twin)], distinct=lambda a, b: {a, b} == {"x", "wei2021statistically"}
    )
    assert [w.key for w in plan.additions] == ["x"]
    assert "x: not wei2021statistically: marked distinct" in plan.explained
