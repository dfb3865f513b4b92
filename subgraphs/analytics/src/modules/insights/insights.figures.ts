import { recallNow } from "./fsrs";
import { ItemKind, type JlptAccuracy, type KindAccuracy, type Retention, type WeakItem } from "./insights.types";

/** One of the learner's cards, with its character's kind and JLPT level when analytics knows the character. */
export interface CardRow {
  characterId: string;
  stability: number;
  lapses: number;
  lastReviewedAt: Date | null;
  reviews: number;
  correct: number;
  kind: string | null;
  jlptLevel: number | null;
}

export const JLPT_LEVELS = [5, 4, 3, 2, 1, null] as const;
export const WEAKEST_ITEMS = 10;
const KIND_OF: Record<string, ItemKind> = { HIRAGANA: ItemKind.KANA, KATAKANA: ItemKind.KANA, KANJI: ItemKind.KANJI };

const ratio = (correct: number, reviews: number) => (reviews ? correct / reviews : null);
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Sums reviews and correct ones per group; cards of characters analytics does not know are left out. */
function tally<K>(cards: CardRow[], keyOf: (card: CardRow) => K | undefined): Map<K, { reviews: number; correct: number }> {
  const totals = new Map<K, { reviews: number; correct: number }>();
  for (const card of cards) {
    if (card.kind === null || !card.reviews) continue;
    const key = keyOf(card);
    if (key === undefined) continue;
    const t = totals.get(key) ?? { reviews: 0, correct: 0 };
    t.reviews += card.reviews;
    t.correct += card.correct;
    totals.set(key, t);
  }
  return totals;
}

export function accuracyByJlptLevel(cards: CardRow[]): JlptAccuracy[] {
  const totals = tally(cards, (c) => c.jlptLevel);
  return JLPT_LEVELS.map((jlptLevel) => {
    const { reviews, correct } = totals.get(jlptLevel) ?? { reviews: 0, correct: 0 };
    return { jlptLevel, reviews, correct, accuracy: ratio(correct, reviews) };
  });
}

/** VOCABULARY stays at zero: reviews are of characters only. */
export function accuracyByKind(cards: CardRow[]): KindAccuracy[] {
  const totals = tally(cards, (c) => KIND_OF[c.kind!]);
  return [ItemKind.KANA, ItemKind.KANJI, ItemKind.VOCABULARY].map((kind) => {
    const { reviews, correct } = totals.get(kind) ?? { reviews: 0, correct: 0 };
    return { kind, reviews, correct, accuracy: ratio(correct, reviews) };
  });
}

const reviewed = (cards: CardRow[]) => cards.filter((c): c is CardRow & { lastReviewedAt: Date } => c.lastReviewedAt !== null);

export function retention(cards: CardRow[], now: Date): Retention {
  const seen = reviewed(cards);
  return {
    cards: seen.length,
    averageStabilityDays: mean(seen.map((c) => c.stability)),
    predictedRecallNow: mean(seen.map((c) => recallNow(c.stability, c.lastReviewedAt, now))),
  };
}

/** The reviewed cards least likely to be recalled now, then the least accurate, then the most lapsed. */
export function weakestItems(cards: CardRow[], now: Date): WeakItem[] {
  return reviewed(cards)
    .filter((c) => c.reviews > 0)
    .map((c) => ({
      character: { id: c.characterId },
      reviews: c.reviews,
      accuracy: c.correct / c.reviews,
      lapses: c.lapses,
      stabilityDays: c.stability,
      predictedRecallNow: recallNow(c.stability, c.lastReviewedAt, now),
    }))
    .sort(
      (a, b) =>
        a.predictedRecallNow - b.predictedRecallNow ||
        a.accuracy - b.accuracy ||
        b.lapses - a.lapses ||
        a.character.id.localeCompare(b.character.id),
    )
    .slice(0, WEAKEST_ITEMS);
}

/** Fills the days the query found nothing for: `days` dates from `today` (YYYY-MM-DD, already local). */
export function dueDays(today: string, days: number, counts: Map<string, number>): { date: string; count: number }[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    return { date, count: counts.get(date) ?? 0 };
  });
}
