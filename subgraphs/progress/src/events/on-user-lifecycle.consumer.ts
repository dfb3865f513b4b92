import type { LearnloopEvents } from "@learnloop/events";
import { eventHandlers, type ConsumerDefinition, type EventHandlerContext } from "@learnloop/kit";

const { on } = eventHandlers<LearnloopEvents>();

/** The profile fields progress copies. An event without profileVisibility (an older producer) means private. */
const keepProfile = async (
  user: { userId: string; timezone: string; profileVisibility?: "PUBLIC" | "PRIVATE" },
  { manager }: EventHandlerContext<LearnloopEvents>,
) =>
  void (await manager.query(
    `INSERT INTO progress.learners (user_id, timezone, profile_public) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET timezone = EXCLUDED.timezone, profile_public = EXCLUDED.profile_public`,
    [user.userId, user.timezone, user.profileVisibility === "PUBLIC"],
  ));

/** Keeps a learner row (time zone for streak milestones, visibility for xp and level) per user, and erases it all on deletion. */
export const userLifecycleConsumer: ConsumerDefinition<LearnloopEvents> = {
  purpose: "user-lifecycle",
  handlers: [
    on("user.created", keepProfile),
    on("user.updated", keepProfile),
    on("user.deleted", async ({ userId }, { manager }) => {
      for (const table of ["review_logs", "review_cards", "lesson_completions", "activities", "achievements", "learners"])
        await manager.query(`DELETE FROM progress.${table} WHERE user_id = $1`, [userId]);
    }),
  ],
};
