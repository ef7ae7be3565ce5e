"""Write the README's rule table and docs/rules.md from the rule declarations in bibtool/check.

    python scripts/rule_docs.py            # rewrite both
    python scripts/rule_docs.py --check    # exit 1 if either is out of date

tests/lint/test_rules.py fails when either differs from what this writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bibtool.lint.docs import rule_reference, rule_table, with_rule_table  # noqa: E402

README = ROOT / "README.md"
REFERENCE = ROOT / "docs" / "rules.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether they are current")
    args = parser.parse_args()
    readme = README.read_text(encoding="utf-8")
    wanted = {README: with_rule_table(readme, rule_table()), REFERENCE: rule_reference()}
    stale = [p for p, text in wanted.items() if not p.exists() or p.read_text("utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run python scripts/rule_docs.py")
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
