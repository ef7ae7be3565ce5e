"""Which capitalised words of a title are names: the one decision behind title protection.

Classic BibTeX styles lower-case every unbraced title word, so a name must be told from a word
that is capitalised only because the title is in Title Case. The evidence, strongest first:

1. a name whatever the sentence (``text.propernames``: SCOWL's proper names and their eponymous
   forms, element symbols): ``Turing``, ``Gaussian``, ``Keplerian``, ``Zn``; a capital that
   opens a sentence inside the title (``… planets. IX. Exoplanets orbiting``); the particles
   after an arrow (``B --> (c cbar) Kstar``);
2. a named facility, survey or meeting: a capitalised run ending in a head noun (``Survey``,
   ``Observatory``, ``Workshop``) that holds a proper name, spells out an acronym or has three
   capitalised words, in the title or the abstract (``Sloan Digital Sky Survey``); a piece
   of the title's run of capitals that the abstract keeps capitalised in mid-sentence twice or
   more (``the Standard Model``, ``Swin Transformer``), unless the paper coins it there ("we
   introduce the Quantum Path Kernel"), or spells out with an acronym or a name inside
   ("the Mock LISA Data Challenges (MLDC)");
3. the paper's own abstract: a word it capitalises alone in mid-sentence is a name, one it
   writes in lower case is not, one it writes in capitals throughout is a designation
   (``SARS``), a plural it never writes takes its singular (``Grassmannians``); a capitalised
   word next to another (``Projection Norm``) is no evidence alone, since runs name methods
   and missions alike and a coined method name is no name; a run of words
   apart spelling out an acronym ("Vision Transformers (ViTs)", "BERT … Bidirectional Encoder
   Representations from Transformers") tells ordinary words, one with a hyphenated pair
   ("Portevin-Le Chatelier (PLC)") nothing; where it is silent, a word joined to a name is
   one: by a hyphen to a listed name (``Kennicutt-Schmidt``, not ``Non-Gaussian``), by a slash
   to a product in mixed case (``SunOS/Solaris``), by hyphens in a designation ending in a
   number (``Sars-Cov-2``);
4. the title's own case: in a sentence-case title every capital the abstract is silent on is
   inherent (``Lidov-Kozai cycles``), unless it stands in a run of capitals the abstract
   writes partly in lower case (``the Outer Main Belt``), or it is a common English word
   (SCOWL's, ``text.propernames.is_english_word``), whose capital is more likely the authors'
   emphasis of a term (``PT-symmetric Quantum Mechanics``) — but not beside a name that is no
   common word (``the Littlest Higgs model``, ``Bach's Inventions``).

Without an abstract (a user's .bib file) only 1 applies, and the file's other titles stand in
for the abstract only where Title Case raised a lone letter (``N-Type`` where they write
``n-type``): a rule that cannot see the paper braces nothing it is unsure of, and so braces a
subset of what bibtool itself writes.
"""

from bibtool.render.casing.evidence import is_sentence_case
from bibtool.render.casing.title import TitleCase, letter_compounds

__all__ = ["TitleCase", "is_sentence_case", "letter_compounds"]
