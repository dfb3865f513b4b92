import { fromMessage } from "@learnloop/kit/internal";
import { deliverClerkWebhook, userPayload } from "../support/clerk-webhook";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(() => stack?.stop());

const progressRows = async (userId: string) => {
  const [row] = await stack.subgraphs.progress.db.dataSource.query(
    `SELECT (SELECT count(*)::int FROM progress.learners WHERE user_id = $1) AS learners,
            (SELECT timezone FROM progress.learners WHERE user_id = $1) AS timezone,
            (SELECT count(*)::int FROM progress.activities WHERE user_id = $1) AS activities,
            (SELECT count(*)::int FROM progress.lesson_completions WHERE user_id = $1) AS completions,
            (SELECT count(*)::int FROM progress.review_cards WHERE user_id = $1) AS cards,
            (SELECT count(*)::int FROM progress.achievements WHERE user_id = $1) AS achievements`,
    [userId],
  );
  return row as { learners: number; timezone: string | null; activities: number; completions: number; cards: number; achievements: number };
};

const topicEvents = async (topic: string, userId: string) =>
  (await stack.subgraphs.progress.events!.transport.readAll(topic)).map(fromMessage).filter((e) => e.key === userId);

describe("user events through the outbox to progress (embedded transport)", () => {
  it("user.created and user.updated from users reach progress, carrying the request id", async () => {
    const token = stack.token("user_flow_1");
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const r = await gql(stack.gatewayUrl, `mutation { updateProfile(input: { timezone: "Asia/Tokyo" }) { id } }`, {
      token,
      headers: { traceparent },
    });
    expect(r.body.errors).toBeUndefined();
    await waitFor(async () => (await progressRows("user_flow_1")).timezone === "Asia/Tokyo", 15_000, "progress to copy the time zone");

    const events = await topicEvents("learnloop.users.v1", "user_flow_1");
    expect(events.map((e) => e.type)).toEqual(["user.created", "user.updated"]);
    expect(events[1]).toMatchObject({ producer: "users", version: 1, meta: { requestId: r.headers.get("x-request-id") } });
    // The client's W3C trace continues through the gateway and the subgraph into the event.
    expect(events[1].meta.traceparent).toBe(traceparent);
    expect(events[0].meta.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it("progress publishes lesson.completed and achievements in the mutation's transaction", async () => {
    const token = stack.token("user_flow_2");
    const r = await gql(
      stack.gatewayUrl,
      `mutation { completeLesson(input: { lessonId: "hiragana-01", learnedCharacterIds: ["c-3042"] }) { xpAwarded } }`,
      { token },
    );
    expect(r.body.errors).toBeUndefined();
    await waitFor(async () => (await topicEvents("learnloop.progress.v1", "user_flow_2")).length >= 3, 15_000, "progress events");
    const events = await topicEvents("learnloop.progress.v1", "user_flow_2");
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        "lesson.completed",
        expect.objectContaining({ userId: "user_flow_2", lessonId: "hiragana-01", xpAwarded: 10, firstCompletion: true }),
      ],
      [
        "progress.updated",
        expect.objectContaining({ cause: "LESSON_COMPLETED", lessonId: "hiragana-01", xp: 10, xpAwarded: 10, level: 1, currentStreak: 1 }),
      ],
      ["achievement.unlocked", expect.objectContaining({ achievement: "FIRST_LESSON" })],
    ]);
    expect(events[0].meta.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("user.deleted from Clerk erases the learner's progress", async () => {
    const userId = "user_flow_3";
    const created = await deliverClerkWebhook(stack, userPayload("user.created", userId, 1000));
    expect(created.status).toBe(200);
    const token = stack.token(userId);
    await gql(
      stack.gatewayUrl,
      `mutation { completeLesson(input: { lessonId: "hiragana-01", learnedCharacterIds: ["c-3042"] }) { xpAwarded } }`,
      {
        token,
      },
    );
    await gql(stack.gatewayUrl, `mutation { recordReview(input: { characterId: "c-3042", rating: GOOD }) { id } }`, { token });
    const before = await progressRows(userId);
    expect(before).toMatchObject({ learners: 1, completions: 1, cards: 1 });
    expect(before.activities).toBeGreaterThanOrEqual(2);

    const deleted = await deliverClerkWebhook(
      stack,
      JSON.stringify({ type: "user.deleted", object: "event", data: { id: userId, deleted: true } }),
    );
    expect(deleted.status).toBe(200);
    await waitFor(async () => (await progressRows(userId)).learners === 0, 15_000, "progress to erase the learner");
    expect(await progressRows(userId)).toEqual({ learners: 0, timezone: null, activities: 0, completions: 0, cards: 0, achievements: 0 });
  });
});
