import type { EntityManager } from "typeorm";
import { EVENT, share, type ReportRange } from "./range";

export enum FunnelStepName {
  SIGNED_UP = "SIGNED_UP",
  FIRST_LESSON = "FIRST_LESSON",
  SEVEN_DAY_STREAK = "SEVEN_DAY_STREAK",
  PAID = "PAID",
}

export interface FunnelRow {
  step: FunnelStepName;
  users: number;
  conversionFromPrevious: number | null;
}

/**
 * The users who signed up (user.created) in the range, and how many of them went on, by now, to
 * each step having passed the ones before: FIRST_LESSON (any lesson.completed), SEVEN_DAY_STREAK
 * (a progress.updated with currentStreak >= 7, or a streak.milestone of 7 days or more), PAID (an
 * entitlements.changed to PLUS or PRO, ACTIVE or TRIALING). Their later events are read per user on
 * (user_id, occurred_at), from the range's start on, so older months are pruned.
 */
export async function funnel(manager: EntityManager, range: ReportRange): Promise<FunnelRow[]> {
  const [counts]: { signed_up: number; first_lesson: number; streak: number; paid: number }[] = await manager.query(
    `WITH signed_up AS (
       SELECT DISTINCT user_id FROM "analytics".events
       WHERE type = $1 AND user_id IS NOT NULL AND occurred_at >= $2 AND occurred_at < $3
     ),
     reached AS (
       SELECT e.user_id,
              bool_or(e.type = $4) AS lesson,
              bool_or((e.type = $5 AND (e.payload->>'currentStreak')::int >= 7) OR (e.type = $6 AND (e.payload->>'days')::int >= 7)) AS streak,
              bool_or(e.type = $7 AND e.payload->>'plan' IN ('PLUS', 'PRO') AND e.payload->>'status' IN ('ACTIVE', 'TRIALING')) AS paid
       FROM signed_up s
       JOIN "analytics".events e ON e.user_id = s.user_id
       WHERE e.occurred_at >= $2 AND e.type IN ($4, $5, $6, $7)
       GROUP BY e.user_id
     )
     SELECT (SELECT count(*) FROM signed_up)::int AS signed_up,
            count(*) FILTER (WHERE lesson)::int AS first_lesson,
            count(*) FILTER (WHERE lesson AND streak)::int AS streak,
            count(*) FILTER (WHERE lesson AND streak AND paid)::int AS paid
     FROM reached`,
    [
      EVENT.userCreated,
      range.from,
      range.to,
      EVENT.lessonCompleted,
      EVENT.progressUpdated,
      EVENT.streakMilestone,
      EVENT.entitlementsChanged,
    ],
  );
  const steps: [FunnelStepName, number][] = [
    [FunnelStepName.SIGNED_UP, counts.signed_up],
    [FunnelStepName.FIRST_LESSON, counts.first_lesson],
    [FunnelStepName.SEVEN_DAY_STREAK, counts.streak],
    [FunnelStepName.PAID, counts.paid],
  ];
  return steps.map(([step, users], i) => ({ step, users, conversionFromPrevious: i === 0 ? null : share(users, steps[i - 1][1]) }));
}
