import { In, type EntityManager } from "typeorm";
import { Learner } from "./learner.entity";
import { computeStreaks, localDate } from "./streaks";

export class LearnerService {
  constructor(private readonly manager: EntityManager) {}

  findByIds(ids: readonly string[]): Promise<Learner[]> {
    return this.manager.findBy(Learner, { userId: In([...ids]) });
  }

  /** Adds XP and an activity in the caller's transaction; returns XP before and after, and whether the learner is public. */
  async award(userId: string, kind: string, xp: number): Promise<{ before: number; after: number; profilePublic: boolean }> {
    const [row]: { xp: number; profile_public: boolean }[] = await this.manager.query(
      `INSERT INTO progress.learners (user_id, xp) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET xp = learners.xp + EXCLUDED.xp RETURNING xp, profile_public`,
      [userId, xp],
    );
    await this.manager.query(`INSERT INTO progress.activities (user_id, kind, xp) VALUES ($1, $2, $3)`, [userId, kind, xp]);
    return { before: row.xp - xp, after: row.xp, profilePublic: row.profile_public };
  }

  /** Streaks for many (user, time zone) pairs in one statement. */
  async streaks(keys: readonly { userId: string; timezone: string }[], now = new Date()) {
    const rows: { user_id: string; tz: string; day: string }[] = await this.manager.query(
      `SELECT a.user_id, t.tz, to_char((a.occurred_at AT TIME ZONE t.tz)::date, 'YYYY-MM-DD') AS day
         FROM progress.activities a
         JOIN unnest($1::text[], $2::text[]) AS t(user_id, tz) ON t.user_id = a.user_id
        GROUP BY a.user_id, t.tz, day`,
      [keys.map((k) => k.userId), keys.map((k) => k.timezone)],
    );
    return keys.map((k) => {
      const days = rows.filter((r) => r.user_id === k.userId && r.tz === k.timezone).map((r) => r.day);
      return computeStreaks(days, localDate(now, k.timezone));
    });
  }
}
