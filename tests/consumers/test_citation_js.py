"""A second real reader: @citation-js/plugin-bibtex parses every entry with every author.

The node script tests/consumers/js/parse_bibtex.js reports each parsed entry's key and author
count; they are compared with the fixture records (after clean_author_names, which drops the
stray `:` and `et al.` arXiv lists carry). Skipped when node or tests/consumers/js/node_modules
is missing; .ci/run runs `npm ci` there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bibtool.render import make_key, render_entry
from bibtool.text.names import clean_author_names, is_corporate
from tests.support.helpers import ROOT, listing_ids, paper_from_record, records

JS = ROOT / "tests" / "consumers" / "js"
pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (JS / "node_modules" / "@citation-js").is_dir(),
    reason="node or tests/consumers/js/node_modules missing (run `npm ci` in tests/consumers/js)",
)


def parse_with_citation_js(bib: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        ["node", str(JS / "parse_bibtex.js"), str(bib)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    parsed: list[dict[str, Any]] = json.loads(done.stdout)
    return parsed


def render_all(path: Path, ids: set[str] | None, **style: Any) -> dict[str, list[str]]:
    """Write the records (those in ids, or all) to path; key -> expected author names."""
    expected: dict[str, list[str]] = {}
    taken: set[str] = set()
    texts: list[str] = []
    for rec in records():
        if ids is None or rec["id"] in ids:
            p = paper_from_record(rec)
            key = make_key(p, taken)
            taken.add(key.lower())
            texts.append(render_entry(p, key, **style))
            expected[key] = clean_author_names(a.name for a in p.authors)
    path.write_text("\n".join(texts), encoding="utf-8")
    return expected


def check_authors(expected: dict[str, list[str]], parsed: list[dict[str, Any]]) -> None:
    by_key = {item["id"]: item for item in parsed}
    assert by_key.keys() == expected.keys()
    counts = {k: (by_key[k]["authors"], len(v)) for k, v in expected.items()}
    assert {k: c for k, c in counts.items() if c[0] != c[1]} == {}
    assert not [k for k, item in by_key.items() if item["others"]]
    # Organisations arrive whole (a family name without a given name), never split.
    split = {
        k: v
        for k, v in expected.items()
        if len(by_key[k]["whole"]) < sum(is_corporate(n) for n in v)
    }
    assert split == {}


def test_every_record_parses_with_every_author(tmp_path: Path) -> None:
    """All 2,826 records, classic profile (ASCII escapes: the hardest form to read back)."""
    expected = render_all(tmp_path / "refs.bib", None)
    check_authors(expected, parse_with_citation_js(tmp_path / "refs.bib"))


@pytest.mark.parametrize(
    ("profile", "unicode"), [("biblatex", False), ("zotero", False), ("bibtex", True)]
)
def test_listing_papers_parse_in_every_profile(profile: str, unicode: bool, tmp_path: Path) -> None:
    ids = set(listing_ids()) | {"1411.4413", "0704.0437", "2306.15400", "2601.03267"}
    expected = render_all(tmp_path / "refs.bib", ids, profile=profile, unicode=unicode)
    check_authors(expected, parse_with_citation_js(tmp_path / "refs.bib"))


def test_gpt5_system_card_keeps_all_484_authors(tmp_path: Path) -> None:
    rec = next(r for r in records() if r["id"] == "2601.03267")
    bib = tmp_path / "gpt5.bib"
    bib.write_text(render_entry(paper_from_record(rec), "singh2025openai"), encoding="utf-8")
    (item,) = parse_with_citation_js(bib)
    assert item["authors"] == 484
    assert item["title"] == "OpenAI GPT-5 System Card"
