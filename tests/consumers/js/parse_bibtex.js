// Parse a .bib file with citation-js and print, per entry, its key, type and author count.
// Usage: node parse_bibtex.js refs.bib  ->  JSON on stdout: [{"id", "type", "authors", "title"}]
"use strict";
const fs = require("fs");
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");

const text = fs.readFileSync(process.argv[2], "utf8");
const items = new Cite(text, { forceType: "@biblatex/text" }).data;
const out = items.map((item) => ({
  id: item.id,
  type: item.type,
  authors: (item.author || []).length,
  // Names read whole (an organisation): a literal, or a family name without a given name.
  whole: (item.author || []).filter((a) => a.literal || !a.given).map((a) => a.literal || a.family),
  others: (item.author || []).filter((a) => (a.family || a.literal || "") === "others").length,
  title: item.title || "",
  number: item.number || "",
}));
process.stdout.write(JSON.stringify(out));
