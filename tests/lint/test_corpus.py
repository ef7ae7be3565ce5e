"""``check`` on the real-world corpus: ``--fix`` never removes an entry, and only files that
bibtex or biber report broken are refused (``fixtures/bibs/readers.tsv``: their error counts,
BibTeX 0.99d and biber 2.18 on every file, ``\\citation{*}`` with plain.bst, ``biber --tool``).
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bibtool.bibfile import read_bib
from bibtool.config import CheckConfig
from bibtool.errors import BibFileError
from bibtool.jobs.check import check_file
from tests.support.bibs import FIXTURES, corpus, parsed

PATHS = {p.name: p for p in corpus()}


def _readers() -> dict[str, tuple[int, int]]:
    with (FIXTURES / "readers.tsv").open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t")
        return {r["file"]: (int(r["bibtex_errors"]), int(r["biber_errors"])) for r in rows}


READERS = _readers()


@pytest.mark.parametrize("name", sorted(PATHS), ids=str)
def test_fix_never_removes_an_entry(name: str, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # the config search stops here: the default rules
    path = tmp_path / name
    shutil.copyfile(PATHS[name], path)
    doc = read_bib(path)
    before = Counter(e.key for e in doc.entries)
    try:
        report = check_file(str(path), lambda start: CheckConfig(), fix=True)
    except BibFileError as exc:
        assert doc.blocking and "not written" in str(exc)  # refused, and only when broken
        return
    assert Counter(e.key for e in read_bib(path).entries) == before
    assert all(f.code != "BIB003" for f in report.fixed)


@pytest.mark.parametrize("name", sorted(PATHS), ids=str)
def test_only_files_bibtex_or_biber_report_broken_are_refused(name: str) -> None:
    if name not in READERS:
        pytest.skip(f"{name}: not run through bibtex and biber")
    if parsed(PATHS[name]).blocking:
        assert any(READERS[name]), f"{name} is refused, but bibtex and biber read it"
