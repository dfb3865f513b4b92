import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";

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

export enum ItemKind {
  KANA = "KANA",
  KANJI = "KANJI",
  VOCABULARY = "VOCABULARY",
}
registerEnumType(ItemKind, {
  name: "ItemKind",
  description: "What a studied item is: hiragana and katakana are KANA.",
});

@ObjectType({ description: "Review accuracy at one JLPT level." })
export class JlptAccuracy {
  @Field(() => Int, {
    nullable: true,
    description: "JLPT level, 5 (easiest) to 1; null for characters without one (kana, and kanji outside the lists).",
  })
  jlptLevel!: number | null;

  @Field(() => Int, { description: "Reviews of characters at this level." })
  reviews!: number;

  @Field(() => Int, { description: "Those not rated AGAIN." })
  correct!: number;

  @Field(() => Float, { nullable: true, description: "correct / reviews, 0 to 1; null without a review." })
  accuracy!: number | null;
}

@ObjectType({ description: "Review accuracy for one kind of item." })
export class KindAccuracy {
  @Field(() => ItemKind, {
    description: "The kind. Reviews are of characters only, so VOCABULARY has no reviews (and a null accuracy) until words are reviewed.",
  })
  kind!: ItemKind;

  @Field(() => Int, { description: "Reviews of items of this kind." })
  reviews!: number;

  @Field(() => Int, { description: "Those not rated AGAIN." })
  correct!: number;

  @Field(() => Float, { nullable: true, description: "correct / reviews, 0 to 1; null without a review." })
  accuracy!: number | null;
}

@ObjectType({ description: "How well the learner's reviewed cards are remembered, from their FSRS state." })
export class Retention {
  @Field(() => Int, { description: "Cards reviewed at least once (the ones the figures below are over)." })
  cards!: number;

  @Field(() => Float, { nullable: true, description: "Mean FSRS stability of those cards, in days; null without one." })
  averageStabilityDays!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Mean probability (0 to 1) of recalling those cards now, by FSRS's forgetting curve; null without one.",
  })
  predictedRecallNow!: number | null;
}

@ObjectType({ description: "Study time in one hour of the day." })
export class HourStudy {
  @Field(() => Int, { description: "0 to 23, in the learner's time zone." })
  hour!: number;

  @Field(() => Int, { description: "Minutes of the sessions that ended in this hour, rounded." })
  minutes!: number;
}

@ObjectType({ description: "Reviews falling due on one day." })
export class DueDay {
  @Field({ description: "YYYY-MM-DD in the learner's time zone." })
  date!: string;

  @Field(() => Int, { description: "Cards due that day; today's also counts those already overdue." })
  count!: number;
}

/** The content subgraph's Character, referred to by key; the gateway resolves it from content. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType()
export class Character {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "A character the learner remembers least well." })
export class WeakItem {
  @Field(() => Character)
  character!: Character;

  @Field(() => Int, { description: "Reviews of it." })
  reviews!: number;

  @Field(() => Float, { description: "Share of those not rated AGAIN, 0 to 1." })
  accuracy!: number;

  @Field(() => Int, { description: "Times it was forgotten after being learned (FSRS lapses)." })
  lapses!: number;

  @Field(() => Float, { description: "FSRS stability, in days." })
  stabilityDays!: number;

  @Field(() => Float, { description: "Probability (0 to 1) of recalling it now, by FSRS's forgetting curve." })
  predictedRecallNow!: number;
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

  @Field(() => [JlptAccuracy], {
    description: "Accuracy of every review analytics holds, by the character's JLPT level: 5 to 1, then null (no level).",
  })
  accuracyByJlptLevel!: JlptAccuracy[];

  @Field(() => [KindAccuracy], { description: "Accuracy of every review analytics holds, by kind: KANA, KANJI, VOCABULARY." })
  accuracyByKind!: KindAccuracy[];

  @Field(() => Retention, { description: "Memory of the reviewed cards now, from their FSRS state." })
  retention!: Retention;

  @Field(() => [HourStudy], {
    description:
      "Hours 0 to 23: minutes of the client sessions (SESSION_END) of the last 30 days, by the hour they ended in the learner's time zone.",
  })
  studyMinutesByHour!: HourStudy[];

  @Field(() => [DueDay], { description: "The next 14 days, today first (learner's time zone): cards falling due each day." })
  dueNext14Days!: DueDay[];

  @Field(() => [WeakItem], {
    description: "At most 10 reviewed characters, the least likely to be recalled now first (then the least accurate).",
  })
  weakestItems!: WeakItem[];
}
