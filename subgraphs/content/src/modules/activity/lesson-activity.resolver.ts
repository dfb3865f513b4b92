import type { LessonCompletedV1 } from "@learnloop/events";
import { LiveEvent, LiveSubscription, type EventEnvelope } from "@learnloop/kit";
import { Arg, Ctx, Field, ID, ObjectType, Resolver } from "type-graphql";
import type { ContentContext } from "../../context";
import { Lesson } from "../lesson/lesson.entity";
import { Learner } from "./learner.stub";

@ObjectType({ description: "A learner completed a lesson of a course." })
export class LessonActivity {
  @Field(() => Learner, { nullable: true, description: "Public profile fields only: this is someone else's activity." })
  learner!: Learner;

  @Field(() => Lesson)
  lesson!: Lesson;

  @Field()
  completedAt!: Date;

  @Field({ description: "False when the learner repeated the lesson." })
  firstCompletion!: boolean;
}

@Resolver()
export class LessonActivityResolver {
  /**
   * From lesson.completed. Content owns it because only content knows a lesson's course: an event
   * of another course resolves to null, which the gateway never sends. So does an event of a
   * learner who is not public (learnerPublic false or absent): their activity is theirs alone.
   */
  @LiveSubscription(() => LessonActivity, {
    nullable: true,
    description: "Public learners completing lessons of a course, as it happens. Never null on the wire.",
  })
  async lessonActivity(
    @Arg("courseId", () => ID) courseId: string,
    @LiveEvent() event: EventEnvelope<LessonCompletedV1>,
    @Ctx() ctx: ContentContext,
  ): Promise<LessonActivity | null> {
    if (event.type !== "lesson.completed" || event.payload.learnerPublic !== true) return null;
    const lesson = await ctx.loaders.lessonById.load(event.payload.lessonId);
    if (!lesson || lesson.courseId !== courseId) return null;
    return Object.assign(new LessonActivity(), {
      learner: Object.assign(new Learner(), { id: event.payload.userId }),
      lesson,
      completedAt: new Date(event.payload.completedAt),
      firstCompletion: event.payload.firstCompletion,
    });
  }
}
