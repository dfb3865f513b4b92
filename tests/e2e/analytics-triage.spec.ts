import { randomUUID } from "node:crypto";
import { recordEvents, type TrackedEvent } from "@learnloop/subgraph-analytics";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * Struggle triage (issue 16 item 3, ADR 0034) through the gateway, with the default rules file: a
 * learner whose long streak breaks is flagged when their next lesson's progress.updated arrives; one
 * who signs up and stops is flagged by the sweep. Staff see both with their reasons; each learner
 * gets one kind COACHING nudge from notifications, and a second flag within the week gives none.
 * The past (a streak, a sign-up days ago, AGAIN answers) is written into analytics.events with the
 * store's own insert helper: the kit has no injectable clock.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ envFor: { analytics: { ANALYTICS_TRIAGE_SWEEP_INTERVAL_MS: "200" } } });
}, 120_000);
afterAll(() => stack?.stop());

const streaker = "user_triage_streak";
const quitter = "user_triage_stopped";
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

const analytics = () => stack.subgraphs.analytics;
const store = (rows: Omit<TrackedEvent, "eventId" | "version" | "source">[]) =>
  analytics().db.dataSource.transaction((tx) =>
    recordEvents(
      tx,
      rows.map((r) => ({ ...r, eventId: randomUUID(), version: 1, source: "server" })),
    ),
  );
const struggling = async (userId: string) =>
  (await analytics().events!.transport.readAll("learnloop.analytics.v1")).filter(
    (m) => m.key === userId && m.headers["event-type"] === "learner.struggling",
  );
const nudgesHandled = () =>
  stack.subgraphs.notifications.events!.consumers.find((c) => c.groupId === "notifications.coaching-nudges")!.stats.applied;

const LIST = `query($first: Int, $after: String) {
  strugglingLearners(first: $first, after: $after) {
    edges { cursor node { user { id } score flaggedAt reasons { rule explanation value threshold } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const staffList = async (variables: Record<string, unknown> = { first: 20 }) => {
  const r = await gql(stack.gatewayUrl, LIST, { token: stack.token("user_triage_staff", { roles: ["staff"] }), variables });
  expect(r.body.errors).toBeUndefined();
  return r.body.data!.strugglingLearners as {
    edges: { cursor: string; node: { user: { id: string }; score: number; flaggedAt: string; reasons: any[] } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
const flagOf = async (userId: string) => (await staffList()).edges.find((e) => e.node.user.id === userId)?.node;
const coaching = async (userId: string) => {
  const r = await gql(stack.gatewayUrl, `{ me { notifications(first: 50) { edges { node { category title body } } } } }`, {
    token: stack.token(userId),
  });
  expect(r.body.errors).toBeUndefined();
  return (r.body.data!.me.notifications.edges as { node: { category: string; title: string; body: string } }[])
    .map((e) => e.node)
    .filter((n) => n.category === "COACHING");
};
const mutate = async (userId: string, document: string) => {
  const r = await gql(stack.gatewayUrl, document, { token: stack.token(userId) });
  expect(r.body.errors).toBeUndefined();
};

describe("struggle triage", () => {
  it("flags a learner whose 12-day streak broke when their next lesson arrives, and nudges them once", async () => {
    expect((await deliverClerkWebhook(stack, userPayload("user.created", streaker, Date.now()))).status).toBe(200);
    // Yesterday's progress: a 12-day streak. Today's lesson starts progress's count at 1.
    await store([
      {
        userId: streaker,
        type: "progress.updated",
        occurredAt: ago(30 * HOUR),
        payload: { cause: "LESSON_COMPLETED", xp: 900, xpAwarded: 10, level: 4, currentStreak: 12 },
      },
    ]);
    await mutate(streaker, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`);
    await waitFor(async () => Boolean(await flagOf(streaker)), 20_000, "the streak-break flag");
    expect((await flagOf(streaker))!).toMatchObject({
      score: 0.3,
      reasons: [
        {
          rule: "streak-broken",
          value: 12,
          threshold: 7,
          explanation: "A 12-day streak broke (back to 1 or less; flagged for streaks of 7 days or more).",
        },
      ],
    });
    await waitFor(async () => (await coaching(streaker)).length > 0, 20_000, "the coaching nudge");
    expect(await coaching(streaker)).toEqual([
      {
        category: "COACHING",
        title: "A smaller step for today",
        body: "Every learner has tough days. A short review of five cards is enough to keep your progress going.",
      },
    ]);
  });

  it("a second flag within the week (a run of AGAIN) is published and listed, but gives no second nudge", async () => {
    const handled = nudgesHandled();
    const first = (await flagOf(streaker))!;
    await store(
      Array.from({ length: 8 }, (_, i) => ({
        userId: streaker,
        type: "review.recorded",
        occurredAt: ago((10 - i) * 60_000),
        // New cards still in learning: AGAIN each time, but no lapse (only a learned card lapses).
        payload: { characterId: `c-30${40 + i}`, rating: "AGAIN", state: "LEARNING", lapses: 0, reps: 1 },
      })),
    );
    // A real review: its review.recorded (a ninth AGAIN) and progress.updated make analytics look again.
    await mutate(streaker, `mutation { recordReview(input: { characterId: "c-3042", rating: AGAIN }) { id } }`);
    await waitFor(async () => (await struggling(streaker)).length === 2, 20_000, "the second learner.struggling");
    const second = (await flagOf(streaker))!;
    expect(Date.parse(second.flaggedAt)).toBeGreaterThan(Date.parse(first.flaggedAt));
    // The new reason flags again; the streak that broke minutes ago is still in its 2-day window, so it is listed too.
    expect(second.reasons.map((r) => [r.rule, r.threshold])).toEqual([
      ["again-streak", 8],
      ["streak-broken", 7],
    ]);
    expect(second.score).toBe(0.6);
    expect(second.reasons[0].value).toBeGreaterThanOrEqual(8);
    await waitFor(() => nudgesHandled() > handled, 20_000, "notifications to handle the second flag");
    expect(await coaching(streaker)).toHaveLength(1);
  });

  it("the sweep flags a learner who signed up four days ago and never studied; staff page the list by score", async () => {
    expect((await deliverClerkWebhook(stack, userPayload("user.created", quitter, Date.now()))).status).toBe(200);
    await store([{ userId: quitter, type: "user.created", occurredAt: ago(4 * 24 * HOUR), payload: { locale: "en", timezone: "UTC" } }]);
    await waitFor(async () => Boolean(await flagOf(quitter)), 20_000, "the sweep's flag");
    await waitFor(async () => (await coaching(quitter)).length > 0, 20_000, "the quitter's nudge");
    expect((await coaching(quitter))[0].body).toMatch(/^Getting started is the hardest part/);

    const list = await staffList();
    // The test run's record of who was flagged and why.
    console.log(
      JSON.stringify(
        list.edges.map((e) => e.node),
        null,
        2,
      ),
    );
    expect(list.edges.map((e) => [e.node.user.id, e.node.score])).toEqual([
      [streaker, 0.6],
      [quitter, 0.5],
    ]);
    expect(list.edges[1].node.reasons).toEqual([
      {
        rule: "stopped-after-signup",
        value: 4,
        threshold: 3,
        explanation: "Signed up 4 days ago and has not studied since (flagged after 3 days).",
      },
    ]);
    const page1 = await staffList({ first: 1 });
    expect(page1.edges.map((e) => e.node.user.id)).toEqual([streaker]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = await staffList({ first: 1, after: page1.pageInfo.endCursor });
    expect(page2.edges.map((e) => e.node.user.id)).toEqual([quitter]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it("is for staff and admins: a learner gets FORBIDDEN, an admin the list, a bad cursor BAD_USER_INPUT", async () => {
    const asLearner = await gql(stack.gatewayUrl, LIST, { token: stack.token(streaker), variables: { first: 5 } });
    expect(codes(asLearner)).toEqual(["FORBIDDEN"]);
    const anonymous = await gql(stack.gatewayUrl, LIST, { variables: { first: 5 } });
    expect(codes(anonymous)).toEqual(["UNAUTHENTICATED"]);
    const admin = await gql(stack.gatewayUrl, LIST, {
      token: stack.token("user_triage_admin", { roles: ["admin"] }),
      variables: { first: 5 },
    });
    expect(admin.body.data?.strugglingLearners.edges).toHaveLength(2);
    const staff = stack.token("user_triage_staff", { roles: ["staff"] });
    // (first: 101 never reaches analytics: the gateway's cost limit refuses it first.)
    for (const variables of [{ first: 0 }, { first: 1, after: "not-a-cursor" }])
      expect(codes(await gql(stack.gatewayUrl, LIST, { token: staff, variables }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("user.deleted erases the learner's flag", async () => {
    const deleted = await deliverClerkWebhook(
      stack,
      JSON.stringify({ type: "user.deleted", object: "event", data: { id: quitter, deleted: true } }),
    );
    expect(deleted.status).toBe(200);
    await waitFor(async () => !(await flagOf(quitter)), 15_000, "analytics to erase the flag");
    expect((await staffList()).edges.map((e) => e.node.user.id)).toEqual([streaker]);
  });
});
