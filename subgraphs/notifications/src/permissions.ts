import { allow, isAuthenticated, isOwner, type IRules } from "@learnloop/kit";
import type { User } from "./modules/recipient/user.stub";

/** A user's notifications and settings are theirs alone; no other user (and no anonymous caller) sees them. */
const ownerOnly = isOwner<User>((user) => user.id);

export const permissions: IRules = {
  Subscription: { notificationAdded: isAuthenticated },
  Mutation: {
    markNotificationRead: isAuthenticated,
    markAllNotificationsRead: isAuthenticated,
    updateNotificationPreferences: isAuthenticated,
  },
  User: { id: allow, notifications: ownerOnly, unreadNotificationCount: ownerOnly, notificationPreferences: ownerOnly },
  // Reachable only through the owner-only fields above or the viewer's own mutations.
  Notification: allow,
  Lesson: allow,
  NotificationConnection: allow,
  NotificationEdge: allow,
  PageInfo: allow,
  NotificationPreferences: allow,
  NotificationPreference: allow,
  QuietHours: allow,
};
