import type { AchievementUnlockedV1, LearnloopSink, ProgressUpdatedV1, StreakMilestoneV1 } from "@learnloop/events";
import type { EntityManager } from "typeorm";
import { computeStreaks, levelForXp, localDate } from "../learner/streaks";

type Achievement = AchievementUnlockedV1["achievement"];
const STREAK_MILESTONES: StreakMilestoneV1["days"][] = [3, 7, 30, 100, 365];
/** Enough days of activity to see the longest milestone's run, with room for time zones. */
const STREAK_WINDOW_DAYS = 367;

/**
 * Turns an activity into the facts other subgraphs care about (level reached, achievements,
 * streak milestones), published in the same transaction as the activity. Each achievement and
 * each milestone day is recorded, so it is announced once.
 */
export class MilestoneService {
  constructor(
    private readonly tx: EntityManager,
    private readonly events: LearnloopSink,
  ) {}

  async afterActivity(
    userId: string,
    xp: { before: number; after: number },
    cause: { kind: ProgressUpdatedV1["cause"]; lessonId?: string },
    now = new Date(),
  ): Promise<void> {
    const at = now.toISOString();
    const { publisher, meta } = this.events;
    const level = levelForXp(xp.after);
    if (level > levelForXp(xp.before))
      await publisher.publish(this.tx, "level.reached", { userId, level, xp: xp.after, reachedAt: at }, meta);

    // One statement, bounded whatever the learner's history: counts stop at the largest threshold,
    // and the streak only needs the days since the longest milestone.
    const [facts]: { lessons: number; reviews: number; timezone: string; days: string[] }[] = await this.tx.query(
      `WITH learner AS (SELECT coalesce((SELECT timezone FROM progress.learners WHERE user_id = $1), 'UTC') AS tz)
       SELECT (SELECT count(*)::int FROM (SELECT 1 FROM progress.lesson_completions WHERE user_id = $1 LIMIT 10) c) AS lessons,
              (SELECT count(*)::int FROM (SELECT 1 FROM progress.review_logs WHERE user_id = $1 LIMIT 100) r) AS reviews,
              learner.tz AS timezone,
              ARRAY(SELECT DISTINCT to_char((occurred_at AT TIME ZONE learner.tz)::date, 'YYYY-MM-DD') FROM progress.activities
                     WHERE user_id = $1 AND occurred_at > $2::timestamptz - interval '${STREAK_WINDOW_DAYS} days') AS days
         FROM learner`,
      [userId, at],
    );
    const { lessons, reviews, timezone, days } = facts;
    const streak = computeStreaks(days, localDate(now, timezone)).current;

    // What live progress subscriptions show: the state after this activity.
    await publisher.publish(
      this.tx,
      "progress.updated",
      {
        userId,
        cause: cause.kind,
        lessonId: cause.lessonId,
        xp: xp.after,
        xpAwarded: xp.after - xp.before,
        level,
        currentStreak: streak,
        occurredAt: at,
      },
      meta,
    );

    const earned: Achievement[] = [];
    if (lessons >= 1) earned.push("FIRST_LESSON");
    if (lessons >= 10) earned.push("TEN_LESSONS");
    if (reviews >= 1) earned.push("FIRST_REVIEW");
    if (reviews >= 100) earned.push("HUNDRED_REVIEWS");
    if (streak >= 7) earned.push("SEVEN_DAY_STREAK");
    if (level >= 5) earned.push("LEVEL_FIVE");
    if (earned.length) {
      const fresh: { achievement: Achievement }[] = await this.tx.query(
        `INSERT INTO progress.achievements (user_id, achievement) SELECT $1, unnest($2::text[])
         ON CONFLICT DO NOTHING RETURNING achievement`,
        [userId, earned],
      );
      for (const { achievement } of fresh)
        await publisher.publish(this.tx, "achievement.unlocked", { userId, achievement, unlockedAt: at }, meta);
    }

    if (STREAK_MILESTONES.includes(streak as StreakMilestoneV1["days"])) {
      // Once per milestone per run: the record is keyed by the day the run reached it.
      const fresh: unknown[] = await this.tx.query(
        `INSERT INTO progress.achievements (user_id, achievement) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [userId, `STREAK_${streak}_${localDate(now, timezone)}`],
      );
      if (fresh.length)
        await publisher.publish(this.tx, "streak.milestone", { userId, days: streak as StreakMilestoneV1["days"], reachedAt: at }, meta);
    }
  }
}
