"""Bulk import into the store (snapshot JSON lines, Atom) and offline resolution from it."""

from __future__ import annotations

import datetime as dt
import json
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bibtool.cli import app
from bibtool.errors import InputError
from bibtool.jobs.store import import_file
from bibtool.store import Store
from tests.support.helpers import FIXTURES, records

runner = CliRunner()
# One line of the real snapshot (arXiv 0704.0001), quirks included: wrapped title, TeX accent.
KAGGLE_LINE = json.dumps(
    {
        "id": "0704.0001",
        "submitter": "Pavel Nadolsky",
        "authors": "C. Bal\\'azs, E. L. Berger, P. M. Nadolsky, C.-P. Yuan",
        "title": "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC"
        " energies",
        "comments": "37 pages, 15 figures; published version",
        "journal-ref": "Phys.Rev.D76:013009,2007",
        "doi": "10.1103/PhysRevD.76.013009",
        "report-no": "ANL-HEP-PR-07-12",
        "categories": "hep-ph",
        "license": None,
        "abstract": "  A fully differential calculation in perturbative quantum chromodynamics is\n"
        "presented for the production of massive photon pairs at hadron colliders.\n",
        "versions": [
            {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"},
            {"version": "v2", "created": "Tue, 24 Jul 2007 20:10:27 GMT"},
        ],
        "update_date": "2008-11-13",
        "authors_parsed": [
            ["Bal\\'azs", "C.", ""],
            ["Berger", "E. L.", ""],
            ["Nadolsky", "P. M.", ""],
            ["Yuan", "C. -P.", ""],
        ],
    }
)


def snapshot_line(rec: dict[str, Any]) -> str:
    """A records.jsonl record written as the snapshot writes it."""
    day = dt.datetime.fromisoformat((rec["published"] or "2020-01-01T00:00:00Z")[:10])
    return json.dumps(
        {
            "id": rec["id"],
            "title": rec["title"],
            "abstract": rec["abstract"],
            "categories": " ".join(rec["categories"] or [rec["primary_category"]]),
            "versions": [{"version": "v1", "created": format_datetime(day.replace(tzinfo=dt.UTC))}],
            "authors_parsed": [
                [n.split()[-1], " ".join(n.split()[:-1]), ""] for n in rec["authors"]
            ],
            "doi": rec["doi"],
            "journal-ref": rec["journal_ref"],
        }
    )


def sample() -> list[dict[str, Any]]:
    """300 real records, without 0704.0001 (the line above) and with each title once."""
    by_title: dict[str, list[dict[str, Any]]] = {}
    for rec in records()[:320]:
        by_title.setdefault(rec["title"].lower(), []).append(rec)
    return [g[0] for g in by_title.values() if len(g) == 1 and g[0]["id"] != "0704.0001"][:300]


@pytest.fixture
def snapshot(tmp_path: Path) -> Path:
    path = tmp_path / "arxiv-metadata-oai-snapshot.json"
    lines = [KAGGLE_LINE, *(snapshot_line(r) for r in sample())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_snapshot_record_becomes_the_paper_arxiv_serves(snapshot: Path, tmp_path: Path) -> None:
    with Store.in_dir(tmp_path / "cache") as store:
        result = import_file(store, snapshot, chunk=50)
        p = store.get_papers(["0704.0001"])["0704.0001"]
    assert (result.imported, result.skipped) == (301, 0)
    assert (
        p.title
        == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"
    )
    assert [a.name for a in p.authors][:2] == ["C. Balázs", "E. L. Berger"]
    assert (p.version, p.published, p.updated) == (2, dt.date(2007, 4, 2), dt.date(2007, 7, 24))
    assert (p.primary_category, p.doi) == ("hep-ph", "10.1103/PhysRevD.76.013009")
    assert p.abstract.startswith("A fully differential calculation in perturbative")


def test_bad_lines_are_skipped_and_named(snapshot: Path, tmp_path: Path) -> None:
    lines = snapshot.read_text().splitlines()
    lines[5] = "{not json"
    lines[9] = json.dumps({"id": "hello", "title": "x", "versions": []})
    snapshot.write_text("\n".join(lines) + "\n")
    result = runner.invoke(
        app, ["store", "import", str(snapshot), "--cache-dir", str(tmp_path / "c")]
    )
    assert result.exit_code == 1
    assert f"{snapshot}:6: skipped: not JSON" in result.stderr
    assert f"{snapshot}:10: skipped: not an arXiv identifier" in result.stderr
    assert "299 papers imported, 2 lines skipped" in result.stderr


def test_a_file_that_is_not_a_snapshot_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("some\nplain\ntext\nlines\n")
    result = runner.invoke(
        app, ["store", "import", str(text), "-q", "--cache-dir", str(tmp_path / "c")]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"bibtool: error: {text}, line 1: not an arXiv metadata record "
        "(not JSON (Expecting value)); expected the OAI/Kaggle snapshot (JSON lines) "
        "or an arXiv Atom file"
    ]
    with Store.in_dir(tmp_path / "c") as store:
        assert store.counts()["papers"] == 0
    missing = runner.invoke(app, ["store", "import", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def interrupt_at_line_120(store: Store, snapshot: Path) -> None:
    """Import ``snapshot`` 50 lines a chunk, and press Ctrl-C as line 120 is read."""
    seen = 0

    def progress(size: int) -> None:
        nonlocal seen
        seen += 1
        if seen == 120:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(store, snapshot, chunk=50, progress=progress)


def test_interrupted_import_keeps_the_chunks_it_committed(snapshot: Path, tmp_path: Path) -> None:
    with Store.in_dir(tmp_path) as store:
        interrupt_at_line_120(store, snapshot)
        assert store.counts()["papers"] == 100


def test_atom_answer_imports(tmp_path: Path) -> None:
    atom = FIXTURES / "arxiv" / "atom" / "new-format" / "id_1605.08386_s0_m100_199195aa31ad.xml"
    with Store.in_dir(tmp_path) as store:
        assert import_file(store, atom).imported == 1
        assert list(store.get_papers(["1605.08386"])) == ["1605.08386"]
        error = FIXTURES / "arxiv" / "atom" / "new-format" / "id_abc_s0_m100_b79c8dcf6bc3.xml"
        with pytest.raises(InputError, match="error answer"):
            import_file(store, error, form="atom")


def test_imported_listing_resolves_offline_with_no_request(
    snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The snapshot is arXiv's data, imported into arXiv's store; an offline run reads the store
    # of the API in effect: arXiv's, as for a user who set no BIBTOOL_API_URL.
    monkeypatch.delenv("BIBTOOL_API_URL")
    cache = ["--cache-dir", str(tmp_path / "c")]
    assert runner.invoke(app, ["store", "import", str(snapshot), "-q", *cache]).exit_code == 0
    picks = sample()[100:130]
    listing = tmp_path / "titles.txt"
    listing.write_text("".join(r["title"].lower() + "\n" for r in picks))
    report = tmp_path / "r.json"
    result = runner.invoke(
        app, ["resolve", str(listing), "--offline", "--report", str(report), "-o", "-", *cache]
    )
    rows = json.loads(report.read_text())
    assert rows["requests"] == 0
    matched = {r["line"]: r["arxiv_id"] for r in rows["entries"] if r["status"] == "matched"}
    truth = {n + 1: r["id"] for n, r in enumerate(picks)}
    assert all(truth[line] == arxiv_id for line, arxiv_id in matched.items())
    assert len(matched) >= 0.9 * len(picks), result.stderr


def test_store_info_counts_and_size(snapshot: Path, tmp_path: Path) -> None:
    cache = ["--cache-dir", str(tmp_path / "c")]
    runner.invoke(app, ["store", "import", str(snapshot), "-q", *cache])
    result = runner.invoke(app, ["store", "info", "--json", *cache])
    facts = json.loads(result.stdout)
    assert facts["papers"] == 301 and facts["queries"] == 0 and facts["bytes"] > 100_000
    text = runner.invoke(app, ["store", "info", *cache]).stdout
    assert "papers:  301" in text


def test_an_interrupted_import_run_again_goes_on_where_it_stopped(
    snapshot: Path, tmp_path: Path
) -> None:
    with Store.in_dir(tmp_path) as store:
        interrupt_at_line_120(store, snapshot)
        read: list[int] = []
        result = import_file(store, snapshot, chunk=50, progress=read.append)
        assert (result.resumed_at, result.imported, store.counts()["papers"]) == (100, 301, 301)
        assert sum(read) == snapshot.stat().st_size  # the part read before, then the rest
        # Finished: a new import starts from the beginning (and refreshes what is there).
        assert import_file(store, snapshot, chunk=50).resumed_at == 0


def test_a_changed_file_is_imported_from_its_start(snapshot: Path, tmp_path: Path) -> None:
    with Store.in_dir(tmp_path) as store:
        interrupt_at_line_120(store, snapshot)
        assert store.counts()["papers"] == 100
        snapshot.write_text(snapshot.read_text() + "\n")
        assert import_file(store, snapshot, chunk=50).resumed_at == 0


def test_a_large_snapshot_is_parsed_in_worker_processes(
    snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bibtool.jobs.store as job

    monkeypatch.setattr(job, "PARALLEL_FROM", 0)
    with Store.in_dir(tmp_path) as store:
        result = import_file(store, snapshot, chunk=7)
        assert (result.imported, result.skipped) == (301, 0)
        assert store.get_papers(["0704.0001"])["0704.0001"].version == 2
