"""`bibtool update`: arXiv entries refreshed in place against the loopback server, nothing else."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bibtool.bibfile import parse_bib
from bibtool.bibfile.fields import add_fields, field_spans, set_field_value
from bibtool.cli import app
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import paper

runner = CliRunner()

REFS = """\
% my references, hand-kept
@article{singh2025gpt5,
    title = "{OpenAI} {GPT-5} System Card",
    author = "Singh, Aaditya and Fry, Adam and others",
    journal = {arXiv preprint arXiv:2601.03267},
    year = 2025
}

@misc{lhcb,
  author        = {{The CMS} and others},
  title         = {Observation of the rare decay},
  eprint        = {1411.4413v2},
  archivePrefix = {arXiv},
  keywords      = {physics},
}

@book{knuth, author = {Knuth, Donald E.}, title = {The {TeX}book}, year = 1984}

@misc{wei2021statistically,
  title         = {Statistically Meaningful Approximation},
  author        = {Wei, Colin and Chen, Yining and Ma, Tengyu},
  year          = {2021},
  eprint        = {2107.13163},
  archivePrefix = {arXiv},
  primaryClass  = {cs.LG},
  url           = {https://arxiv.org/abs/2107.13163},
}
"""


def run(server: ArxivServer, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    net = ["--api-url", server.url, "--delay", "0", "--cache-dir", str(tmp_path / "c")]
    result = runner.invoke(app, ["update", *args, *net])
    return result.exit_code, result.stdout, result.stderr


def entry(text: str, key: str) -> str:
    return next(e.raw for e in parse_bib(text, name="x").entries if e.key == key)


def test_update_completes_arxiv_entries_and_keeps_the_rest(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(REFS, encoding="utf-8")
    code, _, err = run(arxiv_server, tmp_path, str(bib))
    assert code == 0, err
    text = bib.read_text(encoding="utf-8")
    gpt5 = entry(text, "singh2025gpt5")
    author = parse_bib(gpt5, name="x").entries[0].fields["author"]
    assert author.startswith('"Singh, Aaditya and Fry, Adam and Perelman, Adam and')
    assert " others" not in author and author.isascii()
    assert len(author.split(" and ")) == len(paper("2601.03267").authors) == 484
    # Added fields follow the entry's own layout: four spaces, unaligned, quoted values, and
    # field names in its own case (all lower-case here, as merge --update writes them too).
    assert '    eprint = "2601.03267",\n    archiveprefix = "arXiv",\n' in gpt5
    assert "    journal = {arXiv preprint arXiv:2601.03267},\n    year = 2025,\n" in gpt5
    assert gpt5.endswith('    url = "https://arxiv.org/abs/2601.03267"\n}')
    lhcb = entry(text, "lhcb")
    assert "  eprint        = {1411.4413v2},\n" in lhcb  # the user's value is kept
    assert lhcb.endswith(
        "  keywords      = {physics},\n"
        "  primaryClass  = {hep-ex},\n"
        "  doi           = {10.1038/nature14474},\n"
        "  url           = {https://arxiv.org/abs/1411.4413},\n"
        "  note          = {Nature 522, 68-72 (04 June 2015)},\n}"
    )
    # Untouched: the comment, the book, and the entry that was already complete.
    for key in ("knuth", "wei2021statistically"):
        assert entry(text, key) == entry(REFS, key)
    assert text.startswith("% my references, hand-kept\n@article{singh2025gpt5,\n")
    assert "~ singh2025gpt5 (arXiv:2601.03267): author, eprint, archivePrefix" in err


def test_dry_run_prints_a_diff_and_writes_nothing(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(REFS, encoding="utf-8")
    code, out, _ = run(arxiv_server, tmp_path, str(bib), "--dry-run")
    assert code == 0
    assert bib.read_text(encoding="utf-8") == REFS
    name = str(bib).lstrip("/")  # git's a/ b/ prefixes, as every command prints them
    assert out.startswith(f"--- a/{name}\n+++ b/{name}\n")
    assert '-    author = "Singh, Aaditya and Fry, Adam and others",\n' in out
    assert "+  doi           = {10.1038/nature14474},\n" in out
    changed = [line for line in out.splitlines()[2:] if line[:1] in "+-"]
    assert not [line for line in changed if "Knuth" in line or "Statistically" in line]


def test_second_run_changes_nothing_and_asks_the_store(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(REFS, encoding="utf-8")
    assert run(arxiv_server, tmp_path, str(bib))[0] == 0
    once = bib.read_bytes()
    before = len(arxiv_server.requests)
    code, out, err = run(arxiv_server, tmp_path, str(bib), "--dry-run")
    assert code == 0 and out == "" and "updated 0 entries" in err
    assert bib.read_bytes() == once and len(arxiv_server.requests) == before


def test_unknown_paper_exits_1_and_broken_file_is_refused(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{x, eprint = {2501.99999}, title = {T}}\n", encoding="utf-8")
    code, _, err = run(arxiv_server, tmp_path, str(bib))
    assert code == 1 and "2501.99999 is not on arXiv" in err
    broken = "@misc{a, title = {T}, author = {A and others}, eprint = {2107.13163}\n@misc{b,"
    bib.write_text(broken, encoding="utf-8")
    code, _, err = run(arxiv_server, tmp_path, str(bib))
    assert code == 2 and "not written" in err
    assert bib.read_text(encoding="utf-8") == broken


def test_splice_keeps_comments_concatenation_and_crlf() -> None:
    raw = '@misc{k,\r\n  title = "A" # {B},\r\n  year = 2020\r\n}'
    spans = field_spans(raw)
    assert [s.name for s in spans] == ["title", "year"]
    assert raw[spans[0].value_start : spans[0].value_end] == '"A" # {B}'
    out = add_fields(set_field_value(raw, "year", "2021"), [("note", "{n}")], newline="\r\n")
    assert out == '@misc{k,\r\n  title = "A" # {B},\r\n  year = 2021,\r\n  note = "n"\r\n}'


def test_a_comment_between_fields_hides_none_of_them(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # Issue 13, drift 1: the comment stopped update's own field scanner, so the cut author list
    # after it stayed cut (though reported as replaced) and new fields went above the comment.
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{wei2021statistically,\n"
        "  title  = {Statistically Meaningful Approximation},\n"
        "  % checked against the PDF\n"
        "  author = {Wei, Colin and others},\n"
        "  eprint = {2107.13163},\n"
        "}\n",
        encoding="utf-8",
    )
    code, _, err = run(arxiv_server, tmp_path, str(bib))
    assert code == 0, err
    assert bib.read_text(encoding="utf-8") == (
        "@misc{wei2021statistically,\n"
        "  title  = {Statistically Meaningful Approximation},\n"
        "  % checked against the PDF\n"
        "  author = {Wei, Colin and Chen, Yining and Ma, Tengyu},\n"
        "  eprint = {2107.13163},\n"
        "  archiveprefix = {arXiv},\n"
        "  primaryclass = {cs.LG},\n"
        "  url    = {https://arxiv.org/abs/2107.13163},\n"
        "}\n"
    )
    assert "~ wei2021statistically (arXiv:2107.13163): author, archivePrefix" in err


def test_an_upper_case_and_separates_names_as_bibtex_reads_it(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    # Issue 13, drift 4: update counted a list joined by "AND" as one name and replaced it.
    text = (
        "@misc{wei2021statistically, author = {Wei, Colin AND Chen, Yining AND Ma, Tengyu},\n"
        "  eprint = {2107.13163}, archivePrefix = {arXiv}, primaryClass = {cs.LG},\n"
        "  url = {https://arxiv.org/abs/2107.13163}}\n"
    )
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    code, _, err = run(arxiv_server, tmp_path, str(bib))
    assert code == 0, err
    assert bib.read_text(encoding="utf-8") == text
    assert "updated 0 entries" in err
