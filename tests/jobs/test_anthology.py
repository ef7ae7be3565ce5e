"""The ACL Anthology as a published-version source: its BibTeX export imported, entries upgraded
to their ACL version offline, DBLP's copy of an ACL paper replaced by the Anthology's record."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool.bibfile import parse_bib, read_bib
from bibtool.cli import app
from bibtool.jobs.anthology_bib import read_anthology_bib
from bibtool.jobs.session import Settings
from bibtool.jobs.store import detect_format, store_import
from bibtool.jobs.venues import VenueFinder
from bibtool.render import render_entry
from bibtool.store import Store
from bibtool.venues.anthology import AnthologyClient, anthology_id_of, volume_of
from bibtool.venues.dblp import DblpClient
from bibtool.works.published import Verdict
from tests.support.anthology_server import RECORDS, AnthologyServer, anthology_entries
from tests.support.dblp_records import VENUES, dblp_xml, load_dblp_bib, record_exports, search_hit
from tests.support.dblp_server import DblpServer
from tests.support.helpers import paper

HEAD = "% my references\n@string{x = {kept}}\n\n"
TAIL = "\n% the end\n"
# BERT (NAACL 2019), BLEURT (ACL 2020), a TACL article, a paper the TACL one must not be taken
# for (calibration, "How Can We Know When ..."), one with a same-authors same-year near miss
IDS = ("1810.04805", "2004.04696", "1912.13283", "2012.00955", "1802.07862")


@pytest.fixture(autouse=True)
def _arxiv_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The arXiv records come from the store of arXiv's own URL (no request is made)."""
    monkeypatch.delenv("BIBTOOL_API_URL")


def _gz(tmp_path: Path) -> Path:
    path = tmp_path / "anthology.bib.gz"
    path.write_bytes(gzip.compress(RECORDS.read_bytes()))
    return path


def test_the_export_is_read_plain_and_gzipped(tmp_path: Path) -> None:
    plain = list(read_anthology_bib(RECORDS, size=7))  # slices cut between entries
    assert len(plain) == 326 and plain == list(read_anthology_bib(_gz(tmp_path)))
    by_key = {r.key: r for r in plain}
    bert = by_key["acl:N19-1423"]
    assert bert.title.startswith("BERT: Pre-training of Deep Bidirectional Transformers")
    assert bert.authors[:2] == ("Jacob Devlin", "Ming-Wei Chang")
    assert bert.venue.startswith("Proceedings of the 2019 Conference of the North American")
    assert (bert.year, bert.pages, bert.doi) == (2019, "4171--4186", "10.18653/v1/N19-1423")
    assert bert.publisher == "Association for Computational Linguistics"
    tacl = by_key["acl:2020.tacl-1.48"]  # oLMpics: a journal article, its DOI MIT Press's
    assert (tacl.kind, tacl.venue, tacl.volume) == (
        "article",
        "Transactions of the Association for Computational Linguistics",
        "8",
    )
    assert by_key["acl:2020.coling-main.580"].authors[1] == "Anh-Khoa Duong Nguyen"
    assert "acl:D19-1052" in by_key and "acl:W19-3620" in by_key


def test_store_import_detects_the_export_and_refuses_other_bibtex(tmp_path: Path) -> None:
    gz = _gz(tmp_path)
    assert detect_format(gz) == detect_format(RECORDS) == "anthology"
    assert detect_format(VENUES / "dblp-records.bib") != "anthology"  # somebody's .bib
    result = store_import(gz, settings=_settings(tmp_path))
    assert (result.imported, result.what) == (326, "venue records")
    again = store_import(RECORDS, settings=_settings(tmp_path))  # the same records, refreshed
    assert again.imported == 326
    with Store.in_dir(tmp_path / "cache") as store:
        assert store.venue_count() == 326


def _settings(tmp_path: Path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache", offline=True)


def _bib(tmp_path: Path) -> Path:
    bib = tmp_path / "refs.bib"
    bib.write_text(HEAD + "\n".join(render_entry(paper(i), f"k{i}") for i in IDS) + TAIL)
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_papers(paper(i) for i in IDS)
    return bib


def _entry(text: str, key: str) -> str:
    start = text.index("{" + key + ",")
    start = text.rindex("@", 0, start)
    return text[start : text.index("\n}\n", start) + 2]


def test_offline_upgrade_to_the_acl_version_keeps_key_eprint_and_bytes_outside(
    tmp_path: Path,
) -> None:
    bib = _bib(tmp_path)
    before = bib.read_text()
    cache = ["--cache-dir", str(tmp_path / "cache")]
    imported = CliRunner().invoke(app, ["store", "import", str(_gz(tmp_path)), *cache, "-q"])
    assert imported.exit_code == 0, imported.output
    args = ["update", str(bib), "--published", "--offline", *cache,
            "--report", str(tmp_path / "r.json")]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = bib.read_text()
    assert text.startswith(HEAD) and text.endswith(TAIL)
    bert = _entry(text, "k1810.04805")
    assert bert.startswith("@inproceedings{k1810.04805,")
    assert "eprint        = {1810.04805}" in bert and "archivePrefix = {arXiv}" in bert
    assert "North American Chapter of the Association for Computational Linguistics" in bert
    assert "doi           = {10.18653/v1/N19-1423}" in bert and "{4171--4186}" in bert
    assert "{Association for Computational Linguistics}" in bert
    olmpics = _entry(text, "k1912.13283")
    assert olmpics.startswith("@article{k1912.13283,") and "volume" in olmpics
    # the same record in the same place: every other entry as it was, byte for byte
    for arxiv_id in ("2012.00955",):
        assert _entry(text, f"k{arxiv_id}") == _entry(before, f"k{arxiv_id}")
    near = _entry(text, "k1802.07862")
    assert "Multimodal Named Entity Recognition" in near and "10.18653/v1/N18-1078" in near
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["requests"] == 0
    verdicts = {e["arxiv_id"]: e["verdict"] for e in report["entries"]}
    assert verdicts["2012.00955"] == "none" and verdicts["1810.04805"] == "published"
    once = bib.read_bytes()
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and bib.read_bytes() == once  # a second run changes nothing
    doc = read_bib(bib)
    assert not doc.failed and len(doc.entries) == len(IDS)


def _kato() -> dict[str, str]:
    """A preprint entry of the ACL 2020 SRW paper whose DBLP and Anthology records are in the
    fixtures (arXiv 2006.01372)."""
    entry = """@misc{kato2020,
  title = {Embeddings of Label Components for Sequence Labeling: A Case Study of
           Fine-grained Named Entity Recognition},
  author = {Kato, Takuma and Abe, Kaori and Ouchi, Hiroki and Miyawaki, Shumpei and
            Suzuki, Jun and Inui, Kentaro},
  year = {2020},
  eprint = {2006.01372},
  archivePrefix = {arXiv},
}"""
    return parse_bib(entry, name="t.bib").entries[0].fields


def test_the_anthology_record_is_preferred_over_dblp_copy_of_it(tmp_path: Path) -> None:
    dump = tmp_path / "dblp.xml"
    dump.write_bytes(dblp_xml(load_dblp_bib(VENUES / "dblp-acl.bib")))
    store_import(dump, settings=_settings(tmp_path))
    with Store.in_dir(tmp_path / "cache") as store:
        only_dblp = VenueFinder(store).decide(_kato(), None, "Kato")
        assert only_dblp.record is not None and only_dblp.record.key.startswith("dblp:")
    store_import(_gz(tmp_path), settings=_settings(tmp_path))
    with Store.in_dir(tmp_path / "cache") as store:
        both = VenueFinder(store).decide(_kato(), None, "Kato")
    assert both.verdict is Verdict.PUBLISHED and both.record is not None
    assert both.record.key == "acl:2020.acl-srw.30"
    assert both.record.venue.endswith("Linguistics: Student Research Workshop")


def _finder(store: Store, dblp: DblpServer, anthology: AnthologyServer) -> VenueFinder:
    """A finder asking the loopback DBLP and Anthology, without pause."""
    return VenueFinder(
        store, DblpClient(base_url=dblp.url, delay=0),
        anthology=AnthologyClient(base_url=anthology.url, delay=0),
    )  # fmt: skip


def test_online_a_dblp_hit_of_an_acl_paper_takes_its_volume_export_once(tmp_path: Path) -> None:
    hits = [search_hit(r) for r in load_dblp_bib(VENUES / "dblp-acl.bib")]
    with (
        DblpServer(hits) as dblp,
        AnthologyServer(anthology_entries()) as anthology,
        Store.in_dir(tmp_path / "cache") as store,
    ):
        finder = _finder(store, dblp, anthology)
        found = finder.decide(_kato(), None, "Kato")
        assert found.record is not None and found.record.key == "acl:2020.acl-srw.30"
        assert found.record.doi == "10.18653/v1/2020.acl-srw.30"
        assert anthology.requests == ["/volumes/2020.acl-srw.bib"]
        assert finder.requests_made == 2  # one search, one volume: DBLP's export not asked
        again = _finder(store, dblp, anthology).decide(_kato(), None, "Kato")
        assert again.record == found.record and len(anthology.requests) == 1


def test_online_an_unknown_volume_keeps_dblp_record(tmp_path: Path) -> None:
    hits = [search_hit(r) for r in load_dblp_bib(VENUES / "dblp-acl.bib")]
    with (
        DblpServer(hits) as dblp,
        AnthologyServer({}) as anthology,
        Store.in_dir(tmp_path / "cache") as store,
    ):
        finder = _finder(store, dblp, anthology)
        found = finder.decide(_kato(), None, "Kato")
        assert found.record is not None and found.record.key == "dblp:conf/acl/KatoAOMSI20"
        assert anthology.requests == ["/volumes/2020.acl-srw.bib"]  # 404, remembered
        finder.decide(_kato(), None, "Kato")
        assert len(anthology.requests) == 1


@pytest.mark.parametrize(
    ("url", "doi", "paper_id", "volume"),
    [
        ("https://aclanthology.org/2020.acl-main.703", None, "2020.acl-main.703", "2020.acl-main"),
        ("https://www.aclweb.org/anthology/P19-1423/", None, "P19-1423", "P19-1"),
        (None, "10.18653/v1/p19-1423", "P19-1423", "P19-1"),  # DBLP lower-cases the DOI
        (None, "10.18653/v1/W19-3620", "W19-3620", "W19-36"),
        (None, "10.18653/v1/D19-5402", "D19-5402", "D19-54"),
        (
            "https://aclanthology.org/2020.findings-emnlp.92.pdf",
            None,
            "2020.findings-emnlp.92",
            "2020.findings-emnlp",
        ),  # fmt: skip
        ("https://openreview.net/forum?id=x", "10.1162/tacl_a_00313", None, None),
    ],
)
def test_anthology_identifiers(
    url: str | None, doi: str | None, paper_id: str | None, volume: str | None
) -> None:
    assert anthology_id_of(url, doi) == paper_id
    if paper_id is not None:
        assert volume_of(paper_id) == volume


def test_online_update_of_bert_asks_dblp_then_the_anthology_volume_once(tmp_path: Path) -> None:
    """BERT: DBLP's search hit (its DOI lower-cased) gives way to the Anthology's record of
    NAACL 2019, from the volume export; DBLP's record export is not asked for."""
    bib = tmp_path / "refs.bib"
    bib.write_text(HEAD + render_entry(paper("1810.04805"), "bert") + TAIL)
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_papers([paper("1810.04805")])
    dblp_records = load_dblp_bib(VENUES / "dblp-acl.bib")
    with (
        DblpServer((search_hit(r) for r in dblp_records), record_exports(dblp_records)) as dblp,
        AnthologyServer(anthology_entries()) as anthology,
    ):
        args = ["update", str(bib), "--published", "--cache-dir", str(tmp_path / "cache"),
                "--dblp-url", dblp.url, "--anthology-url", anthology.url,
                "--report", str(tmp_path / "r.json")]  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert len(dblp.requests) == 1 and dblp.record_requests == []
        assert anthology.requests == ["/volumes/N19-1.bib"]
        assert json.loads((tmp_path / "r.json").read_text())["requests"] == 2
    text = bib.read_text()
    assert text.startswith(HEAD) and text.endswith(TAIL)
    entry = _entry(text, "bert")
    assert "doi           = {10.18653/v1/N19-1423}" in entry  # the Anthology's, not DBLP's case
    assert "Human Language Technologies, Volume 1 (Long and Short Papers)}" in entry
    assert "eprint        = {1810.04805}" in entry


def test_the_export_with_abstracts_is_read_too(tmp_path: Path) -> None:
    """anthology+abstracts.bib.gz's form: an ``abstract`` field, one line, after the pages."""
    path = VENUES / "acl-abstracts.bib"
    packed = tmp_path / "anthology+abstracts.bib.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert detect_format(packed) == "anthology"
    (record,) = read_anthology_bib(packed)
    assert (record.key, record.title, record.pages) == (
        "acl:P19-1007",
        "Semantic Parsing with Dual Learning",
        "51--64",
    )
    assert record.authors == ("Ruisheng Cao", "Su Zhu", "Chen Liu", "Jieyu Li", "Kai Yu")


def test_a_volume_read_for_one_entry_answers_the_others_of_it(tmp_path: Path) -> None:
    """DBLP knows BERT only; the NAACL 2019 volume its hit leads to holds two more papers of the
    file, one before BERT and one after: both are upgraded from it, the one before after its own
    search, the one after with none (the volume is a main conference's)."""
    ids = ["1903.03166", "1810.04805", "1903.08855"]
    bib = tmp_path / "refs.bib"
    bib.write_text(HEAD + "\n".join(render_entry(paper(i), f"p{n}") for n, i in enumerate(ids)))
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_papers(paper(i) for i in ids)
    dblp_records = load_dblp_bib(VENUES / "dblp-acl.bib")
    with (
        DblpServer(search_hit(r) for r in dblp_records) as dblp,
        AnthologyServer(anthology_entries()) as anthology,
    ):
        args = ["update", str(bib), "--published", "--cache-dir", str(tmp_path / "cache"),
                "--dblp-url", dblp.url, "--anthology-url", anthology.url]  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert anthology.requests == ["/volumes/N19-1.bib"]
        assert len(dblp.requests) == 2  # p0's search, BERT's; p2 settled by the volume read
    text = bib.read_text()
    for key, doi in (("p0", "N19-1058"), ("p1", "N19-1423"), ("p2", "N19-1112")):
        assert f"doi           = {{10.18653/v1/{doi}}}" in _entry(text, key)


def test_a_workshop_volume_read_settles_no_entry_without_its_search(tmp_path: Path) -> None:
    """What an Anthology volume read earlier holds decides an entry before its own search only
    when it is a main conference's paper. A workshop's paper of the same title and authors as a
    main-conference paper (here WiNLP's abstract of an ICML paper, W19-3620, given the ICML
    paper's author order) would alone upgrade the preprint to the workshop; its own search
    finds the main conference's. BERT's NAACL paper settles its entry."""
    import dataclasses

    records = {r.key: r for r in read_anthology_bib(RECORDS)}
    icml = paper("1902.02192")
    winlp = dataclasses.replace(
        records["acl:W19-3620"], authors=tuple(a.name for a in icml.authors)
    )
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_venues([winlp, records["acl:N19-1423"]])
        finder = VenueFinder(store)
        for pre, want, settles in ((icml, "acl:W19-3620", False),
                                   (paper("1810.04805"), "acl:N19-1423", True)):  # fmt: skip
            fields = {"title": pre.title, "eprint": pre.arxiv_id}
            surname = pre.authors[0].name.split()[-1]
            alone = finder._local_decision(fields, pre, surname)
            assert alone[0].verdict is Verdict.PUBLISHED and alone[0].record is not None
            assert alone[0].record.key == want  # what the store alone would choose
            before = finder._local_decision({"title": "nothing"}, None, "")
            settled = finder._from_volumes(fields, pre, surname, before)
            assert (settled == alone) is settles and (settled == before) is not settles
