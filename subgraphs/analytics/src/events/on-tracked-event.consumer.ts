import type { LearnloopEvents } from "@learnloop/events";
import { eventHandlers, type ConsumerDefinition, type EventHandler } from "@learnloop/kit";
import type { EntityManager } from "typeorm";
import type { AnalyticsServices } from "../context";
import { addNewCards, applyReview } from "../modules/cards/cards.store";
import { eraseUser, recordEvents } from "../modules/tracking/tracking.store";
import { evaluateLearner } from "../modules/triage/triage.store";

type E = LearnloopEvents;
const { on } = eventHandlers<E, AnalyticsServices>();

/**
 * Rows after which the event-driven triage rules run for the learner (ADR 0034), in the same
 * transaction, so the rules read the row just stored and a redelivery (already processed) flags no one.
 */
const TRIAGE_TRIGGERS: ReadonlySet<string> = new Set(["progress.updated", "review.recorded"]);

/** What a row keeps of an event: whose it is, when it happened, and the payload without personal data. */
interface Kept {
  userId: string;
  at: string;
  payload: Record<string, unknown>;
}

/**
 * A handler that stores its event through the one insert helper; `keep` picks the fields (typed per
 * event). `then` runs in the same transaction once the row is stored (not for an erased user), and
 * then the event-driven triage rules for the learner's trigger events.
 */
const track = <K extends keyof E & string>(
  event: K,
  keep: (payload: E[K]) => Kept,
  then?: (payload: E[K], manager: EntityManager) => Promise<void>,
): EventHandler<E, AnalyticsServices> =>
  on(event, async (payload, { manager, event: envelope, services, publish }) => {
    const { userId, at, payload: kept } = keep(payload);
    const stored = await recordEvents(manager, [
      {
        eventId: envelope.id,
        type: envelope.type,
        version: envelope.version,
        source: "server",
        userId,
        occurredAt: new Date(at),
        payload: kept,
      },
    ]);
    if (!stored) return;
    if (then) await then(payload, manager);
    if (TRIAGE_TRIGGERS.has(envelope.type))
      await evaluateLearner(manager, userId, services.triage, new Date(), (p) => publish("learner.struggling", p));
  });

/** Everything but the user id and the timestamp the row already has in columns. */
const rest =
  <P extends { userId: string }, T extends keyof P>(time: T) =>
  (p: P): Kept => {
    const { userId, [time]: at, ...payload } = p;
    return { userId, at: String(at), payload };
  };

/** Profile events without email and display name: analytics keeps no contact data. */
const profile = (p: E["user.created"] | E["user.updated"], at: string): Kept => ({
  userId: p.userId,
  at,
  payload: { locale: p.locale, timezone: p.timezone, ...(p.profileVisibility ? { profileVisibility: p.profileVisibility } : {}) },
});

/**
 * Every per-user event of schema/events, once each (the kit records the event id in the same
 * transaction). The catalogue events are not tracked: they are snapshots of the content, not
 * anyone's activity (ADR 0031). `user.deleted` erases the user's rows and leaves one anonymous row.
 * Reviews and the cards lessons add also keep analytics' copy of the learner's deck (insights).
 */
export const trackingConsumer: ConsumerDefinition<E, AnalyticsServices> = {
  purpose: "tracking",
  handlers: [
    track("user.created", (p) => profile(p, p.createdAt)),
    track("user.updated", (p) => profile(p, p.updatedAt)),
    on("user.deleted", async ({ userId, deletedAt }, { manager, event }) => {
      await eraseUser(manager, userId);
      await recordEvents(manager, [
        {
          eventId: event.id,
          type: event.type,
          version: event.version,
          source: "server",
          userId: null,
          occurredAt: new Date(deletedAt),
          payload: {},
        },
      ]);
    }),
    track("lesson.completed", rest("completedAt"), async ({ userId, cardsAdded }, manager) => {
      if (cardsAdded) await addNewCards(manager, userId, cardsAdded.characterIds, cardsAdded.due);
    }),
    track("review.recorded", rest("reviewedAt"), (review, manager) => applyReview(manager, review)),
    track("progress.updated", rest("occurredAt")),
    track("level.reached", rest("reachedAt")),
    track("achievement.unlocked", rest("unlockedAt")),
    track("streak.milestone", rest("reachedAt")),
    track("notification.created", rest("createdAt")),
    track("notification.read", rest("readAt")),
    track("entitlements.changed", rest("changedAt")),
    track("payment.failed", rest("failedAt")),
    track("subscription.downgraded", rest("downgradedAt")),
  ],
};
