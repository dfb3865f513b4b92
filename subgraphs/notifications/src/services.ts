import type { NotificationService } from "./modules/notification/notification.service";

/** Built once at start and handed to consumers and the email sweep. */
export interface NotificationsServices {
  notifications: NotificationService;
}
