import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Profile visibility, PRIVATE for everyone: no existing user ever chose to be public (their XP
 * and level simply were), so privacy by default holds for them as for new users.
 */
export class ProfileVisibility1796100000000 implements MigrationInterface {
  name = "ProfileVisibility1796100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.users ADD COLUMN profile_visibility varchar(16) NOT NULL DEFAULT 'PRIVATE'`);
    await q.query(
      `ALTER TABLE users.users ADD CONSTRAINT "CHK_users_profile_visibility" CHECK ("profile_visibility" IN ('PUBLIC', 'PRIVATE'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users.users DROP COLUMN profile_visibility`);
  }
}
