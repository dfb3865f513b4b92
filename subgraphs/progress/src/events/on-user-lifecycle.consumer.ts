import type { LearnloopEvents } from "@learnloop/events";
import { on, type ConsumerDefinition, type EventHandlerContext } from "@learnloop/kit";

type E = LearnloopEvents;

const keepTimezone = async (user: { userId: string; timezone: string }, { manager }: EventHandlerContext) =>
  void (await manager.query(
    `INSERT INTO progress.learners (user_id, timezone) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET timezone = EXCLUDED.timezone`,
    [user.userId, user.timezone],
  ));

/** Keeps a learner row (with the time zone streak milestones need) per user, and erases it all on deletion. */
export const userLifecycleConsumer: ConsumerDefinition = {
  purpose: "user-lifecycle",
  handlers: [
    on<E, "user.created">("user.created", keepTimezone),
    on<E, "user.updated">("user.updated", keepTimezone),
    on<E, "user.deleted">("user.deleted", async ({ userId }, { manager }) => {
      for (const table of ["review_logs", "review_cards", "lesson_completions", "activities", "achievements", "learners"])
        await manager.query(`DELETE FROM progress.${table} WHERE user_id = $1`, [userId]);
    }),
  ],
};
