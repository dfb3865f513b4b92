import type { EntityManager } from "typeorm";
import { EVENT, type ReportRange } from "./range";

export interface LessonCompletionRow {
  lessonId: string;
  learners: number;
  completions: number;
  dropOff: number | null;
}

/**
 * Per lesson completed in the range: distinct learners, completions (repeats count), and dropOff,
 * the share of those learners for whom it was the last lesson they completed in the range. Course
 * order is not known here (catalogue.lessons.published carries lessons and their characters, no
 * course or position, and analytics does not track it), so drop-off is "stopped after this one",
 * not "did not go on to the next one". Reads lesson.completed on (type, occurred_at) in the range.
 */
export async function lessonCompletion(manager: EntityManager, range: ReportRange): Promise<LessonCompletionRow[]> {
  return manager.query(
    `WITH done AS (
       SELECT user_id, payload->>'lessonId' AS lesson_id, occurred_at FROM "analytics".events
       WHERE type = $1 AND user_id IS NOT NULL AND occurred_at >= $2 AND occurred_at < $3
     ),
     last_done AS (
       SELECT DISTINCT ON (user_id) user_id, lesson_id FROM done ORDER BY user_id, occurred_at DESC
     ),
     stopped AS (
       SELECT lesson_id, count(*)::int AS learners FROM last_done GROUP BY lesson_id
     )
     SELECT d.lesson_id AS "lessonId", count(DISTINCT d.user_id)::int AS learners, count(*)::int AS completions,
            coalesce(max(s.learners), 0)::float8 / count(DISTINCT d.user_id) AS "dropOff"
     FROM done d
     LEFT JOIN stopped s ON s.lesson_id = d.lesson_id
     GROUP BY d.lesson_id
     ORDER BY d.lesson_id`,
    [EVENT.lessonCompleted, range.from, range.to],
  );
}
