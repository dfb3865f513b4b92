import { registerEnumType } from "type-graphql";

export enum NotificationCategory {
  WELCOME = "WELCOME",
  LESSON = "LESSON",
  LEVEL = "LEVEL",
  ACHIEVEMENT = "ACHIEVEMENT",
  STREAK = "STREAK",
  SYSTEM = "SYSTEM",
}
registerEnumType(NotificationCategory, { name: "NotificationCategory", description: "What a notification is about." });
export const NOTIFICATION_CATEGORIES = Object.values(NotificationCategory);

export enum NotificationChannel {
  IN_APP = "IN_APP",
  EMAIL = "EMAIL",
}
registerEnumType(NotificationChannel, { name: "NotificationChannel", description: "Where a notification is delivered." });
export const NOTIFICATION_CHANNELS = Object.values(NotificationChannel);

/** The outcome of one channel for one (event, user); not exposed in GraphQL. */
export enum DeliveryStatus {
  /** Email decided and committed, not yet claimed by a sender. */
  PENDING = "PENDING",
  /** Claimed by a sender (committed before the SMTP call); never claimed again, so never sent twice. */
  SENDING = "SENDING",
  SENT = "SENT",
  SKIPPED_PREFERENCE = "SKIPPED_PREFERENCE",
  SKIPPED_QUIET_HOURS = "SKIPPED_QUIET_HOURS",
  SKIPPED_NO_ADDRESS = "SKIPPED_NO_ADDRESS",
  SKIPPED_NO_TRANSPORT = "SKIPPED_NO_TRANSPORT",
  FAILED = "FAILED",
}
