"""BIB003 uses dedupe's same-work decision, and ``check --fix --unsafe-fixes`` folds duplicates
as dedupe does (removing an entry is never a safe fix: ``--fix`` alone leaves them)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from typer.testing import CliRunner

from bibtool.bibfile import parse_bib, read_bib
from bibtool.cli import app
from bibtool.config import CheckConfig
from bibtool.jobs.check import check_file, options_for
from bibtool.lint import check_document
from bibtool.works.dedupe import apply_dedupe, plan_dedupe
from tests.support.helpers import FIXTURES

DUPLICATES = FIXTURES / "check" / "duplicates.bib"
ONLY_BIB003 = CheckConfig(select=("BIB003",))
runner = CliRunner()


def _copy(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the config search stops here: default rules, no key pattern
    path = tmp_path / "refs.bib"
    shutil.copy(DUPLICATES, path)
    return path


def _bib003(path: Path, config: CheckConfig = ONLY_BIB003) -> list[tuple[int, str]]:
    doc = read_bib(path)
    return [(f.line, f.message) for f in check_document(doc, options_for(config, online=False))]


def test_the_later_entry_is_reported_with_the_key_it_repeats_and_dedupes_reason() -> None:
    found = _bib003(DUPLICATES)
    assert found == [
        (21, "entry 'bart' is the same work as 'lewis2019bart' (line 3): same arXiv 1910.13461"),
        (
            28,
            "entry 'devlin2019bert' is the same work as 'Devlin2019BERTPO' (line 11): "
            "title 1.00 similar, first author devlin, years 2019/2019",
        ),
    ]
    lines = DUPLICATES.read_text(encoding="utf-8").split("\n")
    assert lines[20].startswith("@article{bart,") and lines[27].startswith("@article{devlin2019b")
    # The silenced arXiv copy (line 37) is one work with them for dedupe too: same decision.
    doc = read_bib(DUPLICATES)
    planned = [d.entry.key for g in plan_dedupe(doc).groups for d in g.duplicates]
    assert planned == ["bart", "devlin2019bert", "devlin2018bert"]


def test_dedupes_vetoes_hold_for_the_check() -> None:
    title = "Statistically Meaningful Approximation: a Case Study on Turing Machines"
    body = f"  title = {{{title}}},\n  author = {{Wei, Colin}},\n  year = {{2021}},\n"
    text = (
        f"@misc{{a,\n{body}  eprint = {{2107.13163}},\n}}\n\n"
        f"@misc{{b,\n{body}  eprint = {{2107.13164}},\n}}\n\n"  # another arXiv id: never one work
        "@comment{bibtool:distinct a c}\n@comment{bibtool:distinct c b}\n"  # the user's word
        f"@misc{{c,\n{body}}}\n\n"
        f"@misc{{d,\n{body.replace('2021', '2015')}}}\n"  # six years apart
    )
    doc = parse_bib(text, name="x.bib")
    assert check_document(doc, options_for(ONLY_BIB003, online=False)) == []


def test_fix_removes_the_duplicate_and_aliases_its_key(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    report = check_file(str(path), lambda start: CheckConfig(), fix=True, unsafe_fixes=True)
    assert [(f.code, f.line) for f in report.fixed] == [("BIB003", 21), ("BIB003", 28)]
    after = read_bib(path)
    assert [e.key for e in after.entries] == ["lewis2019bart", "Devlin2019BERTPO", "devlin2018bert"]
    assert after.entries[0].fields["ids"] == "{bart}"
    assert after.entries[1].fields["ids"] == "{devlin2019bert}"
    diff = difflib.ndiff(before.split("\n"), after.text.split("\n"))
    added = [line[2:] for line in diff if line.startswith("+ ")]
    assert added == ["  ids           = {bart},", "  ids       = {devlin2019bert},"]
    # What is left is read from the written file: the silenced copy, nothing else.
    assert report.findings == () and _bib003(path) == []


def test_fix_alone_removes_nothing_and_says_what_unsafe_fixes_wait(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_bytes()
    report = check_file(str(path), lambda start: CheckConfig(), fix=True)
    assert report.fixed == () and path.read_bytes() == before
    assert [(f.code, f.fixable, f.fix is not None) for f in report.findings] == [
        ("BIB003", False, True),
        ("BIB003", False, True),
    ]
    result = runner.invoke(app, ["check", str(path), "--fix"])
    assert result.exit_code == 1 and path.read_bytes() == before
    assert "2 findings in 1 file (2 unsafe fixes with --unsafe-fixes)" in result.stderr


def test_check_fix_from_the_command_line_then_check_is_clean(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    result = runner.invoke(app, ["check", str(path), "--fix", "--unsafe-fixes"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "fixed 2" in result.stderr
    again = runner.invoke(app, ["check", str(path), "--select", "BIB003"])
    assert (again.exit_code, again.stdout) == (0, "")


def test_dry_run_prints_the_dedupe_and_writes_nothing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_bytes()
    result = runner.invoke(app, ["check", str(path), "--fix", "--unsafe-fixes", "--dry-run"])
    assert path.read_bytes() == before
    assert result.exit_code == 1  # nothing was fixed, so the findings stand
    out = result.stdout
    assert "-@article{bart,\n" in out and "-@article{devlin2019bert,\n" in out
    assert "+  ids           = {bart},\n" in out and "+  ids       = {devlin2019bert},\n" in out
    assert f"{path}:21:1: BIB003 entry 'bart'" in out


def test_an_unsilenced_member_still_folds_when_another_is_silenced(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    # Silence 'devlin2019bert' instead: the arXiv copy (devlin2018bert) now folds, it stays.
    text = text.replace("% bibtool: ignore BIB003\n", "").replace(
        "@article{devlin2019bert,", "% bibtool: ignore BIB003\n@article{devlin2019bert,"
    )
    path.write_text(text, encoding="utf-8")
    report = check_file(str(path), lambda start: CheckConfig(), fix=True, unsafe_fixes=True)
    assert sorted(f.key or "" for f in report.fixed) == ["bart", "devlin2018bert"]
    after = read_bib(path)
    assert [e.key for e in after.entries] == ["lewis2019bart", "Devlin2019BERTPO", "devlin2019bert"]
    assert after.entries[1].fields["ids"] == "{devlin2018bert}"


def test_a_work_written_three_times_folds_in_two_passes_as_dedupe_folds_it(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("% bibtool: ignore BIB003\n", ""))
    doc = read_bib(path)
    # Both copies of BERT fold into one kept entry: the second fix waits for the first.
    report = check_file(str(path), lambda start: ONLY_BIB003, fix=True, unsafe_fixes=True)
    assert [(f.key, f.line) for f in report.fixed] == [
        ("bart", 21),
        ("devlin2019bert", 28),
        ("devlin2018bert", 23),  # found again on the text the first pass wrote
    ]
    assert path.read_bytes() == apply_dedupe(doc, plan_dedupe(doc))
    assert report.findings == ()
