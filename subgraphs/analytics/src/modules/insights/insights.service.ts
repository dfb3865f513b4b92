import type { EntityManager } from "typeorm";
import { accuracyByJlptLevel, accuracyByKind, dueDays, retention, weakestItems, type CardRow } from "./insights.figures";
import { WEEKDAYS, type LearningInsights } from "./insights.types";

const WINDOW = "30 days";
const DUE_DAYS = 14;
// Event types are parameters: a literal such as 'progress.updated' reads like another schema's table.
const TYPES = { progress: "progress.updated", lesson: "lesson.completed", sessionEnd: "client.session_end" } as const;

/** Client session minutes of the last 30 days by (weekday, hour) in the learner's zone: summed both ways by the caller. */
function sessionSeconds(
  manager: EntityManager,
  userId: string,
  timezone: string,
): Promise<{ day: number; hour: number; seconds: string }[]> {
  return manager.query(
    `SELECT extract(isodow FROM local)::int AS day, extract(hour FROM local)::int AS hour, sum(seconds) AS seconds
     FROM (SELECT occurred_at AT TIME ZONE $2 AS local, (payload->>'durationSeconds')::int AS seconds
           FROM "analytics".events
           WHERE user_id = $1 AND type = $3 AND occurred_at >= now() - interval '${WINDOW}') s
     GROUP BY 1, 2`,
    [userId, timezone, TYPES.sessionEnd],
  );
}

/** The learner's cards with their characters' kind and JLPT level (by the primary key: this user's rows only). */
async function cardsOf(manager: EntityManager, userId: string): Promise<CardRow[]> {
  const rows: {
    character_id: string;
    stability: number;
    lapses: number;
    last_reviewed_at: Date | null;
    reviews: number;
    correct: number;
    kind: string | null;
    jlpt_level: number | null;
  }[] = await manager.query(
    `SELECT card.character_id, card.stability, card.lapses, card.last_reviewed_at, card.reviews, card.correct, ch.kind, ch.jlpt_level
     FROM "analytics".review_cards card LEFT JOIN "analytics".characters ch ON ch.character_id = card.character_id
     WHERE card.user_id = $1`,
    [userId],
  );
  return rows.map((r) => ({
    characterId: r.character_id,
    stability: Number(r.stability),
    lapses: r.lapses,
    lastReviewedAt: r.last_reviewed_at && new Date(r.last_reviewed_at),
    reviews: r.reviews,
    correct: r.correct,
    kind: r.kind,
    jlptLevel: r.jlpt_level,
  }));
}

/** Cards due from now to the end of the 14th local day, by local date; overdue ones count today. */
async function dueByDay(manager: EntityManager, userId: string, timezone: string) {
  const rows: { today: string; date: string | null; count: number | null }[] = await manager.query(
    `WITH d AS (SELECT (now() AT TIME ZONE $2)::date AS today)
     SELECT to_char(d.today, 'YYYY-MM-DD') AS today, due.date, due.count
     FROM d LEFT JOIN LATERAL (
       SELECT to_char(greatest((card.due AT TIME ZONE $2)::date, d.today), 'YYYY-MM-DD') AS date, count(*)::int AS count
       FROM "analytics".review_cards card
       WHERE card.user_id = $1 AND card.due < ((d.today + $3::int)::timestamp AT TIME ZONE $2)
       GROUP BY 1
     ) due ON true`,
    [userId, timezone, DUE_DAYS],
  );
  const counts = new Map(rows.filter((r) => r.date !== null).map((r) => [r.date!, r.count!]));
  return dueDays(rows[0].today, DUE_DAYS, counts);
}

/**
 * A learner's insights: the last 30 days from their rows of the event store (on the (user_id,
 * occurred_at) index, which the partitions prune to this month and the last), and their deck from
 * analytics' copy of it (review_cards, by its (user_id, ...) keys).
 */
export async function insightsOf(manager: EntityManager, userId: string, timezone: string, now = new Date()): Promise<LearningInsights> {
  const [[totals], sessions, cards, dueNext14Days] = await Promise.all([
    manager.query(
      `SELECT count(*) FILTER (WHERE type = $2 AND payload->>'cause' = 'REVIEW_RECORDED')::int AS reviews,
              count(*) FILTER (WHERE type = $3)::int AS lessons,
              avg((payload->>'score')::float8) FILTER (WHERE type = $3) AS score
       FROM "analytics".events
       WHERE user_id = $1 AND occurred_at >= now() - interval '${WINDOW}'`,
      [userId, TYPES.progress, TYPES.lesson],
    ),
    sessionSeconds(manager, userId, timezone),
    cardsOf(manager, userId),
    dueByDay(manager, userId, timezone),
  ]);
  return insightsFrom({ totals, sessions, cards, dueNext14Days }, now);
}

/** What insightsOf read, before the figures (bench/ reads the same from DuckDB and builds its answer here too). */
export interface InsightReads {
  totals: { reviews: number; lessons: number; score: number | string | null };
  sessions: { day: number; hour: number; seconds: string | number | bigint }[];
  cards: CardRow[];
  dueNext14Days: { date: string; count: number }[];
}

/** The insights from their reads: session seconds summed by weekday and by hour, the deck's figures as of `now`. */
export function insightsFrom({ totals, sessions, cards, dueNext14Days }: InsightReads, now: Date): LearningInsights {
  const byDay = new Map<number, number>();
  const byHour = new Map<number, number>();
  for (const { day, hour, seconds } of sessions) {
    byDay.set(day, (byDay.get(day) ?? 0) + Number(seconds));
    byHour.set(hour, (byHour.get(hour) ?? 0) + Number(seconds));
  }
  return {
    reviewsLast30Days: totals.reviews,
    lessonsCompletedLast30Days: totals.lessons,
    averageLessonScoreLast30Days: totals.score === null ? null : Number(totals.score),
    studyMinutesByWeekday: WEEKDAYS.map((weekday, i) => ({ weekday, minutes: Math.round((byDay.get(i + 1) ?? 0) / 60) })),
    accuracyByJlptLevel: accuracyByJlptLevel(cards),
    accuracyByKind: accuracyByKind(cards),
    retention: retention(cards, now),
    studyMinutesByHour: Array.from({ length: 24 }, (_, hour) => ({ hour, minutes: Math.round((byHour.get(hour) ?? 0) / 60) })),
    dueNext14Days,
    weakestItems: weakestItems(cards, now),
  };
}
