"""Independent readers the tests check bibtool's output with: not bibtool's own code.

``split_and`` splits an author field as BibTeX does (at " and ", brace depth 0);
``literal_depths_ok`` counts braces BibTeX's way; ``TEX_SOUP`` draws the TeX that arXiv titles
carry, shuffled.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Fragments of the TeX arXiv titles carry, shuffled: specials, accents, maths, braces, Unicode.
TEX_SOUP = st.lists(
    st.sampled_from(
        [*"aZé $\\{}&%#_^~'-:ßΔβłı\"`<>|()0\u0301\ufffd漢", "\\'", '\\"', "\\c{c}", "$x$"]
        + ["\\alpha", "\\it ", "\\foo", "\\{", "\\}", "\\\\", "GPT", "{\\L}", "\\bar{D}"]
    ),
    max_size=30,
).map("".join)


def literal_depths_ok(s: str) -> bool:
    """Braces balance when counted BibTeX's way: literally, ignoring backslashes."""
    depth = 0
    for c in s:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            return False
    return depth == 0


def split_and(field: str) -> list[str]:
    """Split an author field on ` and ` at brace depth 0, as BibTeX does."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(field):
        c = field[i]
        depth += (c == "{") - (c == "}")
        if depth == 0 and field.startswith(" and ", i):
            names.append(field[start:i])
            start = i = i + 5
            continue
        i += 1
    return [*names, field[start:]]
