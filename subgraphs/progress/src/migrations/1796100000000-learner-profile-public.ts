import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A copy of the learner's profile visibility (from user events): false, private, for everyone
 * until users says otherwise, as users' own migration makes every existing profile PRIVATE.
 */
export class LearnerProfilePublic1796100000000 implements MigrationInterface {
  name = "LearnerProfilePublic1796100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE progress.learners ADD COLUMN profile_public boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE progress.learners DROP COLUMN profile_public`);
  }
}
