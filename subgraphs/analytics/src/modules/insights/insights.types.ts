import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";

export enum Weekday {
  MONDAY = "MONDAY",
  TUESDAY = "TUESDAY",
  WEDNESDAY = "WEDNESDAY",
  THURSDAY = "THURSDAY",
  FRIDAY = "FRIDAY",
  SATURDAY = "SATURDAY",
  SUNDAY = "SUNDAY",
}
registerEnumType(Weekday, { name: "Weekday" });
/** ISO day numbers (PostgreSQL's isodow): Monday is 1. */
export const WEEKDAYS = [
  Weekday.MONDAY,
  Weekday.TUESDAY,
  Weekday.WEDNESDAY,
  Weekday.THURSDAY,
  Weekday.FRIDAY,
  Weekday.SATURDAY,
  Weekday.SUNDAY,
];

@ObjectType({ description: "Study time on one day of the week." })
export class WeekdayStudy {
  @Field(() => Weekday)
  weekday!: Weekday;

  @Field(() => Int, { description: "Minutes of the sessions that ended on this weekday (learner's time zone), rounded." })
  minutes!: number;
}

@ObjectType({ description: "What the learner's last 30 days look like, from the events analytics stored." })
export class LearningInsights {
  @Field(() => Int, { description: "Reviews recorded in the last 30 days." })
  reviewsLast30Days!: number;

  @Field(() => Int, { description: "Lessons completed in the last 30 days (repeats count)." })
  lessonsCompletedLast30Days!: number;

  @Field(() => Float, { nullable: true, description: "The mean lesson score (0 to 1) of the last 30 days; null without a lesson." })
  averageLessonScoreLast30Days!: number | null;

  @Field(() => [WeekdayStudy], {
    description:
      "Monday to Sunday: minutes of the client sessions (SESSION_END) of the last 30 days, by weekday in the learner's time zone.",
  })
  studyMinutesByWeekday!: WeekdayStudy[];
}
