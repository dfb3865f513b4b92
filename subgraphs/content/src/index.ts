import { LessonActivityResolver } from "./modules/activity/lesson-activity.resolver";
import type { SubgraphDefinition } from "@learnloop/kit";
import { createLoaders } from "./context";
import { envSchema, type ContentEnv } from "./environment";
import { importContent } from "./import/import-content";
import { CreateContent1763790000000 } from "./migrations/1763790000000-create-content";
import { Character } from "./modules/character/character.entity";
import { resolveCharacterReference } from "./modules/character/character.reference";
import { CharacterResolver } from "./modules/character/character.resolver";
import { Course, Unit } from "./modules/course/course.entity";
import { CourseResolver, UnitResolver } from "./modules/course/course.resolver";
import { Lesson } from "./modules/lesson/lesson.entity";
import { resolveLessonReference } from "./modules/lesson/lesson.reference";
import { LessonResolver } from "./modules/lesson/lesson.resolver";
import { Vocabulary } from "./modules/vocabulary/vocabulary.entity";
import { VocabularyResolver } from "./modules/vocabulary/vocabulary.resolver";
import { permissions } from "./permissions";

export { importContent } from "./import/import-content";
export { characterId } from "./import/curriculum";
export const contentEntities = [Character, Vocabulary, Course, Unit, Lesson];
export const contentMigrations = [CreateContent1763790000000];

export const contentSubgraph: SubgraphDefinition<ReturnType<typeof createLoaders>, ContentEnv> = {
  name: "content",
  envSchema,
  schema: {
    resolvers: [CourseResolver, UnitResolver, LessonResolver, CharacterResolver, VocabularyResolver, LessonActivityResolver],
    references: { Lesson: resolveLessonReference as never, Character: resolveCharacterReference as never },
  },
  permissions,
  entities: contentEntities,
  migrations: contentMigrations,
  createLoaders,
  async onStart({ db, logger, env }) {
    if (!env.CONTENT_IMPORT_ON_START) return;
    const started = Date.now();
    const result = await importContent(db.dataSource.manager);
    if (result.imported) logger.info({ counts: result.counts, ms: Date.now() - started }, "content imported");
  },
};
