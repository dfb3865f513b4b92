import { createTestDatabase } from "@learnloop/devstack";
import { createLogger, generateInternalContextKeys, type RunningSubgraph } from "@learnloop/kit/internal";
import { subgraph as notifications } from "@learnloop/subgraph-notifications";
import { waitFor } from "../support/wait";

/**
 * /ready is about more than the database: a subgraph whose outbox relay or a consumer has stopped
 * still answers the gateway, but its events no longer leave or arrive, so it is not ready.
 * Notifications has both (it publishes notification.created and consumes two groups).
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let subgraph: RunningSubgraph;
let origin: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    PORT: "0",
    DATABASE_URL: database.url,
    INTERNAL_CONTEXT_PUBLIC_KEY: generateInternalContextKeys().publicKey,
    METRICS_PORT: "off",
    LOG_LEVEL: "silent",
  };
  subgraph = await notifications.start(env, createLogger("test", "silent"));
  origin = new URL(subgraph.url).origin;
}, 60_000);

afterAll(async () => {
  await subgraph?.stop();
  await database?.drop();
});

const probe = async () => {
  const res = await fetch(`${origin}/ready`, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: await res.json() };
};

describe("/ready and the event backbone", () => {
  it("answers 503 naming a consumer that stopped, and 200 once one runs again", async () => {
    await waitFor(async () => (await probe()).status === 200, 20_000, "/ready to answer 200");
    const { consumers, startConsumer } = subgraph.events;
    const index = consumers.findIndex((c) => c.groupId === "notifications.user-lifecycle");
    expect(index).toBeGreaterThanOrEqual(0);
    await consumers[index].stop();
    expect(consumers[index].running).toBe(false);
    expect(await probe()).toEqual({ status: 503, body: { status: "consumer notifications.user-lifecycle not running" } });
    // Liveness is not readiness.
    expect((await fetch(`${origin}/health`)).status).toBe(200);
    consumers[index] = await startConsumer("user-lifecycle"); // the subgraph's stop() stops this one
    expect(await probe()).toEqual({ status: 200, body: { status: "ready" } });
  });

  it("answers 503 once the outbox relay stopped", async () => {
    expect((await probe()).status).toBe(200);
    const relay = subgraph.events.relay!;
    expect(relay.running).toBe(true);
    await relay.stop();
    expect(relay.running).toBe(false);
    expect(await probe()).toEqual({ status: 503, body: { status: "outbox relay stopped" } });
  });
});
