import { signMachineToken } from "@learnloop/devstack";
import { connect, subscribe, type LiveConnection } from "../support/live";
import { gql, startStack, type GraphQLResponse, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * Rate limits by plan (ADR 0025) through the real gateway, on the embedded default: the counters
 * live in the gateway's process. Small tiers, so a test exhausts one in a few requests.
 */
let stack: TestStack;
const open: LiveConnection[] = [];
const TIERS = { anonymous: 5, free: 8, plus: 12, pro: 16, machine: 20 };

beforeAll(async () => {
  stack = await startStack({
    gatewayEnv: {
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(TIERS.anonymous),
      RATE_LIMIT_FREE_PER_MINUTE: String(TIERS.free),
      RATE_LIMIT_PLUS_PER_MINUTE: String(TIERS.plus),
      RATE_LIMIT_PRO_PER_MINUTE: String(TIERS.pro),
      RATE_LIMIT_MACHINE_PER_MINUTE: String(TIERS.machine),
      CLERK_MACHINE_ROLES: "mch_rlreports=service",
      // The dev/test stand-in for billing's plans.
      RATE_LIMIT_TEST_PLANS: "user_rl_plus=plus,user_rl_pro=pro,user_rl_plus_reviewer=plus",
      RATE_LIMIT_EXPENSIVE_PER_HOUR: "recordReview=3;plus=5",
      // One trusted proxy: each test can be its own client address.
      TRUST_PROXY_HOPS: "1",
    },
  });
}, 120_000);
afterAll(async () => {
  await Promise.all(open.map((c) => c.dispose()));
  await stack?.stop();
});

const anonymous = (address: string) => gql(stack.gatewayUrl, "{ __typename }", { headers: { "x-forwarded-for": address } });
const signedIn = (userId: string, query = "{ __typename }") => gql(stack.gatewayUrl, query, { token: stack.token(userId) });
const refused = (r: GraphQLResponse) => r.status === 429;

/** Sends until one is refused (at most `cap`); how many were answered first, and the refusal. */
async function exhaust(send: () => Promise<GraphQLResponse>, cap = 100) {
  const answered: GraphQLResponse[] = [];
  for (let i = 0; i < cap; i++) {
    const r = await send();
    if (refused(r)) return { allowed: answered.length, answered, refusal: r };
    answered.push(r);
  }
  throw new Error(`no refusal in ${cap} requests`);
}

describe("rate limits by plan, in process (the embedded default)", () => {
  it("anonymous callers are limited per client address", async () => {
    const first = await exhaust(() => anonymous("203.0.113.10"));
    expect(first.allowed).toBe(TIERS.anonymous);
    // Another address has its own budget.
    expect(refused(await anonymous("203.0.113.11"))).toBe(false);
  });

  it("a credential that fails is charged to the address: a bad token buys no way around the limit", async () => {
    const bad = () =>
      gql(stack.gatewayUrl, "{ __typename }", { headers: { "x-forwarded-for": "203.0.113.20", authorization: "Bearer not-a-token" } });
    const { answered, refusal } = await exhaust(bad);
    expect(answered.map((r) => r.status)).toEqual(Array(TIERS.anonymous).fill(401));
    expect(answered[0].headers.get("ratelimit-limit")).toBe(String(TIERS.anonymous));
    expect(refusal.body.errors![0].extensions!.code).toBe("RATE_LIMITED");
    // The same address is spent for anonymous requests too.
    expect(refused(await anonymous("203.0.113.20"))).toBe(true);
  });

  it("signed-in users get their plan's budget: free, plus and pro", async () => {
    expect((await exhaust(() => signedIn("user_rl_free"))).allowed).toBe(TIERS.free);
    expect((await exhaust(() => signedIn("user_rl_plus"))).allowed).toBe(TIERS.plus);
    expect((await exhaust(() => signedIn("user_rl_pro"))).allowed).toBe(TIERS.pro);
  });

  it("a machine (M2M) caller has its own tier", async () => {
    const token = signMachineToken(stack.keys.clerkPrivateKey, { sub: "mch_rlreports" });
    const { answered } = await exhaust(() => gql(stack.gatewayUrl, "{ __typename }", { token }));
    expect(answered).toHaveLength(TIERS.machine);
    expect(answered[0].headers.get("ratelimit-limit")).toBe(String(TIERS.machine));
  });

  it("RateLimit-* on every answer; a refusal is 429 RATE_LIMITED with Retry-After and the request id", async () => {
    const { answered, refusal } = await exhaust(() => signedIn("user_rl_headers"));
    answered.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.headers.get("ratelimit-limit")).toBe(String(TIERS.free));
      expect(r.headers.get("ratelimit-remaining")).toBe(String(TIERS.free - 1 - i));
      const reset = Number(r.headers.get("ratelimit-reset"));
      expect(reset).toBeGreaterThanOrEqual(1);
      expect(reset).toBeLessThanOrEqual(60);
      expect(r.headers.get("retry-after")).toBeNull();
      // The structured fields of the current draft say the same.
      expect(r.headers.get("ratelimit-policy")).toBe(`"op-free";q=${TIERS.free};w=60`);
      expect(r.headers.get("ratelimit")).toBe(`"op-free";r=${TIERS.free - 1 - i};t=${reset}`);
    });
    expect(refusal.status).toBe(429);
    expect(refusal.headers.get("ratelimit-limit")).toBe(String(TIERS.free));
    expect(refusal.headers.get("ratelimit-remaining")).toBe("0");
    const retryAfter = Number(refusal.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refusal.headers.get("ratelimit-reset")).toBe(String(retryAfter));
    expect(refusal.headers.get("ratelimit")).toBe(`"op-free";r=0;t=${retryAfter}`);
    expect(refusal.body.data).toBeUndefined();
    expect(refusal.body.errors).toEqual([
      {
        message: `At most ${TIERS.free} operations a minute; retry after ${retryAfter} s.`,
        extensions: { code: "RATE_LIMITED", requestId: refusal.headers.get("x-request-id"), retryAfter },
      },
    ]);
    // A browser client may read them across origins.
    const exposed = (await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { origin: "http://app.test", "content-type": "application/json", authorization: `Bearer ${stack.token("user_rl_cors")}` },
      body: JSON.stringify({ query: "{ __typename }" }),
    }).then((r) => r.headers.get("access-control-expose-headers")))!.split(",");
    expect(exposed).toEqual(
      expect.arrayContaining(["retry-after", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy", "ratelimit"]),
    );
  });

  it("an expensive mutation field has its own hourly limit, on top of the minute's", async () => {
    const review = `mutation { recordReview(input: { characterId: "no-such-character", rating: GOOD }) { id } }`;
    const user = "user_rl_reviewer";
    for (let i = 0; i < 3; i++) {
      const r = await signedIn(user, review);
      expect(r.status).not.toBe(429);
      expect((r.body.errors ?? []).map((e) => e.extensions?.code)).not.toContain("RATE_LIMITED");
    }
    const r = await signedIn(user, review);
    expect(r.status).toBe(429);
    expect(r.body.errors).toHaveLength(1);
    const [error] = r.body.errors!;
    expect(error.extensions).toMatchObject({ code: "RATE_LIMITED", field: "recordReview", requestId: r.headers.get("x-request-id") });
    expect(error.message).toMatch(/^At most 3 recordReview an hour; retry after \d+ s\.$/);
    const retryAfter = Number(r.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(error.extensions!.retryAfter).toBe(retryAfter);
    expect(r.headers.get("ratelimit-limit")).toBe("3");
    // Other operations still run: 5 of the minute's 8 are spent.
    expect(refused(await signedIn(user))).toBe(false);
    // Per caller: another user reviews.
    expect(refused(await signedIn("user_rl_other_reviewer", review))).toBe(false);
    // Plus has a budget of its own for the field: 5 an hour.
    const plus = await exhaust(() => signedIn("user_rl_plus_reviewer", review));
    expect(plus.allowed).toBe(5);
    expect(plus.refusal.body.errors![0].message).toMatch(/^At most 5 recordReview an hour/);
    expect(plus.refusal.headers.get("ratelimit-policy")).toBe(`"field-recordReview-plus";q=5;w=3600`);
  });

  it("over graphql-ws, a subscribe past the budget is refused with RATE_LIMITED", async () => {
    const user = "user_rl_live";
    const c = connect(stack.gatewayUrl, { authorization: `Bearer ${stack.token(user)}` });
    open.push(c);
    const first = subscribe(c, "{ me { id } }");
    expect((await first.nth(1)).data).toEqual({ me: { id: user } });
    await exhaust(() => signedIn(user)); // the rest of the minute, over HTTP
    const refusedSub = subscribe(c, "subscription { progressUpdated { xp } }");
    await waitFor(() => Boolean(refusedSub.error));
    const [error] = refusedSub.error as { message: string; extensions: Record<string, unknown> }[];
    expect(error.extensions).toMatchObject({ code: "RATE_LIMITED", requestId: expect.any(String), retryAfter: expect.any(Number) });
    expect(error.message).toMatch(/^At most 8 operations a minute/);
  });
});
