import type { MigrationInterface, QueryRunner } from "typeorm";

/** Progress's read model of content's catalogue, fed by catalogue.* events (ADR 0011). */
export class KnownCatalogue1796000000000 implements MigrationInterface {
  name = "KnownCatalogue1796000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE progress.catalogue_lessons (
      lesson_id varchar(64) PRIMARY KEY,
      character_ids text[] NOT NULL,
      publication_id uuid NOT NULL
    )`);
    await q.query(`CREATE TABLE progress.catalogue_characters (
      character_id varchar(32) PRIMARY KEY,
      publication_id uuid NOT NULL
    )`);
    await q.query(`CREATE TABLE progress.catalogue_state (
      catalogue_id varchar(64) PRIMARY KEY,
      publication_id uuid NOT NULL,
      content_version varchar(32) NOT NULL,
      lesson_count int NOT NULL,
      character_count int NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["catalogue_state", "catalogue_characters", "catalogue_lessons"]) await q.query(`DROP TABLE progress.${t}`);
  }
}
