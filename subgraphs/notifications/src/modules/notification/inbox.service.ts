import { NotFoundError, paginate, type Connection } from "@learnloop/kit";
import { IsNull, type EntityManager } from "typeorm";
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

  /** Marks one of the user's notifications read (keeping the first read time); another user's is NOT_FOUND. */
  async markRead(userId: string, id: string, now = new Date()): Promise<Notification> {
    if (!UUID.test(id)) throw new NotFoundError("Notification", id);
    await this.manager.update(Notification, { id, userId, readAt: IsNull() }, { readAt: now });
    const notification = await this.manager.findOneBy(Notification, { id, userId });
    if (!notification) throw new NotFoundError("Notification", id);
    return notification;
  }

  /** Marks every unread notification of the user read; returns how many changed. */
  async markAllRead(userId: string, now = new Date()): Promise<number> {
    const result = await this.manager.update(Notification, { userId, readAt: IsNull() }, { readAt: now });
    return result.affected ?? 0;
  }
}
