import type { MigrationInterface, QueryRunner } from "typeorm";

/** Dunning (issue 15, item 5): a failed payment's grace period, and when it ended in a fall back to Free. */
export class Dunning1796300000000 implements MigrationInterface {
  name = "Dunning1796300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "billing".subscriptions ADD COLUMN grace_ends_at timestamptz, ADD COLUMN downgraded_at timestamptz`);
    // The sweep's question: grace periods that have ended and were not acted on yet.
    await q.query(
      `CREATE INDEX subscriptions_grace_due ON "billing".subscriptions (grace_ends_at) WHERE grace_ends_at IS NOT NULL AND downgraded_at IS NULL`,
    );
    // Subscriptions already past due when dunning arrives get the default period from now.
    await q.query(`UPDATE "billing".subscriptions SET grace_ends_at = now() + interval '7 days' WHERE status = 'past_due'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "billing".subscriptions_grace_due`);
    await q.query(`ALTER TABLE "billing".subscriptions DROP COLUMN grace_ends_at, DROP COLUMN downgraded_at`);
  }
}
