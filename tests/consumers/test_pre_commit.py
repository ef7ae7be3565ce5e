"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit on a scratch git repository.

Offline: the hooks are copied into a ``repo: local`` configuration with ``language: system`` and
this interpreter (``python -m bibtool``), so pre-commit installs nothing; ids, entries' arguments
and ``types: [bib]`` come from the project's own hook file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.helpers import FIXTURES, ROOT

yaml = pytest.importorskip("yaml")
PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))
pytestmark = pytest.mark.skipif(
    not Path(PRE_COMMIT).exists() or shutil.which("git") is None,
    reason="needs pre-commit and git",
)


def _local_config() -> str:
    hooks: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    local = []
    for hook in hooks:
        assert hook["types"] == ["bib"] and hook["entry"].startswith("bibtool ")
        entry = f"{sys.executable} -m {hook['entry']}"
        local.append({**hook, "entry": entry, "language": "system"})
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]})


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    (repo / ".pre-commit-config.yaml").write_text(_local_config())
    data = (FIXTURES / "check" / "planted.bib").read_bytes()
    (repo / "refs.bib").write_bytes(data[: data.index(b"@article{sauer2024fast")])
    (repo / "notes.txt").write_text("not a bib file: eprint = {2107.13163v2}\n")
    _git(repo, "add", ".")
    return repo


def _run(repo: Path, hook: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pc-home"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    args = [PRE_COMMIT, "run", hook, "--all-files", "--color", "never"]
    return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=120)


def test_check_hook_fails_with_findings_on_bib_files_only(repo: Path) -> None:
    result = _run(repo, "bibtool-check")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refs.bib:91:3: BIB010" in result.stdout
    assert "notes.txt" not in result.stdout


def test_fix_hook_repairs_the_file(repo: Path) -> None:
    result = _run(repo, "bibtool-fix")
    assert result.returncode == 1  # pre-commit fails a hook that modified files
    assert b"{2107.13163}," in (repo / "refs.bib").read_bytes()
    assert "BIB010" not in result.stdout and "BIB004" in result.stdout
