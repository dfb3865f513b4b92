import { EntitlementsCache, type EntitlementsLookup } from "./entitlements";

const PLUS = { plan: "PLUS", features: ["UNLIMITED_REVIEWS", "LEARNING_INSIGHTS"] } as const;
const event = (userId: string, plan: "FREE" | "PLUS" | "PRO", changedAt: string) => ({
  userId,
  plan,
  features: plan === "FREE" ? [] : ["UNLIMITED_REVIEWS" as const],
  status: "ACTIVE" as const,
  changedAt,
});

describe("EntitlementsCache.resolve", () => {
  it("answers a held user from the cache, without asking billing", async () => {
    const lookup = jest.fn<ReturnType<EntitlementsLookup>, Parameters<EntitlementsLookup>>();
    const cache = new EntitlementsCache(10, lookup);
    cache.apply(event("user_a", "PRO", "2026-01-01T00:00:00Z"));
    expect(await cache.resolve("user_a")).toEqual({ plan: "PRO", features: ["UNLIMITED_REVIEWS"] });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("asks billing once for a miss, shares the answer between concurrent requests, and caches it (Free too)", async () => {
    const lookup = jest.fn(async (userId: string) =>
      userId === "user_paid" ? { ...PLUS, features: [...PLUS.features] } : { plan: "FREE" as const, features: [] },
    );
    const cache = new EntitlementsCache(10, lookup);
    const [a, b] = await Promise.all([cache.resolve("user_paid"), cache.resolve("user_paid")]);
    expect(a).toEqual(PLUS);
    expect(b).toEqual(PLUS);
    expect(await cache.resolve("user_free")).toEqual({ plan: "FREE", features: [] });
    await cache.resolve("user_paid");
    await cache.resolve("user_free");
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(cache.planOf("user_paid")).toBe("plus");
  });

  it("lets any event win over a lookup's answer", async () => {
    const cache = new EntitlementsCache(10, async () => ({ plan: "FREE", features: [] }));
    await cache.resolve("user_b");
    cache.apply(event("user_b", "PLUS", "2026-01-01T00:00:00Z"));
    expect((await cache.resolve("user_b")).plan).toBe("PLUS");
  });

  it("falls back to Free, without throwing, when billing fails or does not answer in time", async () => {
    const failing = new EntitlementsCache(10, async () => Promise.reject(new Error("ECONNREFUSED")));
    expect(await failing.resolve("user_c")).toEqual({ plan: "FREE", features: [] });
    expect(failing.fellBack).toBe(1);
    // Not asked again at once: a billing outage costs each missed user one attempt per few seconds.
    await failing.resolve("user_c");
    expect(failing.fellBack).toBe(1);

    const hanging: EntitlementsLookup = (_userId, signal) =>
      new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    const slow = new EntitlementsCache(10, hanging, 20);
    expect(await slow.resolve("user_d")).toEqual({ plan: "FREE", features: [] });
    expect(slow.planOf("user_d")).toBeUndefined();
  });

  it("is Free without a lookup", async () => {
    expect(await new EntitlementsCache(10).resolve("user_e")).toEqual({ plan: "FREE", features: [] });
  });
});
