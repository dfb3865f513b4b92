import type { MigrationInterface, QueryRunner } from "typeorm";

/** Users erased here; events still in flight for them are dropped instead of recreating their data. */
export class ErasedUsers1795320000001 implements MigrationInterface {
  name = "ErasedUsers1795320000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE notifications.erased_users (
      user_id varchar(64) PRIMARY KEY,
      erased_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications.erased_users`);
  }
}
