import { defineSubgraph, startPeriodic } from "@learnloop/kit";
import { createLoaders } from "./context";
import type { NotificationsServices } from "./services";
import { envSchema, type NotificationsEnv } from "./environment";
import { notificationsEvents } from "./events";
import { createMailer } from "./modules/email/mailer";
import { NotificationService } from "./modules/notification/notification.service";
import { CreateNotifications1795320000000 } from "./migrations/1795320000000-create-notifications";
import { ErasedUsers1795320000001 } from "./migrations/1795320000001-erased-users";
import { BillingCategory1796300000000 } from "./migrations/1796300000000-billing-category";
import { CoachingNudges1796600000001 } from "./migrations/1796600000001-coaching-nudges";
import { Delivery } from "./modules/notification/delivery.entity";
import { Notification } from "./modules/notification/notification.entity";
import { LiveNotificationResolver } from "./modules/notification/live-notification.resolver";
import { NotificationResolver } from "./modules/notification/notification.resolver";
import { PreferencesResolver } from "./modules/preferences/preferences.resolver";
import { Preference, QuietHoursRow } from "./modules/preferences/preference.entity";
import { Recipient } from "./modules/recipient/recipient.entity";
import { resolveUserReference, User } from "./modules/recipient/user.stub";
import { permissions } from "./permissions";

export { envSchema, type NotificationsEnv };
export { createMailer, type Mailer, type MailerConfig, type OutgoingEmail } from "./modules/email/mailer";
export { NotificationService, type DeliverInput, type DeliverResult } from "./modules/notification/notification.service";
export { DeliveryStatus, NotificationCategory, NotificationChannel } from "./modules/notification/notification.enums";
export { Delivery, Notification };
export { upsertRecipient, eraseRecipient, type RecipientInput } from "./modules/recipient/recipient.service";

export const subgraph = defineSubgraph({
  name: "notifications",
  envSchema,
  schema: {
    resolvers: [NotificationResolver, PreferencesResolver, LiveNotificationResolver],
    references: { User: resolveUserReference },
    // No root field returns a User: it is reached only through `_entities`.
    orphanedTypes: [User],
  },
  permissions,
  entities: [Recipient, Notification, Preference, QuietHoursRow, Delivery],
  migrations: [CreateNotifications1795320000000, ErasedUsers1795320000001, BillingCategory1796300000000, CoachingNudges1796600000001],
  createLoaders,
  events: notificationsEvents,
  services: ({ env, logger }): NotificationsServices => ({
    notifications: new NotificationService({
      mailer: createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM }, logger),
      logger: logger.child({ source: "notifications" }),
    }),
  }),
  background: ({ db, env, logger, services }) => [
    startPeriodic(
      "email-sweep",
      env.EMAIL_SWEEP_INTERVAL_MS,
      async () => void (await services.notifications.sendPending(db.dataSource.manager)),
      logger,
    ),
  ],
});
