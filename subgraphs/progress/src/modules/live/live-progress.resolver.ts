import type { ProgressUpdatedV1 } from "@learnloop/events";
import { LiveEvent, LiveSubscription, type EventEnvelope, type SubgraphContext } from "@learnloop/kit";
import { Ctx, Resolver } from "type-graphql";
import { Lesson } from "../lesson-progress/lesson.stub";
import { User } from "../learner/user.stub";
import { ProgressUpdate, type ProgressCause } from "./progress-update.type";

@Resolver()
export class LiveProgressResolver {
  /** From progress.updated; the gateway routes each event to the learner's own subscriptions only. */
  @LiveSubscription(() => ProgressUpdate, {
    nullable: true,
    description: "The signed-in learner's xp, level and streak after each activity. Never null on the wire.",
  })
  progressUpdated(@LiveEvent() event: EventEnvelope<ProgressUpdatedV1>, @Ctx() { viewer }: SubgraphContext): ProgressUpdate | null {
    const e = event.payload;
    if (event.type !== "progress.updated" || e.userId !== viewer?.userId) return null;
    return Object.assign(new ProgressUpdate(), {
      user: Object.assign(new User(), { id: e.userId }),
      cause: e.cause as ProgressCause,
      lesson: e.lessonId ? Object.assign(new Lesson(), { id: e.lessonId }) : null,
      xp: e.xp,
      xpAwarded: e.xpAwarded,
      level: e.level,
      currentStreak: e.currentStreak,
      occurredAt: new Date(e.occurredAt),
    });
  }
}
