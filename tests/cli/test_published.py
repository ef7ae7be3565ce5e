"""``bibtool update --published`` end to end: loopback DBLP, an imported dump, the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool.cli import app
from bibtool.render import render_entry
from bibtool.store import Store
from tests.support.dblp_records import (
    dblp_xml,
    load_dblp_bib,
    record_exports,
    search_hit,
    search_hits,
)
from tests.support.dblp_server import DblpServer
from tests.support.helpers import paper
from tests.support.loopback import Loopback, QuietHandler

IDS = ("2210.17323", "2109.01134", "2303.12712")  # GPTQ (-> OPTQ), CoOp (declined), Sparks
HEAD = "% my references\n@string{x = {kept}}\n\n"


@pytest.fixture(autouse=True)
def _arxiv_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The arXiv records come from the store of arXiv's own URL (no request is made)."""
    monkeypatch.delenv("BIBTOOL_API_URL")


def _bib(tmp_path: Path) -> Path:
    bib = tmp_path / "refs.bib"
    bib.write_text(HEAD + "\n".join(render_entry(paper(i), f"k{i}") for i in IDS))
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_papers(paper(i) for i in IDS)
    return bib


def test_online_upgrade_keeps_key_eprint_and_bytes_outside(tmp_path: Path) -> None:
    bib = _bib(tmp_path)
    before = bib.read_text()
    records = load_dblp_bib()
    with DblpServer(search_hits(records), record_exports(records)) as server:
        args = ["update", str(bib), "--published", "--cache-dir", str(tmp_path / "cache"),
                "--dblp-url", server.url, "--report", str(tmp_path / "r.json")]  # fmt: skip
        dry = CliRunner().invoke(app, [*args, "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert "+@inproceedings{k2210.17323," in dry.output and bib.read_text() == before
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "Looking up venues" in result.stderr  # one DBLP request a second: say so
        report = json.loads((tmp_path / "r.json").read_text())
        asked = len(server.requests)
        exported = list(server.record_requests)
        again = CliRunner().invoke(app, args)
        assert again.exit_code == 0 and len(server.requests) == asked  # answers stored
        # one search per entry, one for the proceedings volume; no record export
        assert asked == len(IDS) + 1 and exported == server.record_requests == []
        assert server.requests[-1] == "type:Editorship: streamid:conf/iclr:"
    text = bib.read_text()
    assert text.startswith(HEAD)
    gptq = text[text.index("@inproceedings{k2210.17323") :].split("\n}\n")[0]
    assert "OPTQ" in gptq and "booktitle" in gptq and "eprint        = {2210.17323}" in gptq
    # the full proceedings title, that of DBLP's proceedings volume
    assert "The Eleventh International Conference on Learning Representations" in gptq
    assert "OpenReview.net" in gptq
    assert "@misc{k2109.01134" in text and "@misc{k2303.12712" in text
    verdicts = {e["arxiv_id"]: e["verdict"] for e in report["entries"]}
    assert verdicts == {"2210.17323": "published", "2109.01134": "none", "2303.12712": "none"}
    again_report = json.loads((tmp_path / "r.json").read_text())
    assert {e["verdict"] for e in again_report["entries"]} == {"already", "none"}


def test_online_without_the_record_export_keeps_dblp_short_name(tmp_path: Path) -> None:
    """DBLP listing no proceedings volume for the paper's venue and answering 404 for the
    record's BibTeX export: the upgrade stands, with the search hit's short venue name."""
    bib = _bib(tmp_path)
    with DblpServer(search_hit(r) for r in load_dblp_bib()) as server:
        args = ["update", str(bib), "--published", "--cache-dir", str(tmp_path / "cache"),
                "--dblp-url", server.url]  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        assert server.record_requests == ["conf/iclr/FrantarAHA23"]
    text = bib.read_text()
    gptq = text[text.index("@inproceedings{k2210.17323") :].split("\n}\n")[0]
    assert "booktitle     = {ICLR}" in gptq


def test_offline_from_an_imported_dump_makes_no_request(tmp_path: Path) -> None:
    bib = _bib(tmp_path)
    dump = tmp_path / "dblp.xml"
    dump.write_bytes(dblp_xml(load_dblp_bib()))
    cache = ["--cache-dir", str(tmp_path / "cache")]
    imported = CliRunner().invoke(app, ["store", "import", str(dump), *cache, "-q"])
    assert imported.exit_code == 0, imported.output
    result = CliRunner().invoke(
        app, ["update", str(bib), "--published", "--offline", "--dblp-url", "http://0.0.0.0:9/",
              *cache, "--report", str(tmp_path / "r.json")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = bib.read_text()
    assert "The Eleventh International Conference on Learning Representations" in text
    assert json.loads((tmp_path / "r.json").read_text())["requests"] == 0
    once = bib.read_bytes()
    CliRunner().invoke(app, ["update", str(bib), "--published", "--offline", *cache])
    assert bib.read_bytes() == once


def test_add_published_adds_the_venue_version_offline(tmp_path: Path) -> None:
    """``add --published``: the papers a listing adds come in as their published version (GPTQ
    as the ICLR 2023 "OPTQ" paper), the others as preprints; a second add changes nothing."""
    _bib(tmp_path).write_text(HEAD)
    bib = tmp_path / "refs.bib"
    dump = tmp_path / "dblp.xml"
    dump.write_bytes(dblp_xml(load_dblp_bib()))
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert CliRunner().invoke(app, ["store", "import", str(dump), *cache, "-q"]).exit_code == 0
    listing = tmp_path / "ids.txt"
    listing.write_text("".join(f"arXiv:{i}\n" for i in IDS))
    args = ["add", str(listing), "--bib", str(bib), "--published", "--offline", *cache]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    text = bib.read_text()
    assert text.startswith(HEAD)
    gptq = text[text.index("@inproceedings{") :].split("\n}\n")[0]
    assert "OPTQ" in gptq and "eprint" in gptq and "2210.17323" in gptq
    assert "Learning Representations" in gptq
    assert text.count("@misc{") == 2
    assert "published: dblp:conf/iclr/FrantarAHA23" in result.output
    once = bib.read_bytes()
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    assert bib.read_bytes() == once


def test_check_fix_cites_the_published_version_only_with_unsafe_fixes(tmp_path: Path) -> None:
    """BIB019's fix is opt-in: ``--fix`` leaves the preprint, ``--fix --unsafe-fixes`` rewrites
    it as the ICLR 2023 paper (the imported dump; no request)."""
    bib = _bib(tmp_path)
    dump = tmp_path / "dblp.xml"
    dump.write_bytes(dblp_xml(load_dblp_bib()))
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert CliRunner().invoke(app, ["store", "import", str(dump), *cache, "-q"]).exit_code == 0
    args = ["check", str(bib), "--online", "--offline", "--select", "BIB019", *cache]
    found = CliRunner().invoke(app, args)
    assert "BIB019" in found.output and "dblp:conf/iclr/FrantarAHA23" in found.output
    before = bib.read_text()
    CliRunner().invoke(app, [*args, "--fix"])
    assert bib.read_text() == before
    fixed = CliRunner().invoke(app, [*args, "--fix", "--unsafe-fixes"])
    text = bib.read_text()
    assert text.startswith(HEAD) and "OPTQ" in text, fixed.output
    assert "@inproceedings{k2210.17323," in text and "@misc{k2109.01134" in text
    once = bib.read_bytes()
    CliRunner().invoke(app, [*args, "--fix", "--unsafe-fixes"])
    assert bib.read_bytes() == once


def test_check_online_says_when_the_venue_service_failed(tmp_path: Path) -> None:
    """BIB019 goes on without DBLP when DBLP refuses (HTTP 403, not retried), and the run says
    so on stderr: a silent 'no finding' would read as 'nothing published'."""

    class Refusing(QuietHandler):
        def do_GET(self) -> None:
            self.answer_json(b'{"error": "forbidden"}', status=403)

    bib = _bib(tmp_path)
    server = Loopback(Refusing, "/search/publ/api")
    server.start()
    try:
        args = ["check", str(bib), "--online", "--select", "BIB019", "--cache-dir",
                str(tmp_path / "cache"), "--dblp-url", server.url]  # fmt: skip
        result = CliRunner().invoke(app, args)
    finally:
        server.stop()
    assert result.exit_code in (0, 1), result.output
    note = "warning: published versions (BIB019) checked without the venue services"
    assert note in result.stderr and "HTTP 403" in result.stderr
