import { randomUUID } from "node:crypto";
import { FAKE_STRIPE_PRICES } from "@learnloop/devstack";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { subscribe } from "../support/stripe";
import { waitFor } from "../support/wait";

/**
 * analytics through the gateway (ADR 0031): events of real mutations and webhooks land in
 * analytics.events once each, even when delivered again; `track` stores a learner's client events
 * or refuses the batch with BAD_USER_INPUT; user.deleted erases the learner's rows.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const db = () => stack.subgraphs.analytics.db.dataSource;
const rowsOf = async (userId: string): Promise<{ event_id: string; type: string; source: string; payload: Record<string, unknown> }[]> =>
  db().query(`SELECT event_id, type, source, payload FROM analytics.events WHERE user_id = $1 ORDER BY occurred_at, type`, [userId]);
const typesOf = async (userId: string) => (await rowsOf(userId)).map((r) => r.type).sort();
const tracking = () => stack.subgraphs.analytics.events!.consumers.find((c) => c.groupId === "analytics.tracking")!.stats;
const transport = () => stack.subgraphs.analytics.events!.transport;

const SERVER_EVENTS = [
  "achievement.unlocked",
  "lesson.completed",
  "notification.created",
  "notification.created",
  "notification.created",
  "progress.updated",
  "user.created",
];

async function signUpAndCompleteALesson(userId: string) {
  expect((await deliverClerkWebhook(stack, userPayload("user.created", userId, Date.now()))).status).toBe(200);
  const r = await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
    token: stack.token(userId),
  });
  expect(r.body.errors).toBeUndefined();
  // The welcome's, the lesson's and the achievement's notifications come from notifications, after progress's events.
  await waitFor(async () => (await typesOf(userId)).length >= SERVER_EVENTS.length, 20_000, "the learner's events in analytics");
}

describe("the tracking store", () => {
  const userId = "user_analytics_store";

  it("stores each event of a Clerk sign-up and a completed lesson once, without contact data", async () => {
    await signUpAndCompleteALesson(userId);
    expect(await typesOf(userId)).toEqual(SERVER_EVENTS);
    const rows = await rowsOf(userId);
    expect(rows.every((r) => r.source === "server")).toBe(true);
    const created = rows.find((r) => r.type === "user.created")!;
    expect(created.payload).toEqual({ locale: "en", timezone: "UTC", profileVisibility: "PRIVATE" });
    expect(JSON.stringify(rows)).not.toMatch(/hana@example\.com|Hana/);
    expect(rows.find((r) => r.type === "lesson.completed")!.payload).toMatchObject({ lessonId: "hiragana-01", firstCompletion: true });
    // Each row lands in its month's partition, not the DEFAULT one.
    const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM analytics.events_default WHERE user_id = $1`, [userId]);
    expect(n).toBe(0);
  });

  it("a redelivered event changes nothing", async () => {
    const redelivered = [
      ...(await transport().readAll("learnloop.users.v1")).filter((m) => m.key === userId && m.headers["event-type"] === "user.created"),
      ...(await transport().readAll("learnloop.progress.v1")).filter(
        (m) => m.key === userId && m.headers["event-type"] === "lesson.completed",
      ),
    ];
    expect(redelivered).toHaveLength(2);
    const before = { ...tracking() };
    const rowsBefore = await rowsOf(userId);
    await transport().publish(redelivered.map(({ topic, key, value, headers }) => ({ topic, key, value, headers })));
    await waitFor(() => tracking().duplicates >= before.duplicates + 2, 15_000, "both duplicates to be consumed");
    expect(await rowsOf(userId)).toEqual(rowsBefore);
  });
});

describe("track", () => {
  const userId = "user_analytics_track";
  const TRACK = `mutation($events: [ClientEventInput!]!) { track(events: $events) { accepted } }`;
  const track = (events: unknown[]) => gql(stack.gatewayUrl, TRACK, { token: stack.token(userId), variables: { events } });
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  it("stores a learner's client events, marked as the client's, with an audit row", async () => {
    const r = await track([
      { type: "SESSION_START", occurredAt: ago(60_000) },
      { type: "SCREEN_VIEW", occurredAt: ago(50_000), screen: "lessons/hiragana-01" },
      { type: "SESSION_END", occurredAt: ago(1_000), durationSeconds: 59 },
    ]);
    expect(r.body).toEqual({ data: { track: { accepted: 3 } } });
    const rows = await rowsOf(userId);
    expect(rows.map((row) => [row.type, row.source, row.payload])).toEqual([
      ["client.session_start", "client", {}],
      ["client.screen_view", "client", { screen: "lessons/hiragana-01" }],
      ["client.session_end", "client", { durationSeconds: 59 }],
    ]);
    const audit = await db().query(`SELECT target_ids, changes FROM analytics.audit_log WHERE mutation = 'track' AND request_id = $1`, [
      r.headers.get("x-request-id"),
    ]);
    expect(audit).toEqual([
      { target_ids: [userId], changes: { accepted: 3, types: ["client.session_start", "client.screen_view", "client.session_end"] } },
    ]);
  });

  it.each([
    [
      "more than 50",
      Array.from({ length: 51 }, () => ({ type: "SESSION_START", occurredAt: ago(0) })),
      /^events must hold 1 to 50 events, not 51$/,
    ],
    ["none", [], /^events must hold 1 to 50 events$/],
    ["a future time", [{ type: "SESSION_START", occurredAt: ago(-5 * 60_000) }], /^events\[0\]: occurredAt is in the future$/],
    ["an old time", [{ type: "SESSION_START", occurredAt: ago(8 * 86_400_000) }], /^events\[0\]: occurredAt is more than 7 days old$/],
    [
      "a time without a zone",
      [{ type: "SESSION_START", occurredAt: "2026-12-01T10:00:00" }],
      /^events\[0\]: occurredAt must be an ISO 8601/,
    ],
    ["a screen view without a screen", [{ type: "SCREEN_VIEW", occurredAt: ago(0) }], /^events\[0\]: screen is required for SCREEN_VIEW$/],
    [
      "a screen name out of bounds",
      [{ type: "SCREEN_VIEW", occurredAt: ago(0), screen: "x".repeat(101) }],
      /^events\[0\]: screen must be 1 to 100/,
    ],
    [
      "a screen name that is not a name",
      [{ type: "SCREEN_VIEW", occurredAt: ago(0), screen: "a@b.c" }],
      /^events\[0\]: screen must be 1 to 100/,
    ],
    [
      "a session end without a duration",
      [{ type: "SESSION_END", occurredAt: ago(0) }],
      /^events\[0\]: durationSeconds is required for SESSION_END$/,
    ],
    [
      "a negative duration",
      [{ type: "SESSION_END", occurredAt: ago(0), durationSeconds: -1 }],
      /^events\[0\]: durationSeconds must be 0 to 86400$/,
    ],
    [
      "a duration on another type",
      [{ type: "SESSION_START", occurredAt: ago(0), durationSeconds: 3 }],
      /^events\[0\]: durationSeconds is for SESSION_END only/,
    ],
    [
      "one bad event among good ones",
      [
        { type: "SESSION_START", occurredAt: ago(0) },
        { type: "SCREEN_VIEW", occurredAt: ago(0), screen: "home", durationSeconds: 1 },
      ],
      /^events\[1\]: durationSeconds is for SESSION_END only, not SCREEN_VIEW$/,
    ],
  ])("refuses %s with BAD_USER_INPUT, and stores nothing of the batch", async (_what, events, message) => {
    const before = (await rowsOf(userId)).length;
    const r = await track(events);
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.body.errors![0].message).toMatch(message);
    expect((await rowsOf(userId)).length).toBe(before);
  });

  it("refuses an undeclared type (GraphQL validation) and an anonymous caller", async () => {
    expect(codes(await track([{ type: "PURCHASE", occurredAt: ago(0) }]))).toEqual(["BAD_USER_INPUT"]);
    const anonymous = await gql(stack.gatewayUrl, TRACK, { variables: { events: [{ type: "SESSION_START", occurredAt: ago(0) }] } });
    expect(codes(anonymous)).toEqual(["UNAUTHENTICATED"]);
  });
});

describe("user.deleted", () => {
  const userId = "user_analytics_erased";

  it("erases the learner's events, keeps one anonymous row, and keeps their late events out", async () => {
    await signUpAndCompleteALesson(userId);
    const r = await gql(
      stack.gatewayUrl,
      `mutation($at: String!) { track(events: [{ type: SESSION_START, occurredAt: $at }]) { accepted } }`,
      {
        token: stack.token(userId),
        variables: { at: new Date().toISOString() },
      },
    );
    expect(r.body.errors).toBeUndefined();
    const lessonEvent = (await transport().readAll("learnloop.progress.v1")).find(
      (m) => m.key === userId && m.headers["event-type"] === "lesson.completed",
    )!;

    const deleted = await deliverClerkWebhook(
      stack,
      JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId, deleted: true } }),
    );
    expect(deleted.status).toBe(200);
    await waitFor(async () => (await rowsOf(userId)).length === 0, 15_000, "analytics to erase the learner");
    const anonymous = await db().query(`SELECT user_id, payload FROM analytics.events WHERE type = 'user.deleted'`);
    expect(anonymous).toEqual([{ user_id: null, payload: {} }]);

    // An event from another topic that arrives after the deletion (a new id, so not a duplicate).
    const id = randomUUID();
    const late = {
      ...lessonEvent,
      value: JSON.stringify({ ...JSON.parse(lessonEvent.value), id }),
      headers: { ...lessonEvent.headers, "event-id": id },
    };
    await transport().publish([{ topic: late.topic, key: late.key, value: late.value, headers: late.headers }]);
    const consumed = async () =>
      (await db().query(`SELECT 1 FROM analytics.processed_events WHERE consumer = 'analytics.tracking' AND event_id = $1`, [id])).length >
      0;
    await waitFor(consumed, 15_000, "the late event to be consumed");
    expect(await rowsOf(userId)).toEqual([]);
  });
});

describe("insights", () => {
  const userId = "user_analytics_insights";
  const as = (query: string, variables?: Record<string, unknown>) =>
    gql(stack.gatewayUrl, query, { token: stack.token(userId), variables });
  const ok = async (query: string, variables?: Record<string, unknown>) => {
    const r = await as(query, variables);
    expect(r.body.errors).toBeUndefined();
    return r.body.data!;
  };

  it("counts the last 30 days' reviews and lessons, and study minutes by weekday in the learner's time zone", async () => {
    // Insights need LEARNING_INSIGHTS (Plus); tests/e2e/analytics-insights.spec.ts checks the refusal.
    await subscribe(stack, (q) => as(q).then((r) => r.body), userId, FAKE_STRIPE_PRICES.plus);
    await waitFor(async () => !(await as(`{ me { insights { reviewsLast30Days } } }`)).body.errors, 20_000, "Plus to unlock insights");
    await ok(`mutation { updateProfile(input: { timezone: "Asia/Tokyo" }) { id } }`);
    await ok(`mutation { completeLesson(input: { lessonId: "hiragana-01", score: 0.5, learnedCharacterIds: ["c-3042"] }) { xpAwarded } }`);
    await ok(`mutation { completeLesson(input: { lessonId: "hiragana-02", score: 1 }) { xpAwarded } }`);
    await ok(`mutation { recordReview(input: { characterId: "c-3042", rating: GOOD }) { id } }`);
    // The last Monday 20:30 UTC gone by (at most 7 days ago): Tuesday 05:30 in Tokyo.
    const monday = new Date();
    monday.setUTCHours(20, 30, 0, 0);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    if (monday.getTime() > Date.now()) monday.setUTCDate(monday.getUTCDate() - 7);
    await ok(`mutation($at: String!) { track(events: [{ type: SESSION_END, occurredAt: $at, durationSeconds: 1500 }]) { accepted } }`, {
      at: monday.toISOString(),
    });
    await waitFor(
      async () => (await typesOf(userId)).filter((t) => t === "lesson.completed" || t === "progress.updated").length >= 5,
      20_000,
      "the lessons and the review in analytics",
    );

    const data = await ok(`{ me { insights { reviewsLast30Days lessonsCompletedLast30Days averageLessonScoreLast30Days
      studyMinutesByWeekday { weekday minutes } } } }`);
    expect(data.me.insights).toEqual({
      reviewsLast30Days: 1,
      lessonsCompletedLast30Days: 2,
      averageLessonScoreLast30Days: 0.75,
      studyMinutesByWeekday: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"].map((weekday) => ({
        weekday,
        minutes: weekday === "TUESDAY" ? 25 : 0,
      })),
    });
  });

  it("are the learner's own: signed out, there is no me", async () => {
    const r = await gql(stack.gatewayUrl, `{ me { insights { reviewsLast30Days } } }`);
    expect(codes(r)).toEqual(["UNAUTHENTICATED"]);
  });
});
