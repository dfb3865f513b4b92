import type { EntityManager } from "typeorm";
import { WEEKDAYS, type LearningInsights } from "./insights.types";

const WINDOW = "30 days";
// Event types are parameters: a literal such as 'progress.updated' reads like another schema's table.
const TYPES = { progress: "progress.updated", lesson: "lesson.completed", sessionEnd: "client.session_end" } as const;

/**
 * A learner's insights, read from their own rows of the last 30 days: two statements on the
 * (user_id, occurred_at) index, which the partitions prune to this month and the last.
 */
export async function insightsOf(manager: EntityManager, userId: string, timezone: string): Promise<LearningInsights> {
  const [totals] = await manager.query(
    `SELECT count(*) FILTER (WHERE type = $2 AND payload->>'cause' = 'REVIEW_RECORDED')::int AS reviews,
            count(*) FILTER (WHERE type = $3)::int AS lessons,
            avg((payload->>'score')::float8) FILTER (WHERE type = $3) AS score
     FROM "analytics".events
     WHERE user_id = $1 AND occurred_at >= now() - interval '${WINDOW}'`,
    [userId, TYPES.progress, TYPES.lesson],
  );
  const byDay: { day: number; seconds: string }[] = await manager.query(
    `SELECT extract(isodow FROM occurred_at AT TIME ZONE $2)::int AS day, sum((payload->>'durationSeconds')::int) AS seconds
     FROM "analytics".events
     WHERE user_id = $1 AND type = $3 AND occurred_at >= now() - interval '${WINDOW}'
     GROUP BY 1`,
    [userId, timezone, TYPES.sessionEnd],
  );
  const seconds = new Map(byDay.map((r) => [r.day, Number(r.seconds)]));
  return {
    reviewsLast30Days: totals.reviews,
    lessonsCompletedLast30Days: totals.lessons,
    averageLessonScoreLast30Days: totals.score === null ? null : Number(totals.score),
    studyMinutesByWeekday: WEEKDAYS.map((weekday, i) => ({ weekday, minutes: Math.round((seconds.get(i + 1) ?? 0) / 60) })),
  };
}
