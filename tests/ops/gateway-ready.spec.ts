import { TcpProxy } from "../support/tcp-proxy";
import { startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

/** The gateway's /ready is about its own database (partner keys, idempotency keys), bounded like a subgraph's. */
const READY_TIMEOUT_MS = 500;
let stack: TestStack;
let proxy: TcpProxy;

beforeAll(async () => {
  // The gateway's pool goes through a proxy that can stall; the subgraphs reach the database directly.
  proxy = await TcpProxy.start({ host: "127.0.0.1", port: 5432 });
  stack = await startStack({
    gatewayEnv: { READY_TIMEOUT_MS: String(READY_TIMEOUT_MS) },
    gatewayDatabaseUrl: (url) => proxy.via(url),
  });
}, 120_000);
afterAll(async () => {
  proxy?.resume();
  await stack?.stop();
  await proxy?.close();
});

const probe = async () => {
  const started = Date.now();
  const res = await fetch(`${stack.gatewayOrigin}/ready`, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: await res.json(), ms: Date.now() - started };
};

it("answers 200 when its database answers, 503 within READY_TIMEOUT_MS while it is stalled, and 200 again after", async () => {
  expect(await probe()).toMatchObject({ status: 200, body: { status: "ready" } });
  proxy.pause();
  const stalled = await probe();
  expect(stalled).toMatchObject({ status: 503, body: { status: "database unreachable" } });
  expect(stalled.ms).toBeLessThan(READY_TIMEOUT_MS + 3_000);
  // Liveness is not readiness: /health still answers.
  expect((await fetch(`${stack.gatewayOrigin}/health`)).status).toBe(200);
  proxy.resume();
  await waitFor(async () => (await probe()).status === 200, 20_000, "/ready to answer 200 again");
}, 60_000);
