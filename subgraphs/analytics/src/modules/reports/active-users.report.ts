import type { EntityManager } from "typeorm";
import { DAY_MS, lastDay, utcDay, type ReportRange } from "./range";

export interface ActiveUsersRow {
  date: string;
  dau: number;
  wau: number;
  mau: number;
}

/**
 * DAU, WAU and MAU for each UTC day of the range: distinct users with any stored event (server or
 * client) that day, in the 7 and in the 30 days ending that day. The scan is bounded by literal
 * instants (29 days before the first day to the end of the last), so PostgreSQL prunes the months
 * outside it; (user_id, occurred_at) is all it reads, which the events_user_occurred index holds.
 * The anonymous rows an erasure leaves (user_id NULL) are no one's activity.
 */
export async function activeUsers(manager: EntityManager, range: ReportRange): Promise<ActiveUsersRow[]> {
  const first = utcDay(range.from);
  const last = lastDay(range);
  return manager.query(
    `WITH days AS (
       SELECT day FROM generate_series($1::timestamptz AT TIME ZONE 'UTC', $2::timestamptz AT TIME ZONE 'UTC', interval '1 day') AS day
     ),
     active AS (
       SELECT DISTINCT user_id, date_trunc('day', occurred_at AT TIME ZONE 'UTC') AS day
       FROM "analytics".events
       WHERE user_id IS NOT NULL AND occurred_at >= $3 AND occurred_at < $4
     )
     SELECT to_char(d.day, 'YYYY-MM-DD') AS date,
            count(DISTINCT a.user_id) FILTER (WHERE a.day = d.day)::int AS dau,
            count(DISTINCT a.user_id) FILTER (WHERE a.day > d.day - interval '7 days')::int AS wau,
            count(DISTINCT a.user_id)::int AS mau
     FROM days d
     LEFT JOIN active a ON a.day > d.day - interval '30 days' AND a.day <= d.day
     GROUP BY d.day
     ORDER BY d.day`,
    [first, last, new Date(first.getTime() - 29 * DAY_MS), new Date(last.getTime() + DAY_MS)],
  );
}
