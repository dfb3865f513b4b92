import type { MigrationInterface, QueryRunner } from "typeorm";

const BEFORE = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM')`;
const AFTER = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM', 'BILLING')`;

/** The BILLING category (dunning, issue 15): account messages about payments. */
export class BillingCategory1796300000000 implements MigrationInterface {
  name = "BillingCategory1796300000000";

  async up(q: QueryRunner): Promise<void> {
    await this.categories(q, AFTER);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications.notifications WHERE category = 'BILLING'`);
    await q.query(`DELETE FROM notifications.preferences WHERE category = 'BILLING'`);
    await this.categories(q, BEFORE);
  }

  private async categories(q: QueryRunner, list: string): Promise<void> {
    for (const table of ["notifications", "preferences"]) {
      await q.query(`ALTER TABLE notifications.${table} DROP CONSTRAINT "CHK_${table}_category"`);
      await q.query(`ALTER TABLE notifications.${table} ADD CONSTRAINT "CHK_${table}_category" CHECK (category IN ${list})`);
    }
  }
}
