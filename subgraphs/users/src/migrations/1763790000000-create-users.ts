import type { MigrationInterface, QueryRunner } from "typeorm";

export class CreateUsers1763790000000 implements MigrationInterface {
  name = "CreateUsers1763790000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE users.users (
      id varchar(64) PRIMARY KEY,
      display_name varchar(80) NOT NULL,
      avatar_url varchar(2048),
      email varchar(320),
      locale varchar(16) NOT NULL DEFAULT 'en',
      timezone varchar(64) NOT NULL DEFAULT 'UTC',
      settings jsonb NOT NULL,
      clerk_updated_at bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE users.webhook_deliveries (
      id varchar(128) PRIMARY KEY,
      type varchar(64) NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users.webhook_deliveries`);
    await q.query(`DROP TABLE users.users`);
  }
}
