import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { connect, subscribe, type LiveConnection } from "../support/live";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/** Live subscriptions when things go wrong: a gateway restart, and a client that stops reading. */
const QUEUE_LIMIT = 20;
let stack: TestStack;
const open: LiveConnection[] = [];
beforeAll(async () => {
  // A keepalive longer than any pause here: a paused client answers no ping, and past two
  // intervals the gateway ends its connection (tests/live/subscriptions.spec.ts), which under a
  // loaded machine's longer pause would end this file's slow client before its queue is checked.
  stack = await startStack({ gatewayEnv: { LIVE_QUEUE_LIMIT: String(QUEUE_LIMIT), LIVE_KEEPALIVE_MS: "600000" } });
}, 120_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.dispose()));
  await stack?.stop();
});

const PROGRESS = `subscription { progressUpdated { xp cause } }`;
const live = (userId: string, params: Record<string, unknown> = {}, impl?: typeof WebSocket) => {
  const c = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token(userId)}`, ...params }, impl);
  open.push(c);
  return c;
};
/** progress.updated events written straight to progress's outbox, as its mutations would. */
async function publishProgress(userId: string, count: number, firstXp = 1) {
  const progress = stack.subgraphs.progress;
  for (let start = 0; start < count; start += 100)
    await progress.db.dataSource.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + 100); i++)
        await progress.events!.publisher.publish(
          tx,
          "progress.updated",
          {
            userId,
            cause: "REVIEW_RECORDED",
            xp: firstXp + i,
            xpAwarded: 1,
            level: 1,
            currentStreak: 1,
            occurredAt: new Date().toISOString(),
          },
          { requestId: randomUUID() },
        );
    });
}

describe("live subscriptions under faults", () => {
  it("a client resumes on a restarted gateway from the last event it saw", async () => {
    const userId = "user_live_restart";
    const before = live(userId);
    const sub = subscribe(before, PROGRESS);
    await waitFor(() => (stack.gatewayLive?.hub.stats().members ?? 0) >= 1);
    await publishProgress(userId, 1, 100);
    const seen = await sub.nth(1);

    await stack.restartGateway();
    expect((await before.closed).code).toBe(1001); // going away: the client should reconnect
    // The new gateway reread its window from the log, but that is history, not news.
    const fresh = subscribe(live(userId), PROGRESS);
    await new Promise((r) => setTimeout(r, 700));
    expect(fresh.results).toEqual([]);
    fresh.stop();
    // What happens while the client is away: one event through a mutation, two straight from the outbox.
    await gql(stack.gatewayUrl, `mutation { completeLesson(input: { lessonId: "hiragana-01" }) { xpAwarded } }`, {
      token: stack.token(userId),
    });
    await publishProgress(userId, 2, 200);

    const again = subscribe(live(userId), PROGRESS, { extensions: { lastEventId: seen.extensions!.eventId } });
    const missed = [await again.nth(1), await again.nth(2), await again.nth(3)];
    expect(missed.map((r) => r.data.progressUpdated)).toEqual([
      { xp: 10, cause: "LESSON_COMPLETED" },
      { xp: 200, cause: "REVIEW_RECORDED" },
      { xp: 201, cause: "REVIEW_RECORDED" },
    ]);
    await new Promise((r) => setTimeout(r, 500));
    expect(again.results).toHaveLength(3);
  });

  it("a client that stops reading costs bounded memory: the oldest results are dropped and it is told", async () => {
    const userId = "user_live_slow";
    // Big payloads fill the socket buffers sooner: every event carries the user's 50 notifications.
    await stack.subgraphs.notifications.db.dataSource.query(
      `INSERT INTO notifications.notifications (id, user_id, category, title, body, data, source_event_id, created_at)
       SELECT gen_random_uuid(), $1, 'SYSTEM', 'Notice ' || n, repeat('Lorem ipsum dolor sit amet. ', 20), '{}', 'seed-' || n, now() FROM generate_series(1, 50) n`,
      [userId],
    );
    const sockets: WebSocket[] = [];
    class Pausable extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    }
    const members = stack.gatewayLive!.hub.stats().members;
    const slow = live(userId, {}, Pausable as typeof WebSocket);
    const sub = subscribe(
      slow,
      `subscription { progressUpdated { xp user { notifications(first: 50) { edges { node { title body } } } } } }`,
    );
    await waitFor(() => stack.gatewayLive!.hub.stats().members > members);
    (sockets[0] as unknown as { _socket: { pause(): void } })._socket.pause();

    const EVENTS = 1_500;
    const feed = stack.gatewayLive!.feed;
    const received = feed.received;
    await publishProgress(userId, EVENTS);
    await waitFor(() => feed.received >= received + EVENTS, 60_000, "the gateway to read every event");
    await waitFor(() => stack.gatewayLive!.hub.stats().dropped > 0, 30_000, "the queue to overflow");
    const stats = stack.gatewayLive!.hub.stats();
    expect(stats.queued).toBeLessThanOrEqual(QUEUE_LIMIT);

    (sockets[0] as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => sub.results.some((r) => r.errors?.[0]?.extensions?.code === "EVENTS_DROPPED"), 30_000, "the drop notice");
    const notice = sub.results.find((r) => r.errors?.[0]?.extensions?.code === "EVENTS_DROPPED")!;
    expect(notice.errors![0].extensions).toMatchObject({ dropped: expect.any(Number), requestId: expect.any(String) });
    // The newest event always arrives; what was dropped is what the notice counted. Generous: the
    // 1,500 completions pass through two subgraphs, and analytics' triage, on a loaded machine.
    await waitFor(() => sub.results.some((r) => r.data?.progressUpdated?.xp === EVENTS), 160_000, "the newest event").catch((err) => {
      const last = sub.results.slice(-3).map((r) => JSON.stringify({ xp: r.data?.progressUpdated?.xp, errors: r.errors }).slice(0, 400));
      throw new Error(
        `${(err as Error).message}; ended by ${JSON.stringify(sub.error ?? null)}, completed ${sub.completed}; ${sub.results.length} results, the last: ${last.join(" | ")}; hub ${JSON.stringify(stack.gatewayLive!.hub.stats())}`,
      );
    });
    const delivered = sub.results.filter((r) => r.data).length;
    const dropped = sub.results.flatMap((r) => r.errors ?? []).reduce((n, e) => n + Number(e.extensions?.dropped ?? 0), 0);
    expect(delivered + dropped).toBe(EVENTS);
    expect(dropped).toBeGreaterThan(0);
  }, 280_000);
});
