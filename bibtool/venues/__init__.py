"""Venue versions of papers: DBLP and Crossref clients, DBLP dump reading, one record type."""
