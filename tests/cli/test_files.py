"""The user's files under hostile or careless use: nothing lost, nothing written outside, no hang.

Issue 16, each case a test that failed before: an output naming an input overwrote it; a root
run made a user's file root's and split hard links; a stray Latin-1 byte made bibtool write
Latin-1 beside UTF-8; a device or FIFO named as the .bib was replaced or waited on forever; a
planted symlink redirected the lock file; /dev/zero and `yes` filled memory; a report that
could not be written was noticed after the .bib was; Ctrl-C after the replace said nothing was
written; `--select ''` checked nothing; file names reached CI logs raw.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bibtool.cli import app
from tests.support.arxiv_server import ArxivServer

runner = CliRunner()
ENTRY = (
    "@misc{mine2020,\n  title = {My Own Entry},\n  author = {Me, Myself},\n  year = {2020},\n}\n"
)


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def bibtool(*args: str, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "bibtool", *args], capture_output=True, timeout=60, **kw
    )  # type: ignore[call-overload, no-any-return]


def net(server: ArxivServer, tmp_path: Path) -> list[str]:
    return ["--api-url", server.url, "--delay", "0", "--cache-dir", str(tmp_path / "cache")]


def spelled(tmp_path: Path, target: Path, how: str) -> str:
    """Another name for ``target``: as given, ./x, dir/../x, an absolute path, a symlink, a
    hard link."""
    if how == "symlink":
        link = tmp_path / f"link-{target.name}"
        link.unlink(missing_ok=True)
        link.symlink_to(target)
        return str(link)
    if how == "hardlink":
        link = tmp_path / f"hard-{target.name}"
        link.unlink(missing_ok=True)
        os.link(target, link)
        return str(link)
    relative = os.path.relpath(target)
    return {
        "same": str(target),
        "dot": os.path.join(".", relative),
        "updown": os.path.join(str(target.parent), "..", target.parent.name, target.name),
        "relative": relative,
    }[how]


HOWS = ["same", "dot", "updown", "relative", "symlink", "hardlink"]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(how=st.sampled_from(HOWS), which=st.sampled_from(["bib", "listing"]))
def test_a_report_that_aliases_an_input_is_refused(
    how: str, which: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib, listing = tmp_path / "mine.bib", tmp_path / "l.txt"
    bib.write_text(ENTRY, encoding="utf-8")
    listing.write_text("2107.13163\n", encoding="utf-8")
    report = spelled(tmp_path, bib if which == "bib" else listing, how)
    code, _, err = invoke("add", str(listing), "--bib", str(bib), "--report", report,
                          *net(arxiv_server, tmp_path))  # fmt: skip
    assert code == 2 and "which this command reads" in err
    assert bib.read_text(encoding="utf-8") == ENTRY and listing.read_text() == "2107.13163\n"


@pytest.mark.parametrize("how", HOWS)
def test_resolve_never_writes_over_its_listing(how: str, tmp_path: Path) -> None:
    listing = tmp_path / "refs.bib"
    listing.write_text(ENTRY, encoding="utf-8")
    code, _, err = invoke("resolve", str(listing), "-o", spelled(tmp_path, listing, how),
                          "--offline", "--cache-dir", str(tmp_path / "c"))  # fmt: skip
    assert code == 2 and "which this command reads" in err
    assert listing.read_text(encoding="utf-8") == ENTRY


def test_two_outputs_naming_one_file_are_refused(tmp_path: Path) -> None:
    listing = tmp_path / "l.txt"
    listing.write_text("2107.13163\n", encoding="utf-8")
    out = str(tmp_path / "o.bib")
    code, _, err = invoke("resolve", str(listing), "-o", out, "--report", out, "--offline")
    assert code == 2 and "-o and --report both name" in err


def test_an_output_file_is_replaced_whole(tmp_path: Path) -> None:
    listing, out = tmp_path / "l.txt", tmp_path / "out.bib"
    listing.write_text("2107.13163\n", encoding="utf-8")
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    invoke("resolve", str(listing), "-o", str(out), "--offline", "--cache-dir", str(tmp_path))
    assert out.read_text() == "" and oct(out.stat().st_mode & 0o777) == "0o640"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_rewritten_bib_keeps_its_owner_group_and_mode(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    bib, listing = tmp_path / "refs.bib", tmp_path / "l.txt"
    bib.write_text(ENTRY, encoding="utf-8")
    listing.write_text("2107.13163\n", encoding="utf-8")
    os.chown(bib, 1234, 5678)
    bib.chmod(0o640)
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 0, err
    st = bib.stat()
    assert (st.st_uid, st.st_gid, oct(st.st_mode & 0o777)) == (1234, 5678, "0o640")
    assert "wei2021statistically" in bib.read_text(encoding="utf-8")


def test_a_bib_with_hard_links_is_refused_before_any_request(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib, listing = tmp_path / "refs.bib", tmp_path / "l.txt"
    bib.write_text(ENTRY, encoding="utf-8")
    os.link(bib, tmp_path / "also.bib")
    listing.write_text("2107.13163\n", encoding="utf-8")
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 2 and "2 hard links" in err and arxiv_server.requests == []
    assert (tmp_path / "also.bib").read_text(encoding="utf-8") == ENTRY


def test_a_utf8_file_with_a_stray_latin1_byte_is_not_written_to(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    data = ENTRY.replace("Me, Myself", "Gödel, Kurt").encode() + b"% caf\xe9\n"
    bib, listing = tmp_path / "refs.bib", tmp_path / "l.txt"
    bib.write_bytes(data)
    listing.write_text("2107.13163\n", encoding="utf-8")
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 2 and "refs.bib:6: byte 0xE9 is not UTF-8" in err and "not written" in err
    assert bib.read_bytes() == data
    latin1 = ENTRY.replace("Me, Myself", "G\xf6del, Kurt").encode("latin-1")  # Latin-1 throughout
    bib.write_bytes(latin1)
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 0, err
    assert bib.read_bytes().startswith(latin1)  # new text in the file's own encoding


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_a_device_or_fifo_is_never_replaced_by_a_file(
    special: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    target = special
    if special == "fifo":
        target = str(tmp_path / "refs.bib")
        os.mkfifo(target)
    listing = tmp_path / "l.txt"
    listing.write_text("2107.13163\n", encoding="utf-8")
    done = bibtool("add", str(listing), "--bib", target, *net(arxiv_server, tmp_path))
    assert done.returncode == 2 and b"not a regular file" in done.stderr
    assert Path(target).is_char_device() if special == "/dev/null" else Path(target).is_fifo()
    assert arxiv_server.requests == []


def test_a_planted_lock_link_is_not_followed(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    bib, listing, elsewhere = tmp_path / "refs.bib", tmp_path / "l.txt", tmp_path / "victim"
    bib.write_text(ENTRY, encoding="utf-8")
    elsewhere.write_text("keep me\n", encoding="utf-8")
    (tmp_path / ".refs.bib.lock").symlink_to(elsewhere)
    listing.write_text("2107.13163\n", encoding="utf-8")
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 2 and "lock file" in err and "symbolic link" in err
    assert elsewhere.read_text() == "keep me\n" and bib.read_text(encoding="utf-8") == ENTRY


def test_endless_input_is_refused_without_filling_memory() -> None:
    done = bibtool("resolve", "/dev/zero", "--offline")
    assert done.returncode == 2 and b"/dev/zero:1: a line of more than 400,000 bytes" in done.stderr
    yes = subprocess.Popen(["yes", "Attention Is All You Need"], stdout=subprocess.PIPE)
    try:
        done = bibtool("resolve", "-", "--offline", stdin=yes.stdout)
    finally:
        yes.kill()
        yes.wait()
    assert done.returncode == 2 and b"larger than 256 MiB" in done.stderr


def test_a_fifo_nobody_writes_reads_as_empty_and_one_nobody_reads_is_refused(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "listing"
    os.mkfifo(fifo)
    done = bibtool("resolve", str(fifo), "--offline", "--cache-dir", str(tmp_path / "c"))
    assert done.returncode == 0 and done.stdout == b""  # at once, not forever
    listing = tmp_path / "l.txt"
    listing.write_text("2107.13163\n", encoding="utf-8")
    done = bibtool("resolve", str(listing), "-o", str(fifo), "--offline")
    assert done.returncode == 2 and b"a FIFO that no process reads" in done.stderr


def test_a_full_standard_output_is_one_sentence() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "bibtool", "check", "fixtures/check/planted.bib"],
            stdout=full, stderr=subprocess.PIPE, timeout=60,
            cwd=Path(__file__).resolve().parents[2],
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode().endswith("standard output: No space left on device\n")


@pytest.mark.parametrize("kind", ["read-only", "fifo"])
def test_an_unwritable_report_is_refused_before_the_bib_is_written(
    kind: str, arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib, listing, report = tmp_path / "refs.bib", tmp_path / "l.txt", tmp_path / "r.json"
    bib.write_text(ENTRY, encoding="utf-8")
    listing.write_text("2107.13163\n", encoding="utf-8")
    if kind == "fifo":  # writing the report would wait forever, after the .bib was written
        os.mkfifo(report)
    else:
        report.write_text("{}")
        report.chmod(0o444)
        if os.access(report, os.W_OK):
            pytest.skip("root writes read-only files")
    code, _, err = invoke("add", str(listing), "--bib", str(bib), "--report", str(report),
                          *net(arxiv_server, tmp_path))  # fmt: skip
    assert code == 2 and "cannot write" in err and arxiv_server.requests == []
    assert bib.read_text(encoding="utf-8") == ENTRY


def test_ctrl_c_after_the_replace_says_the_file_was_written(
    arxiv_server: ArxivServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bibtool.cli.main_job as main_job

    def interrupted(line: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(main_job, "say", interrupted)  # Ctrl-C while the summary is printed
    bib, listing = tmp_path / "refs.bib", tmp_path / "l.txt"
    bib.write_text(ENTRY, encoding="utf-8")
    listing.write_text("2107.13163\n", encoding="utf-8")
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 130 and f"interrupted after {bib} was written in full" in err
    assert "wei2021statistically" in bib.read_text(encoding="utf-8")


def test_a_run_that_lost_a_race_says_to_run_again(
    arxiv_server: ArxivServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bibtool.jobs.add as add_job

    bib, listing = tmp_path / "refs.bib", tmp_path / "l.txt"
    bib.write_text(ENTRY, encoding="utf-8")
    listing.write_text("2107.13163\n", encoding="utf-8")
    real = add_job.apply_plan

    def meanwhile(*args: object) -> bytes:
        bib.write_text(ENTRY + "\n% edited meanwhile\n", encoding="utf-8")
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(add_job, "apply_plan", meanwhile)
    code, _, err = invoke("add", str(listing), "--bib", str(bib), *net(arxiv_server, tmp_path))
    assert code == 2 and "changed or vanished on disk" in err and "run the command again" in err


@pytest.mark.parametrize("select", ["", ",", " "])
def test_an_empty_selection_is_a_usage_error_not_a_silent_pass(select: str) -> None:
    code, _, err = invoke("check", "fixtures/check/planted.bib", "--select", select)
    assert code == 2 and "select names no rule" in err


def test_file_names_reach_ci_logs_on_one_line_and_sarif_as_uris(tmp_path: Path) -> None:
    odd = tmp_path / "refs\n::error file=x::pwned #1 %.bib"
    odd.write_text("@misc{a, title = {T}, year = 2020, author = {A and others}}\n")
    code, out, _ = invoke("check", str(odd), "--format", "text")
    assert code == 1 and len(out.splitlines()) == 1 and "\\x0a::error" in out
    code, out, _ = invoke("check", str(odd), "--format", "sarif")
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "%0A%3A%3Aerror" in uri["artifactLocation"]["uri"]
    assert "%23" in uri["artifactLocation"]["uri"] and "%25" in uri["artifactLocation"]["uri"]


def test_a_name_too_long_and_nested_json_are_one_sentence(tmp_path: Path) -> None:
    code, _, err = invoke("check", "a" * 300 + ".bib")
    assert code == 2 and "File name too long" in err
    nested = tmp_path / "nested.json"
    nested.write_text('{"id": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    code, _, err = invoke("store", "import", str(nested), "--cache-dir", str(tmp_path / "c"))
    assert code == 2 and "nested too deeply" in err and "internal error" not in err


def test_the_lock_is_a_file_no_one_can_turn_into_a_fifo(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(ENTRY + "\n" + ENTRY.replace("mine2020", "mine2020b"), encoding="utf-8")
    os.mkfifo(tmp_path / ".refs.bib.lock")
    result: list[tuple[int, str, str]] = []
    worker = threading.Thread(target=lambda: result.append(invoke("dedupe", str(bib))))
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive() and result[0][0] == 2 and "is not a file" in result[0][2]


def test_a_closed_or_broken_standard_output_is_no_internal_error() -> None:
    root = Path(__file__).resolve().parents[2]
    big = "fixtures/bibs/05_LARGE_zotero-bbt_unabbreviate-1436-3.bib"
    run = f"{sys.executable} -m bibtool check --format json"
    done = subprocess.run(
        ["bash", "-c", f'{run} {big} | head -c 10 >/dev/null; echo "rc=${{PIPESTATUS[0]}}" >&2; '
         f'{run} fixtures/check/planted.bib >&-; echo "rc=$?" >&2'],
        cwd=root, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.stderr.splitlines() == [  # `| head`: quiet; `>&-`: one sentence (it was exit 70)
        "rc=1",
        "bibtool: error: standard output: it is closed",
        "rc=2",
    ]
