import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The kit's record of keyed mutations in every subgraph's schema: one row per (caller, key,
 * subgraph request), written in the mutation's own transaction together with the response it gave.
 */
export function idempotencyTablesMigration(schema: string): new () => MigrationInterface {
  return class IdempotencyKeys1796000000000 implements MigrationInterface {
    name = "IdempotencyKeys1796000000000";

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${schema}"."idempotency_keys" (
        "scope" text NOT NULL,
        "key" text NOT NULL,
        "request_hash" text NOT NULL,
        "operation_hash" text NOT NULL,
        "response" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("scope", "key", "request_hash"))`);
      await q.query(`CREATE INDEX "idempotency_keys_created_at" ON "${schema}"."idempotency_keys" ("created_at")`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}"."idempotency_keys"`);
    }
  };
}
