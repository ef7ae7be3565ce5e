"""Merge and duplicate scan on a 10,000-entry file, against bibtexparser's parse and bibtex-tidy.

    python benchmarks/merge.py [--entries 10000] [--new 150] [--repeat 3] [--no-tidy]

Builds the file from the real-world library fixtures/bibs/05 (7,166 entries, Zotero + Better
BibTeX) and every record of fixtures/arxiv/records.jsonl rendered by bibtool, topped up from the
DBLP file 10, and holds ``--new`` records back as the new .bib to merge. Prints, best of
``--repeat`` runs: bibtexparser v2's bare ``parse_string`` of the file, ``bibtool merge`` of the
new entries (read, identify, splice, atomic write), the full duplicate scan (read + identity by
ids and fuzzy titles, blocked, never all pairs), the ratios, peak memory (tracemalloc, in a
separate run, and the process's peak RSS), and ``bibtex-tidy --duplicates`` on the same file
when npm can install it (into a temporary directory).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtexparser.entrypoint import parse_string  # noqa: E402

from bibtool.bibfile import read_bib  # noqa: E402
from bibtool.jobs.merge import merge as merge_files  # noqa: E402
from bibtool.render import render_entry  # noqa: E402
from bibtool.works.dedupe import plan_dedupe  # noqa: E402
from tests.support.helpers import papers_by_id  # noqa: E402

BIBS = ROOT / "fixtures" / "bibs"


def build(entries: int, new: int, out: Path) -> tuple[Path, Path]:
    """The big file and the new entries' file; returns their paths."""
    papers = list(papers_by_id().values())
    held, kept = papers[:new], papers[new:]
    parts = [(BIBS / "05_LARGE_zotero-bbt_unabbreviate-1436-3.bib").read_text(encoding="utf-8")]
    count = len(read_bib(BIBS / "05_LARGE_zotero-bbt_unabbreviate-1436-3.bib").entries)
    for i, paper in enumerate(kept[: max(0, entries - count)]):
        parts.append(render_entry(paper, f"rec{i}"))
    count += min(len(kept), max(0, entries - count))
    dblp = read_bib(BIBS / "10_dblp_neurips2020.bib").entries
    parts += [e.raw for e in dblp[: max(0, entries - count)]]
    big, fresh = out / "refs.bib", out / "new.bib"
    big.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    fresh.write_text("\n\n".join(render_entry(p, f"new{i}") for i, p in enumerate(held)) + "\n")
    return big, fresh


def best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mb(run: Callable[[], object]) -> float:
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def tidy(path: Path, workdir: Path) -> float | None:
    """Seconds for ``bibtex-tidy --duplicates`` on ``path``, or None when npm cannot get it."""
    if shutil.which("npm") is None:
        return None
    prefix = workdir / "npm"
    install = ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "bibtex-tidy"]
    if subprocess.run(install, capture_output=True, check=False).returncode != 0:
        return None
    exe = prefix / "node_modules" / ".bin" / "bibtex-tidy"
    # The file first: --duplicates takes an optional value and would swallow it.
    cmd = [str(exe), str(path), "--duplicates", "--output", str(workdir / "tidy.bib")]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    return seconds if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-tidy", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big, fresh = build(args.entries, args.new, work)
        text = big.read_text(encoding="utf-8")
        target = work / "target.bib"

        def merge() -> None:
            target.write_bytes(big.read_bytes())
            merge_files([fresh], target)

        parse = best(args.repeat, lambda: parse_string(text))
        target.write_bytes(big.read_bytes())
        outcome = merge_files([fresh], target)
        merged = best(args.repeat, merge)
        scan = best(args.repeat, lambda: plan_dedupe(read_bib(big)))
        groups = plan_dedupe(read_bib(big)).groups
        memory = max(peak_mb(merge), peak_mb(lambda: plan_dedupe(read_bib(big))))
        entries = len(read_bib(big).entries)
        print(f"file: {entries} entries, {big.stat().st_size / 2**20:.1f} MB; new: {args.new}")
        print(f"bibtexparser parse_string:        {parse:6.2f} s")
        print(
            f"bibtool merge {args.new} new entries:    {merged:6.2f} s"
            f"  ({merged / parse:.2f}x parse)"
        )
        print(f"  {outcome.summary[0]}")
        print(
            f"bibtool duplicate scan:           {scan:6.2f} s  ({len(groups)} works written twice)"
        )
        print(f"peak memory (tracemalloc):        {memory:6.0f} MB")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process:         {rss:6.0f} MB")
        seconds = None if args.no_tidy else tidy(big, work)
        if seconds is None:
            print("bibtex-tidy --duplicates:         not run (npm or bibtex-tidy unavailable)")
        else:
            print(
                f"bibtex-tidy --duplicates:         {seconds:6.2f} s"
                f"  (bibtool scan {scan / seconds:.2f}x)"
            )


if __name__ == "__main__":
    main()
