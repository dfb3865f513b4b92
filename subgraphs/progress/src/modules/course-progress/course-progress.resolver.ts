import { Ctx, Directive, FieldResolver, Resolver, Root } from "type-graphql";
import type { ProgressContext } from "../../context";
import { Lesson } from "../lesson-progress/lesson.stub";
import { Course } from "./course.stub";
import { CourseProgress } from "./course-progress.type";

@Resolver(() => Course)
export class CourseProgressResolver {
  @Directive('@requires(fields: "lessonIds")')
  @FieldResolver(() => CourseProgress, {
    nullable: true,
    description: "The signed-in learner's progress through the course; null when signed out.",
  })
  async myProgress(@Root() course: Course, @Ctx() ctx: ProgressContext): Promise<CourseProgress | null> {
    if (!ctx.viewer) return null;
    const lessonIds = course.lessonIds ?? [];
    // One loader for the whole request: every course's lessons are read in one statement.
    const completions = await ctx.loaders.myCompletionByLessonId.loadMany(lessonIds);
    const failed = completions.find((c): c is Error => c instanceof Error);
    if (failed) throw failed;
    const next = lessonIds.findIndex((_, i) => completions[i] === null);
    return {
      lessonsCompleted: completions.filter((c) => c !== null).length,
      lessonsTotal: lessonIds.length,
      nextLesson: next === -1 ? null : Object.assign(new Lesson(), { id: lessonIds[next] }),
    };
  }
}

export function resolveCourseReference(ref: { id: string; lessonIds?: string[] }): Course {
  return Object.assign(new Course(), ref);
}
