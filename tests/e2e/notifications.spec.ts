import { createLogger } from "@learnloop/kit/internal";
import {
  createMailer,
  Delivery,
  eraseRecipient,
  Notification,
  NotificationCategory,
  NotificationChannel,
  NotificationService,
  upsertRecipient,
  type DeliverInput,
  type RecipientInput,
} from "@learnloop/subgraph-notifications";
import { sensitive } from "../support/sensitive";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { waitFor } from "../support/wait";
import { codes, gql, startStack, type TestStack } from "../support/stack";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const silent = createLogger("test", "silent");
/** The service as the subgraph runs it under the test stack: no SMTP_URL, so no email transport. */
const service = new NotificationService({ mailer: null, logger: silent });
const dataSource = () => stack.subgraphs.notifications.db.dataSource;
/** Events are not wired yet: seed by calling the service in a transaction, as the consumer will. */
const deliver = (input: DeliverInput, using = service) => dataSource().transaction((tx) => using.deliver(tx, input));
const recipient = (input: Partial<RecipientInput> & { userId: string }) => {
  sensitive(input.email, "recipient email");
  sensitive(input.displayName, "recipient name");
  return dataSource().transaction((tx) =>
    upsertRecipient(tx, { email: null, displayName: "Learner", locale: "en", timezone: "UTC", ...input }),
  );
};
const deliveries = (userId: string) => dataSource().manager.find(Delivery, { where: { userId }, order: { channel: "ASC" } });
const minute = (n: number) => new Date(Date.parse("2026-11-20T10:00:00Z") + n * 60_000);

const PAGE = `query($first: Int, $after: String, $unreadOnly: Boolean) {
  me { id unreadNotificationCount
    notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      edges { cursor node { id category title body read readAt createdAt } }
      pageInfo { hasNextPage hasPreviousPage endCursor } } } }`;

describe("the notification inbox through the gateway", () => {
  const alice = "user_notif_alice";
  const bob = "user_notif_bob";
  const ids: string[] = [];

  beforeAll(async () => {
    // Seven notifications; two share a creation time, which the cursor's tie-breaker must keep apart.
    const times = [0, 1, 2, 3, 3, 4, 5];
    for (const [i, t] of times.entries()) {
      const r = await deliver({
        sourceEventId: `evt-inbox-${i}`,
        userId: alice,
        category: NotificationCategory.LESSON,
        data: { lessonTitle: `Lesson ${i}` },
        now: minute(t),
      });
      ids.push(r.notification!.id);
    }
    // Alice's profile is public, so what is asked of her below is her notifications, not her profile.
    await gql(stack.gatewayUrl, `mutation { updateProfile(input: { profileVisibility: PUBLIC }) { id } }`, { token: stack.token(alice) });
    await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token(bob) });
    // Signing in provisions each user, whose user.created event brings a welcome (tested in tests/events); this inbox starts without it.
    const welcomes = async () =>
      (
        await dataSource().query(
          `SELECT count(*)::int AS n FROM notifications.notifications WHERE category = 'WELCOME' AND user_id = ANY($1)`,
          [[alice, bob]],
        )
      )[0].n;
    await waitFor(async () => (await welcomes()) === 2, 15_000, "welcome notifications");
    await dataSource().query(`DELETE FROM notifications.notifications WHERE category = 'WELCOME' AND user_id = ANY($1)`, [[alice, bob]]);
  });

  it("pages newest first with cursors and counts the unread", async () => {
    const token = stack.token(alice);
    const seen: { id: string; createdAt: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const r: any = await gql(stack.gatewayUrl, PAGE, { token, variables: { first: 3, after } });
      expect(r.body.errors).toBeUndefined();
      const conn = r.body.data.me.notifications;
      expect(r.body.data.me.unreadNotificationCount).toBe(7);
      expect(conn.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...conn.edges.map((e: any) => e.node));
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen.map((n) => n.id))).toEqual(new Set(ids));
    const times = seen.map((n) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen[0]).toMatchObject({ id: ids[6], createdAt: minute(5).toISOString() });

    for (const variables of [{ first: 101 }, { first: 0 }, { first: 2, after: "not-a-cursor" }]) {
      const bad = await gql(stack.gatewayUrl, PAGE, { token, variables });
      expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    }

    const first = await gql(stack.gatewayUrl, PAGE, { token, variables: { first: 1 } });
    expect(first.body.data!.me.notifications.edges[0].node).toMatchObject({
      category: "LESSON",
      title: "Lesson complete: Lesson 6",
      body: 'You finished "Lesson 6". Keep the momentum going!',
      read: false,
      readAt: null,
    });
  });

  it("marks one read, then all, and filters the unread", async () => {
    const token = stack.token(alice);
    const one = await gql(stack.gatewayUrl, `mutation($id: ID!) { markNotificationRead(id: $id) { id read readAt } }`, {
      token,
      variables: { id: ids[2] },
    });
    expect(one.body.errors).toBeUndefined();
    expect(one.body.data!.markNotificationRead).toMatchObject({ id: ids[2], read: true });
    const readAt = one.body.data!.markNotificationRead.readAt;
    const again = await gql(stack.gatewayUrl, `mutation($id: ID!) { markNotificationRead(id: $id) { readAt } }`, {
      token,
      variables: { id: ids[2] },
    });
    expect(again.body.data!.markNotificationRead.readAt).toBe(readAt); // the first read time stays

    const unread = await gql(stack.gatewayUrl, PAGE, { token, variables: { first: 50, unreadOnly: true } });
    expect(unread.body.data!.me.unreadNotificationCount).toBe(6);
    const unreadIds = unread.body.data!.me.notifications.edges.map((e: any) => e.node.id);
    expect(unreadIds).toHaveLength(6);
    expect(unreadIds).not.toContain(ids[2]);

    const all = await gql(stack.gatewayUrl, `mutation { markAllNotificationsRead }`, { token });
    expect(all.body).toEqual({ data: { markAllNotificationsRead: 6 } });
    const none = await gql(stack.gatewayUrl, `mutation { markAllNotificationsRead }`, { token });
    expect(none.body).toEqual({ data: { markAllNotificationsRead: 0 } });
    const after = await gql(stack.gatewayUrl, PAGE, { token, variables: { first: 50, unreadOnly: true } });
    expect(after.body.data!.me).toMatchObject({ unreadNotificationCount: 0, notifications: { edges: [] } });
    const everything = await gql(stack.gatewayUrl, PAGE, { token, variables: { first: 50 } });
    expect(everything.body.data!.me.notifications.edges.every((e: any) => e.node.read)).toBe(true);
  });

  it("keeps a user's notifications from everyone else", async () => {
    const token = stack.token(bob);
    await deliver({ sourceEventId: "evt-private", userId: alice, category: NotificationCategory.SYSTEM, data: { message: "private" } });
    for (const field of [
      "notifications(first: 5) { edges { node { id title } } }",
      "unreadNotificationCount",
      "notificationPreferences { settings { channel category enabled } }",
    ]) {
      const r = await gql(stack.gatewayUrl, `query($id: ID!) { user(id: $id) { id ${field} } }`, { token, variables: { id: alice } });
      expect(codes(r)).toEqual(["FORBIDDEN"]);
      expect(JSON.stringify(r.body)).not.toContain("private");
    }
    // Another user's notification, an unknown id and a malformed one all look the same: not found.
    for (const id of [ids[0], "00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      const r = await gql(stack.gatewayUrl, `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { token, variables: { id } });
      expect(codes(r)).toEqual(["NOT_FOUND"]);
    }
    expect(await dataSource().manager.countBy(Notification, { userId: bob })).toBe(0);
    // Bob's markAll touches only his own.
    const mine = await gql(stack.gatewayUrl, `mutation { markAllNotificationsRead }`, { token });
    expect(mine.body.data).toEqual({ markAllNotificationsRead: 0 });
    const aliceUnread = await gql(stack.gatewayUrl, `{ me { unreadNotificationCount } }`, { token: stack.token(alice) });
    expect(aliceUnread.body.data!.me.unreadNotificationCount).toBe(1);
  });

  it("refuses anonymous callers", async () => {
    for (const query of [
      `mutation { markAllNotificationsRead }`,
      `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`,
      `mutation { updateNotificationPreferences(input: { quietHours: null }) { quietHours { start } } }`,
      `query($id: ID!) { user(id: $id) { id unreadNotificationCount } }`,
      `query($id: ID!) { user(id: $id) { id notifications { edges { node { id } } } } }`,
    ]) {
      const id = query.includes("user(") ? alice : ids[0];
      const r = await gql(stack.gatewayUrl, query, { variables: query.includes("$id") ? { id } : undefined });
      expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
    }
  });
});

describe("notification preferences", () => {
  const carol = "user_notif_carol";
  const PREFS = `{ me { notificationPreferences { settings { channel category enabled } quietHours { start end } } } }`;
  const UPDATE = `mutation($input: UpdateNotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) { settings { channel category enabled } quietHours { start end } } }`;
  const enabled = (settings: { channel: string; category: string; enabled: boolean }[], channel: string) =>
    settings
      .filter((s) => s.channel === channel && s.enabled)
      .map((s) => s.category)
      .sort();

  it("start from the defaults: in-app everything, email for welcome, level, achievement, coaching and billing (always)", async () => {
    const r = await gql(stack.gatewayUrl, PREFS, { token: stack.token(carol) });
    expect(r.body.errors).toBeUndefined();
    const prefs = r.body.data!.me.notificationPreferences;
    expect(prefs.settings).toHaveLength(16);
    expect(enabled(prefs.settings, "IN_APP")).toEqual([
      "ACHIEVEMENT",
      "BILLING",
      "COACHING",
      "LESSON",
      "LEVEL",
      "STREAK",
      "SYSTEM",
      "WELCOME",
    ]);
    expect(enabled(prefs.settings, "EMAIL")).toEqual(["ACHIEVEMENT", "BILLING", "COACHING", "LEVEL", "WELCOME"]);
    expect(prefs.quietHours).toBeNull();
  });

  it("are changed, validated, and applied to delivery", async () => {
    const token = stack.token(carol);
    const ok = await gql(stack.gatewayUrl, UPDATE, {
      token,
      variables: {
        input: {
          settings: [
            { channel: "IN_APP", category: "LESSON", enabled: false },
            { channel: "EMAIL", category: "STREAK", enabled: true },
            { channel: "EMAIL", category: "LEVEL", enabled: false },
          ],
          quietHours: { start: "22:00", end: "07:00" },
        },
      },
    });
    expect(ok.body.errors).toBeUndefined();
    const prefs = ok.body.data!.updateNotificationPreferences;
    expect(enabled(prefs.settings, "IN_APP")).toEqual(["ACHIEVEMENT", "BILLING", "COACHING", "LEVEL", "STREAK", "SYSTEM", "WELCOME"]);
    expect(enabled(prefs.settings, "EMAIL")).toEqual(["ACHIEVEMENT", "BILLING", "COACHING", "STREAK", "WELCOME"]);
    expect(prefs.quietHours).toEqual({ start: "22:00", end: "07:00" });

    for (const input of [
      { quietHours: { start: "25:00", end: "07:00" } },
      { quietHours: { start: "22:00", end: "7:00" } },
      { quietHours: { start: "22:00", end: "22:00" } },
      { settings: [{ channel: "EMAIL", category: "BIRTHDAY", enabled: true }] },
      { settings: [{ channel: "SMS", category: "LEVEL", enabled: true }] },
      { settings: [{ channel: "IN_APP", category: "BILLING", enabled: false }] },
      {
        settings: [
          { channel: "EMAIL", category: "LEVEL", enabled: true },
          { channel: "EMAIL", category: "LEVEL", enabled: false },
        ],
      },
    ]) {
      const r = await gql(stack.gatewayUrl, UPDATE, { token, variables: { input } });
      expect({ input, codes: codes(r) }).toEqual({ input, codes: ["BAD_USER_INPUT"] });
    }
    const unchanged = await gql(stack.gatewayUrl, PREFS, { token });
    expect(unchanged.body.data!.me.notificationPreferences).toEqual(prefs);

    // In-app LESSON is off: no notification, and the decision is recorded.
    await recipient({ userId: carol, email: "carol@example.test", timezone: "Asia/Tokyo" });
    const lesson = await deliver({ sourceEventId: "evt-carol-lesson", userId: carol, category: NotificationCategory.LESSON });
    expect(lesson).toMatchObject({ duplicate: false, notification: null, inApp: "SKIPPED_PREFERENCE", email: "SKIPPED_PREFERENCE" });
    // 23:30 in Tokyo is inside 22:00–07:00; 12:00 is not (no SMTP here, so it stops at the transport).
    const night = await deliver({
      sourceEventId: "evt-carol-night",
      userId: carol,
      category: NotificationCategory.ACHIEVEMENT,
      now: new Date("2026-11-20T14:30:00Z"),
    });
    expect(night).toMatchObject({ inApp: "SENT", email: "SKIPPED_QUIET_HOURS" });
    // An account message is not held back by quiet hours (it stops at the missing transport instead).
    const billingNight = await deliver({
      sourceEventId: "evt-carol-billing-night",
      userId: carol,
      category: NotificationCategory.BILLING,
      now: new Date("2026-11-20T14:30:00Z"),
    });
    expect(billingNight).toMatchObject({ inApp: "SENT", email: "SKIPPED_NO_TRANSPORT" });
    const noon = await deliver({
      sourceEventId: "evt-carol-noon",
      userId: carol,
      category: NotificationCategory.ACHIEVEMENT,
      now: new Date("2026-11-20T03:00:00Z"),
    });
    expect(noon).toMatchObject({ inApp: "SENT", email: "SKIPPED_NO_TRANSPORT", pendingEmailIds: [] });

    const cleared = await gql(stack.gatewayUrl, UPDATE, { token, variables: { input: { quietHours: null } } });
    expect(cleared.body.data!.updateNotificationPreferences.quietHours).toBeNull();
    expect(enabled(cleared.body.data!.updateNotificationPreferences.settings, "EMAIL")).toEqual([
      "ACHIEVEMENT",
      "BILLING",
      "COACHING",
      "STREAK",
      "WELCOME",
    ]);
  });
});

describe("delivery", () => {
  it("is idempotent: the same event twice, even at once, makes one notification and one delivery per channel", async () => {
    const userId = "user_notif_dave";
    await recipient({ userId, email: "dave@example.test", displayName: "Dave" });
    const event = { sourceEventId: "evt-welcome-dave", userId, category: NotificationCategory.WELCOME };
    const first = await deliver(event);
    expect(first).toMatchObject({ duplicate: false, inApp: "SENT", email: "SKIPPED_NO_TRANSPORT" });
    expect(first.notification!.title).toBe("Welcome to Learnloop, Dave!");
    expect(await deliver(event)).toEqual({
      duplicate: true,
      erased: false,
      notification: null,
      inApp: null,
      email: null,
      pendingEmailIds: [],
    });

    const concurrent = { ...event, sourceEventId: "evt-level-dave", category: NotificationCategory.LEVEL, data: { level: 2 } };
    const results = await Promise.all([deliver(concurrent), deliver(concurrent), deliver(concurrent)]);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);

    expect(await dataSource().manager.countBy(Notification, { userId })).toBe(2);
    const rows = await deliveries(userId);
    expect(rows.map((d) => [d.sourceEventId, d.channel, d.status]).sort()).toEqual([
      ["evt-level-dave", "EMAIL", "SKIPPED_NO_TRANSPORT"],
      ["evt-level-dave", "IN_APP", "SENT"],
      ["evt-welcome-dave", "EMAIL", "SKIPPED_NO_TRANSPORT"],
      ["evt-welcome-dave", "IN_APP", "SENT"],
    ]);
    const me = await gql(stack.gatewayUrl, `{ me { unreadNotificationCount } }`, { token: stack.token(userId) });
    expect(me.body.data!.me.unreadNotificationCount).toBe(2);
  });

  it("writes in the recipient's language, and records a missing address", async () => {
    const userId = "user_notif_aki";
    await recipient({ userId, displayName: "明", locale: "ja-JP", timezone: "Asia/Tokyo" });
    const streak = await deliver({ sourceEventId: "evt-streak-aki", userId, category: NotificationCategory.STREAK, data: { days: 7 } });
    expect(streak.email).toBe("SKIPPED_PREFERENCE"); // email is off for streaks by default
    const level = await deliver({ sourceEventId: "evt-level-aki", userId, category: NotificationCategory.LEVEL, data: { level: 4 } });
    expect(level.email).toBe("SKIPPED_NO_ADDRESS");
    const page = await gql(stack.gatewayUrl, PAGE, { token: stack.token(userId), variables: { first: 5 } });
    expect(page.body.data!.me.notifications.edges.map((e: any) => e.node.title)).toEqual(["レベル4に到達しました！", "7日連続で学習中！"]);
  });

  it("an older copy of a user never overwrites a newer one", async () => {
    const userId = "user_notif_eve";
    expect(await recipient({ userId, displayName: "Eve 2", updatedAt: new Date("2026-11-20T12:00:00Z") })).toBe(true);
    expect(await recipient({ userId, displayName: "Eve 1", updatedAt: new Date("2026-11-20T11:00:00Z") })).toBe(false);
    const r = await deliver({ sourceEventId: "evt-welcome-eve", userId, category: NotificationCategory.WELCOME });
    expect(r.notification!.title).toBe("Welcome to Learnloop, Eve 2!");
  });

  it("erasing a recipient leaves nothing of theirs", async () => {
    const userId = "user_notif_frank";
    const token = stack.token(userId);
    await recipient({ userId, email: "frank@example.test", displayName: "Frank" });
    await deliver({ sourceEventId: "evt-welcome-frank", userId, category: NotificationCategory.WELCOME });
    await gql(
      stack.gatewayUrl,
      `mutation { updateNotificationPreferences(input: { quietHours: { start: "23:00", end: "06:00" } }) { quietHours { start } } }`,
      {
        token,
      },
    );
    const erased = await dataSource().transaction((tx) => eraseRecipient(tx, userId));
    expect(erased).toEqual({ recipients: 1, notifications: 1, preferences: 1, deliveries: 2 });
    for (const table of ["recipients", "notifications", "preferences", "quiet_hours", "deliveries"]) {
      const [{ n }] = await dataSource().query(`SELECT count(*)::int AS n FROM notifications.${table} WHERE user_id = $1`, [userId]);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    // Events for Frank still in flight on other topics arrive after the erasure: they bring nothing back.
    expect(await recipient({ userId, email: "frank@example.test", displayName: "Frank", updatedAt: new Date(Date.now() + 60_000) })).toBe(
      false,
    );
    expect(
      await deliver({ sourceEventId: "evt-level-frank", userId, category: NotificationCategory.LEVEL, data: { level: 2 } }),
    ).toMatchObject({
      erased: true,
      notification: null,
    });
    for (const table of ["recipients", "notifications", "deliveries"]) {
      const [{ n }] = await dataSource().query(`SELECT count(*)::int AS n FROM notifications.${table} WHERE user_id = $1`, [userId]);
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    const me = await gql(stack.gatewayUrl, `{ me { unreadNotificationCount notificationPreferences { quietHours { start } } } }`, {
      token,
    });
    expect(me.body.data!.me).toEqual({ unreadNotificationCount: 0, notificationPreferences: { quietHours: null } });
  });
});

describe("email over SMTP (a real SMTP server on loopback)", () => {
  let smtp: TestSmtpServer;
  let mailing: NotificationService;
  let close: () => void;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, from: "Learnloop <no-reply@learnloop.test>" }, silent)!;
    close = () => mailer.close();
    mailing = new NotificationService({ mailer, logger: silent });
  });
  afterAll(async () => {
    close?.();
    await smtp?.close();
  });

  it("sends after commit, in the recipient's language, once per event", async () => {
    const userId = "user_notif_hana";
    await recipient({ userId, email: "hana@example.test", displayName: "花", locale: "ja", timezone: "Asia/Tokyo" });
    const event = {
      sourceEventId: "evt-level-hana-3",
      userId,
      category: NotificationCategory.LEVEL,
      data: { level: 3 },
      now: new Date("2026-11-20T03:00:00Z"), // noon in Tokyo
    };
    const result = await deliver(event, mailing);
    expect(result).toMatchObject({ duplicate: false, inApp: "SENT", email: "PENDING" });
    expect(result.pendingEmailIds).toHaveLength(1);
    expect(smtp.received).toHaveLength(0); // nothing leaves inside the transaction

    expect(await mailing.sendPending(dataSource().manager, result.pendingEmailIds)).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail.to).toEqual(["hana@example.test"]);
    expect(mail.from).toBe("no-reply@learnloop.test");
    expect(mail.headers.from).toBe("Learnloop <no-reply@learnloop.test>");
    expect(mail.subject).toBe("レベル3に到達しました！");
    expect(mail.text).toContain("花さん\n\nおめでとうございます！レベル3になりました。");
    expect(mail.text).toContain("通知設定");
    const email = await dataSource().manager.findOneByOrFail(Delivery, {
      sourceEventId: event.sourceEventId,
      userId,
      channel: NotificationChannel.EMAIL,
    });
    expect(email).toMatchObject({ status: "SENT", error: null });

    // The same event again: nothing new to send, and the sent row is never claimed twice.
    const again = await deliver(event, mailing);
    expect(again).toMatchObject({ duplicate: true, pendingEmailIds: [] });
    expect(await mailing.sendPending(dataSource().manager, result.pendingEmailIds)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(await mailing.sendPending(dataSource().manager)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(await dataSource().manager.countBy(Delivery, { sourceEventId: event.sourceEventId, userId })).toBe(2);
  });

  it("sends nothing for a rolled-back transaction, and refuses to send inside one", async () => {
    const userId = "user_notif_ivan";
    await recipient({ userId, email: "ivan@example.test", displayName: "Ivan" });
    const event = { sourceEventId: "evt-welcome-ivan", userId, category: NotificationCategory.WELCOME };
    await expect(
      dataSource().transaction(async (tx) => {
        await mailing.deliver(tx, event);
        await expect(mailing.sendPending(tx)).rejects.toThrow(/after the transaction has committed/);
        throw new Error("the consumer failed later in the same transaction");
      }),
    ).rejects.toThrow("the consumer failed");
    expect(await dataSource().manager.countBy(Delivery, { userId })).toBe(0);
    expect(await mailing.sendPending(dataSource().manager)).toEqual({ sent: 0, failed: 0, skipped: 0 });
    expect(smtp.received.filter((m) => m.to.includes("ivan@example.test"))).toHaveLength(0);
  });

  it("a crash between commit and send leaves a PENDING row that a later sweep sends once", async () => {
    const userId = "user_notif_jun";
    await recipient({ userId, email: "jun@example.test", displayName: "Jun" });
    const result = await deliver(
      { sourceEventId: "evt-ach-jun", userId, category: NotificationCategory.ACHIEVEMENT, data: { achievement: "Kana master" } },
      mailing,
    );
    expect(result.email).toBe("PENDING"); // ...and the process dies before sendPending(result.pendingEmailIds)
    const sweeps = await Promise.all([mailing.sendPending(dataSource().manager), mailing.sendPending(dataSource().manager)]);
    expect(sweeps.reduce((n, s) => n + s.sent, 0)).toBe(1);
    const toJun = smtp.received.filter((m) => m.to.includes("jun@example.test"));
    expect(toJun).toHaveLength(1);
    expect(toJun[0].subject).toBe("Achievement unlocked: Kana master");
    expect(toJun[0].text).toMatch(/^Hi Jun,\n\nYou earned "Kana master"\. Well done!/);
  });

  it("records a refused email as FAILED with the server's reason", async () => {
    const userId = "user_notif_kim";
    await recipient({ userId, email: "bounce@example.test", displayName: "Kim" });
    const result = await deliver({ sourceEventId: "evt-welcome-kim", userId, category: NotificationCategory.WELCOME }, mailing);
    expect(await mailing.sendPending(dataSource().manager, result.pendingEmailIds)).toEqual({ sent: 0, failed: 1, skipped: 0 });
    const row = await dataSource().manager.findOneByOrFail(Delivery, { id: result.pendingEmailIds[0] });
    expect(row.status).toBe("FAILED");
    expect(row.error).toMatch(/550/);
  });
});
