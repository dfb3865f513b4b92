import type { MigrationInterface, QueryRunner } from "typeorm";
import { setCategoryCheck } from "./category-check";

const BEFORE = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM')`;
const AFTER = `('WELCOME', 'LESSON', 'LEVEL', 'ACHIEVEMENT', 'STREAK', 'SYSTEM', 'BILLING')`;

/** The BILLING category (dunning, issue 15): account messages about payments. */
export class BillingCategory1796300000000 implements MigrationInterface {
  name = "BillingCategory1796300000000";

  async up(q: QueryRunner): Promise<void> {
    await setCategoryCheck(q, AFTER);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications.notifications WHERE category = 'BILLING'`);
    await q.query(`DELETE FROM notifications.preferences WHERE category = 'BILLING'`);
    await setCategoryCheck(q, BEFORE);
  }
}
