"""Hostile and odd input through the CLI: one sentence naming file and line, nothing written."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool.cli import app

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
    for command in (["check", str(bib), "--fix"], ["dedupe", str(bib)]):
        code, _, err = invoke(*command)
        assert code == 2 and "could not be parsed" in err and err.endswith("not written\n")
    assert bib.read_text(encoding="utf-8") == text
