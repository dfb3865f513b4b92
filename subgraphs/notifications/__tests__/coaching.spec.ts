import { createTestDatabase } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";
import { subgraph } from "../src";
import { claimWeeklyNudge } from "../src/modules/coaching/nudge-limit";
import { NotificationCategory } from "../src/modules/notification/notification.enums";
import { NotificationService } from "../src/modules/notification/notification.service";
import { upsertRecipient } from "../src/modules/recipient/recipient.service";

/**
 * COACHING nudges (ADR 0034) on the machine's PostgreSQL: the weekly claim holds under concurrent
 * flags, and a nudge's email decided in quiet hours waits for their end instead of being skipped.
 */
let server: { url: string; drop(): Promise<void> };
let db: Database;
beforeAll(async () => {
  server = await createTestDatabase();
  db = new Database({
    schema: "notifications",
    url: server.url,
    ...subgraph.database,
    poolSize: 4,
    logger: createLogger("test", "silent"),
  });
  await db.start();
}, 60_000);
afterAll(async () => {
  await db?.stop();
  await server?.drop();
});

const ds = () => db.dataSource;

describe("the weekly nudge claim", () => {
  it("lets one of several flags at once through, and none again within seven days", async () => {
    const results = await Promise.all(
      ["e1", "e2", "e3", "e4"].map((id) => ds().transaction((tx) => claimWeeklyNudge(tx, "user_nudge_race", `evt-${id}`))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await ds().transaction((tx) => claimWeeklyNudge(tx, "user_nudge_race", "evt-later"))).toBe(false);
    // Eight days on (the row's date moved back), the next flag is nudged.
    await ds().query(`UPDATE notifications.nudges SET nudged_at = now() - interval '8 days' WHERE user_id = 'user_nudge_race'`);
    expect(await ds().transaction((tx) => claimWeeklyNudge(tx, "user_nudge_race", "evt-next-week"))).toBe(true);
  });
});

describe("a coaching email in quiet hours", () => {
  it("is deferred to the end of the window, and the sweep leaves it until then", async () => {
    const userId = "user_nudge_quiet";
    await upsertRecipient(ds().manager, {
      userId,
      email: "quiet@example.com",
      displayName: "Quiet",
      locale: "en",
      timezone: "UTC",
      updatedAt: new Date(),
    });
    // Quiet all day but the minute before now's: now is always inside the window.
    const end = new Date(Date.now() - 60_000).toISOString().slice(11, 16);
    const start = new Date(Date.now() - 120_000).toISOString().slice(11, 16);
    await ds().query(`INSERT INTO notifications.quiet_hours (user_id, starts_at, ends_at) VALUES ($1, $2, $3)`, [userId, end, start]);
    const sent: string[] = [];
    const service = new NotificationService({
      mailer: { send: async (m) => (sent.push(m.to), { messageId: "m1" }) } as never,
      logger: createLogger("test", "silent"),
    });
    const coaching = await service.deliver(ds().manager, {
      sourceEventId: "evt-quiet-coaching",
      userId,
      category: NotificationCategory.COACHING,
      data: { suggestion: "SHORT_REVIEW_SESSION" },
    });
    expect(coaching).toMatchObject({ inApp: "SENT", email: "PENDING", pendingEmailIds: [] });
    expect(coaching.notification?.title).toBe("A smaller step for today");
    const lesson = await service.deliver(ds().manager, { sourceEventId: "evt-quiet-level", userId, category: NotificationCategory.LEVEL });
    expect(lesson.email).toBe("SKIPPED_QUIET_HOURS"); // other categories still skip
    const [row] = await ds().query(
      `SELECT id, not_before FROM notifications.deliveries WHERE source_event_id = 'evt-quiet-coaching' AND channel = 'EMAIL'`,
    );
    expect(row.not_before.getTime()).toBeGreaterThan(Date.now());
    expect(await service.sendPending(ds().manager, [row.id])).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(await service.sendPending(ds().manager)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    // Once the window has passed, the sweep sends it.
    await ds().query(`UPDATE notifications.deliveries SET not_before = now() - interval '1 second' WHERE id = $1`, [row.id]);
    expect(await service.sendPending(ds().manager)).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(sent).toEqual(["quiet@example.com"]);
  });
});
