import type { MigrationInterface, QueryRunner } from "typeorm";

/** Which catalogue snapshots content has written to its outbox, so a start can tell it is behind (ADR 0011). */
export class CataloguePublications1796000000000 implements MigrationInterface {
  name = "CataloguePublications1796000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE content.catalogue_publications (
      id bigserial PRIMARY KEY,
      publication_id uuid NOT NULL UNIQUE,
      version varchar(32) NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE content.catalogue_publications`);
  }
}
