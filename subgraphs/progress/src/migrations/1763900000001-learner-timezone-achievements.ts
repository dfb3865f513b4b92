import type { MigrationInterface, QueryRunner } from "typeorm";

/** A copy of the learner's time zone (from user events) for streak milestones, and unlocked achievements. */
export class LearnerTimezoneAchievements1763900000001 implements MigrationInterface {
  name = "LearnerTimezoneAchievements1763900000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE progress.learners ADD COLUMN timezone varchar(64) NOT NULL DEFAULT 'UTC'`);
    await q.query(`CREATE TABLE progress.achievements (
      user_id varchar(64) NOT NULL,
      achievement varchar(32) NOT NULL,
      unlocked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, achievement)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE progress.achievements`);
    await q.query(`ALTER TABLE progress.learners DROP COLUMN timezone`);
  }
}
