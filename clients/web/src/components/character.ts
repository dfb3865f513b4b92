interface CharacterText {
  romaji: string | null;
  onReadings: string[];
  kunReadings: string[];
  meanings: string[];
}

/** Romaji or readings, then meanings (kana have none): "a", or "ニチ、ひ — day, sun". */
export function characterAnswer(c: CharacterText): string {
  const readings = [c.romaji, ...c.onReadings, ...c.kunReadings].filter(Boolean).join("、");
  return [readings, c.meanings.join(", ")].filter(Boolean).join(" — ");
}
