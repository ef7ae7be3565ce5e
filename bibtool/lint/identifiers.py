"""Rules about identifiers: arXiv ids, DOIs, URLs, version pins and the eprint/prefix pair.

Each fixable rule has a ``fix_*`` function giving the field's new raw value (delimiters kept),
attached to the finding as its edit: a value the fix cannot rewrite exactly gets no fix.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator

from bibtool.bibfile import BibEntry
from bibtool.bibfile.values import plain, unwrap
from bibtool.ids.arxiv import find_arxiv_ids, parse_arxiv_id
from bibtool.ids.doi import parse_doi
from bibtool.ids.entry import eprint_is_arxiv
from bibtool.lint.context import Context, Hit
from bibtool.lint.rule import Applicability, FixPolicy, Rule, Severity

_ARXIV_FIELDS = ("eprint", "arxivid", "arxiv_id")
_VERSIONED = re.compile(r"^(\s*\S*?)(v\d+)(\s*)$")
_URL_SCHEMES = frozenset({"http", "https", "ftp", "ftps"})


def _arxiv_fields(entry: BibEntry) -> Iterator[str]:
    for name in _ARXIV_FIELDS:
        if name in entry.fields and (name != "eprint" or eprint_is_arxiv(entry.fields)):
            yield name


def check_arxiv(ctx: Context) -> Iterator[Hit]:
    """BIB006 (not an arXiv id) and BIB010 (an id pinned to a version)."""
    for entry in ctx.entries:
        for name in _arxiv_fields(entry):
            text = plain(entry.fields[name])
            ref = parse_arxiv_id(text)
            if ref is None:
                msg = f"entry '{entry.key}': {name} '{text}' is not an arXiv identifier"
                yield ctx.at_field("BIB006", entry, name, msg)
            elif ref.version is not None:
                msg = f"entry '{entry.key}': {name} '{text}' pins v{ref.version}; cite {ref.id}"
                yield ctx.at_field("BIB010", entry, name, msg, value=fix_pinned(entry.fields[name]))


def fix_pinned(value: str) -> str | None:
    """The value without its version suffix (``{2107.13163v2}`` -> ``{2107.13163}``), or None."""
    inner = unwrap(value)
    if inner is None or not (m := _VERSIONED.match(inner)):
        return None
    ref = parse_arxiv_id(inner)
    if ref is None or ref.version is None:
        return None
    return value[0] + m[1] + m[3] + value[-1]


def check_doi(ctx: Context) -> Iterator[Hit]:
    """BIB007 (no DOI in the doi field) and BIB008 (a DOI written as a link or ``doi:``)."""
    for entry in ctx.entries:
        if "doi" not in entry.fields:
            continue
        text = plain(entry.fields["doi"])
        bare = parse_doi(text)
        if bare is None:
            msg = f"entry '{entry.key}': doi '{text}' is not a DOI (10.NNNN/suffix)"
            yield ctx.at_field("BIB007", entry, "doi", msg)
        elif bare != text:
            msg = f"entry '{entry.key}': doi is written as '{text}'; the field takes '{bare}'"
            yield ctx.at_field("BIB008", entry, "doi", msg, value=fix_doi(entry.fields["doi"]))


def fix_doi(value: str) -> str | None:
    """The value holding the bare DOI (``{https://doi.org/10.1/x}`` -> ``{10.1/x}``), or None."""
    inner = unwrap(value)
    if inner is None or "{" in inner or "\\" in inner:
        return None  # \url{…} or escapes: rewriting could lose what the author meant
    bare = parse_doi(inner)
    return None if bare is None else value[0] + bare + value[-1]


def check_url(ctx: Context) -> Iterator[Hit]:
    """BIB009: a url field that is not one absolute http(s)/ftp link."""
    for entry in ctx.entries:
        if "url" in entry.fields:
            text = plain(entry.fields["url"])
            why = url_problem(text)
            if why:
                msg = f"entry '{entry.key}': url '{text[:80]}' {why}"
                yield ctx.at_field("BIB009", entry, "url", msg)


def url_problem(text: str) -> str | None:
    """Why ``text`` is not one absolute URL, or None."""
    if any(c.isspace() for c in text):
        return "contains spaces (one URL per field; escape spaces as %20)"
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in _URL_SCHEMES:
        return "has no http(s):// scheme"
    if not parts.netloc or "." not in parts.netloc.split(":")[0] and parts.netloc != "localhost":
        return "has no host"
    return None


def check_prefix(ctx: Context) -> Iterator[Hit]:
    """BIB011: archivePrefix/eprinttype without eprint, or an arXiv-looking eprint without one."""
    for entry in ctx.entries:
        fields = entry.fields
        kinds = [k for k in ("archiveprefix", "eprinttype") if k in fields]
        if kinds and "eprint" not in fields:
            msg = f"entry '{entry.key}': {kinds[0]} without eprint"
            yield ctx.at_field("BIB011", entry, kinds[0], msg)
        elif "eprint" in fields and not kinds:
            text = plain(fields["eprint"])
            if parse_arxiv_id(text) or find_arxiv_ids(text):
                msg = (
                    f"entry '{entry.key}': eprint without archivePrefix/eprinttype "
                    "(styles and Zotero will not know it is arXiv)"
                )
                yield ctx.at_field("BIB011", entry, "eprint", msg)


RULES = (
    Rule(
        "BIB006", "bad-arxiv-id", Severity.ERROR, check_arxiv,
        what="an eprint/arxivid that is not an arXiv identifier",
        why="styles that link eprints link nowhere (or to another paper), and the entry cannot "
        "be matched with its arXiv record",
        example="`eprint = {2107.1316}`",
    ),
    Rule(
        "BIB007", "bad-doi", Severity.ERROR, check_doi,
        what="a doi field that is not a DOI",
        why="styles turn the field into a https://doi.org/ link, which then resolves to nothing",
        example="`doi = {10.1145}`",
    ),
    Rule(
        "BIB008", "doi-url", Severity.WARNING, check_doi,
        what="a DOI written as a link or with a prefix",
        why="styles add https://doi.org/ themselves and print a doubled, broken link",
        example="`doi = {https://doi.org/10.1/x}`",
        fix=FixPolicy(Applicability.SAFE, "keeps the bare DOI: `doi = {10.1/x}`"),
    ),
    Rule(
        "BIB009", "bad-url", Severity.WARNING, check_url,
        what="a url that is not one absolute http(s)/ftp link",
        why="styles print and link the field as it is: without a scheme or host, or with "
        "spaces, the link is broken",
        example="`url = {www.x.org}`",
    ),
    Rule(
        "BIB010", "pinned-version", Severity.WARNING, check_arxiv,
        what="an arXiv eprint pinned to a version",
        why="the citation points readers at one old revision instead of the paper",
        example="`eprint = {2107.13163v2}`",
        fix=FixPolicy(Applicability.SAFE, "drops the version: `eprint = {2107.13163}`"),
    ),
    Rule(
        "BIB011", "eprint-prefix", Severity.WARNING, check_prefix,
        what="archivePrefix/eprinttype without eprint, or eprint without either",
        why="styles and Zotero know an eprint is arXiv's only from archivePrefix or eprinttype, "
        "and either one alone points at nothing",
        example="`archivePrefix = {arXiv}` alone",
    ),
)  # fmt: skip
