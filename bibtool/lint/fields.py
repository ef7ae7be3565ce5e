"""Rules about an entry's content: author lists cut short or malformed, and the fields its type
requires.

Required fields are those of the standard BibTeX entry types (Patashnik, "BibTeXing", 1988);
an alternative such as ``author|editor`` is satisfied by either, and biblatex's names for the
same data (``date``, ``journaltitle``, ``institution``, ``location``) count everywhere, because
a file may be read by both backends. Fields inherited through ``crossref`` count too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from bibtool.bibfile.values import split_commas, split_names
from bibtool.lint.context import Context, Hit
from bibtool.lint.rule import Rule, Severity
from bibtool.text.names import is_et_al, without_et_al

REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "conference": ("author", "title", "booktitle", "year"),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
_ALIASES = {"year": ("date",), "journal": ("journaltitle",), "school": ("institution",)}
_MAY_BE_CUT = re.compile(r"other|al|etc", re.IGNORECASE)


def check_authors(ctx: Context) -> Iterator[Hit]:
    """BIB004: ``and others`` or ``et al.`` in an author or editor list."""
    for entry in ctx.entries:
        for name in ("author", "editor"):
            value = entry.fields.get(name)
            if value is None or not _MAY_BE_CUT.search(value):
                continue  # no word that could cut the list: skip the split
            cut = [n for n in split_names(value) if is_et_al(n) or without_et_al(n) is not None]
            if cut:
                msg = (
                    f"entry '{entry.key}': {name} list ends in '{cut[0]}'; Zotero and biber read "
                    "it as a person, and the full list is on the paper"
                )
                yield ctx.at_field("BIB004", entry, name, msg)


def check_names(ctx: Context) -> Iterator[Hit]:
    """BIB021: names BibTeX cannot split as meant: more than two commas (names separated by
    commas, not ``and``: bibtex warns "Too many commas in name"), an empty part between or
    after commas (``Werneck,, Renato``, ``Potts, Christopher,``), an ``and`` with no name."""
    for entry in ctx.entries:
        for field in ("author", "editor"):
            value = entry.fields.get(field)
            if value is None or not _suspect(value):
                continue  # nearly every list: no stray comma or "and", two commas a name at most
            why = next((w for n in split_names(value) if (w := name_problem(n))), None)
            if why:
                yield ctx.at_field("BIB021", entry, field, f"entry '{entry.key}': {field} {why}")


_ONE_COMMA = re.compile(r"[^,]*[^,\s][^,]*,[^,]*[^,\s][^,]*")  # text on both sides of it


def _suspect(value: str) -> bool:
    """A cheap superset of the lists ``name_problem`` finds something in (braces ignored)."""
    text = " ".join(value.lower().split())
    if ",," in text or ", ," in text or ", and " in text or " and and " in text:
        return True
    bare = text.strip('{}" ')
    if bare.endswith((",", " and")) or bare.startswith(("and ", ",")):
        return True
    return any(piece.count(",") > 2 for piece in text.split(" and "))


def name_problem(name: str) -> str | None:
    """Why BibTeX misreads one name of an author list (``split_names``), or None."""
    words = name.lower().split()
    if words and (words[0] == "and" or words[-1] == "and"):
        return f"'{name}': an 'and' without a name beside it"
    if name.count(",") == 1 and _ONE_COMMA.fullmatch(name):
        return None  # "Last, First": nearly every name of a real file
    parts = split_commas(name)
    if len(parts) > 3:
        return f"'{name}' has {len(parts) - 1} commas: separate names with 'and'"
    if len(parts) > 1 and not parts[-1].strip():
        return f"'{name}' ends in a comma (names separated by commas, or a stray comma?)"
    if len(parts) > 1 and any(not part.strip() for part in parts):
        return f"'{name}' has an empty part between commas (a stray comma?)"
    return None


def check_required(ctx: Context) -> Iterator[Hit]:
    """BIB005: fields the standard entry types require; unknown types are not checked."""
    # An entry a stray \} closed early lacks what follows it: BIB012 says why, once.
    early = {p.line for p in ctx.doc.failed if p.kind == "closed-early"}
    for entry in ctx.entries:
        required = REQUIRED.get(entry.entry_type)
        if not required or entry.start_line + entry.raw.count("\n") in early:
            continue
        fields = ctx.doc.inherited(entry, bibtex=True)
        missing = [alts for alts in required if not _present(alts, fields)]
        if missing:
            names = ", ".join(m.replace("|", " or ") for m in missing)
            msg = f"@{entry.entry_type} '{entry.key}' lacks {names}"
            yield ctx.at_entry("BIB005", entry, msg)


def _present(alternatives: str, fields: Mapping[str, str]) -> bool:
    """Whether one of the fields is there and not empty: a logo macro (``{\\TUG}``) is a title."""
    for name in alternatives.split("|"):
        for candidate in (name, *_ALIASES.get(name, ())):
            value = fields.get(candidate)
            if value is not None and value.replace("{", "").replace("}", "").strip(' "\t\r\n'):
                return True
    return False


RULES = (
    Rule(
        "BIB004", "truncated-authors", Severity.WARNING, check_authors,
        what="an author list cut short",
        why="Zotero and biber read `others` or `et al.` as a person, and a style that prints "
        "every author prints a cut list; the full list is on the paper",
        example="`author = {Brown, Tom and others}`, `… and et al.`",
    ),
    Rule(
        "BIB021", "malformed-name", Severity.WARNING, check_names,
        what="an author or editor list BibTeX splits wrongly: commas between names, a stray "
        "comma, an `and` without a name",
        why="BibTeX splits names at `and` only: `Halle, J. Bresnan, and G. Miller` is one name "
        "with too many commas (bibtex warns), and a stray comma makes an empty first name",
        example="`editor = {M. Halle, J. Bresnan, and G. Miller}`",
    ),
    Rule(
        "BIB005", "missing-field", Severity.WARNING, check_required,
        what="a field the entry type requires is missing",
        why="styles print what is there, so the reference comes out incomplete (and BibTeX "
        "warns on every run)",
        example="`@article` without `journal`",
    ),
)  # fmt: skip
