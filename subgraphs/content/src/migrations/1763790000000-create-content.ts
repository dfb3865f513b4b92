import type { MigrationInterface, QueryRunner } from "typeorm";

export class CreateContent1763790000000 implements MigrationInterface {
  name = "CreateContent1763790000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE content.characters (
      id varchar(32) PRIMARY KEY,
      literal varchar(8) NOT NULL,
      kind varchar(16) NOT NULL,
      romaji varchar(16),
      on_readings text[] NOT NULL DEFAULT '{}',
      kun_readings text[] NOT NULL DEFAULT '{}',
      meanings text[] NOT NULL DEFAULT '{}',
      stroke_count int,
      jlpt_level int,
      grade int,
      frequency int,
      position int NOT NULL,
      search_text text NOT NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX "IDX_characters_literal" ON content.characters (literal)`);
    await q.query(`CREATE INDEX characters_order ON content.characters (position, id)`);
    await q.query(`CREATE TABLE content.vocabulary (
      id varchar(32) PRIMARY KEY,
      written varchar(64) NOT NULL,
      reading varchar(64) NOT NULL,
      romaji varchar(128) NOT NULL,
      meanings text[] NOT NULL,
      jlpt_level int,
      position int NOT NULL,
      search_text text NOT NULL
    )`);
    await q.query(`CREATE TABLE content.courses (
      id varchar(64) PRIMARY KEY,
      title varchar(120) NOT NULL,
      description text NOT NULL,
      position int NOT NULL
    )`);
    await q.query(`CREATE TABLE content.units (
      id varchar(64) PRIMARY KEY,
      course_id varchar(64) NOT NULL,
      title varchar(120) NOT NULL,
      position int NOT NULL
    )`);
    await q.query(`CREATE TABLE content.lessons (
      id varchar(64) PRIMARY KEY,
      course_id varchar(64) NOT NULL,
      unit_id varchar(64) NOT NULL,
      title varchar(120) NOT NULL,
      kind varchar(16) NOT NULL,
      position int NOT NULL,
      sort_key int NOT NULL,
      audio_url varchar(2048),
      video_url varchar(2048),
      character_ids text[] NOT NULL DEFAULT '{}',
      vocabulary_ids text[] NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE INDEX "IDX_lessons_course_id" ON content.lessons (course_id)`);
    await q.query(`CREATE INDEX "IDX_lessons_unit_id" ON content.lessons (unit_id)`);
    await q.query(`CREATE TABLE content.content_imports (
      version varchar(32) NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ["content_imports", "lessons", "units", "courses", "vocabulary", "characters"])
      await q.query(`DROP TABLE content.${t}`);
  }
}
