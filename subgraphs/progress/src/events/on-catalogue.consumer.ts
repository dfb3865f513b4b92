import type { LearnloopEvents } from "@learnloop/events";
import { eventHandlers, type ConsumerDefinition } from "@learnloop/kit";

const { on } = eventHandlers<LearnloopEvents>();

/**
 * Keeps the ids of content's lessons (with their characters) and characters. Chunks upsert
 * under their publication; catalogue.published checks the publication arrived whole, then drops
 * what it no longer lists and records it. Until one has, progress is not ready (ADR 0011).
 */
export const catalogueConsumer: ConsumerDefinition<LearnloopEvents> = {
  purpose: "catalogue",
  handlers: [
    on("catalogue.lessons.published", async ({ publicationId, lessons }, { manager }) => {
      await manager.query(
        `INSERT INTO progress.catalogue_lessons (lesson_id, character_ids, publication_id)
         SELECT l->>'lessonId', ARRAY(SELECT jsonb_array_elements_text(l->'characterIds')), $2
         FROM jsonb_array_elements($1::jsonb) AS l
         ON CONFLICT (lesson_id) DO UPDATE SET character_ids = EXCLUDED.character_ids, publication_id = EXCLUDED.publication_id`,
        [JSON.stringify(lessons), publicationId],
      );
    }),
    on("catalogue.characters.published", async ({ publicationId, characterIds }, { manager }) => {
      await manager.query(
        `INSERT INTO progress.catalogue_characters (character_id, publication_id) SELECT unnest($1::text[]), $2
         ON CONFLICT (character_id) DO UPDATE SET publication_id = EXCLUDED.publication_id`,
        [characterIds, publicationId],
      );
    }),
    on("catalogue.published", async (done, { manager, logger }) => {
      const [held]: { lessons: string; characters: string }[] = await manager.query(
        `SELECT (SELECT count(*) FROM progress.catalogue_lessons WHERE publication_id = $1) AS lessons,
                (SELECT count(*) FROM progress.catalogue_characters WHERE publication_id = $1) AS characters`,
        [done.publicationId],
      );
      // Its chunks precede it on the same key; fewer means they were lost, and pruning would drop real ids.
      if (Number(held.lessons) !== done.lessonCount || Number(held.characters) !== done.characterCount)
        throw new Error(
          `catalogue publication ${done.publicationId} is incomplete: ${held.lessons}/${done.lessonCount} lessons, ${held.characters}/${done.characterCount} characters`,
        );
      await manager.query(`DELETE FROM progress.catalogue_lessons WHERE publication_id <> $1`, [done.publicationId]);
      await manager.query(`DELETE FROM progress.catalogue_characters WHERE publication_id <> $1`, [done.publicationId]);
      await manager.query(
        `INSERT INTO progress.catalogue_state (catalogue_id, publication_id, content_version, lesson_count, character_count)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (catalogue_id) DO UPDATE SET publication_id = EXCLUDED.publication_id, content_version = EXCLUDED.content_version,
           lesson_count = EXCLUDED.lesson_count, character_count = EXCLUDED.character_count, received_at = now()`,
        [done.catalogueId, done.publicationId, done.contentVersion, done.lessonCount, done.characterCount],
      );
      logger.info(
        { contentVersion: done.contentVersion, lessons: done.lessonCount, characters: done.characterCount },
        "catalogue received",
      );
    }),
  ],
};
