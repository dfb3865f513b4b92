import { ConnectionArgs, ConnectionType, NotFoundError } from "@learnloop/kit";
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { ContentContext } from "../../context";
import { Character } from "../character/character.entity";
import { Course, Unit } from "../course/course.entity";
import { Vocabulary } from "../vocabulary/vocabulary.entity";
import { Lesson } from "./lesson.entity";
import { LessonService } from "./lesson.service";

export const LessonConnection = ConnectionType(Lesson, "Lesson");

const present = <T>(rows: (T | null)[]): T[] => rows.filter((r): r is T => r !== null);

@Resolver(() => Lesson)
export class LessonResolver {
  @Query(() => Lesson)
  async lesson(@Arg("id", () => ID) id: string, @Ctx() ctx: ContentContext): Promise<Lesson> {
    const lesson = await ctx.loaders.lessonById.load(id);
    if (!lesson) throw new NotFoundError("Lesson", id);
    return lesson;
  }

  @Query(() => LessonConnection, { description: "Lessons in learning order, optionally of one course." })
  lessons(
    @Arg("courseId", () => ID, { nullable: true }) courseId: string | undefined,
    @Args() args: ConnectionArgs,
    @Ctx() ctx: ContentContext,
  ) {
    return new LessonService(ctx.db.dataSource.manager).list(courseId, args);
  }

  @FieldResolver(() => Course)
  async course(@Root() lesson: Lesson, @Ctx() ctx: ContentContext): Promise<Course | null> {
    return ctx.loaders.courseById.load(lesson.courseId);
  }

  @FieldResolver(() => Unit)
  async unit(@Root() lesson: Lesson, @Ctx() ctx: ContentContext): Promise<Unit | null> {
    return ctx.loaders.unitById.load(lesson.unitId);
  }

  @FieldResolver(() => [Character], { description: "The kana or kanji this lesson teaches, in order." })
  async characters(@Root() lesson: Lesson, @Ctx() ctx: ContentContext): Promise<Character[]> {
    return present(
      await ctx.loaders.characterById.loadMany(lesson.characterIds).then((r) => r.map((x) => (x instanceof Error ? null : x))),
    );
  }

  @FieldResolver(() => [Vocabulary], { description: "The words this lesson teaches, in order." })
  async vocabulary(@Root() lesson: Lesson, @Ctx() ctx: ContentContext): Promise<Vocabulary[]> {
    return present(
      await ctx.loaders.vocabularyById.loadMany(lesson.vocabularyIds).then((r) => r.map((x) => (x instanceof Error ? null : x))),
    );
  }
}
