import { createHash } from "node:crypto";
import { toRomaji } from "wanakana";
import { CharacterKind } from "../modules/character/character.entity";
import { LessonKind } from "../modules/lesson/lesson.entity";
import { searchText } from "../modules/search";
import { BASIC_KANA_ROWS, kanaRows } from "./kana";
import type { KanjiRecord, VocabularyRecord } from "./sources";

/** Bump when the curriculum or the data changes; a start with an older version re-imports. */
export const CONTENT_VERSION = "2026-12-01.1";

export const characterId = (literal: string) => `c-${[...literal].map((c) => c.codePointAt(0)!.toString(16)).join("-")}`;
export const vocabularyId = (written: string, reading: string) =>
  `v-${createHash("sha1").update(`${written}|${reading}`).digest("hex").slice(0, 12)}`;

export interface CharacterRow {
  id: string;
  literal: string;
  kind: CharacterKind;
  romaji: string | null;
  on_readings: string[];
  kun_readings: string[];
  meanings: string[];
  stroke_count: number | null;
  jlpt_level: number | null;
  grade: number | null;
  frequency: number | null;
  position: number;
  search_text: string;
  /** KanjiVG stroke paths in stroke order, or null when the subset has none. */
  strokes: string[] | null;
}
export interface VocabularyRow {
  id: string;
  written: string;
  reading: string;
  romaji: string;
  meanings: string[];
  jlpt_level: number | null;
  position: number;
  search_text: string;
}
export interface LessonRow {
  id: string;
  course_id: string;
  unit_id: string;
  title: string;
  kind: LessonKind;
  position: number;
  sort_key: number;
  character_ids: string[];
  vocabulary_ids: string[];
}
export interface Curriculum {
  characters: CharacterRow[];
  vocabulary: VocabularyRow[];
  courses: { id: string; title: string; description: string; position: number }[];
  units: { id: string; course_id: string; title: string; position: number }[];
  lessons: LessonRow[];
}

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/** Turns the raw sources into the catalogue: characters, words, and courses made of them. */
export function buildCurriculum(
  kanji: KanjiRecord[],
  words: VocabularyRecord[],
  strokes: ReadonlyMap<string, string[]> = new Map(),
): Curriculum {
  const characters: CharacterRow[] = [];
  const c: Curriculum = { characters, vocabulary: [], courses: [], units: [], lessons: [] };
  let sortKey = 0;
  const addCourse = (
    id: string,
    title: string,
    description: string,
    units: { title: string; lessons: { title: string; kind: LessonKind; characterIds?: string[]; vocabularyIds?: string[] }[] }[],
  ) => {
    c.courses.push({ id, title, description, position: c.courses.length + 1 });
    let position = 0;
    units.forEach((unit, u) => {
      const unitId = `${id}-u${u + 1}`;
      c.units.push({ id: unitId, course_id: id, title: unit.title, position: u + 1 });
      for (const lesson of unit.lessons) {
        position++;
        c.lessons.push({
          id: `${id}-${String(position).padStart(2, "0")}`,
          course_id: id,
          unit_id: unitId,
          title: lesson.title,
          kind: lesson.kind,
          position,
          sort_key: ++sortKey,
          character_ids: lesson.characterIds ?? [],
          vocabulary_ids: lesson.vocabularyIds ?? [],
        });
      }
    });
  };

  for (const script of [CharacterKind.HIRAGANA, CharacterKind.KATAKANA] as const) {
    const rows = kanaRows(script);
    for (const row of rows)
      for (const k of row.kana)
        characters.push({
          id: characterId(k.literal),
          literal: k.literal,
          kind: script,
          romaji: k.romaji,
          on_readings: [],
          kun_readings: [],
          meanings: [],
          stroke_count: null,
          jlpt_level: null,
          grade: null,
          frequency: null,
          position: characters.length + 1,
          search_text: searchText([k.literal, k.romaji]),
          strokes: strokes.get(k.literal) ?? null,
        });
    const name = script === CharacterKind.HIRAGANA ? "Hiragana" : "Katakana";
    const lesson = (row: (typeof rows)[number]) => ({
      title: `${name}: ${row.title}`,
      kind: LessonKind.KANA,
      characterIds: row.kana.map((k) => characterId(k.literal)),
    });
    addCourse(script.toLowerCase(), name, `Read and write the ${rows.flatMap((r) => r.kana).length} ${name.toLowerCase()} characters.`, [
      { title: "The basic table", lessons: rows.slice(0, BASIC_KANA_ROWS).map(lesson) },
      { title: "Voiced sounds", lessons: rows.slice(BASIC_KANA_ROWS).map(lesson) },
    ]);
  }

  const byLevelThenFrequency = [...kanji].sort(
    (a, b) => (b.jlptLevel ?? 0) - (a.jlptLevel ?? 0) || (a.frequency ?? 1e9) - (b.frequency ?? 1e9) || a.literal.localeCompare(b.literal),
  );
  for (const k of byLevelThenFrequency)
    characters.push({
      id: characterId(k.literal),
      literal: k.literal,
      kind: CharacterKind.KANJI,
      romaji: null,
      on_readings: k.onReadings,
      kun_readings: k.kunReadings,
      meanings: k.meanings,
      stroke_count: k.strokeCount,
      jlpt_level: k.jlptLevel,
      grade: k.grade,
      frequency: k.frequency,
      position: characters.length + 1,
      search_text: searchText([k.literal, ...k.meanings], [...k.onReadings, ...k.kunReadings]),
      strokes: strokes.get(k.literal) ?? null,
    });
  for (const level of [5, 4]) {
    const set = byLevelThenFrequency.filter((k) => k.jlptLevel === level);
    const lessons = chunk(set, 8).map((group, i) => ({
      title: `N${level} kanji ${i + 1}: ${group.map((k) => k.literal).join(" ")}`,
      kind: LessonKind.KANJI,
      characterIds: group.map((k) => characterId(k.literal)),
    }));
    addCourse(
      `kanji-n${level}`,
      `Kanji for JLPT N${level}`,
      `The ${set.length} kanji of JLPT N${level}, most frequent first.`,
      chunk(lessons, 5).map((ls, i) => ({ title: `Set ${i + 1}`, lessons: ls })),
    );
  }

  const seen = new Set<string>();
  for (const w of words) {
    const id = vocabularyId(w.written, w.reading);
    if (seen.has(id)) continue;
    seen.add(id);
    const romaji = toRomaji(w.reading);
    c.vocabulary.push({
      id,
      written: w.written,
      reading: w.reading,
      romaji,
      meanings: w.meanings,
      jlpt_level: w.jlptLevel,
      position: c.vocabulary.length + 1,
      search_text: searchText([w.written, w.reading, romaji, ...w.meanings]),
    });
  }
  const starter = c.vocabulary
    .filter((v) => v.jlpt_level === 5 && [...v.written].length <= 3)
    .sort((a, b) => [...a.written].length - [...b.written].length || a.reading.localeCompare(b.reading, "ja"))
    .slice(0, 200);
  const vocabLessons = chunk(starter, 10).map((group, i) => ({
    title: `Starter words ${i + 1}`,
    kind: LessonKind.VOCABULARY,
    vocabularyIds: group.map((v) => v.id),
  }));
  addCourse(
    "vocabulary-n5",
    "Starter vocabulary",
    "200 common words written with N5 kanji.",
    chunk(vocabLessons, 5).map((ls, i) => ({ title: `Words ${i + 1}`, lessons: ls })),
  );
  return c;
}
