"""dedupe (and bibtex-tidy) on the real-world corpus, scored against the folds judged by hand.

    python benchmarks/corpus.py [--tidy]

Reads every .bib of fixtures/bibs (and ../shared/bibs when present), plans bibtool's dedupe and
scores each fold with fixtures/bibs/judged-folds.tsv: right (the same work), wrong (different
works), borderline (files that write one work several ways on purpose), unjudged (a pair nobody
read: tests/works/test_corpus_folds.py fails on it). Duplicates found / missed count the pairs
judged the same work. ``--tidy`` runs ``bibtex-tidy --duplicates`` (npm, into a temporary
directory) on the same files and scores its merges the same way. Prints one row per file, the
totals, and whether each file has a blocking problem (bibtool refuses to write it).
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.bibfile import read_bib  # noqa: E402
from bibtool.works.dedupe import plan_dedupe  # noqa: E402

FIXTURES = ROOT / "fixtures" / "bibs"
SHARED = ROOT.parent / "shared" / "bibs"
_TIDY_PAIR = re.compile(r"Entry (\S*) has similar content to entry (\S*)\.")


def corpus() -> list[Path]:
    paths = sorted(FIXTURES.glob("*.bib")) + sorted((FIXTURES / "real").glob("*.bib"))
    names = {p.name for p in paths}
    if SHARED.is_dir():
        paths += sorted(p for p in SHARED.glob("*.bib") if p.name not in names)
    return paths


def judged() -> dict[str, dict[frozenset[str], str]]:
    """file -> {pair of keys: verdict}."""
    out: dict[str, dict[frozenset[str], str]] = defaultdict(dict)
    with (FIXTURES / "judged-folds.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            out[row["file"]][frozenset((row["key_a"], row["key_b"]))] = row["verdict"]
    return out


def tidy_pairs(path: Path, exe: Path, work: Path) -> list[frozenset[str]]:
    cmd = [str(exe), str(path), "--duplicates", "--output", str(work / "out.bib")]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    return [frozenset(p) for p in _TIDY_PAIR.findall(done.stdout + done.stderr)]


def install_tidy(work: Path) -> Path | None:
    if shutil.which("npm") is None:
        return None
    install = ["npm", "install", "--prefix", str(work), "--no-audit", "--no-fund", "bibtex-tidy"]
    if subprocess.run(install, capture_output=True, check=False).returncode != 0:
        return None
    exe = work / "node_modules" / ".bin" / "bibtex-tidy"
    return exe if exe.exists() else None


def score(pairs: list[frozenset[str]], verdicts: dict[frozenset[str], str]) -> Counter[str]:
    """How many of ``pairs`` were judged the same work, different works, borderline, or not."""
    return Counter(verdicts.get(p, "unjudged") for p in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tidy", action="store_true", help="score bibtex-tidy --duplicates too")
    args = parser.parse_args()
    verdicts = judged()
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        exe = install_tidy(Path(tmp)) if args.tidy else None
        head = f"{'file':46} {'entries':>7}  bibtool r/w/b  found/missed"
        print(head + ("  tidy r/w/b/unjudged  found/missed" if exe else "") + "  refused")
        for path in corpus():
            doc = read_bib(path)
            mine = verdicts.get(path.name, {})
            plan = plan_dedupe(doc)
            got = score(plan.folded_pairs(), mine)
            same = [p for p, v in mine.items() if v == "same"]
            found = sum(plan.together(min(p), max(p)) for p in same)  # {k}: a key twice
            row = f"{path.name[:46]:46} {len(doc.entries):7}  "
            row += f"{got['same']:>4}/{got['different']}/{got['borderline']:<4} "
            row += f"{found:>5}/{len(same) - found:<6}"
            totals.update({"right": got["same"], "wrong": got["different"] + got["unjudged"]})
            totals.update({"borderline": got["borderline"], "found": found})
            totals.update({"missed": len(same) - found, "refused": bool(doc.blocking)})
            if exe:
                theirs = tidy_pairs(path, exe, Path(tmp))
                t = score(theirs, mine)
                t_found = sum(p in theirs for p in same)
                row += f"  {t['same']:>4}/{t['different']}/{t['borderline']}/{t['unjudged']:<5}"
                row += f" {t_found:>5}/{len(same) - t_found:<6}"
                totals.update({f"tidy {k}": v for k, v in t.items()})
                totals.update({"tidy found": t_found, "tidy missed": len(same) - t_found})
            print(row + ("  refused" if doc.blocking else ""))
    print(dict(sorted(totals.items())))


if __name__ == "__main__":
    main()
