"""The Anthology's whole export, downloaded once for a file of many NLP preprints
(``VenueFinder._read_export``), against the loopback Anthology serving the real records of
fixtures/venues/acl-records.bib and the loopback DBLP serving the real records of
fixtures/venues/dblp-*.bib; the answers are those of fixtures/venues/acl-judged.tsv (judged
by hand)."""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import pytest

from bibtool.bibfile import read_bib
from bibtool.errors import InputError
from bibtool.jobs import anthology_bib
from bibtool.jobs.anthology_bib import EXPORT_QUERY, read_anthology_bib, read_anthology_export
from bibtool.jobs.session import Settings
from bibtool.jobs.store import store_import
from bibtool.jobs.update import UpdateOutcome, update
from bibtool.jobs.venues import EXPORT_AT, is_nlp
from bibtool.render import render_entry
from bibtool.store import Store
from bibtool.venues.anthology import volume_of
from tests.conftest import UNREACHABLE_CROSSREF
from tests.support.anthology_server import RECORDS, AnthologyServer, anthology_entries
from tests.support.dblp_records import VENUES, judged, load_dblp_bib, search_hits
from tests.support.dblp_server import DblpServer
from tests.support.helpers import paper


def _judged() -> dict[str, str]:
    """arXiv id -> the record judged its published version (acl-judged.tsv)."""
    rows = judged("acl-judged.tsv").items()
    return {i: key for i, (key, relation) in rows if relation == "published-version"}


# EXPORT_AT papers of ACL 2020's main volume, and the ICML paper whose WiNLP abstract the
# Anthology holds under the same title (the ICML paper is the one to cite)
MAIN = [i for i, key in _judged().items() if key.startswith("acl:2020.acl-main.")][:EXPORT_AT]
ICML = "1902.02192"


@pytest.fixture(autouse=True)
def _arxiv_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The arXiv records come from the store of arXiv's own URL (no request is made)."""
    monkeypatch.delenv("BIBTOOL_API_URL")


def _file(tmp_path: Path, ids: list[str]) -> tuple[Path, Path]:
    bib, cache = tmp_path / "refs.bib", tmp_path / "cache"
    bib.write_text("\n".join(render_entry(paper(i), f"p{i}") for i in ids), encoding="utf-8")
    with Store.in_dir(cache) as store:
        store.put_papers(paper(i) for i in ids)
    return bib, cache


def _update(bib: Path, cache: Path, dblp: DblpServer, anthology: AnthologyServer) -> UpdateOutcome:
    """``update --published`` of ``bib``, asking the loopback services without pause."""
    settings = Settings(
        cache_dir=cache, dblp_url=dblp.url, dblp_delay=0, anthology_url=anthology.url,
        anthology_delay=0, crossref_url=UNREACHABLE_CROSSREF,
    )  # fmt: skip
    return update(bib, settings=settings, published=True)


def _chosen(bib: Path) -> dict[str, str]:
    """entry key -> its DOI (the version chosen), for the entries that have one."""
    doc = read_bib(bib)
    return {e.key: e.fields["doi"].strip("{}") for e in doc.entries if "doi" in e.fields}


def _dblp() -> DblpServer:
    return DblpServer(search_hits(load_dblp_bib() + load_dblp_bib(VENUES / "dblp-acl.bib")))


def test_many_nlp_preprints_are_answered_by_one_download_of_the_export(tmp_path: Path) -> None:
    """EXPORT_AT papers of ACL 2020 and the ICML paper: one download answers the ACL papers
    with no search; the ICML paper's Anthology copy is a workshop's, which settles nothing
    without the entry's own search, and that search finds ICML's record. A new file of the
    same papers then costs nothing."""
    assert all(is_nlp(paper(i)) for i in [*MAIN, ICML])
    bib, cache = _file(tmp_path, [*MAIN, ICML])
    with _dblp() as dblp, AnthologyServer(anthology_entries()) as anthology:
        outcome = _update(bib, cache, dblp, anthology)
        assert anthology.requests == ["/anthology.bib.gz"]
        assert len(dblp.requests) == 2  # the ICML paper's search, its proceedings' title
        chosen = _chosen(bib)
        answers = _judged()
        for i in MAIN:
            want = answers[i].removeprefix("acl:")
            assert chosen[f"p{i}"] == f"10.18653/v1/{want}"
        icml = read_bib(bib).find(f"p{ICML}")[0]
        assert "International Conference on Machine Learning" in icml.fields["booktitle"]
        (why,) = [c.reason for c in outcome.published if c.key == f"p{ICML}"]
        assert why.endswith(
            "Proceedings of the 36th International Conference on Machine "
            "Learning, ICML 2019, 9-15 June 2019, Long Beach, California, USA"
        )
        with Store.in_dir(cache) as store:
            assert store.get_query(EXPORT_QUERY) == []
        again = tmp_path / "again.bib"
        again.write_text("\n".join(render_entry(paper(i), f"p{i}") for i in [*MAIN, ICML]))
        _update(again, cache, dblp, anthology)
        assert len(anthology.requests) == 1 and len(dblp.requests) == 2
        assert _chosen(again) == chosen


def test_fewer_nlp_preprints_ask_volumes_not_the_export(tmp_path: Path) -> None:
    bib, cache = _file(tmp_path, MAIN[: EXPORT_AT - 1])
    with _dblp() as dblp, AnthologyServer(anthology_entries()) as anthology:
        _update(bib, cache, dblp, anthology)
        assert "/anthology.bib.gz" not in anthology.requests


def test_an_imported_export_is_not_downloaded_again(tmp_path: Path) -> None:
    bib, cache = _file(tmp_path, MAIN)
    packed = tmp_path / "anthology.bib.gz"
    packed.write_bytes(gzip.compress(RECORDS.read_bytes()))
    store_import(packed, settings=Settings(cache_dir=cache, offline=True))
    with _dblp() as dblp, AnthologyServer(anthology_entries()) as anthology:
        _update(bib, cache, dblp, anthology)
        assert anthology.requests == [] and dblp.requests == []
    assert len(_chosen(bib)) == len(MAIN)


def _broken_exports() -> list[tuple[str, bytes]]:
    whole = gzip.compress(RECORDS.read_bytes())
    return [
        ("cut short", whole[: len(whole) // 2]),
        ("not gzip, not BibTeX", b"\x1f\x8bnot really gzip" + bytes(range(256)) * 40),
        ("a maintenance page", b"<html><body>Back soon</body></html>\n" * 20),
    ]


@pytest.mark.parametrize(("what", "body"), _broken_exports(), ids=[w for w, _ in _broken_exports()])
def test_a_broken_export_stores_nothing_and_volumes_are_asked(
    tmp_path: Path, what: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """An export that cannot be read leaves no record of it in the store and is not noted as
    read: each paper is then found as it would be without it, by its search (DBLP holds BERT's
    record of these, and BERT's volume is then asked)."""
    bib, cache = _file(tmp_path, [*MAIN, "1810.04805"])
    with _dblp() as dblp, AnthologyServer(anthology_entries(), export=body) as anthology:
        caplog.set_level(logging.INFO, "bibtool.venues")
        _update(bib, cache, dblp, anthology)
        said = [r.getMessage() for r in caplog.records if r.name == "bibtool.venues"]
        assert len(said) == 2 and "export was not read" in said[1], said
        assert "/anthology.bib.gz" in said[1]  # which address failed
        assert anthology.requests[0] == "/anthology.bib.gz"
        assert len(dblp.requests) >= len(MAIN)  # each searched: the export gave nothing
    with Store.in_dir(cache) as store:
        assert store.get_query(EXPORT_QUERY) is None
        # what the store holds of the Anthology came from the volume exports asked, all of it
        held = store.get_venues([f"acl:{i}" for i in anthology_entries()])
        asked = {p.removeprefix("/volumes/").removesuffix(".bib") for p in anthology.requests[1:]}
        assert held and {volume_of(key.removeprefix("acl:")) for key in held} == asked, what
    assert asked == {"N19-1"}


def test_a_gzip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anthology_bib, "MAX_UNPACKED", 10_000)
    body = gzip.compress(RECORDS.read_bytes())
    with pytest.raises(InputError, match="unpacks to more than"):
        list(read_anthology_export(body, name="https://x/anthology.bib.gz"))


def test_an_export_without_entries_is_refused_before_it_fills_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(anthology_bib, "MAX_SLICE", 10_000)
    body = gzip.compress(b"no entry here, line after line\n" * 2_000)
    with pytest.raises(InputError, match="not the Anthology's export"):
        list(read_anthology_export(body, name="https://x/anthology.bib.gz"))


def test_the_downloaded_export_reads_as_the_imported_file_does(tmp_path: Path) -> None:
    packed = tmp_path / "anthology.bib.gz"
    packed.write_bytes(gzip.compress(RECORDS.read_bytes()))
    want = list(read_anthology_bib(packed))
    assert list(read_anthology_export(packed.read_bytes(), name="x")) == want
    assert list(read_anthology_export(RECORDS.read_bytes(), name="x")) == want  # not gzipped
    assert len(want) > 300


def test_reading_the_export_reports_its_bytes_as_it_goes() -> None:
    body = gzip.compress(RECORDS.read_bytes())
    steps: list[int] = []
    records = list(read_anthology_export(body, name="x", size=50, progress=steps.append))
    assert len(records) > 300 and len(steps) >= len(records) // 50
    assert all(step >= 0 for step in steps) and sum(steps) == len(body)


def test_the_command_line_shows_a_bar_while_the_export_is_read(tmp_path: Path) -> None:
    """Reading the export takes half a minute at its real size: a bar says so, then the bar of
    the venues looked up (each starts on a line of its own)."""
    from typer.testing import CliRunner

    from bibtool.cli import app

    bib, cache = _file(tmp_path, MAIN)
    with _dblp() as dblp, AnthologyServer(anthology_entries()) as anthology:
        args = ["update", str(bib), "--published", "--cache-dir", str(cache),
                "--dblp-url", dblp.url, "--anthology-url", anthology.url]  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert anthology.requests == ["/anthology.bib.gz"] and dblp.requests == []
    said = result.stderr
    assert "reading the ACL Anthology's whole export once" in said
    assert said.index("Reading the ACL Anthology") < said.index("Looking up venues")
    assert len(_chosen(bib)) == len(MAIN)
