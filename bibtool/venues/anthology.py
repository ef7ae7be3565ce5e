"""The ACL Anthology (https://aclanthology.org): its paper identifiers and its BibTeX exports.

Every paper of the Anthology has an identifier, in two forms: the old one, a letter for the
venue, two digits of the year and four of the paper (``P19-1423``, ``W19-3620``), and the new
one since 2020 (``2020.acl-main.703``). It names the paper's page and its DOI:

    https://aclanthology.org/2020.acl-main.703      (before 2021: www.aclweb.org/anthology/...)
    10.18653/v1/2020.acl-main.703                   (DBLP writes it lower-cased: .../v1/p19-1423)

The Anthology serves its BibTeX (CC BY 4.0) for the whole Anthology (``/anthology.bib.gz``,
imported by ``bibtool store import``), for one volume (``/volumes/2020.acl-main.bib``) and for
one paper (``/2020.acl-main.703.bib``). Its records are the publisher's: the full booktitle,
the publisher and address, the pages, names braced where a style must not lower-case them.
Read as BibTeX by ``jobs.anthology_bib`` (``venues`` may not import ``bibfile``).
"""

from __future__ import annotations

import re
from typing import Any

from bibtool.venues.service import VenueClient

__all__ = [
    "ANTHOLOGY_DELAY",
    "EXPORT_MAX_BYTES",
    "DEFAULT_ANTHOLOGY_URL",
    "AnthologyClient",
    "anthology_id",
    "anthology_id_of",
    "volume_of",
]

DEFAULT_ANTHOLOGY_URL = "https://aclanthology.org"
ANTHOLOGY_DELAY = 1.0  # a static site, but one request a second is polite enough
# anthology.bib.gz: about 100,000 papers (104,000 records of the fixture's size gzip to 9 MiB);
# room to grow, and still a bound on what a server may send
EXPORT_MAX_BYTES = 96 * 2**20
ACL_DOI_PREFIX = "10.18653/v1/"
_OLD = re.compile(r"([A-Za-z])(\d\d)-(\d{4})")
_NEW = re.compile(r"(\d{4})\.([a-z0-9]+)-([a-z0-9]+)\.(\d+)")
_PAGE = re.compile(
    r"^https?://(?:www\.)?(?:aclanthology\.org|aclweb\.org/anthology|aclanthology\.info/papers)"
    r"/([^/?#]+?)/?(?:\.pdf)?$",
    re.I,
)


def anthology_id(text: str) -> str | None:
    """The Anthology identifier ``text`` is, in its canonical case (``P19-1423``,
    ``2020.acl-main.703``), or None."""
    text = text.strip()
    if m := _OLD.fullmatch(text):
        return f"{m[1].upper()}{m[2]}-{m[3]}"
    if _NEW.fullmatch(text.lower()):
        return text.lower()
    return None


def anthology_id_of(url: str | None = None, doi: str | None = None) -> str | None:
    """The Anthology identifier an Anthology page address or an ACL DOI names, or None."""
    if doi and doi.lower().startswith(ACL_DOI_PREFIX):
        return anthology_id(doi[len(ACL_DOI_PREFIX) :])
    if url and (m := _PAGE.match(url.strip())):
        return anthology_id(m[1])
    return None


def volume_of(paper_id: str) -> str:
    """The volume a paper is in: ``2020.acl-main`` for ``2020.acl-main.703``, ``P19-1`` for
    ``P19-1423``, ``W19-36`` for ``W19-3620`` (workshops, and EMNLP 2019's volumes 5 and up,
    number their volumes with two digits, as the Anthology does)."""
    if _NEW.fullmatch(paper_id):
        return paper_id.rsplit(".", 1)[0]
    two = paper_id.startswith("W") or paper_id[:3] == "C69"
    two = two or (paper_id[:3] == "D19" and paper_id[4] >= "5")
    return paper_id[: 6 if two else 5]


class AnthologyClient(VenueClient):
    """Fetches the Anthology's BibTeX export of one volume, politely (``VenueClient``)."""

    def __init__(
        self,
        *,
        base_url: str = DEFAULT_ANTHOLOGY_URL,
        delay: float = ANTHOLOGY_DELAY,
        **options: Any,
    ) -> None:
        super().__init__(base_url=base_url, what="ACL Anthology", delay=delay, **options)

    def volume_url(self, volume: str) -> str:
        return f"{self.base_url.rstrip('/')}/volumes/{volume}.bib"

    def volume_bib(self, volume: str) -> str:
        """The BibTeX of every paper of one volume (``/volumes/2020.acl-main.bib``)."""
        return self.get_text(self.volume_url(volume))

    def export_url(self) -> str:
        return f"{self.base_url.rstrip('/')}/anthology.bib.gz"

    def export_gz(self) -> bytes:
        """The whole Anthology's BibTeX, gzip-compressed as served (``/anthology.bib.gz``)."""
        return self.get_bytes(self.export_url(), EXPORT_MAX_BYTES)
