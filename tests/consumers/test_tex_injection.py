"""Metadata from outside can never run TeX: a hostile server's titles compiled by real TeX.

Issue 16: TeX reads ``^^5c`` as a backslash, so ``$x^^5cinput{/etc/hostname}$`` in an arXiv
title passed through every profile verbatim and made pdflatex print a file, and
``^^5cimmediate^^5cwrite…`` created one. Here a loopback server serves records whose every
field spells commands in each way TeX accepts; ``bibtool fetch`` writes them in every profile;
pdflatex with bibtex and biber compiles them beside a secret file. The secret never reaches
the PDF and no file is written. A property test checks the same of any soup of such spellings.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bibtool.cli import app
from bibtool.render.entry import render_entry
from bibtool.text.chars import ACCENTS, LATEX_MATH, MATH_CMDS, SPECIAL_LETTERS, TEXT_COMMANDS
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import paper

needs_tex = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdflatex", "bibtex", "biber", "pdftotext")),
    reason="TeX and pdftotext are not installed; .ci/run installs them",
)

SECRET = "TOPSECRETTOKEN"
BACKSLASHES = ["^^5c", "^^5C", "^^^^005c", "\\", "\\csname ", "^ ^5c"]


def hostile(n: int, spell: str) -> dict[str, Any]:
    """A record every text field of which tries to read secret.txt or write pwned.txt."""
    cs = (
        (lambda name: f"{spell}{name}")
        if spell != "\\csname "
        else (lambda name: f"\\csname {name}\\endcsname")
    )
    read = f"{cs('input')}{{secret.txt}}"
    write = (
        f"{cs('immediate')}{cs('openout')}15=pwned.txt{cs('immediate')}{cs('write')}15{{x}}"
        f"{cs('immediate')}{cs('closeout')}15"
    )
    return {
        "id": f"2501.{n:05d}", "version": "v1",
        "title": f"A study ${read}$ and ${write}$ in {read} text",
        "authors": [f"Eve {cs('input')}{{secret.txt}}", f"Mallory ${read}$"],
        "abstract": "An abstract.", "published": "2025-01-02T00:00:00Z",
        "updated": "2025-01-02T00:00:00Z", "primary_category": "cs.CR", "categories": ["cs.CR"],
        "doi": f"10.1000/x{read}", "journal_ref": f"J. Hostile ${read}$ (2025)",
        "comment": f"${write}$",
    }  # fmt: skip


@needs_tex
@pytest.mark.parametrize("profile", ["bibtex", "biblatex", "zotero"])
def test_hostile_metadata_compiles_without_reading_or_writing_a_file(
    profile: str, tmp_path: Path
) -> None:
    records = [hostile(n, spell) for n, spell in enumerate(BACKSLASHES, start=1)]
    with ArxivServer(records) as server:
        result = CliRunner().invoke(
            app,
            ["fetch", *(r["id"] for r in records), "--profile", profile,
             "-o", str(tmp_path / "refs.bib"), "--api-url", server.url, "--delay", "0",
             "--cache-dir", str(tmp_path / "cache")],
        )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    bib = (tmp_path / "refs.bib").read_text(encoding="utf-8")
    assert "^^" not in bib and bib.count("@misc{") == len(records)
    (tmp_path / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    keys = re.findall(r"@misc\{([^,]+),", bib)
    biblatex = profile != "bibtex"
    preamble = (
        "\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n"
        if biblatex else "\\usepackage{natbib}\n\\usepackage{url}\n"
    )  # fmt: skip
    closing = (
        "\\printbibliography\n"
        if biblatex
        else "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n"
    )
    cites = "".join(f"\\nocite{{{k}}}" for k in keys)
    (tmp_path / "doc.tex").write_text(
        f"\\documentclass{{article}}\n{preamble}\\begin{{document}}\n{cites}\n{closing}\\end{{document}}\n"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "doc"]
    for command in (latex, ["biber" if biblatex else "bibtex", "doc"], latex, latex):
        subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=300, check=False)
    assert (tmp_path / "doc.pdf").exists(), (tmp_path / "doc.log").read_text(errors="replace")
    text = subprocess.run(
        ["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert SECRET not in text and "Eve" in text  # the entries are printed, the file is not
    assert not (tmp_path / "pwned.txt").exists()


# Control sequences an entry may hold: LaTeX's own text and maths commands, accents and letters,
# and what bibtool writes to show a command it will not run (\textbackslash, \backslash\mathrm).
SAFE = (
    TEXT_COMMANDS | MATH_CMDS | LATEX_MATH | set(SPECIAL_LETTERS) | set(ACCENTS)
    | {"textbackslash", "backslash", "mathrm", "textrm", "hat", "lbrace", "rbrace",
       "textbraceleft", "textbraceright", "textasciicircum", "textless", "textgreater", "textbar"}
)  # fmt: skip
SPELLINGS = st.lists(
    st.sampled_from(
        ["^^5c", "^^5C", "^^^^005c", "^^", "^", "\\", "\\\\", "\\csname", "\\endcsname", "input",
         "write18", "{", "}", "$", " ", "x", "catcode", "\\def", "\\input", "^^7b", "~", "%"]
    ),
    max_size=25,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=SPELLINGS, profile=st.sampled_from(["bibtex", "biblatex", "zotero"]))
def test_no_spelling_of_a_command_survives_rendering(text: str, profile: str) -> None:
    p = paper("2107.13163")
    from dataclasses import replace

    from bibtool.model import Author

    hostile_paper = replace(
        p, title=text or "x", authors=(Author(f"Eve {text}"),), journal_ref=text or None,
        doi=f"10.1000/{text}" if text.strip() else None,
    )  # fmt: skip
    entry = render_entry(hostile_paper, "k", profile=profile)
    assert "^^" not in entry
    commands = set(re.findall(r"\\([A-Za-z]+)", entry.replace("\\\\", "  ")))
    assert commands <= SAFE, commands - SAFE
