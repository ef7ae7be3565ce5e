"""Hostile and odd input through the CLI: one sentence naming file and line, nothing written."""

from __future__ import annotations

import codecs
import gzip
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bibtool.cli
from bibtool.cli import app
from tests.support.arxiv_server import ArxivServer

runner = CliRunner()


def invoke(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def offline(tmp_path: Path) -> list[str]:
    return ["--offline", "--cache-dir", str(tmp_path / "cache")]


UNREADABLE_LISTINGS = {
    "latin-1": (b"2107.13163\nCaf\xe9 society\n", ":2: not UTF-8 text (byte 0xE9 at column 4)"),
    "utf-16": ("2107.13163\n".encode("utf-16"), " is UTF-16 text"),
    "utf-16 without BOM": ("2107.13163\n".encode("utf-16-le"), ":1: a NUL byte"),
    "binary": (b"2107.13163\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":4: a NUL byte"),
    "a 200,000-character line": (b"2107.13163\n\n" + b"word " * 40_000, ":3: a line of 200,000"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(UNREADABLE_LISTINGS))
@pytest.mark.parametrize("via", ["file", "stdin"])
def test_unreadable_listing_is_one_sentence_with_its_line(
    case: str, via: str, tmp_path: Path
) -> None:
    data, expected = UNREADABLE_LISTINGS[case]
    listing = tmp_path / "listing.txt"
    listing.write_bytes(data)
    out_file = tmp_path / "out.bib"
    if via == "file":
        args, name = [str(listing)], str(listing)
    else:
        args, name = ["-"], "<stdin>"
    code, out, err = invoke("resolve", *args, "-o", str(out_file), *offline(tmp_path),
                            stdin=data if via == "stdin" else None)  # fmt: skip
    assert code == 2, err
    assert err.startswith(f"bibtool: error: {name}{expected}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == "" and not out_file.exists()


def test_listing_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    listing = tmp_path / "ids.txt"
    listing.write_bytes(codecs.BOM_UTF8 + b"2107.13163\n")
    code, _, err = invoke("resolve", str(listing), *offline(tmp_path))
    assert code == 1 and f"{listing}:1: not_found" in err  # read, then not in the empty store


@pytest.mark.parametrize("api_url", ["https://export.arxiv.org/api/query", "http://127.0.0.1:9/"])
@pytest.mark.parametrize("delay", ["nan", "inf", "-1"])
def test_delay_must_be_finite_and_not_negative(api_url: str, delay: str, tmp_path: Path) -> None:
    # NaN passed the 3 s check for arXiv's hosts; inf crashed the rate gate with OverflowError.
    code, out, err = invoke("fetch", "2107.13163", "--api-url", api_url, "--delay", delay,
                            "--cache-dir", str(tmp_path / "cache"))  # fmt: skip
    assert code == 2 and out == ""
    assert err == (
        f"bibtool: error: the delay between requests must be a finite number of seconds, "
        f"0 or more, not {delay}\n"
    )


# Two entries of one work, the later with a field name BibTeX cannot read ("2020,10." then a
# newline): the duplicate scan used to rewrite the pair and crash on the unreadable field.
DUPLICATE_WITH_A_BROKEN_FIELD = (
    "@article{a,\n  title = {A Study of Things},\n  author = {Doe, Jane},\n  year = 2020,\n}\n\n"
    "@article{b,\n  title = {A Study of Things},\n  author = {Doe, Jane},\n  year = 2020,10.\n"
    "  doi = {10.1/x},\n}\n"
)


@pytest.mark.parametrize("broken_first", [False, True])
def test_check_reports_a_broken_duplicate_and_fix_refuses_it(
    broken_first: bool, tmp_path: Path
) -> None:
    text = DUPLICATE_WITH_A_BROKEN_FIELD
    if broken_first:
        first, second = text.split("\n\n")
        text = second + "\n" + first + "\n"
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    code, out, err = invoke("check", str(bib))
    assert code == 1 and "BIB001" in out and "BIB003" in out and "Traceback" not in err
    code, _, err = invoke("dedupe", str(bib))
    assert code == 2 and "could not be parsed" in err and err.endswith("not written\n")
    # The fold of an entry bibtool cannot read is never made, so --fix has nothing to apply: it
    # reports the parse error and writes nothing (it used to refuse the file, exit 2).
    code, out, err = invoke("check", str(bib), "--fix", "--unsafe-fixes")
    assert code == 1 and "BIB001" in out and "fixed" not in err and "Traceback" not in err
    assert bib.read_text(encoding="utf-8") == text


def net(server: ArxivServer, tmp_path: Path) -> list[str]:
    return ["--api-url", server.url, "--delay", "0", "--cache-dir", str(tmp_path / "cache")]


GOOD_BIB = (
    "@misc{doe2020,\n  title = {A Study},\n  author = {Doe, Jane},\n  doi = {10.1000/x},\n}\n"
)
NEW_BIB = "@misc{w,\n  eprint = {2107.13163},\n  author = {Wei, Colin and others},\n}\n"
REWRITES = {
    "add": ["add", "{ids}", "--bib", "{bib}"],
    "update": ["update", "{bib}"],
    "merge": ["merge", "{new}", "--into", "{bib}"],
    "dedupe": ["dedupe", "{bib}"],
    "check --fix": ["check", "{bib}", "--fix", "--unsafe-fixes"],  # the fold of one work twice
}


@pytest.mark.parametrize("command", list(REWRITES))
def test_a_read_only_bib_is_refused_before_any_request(
    command: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # A rename would replace the file although the user made it read-only.
    bib, ids, new = tmp_path / "refs.bib", tmp_path / "ids.txt", tmp_path / "new.bib"
    text = GOOD_BIB + "\n" + GOOD_BIB.replace("{doe2020", "{d2")  # one work twice
    bib.write_text(text, encoding="utf-8")
    bib.chmod(0o444)
    ids.write_text("2107.13163\n", encoding="utf-8")
    new.write_text(NEW_BIB, encoding="utf-8")
    args = [a.format(bib=bib, ids=ids, new=new) for a in REWRITES[command]]
    code, _, err = invoke(
        *args, *(net(arxiv_server, tmp_path) if command in ("add", "update") else [])
    )
    assert code == 2 and err == f"bibtool: error: {bib} is read-only — not written\n"
    assert bib.read_text(encoding="utf-8") == text and arxiv_server.requests == []


@pytest.mark.parametrize("command", ["add", "update", "merge", "dedupe"])
def test_dash_is_not_a_file_to_rewrite(command: str, tmp_path: Path) -> None:
    (tmp_path / "ids.txt").write_text("2107.13163\n", encoding="utf-8")
    (tmp_path / "new.bib").write_text(NEW_BIB, encoding="utf-8")
    args = [a.format(bib="-", ids=tmp_path / "ids.txt", new=tmp_path / "new.bib")
            for a in REWRITES[command]]  # fmt: skip
    code, _, err = invoke(*args, *(offline(tmp_path) if command in ("add", "update") else []))
    assert code == 2 and "- : bibtool rewrites this file in place" in err
    assert not Path("-").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["resolve", "{ids}", "-o", "{tmp}"], "cannot write {tmp}: it is a directory"),
        (["resolve", "{ids}", "-o", "{tmp}/no/x.bib"], "cannot write {tmp}/no/x.bib: no directory"),
        (["fetch", "2107.13163", "-o", "{tmp}"], "cannot write {tmp}: it is a directory"),
        (["resolve", "{ids}", "--report", "-"], "--report - would mix the JSON report into"),
        (["add", "{ids}", "--bib", "{bib}", "--report", "{tmp}/no/r.json"], "no directory"),
        (["add", "{ids}", "--bib", "{bib}", "--dry-run", "--report", "-"], "--report - would mix"),
        (["add", "{ids}", "--bib", "{bib}", "--dry-run", "--csl-json", "-"], "--csl-json - would"),
        (["add", "{ids}", "--bib", "{bib}", "--csl-json", "-", "--report", "-"], "--report - "),
        (["add", "{ids}", "--bib", "{bib}", "--csl-json", "{tmp}/refs.bib"], "bib is {tmp}/refs"),
        (["add", "{ids}", "--bib", "{tmp}/no/refs.bib"], "cannot write {tmp}/no/refs.bib: no dir"),
        (["update", "{bib}", "--report", "{bib}"], "--report {tmp}/refs.bib is {tmp}/refs.bib"),
        (["update", "{bib}", "--published", "--report", "{tmp}"], "{tmp}: it is a directory"),
        (["update", "{bib}", "--dry-run", "--report", "-"], "--report - would mix"),
    ],
)
def test_outputs_that_cannot_be_written_are_refused_before_any_request(
    args: list[str], message: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # These used to fail after every request was made, and add had written the .bib already.
    bib, ids = tmp_path / "refs.bib", tmp_path / "ids.txt"
    bib.write_text(GOOD_BIB, encoding="utf-8")
    ids.write_text("2107.13163\n", encoding="utf-8")
    filled = [a.format(tmp=tmp_path, ids=ids, bib=bib) for a in args]
    code, out, err = invoke(*filled, *net(arxiv_server, tmp_path))
    assert code == 2 and out == "" and err.startswith("bibtool: error: ")
    assert message.format(tmp=tmp_path) in err and err.count("\n") == 1
    assert arxiv_server.requests == [] and bib.read_text(encoding="utf-8") == GOOD_BIB


def test_an_internal_error_is_one_line_and_exit_70(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(**_: object) -> None:
        raise ValueError("field 'x' has no '='")

    monkeypatch.setattr(bibtool.cli, "app", broken)
    with pytest.raises(SystemExit) as stop:
        bibtool.cli.main()
    err = capsys.readouterr().err
    assert stop.value.code == 70 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("bibtool: internal error") and "ValueError: field 'x' has no '='" in err
    monkeypatch.setenv("BIBTOOL_DEBUG", "1")
    with pytest.raises(ValueError, match="has no"):
        bibtool.cli.main()


def test_ctrl_c_while_python_loads_bibtool_is_exit_130_without_a_traceback() -> None:
    # Loading the modules takes about half a second: a Ctrl-C then was a 30-line traceback.
    hook = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'bibtool.cli.merge':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "from bibtool.cli import main\n"
    )
    done = subprocess.run([sys.executable, "-c", hook], capture_output=True, text=True, timeout=60)
    assert done.returncode == 130 and done.stderr == "bibtool: interrupted\n"


def test_a_bib_with_a_nul_byte_is_a_parse_error_and_is_not_written_to(tmp_path: Path) -> None:
    # Binary data was read as Latin-1 and new entries were appended to it.
    bib = tmp_path / "refs.bib"
    data = GOOD_BIB.encode() + b"\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n"
    bib.write_bytes(data)
    new = tmp_path / "new.bib"
    new.write_text(NEW_BIB, encoding="utf-8")
    nul = "a NUL byte: binary data (or UTF-16 text), not BibTeX"
    code, out, _ = invoke("check", str(bib), "--select", "BIB001")
    assert code == 1 and out == f"{bib}:9:1: BIB001 {nul}\n"
    code, _, err = invoke("merge", str(new), "--into", str(bib))
    assert code == 2 and err == f"bibtool: error: {bib}:9: {nul} — not written\n"
    assert bib.read_bytes() == data


def test_check_on_a_directory_without_bib_files_is_an_error(tmp_path: Path) -> None:
    # "0 findings in 0 files", exit 0: a CI job pointed at the wrong directory passed.
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "refs.bib").write_text(GOOD_BIB, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("no bibliography here\n", encoding="utf-8")
    code, out, err = invoke("check", str(tmp_path))
    assert code == 2 and out == ""
    assert err == f"bibtool: error: no .bib files in {tmp_path} (hidden directories skipped)\n"


@pytest.mark.parametrize(
    ("packed", "message"),
    [
        (
            gzip.compress(b'{"id": "2107.13163"}\n'),
            "is gzip-compressed; decompress it first (gunzip)",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00", "is a zip archive; unzip it first"),
        ('{"id": "2107.13163"}\n'.encode("utf-16"), "is UTF-16 text; save it as UTF-8"),
    ],
)
def test_store_import_names_a_compressed_or_utf16_file(
    packed: bytes, message: str, tmp_path: Path
) -> None:
    # Was: "line 1: not an arXiv metadata record ('utf-8' codec can't decode byte 0x8b ...)".
    snapshot = tmp_path / "arxiv-metadata-oai-snapshot.json"
    snapshot.write_bytes(packed)
    code, _, err = invoke("store", "import", str(snapshot), "-q", *offline(tmp_path)[1:])
    assert code == 2 and err == f"bibtool: error: {snapshot} {message}\n"


def test_control_characters_from_files_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    # ESC ] 0 ; ... BEL retitles the terminal; ESC [ 2 J clears it.
    osc = "\x1b]0;pwned\x07"
    bib = tmp_path / "refs.bib"
    bib.write_text(f"@misc{{a{osc},\n  title = {{X}},\n  journal = j\x1b[2J,\n}}\n")
    code, out, _ = invoke("check", str(bib), "--select", "BIB013")
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    assert "'a\\x1b]0;pwned\\x07'" in out and "'j\\x1b[2J'" in out
    listing = tmp_path / "listing.txt"
    listing.write_text(f"{osc}A title that names no paper at all\n", encoding="utf-8")
    code, _, err = invoke("resolve", str(listing), *offline(tmp_path))
    assert code == 1 and "\x1b" not in err and "\\x1b]0;pwned\\x07" in err


def test_fetch_quotes_and_shortens_what_is_not_an_identifier(tmp_path: Path) -> None:
    # An empty argument was shown as nothing at all, a 100,000-digit one in full.
    code, out, err = invoke("fetch", "", "1" * 100_000, *offline(tmp_path))
    assert code == 2 and out == ""
    assert err == f"bibtool: error: not an arXiv identifier: '', '{'1' * 59}…'\n"


def test_a_test_servers_answers_are_never_served_to_a_run_against_arxiv(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    code, out, _ = invoke("fetch", "2107.13163", *net(arxiv_server, tmp_path))
    assert code == 0 and "wei2021statistically" in out
    arxiv = ["--api-url", "https://export.arxiv.org/api/query"]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    code, out, err = invoke("fetch", "2107.13163", "--offline", *arxiv, *cache)
    assert code == 1 and out == "" and "2107.13163 is not in the local store (offline)" in err
    code, out, _ = invoke("fetch", "2107.13163", "--offline", "--api-url", arxiv_server.url, *cache)
    assert code == 0 and "wei2021statistically" in out  # the same server's store answers


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--api-url", "foo", "is not an http(s) URL with a host"),
        ("--api-url", "ftp://export.arxiv.org/api/query", "is not an http(s) URL"),
        ("--api-url", "http://127.0.0.1:99999/api/query", "Port out of range"),
        ("--api-url", "http://[::1", "is not a URL"),
        ("--timeout", "1e308", "up to 3600"),
        ("--profile", "junk", "unknown profile 'junk'"),
        ("--key-pattern", "auth(", "column 6"),
    ],
)
def test_an_option_that_cannot_work_is_refused_before_any_work(
    option: str, value: str, says: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    listing = tmp_path / "l.txt"
    listing.write_text("Statistically Meaningful Approximation\n", encoding="utf-8")
    args = ["resolve", str(listing), "-q", "--cache-dir", str(tmp_path / "c")]
    if option != "--api-url":
        args += ["--api-url", arxiv_server.url, "--delay", "0"]
    code, out, err = invoke(*args, option, value)
    assert code == 2 and out == "" and "Traceback" not in err and "internal error" not in err
    assert says in " ".join(err.split()) and arxiv_server.requests == []
