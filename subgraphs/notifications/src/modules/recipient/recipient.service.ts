import type { EntityManager } from "typeorm";

export interface RecipientInput {
  userId: string;
  email: string | null;
  displayName: string;
  locale: string;
  timezone: string;
  /** When the user changed at the source (the event's time); defaults to now. */
  updatedAt?: Date;
}

/** True once the user was erased: their events (user.updated, progress) may still be in flight on other topics. */
export async function isErased(manager: EntityManager, userId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(`SELECT 1 FROM notifications.erased_users WHERE user_id = $1`, [userId]);
  return rows.length > 0;
}

/**
 * Creates or updates the copy of a user, in the caller's transaction. A copy older than the one
 * stored is ignored, so events that arrive out of order cannot roll a profile back, and an erased
 * user is never recreated. Returns whether the row was written.
 */
export async function upsertRecipient(manager: EntityManager, input: RecipientInput): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO notifications.recipients (user_id, email, display_name, locale, timezone, updated_at)
     SELECT $1::varchar, $2::varchar, $3::text, $4::varchar, $5::varchar, $6::timestamptz
     WHERE NOT EXISTS (SELECT 1 FROM notifications.erased_users WHERE user_id = $1::varchar)
     ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
       locale = EXCLUDED.locale, timezone = EXCLUDED.timezone, updated_at = EXCLUDED.updated_at
     WHERE recipients.updated_at <= EXCLUDED.updated_at
     RETURNING user_id`,
    [input.userId, input.email || null, input.displayName, input.locale, input.timezone, input.updatedAt ?? new Date()],
  );
  return rows.length > 0;
}

export interface ErasedCounts {
  recipients: number;
  notifications: number;
  preferences: number;
  deliveries: number;
}

/**
 * Erases everything notifications holds about a user, in the caller's transaction: the
 * recipient copy, their notifications, preferences, quiet hours, deliveries (which hold
 * rendered email text) and nudge dates. Nothing personal is left behind. The user id stays on the erased list
 * (a pseudonymous id, nothing else), so events still in flight cannot bring the data back.
 */
export async function eraseRecipient(manager: EntityManager, userId: string): Promise<ErasedCounts> {
  const [counts]: { recipients: number; notifications: number; preferences: number; deliveries: number }[] = await manager.query(
    `WITH r AS (DELETE FROM notifications.recipients WHERE user_id = $1 RETURNING 1),
          n AS (DELETE FROM notifications.notifications WHERE user_id = $1 RETURNING 1),
          p AS (DELETE FROM notifications.preferences WHERE user_id = $1 RETURNING 1),
          q AS (DELETE FROM notifications.quiet_hours WHERE user_id = $1 RETURNING 1),
          d AS (DELETE FROM notifications.deliveries WHERE user_id = $1 RETURNING 1),
          c AS (DELETE FROM notifications.nudges WHERE user_id = $1),
          e AS (INSERT INTO notifications.erased_users (user_id) VALUES ($1) ON CONFLICT DO NOTHING)
     SELECT (SELECT count(*) FROM r)::int AS recipients, (SELECT count(*) FROM n)::int AS notifications,
            ((SELECT count(*) FROM p) + (SELECT count(*) FROM q))::int AS preferences, (SELECT count(*) FROM d)::int AS deliveries`,
    [userId],
  );
  return counts;
}
