import { randomUUID } from "node:crypto";
import type { EntityManager } from "typeorm";
import { recordEvents } from "../tracking/tracking.store";
import type { Experiment } from "./experiment-config";

export const EXPOSURE_EVENT = "experiment.exposure";

/**
 * Records the user's first exposure to an experiment: the index row, and its `experiment.exposure`
 * event in analytics.events, in one transaction. A later call (or a concurrent one) finds the row
 * and writes nothing. An erased user is not exposed again. Returns whether this call recorded it.
 */
export async function recordExposure(manager: EntityManager, experiment: string, variant: string, userId: string): Promise<boolean> {
  return manager.transaction(async (tx) => {
    const inserted: { exposed_at: Date }[] = await tx.query(
      `INSERT INTO "analytics".experiment_exposures (experiment, user_id, variant)
       SELECT $1::varchar, $2::varchar, $3::varchar
       WHERE NOT EXISTS (SELECT 1 FROM "analytics".erased_users x WHERE x.user_id = $2::varchar)
       ON CONFLICT DO NOTHING
       RETURNING exposed_at`,
      [experiment, userId, variant],
    );
    if (!inserted.length) return false;
    await recordEvents(tx, [
      {
        eventId: randomUUID(),
        type: EXPOSURE_EVENT,
        version: 1,
        source: "server",
        userId,
        occurredAt: new Date(inserted[0].exposed_at),
        payload: { experiment, variant },
      },
    ]);
    return true;
  });
}

export interface VariantCounts {
  variant: string;
  exposures: number;
  conversions: number;
}

/**
 * Exposed users and, of them, those with at least one conversion event at or after their exposure,
 * by variant. One statement: each exposure probes the (user_id, occurred_at) index once.
 */
export async function variantCounts(manager: EntityManager, experiment: Experiment): Promise<VariantCounts[]> {
  const params: unknown[] = [experiment.key, experiment.conversion.eventType];
  // Payload conditions with the field names as parameters too: the config is data, never SQL.
  const conditions = Object.entries(experiment.conversion.payload).map(([field, values]) => {
    params.push(field, values);
    return `AND e.payload->>$${params.length - 1} = ANY($${params.length}::text[])`;
  });
  const rows: { variant: string; exposures: number; conversions: number }[] = await manager.query(
    `SELECT x.variant, count(*)::int AS exposures,
            count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM "analytics".events e
              WHERE e.user_id = x.user_id AND e.type = $2 AND e.occurred_at >= x.exposed_at ${conditions.join(" ")}
            ))::int AS conversions
     FROM "analytics".experiment_exposures x
     WHERE x.experiment = $1
     GROUP BY x.variant`,
    params,
  );
  return rows;
}
