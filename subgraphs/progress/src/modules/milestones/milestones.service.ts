import type { EventSink } from "@learnloop/events";
import type { AchievementUnlockedV1, StreakMilestoneV1 } from "@learnloop/events";
import type { EntityManager } from "typeorm";
import { computeStreaks, levelForXp, localDate } from "../learner/streaks";

type Achievement = AchievementUnlockedV1["achievement"];
const STREAK_MILESTONES: StreakMilestoneV1["days"][] = [3, 7, 30, 100, 365];

/**
 * Turns an activity into the facts other subgraphs care about (level reached, achievements,
 * streak milestones), published in the same transaction as the activity. Each achievement and
 * each milestone day is recorded, so it is announced once.
 */
export class MilestoneService {
  constructor(
    private readonly tx: EntityManager,
    private readonly events: EventSink,
  ) {}

  async afterActivity(userId: string, xp: { before: number; after: number }, now = new Date()): Promise<void> {
    const at = now.toISOString();
    const { publisher, meta } = this.events;
    const level = levelForXp(xp.after);
    if (level > levelForXp(xp.before))
      await publisher.publish(this.tx, "level.reached", { userId, level, xp: xp.after, reachedAt: at }, meta);

    const [counts]: { lessons: number; reviews: number; timezone: string }[] = await this.tx.query(
      `SELECT (SELECT count(*)::int FROM progress.lesson_completions WHERE user_id = $1) AS lessons,
              (SELECT count(*)::int FROM progress.review_logs WHERE user_id = $1) AS reviews,
              (SELECT timezone FROM progress.learners WHERE user_id = $1) AS timezone`,
      [userId],
    );
    const timezone = counts.timezone ?? "UTC";
    const days: { day: string }[] = await this.tx.query(
      `SELECT DISTINCT to_char((occurred_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day FROM progress.activities WHERE user_id = $1`,
      [userId, timezone],
    );
    const streak = computeStreaks(
      days.map((d) => d.day),
      localDate(now, timezone),
    ).current;

    const earned: Achievement[] = [];
    if (counts.lessons >= 1) earned.push("FIRST_LESSON");
    if (counts.lessons >= 10) earned.push("TEN_LESSONS");
    if (counts.reviews >= 1) earned.push("FIRST_REVIEW");
    if (counts.reviews >= 100) earned.push("HUNDRED_REVIEWS");
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
