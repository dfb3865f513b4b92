import { accuracyByJlptLevel, accuracyByKind, dueDays, retention, weakestItems, type CardRow } from "./insights.figures";

const now = new Date("2026-12-01T12:00:00Z");
const card = (characterId: string, fields: Partial<CardRow>): CardRow => ({
  characterId,
  stability: 2,
  lapses: 0,
  lastReviewedAt: new Date("2026-11-30T12:00:00Z"),
  reviews: 1,
  correct: 1,
  kind: "KANJI",
  jlptLevel: 5,
  ...fields,
});

describe("insights figures", () => {
  const cards = [
    card("c-3042", { kind: "HIRAGANA", jlptLevel: null, reviews: 3, correct: 1, stability: 1 }),
    card("c-30a2", { kind: "KATAKANA", jlptLevel: null, reviews: 1, correct: 1, stability: 10 }),
    card("c-65e5", { reviews: 2, correct: 2, stability: 30 }),
    card("c-4e00", { reviews: 0, correct: 0, lastReviewedAt: null, stability: 0 }), // added by a lesson, never reviewed
    card("c-unknown", { kind: null, jlptLevel: null, reviews: 5, correct: 0 }), // not in analytics' catalogue
  ];

  it("adds hiragana and katakana up as KANA, keeps VOCABULARY at zero, and leaves unknown characters out", () => {
    expect(accuracyByKind(cards)).toEqual([
      { kind: "KANA", reviews: 4, correct: 2, accuracy: 0.5 },
      { kind: "KANJI", reviews: 2, correct: 2, accuracy: 1 },
      { kind: "VOCABULARY", reviews: 0, correct: 0, accuracy: null },
    ]);
    expect(accuracyByJlptLevel(cards).map((l) => [l.jlptLevel, l.reviews])).toEqual([
      [5, 2],
      [4, 0],
      [3, 0],
      [2, 0],
      [1, 0],
      [null, 4],
    ]);
  });

  it("measures retention over reviewed cards by the forgetting curve: a day after, a 1-day card is at 90%", () => {
    const r = retention(cards, now);
    expect(r.cards).toBe(4);
    expect(weakestItems(cards, now)[0]).toMatchObject({ character: { id: "c-3042" }, predictedRecallNow: expect.closeTo(0.9, 6) });
    expect(r.averageStabilityDays).toBeCloseTo((1 + 10 + 30 + 2) / 4, 6);
    expect(retention([], now)).toEqual({ cards: 0, averageStabilityDays: null, predictedRecallNow: null });
  });

  it("ranks the weakest by recall, then accuracy, at most ten", () => {
    expect(weakestItems(cards, now).map((w) => w.character.id)).toEqual(["c-3042", "c-unknown", "c-30a2", "c-65e5"]);
    const many = Array.from({ length: 12 }, (_, i) => card(`c-${i}`, { stability: i + 1 }));
    expect(weakestItems(many, now)).toHaveLength(10);
  });

  it("lists 14 dates from today, across a month's end", () => {
    const days = dueDays("2026-12-25", 14, new Map([["2027-01-01", 3]]));
    expect(days[0]).toEqual({ date: "2026-12-25", count: 0 });
    expect(days[7]).toEqual({ date: "2027-01-01", count: 3 });
    expect(days[13].date).toBe("2027-01-07");
  });
});
