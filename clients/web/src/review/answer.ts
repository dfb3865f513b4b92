import { toHiragana } from "wanakana";

export interface Readings {
  kind: string;
  romaji: string | null;
  onReadings: string[];
  kunReadings: string[];
}

/**
 * What a typed answer may be, in hiragana: a kana's sound, or any on- or kun-reading of a kanji.
 * KANJIDIC marks okurigana with "." (た.べる) and affixes with "-": the reading is the whole word
 * (たべる); the stem alone (た) would accept a single kana for most verbs, so it does not count.
 */
export function acceptedReadings(c: Readings): string[] {
  if (c.kind !== "KANJI") return c.romaji ? [toHiragana(c.romaji)] : [];
  const readings = new Set<string>();
  for (const on of c.onReadings) readings.add(toHiragana(on.replace(/-/g, "")));
  for (const kun of c.kunReadings) readings.add(toHiragana(kun.replace(/[-.]/g, "")));
  return [...readings].filter(Boolean);
}

/** Normalises romaji, katakana or hiragana to hiragana, then compares with every accepted reading. */
export function checkAnswer(typed: string, c: Readings): { correct: boolean; heard: string } {
  const heard = toHiragana(typed.trim().toLowerCase().replace(/\s+/g, ""));
  return { correct: heard !== "" && acceptedReadings(c).includes(heard), heard };
}
