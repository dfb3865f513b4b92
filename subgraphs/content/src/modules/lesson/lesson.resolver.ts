import { ConnectionArgs, ConnectionType, loadPresent, NotFoundError } from "@learnloop/kit";
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { ContentContext } from "../../context";
import { Character } from "../character/character.entity";
import { Course, Unit } from "../course/course.entity";
import { Vocabulary } from "../vocabulary/vocabulary.entity";
import { Lesson } from "./lesson.entity";
import { LessonService } from "./lesson.service";

export const LessonConnection = ConnectionType(Lesson, "Lesson");

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
    return loadPresent(ctx.loaders.characterById, lesson.characterIds);
  }

  @FieldResolver(() => [Vocabulary], { description: "The words this lesson teaches, in order." })
  async vocabulary(@Root() lesson: Lesson, @Ctx() ctx: ContentContext): Promise<Vocabulary[]> {
    return loadPresent(ctx.loaders.vocabularyById, lesson.vocabularyIds);
  }
}
