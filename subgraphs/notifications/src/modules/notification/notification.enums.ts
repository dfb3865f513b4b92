import { registerEnumType } from "type-graphql";

export enum NotificationCategory {
  WELCOME = "WELCOME",
  LESSON = "LESSON",
  LEVEL = "LEVEL",
  ACHIEVEMENT = "ACHIEVEMENT",
  STREAK = "STREAK",
  SYSTEM = "SYSTEM",
  /** About the learner's subscription and payments: an account message, always sent (see ACCOUNT_CATEGORIES). */
  BILLING = "BILLING",
  /** A kind nudge with an easier next step, when analytics' triage flags the learner as struggling (ADR 0034). */
  COACHING = "COACHING",
}
registerEnumType(NotificationCategory, { name: "NotificationCategory", description: "What a notification is about." });
export const NOTIFICATION_CATEGORIES = Object.values(NotificationCategory);
/**
 * Account messages (a failed payment, a plan that ended): in-app and email whatever the
 * preferences and quiet hours say, since missing one costs the learner their plan.
 */
export const ACCOUNT_CATEGORIES: ReadonlySet<NotificationCategory> = new Set([NotificationCategory.BILLING]);

/**
 * Categories whose email, decided in the recipient's quiet hours, waits for their end instead of
 * being skipped: a nudge is worth sending later, where a lesson's congratulations is stale by then.
 */
export const DEFERRED_IN_QUIET_HOURS: ReadonlySet<NotificationCategory> = new Set([NotificationCategory.COACHING]);

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
