import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Logger } from "pino";

export interface Decision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (RateLimit-Reset; Retry-After when refused). */
  resetSeconds: number;
  /** The quota policy's name and window, for the RateLimit-Policy field. */
  policy: string;
  windowSeconds: number;
}

export interface Limiter {
  readonly limit: number;
  /** Charges one point to `key`. */
  consume(key: string): Promise<Decision>;
  /** Whether `key` has a point left, without charging it. */
  peek(key: string): Promise<Decision>;
}

export interface LimiterStore {
  /** `name` keeps one limit's keys apart from another's; the same name and numbers give the same counters on every replica. */
  limiter(name: string, points: number, durationSeconds: number): Limiter;
  readonly shared: boolean;
  /** Resolves once Redis is connected, or after `timeoutMs` (counting in process meanwhile); at once without Redis. */
  ready(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

type PolicyOf = Pick<Decision, "policy" | "windowSeconds" | "limit">;
const decision = (policy: PolicyOf, res: RateLimiterRes, allowed: boolean): Decision => ({
  ...policy,
  allowed,
  remaining: Math.max(0, res.remainingPoints),
  resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/**
 * Fixed windows from rate-limiter-flexible: in Redis when `redisUrl` is set (one budget across
 * replicas), else in this process. When Redis fails or is slower than `timeoutMs`, a request is
 * counted in this process instead (fail soft to per-replica limits, ADR 0025): never refused for
 * Redis's sake, never held longer than the timeout. The outage is logged once, and its end.
 */
export function createLimiterStore(options: { redisUrl?: string; prefix: string; timeoutMs: number; logger: Logger }): LimiterStore {
  const { prefix, logger } = options;
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, {
        // A command waits for no reconnection: it fails at once and the memory limiter answers.
        enableOfflineQueue: false,
        commandTimeout: options.timeoutMs,
        maxRetriesPerRequest: 0,
        connectTimeout: Math.max(1_000, options.timeoutMs),
        lazyConnect: false,
      })
    : undefined;
  let down = false;
  const wentDown = (err: unknown) => {
    if (down) return;
    down = true;
    logger.warn({ err }, "rate limits: Redis unavailable, counting in this process until it is back");
  };
  redis?.on("error", wentDown);
  redis?.on("ready", () => {
    if (down) logger.info("rate limits: Redis is back, limits are shared again");
    down = false;
  });

  const memo = new Map<string, Limiter>();
  return {
    shared: Boolean(redis),
    ready: (timeoutMs) =>
      new Promise<void>((resolve) => {
        if (!redis || redis.status === "ready") return resolve();
        const done = () => {
          clearTimeout(timer);
          redis.off("ready", done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        redis.once("ready", done);
      }),
    limiter(name, points, durationSeconds) {
      const id = `${name}:${points}:${durationSeconds}`;
      const known = memo.get(id);
      if (known) return known;
      const keyPrefix = `${prefix}:${id}`;
      const policy: PolicyOf = { policy: name.replace(/[^a-zA-Z0-9_-]/g, "-"), windowSeconds: durationSeconds, limit: points };
      const memory = new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });
      const primary: RateLimiterAbstract = redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration: durationSeconds, rejectIfRedisNotReady: true })
        : memory;
      const run = async (op: (l: RateLimiterAbstract) => Promise<RateLimiterRes | null>, limiter = primary): Promise<Decision> => {
        try {
          const res = await op(limiter);
          if (!res) return { ...policy, allowed: true, remaining: points, resetSeconds: durationSeconds };
          return decision(policy, res, true);
        } catch (err) {
          if (err instanceof RateLimiterRes) return decision(policy, err, false);
          if (limiter === memory) throw err;
          wentDown(err);
          return run(op, memory);
        }
      };
      const made: Limiter = {
        limit: points,
        consume: (key) => run((l) => l.consume(key)),
        peek: (key) =>
          run(async (l) => {
            const res = await l.get(key);
            if (res && res.remainingPoints <= 0) throw res;
            return res;
          }),
      };
      memo.set(id, made);
      return made;
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
