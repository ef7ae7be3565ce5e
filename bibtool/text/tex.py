"""Reading TeX as people and arXiv write it in titles and names: one tokenizer, one plain reader.

Every reader of TeX-ish text in bibtool goes through here, so all agree on what is mathematics,
what is a command, which braces group, and what the words are:

- ``tokenize`` reads text into tokens with balanced braces, repairing what would break a .bib
  file or a LaTeX run: unbalanced braces (arXiv 0704.0573), lone ``$``, unknown commands, maths
  commands typed outside maths (``Z^0 \\to 2\\gamma``); accents written as TeX (``Gr\\"obner``)
  are decoded to Unicode first. ``render.latex`` writes tokens back as escaped LaTeX.
- ``to_unicode`` is the same text with accents decoded and braces repaired, markup kept.
- ``to_text`` is what a reader sees: the words, with formatting and link commands gone, symbol
  commands as their characters, escapes undone (``\\emph{Attention} Is All`` -> ``Attention
  Is All``, ``\\url{https://arxiv.org/abs/x}`` -> the link, ``Koz{\\l}owski`` -> ``Kozłowski``).
  ``text.normalise`` folds it further for comparing.

BibTeX counts braces literally, ignoring backslashes (``\\}`` closes a group), so braces are only
ever emitted in balanced pairs; an unmatched ``\\{`` becomes ``\\textbraceleft{}`` (or
``\\lbrace`` in maths) and an unmatched bare brace, always a typo, is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bibtool.text.chars import (
    ACCENTS,
    GREEK,
    LATEX_MATH,
    MATH_ARGS,
    MATH_CMDS,
    MATH_SYMBOLS,
    SPECIAL_LETTERS,
    TEXT_COMMANDS,
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


ENDS_IN_COMMAND = re.compile(r"\\[A-Za-z]+$")  # a letter after it would extend its name


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


_DOUBLE_CARET = re.compile(r"\^(?=\s*\^)")
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


def fix_math(content: str) -> str:
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
        elif piece == "\\\\":  # a line break has no place in a title (and `\\{` reads as `\{`)
            out.append(" ")
        elif piece != "\\":
            out.append(piece)
    fixed = re.sub(r"\s+", " ", "".join(out)).strip()
    fixed = _MATH_NAME_RE.sub(_known_math_command, fixed)
    # TeX reads `^^5c` (and `^^` + any character) as another character, `\` among them:
    # no `^` may stand right before another, or maths from outside could run commands.
    fixed = _DOUBLE_CARET.sub(r"\\hat{}", fixed)
    while re.search(r"(?<!\\)(?:\\\\)*\\$", fixed):  # no lone backslash before the `$`
        fixed = fixed[:-1].rstrip()
    return fixed


def _append_math(out: list[Tok], content: str) -> None:
    content = fix_math(content)
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
    return join_math(tidy_spaces(_repair_braces(toks)))


def tidy_spaces(toks: list[Tok]) -> list[Tok]:
    """No doubled or edge spaces, which dropped braces, breaks or characters leave behind."""
    kept = [t for i, t in enumerate(toks) if t != _SPACE or (i and toks[i - 1] != _SPACE)]
    while kept and kept[-1] == _SPACE:
        kept.pop()
    return kept[1:] if kept and kept[0] == _SPACE else kept


def join_math(toks: list[Tok]) -> list[Tok]:
    """Join maths spans that touch: `$a$$b$` reads as display maths to people and to TeX."""
    out: list[Tok] = []
    for tok in toks:
        if tok.kind == "math" and out and out[-1].kind == "math":
            tok = Tok("math", out.pop().text + " " + tok.text)
        out.append(tok)
    return out


def join_tokens(toks: list[Tok], emit: Callable[[Tok], str]) -> str:
    """Tokens written back, each as ``emit`` spells it, with the spaces TeX needs between them."""
    out: list[str] = []
    for tok in toks:
        piece = emit(tok)
        if out and ENDS_IN_COMMAND.search(out[-1]):
            # A letter would run into the command's name; TeX would swallow a space.
            out.append(" " if piece[:1].isalpha() else "{}" if piece[:1] == " " else "")
        out.append(piece)
    return unicodedata.normalize("NFC", "".join(out))  # marks freed by dropped braces join up


def plain_piece(tok: Tok) -> str:
    """A token in the plain form: Unicode text, maths as ``$…$``, only a literal ``$`` marked."""
    if tok.kind == "math":
        content = tok.text.strip()
        return "$" + content + "$" if content else ""
    if tok.kind != "char":
        return tok.text
    return "\\$" if tok.text == "$" else tok.text


# Text the tokenizer would hand back unchanged, apart from spacing (most names and titles).
PLAIN = re.compile(r"[A-Za-z0-9 !\"'()*+,\-./:;=?@\[\]`~]*")


def to_unicode(text: str) -> str:
    """Text with TeX accents decoded and braces repaired, specials not escaped."""
    if PLAIN.fullmatch(text):
        return " ".join(text.split())
    return join_tokens(tokenize(text), plain_piece)


# What a reader sees of a command: the character for a letter or symbol, the word for a
# function or logo (``\log``, ``\LaTeX``), nothing for anything else: markup and links (their
# arguments stay), spacing, and an author's private macros, which no reader of the text sees.
_WORDS = frozenset(
    "LaTeX TeX BibTeX log ln lg exp sin cos tan cot sec csc sinh cosh tanh coth arcsin arccos "
    "arctan max min sup inf lim liminf limsup det dim ker deg arg hom gcd Pr".split()
)
_SYMBOL = {name: ch for ch, name in {**GREEK, **MATH_SYMBOLS}.items() if name.isalpha()}
_SYMBOL |= {"to": "→", "ge": "≥", "le": "≤", "ne": "≠", "gets": "←", "epsilon": "ϵ", "sqrt": "√"}
# A control word eats the space after it, a control symbol (\% \&) does not: "80\% and".
_COMMAND = re.compile(r"\\(?:([A-Za-z]+)\*?\s?|([_&%#$~/.:,;!{}-])|(\\))")
_ESCAPED_SPACE = {"~": "~", ",": " ", ";": " ", "!": "", "/": "", "-": "", "{": "", "}": ""}
_SEPARATING = re.compile(r"\}\s*\{|~")
_READABLE = re.compile(r"[^\\{}$~]*")


def to_text(text: str) -> str:
    """The words of TeX-ish ``text`` as a reader sees them, as plain Unicode on one line.

    Accents and special letters decoded (``Koz{\\l}owski`` -> ``Kozłowski``); markup and link
    commands dropped, their arguments kept (``\\emph{x}`` -> ``x``, ``\\url{u}`` -> ``u``);
    Greek and symbol commands as characters (``\\alpha`` -> ``α``, ``\\to`` -> ``→``); other
    commands as their names (``\\log`` -> ``log``); escapes undone (``\\_`` -> ``_``); ``$``,
    braces and ties gone, ``}{`` between two arguments a space.
    """
    if _READABLE.fullmatch(text):
        return " ".join(text.split())
    if "\\" in text:
        text = _COMMAND.sub(_command_text, decode_accents(text))
    text = _SEPARATING.sub(" ", text)
    return " ".join(text.replace("{", "").replace("}", "").replace("$", "").split())


def _command_text(m: re.Match[str]) -> str:
    name, escaped = m[1], m[2]
    if escaped is not None:
        return _ESCAPED_SPACE.get(escaped, escaped)
    if name is None:  # \\, a line break
        return " "
    if name in _WORDS:
        return f" {name} "
    return _SYMBOL.get(name) or SPECIAL_LETTERS.get(name) or " "
