import type { DataSource } from "typeorm";

/** The first instant of the month `offset` months from `at`'s, in UTC. */
export const monthStart = (at: Date, offset = 0): Date => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1));

/** `events_2026_12`: the partition holding December 2026 (UTC). */
export const partitionName = (month: Date): string =>
  `events_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;

/**
 * Makes sure the monthly partitions from last month to `ahead` months on exist, and returns the
 * ones it created. A month is built beside the table, given any rows the DEFAULT partition holds
 * for it, then attached: attaching a month the DEFAULT partition has rows for would fail. An
 * advisory lock serialises replicas doing the same.
 */
export async function ensureMonthlyPartitions(dataSource: DataSource, now: Date, ahead: number): Promise<string[]> {
  const created: string[] = [];
  for (let offset = -1; offset <= ahead; offset++) {
    const from = monthStart(now, offset);
    const to = monthStart(now, offset + 1);
    const name = partitionName(from);
    const made = await dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('analytics.partitions'))`);
      const [{ exists }] = await tx.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [`"analytics"."${name}"`]);
      if (exists) return false;
      const range = [from.toISOString(), to.toISOString()];
      await tx.query(`CREATE TABLE "analytics"."${name}" (LIKE "analytics".events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await tx.query(
        `WITH moved AS (DELETE FROM "analytics".events_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *)
         INSERT INTO "analytics"."${name}" SELECT * FROM moved`,
        range,
      );
      // Bounds are literals in DDL; they are ISO timestamps this function computed.
      await tx.query(
        `ALTER TABLE "analytics".events ATTACH PARTITION "analytics"."${name}" FOR VALUES FROM ('${range[0]}') TO ('${range[1]}')`,
      );
      return true;
    });
    if (made) created.push(name);
  }
  return created;
}
