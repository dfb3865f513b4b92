import { createLogger, type EventEnvelope } from "@learnloop/kit/internal";
import type { ExecutionResult } from "graphql";
import { LiveHub } from "./live-hub";
import type { LivePlan } from "./live-planner";

/**
 * The hub's ordering under joins, replays and departures. Execution (the query plan against the
 * subgraphs) is replaced by a function the test controls, so each interleaving is exact; the
 * end-to-end behaviour is covered in tests/live.
 */
const plan = { key: "progress#1", field: "progressUpdated", responseKey: "progressUpdated" } as LivePlan;
const event = (n: number, userId = "u1"): EventEnvelope<unknown> =>
  ({
    id: `e${n}`,
    type: "progress.updated",
    version: 1,
    key: userId,
    producer: "progress",
    occurredAt: "",
    payload: { userId, xp: n },
    meta: {},
  }) as never;

function hubWithGate() {
  const hub = new LiveHub(null as never, {}, createLogger("test", "silent"), 100, (f) => f);
  const gates: (() => void)[] = [];
  const calls: string[] = [];
  /** Replaces execution: each call waits until the test opens it, then yields the event's xp. */
  (hub as unknown as { execute: unknown }).execute = (_group: unknown, e: EventEnvelope<{ xp: number }>) =>
    calls.push(e.id) &&
    new Promise<ExecutionResult>((resolve) =>
      gates.push(() => resolve({ data: { progressUpdated: { xp: e.payload.xp } }, extensions: { eventId: e.id } })),
    );
  const openAll = async () => {
    for (let i = 0; i < 20; i++) {
      while (gates.length) gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { hub, openAll, calls };
}

const join = (hub: LiveHub, replay?: EventEnvelope<unknown>[]) =>
  hub.join({ plan, variables: {}, userId: "u1", echoes: false, replay, requestId: "r" });

async function take(queue: AsyncIterator<ExecutionResult>, n: number): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(((await queue.next()).value!.data as { progressUpdated: { xp: number } }).progressUpdated.xp);
  return xs;
}

describe("the live hub", () => {
  it("a resuming subscriber gets its replay, then what arrived during it, once and in order", async () => {
    const { hub, openAll } = hubWithGate();
    const resuming = join(hub, [event(1), event(2)]);
    hub.dispatch(event(3)); // arrives while the replay is still running
    await openAll();
    expect(await take(resuming, 3)).toEqual([1, 2, 3]);
    expect(resuming.size).toBe(0);
  });

  it("keeps the group for a subscriber still replaying when the last live one leaves", async () => {
    const { hub, openAll } = hubWithGate();
    const live = join(hub);
    const resuming = join(hub, [event(1)]);
    live.close(); // the only member leaves while the other replays
    await openAll();
    hub.dispatch(event(2));
    await openAll();
    expect(await take(resuming, 2)).toEqual([1, 2]);
  });

  it("lets go of a subscriber that leaves during its replay", async () => {
    const { hub, openAll, calls } = hubWithGate();
    const resuming = join(hub, [event(1), event(2)]);
    resuming.close();
    await openAll();
    hub.dispatch(event(3));
    await openAll();
    expect(hub.stats()).toMatchObject({ groups: 0, members: 0 });
    expect(calls).toEqual(["e1"]); // e1 was already running when it left; e2 and e3 never run
  });

  it("never hands one user's events to another's group", async () => {
    const { hub, openAll } = hubWithGate();
    const mine = join(hub);
    hub.dispatch(event(1, "u2"));
    hub.dispatch(event(2, "u1"));
    await openAll();
    expect(await take(mine, 1)).toEqual([2]);
    expect(mine.size).toBe(0);
  });
});
