import { TokenBuckets } from "./token-bucket";

describe("TokenBuckets", () => {
  it("allows a burst of the per-minute rate, then refuses with the seconds until the next token", () => {
    const buckets = new TokenBuckets();
    const t0 = 1_000_000;
    for (let i = 0; i < 6; i++) expect(buckets.take("k", 6, t0).ok).toBe(true);
    const refused = buckets.take("k", 6, t0);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 10 }); // 6 per minute: one every 10 s
    expect(buckets.take("k", 6, t0 + 4_000)).toEqual({ ok: false, retryAfterSeconds: 6 });
    expect(buckets.take("k", 6, t0 + 10_000).ok).toBe(true);
  });

  it("keeps keys apart and never refills past the burst", () => {
    const buckets = new TokenBuckets();
    expect(buckets.take("a", 2, 0).ok).toBe(true);
    expect(buckets.take("a", 2, 0).ok).toBe(true);
    expect(buckets.take("a", 2, 0).ok).toBe(false);
    expect(buckets.take("b", 2, 0).ok).toBe(true);
    // An hour idle refills to 2, not 120.
    expect(buckets.take("b", 2, 3_600_000)).toEqual({ ok: true, remaining: 1 });
    expect(buckets.take("b", 2, 3_600_000)).toEqual({ ok: true, remaining: 0 });
    expect(buckets.take("b", 2, 3_600_000).ok).toBe(false);
  });

  it("forgets the oldest key past its bound", () => {
    const buckets = new TokenBuckets(2);
    buckets.take("a", 1, 0);
    buckets.take("b", 1, 0);
    buckets.take("c", 1, 0); // evicts a, whose next request starts a full bucket
    expect(buckets.take("a", 1, 0).ok).toBe(true);
  });
});

describe("TokenBuckets.peek", () => {
  it("tells whether a token is there without taking it", () => {
    const buckets = new TokenBuckets();
    expect(buckets.peek("k", 2, 0)).toEqual({ ok: true });
    buckets.take("k", 2, 0);
    expect(buckets.peek("k", 2, 0)).toEqual({ ok: true });
    buckets.take("k", 2, 0);
    expect(buckets.peek("k", 2, 0)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(buckets.peek("k", 2, 0)).toEqual({ ok: false, retryAfterSeconds: 30 }); // peeking took nothing
    expect(buckets.peek("k", 2, 30_000)).toEqual({ ok: true });
  });
});

describe("TokenBuckets bound", () => {
  it("forgets the least recently used key, not a key in use", () => {
    const buckets = new TokenBuckets(2);
    buckets.take("a", 1, 0);
    buckets.take("b", 1, 0);
    buckets.take("a", 1, 0); // a is used again (and refused: its token is spent)
    buckets.take("c", 1, 0); // evicts b, the least recently used
    expect(buckets.take("a", 1, 0).ok).toBe(false);
    expect(buckets.take("b", 1, 0).ok).toBe(true);
  });
});
