import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * Staff reports through the gateway (issue 16): three learners sign up through Clerk's webhook,
 * complete lessons and read notifications through the API, and an admin's reports over today count
 * exactly them; a learner is FORBIDDEN, a bad range BAD_USER_INPUT; an erased learner leaves the
 * figures. Past dates (cohorts over weeks, streaks, payments) are in subgraphs/analytics/__tests__/reports.spec.ts.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const [A, B, C] = ["user_reports_a", "user_reports_b", "user_reports_c"];
const DAY = 86_400_000;
const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const monday = new Date(today.getTime() - ((today.getUTCDay() + 6) % 7) * DAY);
const range = { from: today.toISOString(), to: new Date(today.getTime() + DAY).toISOString() };

const as = (userId: string, query: string, variables?: Record<string, unknown>, roles?: string[]) =>
  gql(stack.gatewayUrl, query, { token: stack.token(userId, roles ? { roles } : undefined), variables });
const ok = async (userId: string, query: string, variables?: Record<string, unknown>) => {
  const r = await as(userId, query, variables);
  expect(r.body.errors).toBeUndefined();
  return r.body.data!;
};
const admin = async (query: string, variables: Record<string, unknown> = { range }) => {
  const r = await as("user_reports_admin", query, variables, ["admin"]);
  expect(r.body.errors).toBeUndefined();
  return r.body.data!;
};
const analyticsCount = async (type: string) =>
  (
    await stack.subgraphs.analytics.db.dataSource.query(
      `SELECT count(*)::int AS n FROM analytics.events WHERE type = $1 AND user_id = ANY($2::text[])`,
      [type, [A, B, C]],
    )
  )[0].n as number;

const REPORTS = {
  activeUsersReport: `query($range: DateRangeInput!) { activeUsersReport(range: $range) { date dau wau mau } }`,
  retentionCohortReport: `query($range: DateRangeInput!) { retentionCohortReport(range: $range, weeks: 2) { cohortWeek size retained } }`,
  funnelReport: `query($range: DateRangeInput!) { funnelReport(range: $range) { step users conversionFromPrevious } }`,
  lessonCompletionReport: `query($range: DateRangeInput!) { lessonCompletionReport(range: $range) { lesson { id title } learners completions dropOff } }`,
  notificationEngagementReport: `query($range: DateRangeInput!) { notificationEngagementReport(range: $range) { category sent read readRate } }`,
};

beforeAll(async () => {
  for (const id of [A, B, C]) expect((await deliverClerkWebhook(stack, userPayload("user.created", id, Date.now()))).status).toBe(200);
  const complete = (id: string, lessonId: string) =>
    ok(id, `mutation($id: ID!) { completeLesson(input: { lessonId: $id }) { xpAwarded } }`, { id: lessonId });
  await complete(A, "hiragana-01");
  await complete(A, "hiragana-02");
  await complete(B, "hiragana-01");
  // Welcome x3, lesson x3 and FIRST_LESSON achievement x2 reach notifications, then analytics.
  await waitFor(async () => (await analyticsCount("notification.created")) === 8, 30_000, "the notifications in analytics");
  expect(await ok(A, `mutation { markAllNotificationsRead }`)).toEqual({ markAllNotificationsRead: 4 });
  const inbox = await ok(B, `{ me { notifications(first: 10) { edges { node { id category } } } } }`);
  const welcome = inbox.me.notifications.edges.find((e: { node: { category: string } }) => e.node.category === "WELCOME").node.id;
  await ok(B, `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: welcome });
  await ok(B, `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`, { id: welcome }); // read again: no second event
  await waitFor(async () => (await analyticsCount("notification.read")) === 5, 30_000, "the reads in analytics");
}, 120_000);

describe("staff reports for an admin", () => {
  it("DAU, WAU and MAU of today", async () => {
    expect((await admin(REPORTS.activeUsersReport)).activeUsersReport).toEqual([{ date: iso(today), dau: 3, wau: 3, mau: 3 }]);
  });

  it("this week's cohort, all active in week 0", async () => {
    expect((await admin(REPORTS.retentionCohortReport)).retentionCohortReport).toEqual([
      { cohortWeek: iso(monday), size: 3, retained: [1, 0] },
    ]);
  });

  it("the funnel from today's sign-ups", async () => {
    expect((await admin(REPORTS.funnelReport)).funnelReport).toEqual([
      { step: "SIGNED_UP", users: 3, conversionFromPrevious: null },
      { step: "FIRST_LESSON", users: 2, conversionFromPrevious: 2 / 3 },
      { step: "SEVEN_DAY_STREAK", users: 0, conversionFromPrevious: 0 },
      { step: "PAID", users: 0, conversionFromPrevious: null },
    ]);
  });

  it("lesson completions, with the lesson resolved by content", async () => {
    const rows = (await admin(REPORTS.lessonCompletionReport)).lessonCompletionReport;
    expect(rows.map((r: { lesson: { id: string } }) => r.lesson.id)).toEqual(["hiragana-01", "hiragana-02"]);
    expect(rows.every((r: { lesson: { title: string } }) => typeof r.lesson.title === "string" && r.lesson.title.length > 0)).toBe(true);
    // A stopped after hiragana-02, B after hiragana-01.
    expect(rows.map(({ lesson: _lesson, ...r }: { lesson: unknown }) => r)).toEqual([
      { learners: 2, completions: 2, dropOff: 0.5 },
      { learners: 1, completions: 1, dropOff: 1 },
    ]);
  });

  it("notifications sent against read, by category", async () => {
    expect((await admin(REPORTS.notificationEngagementReport)).notificationEngagementReport).toEqual([
      { category: "ACHIEVEMENT", sent: 2, read: 1, readRate: 0.5 },
      { category: "LESSON", sent: 3, read: 2, readRate: 2 / 3 },
      { category: "WELCOME", sent: 3, read: 2, readRate: 2 / 3 },
    ]);
  });
});

describe("who may read them, and bad ranges", () => {
  it.each(Object.entries(REPORTS))("%s is FORBIDDEN to a learner and needs a session", async (_name, query) => {
    expect(codes(await as(A, query, { range }))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(stack.gatewayUrl, query, { variables: { range } }))).toEqual(["UNAUTHENTICATED"]);
  });

  it.each([
    ["to before from", { from: range.to, to: range.from }, /to must be after from/],
    ["more than 400 days", { from: "2025-01-01T00:00:00Z", to: "2026-02-06T00:00:00Z" }, /at most 400 days/],
  ])("refuses %s with BAD_USER_INPUT, reason INVALID_DATE_RANGE", async (_what, bad, message) => {
    for (const query of Object.values(REPORTS)) {
      const r = await as("user_reports_admin", query, { range: bad }, ["admin"]);
      expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
      expect(r.body.errors![0].extensions).toMatchObject({ reason: "INVALID_DATE_RANGE" });
      expect(r.body.errors![0].message).toMatch(message);
    }
  });

  // Found by the fuzzer: the gateway passed a bad DateTimeISO on, and the subgraph's refusal became an internal error.
  it.each([
    ["", "an empty string"],
    ["2026-02-30T00:00:00Z", "no such day"],
    ["yesterday", "not a date"],
  ])("refuses %j (%s) as a date at the gateway, as a literal and as a variable, for any caller", async (bad) => {
    for (const roles of [["admin"], []]) {
      const literal = await as(
        "user_reports_admin",
        `{ funnelReport(range: { from: ${JSON.stringify(bad)}, to: "2026-02-01T00:00:00Z" }) { step } }`,
        {},
        roles,
      );
      expect(codes(literal)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      expect(literal.body.errors![0].message).toMatch(/invalid date-time-string/);
      expect(literal.body.errors![0].extensions).toMatchObject({ requestId: expect.any(String) });
      const variable = await as("user_reports_admin", REPORTS.funnelReport, { range: { from: bad, to: range.to } }, roles);
      expect(codes(variable)).toEqual(["BAD_USER_INPUT"]);
      expect(variable.body.errors![0].message).toMatch(/invalid date-time-string/);
      expect(variable.body.errors![0].extensions).toMatchObject({ requestId: expect.any(String) });
    }
  });

  it("refuses a cohort of 0 weeks", async () => {
    const r = await as(
      "user_reports_admin",
      `query($range: DateRangeInput!) { retentionCohortReport(range: $range, weeks: 0) { size } }`,
      { range },
      ["admin"],
    );
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("after an erasure", () => {
  it("the deleted learner counts nowhere, and the figures stay coherent", async () => {
    const body = JSON.stringify({ type: "user.deleted", object: "event", data: { id: C, deleted: true } });
    expect((await deliverClerkWebhook(stack, body)).status).toBe(200);
    await waitFor(async () => (await analyticsCount("user.created")) === 2, 15_000, "analytics to erase the learner");
    expect((await admin(REPORTS.activeUsersReport)).activeUsersReport).toEqual([{ date: iso(today), dau: 2, wau: 2, mau: 2 }]);
    expect((await admin(REPORTS.funnelReport)).funnelReport.map((s: { users: number }) => s.users)).toEqual([2, 2, 0, 0]);
    expect((await admin(REPORTS.notificationEngagementReport)).notificationEngagementReport).toContainEqual({
      category: "WELCOME",
      sent: 2,
      read: 2,
      readRate: 1,
    });
  });
});
