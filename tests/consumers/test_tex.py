"""Real TeX reads our entries: pdflatex+bibtex (plainnat) and pdflatex+biber (biblatex).

Exit codes hide BibTeX's and biber's warnings, so the logs are read: zero warnings in the .blg,
no error and no undefined citation in the .log. Skipped when TeX is not installed; .ci/run
installs it (texlive-latex-base, texlive-latex-recommended, texlive-bibtex-extra, biber).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bibtool.render import make_key, render_entry
from tests.support.helpers import listing_ids, paper_from_record, records

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdflatex") and shutil.which("bibtex") and shutil.which("biber")),
    reason="TeX (pdflatex, bibtex, biber) is not installed; .ci/run installs it",
)

PREAMBLE = {
    "bibtex": "\\usepackage{natbib}\n\\usepackage{url}\n",
    "biblatex": "\\usepackage[backend=biber,style=numeric]{biblatex}\n\\addbibresource{refs.bib}\n",
}
CLOSING = {
    "bibtex": "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n",
    "biblatex": "\\printbibliography\n",
}


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
    cites = "\n".join(f"\\cite{{{k}}}" for k in keys)
    body = f"\\documentclass{{article}}\n{PREAMBLE[profile]}\\begin{{document}}\n{cites}\n"
    (directory / "doc.tex").write_text(body + CLOSING[profile] + "\\end{document}\n")
    return keys


def run(directory: Path, *command: str) -> str:
    done = subprocess.run(
        command, cwd=directory, capture_output=True, text=True, errors="replace", timeout=300
    )
    return done.stdout + done.stderr


def build(directory: Path, profile: str) -> tuple[str, str]:
    """Run the LaTeX/backend/LaTeX/LaTeX cycle; return (.blg, final .log) text."""
    latex = ("pdflatex", "-interaction=nonstopmode", "-draftmode", "doc")
    run(directory, *latex)
    run(directory, "bibtex" if profile == "bibtex" else "biber", "doc")
    run(directory, *latex)
    run(directory, "pdflatex", "-interaction=nonstopmode", "doc")
    blg, log = (directory / "doc.blg", directory / "doc.log")
    return (
        blg.read_text(encoding="utf-8", errors="replace"),
        log.read_text(encoding="utf-8", errors="replace"),
    )


def problems(blg: str, log: str, profile: str) -> list[str]:
    """Every warning or error line the backend or LaTeX reported."""
    # BibTeX: "Warning--...", "I was expecting...---line N", "(There were N error messages)".
    bibtex = r"^Warning--|^I (?:was|found)|---line \d+|^\(There (?:was|were) \d+ (?:warn|error)"
    pattern = bibtex if profile == "bibtex" else r"\b(WARN|ERROR)\b"
    found = [line for line in blg.splitlines() if re.search(pattern, line)]
    found += [line for line in log.splitlines() if line.startswith("!")]
    found += re.findall(r".*(?:Citation|Reference) .* undefined.*", log)
    found += re.findall(r".*There were undefined (?:citations|references).*", log)
    return found


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
