"""The main job end to end through the CLI, against the loopback arXiv server."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool import __version__
from bibtool.bibfile import BibEntry, parse_bib
from bibtool.cli import app
from tests.support.arxiv_server import ArxivServer, Fault
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"
runner = CliRunner()


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def net(server: ArxivServer, tmp_path: Path) -> list[str]:
    return ["--api-url", server.url, "--delay", "0", "--cache-dir", str(tmp_path / "cache")]


def field(entry: BibEntry, name: str) -> str:
    """A field's value without its outer braces (bibfile keeps values raw)."""
    value = entry.fields[name]
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


def answers(name: str) -> dict[int, str]:
    with (LISTINGS / f"{name}.answers.tsv").open(encoding="utf-8") as fh:
        return {int(r["line"]): r["arxiv_id"] for r in csv.DictReader(fh, delimiter="\t")}


@pytest.mark.parametrize("name", ["author-page-colin-wei", "abstracts-colin-wei"])
def test_resolve_example_listing_matches_the_answers(
    name: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    listing = str(LISTINGS / f"{name}.txt")
    code, out, err = invoke(
        "resolve", listing, "--report", str(report), *net(arxiv_server, tmp_path)
    )
    truth = answers(name)
    rows = json.loads(report.read_text())["entries"]
    assert {r["line"] for r in rows} == set(truth)  # every answer entry is reported
    matched = {r["line"]: r["arxiv_id"] for r in rows if r["status"] == "matched"}
    assert all(truth[line] == arxiv_id for line, arxiv_id in matched.items())  # none wrong
    assert len(matched) >= 0.9 * len(truth)
    entries = parse_bib(out, name="stdout").entries
    assert {field(e, "eprint") for e in entries} == set(matched.values())
    assert code == (0 if len(matched) == len(truth) else 1)
    assert "matched" in err


def test_second_run_makes_no_request(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    listing = str(LISTINGS / "author-page-colin-wei.txt")
    first, second = tmp_path / "1.json", tmp_path / "2.json"
    invoke("resolve", listing, "--report", str(first), *net(arxiv_server, tmp_path))
    sent = len(arxiv_server.requests)
    code, out, _ = invoke("resolve", listing, "--report", str(second), *net(arxiv_server, tmp_path))
    assert sent > 0 and json.loads(first.read_text())["requests"] == sent
    assert json.loads(second.read_text())["requests"] == 0
    assert len(arxiv_server.requests) == sent
    assert code == 0 and out.count("@misc{") == 18


def test_add_twice_leaves_the_file_byte_identical(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    original = (FIXTURES / "bibs" / "12_crlf-dups_rebiber-example-input.bib").read_bytes()
    bib = tmp_path / "refs.bib"
    bib.write_bytes(original)
    listing = str(LISTINGS / "author-page-colin-wei.txt")
    code, _, err = invoke("add", listing, "--bib", str(bib), *net(arxiv_server, tmp_path))
    after_first = bib.read_bytes()
    assert code == 0, err
    assert after_first.startswith(original)  # nothing of the user's file changed
    added = after_first[len(original) :]
    assert added.count(b"@misc{") == 18
    assert b"\n" not in added.replace(b"\r\n", b"")  # CRLF file, CRLF entries
    code, _, err = invoke("add", listing, "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 0 and bib.read_bytes() == after_first
    assert "18 already present" in err


def test_add_skips_papers_already_cited_in_any_form(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{mine,\n  title = {Statistically meaningful},\n"
        "  journal = {arXiv preprint arXiv:2107.13163v1},\n}\n"
        "@misc{other, url = {https://arxiv.org/pdf/2106.09226v2.pdf}}\n",
        encoding="utf-8",
    )
    before = bib.read_bytes()
    code, _, err = invoke("add", str(LISTINGS / "author-page-colin-wei.txt"), "--bib", str(bib),
                          *net(arxiv_server, tmp_path))  # fmt: skip
    text = bib.read_text(encoding="utf-8")
    assert code == 0 and bib.read_bytes().startswith(before)
    assert "2107.13163" not in text[len(before) :] and "2106.09226" not in text[len(before) :]
    assert text.count("@misc{") == 1 + 16
    assert "as mine" in err


def test_add_writes_csl_json_for_zotero_under_the_keys_of_the_bib(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # Issue 17: a user moving between LaTeX and Zotero keeps one key per paper, the one the
    # .bib has (an existing entry's own key, a new entry's drawn key).
    bib, items = tmp_path / "refs.bib", tmp_path / "items.json"
    bib.write_text("@misc{mine, eprint = {2107.13163}, archivePrefix = {arXiv}}\n", "utf-8")
    code, _, err = invoke("add", str(LISTINGS / "author-page-colin-wei.txt"), "--bib", str(bib),
                          "--csl-json", str(items), *net(arxiv_server, tmp_path))  # fmt: skip
    assert code == 0, err
    keys = {field(e, "eprint"): e.key for e in parse_bib(bib.read_bytes(), name="refs.bib").entries}
    written = {i["number"].removeprefix("arXiv:"): i for i in json.loads(items.read_text())}
    assert len(written) == 18 and set(written) == set(keys)
    assert all(i["citation-key"] == keys[n] for n, i in written.items())
    assert written["2107.13163"]["citation-key"] == "mine"
    assert all(i["type"] == "article" and i["publisher"] == "arXiv" for i in written.values())


def test_add_dry_run_prints_a_diff_and_writes_nothing(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title = {A}}\n", encoding="utf-8")
    code, out, _ = invoke("add", str(LISTINGS / "mixed-ids.txt"), "--bib", str(bib), "--dry-run",
                          *net(arxiv_server, tmp_path))  # fmt: skip
    assert bib.read_text(encoding="utf-8") == "@misc{a, title = {A}}\n"
    assert out.startswith("--- a/") and "+@misc{" in out


def test_broken_bib_is_refused_with_its_line(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    bib = tmp_path / "broken.bib"
    bib.write_bytes((FIXTURES / "bibs" / "own" / "missing-comma.bib").read_bytes())
    before = bib.read_bytes()
    code, _, err = invoke("add", str(LISTINGS / "mixed-ids.txt"), "--bib", str(bib),
                          *net(arxiv_server, tmp_path))  # fmt: skip
    assert code == 2
    assert f"{bib}:" in err and "not written" in err and "Traceback" not in err
    assert bib.read_bytes() == before


@pytest.mark.parametrize(
    "written",
    ["2107.13163", "2107.13163v2", "arXiv:2107.13163", "https://arxiv.org/abs/2107.13163v1",
     "https://arxiv.org/pdf/2107.13163v2.pdf", "10.48550/arXiv.2107.13163"],
)  # fmt: skip
def test_fetch_every_identifier_form(
    written: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    code, out, _ = invoke("fetch", written, *net(arxiv_server, tmp_path))
    assert code == 0
    (entry,) = parse_bib(out, name="out").entries
    assert entry.key == "wei2021statistically"
    assert field(entry, "eprint") == "2107.13163"
    assert field(entry, "author") == "Wei, Colin and Chen, Yining and Ma, Tengyu"


def test_fetch_old_style_id(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    code, out, _ = invoke("fetch", "acc-phys/9411001", *net(arxiv_server, tmp_path))
    assert code == 0 and "eprint        = {acc-phys/9411001}" in out


def test_fetch_rejects_non_ids_and_reports_unknown_ones(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    code, _, err = invoke("fetch", "not-an-id", *net(arxiv_server, tmp_path))
    assert code == 2 and "not an arXiv identifier: 'not-an-id'" in err
    code, out, err = invoke("fetch", "2107.13163", "2107.99999", *net(arxiv_server, tmp_path))
    assert code == 1 and "wei2021statistically" in out and "2107.99999" in err


def test_listing_from_stdin(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    code, out, _ = invoke("resolve", "-", *net(arxiv_server, tmp_path),
                          stdin="2107.13163\nhttps://arxiv.org/abs/2006.08680\n")  # fmt: skip
    assert code == 0 and out.count("@misc{") == 2


def test_unresolved_entries_give_exit_1_and_the_rest_is_written(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    listing = tmp_path / "titles.txt"
    listing.write_text(
        "Statistically Meaningful Approximation: a Case Study on Approximating Turing Machines "
        "with Transformers\nA Title That Names No Paper Anywhere At All\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "out.bib"
    code, _, err = invoke(
        "resolve", str(listing), "-o", str(out_file), *net(arxiv_server, tmp_path)
    )
    assert code == 1
    assert "wei2021statistically" in out_file.read_text(encoding="utf-8")
    assert f"{listing}:2: not_found" in err


def test_unreachable_arxiv_is_one_sentence_and_exit_3(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    arxiv_server.script([Fault(status=503)] * 20)
    code, out, err = invoke("fetch", "2107.13163", *net(arxiv_server, tmp_path))
    assert code == 3
    assert arxiv_server.url in err and "--offline" in err and "Traceback" not in err
    assert out == ""


def test_offline_answers_from_the_store_only(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    args = net(arxiv_server, tmp_path)
    code, _, _ = invoke("fetch", "2107.13163", "--offline", *args)
    assert code == 1 and arxiv_server.requests == []
    invoke("fetch", "2107.13163", *args)
    code, out, _ = invoke("fetch", "2107.13163", "--offline", *args)
    assert code == 0 and "wei2021statistically" in out


def test_short_delay_is_refused_for_arxiv(tmp_path: Path) -> None:
    code, _, err = invoke("fetch", "2107.13163", "--api-url", "https://export.arxiv.org/api/query",
                          "--delay", "1", "--cache-dir", str(tmp_path))  # fmt: skip
    assert code == 2 and "3 s" in err


ASKS_ARXIV = {
    "resolve": ["resolve", "{dir}/titles.txt"],
    "add": ["add", "{dir}/titles.txt", "--bib", "{dir}/refs.bib"],
    "fetch": ["fetch", "2107.13163"],
    "update": ["update", "{dir}/refs.bib"],
    "check --online": ["check", "{dir}/refs.bib", "--online"],
}


@pytest.mark.parametrize("given", ["--timeout", "BIBTOOL_TIMEOUT"])
@pytest.mark.parametrize("command", list(ASKS_ARXIV))
def test_timeout_must_be_positive_on_every_command_that_asks_arxiv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, given: str
) -> None:
    (tmp_path / "titles.txt").write_text("Statistically meaningful approximation\n")
    (tmp_path / "refs.bib").write_text("@misc{wei, eprint = {2107.13163}}\n")
    args = [a.format(dir=tmp_path) for a in ASKS_ARXIV[command]]
    for value, shown in [("0", "not 0"), ("-1.5", "not -1.5"), ("nan", "not nan")]:
        if given == "BIBTOOL_TIMEOUT":
            monkeypatch.setenv("BIBTOOL_TIMEOUT", value)
            code, _, err = invoke(*args, "--cache-dir", str(tmp_path / "cache"))
        else:
            code, _, err = invoke(*args, "--timeout", value, "--cache-dir", str(tmp_path / "cache"))
        assert code == 2 and "timeout must be a positive number of seconds" in err, err
        assert shown in err


def test_missing_listing_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke("resolve", str(tmp_path / "nope.txt"))
    assert code == 2 and "nope.txt" in err


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0 and out.strip() == f"bibtool {__version__}"
