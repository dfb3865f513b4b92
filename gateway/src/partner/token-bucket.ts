import { LRUCache } from "lru-cache";

/**
 * Per-key token buckets: a key may burst up to its per-minute rate, then refills continuously.
 * Buckets live in this gateway process (see ADR 0010 for why not a shared store), bounded in number.
 */
export class TokenBuckets {
  /** The least recently used key is forgotten past the bound: its next request starts a full bucket. */
  private readonly buckets: LRUCache<string, { tokens: number; at: number }>;

  constructor(maxKeys = 100_000) {
    this.buckets = new LRUCache({ max: maxKeys });
  }

  /** Whether a token is there, without taking it. */
  peek(key: string, perMinute: number, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const bucket = this.buckets.peek(key);
    const tokens = bucket ? refilled(bucket, perMinute, now) : perMinute;
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfterSeconds: secondsUntilOne(tokens, perMinute) };
  }

  /** Takes one token; when none is left, says in how many whole seconds one will be. */
  take(key: string, perMinute: number, now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: perMinute, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = refilled(bucket, perMinute, now);
    bucket.at = now;
    if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: secondsUntilOne(bucket.tokens, perMinute) };
    bucket.tokens -= 1;
    return { ok: true, remaining: Math.floor(bucket.tokens) };
  }
}

const refilled = (bucket: { tokens: number; at: number }, perMinute: number, now: number) =>
  Math.min(perMinute, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);

const secondsUntilOne = (tokens: number, perMinute: number) => Math.max(1, Math.ceil(((1 - tokens) * 60) / perMinute));
