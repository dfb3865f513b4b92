import type { NotificationCreatedV1 } from "@learnloop/events";
import { LiveEvent, LiveSubscription, type EventEnvelope } from "@learnloop/kit";
import { Ctx, Resolver } from "type-graphql";
import type { NotificationsContext } from "../../context";
import { Notification } from "./notification.entity";

@Resolver()
export class LiveNotificationResolver {
  /** From notification.created; the gateway routes each event to its recipient's subscriptions only. */
  @LiveSubscription(() => Notification, {
    nullable: true,
    description: "Each notification added to the signed-in user's inbox, as it arrives. Never null on the wire.",
  })
  async notificationAdded(
    @LiveEvent() event: EventEnvelope<NotificationCreatedV1>,
    @Ctx() { viewer, db }: NotificationsContext,
  ): Promise<Notification | null> {
    // The gateway already routed by recipient; this is the owner check, on our own rows.
    if (event.type !== "notification.created" || event.payload.userId !== viewer?.userId) return null;
    return db.dataSource.manager.findOneBy(Notification, { id: event.payload.notificationId, userId: viewer.userId });
  }
}
