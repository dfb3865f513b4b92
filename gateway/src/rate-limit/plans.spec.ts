import { generateKeyPairSync } from "node:crypto";
import { ConfigError, generateInternalContextKeys, parseEnv } from "@learnloop/kit/internal";
import { envSchema } from "../environment";
import { callerKey, callerOf, planLookup, tierOf } from "./plans";

describe("tiers", () => {
  const planOf = planLookup({ user_p: "plus" });
  it("a caller is a machine, a user or an address; a user's plan defaults to free", () => {
    expect(tierOf(callerOf({ viewer: null }, "203.0.113.1"), planOf)).toBe("anonymous");
    expect(callerKey(callerOf({ viewer: null }, "203.0.113.1"))).toBe("ip:203.0.113.1");
    expect(tierOf(callerOf({ viewer: { userId: "user_a" } }, "x"), planOf)).toBe("free");
    expect(tierOf(callerOf({ viewer: { userId: "user_p" } }, "x"), planOf)).toBe("plus");
    // The seam billing fills: a plan on the caller wins.
    expect(tierOf({ kind: "user", userId: "user_p", plan: "pro" }, planOf)).toBe("pro");
    expect(tierOf(callerOf({ viewer: null, machineId: "mch_1" }, "x"), planOf)).toBe("machine");
  });
});

describe("rate-limit environment", () => {
  const base = {
    CLERK_JWT_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString(),
    INTERNAL_CONTEXT_PRIVATE_KEY: generateInternalContextKeys().privateKey,
  };
  const production = {
    ...base,
    NODE_ENV: "production",
    CLERK_ISSUER: "https://clerk.learnloop.dev",
    CLERK_AUTHORIZED_PARTIES: "https://app.learnloop.dev",
  };
  const problems = (source: Record<string, string>) => {
    try {
      parseEnv(envSchema, source);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };

  it("tiers, the expensive map and the test plans, with their defaults", () => {
    const env = parseEnv(envSchema, base);
    expect([
      env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      env.RATE_LIMIT_FREE_PER_MINUTE,
      env.RATE_LIMIT_PLUS_PER_MINUTE,
      env.RATE_LIMIT_PRO_PER_MINUTE,
    ]).toEqual([60, 120, 300, 600]);
    expect(env.RATE_LIMIT_EXPENSIVE_PER_HOUR).toEqual({
      recordReview: { perHour: 600, byTier: {} },
      completeLesson: { perHour: 120, byTier: {} },
      track: { perHour: 600, byTier: {} },
    });
    expect(
      parseEnv(envSchema, { ...base, RATE_LIMIT_EXPENSIVE_PER_HOUR: "submitSpeakingAttempt=20;plus=120;pro=600" })
        .RATE_LIMIT_EXPENSIVE_PER_HOUR,
    ).toEqual({
      submitSpeakingAttempt: { perHour: 20, byTier: { plus: 120, pro: 600 } },
    });
    expect(env.REDIS_URL).toBeUndefined();
    const set = parseEnv(envSchema, { ...base, RATE_LIMIT_EXPENSIVE_PER_HOUR: "", RATE_LIMIT_TEST_PLANS: "user_a=pro,user_b=plus" });
    expect(set.RATE_LIMIT_EXPENSIVE_PER_HOUR).toEqual({});
    expect(set.RATE_LIMIT_TEST_PLANS).toEqual({ user_a: "pro", user_b: "plus" });
    expect(parseEnv(envSchema, { ...base, REDIS_URL: "" }).REDIS_URL).toBeUndefined();
    expect(parseEnv(envSchema, { ...base, REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("refuses bad entries, naming the variable", () => {
    for (const [name, value] of [
      ["RATE_LIMIT_EXPENSIVE_PER_HOUR", "recordReview=0"],
      ["RATE_LIMIT_EXPENSIVE_PER_HOUR", "recordReview=5;gold=9"],
      ["RATE_LIMIT_EXPENSIVE_PER_HOUR", "recordReview=5;plus=0"],
      ["RATE_LIMIT_TEST_PLANS", "user_a=gold"],
      ["REDIS_URL", "http://127.0.0.1:6379"],
      ["RATE_LIMIT_FREE_PER_MINUTE", "0"],
    ])
      expect(problems({ ...base, [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}: `))]);
  });

  it("refuses RATE_LIMIT_TEST_PLANS under NODE_ENV=production: plans come from billing there", () => {
    expect(problems(production)).toEqual([]);
    expect(problems({ ...production, RATE_LIMIT_TEST_PLANS: "user_a=pro" })).toEqual([
      expect.stringMatching(/^RATE_LIMIT_TEST_PLANS: dev and test only/),
    ]);
  });

  it("PLAN_CHECKS_BYPASS names only known checks, and is refused under NODE_ENV=production", () => {
    expect([...parseEnv(envSchema, { ...base, PLAN_CHECKS_BYPASS: "rate-limits, entitlements" }).PLAN_CHECKS_BYPASS]).toEqual([
      "rate-limits",
      "entitlements",
    ]);
    expect(parseEnv(envSchema, base).PLAN_CHECKS_BYPASS.size).toBe(0);
    expect(problems({ ...base, PLAN_CHECKS_BYPASS: "auth" })).toEqual([
      expect.stringMatching(/^PLAN_CHECKS_BYPASS\.0: Invalid option: expected one of "rate-limits"\|"entitlements"/),
    ]);
    expect(problems({ ...production, PLAN_CHECKS_BYPASS: "rate-limits" })).toEqual([
      expect.stringMatching(/^PLAN_CHECKS_BYPASS: dev and test only/),
    ]);
    // Not "not production" but "development or test": another name does not open it.
    for (const NODE_ENV of ["staging", "prod", "Production"])
      expect(problems({ ...base, NODE_ENV, PLAN_CHECKS_BYPASS: "rate-limits", RATE_LIMIT_TEST_PLANS: "user_a=pro" })).toEqual([
        expect.stringMatching(/^RATE_LIMIT_TEST_PLANS: dev and test only/),
        expect.stringMatching(/^PLAN_CHECKS_BYPASS: dev and test only/),
      ]);
  });
});
