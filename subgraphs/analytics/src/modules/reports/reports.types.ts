import { Field, Float, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { FunnelStepName } from "./funnel.report";
import { Lesson } from "./lesson.stub";

registerEnumType(FunnelStepName, {
  name: "FunnelStepName",
  description: "The steps from sign-up to a paid plan, in order.",
  valuesConfig: {
    SIGNED_UP: { description: "A user.created in the range." },
    FIRST_LESSON: { description: "Any lesson.completed." },
    SEVEN_DAY_STREAK: { description: "A progress.updated with currentStreak >= 7, or a streak.milestone of 7 days or more." },
    PAID: { description: "An entitlements.changed to PLUS or PRO, ACTIVE or TRIALING." },
  },
});

/** What every report says about erasure, once. */
const ERASURE =
  "A deleted user's events are erased (ADR 0031), so they leave every figure, past ones included; the anonymous row an erasure leaves is never counted.";

@InputType({ description: "A report's window, in UTC: from inclusive, to exclusive; to after from, at most 400 days." })
export class DateRangeInput {
  @Field(() => Date, { description: "The first instant of the window (inclusive)." })
  from!: Date;

  @Field(() => Date, { description: "The end of the window (exclusive)." })
  to!: Date;
}

@ObjectType({ description: `Active users of one UTC day: users with any stored event, server or client. ${ERASURE}` })
export class ActiveUsersDay {
  @Field({ description: "The UTC day, YYYY-MM-DD." })
  date!: string;

  @Field(() => Int, { description: "Distinct users active that day." })
  dau!: number;

  @Field(() => Int, { description: "Distinct users active in the 7 days ending that day." })
  wau!: number;

  @Field(() => Int, { description: "Distinct users active in the 30 days ending that day." })
  mau!: number;
}

@ObjectType({ description: `The users who signed up in one ISO week (and in the range), and how many came back. ${ERASURE}` })
export class RetentionCohort {
  @Field({ description: "The cohort's Monday (UTC), YYYY-MM-DD." })
  cohortWeek!: string;

  @Field(() => Int, { description: "Users whose user.created falls in that week and in the range." })
  size!: number;

  @Field(() => [Float], {
    description:
      "For week k = 0..weeks-1 after the cohort's, the share of the cohort with any stored event that week (week 0 holds the sign-up, so 1; a week not over counts what happened so far; 0 for an empty cohort).",
  })
  retained!: number[];
}

@ObjectType({
  description: `One step of the sign-up funnel: users who signed up in the range and reached it, and each step before it, by now. ${ERASURE}`,
})
export class FunnelStep {
  @Field(() => FunnelStepName)
  step!: FunnelStepName;

  @Field(() => Int, { description: "Users at this step (a subset of the previous step's)." })
  users!: number;

  @Field(() => Float, { nullable: true, description: "users / the previous step's users; null for SIGNED_UP and after a step of 0." })
  conversionFromPrevious!: number | null;
}

@ObjectType("LessonCompletionStats", {
  description: `A lesson completed in the range (named apart from progress's per-learner LessonCompletion). ${ERASURE}`,
})
export class LessonCompletionStats {
  @Field(() => Lesson, { description: "The lesson (content resolves its fields)." })
  lesson!: Lesson;

  @Field(() => Int, { description: "Distinct learners who completed it in the range." })
  learners!: number;

  @Field(() => Int, { description: "Completions in the range, repeats included." })
  completions!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      "The share of its learners for whom it was the last lesson they completed in the range (they completed no other one after it before `to`). Analytics does not know course order (no event carries it), so this is not 'did not complete the next lesson of the course'.",
  })
  dropOff!: number | null;
}

@ObjectType({ description: `In-app notifications of one category created in the range, against those of them read. ${ERASURE}` })
export class NotificationEngagement {
  @Field({ description: "The notification category (WELCOME, LESSON, LEVEL, ACHIEVEMENT, STREAK, SYSTEM, BILLING)." })
  category!: string;

  @Field(() => Int, { description: "Notifications created in the range." })
  sent!: number;

  @Field(() => Int, { description: "Of those, the ones read by now (notification.read)." })
  read!: number;

  @Field(() => Float, { nullable: true, description: "read / sent." })
  readRate!: number | null;
}
