"""Identifying listing entries on arXiv: the resolver (store first, then batched queries), the
accept rule (``match``) and what a run reports (``report``)."""
