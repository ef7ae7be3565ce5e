"""Character tables: TeX accents and letters, text and maths symbols, known commands, escapes.

Data only, shared by the reader (``text.tex``), the folding of ``text.normalise`` and the writer
(``render.latex``).
"""

from __future__ import annotations

# Accents as TeX writes them, and the Unicode combining mark each one stands for.
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}  # fmt: skip
COMBINING_TO_ACCENT = {mark: acc for acc, mark in ACCENTS.items()}
# Letters that are their own commands in LaTeX's default (OT1) encoding.
SPECIAL_LETTERS = {
    "l": "ł", "L": "Ł", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ",
}  # fmt: skip
LETTER_TO_SPECIAL = {ch: name for name, ch in SPECIAL_LETTERS.items()}
# Characters with a text-mode ASCII spelling (quotes and dashes as TeX ligatures).
TEXT_SYMBOLS = {
    "–": "--", "—": "---", "‐": "-", "‑": "-", "‒": "--", "―": "---", "‘": "`", "’": "'",
    "‚": ",", "“": "``", "”": "''", "„": ",,", "«": "``", "»": "''", "…": "\\ldots{}",
    "°": "\\textdegree{}", "€": "\\texteuro{}", "£": "\\pounds{}", "§": "\\S{}",
    "¶": "\\P{}", "©": "\\copyright{}", "®": "\\textregistered{}", "™": "\\texttrademark{}",
    "†": "\\dag{}", "‡": "\\ddag{}", "•": "\\textbullet{}", "¡": "\\textexclamdown{}",
    "¿": "\\textquestiondown{}", "⁄": "/", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th",
    "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ŋ": "ng", "Ŋ": "Ng", "ŀ": "l", "Ŀ": "L",
}  # fmt: skip
# TeX's ligatures of text mode as the characters they print (longest first).
TEX_LIGATURES = {"---": "—", "--": "–", "``": "“", "''": "”"}
# Characters that only exist in maths; the value is the command (without backslash) or letter.
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ϵ": "epsilon", "ε": "varepsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ϖ": "varpi", "ρ": "rho",
    "ϱ": "varrho", "σ": "sigma", "ς": "varsigma", "τ": "tau", "υ": "upsilon", "ϕ": "phi",
    "φ": "varphi", "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta",
    "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon",
    "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
}  # fmt: skip
MATH_SYMBOLS = {
    "×": "times", "÷": "div", "±": "pm", "∓": "mp", "≤": "leq", "≥": "geq", "≠": "neq",
    "≈": "approx", "∼": "sim", "≃": "simeq", "≡": "equiv", "∝": "propto", "∞": "infty",
    "∂": "partial", "∇": "nabla", "ℓ": "ell", "ℏ": "hbar", "′": "prime", "∀": "forall",
    "∃": "exists", "∈": "in", "∉": "notin", "⊂": "subset", "⊆": "subseteq", "∪": "cup",
    "∩": "cap", "⊗": "otimes", "⊕": "oplus", "∑": "sum", "∏": "prod", "∫": "int",
    "→": "rightarrow", "←": "leftarrow", "↔": "leftrightarrow", "⇒": "Rightarrow",
    "⇐": "Leftarrow", "⇔": "Leftrightarrow", "↦": "mapsto", "·": "cdot", "⋅": "cdot",
    "√": "surd", "⟨": "langle", "⟩": "rangle", "∘": "circ", "∗": "ast", "⊥": "perp",
    "∥": "parallel", "∧": "wedge", "∨": "vee", "¬": "neg", "∅": "emptyset", "−": "-",
}  # fmt: skip
# Greek capitals that look Latin have no command of their own.
GREEK_LATIN = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧο", "ABEZHIKMNOPTXo", strict=True))
# Commands that are valid LaTeX in running text; they are kept as written.
TEXT_COMMANDS = frozenset(
    "it em bf rm sc sl sf tt up md textit textbf emph textrm textsc textsl textsf texttt textup "
    "textmd textnormal underline mbox textsuperscript textsubscript ensuremath LaTeX TeX ldots "
    "dots textendash textemdash textquoteleft textquoteright textquotedblleft textquotedblright "
    "S P dag ddag copyright pounds textdegree texteuro textregistered texttrademark textbullet "
    "textexclamdown textquestiondown textasciitilde textasciicircum textbackslash textbar "
    "textless textgreater textbraceleft textbraceright slash nobreakspace".split()
)
# Commands that only work in maths: typed in running text they become a maths span.
MATH_ARGS = {"frac": 2, "dfrac": 2, "tfrac": 2, "binom": 2, "stackrel": 2, "overset": 2}
MATH_ARGS |= dict.fromkeys(
    "sqrt bar hat tilde vec dot ddot breve check acute grave overline underbrace overbrace "
    "widetilde widehat mathrm mathcal mathbb mathbf mathit mathsf mathtt mathfrak boldsymbol "
    "operatorname text".split(),
    1,
)
MATH_CMDS = frozenset(GREEK.values()) | frozenset(MATH_SYMBOLS.values()) | frozenset(MATH_ARGS)
MATH_CMDS |= frozenset(
    "epsilon phi to ge le ne gets iff cdots vdots ddots star ast bullet mid lesssim gtrsim ll gg "
    "longrightarrow longleftarrow uparrow downarrow sin cos tan log ln exp min max lim sup inf "
    "det dim ker deg arg hom Re Im aleph wp imath jmath backslash lbrace rbrace vert Vert "
    "lceil rceil lfloor rfloor dagger".split()
)

# Letters NFKD leaves alone, spelt the way their languages transliterate them.
TRANSLIT = {
    "ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "ȷ": "j", "ħ": "h", "ŋ": "ng", "ŀ": "l", "ĸ": "k", "ŧ": "t",
}  # fmt: skip

ASCII_ESCAPES = {
    "&": "\\&", "%": "\\%", "#": "\\#", "_": "\\_", "$": "\\$", "^": "\\^{}",
    # OT1, still LaTeX's default font encoding, prints these as other glyphs (`>` as `¿`).
    "<": "\\textless{}", ">": "\\textgreater{}", "|": "\\textbar{}",
}  # fmt: skip
MARKS_ABOVE = frozenset("\u0301\u0300\u0302\u0308\u0303\u0304\u0307\u0306\u030c\u030b\u030a")
SEPARATORS = frozenset(' ~-–—/()[]<>,;:!?"`“”‘«»&%#|@')  # characters that end a word part
# Further commands LaTeX itself defines in maths; anything else in `$...$` is an author's macro.
LATEX_MATH = frozenset(
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr over atop "
    "choose quad qquad mathrm mathit mathbf mathsf mathtt mathcal mathnormal displaystyle "
    "textstyle scriptstyle scriptscriptstyle limits nolimits not neq leq geq ll gg prime cdots "
    "ldots vdots ddots hbar ell Re Im sum prod coprod int oint bigcup bigcap bigoplus bigotimes "
    "sqrt frac stackrel overline underline overbrace underbrace widehat widetilde hat bar tilde "
    "vec dot ddot check breve acute grave imath jmath infty nabla partial emptyset forall exists "
    "neg top bot angle triangle backslash prime flat natural sharp clubsuit diamondsuit "
    "heartsuit spadesuit pm mp times div ast star circ bullet cdot cap cup uplus sqcap sqcup vee "
    "wedge setminus wr diamond bigtriangleup bigtriangledown triangleleft triangleright oplus "
    "ominus otimes oslash odot bigcirc dagger ddagger amalg le ge equiv models prec succ sim "
    "perp preceq succeq simeq mid subset supset approx parallel subseteq supseteq cong bowtie "
    "sqsubseteq sqsupseteq neq smile in ni frown vdash dashv propto leftarrow rightarrow "
    "Leftarrow Rightarrow leftrightarrow Leftrightarrow longleftarrow longrightarrow "
    "Longleftarrow Longrightarrow longleftrightarrow Longleftrightarrow mapsto longmapsto "
    "hookleftarrow hookrightarrow uparrow downarrow Uparrow Downarrow updownarrow nearrow "
    "searrow swarrow nwarrow to gets iff lbrace rbrace langle rangle lfloor rfloor lceil rceil "
    "vert Vert arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker "
    "lg lim liminf limsup ln log max min Pr sec sin sinh sup tan tanh bmod pmod aleph wp "
    "mathring textrm mbox hbox rm it bf sf tt cal mit boldmath unboldmath colon ldotp cdotp "
    "varepsilon vartheta varpi varrho varsigma varphi surd prime".split()
)
