import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The append-only store: one row per tracked event, partitioned by month of `occurred_at` (ADR 0031).
 * The months themselves are created ahead by `ensureMonthlyPartitions`; the DEFAULT partition takes
 * anything outside them (a late or very old event) so an insert never fails for want of a month.
 */
export class CreateEvents1796400000000 implements MigrationInterface {
  name = "CreateEvents1796400000000";

  async up(q: QueryRunner): Promise<void> {
    // The key must hold the partition column; the event id alone is unique through processed_events.
    await q.query(`CREATE TABLE "analytics".events (
      event_id uuid NOT NULL,
      type varchar(64) NOT NULL,
      version int NOT NULL,
      source varchar(8) NOT NULL CHECK (source IN ('server', 'client')),
      user_id varchar(64),
      occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb NOT NULL,
      PRIMARY KEY (event_id, occurred_at)
    ) PARTITION BY RANGE (occurred_at)`);
    await q.query(`CREATE TABLE "analytics".events_default PARTITION OF "analytics".events DEFAULT`);
    await q.query(`CREATE INDEX events_user_occurred ON "analytics".events (user_id, occurred_at)`);
    await q.query(`CREATE INDEX events_type_occurred ON "analytics".events (type, occurred_at)`);
    // Ids only: events on other topics can arrive after user.deleted, and must not bring the person back.
    await q.query(`CREATE TABLE "analytics".erased_users (
      user_id varchar(64) PRIMARY KEY,
      erased_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "analytics".erased_users, "analytics".events`);
  }
}
