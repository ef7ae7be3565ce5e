"""Title protection and LaTeX escaping: tables from real arXiv titles, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text

from bibtool.render.latex import escape_latex, render_tokens
from bibtool.render.titles import protect_title
from bibtool.text.tex import to_unicode, tokenize
from tests.support.oracles import TEX_SOUP, literal_depths_ok


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("GPT-4o System Card", "{GPT}-4o System Card"),
        (
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "{LoRA}: Low-Rank Adaptation of Large Language Models",
        ),
        (
            "Textbooks Are All You Need II: phi-1.5 technical report",
            "Textbooks Are All You Need {II}: phi-1.5 technical report",
        ),
        ("CLIP models", "{CLIP} models"),
        ("White-Box Transformers via ReduNet", "White-Box Transformers via {ReduNet}"),
        ("Provable guarantees by HaoChen", "Provable guarantees by {HaoChen}"),
        ("iPhone apps", "{iPhone} apps"),
        ("Exploring T5 and GSM8k", "Exploring {T5} and {GSM8k}"),
        ("Part A of the proof", "Part {A} of the proof"),
        ("A Survey of Large Language Models", "A Survey of Large Language Models"),
        ("X-ray imaging", "X-ray imaging"),
        ("Soft X-ray imaging", "Soft {X}-ray imaging"),
        # Maths: never braced inside; braced whole only when BibTeX would lower-case it.
        ("Bounds in $\\ell_2$ norm", "Bounds in $\\ell_2$ norm"),
        ("From dyadic $\\Lambda_{\\alpha}$", "From dyadic {$\\Lambda_{\\alpha}$}"),
        ("a tetragonal CeAg$_2$Ge$_2$ crystal", "a tetragonal {CeAg$_2$Ge$_2$} crystal"),
        ("$p$-adic Limit", "$p$-adic Limit"),
        ("Δ-learning for β-VAE", "{Δ}-learning for β-{VAE}"),
        # Specials are left for escape_latex.
        ("50% & more_stuff #1", "50% & more_stuff #1"),
        # Existing groups are the author's protection; the whole title is never braced twice.
        ("A Note About the {Ki(z)} Functions", "A Note About the {Ki(z)} Functions"),
        ("{GPT-4 Technical Report}", "{GPT-4 Technical Report}"),
        ("GPT", "{GPT}"),
        # TeX accents are decoded, so the capital test sees letters.
        ('Gr\\"obner bases', "Gröbner bases"),
        ("the Painlev\\'e-I equation", "the Painlevé-{I} equation"),
    ],
)
def test_protect_title(title: str, expected: str) -> None:
    assert protect_title(title) == expected


@pytest.mark.parametrize(
    ("text", "ascii_text", "unicode_text"),
    [
        ("50% & more_stuff #1", "50\\% \\& more\\_stuff \\#1", "50\\% \\& more\\_stuff \\#1"),
        ("Costs $5 or more", "Costs \\$5 or more", "Costs \\$5 or more"),
        ("$\\ell_2$ and $x^2$", "$\\ell_2$ and $x^2$", "$\\ell_2$ and $x^2$"),
        ('Schr\\"odinger', 'Schr{\\"o}dinger', "Schrödinger"),
        ("Poincar\\'{e}", "Poincar{\\'e}", "Poincaré"),
        ("Fran\\c{c}ois", "Fran{\\c{c}}ois", "François"),
        ("Łukasz Straße", "{\\L}ukasz Stra{\\ss}e", "Łukasz Straße"),
        ("Bjørn Dí", "Bj{\\o}rn D{\\'\\i}", "Bjørn Dí"),
        ("Jarosław Błasiok", "Jaros{\\l}aw B{\\l}asiok", "Jarosław Błasiok"),
        ("Ǿ Ḉ ễ", "{\\'{\\O}} {\\'{\\c{C}}} {\\~{\\^e}}", "Ǿ Ḉ ễ"),
        ("naïve", 'na{\\"\\i}ve', "naïve"),
        ("β-VAE and Δ", "$\\beta$-VAE and $\\Delta$", "β-VAE and Δ"),
        ("αβ$x$", "$\\alpha \\beta x$", "αβ$x$"),
        ("a – b — “c”", "a -- b --- ``c''", "a – b — “c”"),
        ("ﬁne", "fine", "ﬁne"),
        ("漢字 x", "x", "漢字 x"),  # no ASCII form at all: dropped
        (">80% <5 a|b", "\\textgreater{}80\\% \\textless{}5 a\\textbar{}b", None),
        ("x^2 and y_1", "x\\^{}2 and y\\_1", None),
        # Maths commands typed outside maths become maths.
        ("Z^0 \\to 2\\gamma", "Z\\^{}0 $\\to$ 2$\\gamma$", None),
        ("D-\\bar D mixing", "D-$\\bar D$ mixing", None),
        # Valid text commands are kept; unknown ones are shown, not executed.
        ("the {\\it tritronqu\\'ee} solution", "the {\\it tritronqu{\\'e}e} solution", None),
        ("\\LaTeX{} and \\foo", "\\LaTeX{} and \\textbackslash{}foo", None),
        ("ends with \\", "ends with \\textbackslash{}", None),
        # Unbalanced braces (arXiv 0704.0573): a bare one is dropped, an escaped one shown.
        ("treatment in}$D$ - Dimensions", "treatment in$D$ - Dimensions", None),
        ("a { b", "a b", None),
        ("a \\{ b", "a \\textbraceleft{} b", None),
        ("$\\{x$", "$\\lbrace x$", None),
        ("$\\{x\\}$ {ok}", "$\\{x\\}$ {ok}", None),
        ("$50%$", "$50\\%$", None),
        ("$α$", "$\\alpha$", "$α$"),
        ("line\\\\break", "line break", None),
    ],
)
def test_escape_latex(text: str, ascii_text: str, unicode_text: str | None) -> None:
    assert escape_latex(text, ascii_only=True) == ascii_text
    if unicode_text is not None:
        assert escape_latex(text, ascii_only=False) == unicode_text


def test_to_unicode_decodes_tex_accents() -> None:
    text = "Mei{\\ss}ner Sz\\'alas-Motesiczky Juzeli\\=unas Vardarl{\\i}"
    assert to_unicode(text) == "Meißner Szálas-Motesiczky Juzeliūnas Vardarlı"


@given(TEX_SOUP)
def test_escaped_text_is_safe(text: str) -> None:
    for ascii_only in (True, False):
        out = escape_latex(text, ascii_only=ascii_only)
        assert literal_depths_ok(out)
        assert not out.endswith("\\")
        assert out.isascii() or not ascii_only


@given(TEX_SOUP)
def test_escape_is_idempotent(text: str) -> None:
    once = escape_latex(text, ascii_only=True)
    assert escape_latex(once, ascii_only=True) == once


@given(TEX_SOUP)
def test_protect_is_idempotent_and_balanced(text: str) -> None:
    once = protect_title(text)
    assert protect_title(once) == once
    assert literal_depths_ok(escape_latex(once, ascii_only=True))


# Latin-1 letters, digits and spaces, without the few that only have a lossy ASCII form
# (thorn and eth need T1 fonts, so they are transliterated).
LATIN1 = st.characters(
    codec="latin-1", categories=["L", "N", "Zs"], exclude_characters="ªºµ¹²³¼½¾ÞþÐð"
)


@given(st.text(LATIN1, max_size=30))
def test_ascii_escape_reads_back_as_the_text(text: str) -> None:
    """An independent LaTeX reader (pylatexenc) gets the original letters back."""
    escaped = escape_latex(text, ascii_only=True)
    back = LatexNodes2Text().latex_to_text(escaped)
    assert " ".join(back.split()) == " ".join(text.replace("\xa0", " ").split())


@given(st.from_regex(r"[A-Za-z0-9 !\"'()*+,\-./:;=?@\[\]`~]*", fullmatch=True))
def test_plain_text_shortcut_agrees_with_the_tokenizer(text: str) -> None:
    for ascii_only in (True, False, None):
        slow = render_tokens(tokenize(text), ascii_only)
        fast = to_unicode(text) if ascii_only is None else escape_latex(text, ascii_only=ascii_only)
        assert fast == slow
