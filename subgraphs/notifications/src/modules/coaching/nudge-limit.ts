import type { EntityManager } from "typeorm";
import { isErased } from "../recipient/recipient.service";

/** At most one coaching nudge per learner in this many days, however often analytics flags them. */
export const NUDGE_INTERVAL_DAYS = 7;

/**
 * Claims the learner's nudge for this week, in the caller's transaction: true when no nudge went
 * out in the last NUDGE_INTERVAL_DAYS (or this event already holds the claim). One upsert on the
 * learner's row, so of two flags handled at once only one moves it: the other waits on the row
 * lock, then sees the new date and gets false.
 */
export async function claimWeeklyNudge(manager: EntityManager, userId: string, sourceEventId: string): Promise<boolean> {
  if (await isErased(manager, userId)) return false;
  const claimed: unknown[] = await manager.query(
    `INSERT INTO notifications.nudges (user_id, nudged_at, source_event_id) VALUES ($1, now(), $2)
     ON CONFLICT (user_id) DO UPDATE SET nudged_at = EXCLUDED.nudged_at, source_event_id = EXCLUDED.source_event_id
       WHERE nudges.source_event_id = EXCLUDED.source_event_id
          OR nudges.nudged_at <= EXCLUDED.nudged_at - make_interval(days => $3)
     RETURNING 1`,
    [userId, sourceEventId, NUDGE_INTERVAL_DAYS],
  );
  return claimed.length > 0;
}
