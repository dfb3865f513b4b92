import fs from "node:fs";
import path from "node:path";
import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import { parseMetrics } from "@learnloop/devstack";
import { ConfigError, createLogger, parseEnv } from "@learnloop/kit/internal";
import { gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/**
 * /metrics lives on each service's own metrics port (METRICS_PORT), never on the port the gateway
 * or the internet reaches: there it is an unknown route like any other.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function expectNotFound(url: string) {
  const res = await fetch(url);
  expect(res.status).toBe(404);
  const requestId = res.headers.get("x-request-id");
  expect(requestId).toBeTruthy();
  expect(await res.json()).toEqual({
    errors: [{ message: expect.stringContaining("No route"), extensions: { code: "NOT_FOUND", requestId } }],
  });
}

async function scrape(url: string | undefined) {
  expect(url).toBeDefined();
  const res = await fetch(url!);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
}

describe("metrics on their own port", () => {
  it("no subgraph serves /metrics on its GraphQL port; each serves it on its metrics port, and nothing else there", async () => {
    for (const subgraph of Object.values(stack.subgraphs)) {
      const origin = new URL(subgraph.url).origin;
      await expectNotFound(`${origin}/metrics`);
      expect(new URL(subgraph.metricsUrl!).port).not.toBe(new URL(subgraph.url).port);
      await scrape(subgraph.metricsUrl);
      await expectNotFound(new URL("/graphql", subgraph.metricsUrl).href);
      await expectNotFound(new URL("/ready", subgraph.metricsUrl).href);
    }
  });

  it("a subgraph's metrics port counts what a request through the gateway caused", async () => {
    const published = async () =>
      (await scrape(stack.subgraphs.users.metricsUrl))['learnloop_outbox_published_total{subgraph="users"}'] ?? Number.NaN;
    const before = await published();
    expect(before).toBeGreaterThanOrEqual(0);
    // A first visit provisions the learner, and users publishes user.created through its outbox.
    const r = await gql(stack.gatewayUrl, `{ me { id } }`, { token: stack.token("user_metrics_port") });
    expect(r.body.errors).toBeUndefined();
    await waitFor(async () => (await published()) > before, 20_000, "users to publish user.created");
  });

  it("the gateway answers /metrics on its public port as an unknown route and serves it on its metrics port", async () => {
    await expectNotFound(`${stack.gatewayOrigin}/metrics`);
    const metrics = await scrape(stack.gatewayMetricsUrl);
    expect(metrics).toHaveProperty("learnloop_live_connections");
    expect(new URL(stack.gatewayMetricsUrl!).port).not.toBe(new URL(stack.gatewayUrl).port);
  });

  it("the gateway's metrics are off unless METRICS_PORT is set, and METRICS_ENABLED is refused with its replacement named", async () => {
    const env = {
      PORT: "0",
      LOG_LEVEL: "silent",
      SUBGRAPH_URLS: Object.values(stack.subgraphs)
        .map((s) => `${s.name}=${s.url}`)
        .join(","),
      CLERK_JWT_KEY: stack.keys.clerkPublicKey,
      INTERNAL_CONTEXT_PRIVATE_KEY: stack.keys.internal.privateKey,
    };
    expect(() => parseEnv(gatewayEnvSchema, { ...env, METRICS_ENABLED: "true" })).toThrow(ConfigError);
    expect(() => parseEnv(gatewayEnvSchema, { ...env, METRICS_ENABLED: "true" })).toThrow(/METRICS_ENABLED.*METRICS_PORT/);
    let plain: RunningGateway | undefined;
    try {
      plain = await startGateway(parseEnv(gatewayEnvSchema, env), createLogger("test", "silent"));
      expect(plain.metricsUrl).toBeUndefined();
      await expectNotFound(new URL("/metrics", plain.url).href);
      expect((await gql(plain.url, `{ courses(first: 1) { edges { node { id } } } }`)).body.errors).toBeUndefined();
    } finally {
      await plain?.stop();
    }
  });
});

describe("latency histograms and their labels", () => {
  const count = (m: Record<string, number>, key: string) => m[key] ?? 0;
  const text = async (url: string | undefined) => (await fetch(url!)).text();

  it("an operation through the gateway counts in its operation histogram, the gateway's fetch histogram and the subgraph's", async () => {
    const op = 'learnloop_gateway_operation_duration_seconds_count{operation="MetricsProbe",type="query"}';
    const fetches = 'learnloop_gateway_subgraph_fetch_duration_seconds_count{subgraph="content"}';
    // The planner names the fetch MetricsProbe__content__0; the subgraph labels it with the client's name.
    const atContent = 'learnloop_subgraph_operation_duration_seconds_count{subgraph="content",operation="MetricsProbe",type="query"}';
    const before = await scrape(stack.gatewayMetricsUrl);
    const contentBefore = await scrape(stack.subgraphs.content.metricsUrl);
    const r = await gql(stack.gatewayUrl, `query MetricsProbe { courses(first: 1) { edges { node { id } } } }`);
    expect(r.body.errors).toBeUndefined();
    const after = await scrape(stack.gatewayMetricsUrl);
    expect(count(after, op)).toBe(count(before, op) + 1);
    expect(count(after, fetches)).toBeGreaterThan(count(before, fetches));
    expect(count(after, 'learnloop_gateway_operation_duration_seconds_bucket{le="+Inf",operation="MetricsProbe",type="query"}')).toBe(
      count(after, op),
    );
    expect(count(await scrape(stack.subgraphs.content.metricsUrl), atContent)).toBe(count(contentBefore, atContent) + 1);
  });

  it("a persisted operation is labelled by its manifest name; a request with no operation Apollo Server could resolve as none", async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../schema/persisted/web.json"), "utf8")) as {
      operations: { id: string; name: string }[];
    };
    const courses = manifest.operations.find((o) => o.name === "Courses")!;
    const known = 'learnloop_gateway_operation_duration_seconds_count{operation="Courses",type="query"}';
    const none = 'learnloop_gateway_operation_duration_seconds_count{operation="none",type="none"}';
    const before = await scrape(stack.gatewayMetricsUrl);
    const res = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: courses.id } } }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).errors).toBeUndefined();
    // Apollo Server resolves no operation: the id is in no manifest and no text came with it.
    const unknown = await fetch(stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ operationName: "Unknown", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
    });
    expect((await unknown.json()).errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const after = await scrape(stack.gatewayMetricsUrl);
    expect(count(after, known)).toBe(count(before, known) + 1);
    expect(count(after, none)).toBe(count(before, none) + 1);
    expect(Object.keys(after).some((k) => k.includes('operation="Unknown"'))).toBe(false);
  });

  it("every metric has HELP and TYPE lines, and the process's own metrics are there", async () => {
    for (const url of [stack.gatewayMetricsUrl, stack.subgraphs.users.metricsUrl]) {
      const body = await text(url);
      const names = new Set([...body.matchAll(/^(\w+)(?:\{[^}]*\})? \S+$/gm)].map((m) => m[1].replace(/_(bucket|sum|count)$/, "")));
      for (const name of names) {
        expect(body).toMatch(new RegExp(`^# HELP ${name} \\S`, "m"));
        expect(body).toMatch(new RegExp(`^# TYPE ${name} (counter|gauge|histogram|summary)$`, "m"));
      }
      expect(names).toContain("process_resident_memory_bytes");
      expect(names).toContain("nodejs_eventloop_lag_p99_seconds");
    }
    const gateway = await text(stack.gatewayMetricsUrl);
    expect(gateway).toMatch(/^# TYPE learnloop_gateway_operation_duration_seconds histogram$/m);
    expect(gateway).toMatch(/^# TYPE learnloop_gateway_subgraph_fetch_duration_seconds histogram$/m);
    expect(gateway).toMatch(/^# TYPE learnloop_live_delivered_total counter$/m);
    const users = await text(stack.subgraphs.users.metricsUrl);
    expect(users).toMatch(/^# HELP learnloop_outbox_published_total \S/m);
    expect(users).toMatch(/^# TYPE learnloop_outbox_pending gauge$/m);
    expect(users).toMatch(/^# TYPE learnloop_subgraph_operation_duration_seconds histogram$/m);
  });
});
