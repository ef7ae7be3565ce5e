"""Tests for bibtool.bibfile: lossless reading, problems as data, splicing, atomic writes."""

from __future__ import annotations

import codecs
import itertools
import os
import re
import stat
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibtool.bibfile import (
    append_entries,
    bib_lock,
    parse_bib,
    read_bib,
    replace_entry,
    write_atomic,
)
from bibtool.bibfile.grammar import plain_field, walked_problem
from bibtool.bibfile.parse import read_blocks
from bibtool.errors import BibFileError, InputError
from tests.support.bibs import corpus, fixture, parsed, shared

NEW_ENTRY = """@misc{bibtooltest2021,
  title = {Statistically Meaningful Approximation},
  author = {Wei, Colin and Chen, Yining and Ma, Tengyu},
  year = {2021},
  eprint = {2107.13163},
  archiveprefix = {arXiv},
}"""

# Files bibtool must refuse to write, with the line of the first blocking problem.
BROKEN = {
    "03_ads-broken_astropy-v5-paper-refs.bib": 1877,
    "13_missing-comma_value-profiles-custom.bib": 660,
    # "Thi\{'ebaux": \{ opens a brace for BibTeX and biber, which report the file broken too.
    "19_user-library_discarded-873.bib": 6523,
    "typst_incorrect_syntax.bib": 11,
    "missing-comma.bib": 9,
    "unclosed.bib": 2,
}


@pytest.mark.parametrize("path", corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_entries_point_at_their_exact_bytes(path: Path) -> None:
    doc = parsed(path)
    assert doc.entries or "string-only" in path.name  # IEEEabrv.bib holds only @string macros
    line, counted = 1, 0
    for entry in doc.entries:
        start, end = entry.span
        assert doc.data[start:end].decode(doc.encoding) == entry.raw
        line += doc.data.count(b"\n", counted, start)
        counted = start
        assert entry.start_line == line


@pytest.mark.parametrize("path", corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_plain_entries_read_as_bibtexparser_reads_them(path: Path) -> None:
    doc = parsed(path)
    offset = 3 if doc.bom else 0
    reference = read_blocks(doc.text, doc.encoding, offset, plain=False)
    assert read_blocks(doc.text, doc.encoding, offset) == reference


# Pieces of entries, whole plain entries, and the characters bibtexparser's splitter and BibTeX's
# grammar care about, so that random texts put each in every place.
_PIECES = (
    "@misc{k,",
    "\n@Article{k2, title = {A {B} c}, year = 2020}",
    '\n@book{k3,\n  author = "A and {B}",\n  note = "x" # jan # {y},\n}',
    '\n@misc{k4, title = "{\\"o} \\\\" z"}',
    "@string{s = {v}}",
    "@comment{",
    "@preamble{",
    "\n@misc(p, title = {T})",
    "@x{",
    "@ ",
    "title = {t}",
    'note = "q"',
    "year = 2020,",
    "title = {t}, title = {u}",
    "{",
    "}",
    '"',
    ",",
    "=",
    "#",
    "%",
    "\\",
    "\\{",
    '\\"',
    "(",
    ")",
    "a",
    " ",
    "\n",
    "\r\n",
    "\\\n",
    "\n  ",
    "\n% ",
)


def _numbered(text: str) -> str:
    """Each ``@type`` made unique: bibtool finds a block split by bibtexparser by searching for its
    text, so an entry written out again inside an earlier broken block may be found there."""
    count = itertools.count()
    return re.sub(r"@\w*", lambda m: f"{m[0]}{next(count)}", text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join).map(_numbered))
def test_any_text_reads_as_bibtexparser_reads_it(text: str) -> None:
    try:
        reference = read_blocks(text, plain=False)
    except BibFileError as exc:
        with pytest.raises(BibFileError, match=re.escape(str(exc))):
            read_blocks(text)
        return
    assert read_blocks(text) == reference


def test_values_stay_raw_and_macros_unexpanded() -> None:
    doc = fixture("02_handmaintained_tugboat.bib")
    entry = doc.find("Knuth:TB7-2-95")[0]
    assert entry.fields["journal"] == "j-TUGboat"
    assert entry.fields["month"] == "jun"
    assert entry.fields["author"] == '"Donald Knuth"'
    assert entry.fields["acknowledgement"] == 'ack-bnb # " and " # ack-nhfb'


def test_start_line_is_one_based_with_crlf_bom_and_backslash_newline() -> None:
    text = "@misc{a,\n title={x}}\n\n@misc{b,\n  t = {y}}\n"
    lf = parse_bib(text, name="lf.bib")
    crlf = parse_bib(text.replace("\n", "\r\n"), name="crlf.bib")
    bom = parse_bib(codecs.BOM_UTF8 + ("\n" + text).encode(), name="bom.bib")
    assert [e.start_line for e in lf.entries] == [1, 4]
    assert [e.start_line for e in crlf.entries] == [1, 4]
    assert [e.start_line for e in bom.entries] == [2, 5]
    assert crlf.entries[0].raw == "@misc{a,\r\n title={x}}"
    # bibtexparser counts one line too few after a backslash-newline; bibtool counts itself.
    doc = fixture("backslash-newline.bib")
    assert [(e.key, e.start_line) for e in doc.entries] == [("first", 2), ("second", 7)]
    assert fixture("02_handmaintained_tugboat.bib").find("Hornbach:TB7-2-99")[0].start_line == 7777


def test_encoding_newline_and_final_newline_are_detected() -> None:
    crlf = fixture("12_crlf-dups_rebiber-example-input.bib")
    assert (crlf.newline, crlf.ends_with_newline, crlf.bom) == ("\r\n", False, False)
    bom = fixture("15_bom_web-of-science-export.bib")
    assert (bom.encoding, bom.bom, bom.newline) == ("utf-8", True, "\n")
    assert not bom.text.startswith("\ufeff")
    latin = fixture("latin1-crlf.bib")
    assert (latin.encoding, latin.newline, latin.ends_with_newline) == ("latin-1", "\r\n", False)
    assert latin.entries[0].key == "müller1999"


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bib(tmp_path / "nope.bib")
    doc = read_bib(tmp_path / "nope.bib", missing_ok=True)
    assert (doc.exists, doc.on_disk, doc.entries, doc.data) == (False, None, (), b"")


def test_parse_failures_are_not_logged(caplog: pytest.LogCaptureFixture) -> None:
    parse_bib("@misc{a,\n  title = {x}\n  year = 1}\n@misc{b, t = {", name="x.bib")
    assert caplog.records == []


def test_utf16_is_refused() -> None:
    with pytest.raises(BibFileError, match="UTF-16"):
        parse_bib(codecs.BOM_UTF16_LE + "@misc{a,}".encode("utf-16-le"), name="u.bib")


# --- problems --------------------------------------------------------------------------------


def test_missing_comma_is_reported_in_one_sentence() -> None:
    doc = fixture("missing-comma.bib")
    assert [e.key for e in doc.entries] == ["ok2020", "gemma2", "after"]
    with pytest.raises(BibFileError) as err:
        doc.require_clean()
    assert str(err.value) == (
        f"{doc.name}:9: entry 'gemma2' could not be parsed (missing comma?) — not written"
    )


def test_shared_missing_comma_file_13() -> None:
    doc = shared("13_missing-comma_value-profiles-custom.bib")
    with pytest.raises(BibFileError, match=r":660: entry 'gemmateam2024gemma2improvingopen' "):
        append_entries(doc, [NEW_ENTRY])


def test_shared_unclosed_entries_file_03() -> None:
    doc = shared("03_ads-broken_astropy-v5-paper-refs.bib")
    problems = [(p.line, p.kind) for p in doc.blocking]
    assert problems == [(1877, "unclosed"), (1890, "unclosed")]
    with pytest.raises(BibFileError, match=r":1877: entry 'ASDF' never closes .*\(and 1 more\)"):
        doc.require_clean()


def test_unclosed_entry_and_syntax_error_block() -> None:
    unclosed = fixture("unclosed.bib")
    assert [(p.line, p.kind) for p in unclosed.failed] == [(2, "unclosed")]
    assert [e.key for e in unclosed.entries] == ["closed2020"]
    syntax = fixture("typst_incorrect_syntax.bib")
    assert [(p.line, p.kind) for p in syntax.failed] == [(11, "syntax")]
    assert "entry 'conigliocorbalan' could not be parsed" in syntax.failed[0].message


def test_duplicate_and_empty_keys_are_findings_not_blockers() -> None:
    doc = fixture("duplicate-keys.bib")
    assert [(p.line, p.kind) for p in doc.failed] == [
        (7, "duplicate-key"),
        (11, "duplicate-key"),
        (15, "empty-key"),
    ]
    assert doc.keys == {"dup", "Dup", ""}
    doc.require_clean()
    out = append_entries(doc, [NEW_ENTRY])
    assert out.startswith(doc.data)


def test_percent_comments_and_unbalanced_comment_block_do_not_block() -> None:
    doc = fixture("typst_comments.bib")
    assert [(p.line, p.kind) for p in doc.failed] == [(5, "comment"), (37, "commented-entry")]
    assert doc.find("rlang")[0].commented
    entry = doc.find("fischer2022equivalence")[0]
    assert "publisher" in entry.fields  # the "% ..." line before it is not part of the name
    doc.require_clean()


def test_comment_block_running_to_the_end_blocks() -> None:
    doc = parse_bib("@misc{a, title={x}}\n\n@comment{never {closed\n", name="c.bib")
    assert [p.kind for p in doc.failed] == ["unclosed"]


@pytest.mark.parametrize(
    ("field", "problem"),
    [
        ("title = {A} {B},", "missing comma?"),
        ("title = {A}\n  year = 2020,", "missing comma?"),
        ('title = "A {"} B" # x # {y},', None),
        ("title = {A} # ,", "empty value in field 'title'"),
        ("year = 2020 % a comment\n,", None),
        ('title = "5\\% of {"}quotes{"}",', None),
    ],
)
def test_value_grammar(field: str, problem: str | None) -> None:
    doc = parse_bib(f"@misc{{k,\n  {field}\n}}\n", name="v.bib")
    found = [p.message for p in doc.failed]
    assert found == ([f"entry 'k' could not be parsed ({problem})"] if problem else [])


# --- splicing --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", corpus(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_append_keeps_every_original_byte(path: Path) -> None:
    doc = parsed(path)
    if path.name in BROKEN:
        with pytest.raises(BibFileError, match=rf"^{doc.name}:{BROKEN[path.name]}: .* not written"):
            append_entries(doc, [NEW_ENTRY])
        return
    out = append_entries(doc, [NEW_ENTRY])
    assert out.startswith(doc.data)
    tail = out[len(doc.data) :].decode(doc.encoding)
    nl = doc.newline
    # Just enough line breaks to end the last line and leave one blank line (none if empty).
    breaks = doc.text[len(doc.text.rstrip()) :].count("\n")
    assert tail == nl * max(0, 2 - breaks) + NEW_ENTRY.replace("\n", nl) + nl
    again = parse_bib(out, name=doc.name)
    assert [e.key for e in again.entries] == [e.key for e in doc.entries] + ["bibtooltest2021"]
    assert again.failed == doc.failed


def test_crlf_bom_and_latin1_files_keep_their_form() -> None:
    crlf = append_entries(fixture("12_crlf-dups_rebiber-example-input.bib"), [NEW_ENTRY])
    assert crlf.count(b"\n") == crlf.count(b"\r\n")
    bom = append_entries(fixture("15_bom_web-of-science-export.bib"), [NEW_ENTRY])
    assert bom.startswith(codecs.BOM_UTF8) and bom.count(codecs.BOM_UTF8) == 1
    latin = fixture("latin1-crlf.bib")
    out = append_entries(latin, [NEW_ENTRY.replace("Wei, Colin", "Gödel, Kurt")])
    assert out.startswith(latin.data + b"\r\n\r\n@misc")
    assert "Gödel".encode("latin-1") in out and b"\n" not in out.replace(b"\r\n", b"")
    with pytest.raises(BibFileError, match="not UTF-8 .* cannot hold 'ń'"):
        append_entries(latin, [NEW_ENTRY.replace("Wei, Colin", "Rogozińska, Dominika")])


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("", "E\n"),
        ("@misc{a,}", "@misc{a,}\n\nE\n"),
        ("@misc{a,}\n", "@misc{a,}\n\nE\n"),
        ("@misc{a,}\n\n", "@misc{a,}\n\nE\n"),
        ("@misc{a,}\n  \n\n", "@misc{a,}\n  \n\nE\n"),
        ("% only a comment", "% only a comment\n\nE\n"),
        ("\n", "\nE\n"),
    ],
)
def test_one_blank_line_before_new_entries(original: str, expected: str) -> None:
    entry = "@misc{new,\n  title = {T},\n}"
    out = append_entries(parse_bib(original, name="x.bib"), [entry]).decode()
    assert out == expected.replace("E", entry)


def test_several_entries_and_successive_appends() -> None:
    doc = parse_bib("@misc{a,}\n", name="x.bib")
    out = append_entries(doc, ["@misc{b,}", "\n@misc{c,}  \n\n"])
    assert out == b"@misc{a,}\n\n@misc{b,}\n\n@misc{c,}\n"
    assert append_entries(parse_bib(out, name="x.bib"), ["@misc{d,}"]).endswith(b"}\n\n@misc{d,}\n")
    assert append_entries(doc, []) is doc.data


@pytest.mark.parametrize(
    "text", ["", "not bibtex", "@misc{a,}\n@misc{b,}", "@misc{a, t = {x} {y}}"]
)
def test_new_text_must_be_one_good_entry(text: str) -> None:
    with pytest.raises(ValueError, match="not exactly one well-formed BibTeX entry"):
        append_entries(parse_bib("", name="x.bib"), [text])
    # Checked in one parse with the others, the bad text is still the one named.
    good = ["@misc{a, title={A}}", "@misc{b, title={B}}"]
    with pytest.raises(ValueError, match=re.escape(repr(text[:80]))):
        append_entries(parse_bib("", name="x.bib"), [good[0], text, good[1]])


def test_texts_checked_together_may_repeat_a_key() -> None:
    out = append_entries(parse_bib("", name="x.bib"), ["@misc{a,}", "@misc{a, title={T}}"])
    assert out == b"@misc{a,}\n\n@misc{a, title={T}}\n"


_BRACEY = st.text(alphabet='{}\\"ab #=,%\n', min_size=1, max_size=14)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_BRACEY, _BRACEY.map(lambda v: "{" + v + "}")))
def test_the_fast_value_check_never_accepts_what_the_walk_rejects(value: str) -> None:
    if plain_field("title", value):
        assert walked_problem("title", value) is None


def test_replace_entry_splices_one_span() -> None:
    doc = fixture("12_crlf-dups_rebiber-example-input.bib")
    target = doc.entries[5]
    out = replace_entry(doc, target.key, f"@misc{{{target.key},\n  title = {{New}},\n}}")
    start, end = target.span
    assert out.startswith(doc.data[:start]) and out.endswith(doc.data[end:])
    new = f"@misc{{{target.key},\r\n  title = {{New}},\r\n}}".encode()
    assert out == doc.data[:start] + new + doc.data[end:]
    assert parse_bib(out, name="x").find(target.key)[0].fields == {"title": "{New}"}


def test_replace_entry_in_bom_file_and_refusals() -> None:
    doc = fixture("15_bom_web-of-science-export.bib")
    key = doc.entries[-1].key
    out = replace_entry(doc, key, f"@misc{{{key},\n  title = {{New}},\n}}")
    assert out.startswith(doc.data[: doc.entries[-1].span[0]])
    assert out.endswith(b"@misc{" + key.encode() + b",\n  title = {New},\n}")
    with pytest.raises(KeyError):
        replace_entry(doc, "missing", NEW_ENTRY)
    with pytest.raises(BibFileError, match="key 'dup' is used 2 times"):
        replace_entry(fixture("duplicate-keys.bib"), "dup", "@misc{dup,}")
    with pytest.raises(BibFileError, match="not written"):
        replace_entry(fixture("missing-comma.bib"), "ok2020", "@misc{ok2020,}")


# --- atomic writing --------------------------------------------------------------------------


def test_write_new_file_and_refuse_stale_expectations(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    assert write_atomic(path, b"one\n", expected=None)
    assert path.read_bytes() == b"one\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    with pytest.raises(BibFileError, match="appeared on disk since it was read"):
        write_atomic(path, b"two\n", expected=None)
    path.write_bytes(b"edited by hand\n")
    with pytest.raises(BibFileError, match="changed or vanished on disk since it was read"):
        write_atomic(path, b"two\n", expected=b"one\n")
    assert path.read_bytes() == b"edited by hand\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".refs.bib.lock", "refs.bib"]


def test_write_keeps_mode_follows_symlink_and_backs_up(tmp_path: Path) -> None:
    real = tmp_path / "sub" / "real.bib"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    real.chmod(0o640)
    link = tmp_path / "refs.bib"
    link.symlink_to(real)
    assert write_atomic(link, b"new\n", expected=b"old\n", backup=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert (real.parent / "real.bib.bak").read_bytes() == b"old\n"
    assert (real.parent / ".real.bib.lock").exists()


def test_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "refs.bib"
    link.symlink_to(tmp_path / "target.bib")
    assert write_atomic(link, b"new\n", expected=read_bib(link, missing_ok=True).on_disk)
    assert link.is_symlink() and (tmp_path / "target.bib").read_bytes() == b"new\n"


def test_unchanged_content_is_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"same\n")
    os.utime(path, (1_000_000, 1_000_000))
    assert not write_atomic(path, b"same\n", expected=b"same\n")
    assert path.stat().st_mtime == 1_000_000


def test_failed_replace_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"old\n")

    def fail(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(BibFileError, match="could not write .*refs.bib: Permission denied"):
        write_atomic(path, b"new\n", expected=b"old\n")
    assert path.read_bytes() == b"old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".refs.bib.lock", "refs.bib"]


def test_lock_excludes_a_second_writer(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(b"old\n")
    done = threading.Event()

    def writer() -> None:
        write_atomic(path, b"new\n", expected=b"old\n")
        done.set()

    with bib_lock(path):
        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(0.3)
        assert not done.is_set() and path.read_bytes() == b"old\n"
        with pytest.raises(BibFileError, match="locked by another bibtool run"):
            write_atomic(path, b"other\n", expected=b"old\n", lock_timeout=0.1)
    thread.join(timeout=5)
    assert done.is_set() and path.read_bytes() == b"new\n"


def test_read_append_write_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes(fixture("14_ml-sample_bibtexupdater.bib").data)
    doc = read_bib(path)
    assert write_atomic(path, append_entries(doc, [NEW_ENTRY]), expected=doc.on_disk)
    again = read_bib(path)
    assert again.data.startswith(doc.data) and "bibtooltest2021" in again.keys
