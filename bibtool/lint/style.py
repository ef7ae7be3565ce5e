"""Rules about how values will print: non-ASCII names for classic BibTeX, title capitals, keys.

Title protection is decided by ``bibtool.render.protect_title``, the function that writes
bibtool's own titles. A .bib file has no abstract, so BIB015 braces only what needs no paper to
decide (acronyms, mixed case, symbols, and names wherever they stand: ``render.casing``), a
subset of what ``add`` writes: ``check`` never flags what ``add`` writes, and the fix BIB015
attaches adds braces ``add`` would have.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bibtool.bibfile.values import unwrap
from bibtool.lint.context import Context, Hit, field_span
from bibtool.lint.rule import Applicability, FixPolicy, Rule, Severity
from bibtool.render import protect_title
from bibtool.render.casing import letter_compounds
from bibtool.text.propernames import is_proper_name
from bibtool.text.tex import to_unicode

# Tokens of bibtool's key pattern ({auth}{year}{title}) as the text they expand to.
_TOKEN_RE = {
    "auth": "[a-z]+",
    "Auth": "[A-Z][a-z]*",
    "year": "[0-9]{4}",
    "title": "[a-z0-9]*",
    "shorttitle": "[a-z0-9]*",
    "id": "[0-9a-z_.-]+",
}
_INNER_GROUP = re.compile(r"\{[^{}]*\}")
_SPECIAL = re.compile(r"[\\$]")
_HARMLESS = re.compile(r"\\[{}_&%$#]|\\[a-z]+(?:\{\})?")
# A capitalised word between separators: a lower-casing style changes nothing that matters.
_SAFE_WORD = re.compile(r"(?:(?<=[\s\-/(\[\"`])|^)[A-Z][a-z]+(?=[\s\-/)\],.:;!?\"']|$)")
# Text to_unicode leaves as it is but for spacing (checked on the 21,380 such titles of the
# real-world corpus): no backslash, no $ ~ % & # _ ^, no non-ASCII.
_VERBATIM = re.compile(r"[A-Za-z0-9\s!\"'()*+,\-./:;=?@\[\]`{}|<>]*")
_FIRST_LONE = re.compile(r"^\s*[A-Z](?=[\s\-/])")  # "A Survey": the first word may be one capital
_CAPITAL = re.compile(r"[A-Z]")
_AFTER_COLON = re.compile(r":\s+$")
_PATTERN_TOKEN = re.compile(r"\{(" + "|".join(_TOKEN_RE) + r")\}")


def key_regex(pattern: str) -> re.Pattern[str]:
    """A bibtool key pattern (``{auth}{year}{title}``, suffix letters allowed) or a regex.

    ValueError (one sentence) for a regex that does not compile.
    """
    if _PATTERN_TOKEN.search(pattern):
        pieces, pos = [], 0
        for m in _PATTERN_TOKEN.finditer(pattern):
            pieces += [re.escape(pattern[pos : m.start()]), _TOKEN_RE[m[1]]]
            pos = m.end()
        pieces.append(re.escape(pattern[pos:]))
        return re.compile("".join(pieces) + "[a-z]*")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"key_pattern {pattern!r} is not a regular expression: {exc}") from exc


# Fields whose text classic styles cut into pieces: names (initials, alpha labels, sorting) and
# the key field labels fall back on. Titles, journals and notes are printed whole: ’ – … © and
# accented letters print fine with pdflatex (UTF-8 is LaTeX's input encoding since 2018).
_CUT_FIELDS = ("author", "editor", "key")


def check_ascii(ctx: Context) -> Iterator[Hit]:
    """BIB014: the first non-ASCII character of a name (or ``key``) field of each entry, when
    the target is classic BibTeX."""
    if ctx.settings.target != "bibtex":
        return
    for entry in ctx.entries:
        if entry.raw.isascii():
            continue
        for name in _CUT_FIELDS:
            value = entry.fields.get(name, "")
            if value.isascii():
                continue
            span = field_span(entry, name)
            at = next(i for i, c in enumerate(value) if ord(c) > 127)
            offset = (span.value_start if span else entry.raw.find(value)) + at
            line, column = ctx.position(entry, offset)
            char = value[at]
            msg = (
                f"entry '{entry.key}': non-ASCII {char!r} (U+{ord(char):04X}) in {name}; classic "
                "BibTeX styles cut it in initials and labels (write it as LaTeX, or set "
                'target = "biblatex")'
            )
            yield Hit("BIB014", line, column, msg, entry.key)
            break


def check_titles(ctx: Context) -> Iterator[Hit]:
    """BIB015: title words whose capitals a lower-casing style would destroy. The file's own
    titles are the evidence a .bib has in place of an abstract: where they write `n-type`,
    an `N-Type` is Title Case."""
    titles = [entry.fields.get("title") or "" for entry in ctx.entries]
    lower = letter_compounds("\n".join(titles))
    for entry in ctx.entries:
        value = entry.fields.get("title")
        inner = unwrap(value) if value else None
        if inner is None or not might_need_braces(inner):
            continue
        protected, plain = protect_title(inner, lower_compounds=lower), _rendered(inner)
        if protected == plain:
            continue
        words = _new_groups(protected, plain)
        if not words:
            continue
        msg = f"entry '{entry.key}': title capitals need braces: {', '.join(words[:4])}"
        fixed = _braced(value or "", inner, plain, protected)
        yield ctx.at_field("BIB015", entry, "title", msg, value=fixed)


def _rendered(title: str) -> str:
    """``to_unicode(title)``, without tokenising titles it would only re-space."""
    return " ".join(title.split()) if _VERBATIM.fullmatch(title) else to_unicode(title)


def might_need_braces(title: str) -> bool:
    """False when no word of ``title`` can need protection: a cheap filter before
    ``protect_title``, which tokenises the LaTeX. Errs on the side of True.
    """
    # Escaped specials and lower-case commands (\textendash) survive lower-casing as they are.
    text = _HARMLESS.sub("", title) if "\\" in title else title
    while "{" in text:
        shorter = _INNER_GROUP.sub("", text)
        if shorter == text:
            return True  # unbalanced: let protect_title decide
        text = shorter
    if not text.isascii():
        # Lower-case letters (é, ü) are as safe as ASCII ones; anything else may need braces.
        if any(ord(c) > 127 and not c.islower() for c in text):
            return True
        text = "".join(c if ord(c) < 128 else "a" for c in text)
    if _SPECIAL.search(text):
        return True
    if _FIRST_LONE.match(title):
        text = _FIRST_LONE.sub("", text, count=1)
    # A capitalised word is safe unless it is a name wherever it stands (Turing, Gaussian).
    text = _SAFE_WORD.sub(lambda m: m[0] if is_proper_name(m[0]) else "", text)
    return _CAPITAL.search(text) is not None


def _new_groups(protected: str, plain: str) -> list[str]:
    """The ``{…}`` groups ``protect_title`` added to ``plain`` (it only inserts braces).

    A lone capital right after ``: `` is left out: BibTeX's ``change.case$`` keeps the first
    letter after a colon and a space, so ``Title: A Subtitle`` prints as written.
    """
    added: list[str] = []
    opened: list[int] = []
    i = 0
    for j, ch in enumerate(protected):
        if i < len(plain) and plain[i] == ch:
            i += 1
        elif ch == "{":
            opened.append(j)
        elif ch == "}" and opened:
            start = opened.pop()
            group = protected[start : j + 1]
            if not (len(group) == 3 and _AFTER_COLON.search(protected, 0, start)):
                added.append(group)
    return list(dict.fromkeys(added))


def _braced(value: str, inner: str, rendered: str, protected: str) -> str | None:
    """The title ``value`` with the braces ``protect_title`` adds, spacing kept, or None.

    From what the check has computed already: ``inner`` unwrapped from ``value``,
    ``_rendered(inner)`` and ``protect_title(inner)``. Only for titles whose text
    ``protect_title`` renders unchanged apart from spacing: anything it would re-spell (accents,
    escapes) is left to the author.
    """
    if rendered != " ".join(inner.split()):
        return None
    merged = _respace(inner, protected)
    if merged is None or merged.replace("{", "").replace("}", "") != inner.replace("{", "").replace(
        "}", ""
    ):
        return None
    return value[0] + merged + value[-1]


def _respace(original: str, protected: str) -> str | None:
    """``protected`` with ``original``'s whitespace (protect_title collapses it)."""
    out: list[str] = []
    i = len(original) - len(original.lstrip())
    out.append(original[:i])
    for ch in protected:
        if ch == " " and i < len(original) and original[i].isspace():
            start = i
            while i < len(original) and original[i].isspace():
                i += 1
            out.append(original[start:i])
        elif i < len(original) and original[i] == ch:
            out.append(ch)
            i += 1
        elif ch in "{}":
            out.append(ch)
        else:
            return None
    if original[i:].strip():
        return None
    return "".join(out) + original[i:]


def check_keys(ctx: Context) -> Iterator[Hit]:
    """BIB016: keys that do not follow ``key_pattern`` (no pattern configured: no findings)."""
    if not ctx.settings.key_pattern:
        return
    regex = key_regex(ctx.settings.key_pattern)
    for entry in ctx.entries:
        if entry.key and not regex.fullmatch(entry.key):
            msg = f"key '{entry.key}' does not follow key_pattern {ctx.settings.key_pattern!r}"
            yield ctx.at_entry("BIB016", entry, msg)


RULES = (
    Rule(
        "BIB014", "non-ascii", Severity.WARNING, check_ascii,
        what="non-ASCII text in a name (or `key`) for classic BibTeX",
        why="classic BibTeX styles cut UTF-8 characters in two where they take pieces of a "
        "name (initials, alpha labels); titles print whole. biber is fine: set "
        "`target = \"biblatex\"`",
        example="`author = {Gödel, Kurt}`",
    ),
    Rule(
        "BIB015", "unprotected-caps", Severity.WARNING, check_titles,
        what="capitals a lower-casing style would destroy",
        why="classic styles lower-case titles, so `GPT` prints as `gpt` and `Turing` as "
        "`turing` unless braced",
        example="`title = {GPT and LoRA on Turing Machines}`",
        fix=FixPolicy(
            Applicability.SAFE,
            "adds the braces bibtool's own titles have: `title = {{GPT} and {LoRA} on {Turing} "
            "Machines}`, spacing kept (titles it would respell are left to the author); with no "
            "abstract to read, only names that are names wherever they stand",
        ),
    ),
    Rule(
        "BIB016", "key-pattern", Severity.WARNING, check_keys,
        what="a key that does not follow the configured key_pattern",
        why="keys made one way can be guessed when citing and keep a shared file consistent",
        example="`Devlin2019BERTPO`",
    ),
)  # fmt: skip
