import type { LearnloopSink } from "@learnloop/events";
import { NotFoundError, paginate, type Connection } from "@learnloop/kit";
import type { EntityManager } from "typeorm";
import { Notification } from "./notification.entity";
import type { NotificationsArgs } from "./notification.inputs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user's in-app notifications: what the GraphQL API reads and marks. */
export class InboxService {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Newest first. The kit's keyset pagination sorts ascending, so the sort key is the negated
   * creation time in milliseconds (created_at has millisecond precision, so it round-trips).
   */
  list(userId: string, args: NotificationsArgs): Promise<Connection<Notification>> {
    const qb = this.manager.createQueryBuilder(Notification, "n").where("n.user_id = :userId", { userId });
    if (args.unreadOnly) qb.andWhere("n.read_at IS NULL");
    return paginate(qb, args, {
      sortColumn: "(-1000 * extract(epoch FROM n.created_at))",
      idColumn: "n.id",
      sortValue: (n) => -n.createdAt.getTime(),
      idValue: (n) => n.id,
    });
  }

  /** Unread counts of many users in one statement, in key order. */
  async unreadCounts(userIds: readonly string[]): Promise<number[]> {
    const rows: { user_id: string; unread: number }[] = await this.manager.query(
      `SELECT user_id, count(*)::int AS unread FROM notifications.notifications
        WHERE user_id = ANY($1::text[]) AND read_at IS NULL GROUP BY user_id`,
      [[...userIds]],
    );
    return userIds.map((id) => rows.find((r) => r.user_id === id)?.unread ?? 0);
  }

  /**
   * Marks one of the user's notifications read (keeping the first read time); another user's is
   * NOT_FOUND. Call in a transaction: the first read publishes notification.read with it.
   */
  async markRead(userId: string, id: string, events: LearnloopSink, now = new Date()): Promise<Notification> {
    if (!UUID.test(id)) throw new NotFoundError("Notification", id);
    await this.markUnread(userId, now, events, id);
    const notification = await this.manager.findOneBy(Notification, { id, userId });
    if (!notification) throw new NotFoundError("Notification", id);
    return notification;
  }

  /** Marks every unread notification of the user read, publishing a notification.read each; returns how many changed. */
  async markAllRead(userId: string, events: LearnloopSink, now = new Date()): Promise<number> {
    return (await this.markUnread(userId, now, events)).length;
  }

  /** Sets read_at on the user's unread notifications (one, or all), and publishes a read for each it changed. */
  private async markUnread(userId: string, now: Date, { publisher, meta }: LearnloopSink, id?: string) {
    const [rows]: [{ id: string; category: Notification["category"] }[], number] = await this.manager.query(
      `UPDATE notifications.notifications SET read_at = $2
        WHERE user_id = $1 AND read_at IS NULL AND ($3::uuid IS NULL OR id = $3::uuid)
        RETURNING id, category`,
      [userId, now, id ?? null],
    );
    const readAt = now.toISOString();
    for (const row of rows) {
      await publisher.publish(this.manager, "notification.read", { userId, notificationId: row.id, category: row.category, readAt }, meta);
    }
    return rows;
  }
}
