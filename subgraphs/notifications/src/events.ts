import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { on, type EventHandlerContext, type SubgraphEvents } from "@learnloop/kit";
import { NotificationCategory } from "./modules/notification/notification.enums";
import type { NotificationService } from "./modules/notification/notification.service";
import { eraseRecipient, upsertRecipient } from "./modules/recipient/recipient.service";

type E = LearnloopEvents;

/** Set in onStart, once the mailer exists; consumers start after onStart. */
export const runtime: { notifications?: NotificationService } = {};

/** One notification per (event, user): the event id is the delivery's idempotency key; email goes after commit. */
async function notify(ctx: EventHandlerContext, userId: string, category: NotificationCategory, data: Record<string, unknown>) {
  const service = runtime.notifications!;
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

export const notificationsEvents: SubgraphEvents = {
  contracts: learnloopContracts,
  publishes: ["notification.created"],
  consumers: [
    {
      purpose: "user-lifecycle",
      handlers: [
        on<E, "user.created">("user.created", async (u, ctx) => {
          await upsertRecipient(ctx.manager, recipient(u, u.createdAt));
          await notify(ctx, u.userId, NotificationCategory.WELCOME, { displayName: u.displayName ?? "" });
        }),
        on<E, "user.updated">("user.updated", async (u, ctx) => void (await upsertRecipient(ctx.manager, recipient(u, u.updatedAt)))),
        on<E, "user.deleted">("user.deleted", async ({ userId }, ctx) => void (await eraseRecipient(ctx.manager, userId))),
      ],
    },
    {
      purpose: "progress-notifications",
      handlers: [
        on<E, "lesson.completed">("lesson.completed", (e, ctx) =>
          notify(ctx, e.userId, NotificationCategory.LESSON, { lessonId: e.lessonId }),
        ),
        on<E, "level.reached">("level.reached", (e, ctx) => notify(ctx, e.userId, NotificationCategory.LEVEL, { level: e.level })),
        on<E, "achievement.unlocked">("achievement.unlocked", (e, ctx) =>
          notify(ctx, e.userId, NotificationCategory.ACHIEVEMENT, { achievement: e.achievement }),
        ),
        on<E, "streak.milestone">("streak.milestone", (e, ctx) => notify(ctx, e.userId, NotificationCategory.STREAK, { days: e.days })),
      ],
    },
  ],
};
