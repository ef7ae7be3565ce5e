"""jobs.add: what merging resolved papers into a .bib gives beside the file."""

from __future__ import annotations

import json
from pathlib import Path

from bibtool.jobs.add import merge_into
from tests.support.helpers import paper


def test_a_paper_the_listing_names_twice_is_one_csl_item(tmp_path: Path) -> None:
    once = paper("2107.13163")
    outcome = merge_into(tmp_path / "refs.bib", [once, once])
    items = json.loads(outcome.csl_json())
    assert [i["number"] for i in items] == ["arXiv:2107.13163"]
    assert items[0]["citation-key"] == outcome.keys["2107.13163"]
