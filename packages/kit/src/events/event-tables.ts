import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The kit's own tables in every subgraph's schema: the outbox (events written with the state
 * change), processed events (a consumer's record of what it applied) and leases (one relay).
 */
export function eventTablesMigration(schema: string): new () => MigrationInterface {
  return class EventTables1763900000000 implements MigrationInterface {
    name = "EventTables1763900000000";

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${schema}"."outbox" (
        "id" bigserial PRIMARY KEY,
        "event_id" uuid NOT NULL UNIQUE,
        "topic" text NOT NULL,
        "key" text NOT NULL,
        "type" text NOT NULL,
        "version" int NOT NULL,
        "value" text NOT NULL,
        "headers" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "attempts" int NOT NULL DEFAULT 0,
        "last_error" text)`);
      await q.query(`CREATE TABLE "${schema}"."processed_events" (
        "consumer" text NOT NULL,
        "event_id" uuid NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("consumer", "event_id"))`);
      await q.query(`CREATE TABLE "${schema}"."leases" (
        "name" text PRIMARY KEY, "owner" text NOT NULL, "expires_at" timestamptz NOT NULL)`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}"."leases"`);
      await q.query(`DROP TABLE "${schema}"."processed_events"`);
      await q.query(`DROP TABLE "${schema}"."outbox"`);
    }
  };
}
