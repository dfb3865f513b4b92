import { acceptedReadings, checkAnswer } from "../../clients/web/src/review/answer";

const hi = { kind: "KANJI", romaji: null, onReadings: ["ニチ", "ジツ"], kunReadings: ["ひ", "-び", "-か"] };
const taberu = { kind: "KANJI", romaji: null, onReadings: ["ショク"], kunReadings: ["く.う", "た.べる"] };
const shi = { kind: "HIRAGANA", romaji: "shi", onReadings: [], kunReadings: [] };
const katakanaShi = { kind: "KATAKANA", romaji: "shi", onReadings: [], kunReadings: [] };

describe("typed answers in review", () => {
  it("accepts a kana's sound however it is typed: Hepburn, Kunrei, hiragana or katakana", () => {
    for (const typed of ["shi", "si", "し", "シ", " SHI "]) expect(checkAnswer(typed, shi).correct).toBe(true);
    expect(checkAnswer("shi", katakanaShi).correct).toBe(true);
    expect(checkAnswer("chi", shi)).toEqual({ correct: false, heard: "ち" });
  });

  it("accepts any on- or kun-reading of a kanji as a whole word, okurigana included, not its one-kana stem", () => {
    expect(acceptedReadings(taberu).sort()).toEqual(["くう", "しょく", "たべる"].sort());
    expect(checkAnswer("ta", taberu).correct).toBe(false);
    for (const typed of ["nichi", "にち", "ニチ", "jitsu", "hi", "bi"]) expect(checkAnswer(typed, hi).correct).toBe(true);
    expect(checkAnswer("taberu", taberu).correct).toBe(true);
    expect(checkAnswer("nomu", taberu).correct).toBe(false);
  });

  it("refuses an empty answer", () => {
    expect(checkAnswer("  ", hi).correct).toBe(false);
  });
});
