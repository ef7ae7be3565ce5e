"""The rule registry: stable codes, names, severities, fixability, and the README's examples.

Codes never change meaning once released; a retired rule keeps its number unused. Severities
are ``rule.Severity``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bibtool.check.rule import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Rule:
    """One rule: its code, short name, default severity, whether ``--fix`` can repair it."""

    code: str
    name: str
    severity: Severity
    fixable: bool
    summary: str
    example: str
    online: bool = False


RULES: tuple[Rule, ...] = (
    Rule("BIB001", "parse-error", ERROR, False,
         "a block BibTeX or bibtexparser cannot read", "`author 💯 {…}`, a missing comma"),
    Rule("BIB002", "duplicate-key", ERROR, False,
         "a key used twice (also differing only in case)", "`@article{Thomas2016,` ×2"),
    Rule("BIB003", "duplicate-work", WARNING, True,
         "the same work under another key (arXiv id, DOI, or title, first author and year)",
         "`bart` and `lewis2019bart`, both `arXiv:1910.13461`"),
    Rule("BIB004", "truncated-authors", WARNING, False,
         "an author list cut short", "`author = {Brown, Tom and others}`, `… and et al.`"),
    Rule("BIB005", "missing-field", WARNING, False,
         "a field the entry type requires is missing", "`@article` without `journal`"),
    Rule("BIB006", "bad-arxiv-id", ERROR, False,
         "an eprint/arxivid that is not an arXiv identifier", "`eprint = {2107.1316}`"),
    Rule("BIB007", "bad-doi", ERROR, False,
         "a doi field that is not a DOI", "`doi = {10.1145}`"),
    Rule("BIB008", "doi-url", WARNING, True,
         "a DOI written as a link or with a prefix", "`doi = {https://doi.org/10.1/x}`"),
    Rule("BIB009", "bad-url", WARNING, False,
         "a url that is not one absolute http(s)/ftp link", "`url = {www.x.org}`"),
    Rule("BIB010", "pinned-version", WARNING, True,
         "an arXiv eprint pinned to a version", "`eprint = {2107.13163v2}`"),
    Rule("BIB011", "eprint-prefix", WARNING, False,
         "archivePrefix/eprinttype without eprint, or eprint without either",
         "`archivePrefix = {arXiv}` alone"),
    Rule("BIB012", "unbalanced", ERROR, False,
         "unbalanced braces or quotes in a value, counted as BibTeX counts them",
         r"`title = {Sets \{x\} and \} y}`"),
    Rule("BIB013", "undefined-macro", ERROR, False,
         "a bare word that no @string defines (jan…dec are predefined)", "`journal = jmlr`"),
    Rule("BIB014", "non-ascii", WARNING, False,
         "non-ASCII text in a file for classic BibTeX", "`author = {Gödel, Kurt}`"),
    Rule("BIB015", "unprotected-caps", WARNING, True,
         "capitals a lower-casing style would destroy", "`title = {GPT and LoRA}`"),
    Rule("BIB016", "key-pattern", WARNING, False,
         "a key that does not follow the configured key_pattern", "`Devlin2019BERTPO`"),
    Rule("BIB017", "structure", WARNING, False,
         "an empty key, a repeated field or @string, a commented-out entry",
         "`year` given twice"),
    Rule("BIB018", "arxiv-differs", WARNING, False,
         "title or authors differ from arXiv's (--online)", "an old title of a renamed paper",
         online=True),
    Rule("BIB019", "now-published", INFO, False,
         "a preprint arXiv now lists with a journal reference or DOI (--online)",
         "`@misc` for a paper published since", online=True),
)  # fmt: skip

BY_CODE = {rule.code: rule for rule in RULES}
_BY_NAME = {rule.name: rule for rule in RULES}


def matches(code: str, patterns: Iterable[str]) -> bool:
    """Whether ``code`` is named by any pattern: a code, a prefix (``BIB01``), a name, ``ALL``."""
    rule = BY_CODE[code]
    for pattern in patterns:
        p = pattern.strip()
        if p.upper() == "ALL" or (p and code.startswith(p.upper())) or p.lower() == rule.name:
            return True
    return False


def unknown_patterns(patterns: Sequence[str]) -> list[str]:
    """The patterns that name no rule at all (a typo in --select should not pass silently)."""
    return [p for p in patterns if not any(matches(r.code, [p]) for r in RULES)]


def enabled(select: Sequence[str] | None, ignore: Sequence[str], *, online: bool) -> list[Rule]:
    """Rules that run: selected (all offline rules by default) and not ignored."""
    chosen = [r for r in RULES if (select is None or matches(r.code, select))]
    return [r for r in chosen if not matches(r.code, ignore) and (online or not r.online)]
