"""``bibtool check`` from the command line: formats, exit codes, stdin, directories, --online."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from bibtool.cli import app
from bibtool.lint import RULES
from tests.support.arxiv_server import ArxivServer
from tests.support.helpers import FIXTURES, paper

PLANTED = FIXTURES / "check" / "planted.bib"
SCHEMA = json.loads((Path(__file__).parent / "check_schema.json").read_text(encoding="utf-8"))
runner = CliRunner()


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def _not_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_text_format_and_exit_1() -> None:
    code, out, err = invoke(str(PLANTED))
    assert code == 1
    assert f"{PLANTED}:91:3: BIB010 entry 'wei2021statisticallya'" in out
    # BIB003's fold removes an entry: an unsafe fix, counted apart from the safe ones.
    assert "18 findings in 1 file (3 fixable with --fix; 1 unsafe fix with --unsafe-fixes)" in err
    _, _, err = invoke(str(PLANTED), "--unsafe-fixes")
    assert "18 findings in 1 file (4 fixable with --fix)" in err


def test_json_validates_against_the_schema() -> None:
    code, out, _ = invoke(str(PLANTED), "--format", "json")
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert code == 1 and data["summary"]["findings"] == 18 == len(data["findings"])
    assert data["summary"]["by_severity"] == {"error": 6, "warning": 12}


def test_github_annotations_are_the_default_in_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _, out, _ = invoke(str(PLANTED))
    first = out.splitlines()[0]
    assert first.startswith(f"::error file={PLANTED},line=17,col=1,title=BIB002::key ")
    assert any(line.startswith("::warning ") for line in out.splitlines())


def test_sarif_has_every_rule_and_one_result_per_finding() -> None:
    _, out, _ = invoke(str(PLANTED), "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert json.loads(out)["version"] == "2.1.0"
    assert len(run["tool"]["driver"]["rules"]) == len(RULES)
    assert len(run["results"]) == 18
    region = run["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 17, "startColumn": 1}


def test_fail_level_and_exit_zero() -> None:
    assert invoke(str(PLANTED), "--select", "BIB004", "--fail-level", "error")[0] == 0
    assert invoke(str(PLANTED), "--select", "BIB004")[0] == 1
    assert invoke(str(PLANTED), "--exit-zero")[0] == 0


def test_clean_file_exits_0(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "refs.bib").write_text("@misc{wei2021statistically,\n  title = {A}\n}\n")
    code, out, err = invoke(str(tmp_path))
    assert (code, out) == (0, "")
    assert "0 findings in 1 file" in err


def test_directory_is_searched_and_stdin_is_read(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copy(PLANTED, tmp_path / "a.bib")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(PLANTED, tmp_path / ".hidden" / "b.bib")
    _, out, _ = invoke(str(tmp_path), "--format", "json")
    assert {f["file"] for f in json.loads(out)["findings"]} == {str(tmp_path / "a.bib")}
    code, out, _ = invoke("-", "--select", "BIB015", stdin=PLANTED.read_bytes())
    assert code == 1 and out.startswith("<stdin>:125:3: BIB015")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "missing.bib"))
    assert code == 2 and "missing.bib" in err
    assert invoke(str(PLANTED), "--format", "xml")[0] == 2
    code, _, err = invoke(str(PLANTED), "--select", "BIB999")
    assert code == 2 and "BIB999" in err
    assert invoke("-", "--fix", stdin=b"")[0] == 2


def test_environment_sits_between_flags_and_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BIBTOOL_SELECT", "BIB004")
    _, out, _ = invoke(str(PLANTED), "--format", "json")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"BIB004"}
    _, out, _ = invoke(str(PLANTED), "--format", "json", "--select", "BIB005,BIB006")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"BIB005", "BIB006"}


def test_fix_writes_and_reports_what_is_left(tmp_path: Path) -> None:
    data = PLANTED.read_bytes()
    path = tmp_path / "refs.bib"
    path.write_bytes(data[: data.index(b"@article{sauer2024fast")])
    code, out, err = invoke(str(path), "--fix", "--select", "BIB008,BIB010,BIB015")
    assert (code, out) == (0, "")
    assert "fixed 3" in err
    code, out, _ = invoke(str(path), "--fix", "--dry-run", "--select", "BIB004")
    assert code == 1 and "BIB004" in out and "---" not in out


def _online_bib(tmp_path: Path) -> Path:
    """Two real arXiv papers: one with a stale title, one now published (arXiv has a DOI)."""
    published = paper("acc-phys/9411004")  # arXiv lists its DOI 10.1063/1.48251
    path = tmp_path / "refs.bib"
    path.write_text(
        "@misc{wei2021statistically,\n  title = {Statistically Meaningful Approximation},\n"
        "  author = {Wei, Colin and Chen, Yining and Ma, Tengyu},\n"
        "  eprint = {2107.13163},\n  archivePrefix = {arXiv},\n}\n\n"
        f"@misc{{x2017,\n  title = {{{published.title}}},\n"
        f"  author = {{{' and '.join(a.name for a in published.authors)}}},\n"
        f"  eprint = {{{published.arxiv_id}}},\n  archivePrefix = {{arXiv}},\n}}\n",
        encoding="utf-8",
    )
    return path


def test_online_compares_with_arxiv_through_the_store(
    arxiv_server: ArxivServer, tmp_path: Path
) -> None:
    path = _online_bib(tmp_path)
    net = ["--api-url", arxiv_server.url, "--delay", "0", "--cache-dir", str(tmp_path / "c")]
    args = [str(path), "--online", "--select", "BIB018,BIB019", "--format", "json", *net]
    _, out, _ = invoke(*args)
    found = [(f["code"], f["line"]) for f in json.loads(out)["findings"]]
    assert found == [("BIB018", 2), ("BIB019", 8)]
    assert len(arxiv_server.requests) == 1  # both ids in one request
    _, again, _ = invoke(*args)
    assert again == out and len(arxiv_server.requests) == 1  # the store answered


def test_online_rules_never_run_by_default(arxiv_server: ArxivServer, tmp_path: Path) -> None:
    path = _online_bib(tmp_path)
    _, out, _ = invoke(str(path), "--format", "json", "--api-url", arxiv_server.url)
    assert not {f["code"] for f in json.loads(out)["findings"]} & {"BIB018", "BIB019"}
    assert arxiv_server.requests == []
