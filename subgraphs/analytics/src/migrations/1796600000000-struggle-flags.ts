import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Struggle triage (ADR 0034): each learner's latest flag (the staff list), and when each rule last
 * flagged them (the cool-down).
 */
export class StruggleFlags1796600000000 implements MigrationInterface {
  name = "StruggleFlags1796600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "analytics".struggle_flags (
      user_id varchar(64) PRIMARY KEY,
      score float8 NOT NULL CHECK (score >= 0),
      reasons jsonb NOT NULL,
      suggestion varchar(32) NOT NULL,
      flagged_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX struggle_flags_triage_order ON "analytics".struggle_flags (score DESC, flagged_at DESC, user_id)`);
    await q.query(`CREATE TABLE "analytics".struggle_rule_fires (
      user_id varchar(64) NOT NULL,
      rule varchar(64) NOT NULL,
      fired_at timestamptz NOT NULL,
      PRIMARY KEY (user_id, rule)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "analytics".struggle_rule_fires, "analytics".struggle_flags`);
  }
}
