import type { QueryRunner } from "typeorm";

/** Replaces the category CHECK of notifications and preferences with `list`, an SQL list such as `('WELCOME', 'LESSON')`. */
export async function setCategoryCheck(q: QueryRunner, list: string): Promise<void> {
  for (const table of ["notifications", "preferences"]) {
    await q.query(`ALTER TABLE notifications.${table} DROP CONSTRAINT "CHK_${table}_category"`);
    await q.query(`ALTER TABLE notifications.${table} ADD CONSTRAINT "CHK_${table}_category" CHECK (category IN ${list})`);
  }
}
