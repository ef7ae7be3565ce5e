"""LaTeX in field values: reading arXiv's TeX-ish text, title case protection, and escaping.

Every field value goes through one tokenizer, so that all callers agree on what is mathematics
(kept verbatim), what is a command, and which braces group. The tokenizer repairs what would break
a .bib file or a LaTeX run: unbalanced braces (arXiv 0704.0573), lone `$`, unknown commands,
maths commands typed outside maths (`Z^0 \\to 2\\gamma`). Accents written as TeX (`Gr\\"obner`)
are decoded to Unicode first, so each output form (UTF-8 or `{\\"o}`) comes from one spelling.

BibTeX counts braces literally, ignoring backslashes (`\\}` closes a group), so braces are only
ever emitted in balanced pairs; an unmatched `\\{` becomes `\\textbraceleft{}` (or `\\lbrace` in
maths) and an unmatched bare brace, always a typo, is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from bibtool.text.chars import (
    ACCENTS,
    ASCII_ESCAPES,
    COMBINING_TO_ACCENT,
    GREEK,
    GREEK_LATIN,
    LATEX_MATH,
    LETTER_TO_SPECIAL,
    MARKS_ABOVE,
    MATH_ARGS,
    MATH_CMDS,
    MATH_SYMBOLS,
    SPECIAL_LETTERS,
    TEXT_COMMANDS,
    TEXT_SYMBOLS,
)

Kind = Literal["char", "cmd", "math", "open", "close", "eopen", "eclose", "raw"]


@dataclass(frozen=True)
class Tok:
    """One lexical unit: a character, a command, a maths span, a brace, or finished LaTeX (raw)."""

    kind: Kind
    text: str


_ACCENT_RE = re.compile(
    r"(?<!\\)\\(?:(?P<sym>['`^\"~=.])\s*|(?P<let>[uvHckrdb])(?![A-Za-z])\s*)"
    r"(?:\{\s*(?P<b1>\\[ij](?![A-Za-z])|[^\W\d_])\s*\}|(?P<b2>\\[ij](?![A-Za-z])|[^\W\d_]))"
)
_SPECIAL_RE = re.compile(r"(?<!\\)\\(?P<n>ss|ae|AE|oe|OE|aa|AA|[lLoOij])(?![A-Za-z])(?:\{\}| ?)")
# `{\'e}`, but not the argument group of another accent (`\'{\c{c}}`).
_BRACED_ACCENT_RE = re.compile(r"(?<!\\[uvHckrdb'`^\"~=.])\{(" + _ACCENT_RE.pattern + r")\}")
_BRACED_SPECIAL_RE = re.compile(r"\{" + _SPECIAL_RE.pattern + r"\}")
_CMD_RE = re.compile(r"\\([A-Za-z]+|.?)", re.DOTALL)
_ENDS_IN_COMMAND_RE = re.compile(r"\\[A-Za-z]+$")  # a letter after it would extend its name


def _decode_accent(m: re.Match[str]) -> str:
    acc = m.group("sym") or m.group("let")
    base = m.group("b1") or m.group("b2")
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + ACCENTS[acc])


def decode_accents(text: str) -> str:
    """Turn TeX accents and special letters (`\\'e`, `{\\"o}`, `\\c{c}`, `{\\l}`) into Unicode."""
    while True:  # again until nothing changes: accents nest (`\\'{\\c{c}}`, `\\'{\\o}`)
        before = text
        text = _ACCENT_RE.sub(_decode_accent, _BRACED_ACCENT_RE.sub(_decode_accent, text))
        text = _BRACED_SPECIAL_RE.sub(lambda m: SPECIAL_LETTERS[m["n"]], text)
        text = _SPECIAL_RE.sub(lambda m: SPECIAL_LETTERS[m["n"]], text)
        if text == before:
            return text


def _clean_text(text: str) -> str:
    """NFC, single spaces, no control characters or U+FFFD (which carries no information)."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    text = unicodedata.normalize("NFC", text.replace("\ufffd", ""))
    return re.sub(r"\s+", " ", text).strip()


def _closing_dollar(s: str, k: int, delim: str) -> int | None:
    while k < len(s):
        if s[k] == "\\":
            k += 2
        elif s.startswith(delim, k):
            return k
        else:
            k += 1
    return None


def split_math(s: str) -> list[tuple[bool, str]]:
    """Split into (is_math, text) pieces; a `$` without a partner becomes a literal `\\$`."""
    pieces: list[tuple[bool, str]] = []
    buf: list[str] = []
    i = 0
    while i < len(s):
        if s[i] == "\\":
            buf.append(s[i : i + 2])
            i += 2
            continue
        delim = "$$" if s.startswith("$$", i) else "$"
        end = _closing_dollar(s, i + len(delim), delim) if s[i] == "$" else None
        if s[i] == "$" and end is None:
            buf.append("\\$")
        elif end is not None:
            pieces.append((False, "".join(buf)))
            pieces.append((True, s[i + len(delim) : end]))
            buf, i = [], end + len(delim)
            continue
        else:
            buf.append(s[i])
        i += 1
    pieces.append((False, "".join(buf)))
    return [(m, t) for m, t in pieces if m or t]


def _unbalanced(kinds: list[str]) -> set[int]:
    """Indices of braces to neutralise so bare and escaped braces nest properly together."""
    stack: list[int] = []
    bad: set[int] = set()
    for idx, kind in enumerate(kinds):
        if kind in ("open", "eopen"):
            stack.append(idx)
        elif kind in ("close", "eclose"):
            want = "open" if kind == "close" else "eopen"
            while True:
                if not stack or (kind == "eclose" and kinds[stack[-1]] != want):
                    bad.add(idx)
                    break
                if kinds[stack[-1]] == want:
                    stack.pop()
                    break
                bad.add(stack.pop())  # an escaped `\{` straddling this group's end
    return bad | set(stack)


_MATH_PIECE_RE = re.compile(r"\\[{}]|\\[A-Za-z]+|\\.|\\|[{}]|[%#&$]|[^\\{}%#&$]+", re.DOTALL)
_BRACE_KINDS = {"{": "open", "}": "close", "\\{": "eopen", "\\}": "eclose"}


_MATH_NAME_RE = re.compile(r"(?<!\\)((?:\\\\)*)\\([A-Za-z]+)")


def _known_math_command(m: re.Match[str]) -> str:
    """A command LaTeX defines in maths as is; `\\text` as `\\textrm`; a private macro shown."""
    name = m[2]
    if name == "text":  # amsmath's; `\textrm` means the same in maths and needs no package
        return m[1] + "\\textrm"
    if name in MATH_CMDS or name in LATEX_MATH or name in TEXT_COMMANDS:
        return m[0]
    # An author's private macro (`\\Bz`): undefined for every reader, so show its name.
    return m[1] + "\\backslash\\mathrm{" + name + "}"


def _fix_math(content: str) -> str:
    """Make maths safe verbatim: balanced braces, `% # & $` escaped, no trailing backslash."""
    pieces = _MATH_PIECE_RE.findall(content)
    kinds = [_BRACE_KINDS.get(p, "text") for p in pieces]
    bad = _unbalanced(kinds)
    out: list[str] = []
    for idx, piece in enumerate(pieces):
        if idx in bad:
            out.append({"eopen": "\\lbrace ", "eclose": "\\rbrace "}.get(kinds[idx], ""))
        elif piece in ("%", "#", "&", "$"):
            out.append("\\" + piece)
        elif piece != "\\":
            out.append(piece)
    fixed = re.sub(r"\s+", " ", "".join(out)).strip()
    fixed = _MATH_NAME_RE.sub(_known_math_command, fixed)
    while re.search(r"(?<!\\)(?:\\\\)*\\$", fixed):  # no lone backslash before the `$`
        fixed = fixed[:-1].rstrip()
    return fixed


def _append_math(out: list[Tok], content: str) -> None:
    content = _fix_math(content)
    if content:
        out.append(Tok("math", content))


def _group_end(text: str, k: int) -> int | None:
    """Index just past the group opened at text[k] == "{", or None when it never closes."""
    depth = 0
    while k < len(text):
        if text[k] == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        k += 1
        if depth == 0:
            return k
    return None


def _skip_arg(text: str, j: int) -> int:
    """Index past one macro argument (a group, a command or a character) starting at j."""
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    if k >= len(text) or text[k] in "}$":
        return j
    if text[k] == "{":
        end = _group_end(text, k)
        return j if end is None else end
    if text[k] == "\\":
        m = _CMD_RE.match(text, k)
        return m.end() if m else k + 1
    return k + 1


def _math_extent(text: str, j: int, name: str) -> int:
    """End of a maths command typed in text: its arguments and any sub/superscripts after it."""
    for _ in range(MATH_ARGS.get(name, 0)):
        j = _skip_arg(text, j)
    while j < len(text) and text[j] in "^_":
        after = _skip_arg(text, j + 1)
        if after == j + 1:
            break
        j = after
    return j


def _scan_word_command(text: str, i: int, name: str, j: int, out: list[Tok]) -> int:
    if name in MATH_CMDS:
        end = _math_extent(text, j, name)
        _append_math(out, text[i:end])
        return end
    if name in ACCENTS:  # a letter accent with nothing to sit on
        j += 2 if text.startswith("{}", j) else 0
        out.append(Tok("raw", "\\" + name + "{}"))
        return j
    if name in TEXT_COMMANDS or name == "t":
        out.append(Tok("cmd", text[i:j]))
        # TeX swallows the space after a control word; render_tokens puts one back before a letter.
        return j + 1 if text.startswith(" ", j) else j
    # Unknown (a private macro, or a typo): show it rather than break the reader's LaTeX run.
    out.append(Tok("raw", "\\textbackslash{}"))
    out.extend(Tok("char", ch) for ch in name)
    return j


def _scan_command(text: str, i: int, out: list[Tok]) -> int:
    m = _CMD_RE.match(text, i)
    name, j = (m.group(1), m.end()) if m else ("", i + 1)
    if name.isascii() and name.isalpha():
        return _scan_word_command(text, i, name, j, out)
    if name in ("{", "}"):
        out.append(Tok("eopen" if name == "{" else "eclose", "\\" + name))
    elif name in ("&", "%", "$", "#", "_", "^"):  # `\^` on nothing is the character itself
        out.append(Tok("char", name))
        j += 2 if name == "^" and text.startswith("{}", j) else 0
    elif name in ACCENTS:  # an accent with nothing it can sit on
        j += 2 if text.startswith("{}", j) else 0
        out.append(Tok("raw", "\\" + name + "{}"))
    elif name in (",", "-", "/", "@"):
        out.append(Tok("cmd", "\\" + name))
    elif name in ("\\", " "):  # a line break has no place in a field value; `\ ` is a space
        out.append(_SPACE)
    else:  # a trailing backslash, or a symbol LaTeX does not define in text
        out.append(Tok("raw", "\\textbackslash{}"))
        out.extend(Tok("char", ch) for ch in name)
    return j


def _scan_text(text: str, out: list[Tok]) -> None:
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i = _scan_command(text, i, out)
            continue
        out.append(Tok("open" if c == "{" else "close" if c == "}" else "char", c))
        i += 1


_SPACE = Tok("char", " ")


def _repair_braces(toks: list[Tok]) -> list[Tok]:
    bad = _unbalanced([t.kind for t in toks])
    out: list[Tok] = []
    for idx, tok in enumerate(toks):
        if idx not in bad:
            out.append(tok)
        elif tok.kind in ("eopen", "eclose"):  # content the author meant: keep it visible
            side = "left" if tok.kind == "eopen" else "right"
            out.append(Tok("raw", f"\\textbrace{side}{{}}"))
    return out


def tokenize(text: str) -> list[Tok]:
    """Read TeX-ish text (as arXiv and users write it) into tokens with balanced braces."""
    toks: list[Tok] = []
    for is_math, piece in split_math(_clean_text(text)):
        if is_math:
            _append_math(toks, piece)
        else:
            _scan_text(unicodedata.normalize("NFC", decode_accents(piece)), toks)
    return _join_math(_tidy_spaces(_repair_braces(toks)))


def _tidy_spaces(toks: list[Tok]) -> list[Tok]:
    """No doubled or edge spaces, which dropped braces, breaks or characters leave behind."""
    kept = [t for i, t in enumerate(toks) if t != _SPACE or (i and toks[i - 1] != _SPACE)]
    while kept and kept[-1] == _SPACE:
        kept.pop()
    return kept[1:] if kept and kept[0] == _SPACE else kept


def _join_math(toks: list[Tok]) -> list[Tok]:
    """Join maths spans that touch: `$a$$b$` reads as display maths to people and to TeX."""
    out: list[Tok] = []
    for tok in toks:
        if tok.kind == "math" and out and out[-1].kind == "math":
            tok = Tok("math", out.pop().text + " " + tok.text)
        out.append(tok)
    return out


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


def latex_char(c: str, *, ascii_only: bool) -> str:
    """One text character as LaTeX: specials escaped, and non-ASCII spelled out if asked."""
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
        if _ENDS_IN_COMMAND_RE.search(rep) and nxt.isascii() and nxt.isalpha():
            rep += " "  # `\alpha x`, not `\alphax`
        out.append(rep)
    return _fix_math("".join(out))  # a dropped character can leave `\\` next to the `$`


def _emit(tok: Tok, ascii_only: bool | None) -> str:
    if tok.kind == "math":
        content = (_math_ascii(tok.text) if ascii_only else tok.text).strip()
        return "$" + content + "$" if content else ""
    if tok.kind != "char":
        return tok.text
    if ascii_only is None:  # plain form: only a literal dollar needs marking
        return "\\$" if tok.text == "$" else tok.text
    return latex_char(tok.text, ascii_only=ascii_only)


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
    return _join_math(_tidy_spaces(out))


def render_tokens(toks: list[Tok], ascii_only: bool | None) -> str:
    """Write tokens back: None keeps plain Unicode text; otherwise escaped LaTeX."""
    if ascii_only:
        toks = _mathify(toks)
    out: list[str] = []
    for tok in toks:
        piece = _emit(tok, ascii_only)
        if out and _ENDS_IN_COMMAND_RE.search(out[-1]):
            # A letter would run into the command's name; TeX would swallow a space.
            out.append(" " if piece[:1].isalpha() else "{}" if piece[:1] == " " else "")
        out.append(piece)
    return unicodedata.normalize("NFC", "".join(out))  # marks freed by dropped braces join up


# Text the tokenizer would hand back unchanged, apart from spacing (most names and titles).
_PLAIN = re.compile(r"[A-Za-z0-9 !\"'()*+,\-./:;=?@\[\]`~]*")


def to_unicode(text: str) -> str:
    """Text with TeX accents decoded and braces repaired, specials not escaped."""
    if _PLAIN.fullmatch(text):
        return " ".join(text.split())
    return render_tokens(tokenize(text), None)


def escape_latex(text: str, *, ascii_only: bool) -> str:
    """A safe field value: `& % # _ ^` and stray `$` escaped, maths verbatim, braces balanced.

    With ascii_only, non-ASCII becomes LaTeX (`{\\'e}`, `{\\l}`, `$\\alpha$`, `--`), falling
    back to compatibility decomposition and then to dropping the character.
    """
    if _PLAIN.fullmatch(text):
        return " ".join(text.split())
    return render_tokens(tokenize(text), ascii_only)
