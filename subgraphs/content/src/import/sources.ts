import fs from "node:fs";
import path from "node:path";
import kanji from "kanji";

export interface KanjiRecord {
  literal: string;
  onReadings: string[];
  kunReadings: string[];
  meanings: string[];
  strokeCount: number | null;
  grade: number | null;
  frequency: number | null;
  jlptLevel: number | null;
}

interface KanjidicEntry {
  literal: string[];
  misc?: { grade?: string[]; stroke_count?: string[]; freq?: string[] }[];
  reading_meaning?: { rmgroup?: { reading?: { r_type: string; $t: string }[]; meaning?: (string | { m_lang: string })[] }[] }[];
}

const kanjidicDir = path.join(path.dirname(require.resolve("kanji")), "..", "data", "kanjidic");

function jlptLevels(): Map<string, number> {
  const levels = new Map<string, number>();
  const lists: [number, () => string[]][] = [
    [1, kanji.jlpt.n1],
    [2, kanji.jlpt.n2],
    [3, kanji.jlpt.n3],
    [4, kanji.jlpt.n4],
    [5, kanji.jlpt.n5],
  ];
  for (const [level, list] of lists) for (const c of list()) levels.set(c, level);
  return levels;
}

/** Every kanji in KANJIDIC (via the `kanji` package), with the new-style JLPT level where known. */
export function* readKanji(): Generator<KanjiRecord> {
  const levels = jlptLevels();
  for (const literal of kanji.all.list() as string[]) {
    const file = path.join(kanjidicDir, `${literal.codePointAt(0)!.toString(16)}.json`);
    if (!fs.existsSync(file)) continue;
    const entry = JSON.parse(fs.readFileSync(file, "utf8")) as KanjidicEntry;
    const misc = entry.misc?.[0] ?? {};
    const group = entry.reading_meaning?.[0]?.rmgroup?.[0];
    const readings = group?.reading ?? [];
    const num = (v?: string[]) => (v?.[0] ? Number(v[0]) : null);
    yield {
      literal,
      onReadings: readings.filter((r) => r.r_type === "ja_on").map((r) => r.$t),
      kunReadings: readings.filter((r) => r.r_type === "ja_kun").map((r) => r.$t),
      meanings: (group?.meaning ?? []).filter((m): m is string => typeof m === "string"),
      strokeCount: num(misc.stroke_count),
      grade: num(misc.grade),
      frequency: num(misc.freq),
      jlptLevel: levels.get(literal) ?? null,
    };
  }
}

export interface VocabularyRecord {
  written: string;
  reading: string;
  jlptLevel: number | null;
  meanings: string[];
}

/** The committed EDICT subset (data/vocabulary.tsv, built by scripts/build-vocabulary-subset.js). */
export function readVocabulary(file = path.join(__dirname, "..", "..", "data", "vocabulary.tsv")): VocabularyRecord[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .slice(1)
    .filter(Boolean)
    .map((line) => {
      const [written, reading, jlpt, meanings] = line.split("\t");
      return { written, reading, jlptLevel: jlpt ? Number(jlpt) : null, meanings: meanings.split("; ") };
    });
}

/** Joins a character's stroke paths in data/kanjivg-strokes.tsv; not a character an SVG path uses. */
export const STROKE_SEPARATOR = "|";
const SVG_PATH = /^[Mm][0-9MmZzLlHhVvCcSsQqTtAaEe.,+\- ]*$/;

/** An SVG path `d` string: a moveto, then only path commands, numbers, commas and spaces. */
export function isSvgPath(d: string): boolean {
  return d.length <= 4000 && SVG_PATH.test(d);
}

/**
 * Stroke paths by literal, in stroke order, from the committed KanjiVG subset (data/kanjivg-strokes.tsv,
 * built by scripts/build-kanjivg-subset.js). Each path is checked again here, since it reaches clients as SVG.
 */
export function readStrokes(file = path.join(__dirname, "..", "..", "data", "kanjivg-strokes.tsv")): Map<string, string[]> {
  const strokes = new Map<string, string[]>();
  const lines = fs.readFileSync(file, "utf8").split("\n").slice(1).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const [literal, joined] = line.split("\t");
    const paths = joined?.split(STROKE_SEPARATOR) ?? [];
    if (!literal || !paths.length || !paths.every(isSvgPath))
      throw new Error(`${path.basename(file)} line ${i + 2}: expected a literal, a tab and SVG paths joined by ${STROKE_SEPARATOR}`);
    strokes.set(literal, paths);
  }
  return strokes;
}
