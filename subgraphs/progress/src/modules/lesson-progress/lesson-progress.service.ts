import type { LearnloopSink } from "@learnloop/events";
import { In, type EntityManager } from "typeorm";
import { MilestoneService } from "../milestones/milestones.service";
import { LearnerService } from "../learner/learner.service";
import { levelForXp } from "../learner/streaks";
import { KnownCatalogue } from "../catalogue/known-catalogue";
import { ReviewService } from "../review/review.service";
import { LessonCompletion } from "./lesson-completion.entity";
import type { CompleteLessonInput } from "./lesson-progress.inputs";

export const FIRST_COMPLETION_XP = 10;
export const REPEAT_COMPLETION_XP = 2;

export class LessonProgressService {
  constructor(private readonly manager: EntityManager) {}

  completionsFor(userId: string, lessonIds: readonly string[]): Promise<LessonCompletion[]> {
    return this.manager.findBy(LessonCompletion, { userId, lessonId: In([...lessonIds]) });
  }

  /**
   * Records a completion, awards XP and queues the taught characters, all in one transaction,
   * once the catalogue confirms the lesson and that each learned character is one of its own.
   */
  async complete(userId: string, input: CompleteLessonInput, events: LearnloopSink) {
    return this.manager.transaction(async (tx) => {
      await new KnownCatalogue(tx).assertLessonCharacters(input.lessonId, input.learnedCharacterIds ?? []);
      // Four decimals are all a score means; a finer one (1e-300) would underflow PostgreSQL's real.
      const score = Math.round((input.score ?? 1) * 10_000) / 10_000;
      const [row]: { times_completed: number }[] = await tx.query(
        `INSERT INTO progress.lesson_completions (user_id, lesson_id, first_completed_at, last_completed_at, times_completed, best_score)
         VALUES ($1, $2, now(), now(), 1, $3)
         ON CONFLICT (user_id, lesson_id) DO UPDATE SET last_completed_at = now(),
           times_completed = lesson_completions.times_completed + 1,
           best_score = GREATEST(lesson_completions.best_score, EXCLUDED.best_score)
         RETURNING times_completed`,
        [userId, input.lessonId, score],
      );
      const xpAwarded = row.times_completed === 1 ? FIRST_COMPLETION_XP : REPEAT_COMPLETION_XP;
      const xp = await new LearnerService(tx).award(userId, "lesson.completed", xpAwarded);
      const addedAt = new Date();
      const added = await new ReviewService(tx).addCards(userId, input.learnedCharacterIds ?? [], input.lessonId, addedAt);
      const completion = await tx.findOneByOrFail(LessonCompletion, { userId, lessonId: input.lessonId });
      const { publisher, meta } = events;
      await publisher.publish(
        tx,
        "lesson.completed",
        {
          userId,
          lessonId: input.lessonId,
          score,
          xpAwarded,
          firstCompletion: row.times_completed === 1,
          completedAt: new Date().toISOString(),
          learnerPublic: xp.profilePublic,
          // Announced so a deck kept elsewhere (analytics' due counts) holds cards not yet reviewed.
          ...(added.length ? { cardsAdded: { characterIds: added, due: addedAt.toISOString() } } : {}),
        },
        meta,
      );
      await new MilestoneService(tx, events).afterActivity(userId, xp, { kind: "LESSON_COMPLETED", lessonId: input.lessonId });
      return { completion, xpAwarded, leveledUp: levelForXp(xp.after) > levelForXp(xp.before), newReviewItems: added.length };
    });
  }
}
