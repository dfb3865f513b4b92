import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { EntityManager } from "typeorm";
import { returnedRows } from "@learnloop/kit";
import type { Mailer } from "../email/mailer";
import { PreferencesService } from "../preferences/preferences.service";
import { isQuietTime, quietHoursEnd } from "../preferences/quiet-hours";
import { Recipient } from "../recipient/recipient.entity";
import { isErased } from "../recipient/recipient.service";
import { renderEmail, renderNotification } from "../templates/templates";
import { Notification } from "./notification.entity";
import {
  ACCOUNT_CATEGORIES,
  DEFERRED_IN_QUIET_HOURS,
  DeliveryStatus,
  NOTIFICATION_CATEGORIES,
  NotificationCategory,
  NotificationChannel,
} from "./notification.enums";

export interface DeliverInput {
  /** The id of the event that caused the notification; with the user, it makes delivery idempotent. */
  sourceEventId: string;
  userId: string;
  category: NotificationCategory;
  /** Values for the template ({displayName}, {lessonTitle}, {level}, {achievement}, {days}, ...). */
  data?: Record<string, unknown>;
  /** The notification's time and the instant quiet hours are judged at; defaults to the current time. */
  now?: Date;
}

export interface DeliverResult {
  /** True when this (event, user) was delivered before: nothing was written and nothing is to be sent. */
  duplicate: boolean;
  /** True when the user was erased: nothing was written and nothing is to be sent. */
  erased: boolean;
  /** The in-app notification created, or null (duplicate, or in-app turned off for the category). */
  notification: Notification | null;
  inApp: DeliveryStatus | null;
  email: DeliveryStatus | null;
  /**
   * Email deliveries this call left PENDING. Pass them to `sendPending` once the caller's
   * transaction has committed; a rolled-back transaction leaves nothing to send.
   */
  pendingEmailIds: string[];
}

export interface SendSummary {
  sent: number;
  failed: number;
  skipped: number;
}

const ERROR_LIMIT = 500;
const NOTHING: DeliverResult = { duplicate: false, erased: false, notification: null, inApp: null, email: null, pendingEmailIds: [] };

/**
 * Turns "this happened to this user" into an in-app notification and an email decision.
 *
 * Email is sent after commit, never inside the transaction: `deliver` records the email as a
 * PENDING delivery in the caller's transaction; `sendPending`, called after the commit, claims
 * each row by moving it to SENDING in its own committed statement, then sends, then marks it
 * SENT or FAILED. The unique (event, user, channel) row means a redelivered event decides
 * nothing new, and the claim means at most one sender ever gets a row: a crash after the claim
 * leaves it SENDING (not retried, so never sent twice); a crash before it leaves it PENDING, and
 * `sendPending()` without ids picks it up later.
 */
export class NotificationService {
  constructor(private readonly options: { mailer: Mailer | null; logger: Logger }) {}

  /** Idempotent; runs in the caller's transaction (one is opened if the manager has none). */
  async deliver(manager: EntityManager, input: DeliverInput): Promise<DeliverResult> {
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((tx) => this.deliver(tx, input));
    const { sourceEventId, userId, category } = input;
    if (!sourceEventId || sourceEventId.length > 128) throw new TypeError("deliver: sourceEventId must be 1 to 128 characters");
    if (!userId || userId.length > 64) throw new TypeError("deliver: userId must be 1 to 64 characters");
    if (!NOTIFICATION_CATEGORIES.includes(category)) throw new TypeError(`deliver: unknown category ${String(category)}`);
    const now = input.now ?? new Date();
    if (await isErased(manager, userId)) return { ...NOTHING, erased: true };
    const recipient = await manager.findOneBy(Recipient, { userId });
    const preferences = await new PreferencesService(manager).forUser(userId);
    const data = { ...input.data, displayName: recipient?.displayName || input.data?.displayName };
    const account = ACCOUNT_CATEGORIES.has(category);
    const inAppEnabled = account || preferences.enabled(NotificationChannel.IN_APP, category);
    const inApp = inAppEnabled ? DeliveryStatus.SENT : DeliveryStatus.SKIPPED_PREFERENCE;

    // The in-app delivery row is the claim on (event, user): a second delivery stops here. Under
    // concurrency the second insert waits for the first transaction and then finds the row.
    const claimed: { id: string }[] = await manager.query(
      `INSERT INTO notifications.deliveries (id, source_event_id, user_id, channel, status, created_at, updated_at)
       VALUES ($1, $2, $3, 'IN_APP', $4, now(), now()) ON CONFLICT (source_event_id, user_id, channel) DO NOTHING RETURNING id`,
      [randomUUID(), sourceEventId, userId, inApp],
    );
    if (!claimed.length) return { ...NOTHING, duplicate: true };

    let notification: Notification | null = null;
    if (inAppEnabled) {
      const { title, body } = renderNotification(category, recipient?.locale, data, recipient?.timezone);
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO notifications.notifications (id, user_id, category, title, body, data, source_event_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (source_event_id, user_id) DO NOTHING RETURNING id`,
        [randomUUID(), userId, category, title, body, JSON.stringify(input.data ?? {}), sourceEventId, now],
      );
      if (inserted.length)
        notification = Object.assign(new Notification(), {
          id: inserted[0].id,
          userId,
          category,
          title,
          body,
          data: input.data ?? {},
          sourceEventId,
          createdAt: now,
          readAt: null,
        });
    }

    let email: DeliveryStatus;
    const deferredUntil =
      DEFERRED_IN_QUIET_HOURS.has(category) && recipient ? quietHoursEnd(preferences.quietHours, recipient.timezone, now) : null;
    if (!account && !preferences.enabled(NotificationChannel.EMAIL, category)) email = DeliveryStatus.SKIPPED_PREFERENCE;
    else if (!recipient?.email) email = DeliveryStatus.SKIPPED_NO_ADDRESS;
    else if (!account && !deferredUntil && isQuietTime(preferences.quietHours, recipient.timezone, now))
      email = DeliveryStatus.SKIPPED_QUIET_HOURS;
    else if (!this.options.mailer) email = DeliveryStatus.SKIPPED_NO_TRANSPORT;
    else email = DeliveryStatus.PENDING;
    if (email === DeliveryStatus.SKIPPED_NO_TRANSPORT)
      this.options.logger.info({ sourceEventId, userId, category }, "email not sent: no SMTP transport is configured (SMTP_URL)");

    const rendered = email === DeliveryStatus.PENDING ? renderEmail(category, recipient?.locale, data, recipient?.timezone) : null;
    const emailRow: { id: string }[] = await manager.query(
      `INSERT INTO notifications.deliveries (id, source_event_id, user_id, channel, status, subject, body, not_before, created_at, updated_at)
       VALUES ($1, $2, $3, 'EMAIL', $4, $5, $6, $7, now(), now()) ON CONFLICT (source_event_id, user_id, channel) DO NOTHING RETURNING id`,
      [randomUUID(), sourceEventId, userId, email, rendered?.subject ?? null, rendered?.text ?? null, deferredUntil],
    );
    // A deferred email waits for the sweep (EMAIL_SWEEP_INTERVAL_MS) after its quiet hours end.
    const pendingEmailIds = email === DeliveryStatus.PENDING && !deferredUntil ? emailRow.map((r) => r.id) : [];
    return { duplicate: false, erased: false, notification, inApp, email, pendingEmailIds };
  }

  /**
   * Sends PENDING emails: the given ones, or up to `limit` of the oldest. Must run outside any
   * transaction, after the one that recorded them has committed.
   */
  async sendPending(manager: EntityManager, ids?: readonly string[], limit = 100): Promise<SendSummary> {
    if (manager.queryRunner?.isTransactionActive)
      throw new Error("sendPending must run after the transaction has committed, not inside it");
    const targets =
      ids ??
      (
        await manager.query<{ id: string }[]>(
          `SELECT id FROM notifications.deliveries
           WHERE status = 'PENDING' AND channel = 'EMAIL' AND (not_before IS NULL OR not_before <= now())
           ORDER BY created_at LIMIT $1`,
          [limit],
        )
      ).map((r) => r.id);
    const summary: SendSummary = { sent: 0, failed: 0, skipped: 0 };
    for (const id of targets) {
      const outcome = await this.sendOne(manager, id);
      if (outcome) summary[outcome]++;
    }
    return summary;
  }

  private async sendOne(manager: EntityManager, id: string): Promise<keyof SendSummary | null> {
    // The claim: one committed statement; whoever moves the row out of PENDING is the only sender.
    const [claim] = returnedRows<{ subject: string | null; body: string | null; email: string | null }>(
      await manager.query(
        `UPDATE notifications.deliveries d SET status = 'SENDING', updated_at = now()
          WHERE d.id = $1 AND d.status = 'PENDING' AND d.channel = 'EMAIL' AND (d.not_before IS NULL OR d.not_before <= now())
          RETURNING d.subject, d.body, (SELECT r.email FROM notifications.recipients r WHERE r.user_id = d.user_id) AS email`,
        [id],
      ),
    );
    if (!claim) return null;
    const finish = (status: DeliveryStatus, error: string | null = null) =>
      manager.query(`UPDATE notifications.deliveries SET status = $2, error = $3, updated_at = now() WHERE id = $1`, [
        id,
        status,
        error?.slice(0, ERROR_LIMIT) ?? null,
      ]);
    const { mailer, logger } = this.options;
    if (!mailer) {
      logger.info({ deliveryId: id }, "email not sent: no SMTP transport is configured (SMTP_URL)");
      await finish(DeliveryStatus.SKIPPED_NO_TRANSPORT);
      return "skipped";
    }
    if (!claim.email) {
      await finish(DeliveryStatus.SKIPPED_NO_ADDRESS);
      return "skipped";
    }
    let messageId: string | undefined;
    let error: (Error & { code?: string; responseCode?: number }) | undefined;
    try {
      ({ messageId } = await mailer.send({ to: claim.email, subject: claim.subject ?? "", text: claim.body ?? "" }));
    } catch (err) {
      error = err instanceof Error ? err : new Error(String(err));
    }
    if (error) {
      // The message may quote the address, so the log gets only the codes; the row keeps the text.
      logger.warn({ deliveryId: id, code: error.code, responseCode: error.responseCode }, "email failed");
      await finish(DeliveryStatus.FAILED, error.message);
      return "failed";
    }
    await finish(DeliveryStatus.SENT);
    logger.info({ deliveryId: id, messageId }, "email sent");
    return "sent";
  }
}
