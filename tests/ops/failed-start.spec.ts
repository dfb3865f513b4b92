import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { createTestDatabase, ADMIN_URL } from "@learnloop/devstack";
import { gatewayEnvSchema, startGateway } from "@learnloop/gateway";
import { createLogger, generateInternalContextKeys, parseEnv } from "@learnloop/kit/internal";
import { Client } from "pg";
import { waitFor } from "../support/wait";

/**
 * A gateway whose start fails at its last step (its port is taken) stops everything it had
 * started: its database pool, the live feed's event-log pool, the metrics server, the worker threads.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let taken: net.Server;
let admin: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
}, 30_000);
afterAll(async () => {
  await admin?.end();
  await new Promise((resolve) => taken?.close(resolve));
  await database?.drop();
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const connections = async () => {
  const name = new URL(database.url).pathname.slice(1);
  const [row] = (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name])).rows;
  return row.n as number;
};

it("a gateway that cannot listen rejects with the reason and leaves no pool, server or thread behind", async () => {
  const metricsPort = await freePort();
  const env = parseEnv(gatewayEnvSchema, {
    PORT: String((taken.address() as net.AddressInfo).port),
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
    EVENTLOG_DATABASE_URL: database.url,
    GRAPHQL_WORKER_THREADS: "2",
    CLERK_JWT_KEY: generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString(),
    INTERNAL_CONTEXT_PRIVATE_KEY: generateInternalContextKeys().privateKey,
  });
  // Worker threads are OS threads of this process (Linux). A gateway that starts and stops first
  // leaves the threads that stay once started (libuv's pool), so the count after is comparable.
  const threads = () => fs.readdirSync("/proc/self/task").length;
  await (await startGateway({ ...env, PORT: 0, METRICS_PORT: 0 }, createLogger("test", "silent"))).stop();
  const threadsBefore = threads();
  await expect(startGateway(env, createLogger("test", "silent"))).rejects.toThrow(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  // The metrics server had started: its port is free again.
  await new Promise<void>((resolve, reject) => {
    const s = net.createServer().once("error", reject);
    s.listen(metricsPort, "127.0.0.1", () => s.close(() => resolve()));
  });
  // The gateway's own pool and the live feed's both had connections open.
  await waitFor(async () => (await connections()) === 0, 10_000, "every connection to the gateway's database to close");
  await waitFor(() => threads() <= threadsBefore, 10_000, "the worker threads to end");
}, 60_000);
