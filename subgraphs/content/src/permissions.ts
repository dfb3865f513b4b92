import { allow, type IRules } from "@learnloop/kit";

/** The catalogue is public: anyone may browse it. Each type is still named, so a new type starts denied. */
export const permissions: IRules = {
  Query: { courses: allow, course: allow, lessons: allow, lesson: allow, characters: allow, character: allow, vocabulary: allow },
  // Runs in the public scope (no viewer): the gateway admits only signed-in subscribers.
  Subscription: { lessonActivity: allow },
  LessonActivity: allow,
  User: { id: allow },
  Course: allow,
  CourseConnection: allow,
  CourseEdge: allow,
  Unit: allow,
  Lesson: allow,
  LessonConnection: allow,
  LessonEdge: allow,
  Character: allow,
  CharacterConnection: allow,
  CharacterEdge: allow,
  Vocabulary: allow,
  VocabularyConnection: allow,
  VocabularyEdge: allow,
  PageInfo: allow,
};
