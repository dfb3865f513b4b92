import { randomUUID } from "node:crypto";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * Notifications driven by real events, end to end: Clerk webhook or GraphQL mutation at the
 * gateway → users/progress outbox → embedded event log → notifications consumer → inbox at the
 * gateway and email on a real SMTP server on loopback.
 */
let stack: TestStack;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await startStack({
    envFor: { notifications: { SMTP_URL: smtp.url, MAIL_FROM: "Learnloop <no-reply@learnloop.test>", EMAIL_SWEEP_INTERVAL_MS: "200" } },
  });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await smtp?.close();
});

const db = () => stack.subgraphs.notifications.db.dataSource;
const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
const count = async (sql: string, params: unknown[]) => Number((await db().query(sql, params))[0].n);
const consumerStats = (purpose: string) => stack.subgraphs.notifications.events!.consumers.find((c) => c.groupId.endsWith(purpose))!.stats;

const INBOX = `{ me { unreadNotificationCount notifications(first: 20) { edges { node { category title body lesson { id title } } } } } }`;
const inbox = async (userId: string) => {
  const r = await gql(stack.gatewayUrl, INBOX, { token: stack.token(userId) });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.me as { unreadNotificationCount: number; notifications: { edges: { node: any }[] } };
};

describe("notifications through events", () => {
  const userId = "user_flow_mail";
  const email = "hana@example.com"; // from the Clerk payload

  it("user.created sends one welcome, in-app and by email, and a redelivered event sends nothing more", async () => {
    expect((await deliverClerkWebhook(stack, userPayload("user.created", userId, Date.now()))).status).toBe(200);
    await waitFor(() => mailTo(email).length > 0, 15_000, "the welcome email");
    const [welcome] = mailTo(email);
    expect(welcome.subject).toBe("Welcome to Learnloop, Hana Sato!");
    expect(welcome.text).toMatch(/^Hi Hana Sato,\n\nYour Japanese journey starts today/);
    expect((await inbox(userId)).notifications.edges.map((e) => e.node.category)).toEqual(["WELCOME"]);

    // Kafka may deliver an event twice; the embedded log can be made to by publishing its message again.
    const transport = stack.subgraphs.notifications.events!.transport;
    const created = (await transport.readAll("learnloop.users.v1")).filter(
      (m) => m.key === userId && m.headers["event-type"] === "user.created",
    );
    expect(created).toHaveLength(1);
    const before = { ...consumerStats("user-lifecycle") };
    await transport.publish(created.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    await waitFor(() => consumerStats("user-lifecycle").duplicates > before.duplicates, 15_000, "the duplicate to be consumed");
    await new Promise((r) => setTimeout(r, 500)); // room for a wrong second email to arrive
    expect(mailTo(email)).toHaveLength(1);
    expect(await count(`SELECT count(*) AS n FROM notifications.notifications WHERE user_id = $1`, [userId])).toBe(1);
  });

  it("lessons, a level and an achievement reach the inbox through the gateway, with the lesson's title from content", async () => {
    const lessons = await gql(stack.gatewayUrl, `{ lessons(first: 5) { edges { node { id title } } } }`);
    const five = lessons.body.data!.lessons.edges.map((e: any) => e.node as { id: string; title: string });
    expect(five).toHaveLength(5);
    for (const lesson of five) {
      const r = await gql(stack.gatewayUrl, `mutation($id: ID!) { completeLesson(input: { lessonId: $id }) { xpAwarded } }`, {
        token: stack.token(userId),
        variables: { id: lesson.id },
      });
      expect(r.body.errors).toBeUndefined();
    }
    // 5 first completions x 10 XP = 50 XP = level 2; the first lesson unlocks FIRST_LESSON.
    await waitFor(async () => (await inbox(userId)).notifications.edges.length >= 8, 20_000, "8 notifications");
    const me = await inbox(userId);
    const nodes = me.notifications.edges.map((e) => e.node);
    expect(nodes.map((n) => n.category).sort()).toEqual([
      "ACHIEVEMENT",
      "LESSON",
      "LESSON",
      "LESSON",
      "LESSON",
      "LESSON",
      "LEVEL",
      "WELCOME",
    ]);
    expect(me.unreadNotificationCount).toBe(8);
    expect(nodes.filter((n) => n.category === "LESSON").map((n) => n.lesson)).toEqual(expect.arrayContaining(five));
    expect(nodes.find((n) => n.category === "LESSON").title).toBe("Lesson complete");
    expect(nodes.find((n) => n.category === "LEVEL")).toMatchObject({ title: "You reached level 2!", lesson: null });
    expect(nodes.find((n) => n.category === "ACHIEVEMENT").title).toBe("Achievement unlocked: First lesson");

    // Email by default for welcome, level and achievement only.
    await waitFor(() => mailTo(email).length >= 3, 15_000, "level and achievement emails");
    expect(
      mailTo(email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(["Achievement unlocked: First lesson", "Welcome to Learnloop, Hana Sato!", "You reached level 2!"]);
  });

  it("a seven-day streak sends a streak milestone and the SEVEN_DAY_STREAK achievement", async () => {
    const learner = "user_flow_streak";
    // Six days of study already behind them (UTC, the default time zone); today's lesson makes seven.
    await stack.subgraphs.progress.db.dataSource.query(
      `INSERT INTO progress.activities (user_id, kind, xp, occurred_at)
       SELECT $1, 'review', 1, now() - make_interval(days => d) FROM generate_series(1, 6) AS d`,
      [learner],
    );
    const r = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
      token: stack.token(learner),
    });
    expect(r.body.errors).toBeUndefined();
    await waitFor(async () => (await inbox(learner)).notifications.edges.some((e) => e.node.category === "STREAK"), 15_000, "the streak");
    const titles = (await inbox(learner)).notifications.edges.map((e) => `${e.node.category}: ${e.node.title}`);
    expect(titles).toEqual(
      expect.arrayContaining([
        "STREAK: 7-day streak!",
        "ACHIEVEMENT: Achievement unlocked: Seven-day streak",
        "ACHIEVEMENT: Achievement unlocked: First lesson",
      ]),
    );
    // Another lesson the same day reaches no new milestone.
    await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-02" }) { xpAwarded } }`, {
      token: stack.token(learner),
    });
    await waitFor(async () => (await inbox(learner)).notifications.edges.filter((e) => e.node.category === "LESSON").length === 2, 15_000);
    expect((await inbox(learner)).notifications.edges.filter((e) => e.node.category === "STREAK")).toHaveLength(1);
  });

  it("an email a crash left PENDING is sent by the sweep, once", async () => {
    const id = randomUUID();
    // The state a crash between commit and send leaves: the delivery decided, never claimed.
    await db().query(
      `INSERT INTO notifications.deliveries (id, source_event_id, user_id, channel, status, subject, body)
       VALUES ($1, $2, $3, 'EMAIL', 'PENDING', 'Left behind', 'Sent by the sweep')`,
      [id, randomUUID(), userId],
    );
    await waitFor(
      async () => (await count(`SELECT count(*) AS n FROM notifications.deliveries WHERE id = $1 AND status = 'SENT'`, [id])) === 1,
    );
    await new Promise((r) => setTimeout(r, 500)); // two more sweeps
    expect(mailTo(email).filter((m) => m.subject === "Left behind")).toHaveLength(1);
  });

  it("user.deleted erases the user's notifications, and events still in flight bring nothing back", async () => {
    const deleted = JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId, deleted: true } });
    expect((await deliverClerkWebhook(stack, deleted)).status).toBe(200);
    const held = () =>
      count(
        `SELECT (SELECT count(*) FROM notifications.recipients WHERE user_id = $1) + (SELECT count(*) FROM notifications.notifications WHERE user_id = $1)
              + (SELECT count(*) FROM notifications.deliveries WHERE user_id = $1) AS n`,
        [userId],
      );
    await waitFor(async () => (await held()) === 0, 15_000, "notifications to erase the user");

    // A lesson.completed written before the deletion reached progress, arriving after it.
    const progress = stack.subgraphs.progress;
    const late = await progress.db.dataSource.transaction(async (tx) => {
      await progress.events!.publisher.publish(
        tx,
        "lesson.completed",
        { userId, lessonId: "hiragana-01", score: 1, xpAwarded: 2, firstCompletion: false, completedAt: new Date().toISOString() },
        { requestId: randomUUID() },
      );
      return (await tx.query(`SELECT event_id FROM progress.outbox ORDER BY id DESC LIMIT 1`))[0].event_id as string;
    });
    await waitFor(
      async () => (await count(`SELECT count(*) AS n FROM notifications.processed_events WHERE event_id = $1`, [late])) === 1,
      15_000,
      "the late event to be consumed",
    );
    expect(await held()).toBe(0);
  });
});
