import { audited, BadUserInputError, eventSink, hasFeature, PlanRequiredError, UnauthenticatedError, type Feature } from "@learnloop/kit";
import { Matches } from "class-validator";
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { ProgressContext } from "../../context";
import { CHARACTER_ID } from "../lesson-progress/lesson-progress.inputs";
import { CatalogueNotReadyError, KnownCatalogue } from "../catalogue/known-catalogue";
import { ReviewCard } from "./review-card.entity";
import { GRADES, ReviewOutcome, ReviewRating } from "./review-outcome.type";
import { ReviewService } from "./review.service";

@InputType()
export class RecordReviewInput {
  @Field(() => ID)
  @Matches(CHARACTER_ID, { message: "characterId must be a Character id such as c-65e5" })
  characterId!: string;

  @Field(() => ReviewRating)
  rating!: ReviewRating;
}

/** The feature that lifts the Free plan's daily review cap (FREE_DAILY_REVIEWS). */
const UNCAPPED: Feature = "UNLIMITED_REVIEWS";

@Resolver(() => ReviewCard)
export class ReviewResolver {
  @Query(() => [ReviewCard], { description: "The signed-in learner's items due for review, most overdue first." })
  async reviewQueue(@Arg("limit", () => Int, { defaultValue: 20 }) limit: number, @Ctx() ctx: ProgressContext): Promise<ReviewCard[]> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    if (limit < 1 || limit > 100) throw new BadUserInputError("limit must be between 1 and 100.");
    const manager = ctx.db.dataSource.manager;
    const due = await new ReviewService(manager).dueCards(ctx.viewer.userId, limit);
    // An empty queue may only mean the catalogue has not arrived: say so rather than guess.
    if (!due.length && !(await new KnownCatalogue(manager).isReady())) throw new CatalogueNotReadyError();
    return due;
  }

  @FieldResolver(() => [ReviewOutcome], {
    description: "For each rating, AGAIN to EASY, when recordReview with it now would make the item due next.",
  })
  schedulePreview(@Root() card: ReviewCard): ReviewOutcome[] {
    return ReviewService.preview(card, GRADES);
  }

  @Mutation(() => ReviewCard, {
    description:
      "Grades one review; the item is rescheduled with FSRS. Plan-gated: without UNLIMITED_REVIEWS (the Free plan) a learner records at most FREE_DAILY_REVIEWS a day in their time zone (50 by default), then gets PLAN_REQUIRED naming UNLIMITED_REVIEWS and PLUS.",
  })
  async recordReview(@Arg("input") input: RecordReviewInput, @Ctx() ctx: ProgressContext): Promise<ReviewCard> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    const dailyCap = ctx.services.freeDailyReviews;
    // The plan comes from the gateway's signed context (ADR 0027): a client cannot claim one.
    const limit = hasFeature(ctx, UNCAPPED)
      ? undefined
      : {
          dailyCap,
          overCap: () => new PlanRequiredError(UNCAPPED, `The Free plan records ${dailyCap} reviews a day; PLUS makes them unlimited.`),
        };
    return audited(
      ctx,
      "recordReview",
      (tx) => new ReviewService(tx).record(userId, input.characterId, GRADES[input.rating], eventSink(ctx), new Date(), limit),
      (card) => ({ targetType: "Character", targetIds: [input.characterId, userId], changes: { rating: input.rating, state: card.state } }),
    );
  }
}
