import { audited, ConnectionType, eventSink, UnauthenticatedError } from "@learnloop/kit";
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { NotificationsContext } from "../../context";
import { User } from "../recipient/user.stub";
import { ownUserId } from "../recipient/owner";
import { InboxService } from "./inbox.service";
import { Notification } from "./notification.entity";
import { NotificationsArgs } from "./notification.inputs";

export const NotificationConnection = ConnectionType(Notification, "Notification");

@Resolver(() => User)
export class NotificationResolver {
  @FieldResolver(() => NotificationConnection, {
    description: "The user's in-app notifications, newest first. Only the user may read them.",
  })
  notifications(@Root() user: User, @Args() args: NotificationsArgs, @Ctx() ctx: NotificationsContext) {
    return new InboxService(ctx.db.dataSource.manager).list(ownUserId(user, ctx), args);
  }

  @FieldResolver(() => Int, { description: "How many of the user's notifications are unread. Only the user may read it." })
  unreadNotificationCount(@Root() user: User, @Ctx() ctx: NotificationsContext): Promise<number> {
    return ctx.loaders.unreadCountByUserId.load(ownUserId(user, ctx));
  }

  @Mutation(() => Notification, { description: "Marks one of the signed-in user's notifications read." })
  markNotificationRead(@Arg("id", () => ID) id: string, @Ctx() ctx: NotificationsContext): Promise<Notification> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    return audited(
      ctx,
      "markNotificationRead",
      (tx) => new InboxService(tx).markRead(userId, id, eventSink(ctx)),
      (n) => ({ targetType: "Notification", targetIds: [n.id, userId] }),
    );
  }

  @Mutation(() => Int, { description: "Marks all the signed-in user's notifications read; returns how many were unread." })
  markAllNotificationsRead(@Ctx() ctx: NotificationsContext): Promise<number> {
    if (!ctx.viewer) throw new UnauthenticatedError();
    const userId = ctx.viewer.userId;
    return audited(
      ctx,
      "markAllNotificationsRead",
      (tx) => new InboxService(tx).markAllRead(userId, eventSink(ctx)),
      (marked) => ({ targetType: "User", targetIds: [userId], changes: { marked } }),
    );
  }
}
