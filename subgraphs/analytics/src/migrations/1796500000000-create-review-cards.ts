import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Learner insights (issue 16): analytics' own copy of each learner's review cards, kept from
 * review.recorded and lesson.completed's cardsAdded, and of each character's kind and JLPT level,
 * kept from catalogue.characters.published. Both are read by one learner's id only.
 */
export class CreateReviewCards1796500000000 implements MigrationInterface {
  name = "CreateReviewCards1796500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "analytics".characters (
      character_id varchar(32) PRIMARY KEY,
      kind varchar(16) NOT NULL,
      jlpt_level int,
      publication_id uuid NOT NULL
    )`);
    // The card as of its latest review (last_reviewed_at), and counters of every review received.
    await q.query(`CREATE TABLE "analytics".review_cards (
      user_id varchar(64) NOT NULL,
      character_id varchar(32) NOT NULL,
      state varchar(16) NOT NULL,
      stability float8 NOT NULL,
      difficulty float8 NOT NULL,
      due timestamptz NOT NULL,
      reps int NOT NULL,
      lapses int NOT NULL,
      last_reviewed_at timestamptz,
      reviews int NOT NULL DEFAULT 0,
      correct int NOT NULL DEFAULT 0,
      PRIMARY KEY (user_id, character_id)
    )`);
    await q.query(`CREATE INDEX review_cards_user_due ON "analytics".review_cards (user_id, due)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "analytics".review_cards, "analytics".characters`);
  }
}
