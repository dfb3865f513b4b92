import type { MigrationInterface, QueryRunner } from "typeorm";

/** The gateway's record of which operation each (user, Idempotency-Key) belongs to (ADR 0012). */
export class IdempotencyKeys1797000000000 implements MigrationInterface {
  name = "IdempotencyKeys1797000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      operation_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created_at ON gateway.idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.idempotency_keys`);
  }
}
