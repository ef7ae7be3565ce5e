"""Real TeX over a .bib: a document citing every key, the LaTeX/backend cycle, the problems
its logs report (tests/consumers: pdflatex+bibtex with plainnat, pdflatex+biber)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

PREAMBLE = {
    "bibtex": "\\usepackage{natbib}\n\\usepackage{url}\n",
    "biblatex": "\\usepackage[backend=biber,style=numeric]{biblatex}\n\\addbibresource{refs.bib}\n",
}
CLOSING = {
    "bibtex": "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n",
    "biblatex": "\\printbibliography\n",
}


def write_citing(directory: Path, profile: str, keys: list[str]) -> None:
    """doc.tex citing ``keys`` from refs.bib, for ``profile`` (bibtex or biblatex)."""
    cites = "\n".join(f"\\cite{{{k}}}" for k in keys)
    body = f"\\documentclass{{article}}\n{PREAMBLE[profile]}\\begin{{document}}\n{cites}\n"
    (directory / "doc.tex").write_text(body + CLOSING[profile] + "\\end{document}\n")


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
