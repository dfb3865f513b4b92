import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Rating, type Grade } from "./fsrs";
import { ReviewState } from "./review-card.entity";

export enum ReviewRating {
  AGAIN = "AGAIN",
  HARD = "HARD",
  GOOD = "GOOD",
  EASY = "EASY",
}
registerEnumType(ReviewRating, { name: "ReviewRating", description: "How well the learner recalled the item (FSRS grades)." });
export const GRADES: Record<ReviewRating, Grade> = { AGAIN: Rating.Again, HARD: Rating.Hard, GOOD: Rating.Good, EASY: Rating.Easy };

@ObjectType({ description: "What recordReview would do to an item graded with this rating now (the same FSRS scheduler)." })
export class ReviewOutcome {
  @Field(() => ReviewRating)
  rating!: ReviewRating;

  @Field({ description: "When the item would next be due." })
  due!: Date;

  @Field(() => Int, { description: "Seconds from now until that due time (at most 2,147,483,647, about 68 years; `due` is exact)." })
  intervalSeconds!: number;

  @Field(() => ReviewState, { description: "The FSRS state the item would be in." })
  state!: ReviewState;
}
