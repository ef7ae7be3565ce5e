"""Titles: which words a lower-casing style must leave alone, and a plain form for Zotero and CSL.

BibTeX styles such as plainnat lower-case titles except inside braces, so each word part that
carries meaning in its capitals gets braced, and nothing else: braces also stop kerning and
hyphenation, and a fully braced title cannot be sentence-cased by biblatex styles that want to.
"""

from __future__ import annotations

import re

from bibtool.render.casing import TitleCase
from bibtool.render.latex import latex_char, math_command, render_tokens
from bibtool.text.chars import GREEK, MATH_SYMBOLS, SEPARATORS, TEX_LIGATURES, TEXT_COMMANDS
from bibtool.text.tex import Tok, to_unicode, tokenize

# BibTeX counts `\{` as a brace too, so an escaped pair groups (and protects) like a bare one.
_DEPTH = {"open": 1, "eopen": 1, "close": -1, "eclose": -1}
_SYMBOLIC = frozenset("0123456789_^")
_RELATIONS = frozenset({"<", ">", "=", "/", "\\lt", "\\gt"})
# Dashes written as commands end a word part as `-` does: `Core\textendash{}Shell`.
_DASHES = frozenset({"\\textendash", "\\textemdash"})


def _parts(toks: list[Tok]) -> list[tuple[int, int]]:
    """Token spans of the word parts at brace depth 0 (a braced group is part of its word)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    depth = 0
    for idx, tok in enumerate(toks):
        dash = tok.kind == "cmd" and tok.text in _DASHES
        empty = tok.kind in ("open", "close") and _after_dash(toks, idx)
        if depth == 0 and (dash or empty or (tok.kind == "char" and tok.text in SEPARATORS)):
            if start is not None:
                spans.append((start, idx))
            start = None
            continue
        start = idx if start is None else start
        depth += _DEPTH.get(tok.kind, 0)
    if start is not None:
        spans.append((start, len(toks)))
    return spans


def _after_dash(toks: list[Tok], idx: int) -> bool:
    """Is token ``idx`` the ``{`` or ``}`` of the empty group that ends a dash command?"""
    if toks[idx].kind == "open":
        return (
            idx > 0
            and toks[idx - 1].text in _DASHES
            and idx + 1 < len(toks)
            and (toks[idx + 1].kind == "close")
        )
    return idx > 1 and toks[idx - 1].kind == "open" and toks[idx - 2].text in _DASHES


def _opens_with_command(tok: Tok) -> bool:
    """Will the part starting with ``tok`` be written starting with a backslash? BibTeX reads
    a group opening with a command (``{\\^{}{63}Cu}``) as one special character and lower-cases
    its letters, so such a part needs a second pair of braces."""
    if tok.kind == "cmd":
        return True
    return tok.kind == "char" and latex_char(tok.text, ascii_only=True).startswith("\\")


def _needs_protection(part: list[Tok], *, first: bool) -> bool:
    """Would a lower-casing style change this part in a way its author did not mean?"""
    uppers: list[bool] = []  # per letter, in order
    digit = forced = False
    depth = 0
    for tok in part:
        depth += _DEPTH.get(tok.kind, 0)
        # A number or maths beside a capital makes a symbol: `T5`, `$^{3}$He`, `^{63}Cu`, `N_c`;
        # a relation sign does not (`</Mi{$>$}`, a tag of MathML a title carries as text).
        digit |= tok.kind == "math" and tok.text.strip() not in _RELATIONS
        digit |= tok.kind == "char" and tok.text in _SYMBOLIC
        if depth or tok.kind in _DEPTH:
            continue  # braced already: the author (or we) protected it
        if tok.kind == "char" and tok.text.isalpha():
            uppers.append(tok.text.isupper())
        # BibTeX lower-cases inside `$...$` and command names too (`\Lambda` -> `\lambda`),
        # and a capital Greek letter will be written as such a command.
        forced |= tok.kind in ("math", "cmd") and any(ch.isupper() for ch in tok.text)
        forced |= tok.kind == "char" and tok.text.isupper() and math_command(tok.text) is not None
    if forced or any(uppers[1:]) or (digit and any(uppers)):
        return True
    return uppers == [True] and not first


def protect_title(
    title: str,
    abstract: str | None = None,
    *,
    lower_compounds: frozenset[tuple[str, str]] = frozenset(),
) -> str:
    """Brace the words whose capitals must survive a lower-casing style, and only those.

    Protected: capitals after a word part's first letter (`{GPT}`, `{LoRA}`, `{iPhone}`), a part
    mixing capitals and digits (`{T5}`), maths or commands with capitals (`{$\\Lambda$}`), a
    lone capital letter except as the title's first word or an article (`Part {A}`, but
    `A Survey`, `Learning A Policy`), and the names ``render.casing`` finds (`{Turing}`,
    `{Lipschitz}`, `{Bose}-{Einstein}`, `{Zn}`). Parts are split at spaces, hyphens, slashes and
    punctuation, so `{GPT}-4o` and `Low-Rank` (which needs nothing: a style may write
    "low-rank"). Existing groups are left alone. ``abstract`` is the paper's own (None when
    unknown, as for a user's .bib: then only names that are names everywhere are braced);
    ``lower_compounds`` (``render.casing.letter_compounds`` of the titles around it) the lone
    letters written in lower case before a hyphen, so `N-Type` stays unbraced where `n-type` is.
    The result is plain text; pass it through escape_latex for a field value.
    """
    toks = tokenize(title)
    out = list(toks)
    spans = _parts(toks)
    words = [_part_text(toks[a:b]) for a, b in spans]
    ends = [0, *(b for _, b in spans)][: len(spans)]
    gaps = [_part_text(toks[end:a]) or "" for end, (a, _) in zip(ends, spans, strict=True)]
    case = TitleCase(title, abstract, words, gaps, lower_compounds)
    for n, (a, b) in reversed(list(enumerate(spans))):
        protect = _needs_protection(toks[a:b], first=n == 0)
        if protect and words[n] == "A" and case.is_article(n):
            protect = False
        if protect and case.is_title_case_letter(n):
            protect = False
        grouped = any(tok.kind in _DEPTH for tok in toks[a:b])  # the author's braces decide
        if protect or (n and not grouped and case.is_name(n)):
            twice = 2 if _opens_with_command(toks[a]) else 1
            out[b:b] = [Tok("close", "}")] * twice
            out[a:a] = [Tok("open", "{")] * twice
    return render_tokens(out, None)


def _part_text(part: list[Tok]) -> str | None:
    """The characters of a word part without braces, or None if it holds a command or maths."""
    if any(tok.kind not in _DEPTH and tok.kind != "char" for tok in part):
        return None
    return "".join(tok.text for tok in part if tok.kind == "char")


_UNICODE_MATH = {name: ch for ch, name in (GREEK | MATH_SYMBOLS).items() if name.isalpha()}
_UNICODE_MATH |= {"epsilon": "ϵ", "phi": "ϕ", "to": "→", "le": "≤", "ge": "≥", "ne": "≠"}
_UNICODE_MATH |= {"backslash": "\\", "ell": "ℓ", "infty": "∞", "sim": "∼", "cdot": "·"}
_LIGATURE = re.compile("|".join(map(re.escape, TEX_LIGATURES)))
_TEXT_WORDS = {"ldots": "…", "dots": "…", "textendash": "–", "textemdash": "—", "LaTeX": "LaTeX"}
_TEXT_WORDS |= {"TeX": "TeX", "textbackslash": "\\", "textbraceleft": "{", "textbraceright": "}"}
_MATH_SPAN = re.compile(r"(?<!\\)\$((?:\\.|[^$\\])+)\$")


_PRIVATE_MACRO = re.compile(r"\\backslash\s*\\mathrm\{([A-Za-z]+)\}")


def _math_as_text(m: re.Match[str]) -> str:
    """`$\\alpha$-VAE` -> `α-VAE`: maths of only symbols and letters; the rest kept as TeX."""
    # An author's private macro, which the tokenizer shows as \backslash\mathrm{Bz}, reads Bz.
    content = _PRIVATE_MACRO.sub(r"{\1}", m[1])
    content = re.sub(r"\\(?:mathrm|textrm|mathit|mathbf|mbox|text)\b\s*", "", content)
    names = re.findall(r"\\([A-Za-z]+|.)", content)
    if "^" in content or "_" in content or any(n not in _UNICODE_MATH for n in names):
        return m[0]
    content = re.sub(r"\\([A-Za-z]+)\s*", lambda c: _UNICODE_MATH[c[1]], content)
    return content.replace("{", "").replace("}", "").strip()


def _text_as_text(s: str) -> str:
    s = re.sub(
        r"\\([A-Za-z]+)(?:\{\})?\s?",
        lambda c: _TEXT_WORDS.get(c[1], "" if c[1] in TEXT_COMMANDS else c[0]),
        s,
    )
    return re.sub(r"(?<!\\)[{}]", "", ligatures_as_text(s)).replace("\\$", "$")


def ligatures_as_text(s: str) -> str:
    """TeX's text ligatures as the characters they print: -- and --- dashes, `` and '' quotes."""
    return _LIGATURE.sub(lambda m: TEX_LIGATURES[m[0]], s)


def abstract_text(text: str) -> str:
    """An abstract for CSL-JSON: accents, escapes (``80\\%``) and ligatures as characters
    outside maths; other commands (an author's ``\\url{…}``, ``\\cite{…}``, private macros) and
    maths kept as arXiv has them, as Zotero's own arXiv import keeps the whole abstract."""
    s = to_unicode(text)
    out: list[str] = []
    pos = 0
    for m in _MATH_SPAN.finditer(s):
        out += [ligatures_as_text(s[pos : m.start()]), m[0]]
        pos = m.end()
    out.append(ligatures_as_text(s[pos:]))
    return "".join(out)


def plain_text(text: str) -> str:
    """The text as a reader sees it, in Unicode, for Zotero and CSL-JSON (which know no TeX).

    Accents and symbol maths become characters, formatting commands and protecting braces go,
    and maths that cannot be written as plain characters stays as `$...$` source.
    """
    s = to_unicode(text)
    out: list[str] = []
    pos = 0
    for m in _MATH_SPAN.finditer(s):
        out += [_text_as_text(s[pos : m.start()]), _math_as_text(m)]
        pos = m.end()
    out.append(_text_as_text(s[pos:]))
    return re.sub(r"\s+", " ", "".join(out)).strip()
