import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Lesson } from "../lesson-progress/lesson.stub";
import { User } from "../learner/user.stub";

export enum ProgressCause {
  LESSON_COMPLETED = "LESSON_COMPLETED",
  REVIEW_RECORDED = "REVIEW_RECORDED",
}
registerEnumType(ProgressCause, { name: "ProgressCause", description: "The activity that changed a learner's progress." });

@ObjectType({ description: "A learner's progress right after an activity." })
export class ProgressUpdate {
  @Field(() => User, { nullable: true, description: "Null only if users does not know the learner." })
  user!: User;

  @Field(() => ProgressCause)
  cause!: ProgressCause;

  @Field(() => Lesson, { nullable: true, description: "The lesson, when the cause is a lesson." })
  lesson!: Lesson | null;

  @Field(() => Int, { description: "Total XP after the activity." })
  xp!: number;

  @Field(() => Int)
  xpAwarded!: number;

  @Field(() => Int)
  level!: number;

  @Field(() => Int, { description: "Days in a row, in the learner's time zone." })
  currentStreak!: number;

  @Field()
  occurredAt!: Date;
}
