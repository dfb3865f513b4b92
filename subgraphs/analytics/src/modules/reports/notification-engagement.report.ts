import type { EntityManager } from "typeorm";
import { EVENT, share, type ReportRange } from "./range";

export interface NotificationEngagementRow {
  category: string;
  sent: number;
  read: number;
  readRate: number | null;
}

/**
 * Per category: in-app notifications created in the range, how many of those were read by now
 * (a notification.read naming them; reads follow sends, so that scan starts at `from` and prunes
 * the months before), and the share. Both scans go by (type, occurred_at).
 */
export async function notificationEngagement(manager: EntityManager, range: ReportRange): Promise<NotificationEngagementRow[]> {
  const rows: { category: string; sent: number; read: number }[] = await manager.query(
    `WITH sent AS (
       SELECT DISTINCT payload->>'notificationId' AS id, payload->>'category' AS category FROM "analytics".events
       WHERE type = $1 AND user_id IS NOT NULL AND occurred_at >= $2 AND occurred_at < $3
     ),
     seen AS (
       SELECT DISTINCT payload->>'notificationId' AS id FROM "analytics".events
       WHERE type = $4 AND user_id IS NOT NULL AND occurred_at >= $2
     )
     SELECT s.category, count(*)::int AS sent, count(r.id)::int AS read
     FROM sent s
     LEFT JOIN seen r ON r.id = s.id
     GROUP BY s.category
     ORDER BY s.category`,
    [EVENT.notificationCreated, range.from, range.to, EVENT.notificationRead],
  );
  return rows.map((r) => ({ ...r, readRate: share(r.read, r.sent) }));
}
