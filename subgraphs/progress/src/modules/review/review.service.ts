import { createEmptyCard, fsrs, type Card, type Grade } from "./fsrs";
import { In, MoreThan, type EntityManager } from "typeorm";
import type { LearnloopSink, ReviewRecordedV1 } from "@learnloop/events";
import { KnownCatalogue } from "../catalogue/known-catalogue";
import { LearnerService } from "../learner/learner.service";
import { MilestoneService } from "../milestones/milestones.service";
import { FSRS_STATES, ReviewCard, ReviewLog, ReviewState } from "./review-card.entity";

const scheduler = fsrs();
export const REVIEW_XP = 1;
const MAX_INT = 2 ** 31 - 1;

const toCard = (row: ReviewCard): Card => ({
  due: row.due,
  stability: row.stability,
  difficulty: row.difficulty,
  elapsed_days: row.elapsedDays,
  scheduled_days: row.scheduledDays,
  learning_steps: row.learningSteps,
  reps: row.reps,
  lapses: row.lapses,
  state: row.state,
  last_review: row.lastReview ?? undefined,
});

function applyCard(row: ReviewCard, card: Card): ReviewCard {
  row.due = card.due;
  row.stability = card.stability;
  row.difficulty = card.difficulty;
  row.elapsedDays = card.elapsed_days;
  row.scheduledDays = card.scheduled_days;
  row.learningSteps = card.learning_steps;
  row.reps = card.reps;
  row.lapses = card.lapses;
  row.state = card.state;
  row.lastReview = card.last_review ?? null;
  return row;
}

const RATING_NAMES = { 1: "AGAIN", 2: "HARD", 3: "GOOD", 4: "EASY" } as const satisfies Record<Grade, ReviewRecordedV1["rating"]>;

/** The review.recorded payload: the rating and the card as `record` saved it (analytics keeps its own copy). */
function reviewRecorded(row: ReviewCard, rating: Grade, at: Date): ReviewRecordedV1 {
  return {
    userId: row.userId,
    characterId: row.characterId,
    lessonId: row.lessonId,
    rating: RATING_NAMES[rating],
    state: FSRS_STATES[row.state] ?? ReviewState.NEW,
    stability: row.stability,
    difficulty: row.difficulty,
    due: row.due.toISOString(),
    reps: row.reps,
    lapses: row.lapses,
    elapsedDays: Math.max(0, Math.round(row.elapsedDays)),
    reviewedAt: at.toISOString(),
  };
}

export class ReviewService {
  constructor(private readonly manager: EntityManager) {}

  /** New cards, due now; characters already in the deck are left as they are. Returns the characters added. */
  async addCards(userId: string, characterIds: string[], lessonId: string | null, now = new Date()): Promise<string[]> {
    const unique = [...new Set(characterIds)];
    if (!unique.length) return [];
    const card = createEmptyCard(now);
    const inserted: { character_id: string }[] = await this.manager.query(
      `INSERT INTO progress.review_cards (user_id, character_id, lesson_id, due, stability, difficulty, elapsed_days,
         scheduled_days, learning_steps, reps, lapses, state, last_review)
       SELECT $1, character_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL FROM unnest($2::text[]) AS character_id
       ON CONFLICT (user_id, character_id) DO NOTHING RETURNING character_id`,
      [
        userId,
        unique,
        lessonId,
        card.due,
        card.stability,
        card.difficulty,
        card.elapsed_days,
        card.scheduled_days,
        card.learning_steps,
        card.reps,
        card.lapses,
        card.state,
      ],
    );
    return inserted.map((r) => r.character_id);
  }

  /** Due cards of characters the catalogue has; older rows about unknown ids are skipped, never served as a null Character. */
  dueCards(userId: string, limit: number, now = new Date()): Promise<ReviewCard[]> {
    return this.manager
      .createQueryBuilder(ReviewCard, "card")
      .where("card.userId = :userId AND card.due <= :now", { userId, now })
      .andWhere("EXISTS (SELECT 1 FROM progress.catalogue_characters known WHERE known.character_id = card.character_id)")
      .orderBy("card.due", "ASC")
      .addOrderBy("card.characterId", "ASC")
      .limit(limit)
      .getMany();
  }

  /** When each learner's next card falls due (the earliest due of cards the catalogue has); absent for a learner with none. */
  async nextDue(userIds: readonly string[]): Promise<{ userId: string; due: Date }[]> {
    const rows: { user_id: string; due: Date }[] = await this.manager.query(
      `SELECT card.user_id, min(card.due) AS due FROM progress.review_cards card
       WHERE card.user_id = ANY($1)
         AND EXISTS (SELECT 1 FROM progress.catalogue_characters known WHERE known.character_id = card.character_id)
       GROUP BY card.user_id`,
      [[...userIds]],
    );
    return rows.map((r) => ({ userId: r.user_id, due: new Date(r.due) }));
  }

  /** Cards of these lessons that have been reviewed at least once (a new card has no memory to measure). */
  reviewedCardsForLessons(userId: string, lessonIds: readonly string[]): Promise<ReviewCard[]> {
    return this.manager.findBy(ReviewCard, { userId, lessonId: In([...lessonIds]), reps: MoreThan(0) });
  }

  retrievability(card: ReviewCard, now = new Date()): number {
    return scheduler.get_retrievability(toCard(card), now, false);
  }

  /**
   * What `record` would schedule for each rating now: the same scheduler and card, not saved.
   * Keyed by the caller's ratings, in their order.
   */
  static preview<R extends string>(
    row: ReviewCard,
    grades: Record<R, Grade>,
    now = new Date(),
  ): { rating: R; due: Date; intervalSeconds: number; state: ReviewState }[] {
    return (Object.entries(grades) as [R, Grade][]).map(([rating, grade]) => {
      const { card } = scheduler.next(toCard(row), now, grade);
      return {
        rating,
        due: card.due,
        // GraphQL's Int is 32-bit: FSRS allows intervals up to 100 years, so beyond 68 the count stops (due stays exact).
        intervalSeconds: Math.min(MAX_INT, Math.max(0, Math.round((card.due.getTime() - now.getTime()) / 1000))),
        state: FSRS_STATES[card.state] ?? ReviewState.NEW,
      };
    });
  }

  /**
   * The learner's reviews since midnight in their time zone (the learners row's, UTC without one).
   * Under `lock` (in a transaction) concurrent reviews of one learner are counted one after another.
   */
  async reviewsToday(userId: string, now = new Date(), lock = false): Promise<number> {
    if (lock) await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext('progress.reviews:' || $1))`, [userId]);
    const [row]: { count: string }[] = await this.manager.query(
      `SELECT count(*) AS count
         FROM progress.review_logs l,
              (SELECT COALESCE((SELECT timezone FROM progress.learners WHERE user_id = $1), 'UTC') AS name) tz
        WHERE l.user_id = $1
          AND l.reviewed_at >= (date_trunc('day', $2::timestamptz AT TIME ZONE tz.name) AT TIME ZONE tz.name)`,
      [userId, now],
    );
    return Number(row.count);
  }

  /**
   * Applies a rating with FSRS (creating the card on a first review) and awards review XP. With a
   * `dailyCap` (a learner without UNLIMITED_REVIEWS), `overCap` is thrown once today's reviews reach it.
   */
  async record(
    userId: string,
    characterId: string,
    rating: Grade,
    events: LearnloopSink,
    now = new Date(),
    limit?: { dailyCap: number; overCap: () => Error },
  ): Promise<ReviewCard> {
    return this.manager.transaction(async (tx) => {
      await new KnownCatalogue(tx).assertCharacter(characterId);
      if (limit && (await new ReviewService(tx).reviewsToday(userId, now, true)) >= limit.dailyCap) throw limit.overCap();
      let row = await tx.findOne(ReviewCard, { where: { userId, characterId }, lock: { mode: "pessimistic_write" } });
      if (!row) row = applyCard(Object.assign(new ReviewCard(), { userId, characterId, lessonId: null }), createEmptyCard(now));
      const next = scheduler.next(toCard(row), now, rating);
      applyCard(row, next.card);
      await tx.save(ReviewCard, row);
      await tx.insert(ReviewLog, { userId, characterId, rating, state: next.log.state, reviewedAt: now });
      await events.publisher.publish(tx, "review.recorded", reviewRecorded(row, rating, now), events.meta);
      const xp = await new LearnerService(tx).award(userId, "review", REVIEW_XP);
      await new MilestoneService(tx, events).afterActivity(userId, xp, { kind: "REVIEW_RECORDED" }, now);
      return row;
    });
  }
}
