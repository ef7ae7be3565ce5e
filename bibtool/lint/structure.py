"""Rules about the file's grammar: parse errors, repeated keys, braces, @string macros.

bibfile already reports what bibtexparser could not read (``BibDocument.failed``); these rules
give those problems stable codes, and add what bibtexparser accepts but BibTeX does not: a
backslash-escaped brace (BibTeX counts ``\\{`` as a brace) and a macro no ``@string`` defines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bibtool.bibfile import BibProblem
from bibtool.lint.context import Context, Hit
from bibtool.lint.rule import Rule, Severity

# bibfile's problem kinds -> codes; anything unknown is a parse error, to be safe.
_KIND_CODES = {
    "duplicate-key": "BIB002",
    "empty-key": "BIB017",
    "duplicate-field": "BIB017",
    "duplicate-string": "BIB017",
    "comment": "BIB017",
    "commented-entry": "BIB017",
}
MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_STRING_DEF = re.compile(r"@\s*string\s*[{(]\s*([^\s=#{}(),\"]+)\s*=", re.IGNORECASE)
_TOKEN = re.compile(r'[{}"]|[^\s#{}",=]+')  # a brace, a quote, or a bare word


def problem_code(problem: BibProblem) -> str:
    """The code for one of bibfile's problems."""
    if problem.kind == "value" and "unbalanced" in problem.message:
        return "BIB012"
    return _KIND_CODES.get(problem.kind, "BIB001")


def check_problems(ctx: Context) -> Iterator[Hit]:
    """BIB001, BIB002 and BIB017: bibfile's problems, each at bibfile's line."""
    for problem in ctx.doc.failed:
        code = problem_code(problem)
        if code != "BIB012":
            yield _problem_hit(ctx, code, problem)


def _problem_hit(ctx: Context, code: str, problem: BibProblem) -> Hit:
    return Hit(code, problem.line, 1, problem.message, _entry_key_at(ctx, problem.line))


def _entry_key_at(ctx: Context, line: int) -> str | None:
    """The key of the entry that starts on ``line``, so an entry can silence its own problem."""
    for entry in ctx.doc.entries:
        if entry.start_line == line:
            return entry.key
    return None


def check_braces(ctx: Context) -> Iterator[Hit]:
    """BIB012: values whose braces do not balance, for bibtexparser (bibfile's problems) or for
    BibTeX, which knows no backslash escapes."""
    for problem in ctx.doc.failed:
        if problem_code(problem) == "BIB012":
            yield _problem_hit(ctx, "BIB012", problem)
    unread = [p.line for p in ctx.doc.failed if p.kind == "value"]
    for entry in ctx.entries:
        last = entry.start_line + entry.raw.count("\n")
        if any(entry.start_line <= line <= last for line in unread):
            continue  # bibfile could not read a value of it: that finding is the entry's
        for name, value in entry.fields.items():
            if not _bibtex_balanced(value):
                yield ctx.at_field("BIB012", entry, name, _brace_message(entry.key, name))


def _bibtex_balanced(value: str) -> bool:
    if "\\" not in value:
        return True  # bibtexparser read it, and without escapes it counts braces as BibTeX does
    depth = 0
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _brace_message(key: str, name: str) -> str:
    return (
        f"entry '{key}': braces in field '{name}' do not balance for BibTeX "
        "(it counts \\{ and \\} as braces too)"
    )


def check_macros(ctx: Context) -> Iterator[Hit]:
    """BIB013: bare words in values that are neither numbers, month names nor @string macros."""
    defined = {m[1].lower() for m in _STRING_DEF.finditer(ctx.doc.text)}
    defined |= MONTHS | {m.lower() for m in ctx.settings.macros}
    for entry in ctx.entries:
        for name, value in entry.fields.items():
            for word in bare_words(value):
                if not word.isdigit() and word.lower() not in defined:
                    msg = (
                        f"entry '{entry.key}': field '{name}' uses @string '{word}', never defined"
                    )
                    yield ctx.at_field("BIB013", entry, name, msg)
                    break


def bare_words(value: str) -> list[str]:
    """The unquoted, unbraced words of a value (``jan # "~1"`` -> ``["jan"]``)."""
    if value[:1] in '{"' and "#" not in value:
        return []  # the common case, decided without scanning
    words, depth, quoted = [], 0, False
    for m in _TOKEN.finditer(value):  # a word token holds no brace or quote: nothing to track
        token = m[0]
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif token == '"':
            if depth == 0:
                quoted = not quoted
        elif depth == 0 and not quoted:
            words.append(token)
    return words


RULES = (
    Rule(
        "BIB001", "parse-error", Severity.ERROR, check_problems,
        what="a block BibTeX or bibtexparser cannot read",
        why="BibTeX and biber skip what they cannot read, so its citations print as [?]; "
        "bibtool refuses to rewrite a file with such a block",
        example="`author 💯 {…}`, a missing comma",
    ),
    Rule(
        "BIB002", "duplicate-key", Severity.ERROR, check_problems,
        what="a key used twice (also differing only in case)",
        why="BibTeX and biber keep the first entry of a key and complain (keys differing only "
        "in case are one key to BibTeX): a citation may get the other entry than meant",
        example="`@article{Thomas2016,` ×2",
    ),
    Rule(
        "BIB012", "unbalanced", Severity.ERROR, check_braces,
        what="unbalanced braces or quotes in a value, counted as BibTeX counts them",
        why="BibTeX counts `\\{` and `\\}` as braces, so a value that balances for other "
        "readers can swallow the rest of the entry in BibTeX",
        example=r"`title = {Sets \{x\} and \} y}`",
    ),
    Rule(
        "BIB013", "undefined-macro", Severity.ERROR, check_macros,
        what="a bare word that no @string defines (jan…dec are predefined)",
        why="BibTeX and biber warn about an undefined macro and leave the field empty",
        example="`journal = jmlr`",
    ),
    Rule(
        "BIB017", "structure", Severity.WARNING, check_problems,
        what="an empty key, a repeated field or @string, a commented-out entry",
        why="BibTeX reads only the first of a repeated field, cannot cite an entry without a "
        "key, and reads an entry commented out with % (biber skips it): the file does not "
        "say what its author meant",
        example="`year` given twice",
    ),
)  # fmt: skip
