"""Titles through real BibTeX, scored against labels written by hand (fixtures/titles).

The labelled papers are rendered by bibtool, run through pdflatex + bibtex with plainnat, and
each title is read back from the .bbl, where bibtex has applied ``change.case$`` (exact, unlike
text pulled out of a PDF). Every word of the label is compared with the printed word:

- an *inherent-case* word has a capital the style may not lower-case (all but the title's
  first letter and the first letter after ``: ``, which plainnat prints as written): it is
  *kept* when every such capital prints;
- an *ordinary* word has none: it is *over-protected* when it prints a capital the label
  lower-cases;
- a title is *right* when every word is.
"""

from __future__ import annotations

import csv
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bibtool.model import Paper
from bibtool.render import render_entry
from bibtool.render.latex import escape_latex
from bibtool.text.tex import to_text

from .helpers import FIXTURES, paper

LABELS = FIXTURES / "titles" / "labelled.tsv"
SPLITS = ("dev", "held", "held2", "held3", "held4")  # development, then four sets held back


@dataclass(frozen=True)
class Label:
    arxiv_id: str
    split: str  # "dev", or "held", "held2", "held3" and "held4" (held back from tuning)
    field: str
    title: str  # as it should print, in TeX as arXiv writes it


def labels(path: Path = LABELS) -> list[Label]:
    with path.open(encoding="utf-8") as fh:
        return [Label(**row) for row in csv.DictReader(fh, delimiter="\t")]


@dataclass
class Score:
    """Counts over some titles, and the words that went wrong (for reading, not asserting)."""

    titles: int = 0
    titles_right: int = 0
    inherent: int = 0
    inherent_kept: int = 0
    names: int = 0  # inherent words that are capitalised, then lower case: Turing, Gaussian
    names_kept: int = 0
    ordinary: int = 0
    over_protected: int = 0
    unread: list[str] = field(default_factory=list)  # titles whose print did not align
    lost: list[str] = field(default_factory=list)
    over: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("titles", "titles_right", "inherent", "inherent_kept", "names"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("names_kept", "ordinary", "over_protected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.unread += other.unread
        self.lost += other.lost
        self.over += other.over

    def figures(self) -> dict[str, float]:
        def share(a: int, b: int) -> float:
            return a / b if b else 1.0

        return {
            "titles_right": share(self.titles_right, self.titles),
            "inherent_kept": share(self.inherent_kept, self.inherent),
            "names_kept": share(self.names_kept, self.names),
            "over_protected": share(self.over_protected, self.ordinary),
        }

    def lines(self) -> list[str]:
        return [
            f"titles fully right      {self.titles_right:4d} of {self.titles:4d}",
            f"inherent-case words kept{self.inherent_kept:5d} of {self.inherent:4d}"
            f"  (names: {self.names_kept} of {self.names})",
            f"ordinary words braced   {self.over_protected:4d} of {self.ordinary:4d}",
        ]


def _letters(text: str) -> str:
    return re.sub(r"\s+", "", text)


def score_title(label: str, printed: str) -> Score:
    """Compare one printed title (TeX from the .bbl) with its label (TeX), word by word."""
    # The label goes through the renderer's escaping too, so both sides spell `_ ^ < |` alike.
    want, got = to_text(escape_latex(label, ascii_only=True)), to_text(printed)
    if not want.endswith(".") and got.endswith("."):
        got = got[:-1]
    out = Score(titles=1)
    flat_got = _letters(got)
    if _letters(want).casefold() != flat_got.casefold():
        out.unread.append(f"{label!r} printed {printed!r}")
        return out
    pos, right = 0, True
    words = want.split()
    for n, word in enumerate(words):
        shown = flat_got[pos : pos + len(word)]
        pos += len(word)
        free = {0} if n == 0 or words[n - 1].endswith(":") else set()
        caps = [i for i, c in enumerate(word) if c.isupper() and i not in free]
        if not any(c.isalpha() for c in word):
            continue
        wrong = [i for i, c in enumerate(word) if i not in free and c != shown[i]]
        if caps:
            out.inherent += 1
            kept = not any(i in caps for i in wrong)
            out.inherent_kept += kept
            if re.fullmatch(r"\W*[A-Z][^\sA-Z]*", word) and any(c.islower() for c in word):
                out.names += 1
                out.names_kept += kept
            if not kept:
                out.lost.append(f"{word} -> {shown}")
        else:
            out.ordinary += 1
            if wrong:
                out.over_protected += 1
                out.over.append(f"{word} -> {shown}")
        right &= not wrong
    out.titles_right += right
    return out


def _title_of(text: str) -> str:
    return _letters(to_text(text)).casefold().rstrip(".")


def _bbl_titles(bbl: str, keys: Iterable[str], texts: dict[str, str]) -> dict[str, str]:
    """Each key's title block in a plainnat .bbl: the block whose letters are its title's."""
    found: dict[str, str] = {}
    items = re.split(r"\\bibitem(?:\[.*?\])?\{", bbl, flags=re.DOTALL)
    for item in items[1:]:
        key = item[: item.index("}")]
        body = item[item.index("}") + 1 :].split("\\end{thebibliography}")[0]
        want = _title_of(escape_latex(texts[key], ascii_only=True))
        for block in body.split("\\newblock"):
            # plainnat's @misc prints "title, month year." in one block: try each comma.
            text = block.strip()
            ends = [m.start() for m in re.finditer(",", text)] + [len(text)]
            title = next((text[:e] for e in ends if _title_of(text[:e]) == want), None)
            if title is not None:
                found[key] = title
                break
        else:  # not aligned: keep the second block (the title after the authors) to report
            blocks = body.split("\\newblock")
            found[key] = blocks[1 if len(blocks) > 1 else 0].strip()
    return {k: found[k] for k in keys if k in found}


def print_titles(papers: list[Paper], workdir: Path, *, profile: str = "bibtex") -> list[str]:
    """Each paper's title as plainnat prints it (TeX from the .bbl), in order.

    pdflatex writes the .aux of a document citing every entry; bibtex writes the .bbl.
    """
    keys = [f"t{n}" for n in range(len(papers))]
    entries = [render_entry(p, k, profile=profile) for p, k in zip(papers, keys, strict=True)]
    (workdir / "refs.bib").write_text("\n".join(entries), encoding="utf-8")
    doc = (
        "\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plainnat}\n\\bibliography{refs}\n\\end{document}\n"
    )
    (workdir / "doc.tex").write_text(doc, encoding="utf-8")
    latex = ["pdflatex", "-interaction=nonstopmode", "-draftmode", "doc"]
    for command in (latex, ["bibtex", "doc"]):
        subprocess.run(command, cwd=workdir, capture_output=True, timeout=300, check=False)
    bbl = (workdir / "doc.bbl").read_text(encoding="utf-8", errors="replace")
    found = _bbl_titles(bbl, keys, {k: p.title for k, p in zip(keys, papers, strict=True)})
    return [found.get(k, "") for k in keys]


def score_labels(chosen: list[Label], workdir: Path) -> dict[str, Score]:
    """Scores by split (each of SPLITS) and over all ("all") of the chosen labels."""
    printed = print_titles([paper(lab.arxiv_id) for lab in chosen], workdir)
    scores = {split: Score() for split in (*SPLITS, "all")}
    for lab, shown in zip(chosen, printed, strict=True):
        one = score_title(lab.title, shown)
        scores[lab.split].add(one)
        scores["all"].add(one)
    return scores
