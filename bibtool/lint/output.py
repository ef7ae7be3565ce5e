"""Findings as text for people and machines: text, JSON, GitHub annotations, SARIF 2.1.0.

The JSON shape is a public interface: ``{"findings": [{"file", "line", "column", "code",
"severity", "message", "fixable"}], "summary": {"files", "findings", "fixable", "fixed",
"by_severity", "by_code"}}``.
"""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter
from collections.abc import Sequence
from typing import Any

from bibtool import __version__
from bibtool.identify.report import visible
from bibtool.lint.finding import Finding
from bibtool.lint.registry import BY_CODE, RULES
from bibtool.lint.rule import Severity

FORMATS = ("text", "json", "github", "sarif")
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(findings: Sequence[Finding], fmt: str, *, files: int, fixed: int = 0) -> str:
    """The findings in format ``fmt`` (one of FORMATS), ending in a newline unless empty."""
    if fmt == "text":
        return "".join(
            visible(f"{_one_line(f.file)}:{f.line}:{f.column}: {f.code} {f.message}") + "\n"
            for f in findings
        )
    if fmt == "github":
        return "".join(visible(github_line(f)) + "\n" for f in findings)
    if fmt == "json":
        return json.dumps(to_json(findings, files=files, fixed=fixed), indent=2) + "\n"
    if fmt == "sarif":
        return json.dumps(to_sarif(findings), indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def summary(findings: Sequence[Finding], *, files: int, fixed: int = 0) -> dict[str, Any]:
    """Counts for the JSON summary and the closing line of the text output."""
    return {
        "files": files,
        "findings": len(findings),
        "fixable": sum(f.fixable for f in findings),
        "fixed": fixed,
        "by_severity": dict(sorted(Counter(f.severity.value for f in findings).items())),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
    }


def summary_line(findings: Sequence[Finding], *, files: int, fixed: int = 0) -> str:
    """``3 findings in 2 files (1 fixable with --fix; 1 unsafe fix with --unsafe-fixes)``."""
    s = summary(findings, files=files, fixed=fixed)
    parts = [f"{s['findings']} finding{'s' if s['findings'] != 1 else ''}"]
    parts.append(f"in {files} file{'s' if files != 1 else ''}")
    unsafe = sum(f.fix is not None and not f.fixable for f in findings)
    fixes = [f"{s['fixable']} fixable with --fix"] if s["fixable"] else []
    if unsafe:
        fixes.append(f"{unsafe} unsafe fix{'es' if unsafe != 1 else ''} with --unsafe-fixes")
    if fixes:
        parts.append(f"({'; '.join(fixes)})")
    if fixed:
        parts.append(f"— fixed {fixed}")
    return " ".join(parts)


def to_json(findings: Sequence[Finding], *, files: int, fixed: int = 0) -> dict[str, Any]:
    rows = [
        {
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "code": f.code,
            "severity": f.severity.value,
            "message": f.message,
            "fixable": f.fixable,
        }
        for f in findings
    ]
    return {"findings": rows, "summary": summary(findings, files=files, fixed=fixed)}


def _one_line(name: str) -> str:
    """A file name on one line: a newline in it would start a line of its own, which a CI log
    reads as a command (``::error …``)."""
    return name.replace("\n", "\\x0a").replace("\t", "\\x09")


def github_line(f: Finding) -> str:
    """A GitHub Actions workflow command that annotates the file at the finding's line."""
    props = f"file={_gh_prop(f.file)},line={f.line},col={f.column},title={f.code}"
    return f"::{_GITHUB_LEVEL[f.severity]} {props}::{_gh_data(f.message)}"


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def to_sarif(findings: Sequence[Finding]) -> dict[str, Any]:
    """One SARIF 2.1.0 run: every rule described, one result per finding."""
    index = {rule.code: i for i, rule in enumerate(RULES)}
    rules = [
        {
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.what},
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
            "properties": {"fixable": r.fixable},
        }
        for r in RULES
    ]
    results = [_sarif_result(f, index[f.code]) for f in findings if f.code in BY_CODE]
    driver = {"name": "bibtool", "version": __version__, "rules": rules}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def _sarif_result(f: Finding, rule_index: int) -> dict[str, Any]:
    region = {"startLine": f.line, "startColumn": f.column}
    uri = urllib.parse.quote(f.file.replace("\\", "/"), safe="/")  # spaces, #, %, newlines
    location = {"artifactLocation": {"uri": uri}, "region": region}
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": location}],
    }
