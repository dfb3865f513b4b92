import { EventBatcher, MAX_QUEUED, type SendBatch } from "../../clients/web/src/analytics/batcher";
import type { ClientEventInput } from "../../clients/web/src/generated/graphql";

const view = (n: number): ClientEventInput => ({ type: "SCREEN_VIEW", occurredAt: new Date(n).toISOString(), screen: `s${n}` });

/** A sender that records each call and answers as told. */
function recorder(answer: () => Promise<void> = () => Promise.resolve()) {
  const calls: { events: ClientEventInput[]; keepalive: boolean }[] = [];
  const send: SendBatch = (events, { keepalive }) => {
    calls.push({ events, keepalive });
    return answer();
  };
  return { calls, send };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("the client event batcher", () => {
  it("sends nothing before 30 s, then everything queued in one call", async () => {
    const { calls, send } = recorder();
    const batcher = new EventBatcher(send);
    batcher.add(view(1));
    jest.advanceTimersByTime(10_000);
    batcher.add(view(2));
    jest.advanceTimersByTime(19_999);
    expect(calls).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([{ events: [view(1), view(2)], keepalive: false }]);
    expect(batcher.pending).toBe(0);
    // The timer starts again with the next event only.
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });

  it("sends at once at the 20th event, without waiting for the timer", () => {
    const { calls, send } = recorder();
    const batcher = new EventBatcher(send);
    for (let n = 1; n <= 19; n++) batcher.add(view(n));
    expect(calls).toHaveLength(0);
    batcher.add(view(20));
    expect(calls).toHaveLength(1);
    expect(calls[0].events).toHaveLength(20);
    // The 30 s timer of the first event was cleared with the send.
    jest.advanceTimersByTime(30_000);
    expect(calls).toHaveLength(1);
  });

  it("flushes at once with keepalive when asked (the page hides)", async () => {
    const { calls, send } = recorder();
    const batcher = new EventBatcher(send);
    batcher.add(view(1));
    batcher.add(view(2));
    await batcher.flush(true);
    expect(calls).toEqual([{ events: [view(1), view(2)], keepalive: true }]);
    jest.advanceTimersByTime(30_000);
    expect(calls).toHaveLength(1);
  });

  it("drops a refused batch (PLAN_REQUIRED, RATE_LIMITED) and tells onDrop, never throwing", async () => {
    const refused = Object.assign(new Error("slow down"), { code: "RATE_LIMITED" });
    const { calls, send } = recorder(() => Promise.reject(refused));
    const onDrop = jest.fn();
    const batcher = new EventBatcher(send, { onDrop });
    batcher.add(view(1));
    await expect(batcher.flush()).resolves.toBeUndefined();
    expect(onDrop).toHaveBeenCalledWith(refused, 1);
    expect(batcher.pending).toBe(0);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });

  it("puts a batch back after a transient failure and sends it with the next one, in order", async () => {
    let fail = true;
    const { calls, send } = recorder(() => (fail ? Promise.reject(new TypeError("Failed to fetch")) : Promise.resolve()));
    const batcher = new EventBatcher(send, { isTransient: (e) => e instanceof TypeError });
    batcher.add(view(1));
    await batcher.flush();
    expect(batcher.pending).toBe(1);
    fail = false;
    batcher.add(view(2));
    await jest.advanceTimersByTimeAsync(30_000);
    expect(calls.map((c) => c.events)).toEqual([[view(1)], [view(1), view(2)]]);
    expect(batcher.pending).toBe(0);
  });

  it("keeps the newest 200 events while sends fail, then sends them in calls of at most 50", async () => {
    let fail = true;
    const { calls, send } = recorder(() => (fail ? Promise.reject(new TypeError("offline")) : Promise.resolve()));
    const batcher = new EventBatcher(send, { isTransient: () => true });
    let n = 0;
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 20; i++) batcher.add(view(++n)); // the 20th sends; the send fails and puts them back
      await jest.advanceTimersByTimeAsync(0);
    }
    expect(batcher.pending).toBe(MAX_QUEUED);
    fail = false;
    calls.length = 0;
    await batcher.flush();
    expect(calls.map((c) => c.events.length)).toEqual([50, 50, 50, 50]);
    expect(calls.flatMap((c) => c.events)).toEqual(Array.from({ length: MAX_QUEUED }, (_, i) => view(n - MAX_QUEUED + 1 + i)));
  });
});
