import { BadUserInputError } from "@learnloop/kit";
import type { EntityManager } from "typeorm";
import { EVENT, utcMonday, WEEK_MS, lastDay, type ReportRange } from "./range";

export interface RetentionCohortRow {
  cohortWeek: string;
  size: number;
  retained: number[];
}

export const MAX_COHORT_WEEKS = 52;

/**
 * Weekly cohorts: for each ISO week (Monday, UTC) the range touches, the users whose user.created
 * falls in that week and in the range, and for k = 0..weeks-1 the share of them with any stored
 * event in week k after it (week 0 is the sign-up week, so 1 for a cohort that has members; weeks
 * not over yet count what happened so far). An empty cohort has size 0 and shares of 0. Both scans
 * are bounded by literal instants (the range; the first Monday to `weeks` weeks past the last), so
 * months outside them are pruned; activity is read per cohort member on (user_id, occurred_at).
 */
export async function retentionCohorts(manager: EntityManager, range: ReportRange, weeks = 8): Promise<RetentionCohortRow[]> {
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_COHORT_WEEKS)
    throw new BadUserInputError(`weeks must be 1 to ${MAX_COHORT_WEEKS}.`, { field: "weeks", reason: "INVALID_COHORT_WEEKS" });
  const firstWeek = utcMonday(range.from);
  const lastWeek = utcMonday(lastDay(range));
  const rows: RetentionCohortRow[] = await manager.query(
    `WITH weeks AS (
       SELECT week FROM generate_series($1::timestamptz AT TIME ZONE 'UTC', $2::timestamptz AT TIME ZONE 'UTC', interval '1 week') AS week
     ),
     cohort AS (
       SELECT DISTINCT user_id, date_trunc('week', occurred_at AT TIME ZONE 'UTC') AS week
       FROM "analytics".events
       WHERE type = $3 AND user_id IS NOT NULL AND occurred_at >= $4 AND occurred_at < $5
     ),
     active AS (
       SELECT DISTINCT c.week, c.user_id,
              (date_trunc('week', e.occurred_at AT TIME ZONE 'UTC')::date - c.week::date) / 7 AS k
       FROM cohort c
       JOIN "analytics".events e ON e.user_id = c.user_id
       WHERE e.occurred_at >= $1 AND e.occurred_at < $6
     ),
     retained AS (
       SELECT week, k, count(*)::int AS users FROM active WHERE k BETWEEN 0 AND $7 - 1 GROUP BY week, k
     ),
     sizes AS (
       SELECT w.week, count(c.user_id)::int AS size FROM weeks w LEFT JOIN cohort c ON c.week = w.week GROUP BY w.week
     )
     SELECT to_char(s.week, 'YYYY-MM-DD') AS "cohortWeek", s.size,
            array_agg(CASE WHEN s.size = 0 THEN 0 ELSE coalesce(r.users, 0)::float8 / s.size END ORDER BY o.k) AS retained
     FROM sizes s
     CROSS JOIN generate_series(0, $7 - 1) AS o(k)
     LEFT JOIN retained r ON r.week = s.week AND r.k = o.k
     GROUP BY s.week, s.size
     ORDER BY s.week`,
    [firstWeek, lastWeek, EVENT.userCreated, range.from, range.to, new Date(lastWeek.getTime() + weeks * WEEK_MS), weeks],
  );
  return rows.map((r) => ({ ...r, retained: r.retained.map(Number) }));
}
