import { audited, eventSink, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Ctx, FieldResolver, Float, Int, Mutation, Resolver, Root } from "type-graphql";
import type { ProgressContext } from "../../context";
import { User } from "../learner/user.stub";
import { LessonCompletion } from "./lesson-completion.entity";
import { CompleteLessonInput, CompleteLessonPayload } from "./lesson-progress.inputs";
import { FIRST_COMPLETION_XP, LessonProgressService, REPEAT_COMPLETION_XP } from "./lesson-progress.service";
import { Lesson } from "./lesson.stub";

@Resolver(() => Lesson)
export class LessonProgressResolver {
  @FieldResolver(() => Boolean, { description: "Whether the signed-in learner has completed this lesson; false when signed out." })
  async completedByMe(@Root() lesson: Lesson, @Ctx() ctx: ProgressContext): Promise<boolean> {
    if (!ctx.viewer) return false;
    return (await ctx.loaders.myCompletionByLessonId.load(lesson.id)) !== null;
  }

  @FieldResolver(() => LessonCompletion, { nullable: true })
  async myCompletion(@Root() lesson: Lesson, @Ctx() ctx: ProgressContext): Promise<LessonCompletion | null> {
    if (!ctx.viewer) return null;
    return ctx.loaders.myCompletionByLessonId.load(lesson.id);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "0 to 1: how well the lesson's characters are remembered now (FSRS retrievability), else the best score.",
  })
  async mastery(@Root() lesson: Lesson, @Ctx() ctx: ProgressContext): Promise<number | null> {
    if (!ctx.viewer) return null;
    const recall = await ctx.loaders.myRecallByLessonId.load(lesson.id);
    if (recall !== null) return recall;
    return (await ctx.loaders.myCompletionByLessonId.load(lesson.id))?.bestScore ?? null;
  }

  @FieldResolver(() => Int, {
    description: `The XP completing this lesson now would award the signed-in learner: ${FIRST_COMPLETION_XP} the first time, ${REPEAT_COMPLETION_XP} after; ${FIRST_COMPLETION_XP} when signed out.`,
  })
  async xpForCompletion(@Root() lesson: Lesson, @Ctx() ctx: ProgressContext): Promise<number> {
    if (!ctx.viewer) return FIRST_COMPLETION_XP;
    return (await ctx.loaders.myCompletionByLessonId.load(lesson.id)) ? REPEAT_COMPLETION_XP : FIRST_COMPLETION_XP;
  }

  @Mutation(() => CompleteLessonPayload)
  async completeLesson(@Arg("input") input: CompleteLessonInput, @Ctx() ctx: ProgressContext): Promise<CompleteLessonPayload> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    const result = await audited(
      ctx,
      "completeLesson",
      (tx) => new LessonProgressService(tx).complete(userId, input, eventSink(ctx)),
      (done) => ({
        targetType: "Lesson",
        targetIds: [input.lessonId, userId],
        changes: { xpAwarded: done.xpAwarded, newReviewItems: done.newReviewItems, learnedCharacterIds: input.learnedCharacterIds ?? [] },
      }),
    );
    return { ...result, user: Object.assign(new User(), { id: userId }) };
  }
}

export function resolveLessonReference(ref: { id: string }): Lesson {
  return Object.assign(new Lesson(), ref);
}
