import { createTestDatabase } from "@learnloop/devstack";
import { createLogger, generateInternalContextKeys, type RunningSubgraph } from "@learnloop/kit/internal";
import { subgraph as content } from "@learnloop/subgraph-content";
import type { Pool } from "pg";
import { TcpProxy } from "../support/tcp-proxy";
import { waitFor } from "../support/wait";

/**
 * /ready while the database stalls: the content subgraph reaches PostgreSQL through a loopback
 * proxy that stops forwarding (every connection stays open and silent, the case that used to hang
 * /ready until TCP gave up), then resumes.
 */
const READY_TIMEOUT_MS = 1_000;
const POOL_SIZE = 2;
// The answer must come within the bound; this only adds room for a loaded machine.
const SLACK_MS = 1_500;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: TcpProxy;
let subgraph: RunningSubgraph;
let readyUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const admin = new URL(database.url);
  proxy = await TcpProxy.start({ host: admin.hostname, port: Number(admin.port || 5432) });
  const env = {
    PORT: "0",
    DATABASE_URL: proxy.via(database.url),
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    READY_TIMEOUT_MS: String(READY_TIMEOUT_MS),
    INTERNAL_CONTEXT_PUBLIC_KEY: generateInternalContextKeys().publicKey,
    CONTENT_IMPORT_ON_START: "false",
    METRICS_PORT: "off",
    LOG_LEVEL: "silent",
  };
  subgraph = await content.start(env, createLogger("test", "silent"));
  readyUrl = new URL("/ready", subgraph.url).href;
}, 60_000);

afterAll(async () => {
  proxy?.resume();
  await subgraph?.stop();
  await proxy?.close();
  await database?.drop();
});

const pool = () => (subgraph.db.dataSource.driver as unknown as { master: Pool }).master;

/** One probe, with a client-side limit far above the bound, so a hang fails the test instead of the suite. */
async function probe() {
  const started = Date.now();
  const res = await fetch(readyUrl, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: await res.json(), ms: Date.now() - started };
}

describe("/ready against a stalled database", () => {
  it("answers 503 within READY_TIMEOUT_MS on every probe while stalled, and 200 once the database is back", async () => {
    expect((await probe()).status).toBe(200);
    proxy.pause();
    // More probes than the pool has clients: the first ones stall on pooled connections' queries,
    // the later ones on new connections that never finish their handshake.
    const stalled = [];
    for (let i = 0; i < POOL_SIZE + 2; i++) stalled.push(await probe());
    for (const p of stalled) {
      expect(p.status).toBe(503);
      expect(p.body).toEqual({ status: "database unreachable" });
      expect(p.ms).toBeGreaterThanOrEqual(READY_TIMEOUT_MS - 50);
      expect(p.ms).toBeLessThan(READY_TIMEOUT_MS + SLACK_MS);
    }
    // Probes running at once are each bounded too.
    const together = await Promise.all([probe(), probe(), probe()]);
    expect(together.map((p) => p.status)).toEqual([503, 503, 503]);
    for (const p of together) expect(p.ms).toBeLessThan(READY_TIMEOUT_MS + SLACK_MS);

    proxy.resume();
    await waitFor(async () => (await probe()).status === 200, 20_000, "/ready to answer 200 again");
    // Nothing the timed-out probes held is left behind: the pool is within its size, nobody waits,
    // and the subgraph's own queries run.
    await waitFor(() => pool().waitingCount === 0, 15_000, "no waiting checkouts");
    expect(pool().totalCount).toBeLessThanOrEqual(POOL_SIZE);
    const rows = await Promise.all(
      Array.from({ length: POOL_SIZE * 2 }, () => subgraph.db.dataSource.query(`SELECT count(*)::int AS n FROM content.courses`)),
    );
    expect(rows.map((r) => r[0].n)).toEqual(Array(POOL_SIZE * 2).fill(0));
    for (let i = 0; i < 3; i++) expect((await probe()).status).toBe(200);
  }, 90_000);

  it("answers 503 within the bound when every connection is dropped and new ones hang, and recovers", async () => {
    expect((await probe()).status).toBe(200);
    proxy.pause();
    proxy.dropConnections();
    const down = await probe();
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(READY_TIMEOUT_MS + SLACK_MS);
    proxy.resume();
    await waitFor(async () => (await probe()).status === 200, 20_000, "/ready to answer 200 again");
    expect(pool().totalCount).toBeLessThanOrEqual(POOL_SIZE);
  }, 60_000);
});
