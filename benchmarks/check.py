"""How long ``bibtool check`` takes on a 10,000-entry file, offline (the target is under 2 s).

    python benchmarks/check.py [--entries 10000] [--repeat 3] [--one-author] [--select BIB003]

The file is real-world BibTeX: the Zotero library (file 05, 7,166 entries), then Beebe's
hand-maintained TUGboat bibliography (file 02, with its @string macros), then DBLP entries
(file 10) until the count is reached. Prints the parse and rule times, the peak memory of the
process and the findings. ``--one-author`` gives every entry the same first author (Smith, John,
the others kept): the duplicate scan's worst case, every entry in one author block (issue 16).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.bibfile import parse_bib, read_bib  # noqa: E402
from bibtool.bibfile.fields import add_fields, set_field_value  # noqa: E402
from bibtool.bibfile.values import split_names  # noqa: E402
from bibtool.config import CheckConfig  # noqa: E402
from bibtool.jobs.check import options_for  # noqa: E402
from bibtool.lint import check_document  # noqa: E402

BIBS = ROOT / "fixtures" / "bibs"
SOURCES = (
    "05_LARGE_zotero-bbt_unabbreviate-1436-3.bib",
    "02_handmaintained_tugboat.bib",
    "10_dblp_neurips2020.bib",
)


def build(entries: int) -> bytes:
    """Whole files while they fit, then single entries of the next one, to ``entries`` exactly."""
    parts: list[bytes] = []
    count = 0
    for name in SOURCES:
        data = (BIBS / name).read_bytes()
        doc = parse_bib(data, name=name)
        if count + len(doc.entries) <= entries:
            parts.append(data)
            count += len(doc.entries)
            continue
        parts += [data[e.span[0] : e.span[1]] + b"\n" for e in doc.entries[: entries - count]]
        count = entries
        break
    return b"\n".join(parts)


def one_author(data: bytes) -> bytes:
    """The file with "Smith, John" as every entry's first author (the other authors kept)."""
    doc = parse_bib(data, name="big.bib")
    out, done = [], 0
    for entry in doc.entries:
        names = split_names(entry.fields.get("author", "{}"))[1:]
        value = "{" + " and ".join(["Smith, John", *names]) + "}"
        if "author" in entry.fields:
            raw = set_field_value(entry.raw, "author", value)
        else:
            raw = add_fields(entry.raw, [("author", value)])
        start, end = entry.span
        out += [data[done:start], raw.encode("utf-8")]
        done = end
    return b"".join([*out, data[done:]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one-author", action="store_true", help="one first author for all")
    parser.add_argument("--select", nargs="*", default=(), help="rule codes (default: all)")
    args = parser.parse_args()
    options = options_for(CheckConfig(select=tuple(args.select) or None), online=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.bib"
        data = build(args.entries)
        path.write_bytes(one_author(data) if args.one_author else data)
        runs = []
        for _ in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            doc = read_bib(path)
            parsed = time.perf_counter()
            findings = check_document(doc, options)
            done = time.perf_counter()
            runs.append((done - start, parsed - start, done - parsed, time.process_time() - cpu))
        size = path.stat().st_size
    total, parse, rules, cpu = min(runs)
    print(f"entries: {len(doc.entries)}  size: {size / 1e6:.1f} MB  (best of {args.repeat})")
    print(f"check: {total:.2f} s  (parse {parse:.2f} s, rules {rules:.2f} s)  target < 2 s")
    print(f"cpu time of the process: {cpu:.2f} s (what the wall time is on an idle machine)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")
    print(f"findings: {len(findings)}  {dict(sorted(Counter(f.code for f in findings).items()))}")


if __name__ == "__main__":
    main()
