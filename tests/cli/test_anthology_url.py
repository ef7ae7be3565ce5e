"""``--anthology-url`` / ``BIBTOOL_ANTHOLOGY_URL`` reach the Anthology client of every command
that looks for published versions."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bibtool.cli import app
from bibtool.render import render_entry
from bibtool.store import Store
from tests.support.helpers import paper


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_bad_anthology_url_is_a_usage_error(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BIBTOOL_API_URL")  # the arXiv record comes from the store
    bib = tmp_path / "refs.bib"
    bib.write_text(render_entry(paper("1810.04805"), "k"))
    with Store.in_dir(tmp_path / "cache") as store:
        store.put_papers([paper("1810.04805")])
    args = ["update", str(bib), "--published", "--cache-dir", str(tmp_path / "cache")]
    if how == "flag":
        args += ["--anthology-url", "ftp://aclanthology.org"]
    else:
        monkeypatch.setenv("BIBTOOL_ANTHOLOGY_URL", "ftp://aclanthology.org")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "the ACL Anthology URL 'ftp://aclanthology.org' is not an http(s) URL" in result.output
    assert "--anthology-url" in CliRunner().invoke(app, ["add", "--help"]).output
    assert "--anthology-url" in CliRunner().invoke(app, ["check", "--help"]).output
