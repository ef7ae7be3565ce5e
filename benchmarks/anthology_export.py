"""The cost of the Anthology's whole export, downloaded once by ``update --published`` for a
file of many NLP preprints (``jobs.venues.EXPORT_AT``): download, read and store, and what a
lookup costs afterwards.

The real ``anthology.bib.gz`` holds about 100,000 papers and cannot be fetched here. The export
served is the real Anthology records of fixtures/venues/acl-records.bib, repeated (``--copies``)
with each copy's identifiers and titles made distinct: generated padding, for size only. It is
served by the loopback Anthology (tests/support/anthology_server.py) and read by
``VenueFinder._read_export`` into a fresh store, as ``update`` does.

    python benchmarks/anthology_export.py [--copies 320]
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bibtool.jobs.anthology_bib import EXPORT_QUERY, read_anthology_bib  # noqa: E402
from bibtool.jobs.venues import VenueFinder  # noqa: E402
from bibtool.store import Store  # noqa: E402
from bibtool.venues.anthology import AnthologyClient  # noqa: E402
from tests.support.anthology_server import (  # noqa: E402
    RECORDS,
    AnthologyServer,
    anthology_entries,
)

_URL = re.compile(r'url = "[^"]+"')
_DOI = re.compile(r'\n\s*doi = "[^"]+",?')
_TITLE = re.compile(r'title = "')


def padded_export(copies: int) -> bytes:
    """The fixture's records ``copies`` times, each copy's records under identifiers of their
    own (``2099.padN-main.M``, no DOI) and titles beginning ``PadN``; gzip-compressed."""
    texts = list(anthology_entries().values())
    packed = io.BytesIO()
    n = 0
    with gzip.GzipFile(fileobj=packed, mode="wb") as out:
        for copy in range(copies):
            for text in texts:
                n += 1
                text = _URL.sub(f'url = "https://aclanthology.org/2099.pad{copy}-main.{n}"', text)
                text = _TITLE.sub(f'title = "Pad{copy} ', _DOI.sub("", text), count=1)
                out.write(text.encode() + b"\n")
    return packed.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=320, help="copies of the 326 records")
    args = parser.parse_args()
    body = padded_export(args.copies)
    records = args.copies * len(anthology_entries())
    print(f"export: {records:,} records, {len(body) / 2**20:.1f} MiB gzip-compressed")
    with (
        AnthologyServer({}, export=body) as server,
        tempfile.TemporaryDirectory() as tmp,
        Store.in_dir(Path(tmp)) as store,
    ):
        finder = VenueFinder(store, anthology=AnthologyClient(base_url=server.url, delay=0))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        began = time.perf_counter()
        finder._read_export()
        took = time.perf_counter() - began
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        if finder.export_failure or store.get_query(EXPORT_QUERY) is None:
            raise SystemExit(f"the export was not read: {finder.export_failure}")
        print(f"downloaded, read and stored in {took:.1f} s ({records / took:,.0f} records/s); "
              f"peak memory grew {grown:.0f} MiB; store holds {store.venue_count():,}")  # fmt: skip
        began = time.perf_counter()
        fixture = list(read_anthology_bib(RECORDS))
        for record in fixture:
            surname = record.authors[0].split()[-1] if record.authors else ""
            store.venue_candidates(f"Pad7 {record.title}", surname)
        each = (time.perf_counter() - began) / len(fixture) * 1000
        print(f"a store lookup afterwards: {each:.2f} ms ({len(fixture)} titles)")


if __name__ == "__main__":
    main()
