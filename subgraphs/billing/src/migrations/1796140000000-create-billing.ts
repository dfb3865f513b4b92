import type { MigrationInterface, QueryRunner } from "typeorm";

export class CreateBilling1796140000000 implements MigrationInterface {
  name = "CreateBilling1796140000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "billing".customers (
      user_id varchar(64) PRIMARY KEY,
      stripe_customer_id varchar(255) NOT NULL UNIQUE,
      entitlements text[],
      entitlements_event_created bigint,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE "billing".subscriptions (
      stripe_subscription_id varchar(255) PRIMARY KEY,
      user_id varchar(64) NOT NULL,
      stripe_customer_id varchar(255) NOT NULL,
      status varchar(32) NOT NULL,
      price_id varchar(255),
      current_period_end timestamptz,
      cancel_at_period_end boolean NOT NULL DEFAULT false,
      last_event_created bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX subscriptions_user ON "billing".subscriptions (user_id, updated_at)`);
    await q.query(`CREATE TABLE "billing".invoices (
      stripe_invoice_id varchar(255) PRIMARY KEY,
      user_id varchar(64),
      stripe_subscription_id varchar(255),
      status varchar(32) NOT NULL,
      amount_cents bigint NOT NULL,
      currency varchar(3) NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX invoices_user ON "billing".invoices (user_id)`);
    await q.query(`CREATE TABLE "billing".stripe_events (
      id varchar(255) PRIMARY KEY,
      type varchar(100) NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "billing".stripe_events, "billing".invoices, "billing".subscriptions, "billing".customers`);
  }
}
