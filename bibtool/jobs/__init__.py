"""One function per command, each readable on one screen: the library's public jobs.

``resolve.resolve`` and ``resolve.fetch`` (listings or ids in, entries out), ``add.add`` (resolve
and merge into a .bib file), ``merge.merge`` and ``merge.dedupe`` (.bib files into one,
duplicates out of one), ``update.update`` (refresh the arXiv entries of a file),
``check.check`` (findings and safe fixes), ``store.store_import`` and ``store.store_info`` (the
local store); ``session.Settings`` says where arXiv and the store are. Each takes plain values,
returns a frozen outcome, prints nothing and never exits; failures raise ``bibtool.errors``
exceptions with one plain sentence. ``bibtool/__init__.py`` makes them the public API.
"""
