import type { LearnloopEvents } from "@learnloop/events";
import { groupedLoader, keyedLoader, type Database, type SubgraphContext, type Viewer } from "@learnloop/kit";
import DataLoader from "dataloader";
import { LearnerService } from "./modules/learner/learner.service";
import { LessonProgressService } from "./modules/lesson-progress/lesson-progress.service";
import { ReviewService } from "./modules/review/review.service";

/** Loaders for one request; the viewer-scoped ones are bound to the caller, so they can never mix users. */
export function createLoaders(db: Database, viewer: Viewer | null, manager = db.dataSource.manager) {
  const learners = new LearnerService(manager);
  const reviews = new ReviewService(manager);
  const userId = viewer?.userId ?? "";
  const cardsByLesson = groupedLoader(
    (ids: readonly string[]) => reviews.reviewedCardsForLessons(userId, ids),
    (card) => card.lessonId ?? "",
  );
  return {
    learnerById: keyedLoader(
      (ids: readonly string[]) => learners.findByIds(ids),
      (l) => l.userId,
    ),
    streaks: new DataLoader((keys: readonly { userId: string; timezone: string }[]) => learners.streaks(keys), {
      cacheKeyFn: (k) => `${k.userId}|${k.timezone}`,
    }),
    nextReviewByUserId: keyedLoader(
      (ids: readonly string[]) => reviews.nextDue(ids),
      (r) => r.userId,
    ),
    myCompletionByLessonId: keyedLoader(
      (ids: readonly string[]) => new LessonProgressService(manager).completionsFor(userId, ids),
      (c) => c.lessonId,
    ),
    /** Mean FSRS retrievability of the lesson's cards, or null when it has none. */
    myRecallByLessonId: new DataLoader(async (ids: readonly string[]) => {
      const groups = await cardsByLesson.loadMany(ids);
      return groups.map((cards) =>
        Array.isArray(cards) && cards.length ? cards.reduce((sum, c) => sum + reviews.retrievability(c), 0) / cards.length : null,
      );
    }),
  };
}

/** What progress's resolvers get besides the database: the Free plan's daily review cap. */
export interface ProgressServices {
  freeDailyReviews: number;
}

export type ProgressContext = SubgraphContext<ReturnType<typeof createLoaders>, LearnloopEvents, ProgressServices>;
