import { MemberQueue } from "./member-queue";

const event = (n: number) => ({ data: { n } });

describe("a subscriber's queue", () => {
  it("hands results over in order, waiting when empty", async () => {
    const q = new MemberQueue(10, () => undefined, "req-1");
    const pending = q.next();
    q.push(event(1));
    q.push(event(2));
    expect((await pending).value).toEqual(event(1));
    expect((await q.next()).value).toEqual(event(2));
  });

  it("keeps at most its limit: the oldest go, and the client is told how many before the next result", async () => {
    const q = new MemberQueue(3, () => undefined, "req-2");
    for (let n = 1; n <= 8; n++) q.push(event(n));
    expect(q.size).toBe(3);
    expect(q.totalDropped).toBe(5);
    const notice = (await q.next()).value!;
    expect(notice.errors![0].extensions).toEqual({ code: "EVENTS_DROPPED", dropped: 5, requestId: "req-2" });
    expect([(await q.next()).value, (await q.next()).value, (await q.next()).value]).toEqual([event(6), event(7), event(8)]);
  });

  it("closing ends a waiting reader, empties the queue and lets the hub know once", async () => {
    let closed = 0;
    const q = new MemberQueue(3, () => closed++, "req-3");
    const waiting = q.next();
    await q.return();
    q.close();
    q.push(event(1));
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await q.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });
});
