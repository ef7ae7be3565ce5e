"""Real .bib files for the tests: the copies in fixtures/bibs, and ../shared/bibs when present."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from bibtool.bibfile import BibDocument, read_bib

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "bibs"
SHARED = ROOT.parent / "shared" / "bibs"


def corpus() -> list[Path]:
    """Every .bib in the fixtures, plus the files of ../shared/bibs not copied here (if present)."""
    paths = sorted(FIXTURES.rglob("*.bib"))
    copied = {p.name for p in paths}
    if SHARED.is_dir():
        paths += sorted(p for p in SHARED.rglob("*.bib") if p.name not in copied)
    return paths


@functools.cache
def parsed(path: Path) -> BibDocument:
    """Parse each file once per test session (the large ones take a second)."""
    return read_bib(path)


def fixture(name: str) -> BibDocument:
    return parsed(next(FIXTURES.rglob(name)))


def shared(name: str) -> BibDocument:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not here (unlicensed corpus file, local runs only)")
    return parsed(path)


# --- reading ---------------------------------------------------------------------------------
