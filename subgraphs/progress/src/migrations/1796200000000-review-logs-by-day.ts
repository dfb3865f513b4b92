import type { MigrationInterface, QueryRunner } from "typeorm";

/** The Free plan's daily review cap counts a learner's reviews since their local midnight: by user and time. */
export class ReviewLogsByDay1796200000000 implements MigrationInterface {
  name = "ReviewLogsByDay1796200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "IDX_review_logs_user_reviewed" ON progress.review_logs (user_id, reviewed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX progress."IDX_review_logs_user_reviewed"`);
  }
}
