import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import { parseMetrics } from "@learnloop/devstack";
import { ConfigError, createLogger, parseEnv } from "@learnloop/kit";
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
