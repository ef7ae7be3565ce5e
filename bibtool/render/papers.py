"""Many papers at once: one entry each, keys unique among them and against a file's keys.

``Style`` is everything a user chooses about the output (profile, UTF-8, key pattern, format);
``render_papers`` gives each paper once, in order, and ``formatted`` the text to print.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bibtool.errors import UsageError
from bibtool.model import Paper
from bibtool.render.csl import render_csl_json
from bibtool.render.entry import PROFILES, render_entry
from bibtool.render.keys import DEFAULT_PATTERN, base_key, check_pattern, unique_key

__all__ = ["FORMATS", "Rendered", "Style", "formatted", "render_papers"]

FORMATS = ("bibtex", "csl-json")


@dataclass(frozen=True)
class Style:
    """How entries are written. ``profile``: bibtex, biblatex or zotero; ``unicode``: UTF-8
    instead of LaTeX escapes; ``key_pattern``: see ``render.keys``; ``format``: bibtex or
    csl-json. ``check()`` refuses a bad value before any work is done."""

    profile: str = "bibtex"
    unicode: bool = False
    key_pattern: str = DEFAULT_PATTERN
    format: str = "bibtex"

    def check(self) -> Style:
        """``self``, or UsageError naming the first setting that cannot be used."""
        if self.profile not in PROFILES:
            raise UsageError(f"unknown profile {self.profile!r} (known: {', '.join(PROFILES)})")
        if self.format not in FORMATS:
            raise UsageError(f"unknown format {self.format!r} (known: {', '.join(FORMATS)})")
        try:
            check_pattern(self.key_pattern)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        return self


@dataclass(frozen=True)
class Rendered:
    """One paper's entry: its key and its BibTeX text in the chosen profile."""

    paper: Paper
    key: str
    text: str


def render_papers(
    papers: Sequence[Paper], style: Style = Style(), *, taken: Collection[str] = ()
) -> list[Rendered]:
    """BibTeX for each paper once, with keys unique against ``taken`` and each other."""
    used = {k.lower() for k in taken}
    out: list[Rendered] = []
    seen: set[str] = set()
    for paper in papers:
        if paper.arxiv_id in seen:
            continue
        seen.add(paper.arxiv_id)
        key = unique_key(base_key(paper, style.key_pattern), used)
        used.add(key.lower())
        text = render_entry(paper, key, profile=style.profile, unicode=style.unicode)
        out.append(Rendered(paper, key, text))
    return out


def formatted(rendered: Sequence[Rendered], style: Style = Style()) -> str:
    """The text of ``rendered`` entries in the style's format: BibTeX entries, or CSL-JSON."""
    if style.format == "csl-json":
        return render_csl_json([(r.paper, r.key) for r in rendered])
    return "\n".join(r.text for r in rendered)
