"""``bibtool check`` rules: one planted instance each, a clean bibtool file, silencing, fixes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from bibtool.bibfile import Edit, parse_bib, read_bib
from bibtool.config import CheckConfig, load_config
from bibtool.errors import BibFileError, UsageError
from bibtool.jobs.check import check, check_file, options_for
from bibtool.lint import RULES, Finding, Options, Settings, check_document, fix_document
from bibtool.lint.structure import bare_words
from bibtool.model import Paper
from bibtool.render import make_key, render_entry
from bibtool.works.merge import NewWork, apply_plan, plan_merge
from tests.support.helpers import FIXTURES, papers_by_id

CHECK = FIXTURES / "check"
PLANTED = CHECK / "planted.bib"
# BIB020 needs a file that is not UTF-8 as a whole: rules/BIB020.bib has it.
OFFLINE = [r.code for r in RULES if not r.online and r.code != "BIB020"]


def run(path: Path, config: CheckConfig | None = None) -> list[Finding]:
    doc = read_bib(path)
    config = config or load_config(path.parent, env={})
    return check_document(doc, options_for(config, online=False))


def planted_lines() -> dict[str, int]:
    """code -> line, from the ``% BIBnnn at line N`` table in fixtures/check/SOURCES.md."""
    text = (CHECK / "SOURCES.md").read_text(encoding="utf-8")
    return {m[1]: int(m[2]) for m in re.finditer(r"\| (BIB\d{3}) \| (\d+) \|", text)}


def test_every_offline_rule_fires_once_at_its_planted_line() -> None:
    findings = run(PLANTED)
    assert sorted(f.code for f in findings) == OFFLINE
    assert {f.code: f.line for f in findings} == planted_lines()


def test_planted_lines_name_the_entry_or_field() -> None:
    lines = PLANTED.read_text(encoding="utf-8").split("\n")
    by_code = {f.code: f for f in run(PLANTED)}
    assert lines[by_code["BIB008"].line - 1].strip().startswith("doi")
    assert lines[by_code["BIB002"].line - 1].startswith("@article{davis2015commonsense")
    column = by_code["BIB014"].column
    assert lines[by_code["BIB014"].line - 1][column - 1] == "ö"


def _generated(profile: str, unicode: bool = False) -> bytes:
    """400 real arXiv records rendered and merged into a new file, as ``bibtool add`` does."""
    taken: set[str] = set()
    works = []
    # arXiv's junk record physics/0106051 ("Test", "No Body") carries 1907.07431's DOI. Dedupe's
    # veto (title and first author disagree) keeps BIB003 quiet on that pair today; leave it out
    # so this test does not lean on that veto.
    papers = [p for p in papers_by_id().values() if p.arxiv_id != "physics/0106051"]
    for paper in papers[:400]:
        key = make_key(paper, taken)
        taken.add(key.lower())
        text = render_entry(paper, key, profile=profile, unicode=unicode)
        works.append(NewWork(key, text, arxiv_id=paper.arxiv_id))
    empty = parse_bib(b"", name="generated.bib", exists=False)
    return apply_plan(empty, plan_merge(empty, works))


@pytest.mark.parametrize("profile", ["bibtex", "biblatex"])
def test_nothing_fires_on_a_file_bibtool_wrote(profile: str) -> None:
    doc = parse_bib(_generated(profile), name="generated.bib")
    target = "bibtex" if profile == "bibtex" else "biblatex"
    config = CheckConfig(target=target, key_pattern="{auth}{year}{title}")
    assert len(doc.entries) == 400
    assert check_document(doc, options_for(config, online=False)) == []


def test_utf8_output_is_a_finding_only_for_classic_bibtex() -> None:
    doc = parse_bib(_generated("bibtex", unicode=True), name="generated.bib")
    classic = check_document(doc, options_for(CheckConfig(), online=False))
    assert classic and {f.code for f in classic} == {"BIB014"}
    biber = options_for(CheckConfig(target="biblatex"), online=False)
    assert check_document(doc, biber) == []


def test_entries_silence_rules_by_field_and_by_comment() -> None:
    findings = run(CHECK / "silenced.bib")
    assert [(f.code, f.line) for f in findings] == [("BIB005", 29)]


def test_select_and_ignore_take_codes_prefixes_and_names() -> None:
    only = run(PLANTED, CheckConfig(select=("BIB01",), key_pattern="{auth}{year}{title}"))
    assert sorted({f.code for f in only}) == [c for c in OFFLINE if c.startswith("BIB01")]
    rest = run(PLANTED, CheckConfig(ignore=("duplicate-key", "BIB00")))
    expected = {c for c in OFFLINE if not c.startswith("BIB00")} - {"BIB016"}
    assert {f.code for f in rest} == expected
    with pytest.raises(UsageError, match="BIB999"):
        options_for(CheckConfig(select=("BIB999",)), online=False)


def _fixable_copy(tmp_path: Path, newline: bytes = b"\n") -> Path:
    """planted.bib without its last entry (a parse error blocks every write)."""
    data = PLANTED.read_bytes()
    data = data[: data.index(b"@article{sauer2024fast")].replace(b"\n", newline)
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    return path


def test_fix_refuses_a_file_with_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(PLANTED.read_bytes())
    with pytest.raises(BibFileError, match=r"refs\.bib:155: .*not written"):
        check_file(str(path), lambda start: CheckConfig(), fix=True)
    assert path.read_bytes() == PLANTED.read_bytes()


def test_fix_repairs_only_the_safe_findings_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = _fixable_copy(tmp_path, b"\r\n")  # CRLF must survive
    before = path.read_bytes()
    # Field repairs only (removing the BIB003 duplicate moves lines: tests/test_check_dedupe.py).
    config = load_config(CHECK, env={}, flags={"ignore": ["BIB003"]})
    report = check_file(str(path), lambda start: config, fix=True)
    assert sorted(f.code for f in report.fixed) == ["BIB008", "BIB010", "BIB015"]
    after = path.read_bytes()
    assert b"{10.18653/v1/N19-1423}" in after and b"{2107.13163}," in after
    assert b"{{LoRA}: Low-Rank Adaptation of Large Language Models}" in after
    pairs = zip(before.split(b"\r\n"), after.split(b"\r\n"), strict=True)
    changed = [i for i, (a, b) in enumerate(pairs) if a != b]
    assert [i + 1 for i in changed] == [76, 91, 125]  # one line per fix, nothing else
    assert sorted(f.code for f in run(path, config)) == sorted(
        set(OFFLINE) - {"BIB001", "BIB003", "BIB008", "BIB010", "BIB015"}
    )
    assert sorted(f.code for f in report.findings) == sorted(f.code for f in run(path, config))


def test_dry_run_prints_a_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = _fixable_copy(tmp_path)
    before = path.read_bytes()
    report = check_file(str(path), lambda s: CheckConfig(), fix=True, dry_run=True)
    assert path.read_bytes() == before
    assert "-  doi       = {https://doi.org/10.18653/v1/N19-1423}," in report.diff
    assert "+  doi       = {10.18653/v1/N19-1423}," in report.diff
    assert len(report.findings) == len(run(path, CheckConfig()))


def test_fix_leaves_a_title_it_would_respell_to_the_author() -> None:
    doc = parse_bib("@misc{x,\n  title = {Uber  GPT\n    models},\n}\n", name="x.bib")
    findings = check_document(doc, Options(tuple(RULES), Settings()))
    assert [(f.code, f.fixable) for f in findings] == [("BIB015", True)]
    assert b"{Uber  {GPT}\n    models}" in fix_document(doc, findings).data  # spacing kept
    respelled = parse_bib('@misc{y,\n  title = {Na\\"ive GPT},\n}\n', name="y.bib")
    found = check_document(respelled, Options(tuple(RULES), Settings()))
    assert [(f.code, f.fixable) for f in found] == [("BIB015", False)]


def test_a_field_named_inside_another_fields_text_is_not_taken_for_it() -> None:
    # The note quotes an old title as `title = {…}`: the finding and the fix land on the title.
    text = (
        "@misc{kaplan2020scaling,\n"
        "  note  = {old title = {Scaling GPT Models}},\n"
        "  title = {Scaling GPT Models},\n"
        "}\n"
    )
    doc = parse_bib(text, name="x.bib")
    findings = check_document(doc, Options(tuple(RULES), Settings()))
    assert [(f.code, f.line, f.column) for f in findings] == [("BIB015", 3, 3)]
    fixed = fix_document(doc, findings).data.decode()
    assert fixed == text.replace("  title = {Scaling GPT", "  title = {Scaling {GPT}")


def test_fixes_that_would_change_the_files_structure_are_refused() -> None:
    text = "@misc{a,\n  title = {GPT},\n}\n\n@misc{b,\n  title = {B},\n}\n"
    doc = parse_bib(text, name="x.bib")
    (finding,) = check_document(doc, Options(tuple(RULES), Settings()))
    assert finding.fix is not None and finding.fixable
    # A fix whose edit swallows the closing brace: the result reads as another file.
    (edit,) = finding.fix.edits
    broken = replace(finding.fix, edits=(Edit(edit.start, edit.end + 3, "{{GPT}"),))
    with pytest.raises(BibFileError, match="would change the file's structure"):
        fix_document(doc, [replace(finding, fix=broken)])


def test_backslash_braces_are_braces_as_for_bibtex_and_biber() -> None:
    ok = parse_bib("@misc{a,\n  title = {Sets \\{x\\}},\n}\n", name="a.bib")
    bad = parse_bib("@misc{a,\n  title = {Sets x\\}},\n}\n", name="a.bib")
    opts = Options(tuple(r for r in RULES if r.code == "BIB012"), Settings())
    assert check_document(ok, opts) == []
    assert [f.code for f in check_document(bad, opts)] == ["BIB012"]
    # "Adri\{\`a}" balances for BibTeX and biber: the entry is read whole, nothing to report.
    accent = "@misc{a,\n  author={Recasens, Adri\\{\\`a} and Torralba, Antonio},\n}\n"
    doc = parse_bib(accent, name="a.bib")
    assert doc.failed == () and doc.entries[0].fields["author"].endswith("Antonio}")
    assert check_document(doc, Options(RULES, Settings())) == []
    # A value bibfile cannot read is reported once, at its line, not again by the BibTeX count.
    lost = parse_bib('@Article{a,\n  author = "R. T.",\n  title = "{{\\Net}",\n}\n', name="a.bib")
    assert [(f.line, f.message) for f in check_document(lost, opts)] == [
        (3, "entry 'a' could not be parsed (unbalanced braces?)")
    ]


class _Papers:
    def papers_by_id(self, ids: Sequence[str]) -> dict[str, Paper]:
        return {i: papers_by_id()[i] for i in ids if i in papers_by_id()}


@pytest.mark.parametrize(
    ("authors", "found"),
    [
        ("Li, Yuanzhi and Bubeck, S{\\'e}bastien and Eldan, Ronen and Del Giorno, Allie and "
         "Gunasekar, Suriya and Lee, Yin Tat", []),
        ("Li, Yuanzhi and Bubeck, S{\\'e}bastien and Eldan, Ronen and Del Giorno, Allie and others",
         []),
        ("Li, Yuanzhi and Bubeck, S{\\'e}bastien and Eldan, Ronen and Del Giorno, Allie",
         ["4 authors, arXiv 2309.05463 lists 6"]),
        ("Li, Yuanzhi and Eldan, Ronen", ["author 2 is 'eldan', arXiv 2309.05463 has 'bubeck'"]),
    ],
)  # fmt: skip
def test_a_two_word_surname_is_arxivs_last_word(authors: str, found: list[str]) -> None:
    # arXiv writes "Allie Del Giorno": First Last cannot say that "Del" is part of the surname.
    text = f"@misc{{li2023textbooks,\n  author = {{{authors}}},\n  eprint = {{2309.05463}},\n}}\n"
    opts = Options(tuple(r for r in RULES if r.code == "BIB018"), Settings())
    findings = check_document(parse_bib(text, name="a.bib"), opts, papers=_Papers())
    assert [f.message.split(": ", 1)[1] for f in findings] == found


@pytest.mark.parametrize(
    ("authors", "cut"),
    [
        ("Brown, Tom and others", True),
        ("Brown, Tom and Others", True),
        ("Brown, Tom and ET AL.", True),
        ("Brown, Tom and etc.", True),
        ("Brown, Tom and Othello, Ann", False),
        ("Brown, Tom and Alvarez, Ann", False),
    ],
)
def test_a_cut_author_list_is_found_in_any_case(authors: str, cut: bool) -> None:
    doc = parse_bib(f"@misc{{a,\n  author = {{{authors}}},\n}}\n", name="a.bib")
    opts = Options(tuple(r for r in RULES if r.code == "BIB004"), Settings())
    assert [f.line for f in check_document(doc, opts)] == ([2] if cut else [])


@pytest.mark.parametrize(
    ("title", "missing"),
    [
        ('"{{\\NetBibTeX{}ing}}"', False),  # Beebe's TUGboat bibliography (file 02)
        ('"{\\MTeX}"', False),  # a logo macro is a title
        ('"{}"', True),
        ("{ }", True),
    ],
)
def test_a_title_of_macros_is_there_and_an_empty_one_is_not(title: str, missing: bool) -> None:
    text = f'@Article{{x,\n  author = "Robert Tolksdorf",\n  title = {title},\n'
    doc = parse_bib(text + '  journal = "TUGboat",\n  year = "1999",\n}\n', name="a.bib")
    opts = Options(tuple(r for r in RULES if r.code == "BIB005"), Settings())
    assert [f.message for f in check_document(doc, opts)] == (
        ["@article 'x' lacks title"] if missing else []
    )


def test_config_precedence_flags_over_env_over_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.bibtool]\ntarget = "biblatex"\nfail-level = "error"\nselect = ["BIB014"]\n'
    )
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert load_config(sub, env={}).target == "biblatex"
    assert load_config(sub, env={}).source == tmp_path / "pyproject.toml"
    env = {"BIBTOOL_TARGET": "bibtex", "BIBTOOL_FAIL_LEVEL": "info"}
    assert load_config(sub, env=env).target == "bibtex"
    flagged = load_config(sub, env=env, flags={"fail_level": "warning", "select": None})
    assert (flagged.fail_level, flagged.select) == ("warning", ("BIB014",))
    (sub / ".bibtool.toml").write_text('target = "bibtex"\n')
    assert load_config(sub, env={}).target == "bibtex"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("{Title}", []),
        ("2020", ["2020"]),
        ('jan # "~1"', ["jan"]),
        ('ack-bnb # " and " # ack-nhfb', ["ack-bnb", "ack-nhfb"]),
        ('{a "quote} # b', ["b"]),  # a quote inside braces opens nothing
        ('"x {y" # z', []),  # braces count inside quotes: the rest is still inside a group
        ("{a} # b # {c}", ["b"]),
        ("a,b=c", ["a", "b", "c"]),
    ],
)
def test_bare_words_are_the_unquoted_unbraced_words(value: str, words: list[str]) -> None:
    assert bare_words(value) == words


def test_config_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "bibtool.toml").write_text('target = "biblatex"\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert load_config(repo, env={}).target == "bibtex"
    assert load_config(tmp_path, env={}).target == "biblatex"


def test_bad_config_is_a_usage_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".bibtool.toml").write_text('target = "latex"\n')
    with pytest.raises(UsageError, match=r"\.bibtool\.toml: target"):
        load_config(tmp_path, env={})
    (tmp_path / ".bibtool.toml").write_text("target = \n")
    with pytest.raises(UsageError, match="not valid TOML"):
        load_config(tmp_path, env={})


def test_macros_of_a_file_named_before_are_defined_as_bibtex_reads_them(tmp_path: Path) -> None:
    """``bibtool check abbr.bib use.bib`` reads like ``\\bibliography{abbr,use}``: BIB013 knows
    abbr's @string names in use.bib, not the other way round (bibtex would not either)."""
    (tmp_path / ".git").mkdir()
    abbr, use = tmp_path / "abbr.bib", tmp_path / "use.bib"
    abbr.write_text("@string{aj = {Astronomical Journal}}\n", encoding="utf-8")
    use.write_text(
        "@article{a, title={T}, author={Smith, J}, journal=aj, year={2019}}\n"
        "@article{b, title={T}, author={Smith, J}, journal=apj, year={2019}}\n",
        encoding="utf-8",
    )
    found = check([abbr, use], select=["BIB013"]).findings
    assert [f.message.split(": ")[1] for f in found] == [
        "field 'journal' uses @string 'apj', never defined"
    ]
    assert len(check([use, abbr], select=["BIB013"]).findings) == 2


def test_a_journal_written_as_a_macro_command_is_there() -> None:
    """NASA ADS writes every journal as a TeX command (``journal = {\\aj}``): BIB005 sees it."""
    doc = parse_bib(
        "@ARTICLE{2019AJ....158..138S,\n  author = {{Smith}, A. and {Jones}, B.},\n"
        '  title = "{A paper}",\n  journal = {\\aj},\n  year = 2019,\n}\n',
        name="ads.bib",
    )
    opts = Options(tuple(r for r in RULES if r.code == "BIB005"), Settings())
    assert check_document(doc, opts) == []
