import { randomUUID } from "node:crypto";
import pino from "pino";
import { createLimiterStore, type LimiterStore } from "./store";

/** The machine's Redis (127.0.0.1:6379), under a prefix of this run's own. */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const stores: LimiterStore[] = [];
afterAll(() => Promise.all(stores.map((s) => s.close())));

function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

const store = (redisUrl: string | undefined, logger = pino({ level: "silent" })) => {
  const s = createLimiterStore({ redisUrl, prefix: `test:${randomUUID()}`, timeoutMs: 250, logger });
  stores.push(s);
  return s;
};

describe("limiter store", () => {
  it("in process: a window of N points, per key, and peek charges nothing", async () => {
    const limiter = store(undefined).limiter("t", 3, 60);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.consume("a"));
    expect(seen.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(seen[3].resetSeconds).toBeGreaterThanOrEqual(1);
    expect(seen[3].resetSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.peek("a")).allowed).toBe(false);
    expect(await limiter.peek("b")).toMatchObject({ allowed: true, remaining: 3 });
    expect((await limiter.consume("b")).remaining).toBe(2);
  });

  it("two stores on one Redis share one budget (as two replicas do)", async () => {
    const prefix = `test:${randomUUID()}`;
    const a = createLimiterStore({ redisUrl: REDIS_URL, prefix, timeoutMs: 1_000, logger: pino({ level: "silent" }) });
    const b = createLimiterStore({ redisUrl: REDIS_URL, prefix, timeoutMs: 1_000, logger: pino({ level: "silent" }) });
    stores.push(a, b);
    expect(a.shared).toBe(true);
    await Promise.all([a.ready(5_000), b.ready(5_000)]);
    const [la, lb] = [a.limiter("t", 4, 60), b.limiter("t", 4, 60)];
    const allowed = [];
    for (let i = 0; i < 6; i++) allowed.push((await (i % 2 ? lb : la).consume("k")).allowed);
    expect(allowed).toEqual([true, true, true, true, false, false]);
  });

  it("Redis down: answers from this process (never refuses for it, never hangs) and logs it once", async () => {
    const { logger, lines } = recordingLogger();
    // Nothing listens on port 1.
    const limiter = store("redis://127.0.0.1:1", logger).limiter("t", 2, 60);
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await limiter.consume("k")).allowed);
    expect(seen).toEqual([true, true, false, false]);
    expect((await limiter.peek("k")).allowed).toBe(false);
    expect(lines.filter((l) => /Redis unavailable/.test(l.msg))).toHaveLength(1);
  });
});
