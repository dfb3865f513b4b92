import { toHiragana, toKatakana, toRomaji } from "wanakana";

/** The kana table in teaching order: one row per lesson. */
export const KANA_ROWS: { title: string; romaji: string[] }[] = [
  { title: "Vowels", romaji: ["a", "i", "u", "e", "o"] },
  { title: "K row", romaji: ["ka", "ki", "ku", "ke", "ko"] },
  { title: "S row", romaji: ["sa", "shi", "su", "se", "so"] },
  { title: "T row", romaji: ["ta", "chi", "tsu", "te", "to"] },
  { title: "N row", romaji: ["na", "ni", "nu", "ne", "no"] },
  { title: "H row", romaji: ["ha", "hi", "fu", "he", "ho"] },
  { title: "M row", romaji: ["ma", "mi", "mu", "me", "mo"] },
  { title: "Y row", romaji: ["ya", "yu", "yo"] },
  { title: "R row", romaji: ["ra", "ri", "ru", "re", "ro"] },
  { title: "W row and n", romaji: ["wa", "wo", "n"] },
  { title: "G row", romaji: ["ga", "gi", "gu", "ge", "go"] },
  { title: "Z row", romaji: ["za", "ji", "zu", "ze", "zo"] },
  { title: "D row", romaji: ["da", "di", "du", "de", "do"] },
  { title: "B row", romaji: ["ba", "bi", "bu", "be", "bo"] },
  { title: "P row", romaji: ["pa", "pi", "pu", "pe", "po"] },
];
export const BASIC_KANA_ROWS = 10;

export interface KanaRecord {
  literal: string;
  romaji: string;
}

export function kanaRows(script: "HIRAGANA" | "KATAKANA"): { title: string; kana: KanaRecord[] }[] {
  const convert = script === "HIRAGANA" ? toHiragana : toKatakana;
  return KANA_ROWS.map((row) => ({
    title: row.title,
    kana: row.romaji.map((r) => {
      const literal = r === "n" ? convert("nn") : convert(r);
      return { literal, romaji: toRomaji(literal) };
    }),
  }));
}
