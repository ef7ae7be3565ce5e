"""Entries upgraded to their ACL Anthology version compile with bibtex (plainnat) and biber
without a warning: every paper of fixtures/venues/acl-judged.tsv, in both profiles."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from bibtool.bibfile import read_bib
from bibtool.jobs.session import Settings
from bibtool.jobs.store import store_import
from bibtool.jobs.update import update
from bibtool.render import render_entry
from bibtool.store import Store
from tests.support.anthology_server import RECORDS
from tests.support.dblp_records import judged
from tests.support.helpers import papers_by_id
from tests.support.tex import build, problems, write_citing

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdflatex") and shutil.which("bibtex") and shutil.which("biber")),
    reason="TeX (pdflatex, bibtex, biber) is not installed; .ci/run installs it",
)


def acl_ids() -> list[str]:
    return [i for i, (key, _) in judged("acl-judged.tsv").items() if key.startswith("acl:")]


@pytest.mark.parametrize("profile", ["bibtex", "biblatex"])
def test_acl_versions_compile_without_warnings(profile: str, tmp_path: Path) -> None:
    papers = papers_by_id()
    ids = [i for i in acl_ids() if i in papers]
    settings = Settings(cache_dir=tmp_path / "cache", offline=True)
    dump = tmp_path / "anthology.bib.gz"
    dump.write_bytes(gzip.compress(RECORDS.read_bytes()))
    store_import(dump, settings=settings)
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_papers(papers[i] for i in ids)
    keys = [f"k{i}" for i in ids]
    bib = tmp_path / "refs.bib"
    entries = (render_entry(papers[i], k, profile=profile) for i, k in zip(ids, keys, strict=True))
    bib.write_text("\n".join(entries), encoding="utf-8")
    update(bib, settings=settings, published=True)
    upgraded = [e for e in read_bib(bib).entries if e.entry_type != "misc"]
    assert len(upgraded) >= 280  # all but the few the rule declines
    write_citing(tmp_path, profile, keys)
    blg, log = build(tmp_path, profile)
    assert problems(blg, log, profile) == []
    assert "Output written on doc.pdf" in log
