"""Rules about the file's grammar: parse errors, repeated keys, braces, @string macros.

bibfile already reports what bibtexparser could not read (``BibDocument.failed``); these rules
give those problems stable codes (bibfile reads braces as BibTeX and biber do, ``\\{`` and
``\\}`` included, so an entry a stray ``\\}`` closes early is one of them), and add a macro no
``@string`` defines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bibtool.bibfile import BibProblem
from bibtool.bibfile.grammar import macro_names
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
    "encoding": "BIB020",
}
MONTHS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_TOKEN = re.compile(r'[{}"]|[^\s#{}",=]+')  # a brace, a quote, or a bare word


def problem_code(problem: BibProblem) -> str:
    """The code for one of bibfile's problems."""
    if problem.kind == "closed-early" or (
        problem.kind == "value" and "unbalanced" in problem.message
    ):
        return "BIB012"
    return _KIND_CODES.get(problem.kind, "BIB001")


def check_problems(ctx: Context) -> Iterator[Hit]:
    """BIB001, BIB002, BIB017 and BIB020: bibfile's problems, each at bibfile's line."""
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
    """BIB012: values whose braces do not balance, counted as BibTeX and bibfile count them
    (``\\{`` and ``\\}`` too), and entries a stray ``\\}`` closes before their fields end."""
    for problem in ctx.doc.failed:
        if problem_code(problem) == "BIB012":
            yield _problem_hit(ctx, "BIB012", problem)


def check_macros(ctx: Context) -> Iterator[Hit]:
    """BIB013: bare words in values that are neither numbers, month names nor @string macros."""
    defined = macro_names(ctx.doc.text)
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
        what="unbalanced braces or quotes in a value, counted as BibTeX counts them, or an "
        "entry a stray `\\}` closes before its fields end",
        why="BibTeX and biber count `\\{` and `\\}` as braces: an unbalanced value swallows "
        "the rest of the entry, and a stray `\\}` ends it early, its last fields skipped",
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
    Rule(
        "BIB020", "not-unicode", Severity.ERROR, check_problems,
        what="bytes that are not UTF-8 (a Latin-1 file, or a stray byte in a UTF-8 one)",
        why="biber refuses the whole file, and LaTeX's default input encoding stops at the byte; "
        "BibTeX copies the byte into the .bbl as it is",
        example="`author = {Müller}` saved in Latin-1 (byte 0xFC)",
    ),
)  # fmt: skip
