import type { MigrationInterface, QueryRunner } from "typeorm";
import { setCategoryCheck } from "./category-check";

const BEFORE = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM', 'BILLING')`;
const AFTER = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM', 'BILLING', 'COACHING')`;

/**
 * The COACHING category (struggle triage, ADR 0034): one row per learner with their last nudge,
 * the weekly limit's claim; and deliveries' `not_before`, for an email deferred past quiet hours.
 */
export class CoachingNudges1796600000001 implements MigrationInterface {
  name = "CoachingNudges1796600000001";

  async up(q: QueryRunner): Promise<void> {
    await setCategoryCheck(q, AFTER);
    await q.query(`CREATE TABLE notifications.nudges (
      user_id varchar(64) PRIMARY KEY,
      nudged_at timestamptz NOT NULL,
      source_event_id varchar(128) NOT NULL
    )`);
    await q.query(`ALTER TABLE notifications.deliveries ADD COLUMN not_before timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications.deliveries DROP COLUMN not_before`);
    await q.query(`DROP TABLE notifications.nudges`);
    await q.query(`DELETE FROM notifications.notifications WHERE category = 'COACHING'`);
    await q.query(`DELETE FROM notifications.preferences WHERE category = 'COACHING'`);
    await setCategoryCheck(q, BEFORE);
  }
}
