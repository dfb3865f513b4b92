import type { MigrationInterface, QueryRunner } from "typeorm";

export class CreateProgress1763790000000 implements MigrationInterface {
  name = "CreateProgress1763790000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE progress.learners (
      user_id varchar(64) PRIMARY KEY,
      xp int NOT NULL DEFAULT 0
    )`);
    await q.query(`CREATE TABLE progress.activities (
      id bigserial PRIMARY KEY,
      user_id varchar(64) NOT NULL,
      kind varchar(32) NOT NULL,
      xp int NOT NULL,
      occurred_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX "IDX_activities_user_occurred" ON progress.activities (user_id, occurred_at)`);
    await q.query(`CREATE TABLE progress.lesson_completions (
      user_id varchar(64) NOT NULL,
      lesson_id varchar(64) NOT NULL,
      first_completed_at timestamptz NOT NULL,
      last_completed_at timestamptz NOT NULL,
      times_completed int NOT NULL,
      best_score real NOT NULL,
      PRIMARY KEY (user_id, lesson_id)
    )`);
    await q.query(`CREATE TABLE progress.review_cards (
      user_id varchar(64) NOT NULL,
      character_id varchar(32) NOT NULL,
      lesson_id varchar(64),
      due timestamptz NOT NULL,
      stability double precision NOT NULL,
      difficulty double precision NOT NULL,
      elapsed_days int NOT NULL,
      scheduled_days int NOT NULL,
      learning_steps int NOT NULL,
      reps int NOT NULL,
      lapses int NOT NULL,
      state int NOT NULL,
      last_review timestamptz,
      PRIMARY KEY (user_id, character_id)
    )`);
    await q.query(`CREATE INDEX "IDX_review_cards_user_due" ON progress.review_cards (user_id, due)`);
    await q.query(`CREATE TABLE progress.review_logs (
      id bigserial PRIMARY KEY,
      user_id varchar(64) NOT NULL,
      character_id varchar(32) NOT NULL,
      rating int NOT NULL,
      state int NOT NULL,
      reviewed_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["review_logs", "review_cards", "lesson_completions", "activities", "learners"])
      await q.query(`DROP TABLE progress.${t}`);
  }
}
