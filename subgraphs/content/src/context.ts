import type { LearnloopEvents } from "@learnloop/events";
import { groupedLoader, keyedLoader, type Database, type SubgraphContext } from "@learnloop/kit";
import { In } from "typeorm";
import { CharacterService } from "./modules/character/character.service";
import { Course, Unit } from "./modules/course/course.entity";
import { LessonService } from "./modules/lesson/lesson.service";
import { Vocabulary } from "./modules/vocabulary/vocabulary.entity";

export function createLoaders(db: Database) {
  const manager = db.dataSource.manager;
  const lessons = new LessonService(manager);
  const characters = new CharacterService(manager);
  return {
    lessonById: keyedLoader(
      (ids: readonly string[]) => lessons.findByIds(ids),
      (l) => l.id,
    ),
    lessonsByUnitId: groupedLoader(
      (ids: readonly string[]) => lessons.findByUnitIds(ids),
      (l) => l.unitId,
    ),
    /** Each course's lessons in course order, with their ids only. */
    lessonKeysByCourseId: groupedLoader(
      (ids: readonly string[]) => lessons.keysByCourseIds(ids),
      (l) => l.courseId,
    ),
    characterById: keyedLoader(
      (ids: readonly string[]) => characters.findByIds(ids),
      (c) => c.id,
    ),
    /** Words written with each character (at most EXAMPLES_MAX), N5 first, then dictionary order: one statement per batch. */
    examplesByLiteral: groupedLoader(
      (literals: readonly string[]) => characters.examplesFor(literals),
      (e) => e.literal,
    ),
    vocabularyById: keyedLoader(
      (ids: readonly string[]) => manager.findBy(Vocabulary, { id: In([...ids]) }),
      (v) => v.id,
    ),
    courseById: keyedLoader(
      (ids: readonly string[]) => manager.findBy(Course, { id: In([...ids]) }),
      (c) => c.id,
    ),
    unitById: keyedLoader(
      (ids: readonly string[]) => manager.findBy(Unit, { id: In([...ids]) }),
      (u) => u.id,
    ),
    unitsByCourseId: groupedLoader(
      (ids: readonly string[]) => manager.find(Unit, { where: { courseId: In([...ids]) }, order: { position: "ASC" } }),
      (u) => u.courseId,
    ),
  };
}

export type ContentContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents>;
