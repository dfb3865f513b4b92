import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Users whose billing was erased (user.deleted). Stripe's own webhooks about them still arrive
 * after the erasure (the cancelled subscription's `customer.subscription.deleted`), and must not
 * link the user to a Stripe customer again.
 */
export class ErasedUsers1796300000001 implements MigrationInterface {
  name = "ErasedUsers1796300000001";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "billing".erased_users (
      user_id varchar(64) PRIMARY KEY,
      erased_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "billing".erased_users`);
  }
}
