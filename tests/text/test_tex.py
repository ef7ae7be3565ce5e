"""text.tex: TeX read as the words a reader sees."""

from __future__ import annotations

import pytest

from bibtool.text.tex import to_text


@pytest.mark.parametrize(
    ("tex", "words"),
    [
        (r"Theory \& Practice", "Theory & Practice"),  # a control symbol keeps the space after it
        (r"beats 80\% and more", "beats 80% and more"),
        (r"the \emph{big} one", "the big one"),  # a control word eats one
        (r"Koz{\l}owski and", "Kozłowski and"),
        (r"$\alpha$-stable", "α-stable"),
    ],
)
def test_to_text_keeps_the_spaces_tex_prints(tex: str, words: str) -> None:
    assert to_text(tex) == words
