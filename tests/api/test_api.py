"""The Python API: every job through ``import bibtool`` alone, as a notebook or an editor uses it.

Nothing here imports a bibtool module other than the package itself: what these tests need is
what the public surface must offer. The jobs run against the loopback arXiv server.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import bibtool
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import FIXTURES

LISTINGS = FIXTURES / "listings"
WEI = "@misc{wei2021statistically,\n  title = {Statistically Meaningful Approximation},\n"
WEI_CUT = WEI + "  author = {Wei, Colin and others},\n  eprint = {2107.13163},\n}\n"


def settings(server: ArxivServer, tmp_path: Path) -> bibtool.Settings:
    return bibtool.Settings(api_url=server.url, delay=0, cache_dir=str(tmp_path / "store"))


def test_every_public_name_resolves_and_importing_loads_no_job() -> None:
    assert sorted(bibtool.__all__) == sorted(["__version__", *bibtool._EXPORTS])
    for name in bibtool.__all__:
        assert getattr(bibtool, name) is not None, name
    code = "import bibtool, sys; print(any(m.startswith('bibtool.') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"  # `import bibtool` stays cheap


def test_resolve_a_listing_file_or_text(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    result = bibtool.resolve(
        [LISTINGS / "author-page-colin-wei.txt"], settings=settings(arxiv_server, tmp_path)
    )
    assert result.complete and len(result.entries) == 18
    assert "@misc{wei2021statistically," in result.text()
    assert {row.status for row in result.rows()} == {bibtool.MatchStatus.MATCHED}
    # A listing given as text, rendered as CSL-JSON, answered from the store: no request.
    title = "Statistically Meaningful Approximation: a Case Study on Approximating Turing Machines"
    listing = bibtool.parse_listing(f"{title} with Transformers\n", name="mine")
    again = bibtool.resolve(
        [listing],
        settings=settings(arxiv_server, tmp_path),
        style=bibtool.Style(format="csl-json"),
    )
    assert again.run.requests == 0 and '"citation-key": "wei2021statistically"' in again.text()
    assert '"id": "wei2021statistically"' in again.text()


def test_fetch_and_its_errors(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    found = bibtool.fetch(
        ["arXiv:2107.13163v2", "2501.99999"], settings=settings(arxiv_server, tmp_path)
    )
    assert [e.key for e in found.entries] == ["wei2021statistically"]
    assert found.missing == ("2501.99999",)
    with pytest.raises(bibtool.UsageError, match="not an arXiv identifier"):
        bibtool.fetch(["2107.1316"], settings=settings(arxiv_server, tmp_path))
    with pytest.raises(bibtool.UsageError, match="unknown profile"):
        bibtool.fetch(["2107.13163"], style=bibtool.Style(profile="junk"))
    assert arxiv_server.requests and len(arxiv_server.requests) == 1  # none for the refusals


def test_add_merge_dedupe_update_check_on_files(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    added = bibtool.add(
        LISTINGS / "author-page-colin-wei.txt", bib, settings=settings(arxiv_server, tmp_path)
    )
    assert added.written and len(added.added) == 18 and added.run.complete
    assert not bibtool.add(
        LISTINGS / "author-page-colin-wei.txt", bib, settings=settings(arxiv_server, tmp_path)
    ).written  # a second run changes nothing

    other = tmp_path / "other.bib"
    other.write_text(WEI_CUT, encoding="utf-8")
    merged = bibtool.merge([other], bib, update=True, dry_run=True)
    assert not merged.written and "wei2021statistically" in "\n".join(merged.summary)

    twice = tmp_path / "twice.bib"
    twice.write_text(bib.read_text(encoding="utf-8") + "\n" + WEI_CUT.replace("{wei2021", "{w"))
    deduped = bibtool.dedupe(twice)
    assert deduped.written and re.search(
        r"\n  ids +=\s*\{wstatistically\}", twice.read_text(encoding="utf-8")
    )

    cut = tmp_path / "cut.bib"
    cut.write_text(WEI_CUT, encoding="utf-8")
    updated = bibtool.update(cut, settings=settings(arxiv_server, tmp_path))
    assert updated.updates[0].fields[0] == "author"
    assert "Wei, Colin and Chen, Yining and Ma, Tengyu" in cut.read_text(encoding="utf-8")

    checked = bibtool.check([FIXTURES / "check" / "planted.bib"])
    assert checked.findings and checked.failing
    assert all(isinstance(f, bibtool.Finding) for f in checked.findings)


def test_files_are_refused_with_the_error_tree(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    broken = tmp_path / "broken.bib"
    broken.write_text("@misc{a, title = {T}\n@misc{b, title = {U}}\n", encoding="utf-8")
    with pytest.raises(bibtool.BibFileError, match="broken.bib:1"):
        bibtool.add(LISTINGS / "titles.txt", broken, settings=settings(arxiv_server, tmp_path))
    assert arxiv_server.requests == []  # refused before any request
    with pytest.raises(bibtool.InputError):
        bibtool.resolve([tmp_path / "missing.txt"], settings=settings(arxiv_server, tmp_path))
    assert issubclass(bibtool.ArxivUnavailable, bibtool.ArxivError)
    assert issubclass(bibtool.BibFileError, bibtool.BibtoolError)


def test_every_rewrite_names_a_file_alike_in_its_diff(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # Issue 13, drift 2: add and update printed a//home/..., merge and check a/home/....
    bib = tmp_path / "refs.bib"
    text = WEI_CUT + "\n@misc{x, title={A}, doi={https://doi.org/10.1000/xyz}}\n"
    bib.write_text(text, encoding="utf-8")
    new = tmp_path / "new.bib"
    new.write_text("@misc{zz, title={Something Else Entirely}, year={2020}}\n", encoding="utf-8")
    listing = tmp_path / "ids.txt"
    listing.write_text("2206.07892\n", encoding="utf-8")
    net = settings(arxiv_server, tmp_path)
    diffs = {
        "add": bibtool.add(listing, bib, settings=net, dry_run=True).diff,
        "update": bibtool.update(bib, settings=net, dry_run=True).diff,
        "merge": bibtool.merge([new], bib, dry_run=True).diff,
        "check --fix": bibtool.check([bib], fix=True, dry_run=True).diff,
    }
    name = str(bib).lstrip("/")
    for command, diff in diffs.items():
        assert diff.startswith(f"--- a/{name}\n+++ b/{name}\n"), command
    assert bib.read_text(encoding="utf-8") == text  # dry runs write nothing


def test_a_taken_key_gets_the_same_suffix_from_add_and_merge(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # Issue 13, drift 3: add gave wei2021statisticallya, merge wei2021statisticallyb.
    taken = "@misc{wei2021statistically, title = {Another Paper}, year = {2021}}\n"
    listing = tmp_path / "ids.txt"
    listing.write_text("2107.13163\n", encoding="utf-8")
    by_add, by_merge = tmp_path / "a.bib", tmp_path / "m.bib"
    by_add.write_text(taken, encoding="utf-8")
    by_merge.write_text(taken, encoding="utf-8")
    added = bibtool.add(listing, by_add, settings=settings(arxiv_server, tmp_path))
    new = tmp_path / "new.bib"
    new.write_text(bibtool.fetch(["2107.13163"], settings=settings(arxiv_server, tmp_path)).text())
    bibtool.merge([new], by_merge)
    assert [r.key for r in added.added] == ["wei2021statisticallya"]
    assert by_add.read_text(encoding="utf-8") == by_merge.read_text(encoding="utf-8")


def test_the_store_jobs(tmp_path: Path) -> None:
    atom = (
        FIXTURES
        / "arxiv"
        / "atom"
        / "new-format"
        / "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml"
    )
    store = bibtool.Settings(cache_dir=tmp_path / "store", offline=True)
    imported = bibtool.store_import(atom, settings=store)
    assert imported.imported > 0 and bibtool.store_info(settings=store).papers == imported.imported
