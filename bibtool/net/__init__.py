"""HTTP shared by every service bibtool asks (arXiv, DBLP, Crossref): one transport, one pacing."""
