import { LessonActivityResolver } from "./modules/activity/lesson-activity.resolver";
import { defineSubgraph } from "@learnloop/kit";
import { createLoaders } from "./context";
import { envSchema } from "./environment";
import { publishCatalogueIfBehind } from "./catalogue/publish-catalogue";
import { contentEvents } from "./events";
import { importContent } from "./import/import-content";
import { CreateContent1763790000000 } from "./migrations/1763790000000-create-content";
import { CataloguePublications1796000000000 } from "./migrations/1796000000000-catalogue-publications";
import { CharacterStrokes1796200000000 } from "./migrations/1796200000000-character-strokes";
import { Character } from "./modules/character/character.entity";
import { resolveCharacterReference } from "./modules/character/character.reference";
import { CharacterResolver } from "./modules/character/character.resolver";
import { Course, Unit } from "./modules/course/course.entity";
import { CourseResolver, resolveCourseReference, UnitResolver } from "./modules/course/course.resolver";
import { Lesson } from "./modules/lesson/lesson.entity";
import { resolveLessonReference } from "./modules/lesson/lesson.reference";
import { LessonResolver } from "./modules/lesson/lesson.resolver";
import { Vocabulary } from "./modules/vocabulary/vocabulary.entity";
import { VocabularyResolver } from "./modules/vocabulary/vocabulary.resolver";
import { permissions } from "./permissions";

export { importContent } from "./import/import-content";
export { characterId, buildCurriculum, CONTENT_VERSION, type Curriculum } from "./import/curriculum";
export { readKanji, readVocabulary, readStrokes, isSvgPath, STROKE_SEPARATOR } from "./import/sources";
export { catalogueOutbox } from "./events";
export { publishCatalogueIfBehind } from "./catalogue/publish-catalogue";
export const contentEntities = [Character, Vocabulary, Course, Unit, Lesson];
export const contentMigrations = [CreateContent1763790000000, CataloguePublications1796000000000, CharacterStrokes1796200000000];

export const subgraph = defineSubgraph({
  name: "content",
  envSchema,
  schema: {
    resolvers: [CourseResolver, UnitResolver, LessonResolver, CharacterResolver, VocabularyResolver, LessonActivityResolver],
    references: { Course: resolveCourseReference, Lesson: resolveLessonReference, Character: resolveCharacterReference },
  },
  permissions,
  entities: contentEntities,
  migrations: contentMigrations,
  createLoaders,
  async onStart({ db, logger, env, events: publisher }) {
    if (env.CONTENT_IMPORT_ON_START) {
      const started = Date.now();
      const result = await importContent(db.dataSource.manager, { publisher });
      if (result.imported) logger.info({ counts: result.counts, ms: Date.now() - started }, "content imported");
    }
    // Before this subgraph had events, imports published nothing: publish what is there now.
    const backfill = await publishCatalogueIfBehind(db.dataSource.manager, publisher);
    if (backfill) logger.info({ ...backfill }, "catalogue published (backfill)");
  },
  events: contentEvents,
});
