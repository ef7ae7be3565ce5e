"""The arXiv client's HTTP: ``bibtool.net.http``, where every service's transport lives."""

from __future__ import annotations

from bibtool.net.http import Answer, DeadlineExceeded, Transport, host_key, read_capped

__all__ = ["Answer", "DeadlineExceeded", "Transport", "host_key", "read_capped"]
