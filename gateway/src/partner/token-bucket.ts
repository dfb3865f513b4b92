/**
 * Per-key token buckets: a key may burst up to its per-minute rate, then refills continuously.
 * Buckets live in this gateway process (see ADR 0010 for why not a shared store), bounded in number.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  /** Whether a token is there, without taking it. */
  peek(key: string, perMinute: number, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const bucket = this.buckets.get(key);
    if (!bucket) return { ok: true };
    const perMs = perMinute / 60_000;
    const tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  }

  /** Takes one token; when none is left, says in how many whole seconds one will be. */
  take(key: string, perMinute: number, now = Date.now()): { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number } {
    const capacity = perMinute;
    const perMs = perMinute / 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, remaining: Math.floor(bucket.tokens) };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
