"""Real TeX reads our entries: pdflatex+bibtex (plainnat) and pdflatex+biber (biblatex).

Exit codes hide BibTeX's and biber's warnings, so the logs are read: zero warnings in the .blg,
no error and no undefined citation in the .log. Skipped when TeX is not installed; .ci/run
installs it (texlive-latex-base, texlive-latex-recommended, texlive-bibtex-extra, biber).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bibtool.render import make_key, render_entry
from tests.support.helpers import listing_ids, paper_from_record, records
from tests.support.tex import build, problems, run, write_citing

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdflatex") and shutil.which("bibtex") and shutil.which("biber")),
    reason="TeX (pdflatex, bibtex, biber) is not installed; .ci/run installs it",
)


def write_document(directory: Path, profile: str, ids: list[str] | None) -> list[str]:
    """refs.bib with the records (all when ids is None) and doc.tex citing each; the keys."""
    wanted = None if ids is None else set(ids)
    taken: set[str] = set()
    entries: list[str] = []
    for rec in records():
        if wanted is None or rec["id"] in wanted:
            p = paper_from_record(rec)
            key = make_key(p, taken)
            taken.add(key.lower())
            entries.append(render_entry(p, key, profile=profile))
    keys = sorted(taken)
    (directory / "refs.bib").write_text("\n".join(entries), encoding="utf-8")
    write_citing(directory, profile, keys)
    return keys


@pytest.mark.parametrize("profile", ["bibtex", "biblatex"])
def test_listing_entries_compile_without_warnings(profile: str, tmp_path: Path) -> None:
    ids = listing_ids()
    keys = write_document(tmp_path, profile, ids)
    assert len(keys) == len(ids) >= 40
    blg, log = build(tmp_path, profile)
    assert problems(blg, log, profile) == []
    assert "Output written on doc.pdf" in log


def test_biber_validates_the_biblatex_data_model(tmp_path: Path) -> None:
    write_document(tmp_path, "biblatex", listing_ids())
    out = run(tmp_path, "biber", "--tool", "--validate-datamodel", "refs.bib")
    assert not re.findall(r".*\b(?:WARN|ERROR)\b.*", out), out
    assert not re.findall(r".*\b(?:WARN|ERROR)\b.*", (tmp_path / "refs.bib.blg").read_text())


def test_every_record_compiles_with_bibtex(tmp_path: Path) -> None:
    """All 2,826 fixture records in one file: every field of every entry is valid LaTeX.

    (biber takes minutes over these author lists and biblatex exhausts TeX's main memory on
    them, so the biblatex profile is checked on the listings' papers above.)
    """
    keys = write_document(tmp_path, "bibtex", None)
    assert len(keys) == len(records())
    blg, log = build(tmp_path, "bibtex")
    assert problems(blg, log, "bibtex") == []
