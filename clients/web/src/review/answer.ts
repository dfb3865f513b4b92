import { toHiragana } from "wanakana";

export interface Readings {
  kind: string;
  romaji: string | null;
  onReadings: string[];
  kunReadings: string[];
}

/**
 * What a typed answer may be, in hiragana: a kana's sound, or any on- or kun-reading of a kanji.
 * KANJIDIC marks okurigana with "." (ひ.る) and affixes with "-": both the whole word (ひる) and
 * the stem (ひ) count, as a learner would say either.
 */
export function acceptedReadings(c: Readings): string[] {
  if (c.kind !== "KANJI") return c.romaji ? [toHiragana(c.romaji)] : [];
  const readings = new Set<string>();
  for (const on of c.onReadings) readings.add(toHiragana(on.replace(/-/g, "")));
  for (const kun of c.kunReadings) {
    const plain = kun.replace(/-/g, "");
    readings.add(toHiragana(plain.replace(/\./g, "")));
    readings.add(toHiragana(plain.split(".")[0]));
  }
  return [...readings].filter(Boolean);
}

/** Normalises romaji, katakana or hiragana to hiragana, then compares with every accepted reading. */
export function checkAnswer(typed: string, c: Readings): { correct: boolean; heard: string } {
  const heard = toHiragana(typed.trim().toLowerCase().replace(/\s+/g, ""));
  return { correct: heard !== "" && acceptedReadings(c).includes(heard), heard };
}
