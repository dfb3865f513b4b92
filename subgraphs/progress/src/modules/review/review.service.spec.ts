import { createEmptyCard, fsrs, Rating } from "./fsrs";
import { ReviewCard } from "./review-card.entity";
import { GRADES } from "./review-outcome.type";
import { ReviewService } from "./review.service";

const row = (fields: Partial<ReviewCard>): ReviewCard => {
  const card = createEmptyCard(new Date("2026-01-01T00:00:00Z"));
  return Object.assign(new ReviewCard(), {
    userId: "u",
    characterId: "c-65e5",
    lessonId: null,
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: null,
    ...fields,
  });
};

describe("ReviewService.preview", () => {
  it("is what the FSRS scheduler gives for each grade, in AGAIN to EASY order", () => {
    const now = new Date("2026-01-02T00:00:00Z");
    const preview = ReviewService.preview(row({}), GRADES, now);
    expect(preview.map((p) => p.rating)).toEqual(["AGAIN", "HARD", "GOOD", "EASY"]);
    const good = fsrs().next(createEmptyCard(new Date("2026-01-01T00:00:00Z")), now, Rating.Good).card;
    expect(preview[2]).toEqual({
      rating: "GOOD",
      due: good.due,
      intervalSeconds: (good.due.getTime() - now.getTime()) / 1000,
      state: "LEARNING",
    });
  });

  it("caps intervalSeconds at GraphQL's largest Int for a card remembered for decades", () => {
    const last = new Date("2026-01-01T00:00:00Z");
    const now = new Date("2026-01-02T00:00:00Z");
    const card = row({ state: 2, stability: 1e6, difficulty: 1, reps: 30, scheduledDays: 30_000, lastReview: last, due: now });
    const easy = ReviewService.preview(card, GRADES, now)[3];
    expect(easy.due.getTime() - now.getTime()).toBeGreaterThan((2 ** 31 - 1) * 1000);
    expect(easy.intervalSeconds).toBe(2 ** 31 - 1);
  });
});
