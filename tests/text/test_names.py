"""text.names: one home for particles, suffixes, et al. and surnames, as every stage reads them."""

from __future__ import annotations

import pytest

from bibtool.listing.authors import read_authors
from bibtool.render import format_name
from bibtool.text.names import is_et_al, is_suffix, surname, without_et_al


@pytest.mark.parametrize(
    ("token", "suffix"),
    [("Jr.", True), ("jr", True), ("Sr.", True), ("sr", True), ("III", True), ("IV", True)]
    + [("Iv", False), ("iii", False), ("Junior", False), ("II.", False)],
)
def test_one_suffix_rule(token: str, suffix: bool) -> None:
    assert is_suffix(token) is suffix


def test_a_suffix_is_read_alike_by_the_writer_and_the_listing_reader() -> None:
    # "sr" was a suffix for the listing reader and a surname for the BibTeX writer.
    assert format_name("John Smith sr") == format_name("John Smith Sr.").replace("Sr.", "sr")
    assert format_name("John Smith sr") == "Smith, sr, John"


def test_particles_of_every_language_open_a_surname_for_every_reader() -> None:
    # The listing reader knew neither "vom" nor "degli" nor "zur": this was no author list.
    found = read_authors("Hans vom Brocke, Carlo degli Esposti and A. Smith")
    assert found is not None and found.names == (
        "Hans vom Brocke",
        "Carlo degli Esposti",
        "A. Smith",
    )
    assert surname("Rafael de los Santos") == "Santos"  # the writer knew no "los"
    assert format_name("Rafael de los Santos") == "de los Santos, Rafael"


def test_et_al_marks_and_names_that_end_in_one() -> None:
    assert all(is_et_al(n) for n in ("others", "{others}", "et al.", "Et Al", "etc."))
    assert not is_et_al("A. Abulencia et al.") and not is_et_al("Otherson, Al")
    assert without_et_al("A. Abulencia et al.") == "A. Abulencia"
    assert without_et_al("Etal, Anna") is None
