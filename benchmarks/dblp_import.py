"""``bibtool store import dblp.xml.gz`` at size: time, records a second, memory, store size.

The real dump (https://dblp.org/xml/) holds millions of records and cannot be fetched here. The
dump written is the real DBLP records of fixtures/venues/dblp-*.bib in the dump's layout
(tests/support/dblp_records.py), repeated (``--copies``) with each copy's keys, titles and DOIs
made distinct: generated padding, for size only. Peak memory is read every 15 s, so a reader
that holds what it has read shows as growth.

    python benchmarks/dblp_import.py [--copies 1000]
"""

from __future__ import annotations

import argparse
import gzip
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bibtool.jobs.session import Settings  # noqa: E402
from bibtool.jobs.store import store_import  # noqa: E402
from tests.support.dblp_records import VENUES, dblp_xml, load_dblp_bib  # noqa: E402

_RECORD = re.compile(rb"<(article|inproceedings|proceedings|incollection) .*?</\1>\n", re.S)


def padded_dump(path: Path, copies: int) -> int:
    """The fixture's records ``copies`` times into ``path`` (gzipped), each copy's keys ending
    ``/padN``, titles beginning ``PadN`` and DOIs ending ``.padN``; returns how many."""
    real = dblp_xml(load_dblp_bib() + load_dblp_bib(VENUES / "dblp-acl.bib"))
    records = [m[0] for m in _RECORD.finditer(real)]
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(real[: real.index(b"<dblp>") + 7])
        for copy in range(copies):
            tag = b"pad%d" % copy
            for record in records:
                record = re.sub(rb'key="([^"]+)"', rb'key="\1/' + tag + b'"', record, count=1)
                record = re.sub(rb"<crossref>([^<]+)</crossref>", rb"<crossref>\1/" + tag
                                + b"</crossref>", record)  # fmt: skip
                record = record.replace(b"<title>", b"<title>Pad%d " % copy, 1)
                doi = rb"\1." + tag + b"</ee>"
                record = re.sub(rb"(<ee>https://doi.org/[^<]+)</ee>", doi, record)
                out.write(record)
        out.write(b"</dblp>\n")
    return copies * len(records)


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=1000, help="copies of the fixture's records")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "dblp.xml.gz"
        total = padded_dump(dump, args.copies)
        print(f"dump: {total:,} records, {dump.stat().st_size / 2**20:.1f} MiB gzip-compressed")
        base, began, peaks = _peak(), time.perf_counter(), []
        done = threading.Event()

        def sample() -> None:  # peak memory growth every 15 s: a reader holding records grows
            while not done.wait(15):
                peaks.append(f"{time.perf_counter() - began:.0f} s: {_peak() - base:.0f}")

        threading.Thread(target=sample, daemon=True).start()
        result = store_import(dump, settings=Settings(cache_dir=Path(tmp) / "cache"))
        took = time.perf_counter() - began
        done.set()
        size = sum(p.stat().st_size for p in (Path(tmp) / "cache").iterdir()) / 2**20
        print(f"imported {result.imported:,} records in {took:.1f} s "
              f"({result.imported / took:,.0f} records/s); store {size:.0f} MiB; "
              f"peak memory growth {_peak() - base:.0f} MiB")  # fmt: skip
        print(f"peak memory growth (MiB) as it went: {'; '.join(peaks)}")


if __name__ == "__main__":
    main()
