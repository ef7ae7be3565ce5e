"""What a run tells the user: the JSON report scripts read and the human summary on stderr."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bibtool.model import Listing, Match, MatchStatus

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` safe for a terminal: control characters (ESC, CR, BEL, ...) shown as ``\\xNN``.

    A listing or .bib file from elsewhere could otherwise retitle the window, clear the screen
    or hide a line of bibtool's summary; tabs and newlines stay.
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


@dataclass(frozen=True)
class ReportRow:
    """One report line: a resolved entry or a listing line that could not be read."""

    listing: str
    line: int
    source: str
    status: MatchStatus
    match: Match | None = None
    key: str | None = None
    reason: str = ""


def rows_for(listing: Listing, matches: Sequence[Match], keys: dict[str, str]) -> list[ReportRow]:
    """Report rows for one listing, in line order: its matches and its unread lines."""
    rows = [
        ReportRow(
            listing.name,
            m.entry.line,
            m.entry.source,
            m.status,
            m,
            keys.get(m.paper.arxiv_id) if m.paper and m.status is MatchStatus.MATCHED else None,
            m.reason,
        )
        for m in matches
    ]
    rows += [
        ReportRow(listing.name, u.line, u.text, MatchStatus.UNPARSED, reason=u.reason)
        for u in listing.unread
    ]
    return sorted(rows, key=lambda r: r.line)


def to_json(rows: Sequence[ReportRow], requests: int) -> dict[str, Any]:
    """The ``--report`` document; its field names are a public interface."""
    entries = []
    for row in rows:
        m = row.match
        matched = m is not None and m.status is MatchStatus.MATCHED and m.paper is not None
        entries.append(
            {
                "listing": row.listing,
                "line": row.line,
                "source": row.source,
                "status": row.status.value,
                "arxiv_id": m.paper.arxiv_id if matched and m and m.paper else None,
                "key": row.key,
                "score": m.score if matched and m else None,
                "candidates": [
                    {"arxiv_id": c.paper.arxiv_id, "title": c.paper.title, "score": c.score}
                    for c in (m.candidates if m else ())
                ],
                "query": m.query if m else None,
                "reason": row.reason,
            }
        )
    return {"entries": entries, "requests": requests}


def summary_lines(rows: Sequence[ReportRow], requests: int) -> list[str]:
    """A count line, then one line per entry that was not matched (file:line: status — why)."""
    counts = Counter(r.status for r in rows)
    head = (
        f"matched {counts[MatchStatus.MATCHED]}, ambiguous {counts[MatchStatus.AMBIGUOUS]}, "
        f"not found {counts[MatchStatus.NOT_FOUND]}, unreadable {counts[MatchStatus.UNPARSED]}"
        f" ({requests} request{'s' if requests != 1 else ''} to arXiv)"
    )
    lines = [head]
    for row in rows:
        if row.status is MatchStatus.MATCHED:
            continue
        text = row.source if len(row.source) <= 70 else row.source[:69] + "…"
        lines.append(f"{row.listing}:{row.line}: {row.status.value}: {text} — {row.reason}")
        if row.match:
            lines += [
                f"    candidate arXiv:{c.paper.arxiv_id} ({c.score:.2f}) {c.paper.title[:70]}"
                for c in row.match.candidates[:3]
            ]
    return lines
