import type { EntityManager } from "typeorm";
import { eraseFlags } from "../triage/triage.store";

export type EventSource = "server" | "client";

/** One row of `analytics.events`. `payload` holds no personal data: each handler picks what it keeps. */
export interface TrackedEvent {
  eventId: string;
  type: string;
  version: number;
  source: EventSource;
  /** Null for an event about no one (a deletion, kept only as a count). */
  userId: string | null;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * The one place rows are written, in the caller's transaction. An erased user's late events (from a
 * topic other than user.deleted's) are dropped here. Returns how many rows were written.
 */
export async function recordEvents(manager: EntityManager, events: readonly TrackedEvent[]): Promise<number> {
  if (!events.length) return 0;
  const rows: unknown[] = await manager.query(
    `INSERT INTO "analytics".events (event_id, type, version, source, user_id, occurred_at, payload)
     SELECT e.event_id, e.type, e.version, e.source, e.user_id, e.occurred_at, e.payload
     FROM unnest($1::uuid[], $2::varchar[], $3::int[], $4::varchar[], $5::varchar[], $6::timestamptz[], $7::jsonb[])
       AS e(event_id, type, version, source, user_id, occurred_at, payload)
     WHERE e.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM "analytics".erased_users x WHERE x.user_id = e.user_id)
     RETURNING event_id`,
    [
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.version),
      events.map((e) => e.source),
      events.map((e) => e.userId),
      events.map((e) => e.occurredAt.toISOString()),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
  return rows.length;
}

/**
 * A deleted user's events, review cards, struggle flags and experiment exposures (ADR 0035) go
 * (ADR 0031: erased, not anonymised), and their id is kept so late ones stay out (cards are written
 * only after `recordEvents` stored their event).
 */
export async function eraseUser(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`INSERT INTO "analytics".erased_users (user_id) VALUES ($1) ON CONFLICT DO NOTHING`, [userId]);
  await manager.query(`DELETE FROM "analytics".events WHERE user_id = $1`, [userId]);
  await manager.query(`DELETE FROM "analytics".review_cards WHERE user_id = $1`, [userId]);
  await eraseFlags(manager, userId);
  await manager.query(`DELETE FROM "analytics".experiment_exposures WHERE user_id = $1`, [userId]);
}
