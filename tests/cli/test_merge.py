"""Tests for the ``merge`` and ``dedupe`` commands, and a crash in the middle of a write."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool.bibfile import parse_bib
from bibtool.cli import app
from bibtool.render import render_entry
from tests.support.bibs import FIXTURES, ROOT
from tests.support.helpers import paper

SAMPLE = FIXTURES / "14_ml-sample_bibtexupdater.bib"
CRLF = FIXTURES / "12_crlf-dups_rebiber-example-input.bib"
DBLP = FIXTURES / "10_dblp_neurips2020.bib"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def copy(src: Path, tmp_path: Path, name: str = "refs.bib") -> Path:
    dst = tmp_path / name
    dst.write_bytes(src.read_bytes())
    return dst


def test_merge_adds_new_works_skips_known_ones_and_says_why(tmp_path: Path) -> None:
    refs = copy(SAMPLE, tmp_path)
    before = refs.read_bytes()
    code, _, err = invoke("merge", str(CRLF), "--into", str(refs), "--backup")
    assert code == 0
    after = refs.read_bytes()
    assert after.startswith(before) and (tmp_path / "refs.bib.bak").read_bytes() == before
    assert "add 178, update 0, skip 16" in err
    assert "  = Devlin2019BERTPO: same work (title 1.00 similar, first author devlin" in err
    assert "already in" in err and "— cite devlin2019bert for Devlin2019BERTPO" in err
    code, _, err = invoke("merge", str(CRLF), "--into", str(refs))
    assert code == 0 and refs.read_bytes() == after and "add 0, update 0, skip 194" in err


def test_merge_update_enriches_in_place(tmp_path: Path) -> None:
    refs = copy(SAMPLE, tmp_path)
    new = tmp_path / "new.bib"
    text = render_entry(paper("2005.14165"), "BrownNeurips").replace("@misc", "@inproceedings")
    new.write_text(text.replace("\n}", "\n  booktitle = {NeurIPS},\n}"))
    code, out, err = invoke("merge", str(new), "--into", str(refs), "--update", "--dry-run")
    assert code == 0 and refs.read_bytes() == SAMPLE.read_bytes()
    assert "+  author = {Brown, Tom B. and Mann, Benjamin and Ryder, Nick and Subbiah" in out
    assert "would update 1" in err and "author: 'and others' replaced by 31 names" in err
    code, _, _ = invoke("merge", str(new), "--into", str(refs), "--update")
    entry = parse_bib(refs.read_bytes(), name="x").find("brown2020gpt3")[0]
    assert entry.fields["author"].startswith("{Brown, Tom B.") and "booktitle" not in entry.fields


def test_dedupe_dry_run_explain_then_write(tmp_path: Path) -> None:
    refs = copy(CRLF, tmp_path)
    code, out, err = invoke("dedupe", str(refs), "--dry-run", "--explain")
    assert code == 0 and refs.read_bytes() == CRLF.read_bytes()
    assert out.startswith("--- a/") and "-@article{lewis2019bart,\n" in out
    assert "would remove 13 duplicate(s) of 12 work(s)" in err
    assert "  - lewis2019bart (line " in err and "-> bart (line 564): same arXiv 1910.13461" in err
    assert "    cite bart instead of lewis2019bart" in err
    assert "explain: " in err
    code, _, err = invoke("dedupe", str(refs))
    assert code == 0 and "removed 13 duplicate(s)" in err
    code, _, err = invoke("dedupe", str(refs))
    assert code == 0 and "removed 0 duplicate(s) of 0 work(s)" in err


@pytest.mark.parametrize("command", ["merge", "dedupe"])
def test_broken_files_are_refused_with_file_and_line(tmp_path: Path, command: str) -> None:
    broken = copy(FIXTURES / "own" / "missing-comma.bib", tmp_path, "broken.bib")
    args = [command, str(broken)] + (
        ["--into", str(copy(SAMPLE, tmp_path))] if command == "merge" else []
    )
    code, _, err = invoke(*args)
    assert code == 2 and f"{broken}:9:" in err and "not written" in err
    assert broken.read_bytes() == (FIXTURES / "own" / "missing-comma.bib").read_bytes()


# --- a crash in the middle of a write --------------------------------------------------------

CRASHER = """
import os, sys
from bibtool.jobs.merge import dedupe

phase, path = sys.argv[1], sys.argv[2]
real = {"fsync": os.fsync, "replace": os.replace}[phase.split("-")[0]]

def stuck(*args):
    if phase == "replace-after":
        real(*args)
    sys.stdout.write("ready\\n")
    sys.stdout.flush()
    sys.stdin.read()  # blocks until the test kills us

setattr(os, phase.split("-")[0], stuck)
dedupe(path)
"""


@pytest.mark.parametrize("phase", ["fsync", "replace", "replace-after"])
def test_kill_during_write_leaves_old_or_new_file_whole(tmp_path: Path, phase: str) -> None:
    refs = copy(CRLF, tmp_path)
    expected_new = tmp_path / "expected.bib"
    expected_new.write_bytes(CRLF.read_bytes())
    assert invoke("dedupe", str(expected_new))[0] == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHER, phase, str(refs)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    want = expected_new.read_bytes() if phase == "replace-after" else CRLF.read_bytes()
    assert refs.read_bytes() == want
    leftovers = {p.name for p in tmp_path.iterdir()} - {"refs.bib", "expected.bib"}
    assert all(n.startswith((".refs.bib.", ".expected.bib.")) for n in leftovers)
    code, _, _ = invoke("dedupe", str(refs))  # the stale lock of a dead process does not block
    assert code == 0 and refs.read_bytes() == expected_new.read_bytes()
    # ... and the next write clears the temp file the dead process left.
    assert {p.name for p in tmp_path.iterdir()} == {
        "refs.bib", "expected.bib", ".refs.bib.lock", ".expected.bib.lock"
    }  # fmt: skip


def test_pairs_marked_distinct_in_the_config_stay_apart_everywhere(tmp_path: Path) -> None:
    """``distinct`` in .bibtool.toml is honoured by dedupe, merge and check alike."""
    (tmp_path / ".git").mkdir()  # the config search stops here
    refs = copy(CRLF, tmp_path)
    unmarked = _bib003(refs)
    assert any("'lewis2019bart'" in m for m in unmarked)
    (tmp_path / ".bibtool.toml").write_text('distinct = [["bart", "lewis2019bart"]]\n')
    code, _, err = invoke("dedupe", str(refs), "--dry-run", "--explain")
    assert code == 0 and "would remove 12 duplicate(s) of 11 work(s)" in err
    assert re.search(r"lewis2019bart \(line \d+\) is not bart: marked distinct", err)
    flagged = _bib003(refs)
    assert len(flagged) == len(unmarked) - 1 and not any("'lewis2019bart'" in m for m in flagged)
    # merge: the same work under a key marked distinct is added, not skipped
    target = tmp_path / "target.bib"
    target.write_text(_entry(CRLF, "bart"))
    new = tmp_path / "new.bib"
    new.write_text(_entry(CRLF, "lewis2019bart"))
    code, _, err = invoke("merge", str(new), "--into", str(target), "--dry-run")
    assert code == 0 and "would add 1, would update 0, skip 0" in err
    (tmp_path / ".bibtool.toml").write_text("")
    code, _, err = invoke("merge", str(new), "--into", str(target), "--dry-run")
    assert code == 0 and "would add 0, would update 0, skip 1" in err
    (tmp_path / ".bibtool.toml").write_text("distinct = [[]]\n")
    code, _, err = invoke("dedupe", str(refs))
    assert code == 2 and "each distinct set needs two keys or more" in err
    assert refs.read_bytes() == CRLF.read_bytes()


def _bib003(path: Path) -> list[str]:
    _, out, _ = invoke("check", str(path), "--select", "BIB003", "--format", "json")
    return [f["message"] for f in json.loads(out)["findings"]]


def _entry(path: Path, key: str) -> str:
    return parse_bib(path.read_bytes(), name=path.name).find(key)[0].raw + "\n"
