"""How long ``bibtool check`` takes on a 10,000-entry file, offline (the target is under 2 s).

    python benchmarks/check.py [--entries 10000] [--repeat 3]

The file is real-world BibTeX: the Zotero library (file 05, 7,166 entries), then Beebe's
hand-maintained TUGboat bibliography (file 02, with its @string macros), then DBLP entries
(file 10) until the count is reached. Prints the parse and rule times and the findings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.bibfile import parse_bib, read_bib  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    options = options_for(CheckConfig(), online=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.bib"
        path.write_bytes(build(args.entries))
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
    print(f"findings: {len(findings)}  {dict(sorted(Counter(f.code for f in findings).items()))}")


if __name__ == "__main__":
    main()
