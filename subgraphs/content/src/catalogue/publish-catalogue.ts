import { randomUUID } from "node:crypto";
import type { LearnloopPublisher } from "@learnloop/events";
import type { EntityManager } from "typeorm";
import type { CharacterKind } from "../modules/character/character.entity";

export const CATALOGUE_ID = "learnloop";
/**
 * Characters per event: 13,250 in one would be about 130 kB of ids alone; a chunk of 2,000 is about
 * 30 kB of ids plus about 100 kB of `characters` (id, kind, JLPT level), well under a Kafka message's 1 MB.
 */
export const CHARACTERS_PER_EVENT = 2_000;
export const LESSONS_PER_EVENT = 200;

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

export interface Publication {
  publicationId: string;
  contentVersion: string;
  lessons: number;
  characters: number;
  events: number;
}

/**
 * Writes the whole catalogue as it now stands in content's tables to the outbox, in `tx`: lesson
 * chunks, character chunks, then catalogue.published, which closes the snapshot. All share one
 * partition key, so a consumer sees them in this order.
 */
export async function publishCatalogue(tx: EntityManager, publisher: LearnloopPublisher, contentVersion: string): Promise<Publication> {
  // One snapshot at a time (service and CLI): a second one's outbox rows then all come after the first's.
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('content.catalogue_publications'))`);
  const lessons: { id: string; character_ids: string[] }[] = await tx.query(
    `SELECT id, character_ids FROM content.lessons ORDER BY sort_key`,
  );
  const characters: { id: string; kind: CharacterKind; jlpt_level: number | null }[] = await tx.query(
    `SELECT id, kind, jlpt_level FROM content.characters ORDER BY position, id`,
  );
  const publicationId = randomUUID();
  const base = { catalogueId: CATALOGUE_ID, publicationId, contentVersion };
  const meta = {};
  let events = 0;
  for (const part of chunk(lessons, LESSONS_PER_EVENT)) {
    const payload = { ...base, lessons: part.map((l) => ({ lessonId: l.id, characterIds: l.character_ids })) };
    await publisher.publish(tx, "catalogue.lessons.published", payload, meta);
    events++;
  }
  for (const part of chunk(characters, CHARACTERS_PER_EVENT)) {
    const payload = {
      ...base,
      characterIds: part.map((c) => c.id),
      characters: part.map((c) => ({ id: c.id, kind: c.kind, jlptLevel: c.jlpt_level })),
    };
    await publisher.publish(tx, "catalogue.characters.published", payload, meta);
    events++;
  }
  await publisher.publish(
    tx,
    "catalogue.published",
    { ...base, lessonCount: lessons.length, characterCount: characters.length, publishedAt: new Date().toISOString() },
    meta,
  );
  await tx.query(`INSERT INTO content.catalogue_publications (publication_id, version) VALUES ($1, $2)`, [publicationId, contentVersion]);
  return { publicationId, contentVersion, lessons: lessons.length, characters: characters.length, events: events + 1 };
}

/**
 * Backfill: publishes the imported catalogue when its version was never published (a deployment
 * imported before content had events, or a crash between import and publish). One publisher at a
 * time across replicas, by a transaction-scoped advisory lock.
 */
export async function publishCatalogueIfBehind(manager: EntityManager, publisher: LearnloopPublisher): Promise<Publication | null> {
  return manager.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('content.catalogue_publications'))`);
    const [imported]: { version: string }[] = await tx.query(
      `SELECT version FROM content.content_imports ORDER BY imported_at DESC LIMIT 1`,
    );
    if (!imported) return null;
    const [published]: { version: string }[] = await tx.query(
      `SELECT version FROM content.catalogue_publications ORDER BY id DESC LIMIT 1`,
    );
    if (published?.version === imported.version) return null;
    return publishCatalogue(tx, publisher, imported.version);
  });
}
