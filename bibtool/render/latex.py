"""Writing text as a BibTeX field value: specials escaped, maths verbatim, braces balanced.

The tokens come from ``text.tex.tokenize`` (the one reader); this module spells them for a .bib
file, in UTF-8 or, for classic BibTeX styles that cut UTF-8 characters in half, in ASCII LaTeX
(``{\\'e}``, ``{\\l}``, ``$\\alpha$``, ``--``).
"""

from __future__ import annotations

import re
import unicodedata

from bibtool.text.chars import (
    ASCII_ESCAPES,
    COMBINING_TO_ACCENT,
    GREEK,
    GREEK_LATIN,
    LETTER_TO_SPECIAL,
    MARKS_ABOVE,
    MATH_SYMBOLS,
    TEXT_SYMBOLS,
)
from bibtool.text.tex import (
    ENDS_IN_COMMAND,
    Tok,
    fix_math,
    join_math,
    join_tokens,
    plain_piece,
    tidy_spaces,
    tokenize,
)
from bibtool.text.tex import (
    PLAIN as _PLAIN,
)

ZOTERO_LITERAL = frozenset("<>|")  # Zotero's import decodes no \\textless, \\textgreater, \\textbar


def math_command(c: str) -> str | None:
    """The maths spelling of a Greek letter or symbol, e.g. `\\alpha`, or None."""
    if c in GREEK:
        return "\\" + GREEK[c]
    if c in MATH_SYMBOLS:
        name = MATH_SYMBOLS[c]
        return name if not name.isalpha() else "\\" + name
    return GREEK_LATIN.get(c)


def _accented(c: str) -> str | None:
    """`é` -> `{\\'e}`, `í` -> `{\\'\\i}`, `ç` -> `{\\c{c}}`; None if not letter + TeX accents."""
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or any(m not in COMBINING_TO_ACCENT for m in marks):
        return None
    if base in "ij" and marks[0] in MARKS_ABOVE:
        body = "\\" + base  # the dotless form carries the accent, as in `\'\i`
    elif base.isascii() and base.isalpha():
        body = base
    elif base in LETTER_TO_SPECIAL:
        body = "\\" + LETTER_TO_SPECIAL[base]
    else:
        return None
    for mark in marks:
        acc = COMBINING_TO_ACCENT[mark]
        simple = not acc.isalpha() and (len(body) == 1 or re.fullmatch(r"\\[a-z]", body))
        body = f"\\{acc}{body}" if simple else f"\\{acc}{{{body}}}"
    return "{" + body + "}"


def _text_char(c: str) -> str:
    """An ASCII LaTeX spelling of a non-ASCII character in running text; "" when there is none."""
    if c in LETTER_TO_SPECIAL:
        return "{\\" + LETTER_TO_SPECIAL[c] + "}"
    if c in TEXT_SYMBOLS:
        return TEXT_SYMBOLS[c]
    cmd = math_command(c)
    if cmd is not None:
        return f"${cmd}$"
    accented = _accented(c)
    if accented is not None:
        return accented
    # Last resort: compatibility decomposition (ligatures, full-width forms, superscripts).
    return "".join(
        latex_char(f, ascii_only=True) for f in unicodedata.normalize("NFKD", c) if f != c
    )


def latex_char(c: str, *, ascii_only: bool, zotero: bool = False) -> str:
    """One text character as LaTeX: specials escaped, and non-ASCII spelled out if asked.

    ``zotero``: for Zotero's BibTeX import, which decodes the escapes (``\\&``, ``\\^{}``...)
    but not ``\\textless`` and its kin: ``< > |`` stay characters.
    """
    if zotero and c in ZOTERO_LITERAL:
        return c
    if c in ASCII_ESCAPES:
        return ASCII_ESCAPES[c]
    if c.isascii() or not ascii_only:
        return c
    return _text_char(c)


def _math_char(c: str) -> str:
    cmd = math_command(c)
    if cmd is not None:
        return cmd
    out: list[str] = []
    for f in unicodedata.normalize("NFKD", c):
        if f in "%#&$":
            out.append("\\" + f)
        elif f in "{}\\":
            out.append({"{": "\\lbrace ", "}": "\\rbrace ", "\\": "\\backslash "}[f])
        elif f.isascii():
            out.append(f)
        elif f != c:
            out.append(_math_char(f))
    return "".join(out)


def _math_ascii(content: str) -> str:
    out: list[str] = []
    for idx, c in enumerate(content):
        rep = c if c.isascii() else _math_char(c)
        nxt = content[idx + 1 : idx + 2]
        if ENDS_IN_COMMAND.search(rep) and nxt.isascii() and nxt.isalpha():
            rep += " "  # `\alpha x`, not `\alphax`
        out.append(rep)
    return fix_math("".join(out))  # a dropped character can leave `\\` next to the `$`


def _emit(tok: Tok, ascii_only: bool, zotero: bool) -> str:
    if tok.kind == "math":
        content = (_math_ascii(tok.text) if ascii_only else tok.text).strip()
        return "$" + content + "$" if content else ""
    if tok.kind != "char":
        return tok.text
    return latex_char(tok.text, ascii_only=ascii_only, zotero=zotero)


def _mathify(toks: list[Tok]) -> list[Tok]:
    """Greek letters and symbols in text become maths, joined with maths beside them.

    Characters with no ASCII spelling go first, so they cannot keep two maths spans apart.
    """
    out: list[Tok] = []
    for tok in toks:
        c = tok.text
        if tok.kind == "char" and not c.isascii() and not _text_char(c):
            continue
        cmd = math_command(c) if tok.kind == "char" else None
        if cmd is not None and c not in LETTER_TO_SPECIAL and c not in TEXT_SYMBOLS:
            tok = Tok("math", cmd)
        out.append(tok)
    return join_math(tidy_spaces(out))


def render_tokens(toks: list[Tok], ascii_only: bool | None, *, zotero: bool = False) -> str:
    """Write tokens back: None keeps plain Unicode text; otherwise escaped LaTeX."""
    if ascii_only is None:
        return join_tokens(toks, plain_piece)
    if ascii_only:
        toks = _mathify(toks)
    return join_tokens(toks, lambda tok: _emit(tok, ascii_only, zotero))


def escape_latex(text: str, *, ascii_only: bool, zotero: bool = False) -> str:
    """A safe field value: `& % # _ ^` and stray `$` escaped, maths verbatim, braces balanced.

    With ascii_only, non-ASCII becomes LaTeX (`{\\'e}`, `{\\l}`, `$\\alpha$`, `--`), falling
    back to compatibility decomposition and then to dropping the character.
    """
    if _PLAIN.fullmatch(text):
        return " ".join(text.split())
    return render_tokens(tokenize(text), ascii_only, zotero=zotero)
