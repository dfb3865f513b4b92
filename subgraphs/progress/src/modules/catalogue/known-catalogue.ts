import { AppError, BadUserInputError, NotFoundError } from "@learnloop/kit";
import type { EntityManager } from "typeorm";

/** Retryable: progress has not yet received content's catalogue, so it cannot tell what exists. */
export class CatalogueNotReadyError extends AppError {
  constructor() {
    super("CATALOGUE_NOT_READY", "The course catalogue is still loading; try again in a moment.", { retryable: true });
  }
}

/** What progress knows exists, from content's catalogue events (ADR 0011); never content's tables. */
export class KnownCatalogue {
  constructor(private readonly manager: EntityManager) {}

  /** Null when ready; for /ready. */
  async notReadyReason(): Promise<string | null> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM progress.catalogue_state LIMIT 1`);
    return rows.length ? null : "waiting for the catalogue from content";
  }

  async isReady(): Promise<boolean> {
    return (await this.notReadyReason()) === null;
  }

  /**
   * Checks a completion before anything is written: the lesson exists, and every learned
   * character is one of its characters. One statement.
   */
  async assertLessonCharacters(lessonId: string, characterIds: readonly string[]): Promise<void> {
    const [row]: { ready: boolean; character_ids: string[] | null }[] = await this.manager.query(
      `SELECT EXISTS (SELECT 1 FROM progress.catalogue_state) AS ready,
              (SELECT character_ids FROM progress.catalogue_lessons WHERE lesson_id = $1) AS character_ids`,
      [lessonId],
    );
    if (!row.ready) throw new CatalogueNotReadyError();
    if (!row.character_ids) throw new NotFoundError("Lesson", lessonId);
    const taught = new Set(row.character_ids);
    const strangers = [...new Set(characterIds)].filter((id) => !taught.has(id));
    if (strangers.length)
      throw new BadUserInputError(`learnedCharacterIds must be characters of lesson ${lessonId}; these are not: ${strangers.join(", ")}.`, {
        field: "learnedCharacterIds",
        invalidIds: strangers,
      });
  }

  async assertCharacter(characterId: string): Promise<void> {
    const [row]: { ready: boolean; known: boolean }[] = await this.manager.query(
      `SELECT EXISTS (SELECT 1 FROM progress.catalogue_state) AS ready,
              EXISTS (SELECT 1 FROM progress.catalogue_characters WHERE character_id = $1) AS known`,
      [characterId],
    );
    if (!row.ready) throw new CatalogueNotReadyError();
    if (!row.known) throw new NotFoundError("Character", characterId);
  }
}
