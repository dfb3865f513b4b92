import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, eventHandlers, type EventHandlerContext, type SubgraphEvents } from "@learnloop/kit";
import { claimWeeklyNudge } from "./modules/coaching/nudge-limit";
import { NotificationCategory } from "./modules/notification/notification.enums";
import { eraseRecipient, upsertRecipient } from "./modules/recipient/recipient.service";
import type { NotificationsServices } from "./services";

type E = LearnloopEvents;
type Context = EventHandlerContext<E, NotificationsServices>;
const { on } = eventHandlers<E, NotificationsServices>();

/** One notification per (event, user): the event id is the delivery's idempotency key; email goes after commit. */
async function notify(ctx: Context, userId: string, category: NotificationCategory, data: Record<string, unknown>) {
  const service = ctx.services.notifications;
  const result = await service.deliver(ctx.manager, { sourceEventId: ctx.event.id, userId, category, data });
  const created = result.notification;
  if (created)
    await ctx.publish("notification.created", {
      notificationId: created.id,
      userId,
      category: created.category,
      createdAt: created.createdAt.toISOString(),
    });
  if (result.pendingEmailIds.length)
    ctx.afterCommit(async () => void (await service.sendPending(ctx.manager.connection.manager, result.pendingEmailIds)));
}

const recipient = (u: E["user.created"] | E["user.updated"], at: string) => ({
  userId: u.userId,
  email: u.email,
  displayName: u.displayName ?? "",
  locale: u.locale,
  timezone: u.timezone,
  updatedAt: new Date(at),
});

export const notificationsEvents: SubgraphEvents<E, NotificationsServices> = {
  contracts: learnloopContracts,
  publishes: ["notification.created", "notification.read"],
  consumers: [
    {
      purpose: "user-lifecycle",
      handlers: [
        on("user.created", async (u, ctx) => {
          await upsertRecipient(ctx.manager, recipient(u, u.createdAt));
          await notify(ctx, u.userId, NotificationCategory.WELCOME, { displayName: u.displayName ?? "" });
        }),
        on("user.updated", async (u, ctx) => void (await upsertRecipient(ctx.manager, recipient(u, u.updatedAt)))),
        on("user.deleted", async ({ userId }, ctx) => void (await eraseRecipient(ctx.manager, userId))),
      ],
    },
    {
      purpose: "progress-notifications",
      handlers: [
        on("lesson.completed", (e, ctx) => notify(ctx, e.userId, NotificationCategory.LESSON, { lessonId: e.lessonId })),
        on("level.reached", (e, ctx) => notify(ctx, e.userId, NotificationCategory.LEVEL, { level: e.level })),
        on("achievement.unlocked", (e, ctx) => notify(ctx, e.userId, NotificationCategory.ACHIEVEMENT, { achievement: e.achievement })),
        on("streak.milestone", (e, ctx) => notify(ctx, e.userId, NotificationCategory.STREAK, { days: e.days })),
      ],
    },
    {
      // Dunning (billing, issue 15): account emails, sent whatever the preferences say.
      purpose: "billing-notifications",
      handlers: [
        on("payment.failed", (e, ctx) =>
          notify(ctx, e.userId, NotificationCategory.BILLING, {
            billingNotice: "PAYMENT_FAILED",
            plan: e.plan,
            amountDueCents: e.amountDueCents,
            currency: e.currency,
            date: e.graceEndsAt,
          }),
        ),
        on("subscription.downgraded", (e, ctx) =>
          notify(ctx, e.userId, NotificationCategory.BILLING, { billingNotice: "DOWNGRADED", plan: e.fromPlan }),
        ),
      ],
    },
    {
      // Struggle triage (analytics, ADR 0034): a kind nudge with an easier next step, at most one a
      // week; the learner's COACHING preferences and quiet hours apply (its email waits them out).
      purpose: "coaching-nudges",
      handlers: [
        on("learner.struggling", async (e, ctx) => {
          if (!(await claimWeeklyNudge(ctx.manager, e.userId, ctx.event.id))) {
            ctx.logger.info({ userId: e.userId }, "coaching nudge not sent: one went out this week");
            return;
          }
          await notify(ctx, e.userId, NotificationCategory.COACHING, { suggestion: e.suggestion });
        }),
      ],
    },
    auditErasureConsumer("notifications"),
  ],
};
