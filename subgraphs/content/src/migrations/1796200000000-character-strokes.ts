import type { MigrationInterface, QueryRunner } from "typeorm";

/** KanjiVG stroke paths in stroke order (data/kanjivg-strokes.tsv); null for characters the subset lacks. */
export class CharacterStrokes1796200000000 implements MigrationInterface {
  name = "CharacterStrokes1796200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE content.characters ADD COLUMN strokes text[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE content.characters DROP COLUMN strokes`);
  }
}
