"""bibfile.values: raw values read as BibTeX reads them, the one reader every command uses."""

from __future__ import annotations

import pytest

from bibtool.bibfile.values import first_name, inner, split_commas, split_names, unwrap
from bibtool.works.enrich import _count


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("{Barnes and Noble} AND Smith, John", ["{Barnes and Noble}", "Smith, John"]),
        ("{{Barnes and Noble} AND Smith, John}", ["{Barnes and Noble}", "Smith, John"]),
        ('"Wei, Colin and\n   Ma, Tengyu"', ["Wei, Colin", "Ma, Tengyu"]),
        ("{Wei, Colin And Ma, Tengyu and others}", ["Wei, Colin", "Ma, Tengyu", "others"]),
        ("{ and Smith}", ["Smith"]),
        ("{Anderson, Sandra and Band, Ada}", ["Anderson, Sandra", "Band, Ada"]),
        ("{Adri\\{à} and Smith}", ["Adri\\{à}", "Smith"]),  # BibTeX counts \{ as a brace
    ],
)
def test_names_split_as_bibtex_splits_them(value: str, names: list[str]) -> None:
    assert split_names(value) == names
    assert first_name(value) == (names[0] if names else "")
    assert _count(value) == len(names)  # merge --update counts them alike


def test_unwrap_only_one_delimited_value() -> None:
    assert unwrap("{A {B} C}") == "A {B} C"
    assert unwrap('"A {"} B"') == 'A {"} B'
    assert unwrap("{A} # {B}") is None and unwrap('"a" # "b"') is None
    assert unwrap("jan") is None and inner("jan") == "jan" and inner(" {x} ") == "x"


def test_commas_outside_braces() -> None:
    assert split_commas("Heath, Jr., Robert W.") == ["Heath", " Jr.", " Robert W."]
    assert split_commas("{Barnes, Noble}, Inc") == ["{Barnes, Noble}", " Inc"]
