"""The local SQLite store: papers, their full-text index, answered queries, the shared clock."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from bibtool.store.codec import paper_from_dict, paper_to_dict
from bibtool.store.core import Store, StoreInfo

__all__ = ["Store", "StoreInfo", "default_cache_dir", "paper_from_dict", "paper_to_dict"]


def default_cache_dir() -> Path:
    """Where the store lives unless ``--cache-dir`` or ``BIBTOOL_CACHE_DIR`` says otherwise."""
    return Path(platformdirs.user_cache_dir("bibtool", appauthor=False))
