import type { MigrationInterface, QueryRunner } from "typeorm";

export class PartnerApiKeys1795000000000 implements MigrationInterface {
  name = "PartnerApiKeys1795000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE gateway.partner_api_keys (
      id varchar(32) PRIMARY KEY,
      name varchar(120) NOT NULL,
      secret_sha256 bytea NOT NULL,
      scopes text[] NOT NULL,
      rate_per_minute integer NOT NULL CHECK (rate_per_minute > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.partner_api_keys`);
  }
}
