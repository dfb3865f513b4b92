// Maintainer script: builds data/vocabulary.tsv from Debian's EDICT (apt-get install edict).
// Keeps common words ((P) entries) written only with JLPT N5/N4 kanji or kana. EDICT is
// © EDRDG, CC BY-SA 4.0; the subset carries the same licence (see data/ATTRIBUTION.md).
const fs = require("node:fs");
const path = require("node:path");
const kanji = require("kanji");

const source = process.argv[2] ?? "/usr/share/edict/edict";
const level = new Map();
for (const c of kanji.jlpt.n4()) level.set(c, 4);
for (const c of kanji.jlpt.n5()) level.set(c, 5);
const isKana = (c) => /[\u3040-\u30ff\u30fc]/.test(c);

const text = new TextDecoder("euc-jp").decode(fs.readFileSync(source));
const rows = [];
for (const line of text.split("\n").slice(1)) {
  const m = line.match(/^(\S+)(?: \[(\S+)\])? \/(.*)\/$/);
  if (!m || !line.includes("/(P)/")) continue;
  const [, written, readingOrNull, rest] = m;
  const reading = readingOrNull ?? written;
  const chars = [...written];
  if (!chars.every((c) => level.has(c) || isKana(c))) continue;
  if (chars.length > 6) continue;
  const senses = rest
    .split("/")
    .filter((s) => s && s !== "(P)" && !s.startsWith("EntL"))
    .map((s) => s.replace(/\([^)]*\)\s*/g, "").trim())
    .filter(Boolean);
  if (!senses.length) continue;
  const levels = chars.filter((c) => level.has(c)).map((c) => level.get(c));
  const jlpt = levels.length ? Math.min(...levels) : "";
  rows.push([written, reading, jlpt, senses.slice(0, 4).join("; ")].join("\t"));
}
const out = path.join(__dirname, "..", "data", "vocabulary.tsv");
fs.writeFileSync(out, "written\treading\tjlpt\tmeanings\n" + rows.join("\n") + "\n");
console.log(`${rows.length} entries written to ${out}`);
