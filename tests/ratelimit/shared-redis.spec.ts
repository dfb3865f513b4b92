import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "@learnloop/devstack";
import { readManifest } from "@learnloop/partner-client";
import { sensitive } from "../support/sensitive";
import { gql, startStack, type GraphQLResponse, type TestStack } from "../support/stack";

/**
 * The key acceptance of rate limits (ADR 0025): two gateway processes on one Redis (the machine's,
 * 127.0.0.1:6379, under this run's own key prefix) enforce ONE budget. A caller whose requests are
 * spread across both is refused at the tier's number, not twice it; a partner key too.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const FREE = 10;
const ANONYMOUS = 6;
const AUTH_FAILURES = 4;
let stack: TestStack;
let urls: string[];

beforeAll(async () => {
  stack = await startStack({
    gatewayProcess: true,
    gatewayEnv: {
      REDIS_URL,
      RATE_LIMIT_KEY_PREFIX: `test:${randomUUID()}`,
      RATE_LIMIT_FREE_PER_MINUTE: String(FREE),
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS),
      PARTNER_KEY_CACHE_MS: "0",
      PARTNER_AUTH_FAILURES_PER_MINUTE: String(AUTH_FAILURES),
      // TRUST_PROXY_HOPS unset: X-Forwarded-For is not the client's address.
    },
  });
  const replica = await stack.startGatewayReplica();
  urls = [stack.gatewayUrl, replica.url];
  expect(new Set(urls).size).toBe(2);
  expect(replica.pid).not.toBe(stack.gatewayPid);
}, 180_000);
afterAll(() => stack?.stop());

/** Alternates between the two gateways until one refuses; how many were answered, and by which. */
async function spread(send: (url: string, i: number) => Promise<GraphQLResponse>, cap = 50) {
  const by: number[] = [0, 0];
  for (let i = 0; i < cap; i++) {
    const r = await send(urls[i % 2], i);
    if (r.status === 429) return { allowed: by[0] + by[1], by, refusal: r, refusedBy: i % 2 };
    expect(r.status).toBe(200);
    by[i % 2]++;
  }
  throw new Error(`no refusal in ${cap} requests`);
}

describe("two gateway processes sharing Redis", () => {
  it("a signed-in user spread across both is limited at the tier's number, not twice it", async () => {
    const token = stack.token("user_rl_shared");
    const { allowed, by, refusal } = await spread((url) => gql(url, "{ __typename }", { token }));
    expect(allowed).toBe(FREE);
    expect(by).toEqual([FREE / 2, FREE / 2]);
    expect(refusal.body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfter: expect.any(Number) });
    // Both have spent it: the other gateway refuses too.
    for (const url of urls) expect((await gql(url, "{ __typename }", { token })).status).toBe(429);
    // Remaining counts down across them, one budget.
    const other = stack.token("user_rl_shared_2");
    const remaining = [];
    for (let i = 0; i < 4; i++)
      remaining.push((await gql(urls[i % 2], "{ __typename }", { token: other })).headers.get("ratelimit-remaining"));
    expect(remaining).toEqual(["9", "8", "7", "6"]);
  });

  it("anonymous callers are one address across both; an untrusted X-Forwarded-For buys no new budget", async () => {
    const { allowed } = await spread((url, i) => gql(url, "{ __typename }", { headers: { "x-forwarded-for": `198.51.100.${i}` } }));
    expect(allowed).toBe(ANONYMOUS);
  });

  it("control: the same two gateways without REDIS_URL each keep their own count (the N× gap)", async () => {
    const apart = await Promise.all([stack.startGatewayReplica({ REDIS_URL: "" }), stack.startGatewayReplica({ REDIS_URL: "" })]);
    const shared = urls;
    urls = apart.map((g) => g.url);
    try {
      const token = stack.token("user_rl_apart");
      expect((await spread((url) => gql(url, "{ __typename }", { token }))).allowed).toBe(2 * FREE);
    } finally {
      urls = shared;
      await Promise.all(apart.map((g) => g.stop()));
    }
  });

  it("a partner key's rate holds across both (ADR 0010's N× gap closed)", async () => {
    const run = promisify(execFile);
    const cli = path.join(REPO_ROOT, "gateway", "dist", "partner", "keys-cli.js");
    const { stdout } = await run(process.execPath, [cli, "create", "--name", "Shared", "--scopes", "catalog:read", "--rate", "4"], {
      env: { ...process.env, DATABASE_URL: stack.databaseUrl },
    });
    const key = sensitive(stdout.trim(), "partner API key");
    sensitive(key.slice("llp_".length + 13), "partner API key secret");
    const id = readManifest().operations.find((op) => op.name === "PartnerCourses")!.id;
    const { allowed, by } = await spread(async (url) => {
      const res = await fetch(url.replace(/\/graphql$/, "/partner/graphql"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ variables: { first: 1 }, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
      });
      return { status: res.status, headers: res.headers, body: await res.json() };
    });
    expect(allowed).toBe(4);
    expect(by).toEqual([2, 2]);
  });

  // Last: it leaves this address refused by the partner endpoint for the minute.
  it("failed partner key checks from one address are counted once across both", async () => {
    const forged = `llp_${"a".repeat(12)}_${"B".repeat(43)}`;
    const { allowed, refusal } = await spread(async (url) => {
      const res = await fetch(url.replace(/\/graphql$/, "/partner/graphql"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${forged}` },
        body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
      });
      const body = await res.json();
      // A failed check is 401; the spread counts answers until the first 429.
      return { status: res.status === 401 ? 200 : res.status, headers: res.headers, body };
    });
    expect(allowed).toBe(AUTH_FAILURES);
    expect(refusal.body.errors![0].extensions!.code).toBe("RATE_LIMITED");
  });
});
