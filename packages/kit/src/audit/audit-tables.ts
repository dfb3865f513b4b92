import type { MigrationInterface, QueryRunner } from "typeorm";

/** Every subgraph's audit trail, in its own schema: one row per mutation field that changed something. */
export function auditTablesMigration(schema: string): new () => MigrationInterface {
  return class AuditLog1797200000000 implements MigrationInterface {
    name = "AuditLog1797200000000";

    async up(q: QueryRunner): Promise<void> {
      await q.query(`CREATE TABLE "${schema}"."audit_log" (
        "id" bigserial PRIMARY KEY,
        "at" timestamptz NOT NULL DEFAULT now(),
        "actor_user_id" varchar(64),
        "actor_machine_id" varchar(64),
        "actor_roles" text[] NOT NULL DEFAULT '{}',
        "mutation" varchar(100) NOT NULL,
        "target_type" varchar(64) NOT NULL,
        "target_ids" text[] NOT NULL,
        "request_id" varchar(128) NOT NULL,
        "changes" jsonb NOT NULL DEFAULT '{}',
        "erased" boolean NOT NULL DEFAULT false)`);
      await q.query(`CREATE INDEX "audit_log_target_ids" ON "${schema}"."audit_log" USING gin ("target_ids")`);
      await q.query(`CREATE INDEX "audit_log_actor" ON "${schema}"."audit_log" ("actor_user_id")`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}"."audit_log"`);
    }
  };
}
