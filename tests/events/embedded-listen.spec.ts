import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { createTestDatabase, REPO_ROOT, type TestDatabase } from "@learnloop/devstack";
import { createLogger, EmbeddedTransport, type ReceivedMessage } from "@learnloop/kit/internal";
import { Client } from "pg";
import { waitFor } from "../support/wait";

/**
 * The embedded log's wake-ups (ADR 0008): idle groups wait for a NOTIFY on one LISTEN connection,
 * trusted only once it heard one of its own, and delivery never depends on it. The poll interval
 * here is long (60 s), so a delivery within these waits came by NOTIFY or by the 1 s safety poll.
 */
const logger = createLogger("test", "silent");
const TOPIC = "learnloop.progress.v1";
const message = (n: number) => ({ topic: TOPIC, key: "user_listen", value: JSON.stringify({ n }), headers: {} });

async function listenBackends(url: string): Promise<number[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'learnloop-eventlog-listen' AND datname = current_database()",
    );
    return rows.map((r) => Number(r.pid));
  } finally {
    await client.end();
  }
}

describe("the embedded log on PostgreSQL", () => {
  let database: TestDatabase;
  let writer: EmbeddedTransport;
  let reader: EmbeddedTransport;
  beforeAll(async () => {
    database = await createTestDatabase();
    writer = new EmbeddedTransport(database.url, logger, 60_000);
    reader = new EmbeddedTransport(database.url, logger, 60_000);
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    await database?.drop();
  });

  it("delivers through its LISTEN connection, and again after that connection is killed and set up anew", async () => {
    const got: ReceivedMessage[] = [];
    await reader.subscribe({ groupId: "listen.test", topics: [TOPIC], handle: async (m) => void got.push(m) });
    await waitFor(() => reader.wakesOnNotify, 10_000, "the LISTEN connection to hear its own NOTIFY");
    expect(await listenBackends(database.url)).toHaveLength(1);
    await writer.publish([message(1)]);
    await waitFor(() => got.length === 1, 10_000, "the first message");

    const [pid] = await listenBackends(database.url);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    await admin.end();
    // Lost: the group polls meanwhile, so nothing published now waits for the new connection.
    await waitFor(() => !reader.wakesOnNotify, 10_000, "the loss to be noticed");
    await writer.publish([message(2)]);
    await waitFor(() => got.length === 2, 70_000, "a message while LISTEN is down");
    await waitFor(
      async () => {
        const pids = await listenBackends(database.url);
        return pids.length === 1 && pids[0] !== pid;
      },
      40_000,
      "a new LISTEN connection",
    );
    await waitFor(() => reader.wakesOnNotify, 10_000, "the new LISTEN to hear its own NOTIFY");
    await writer.publish([message(3)]);
    await waitFor(() => got.length === 3, 10_000, "a message after LISTEN is back");
    expect(got.map((m) => JSON.parse(m.value).n)).toEqual([1, 2, 3]);
  }, 150_000);
});

describe("the embedded log on the embedded default (PGlite)", () => {
  // PGlite's WebAssembly loads by dynamic import(), which Jest's sandbox refuses: it runs as its
  // own process from the build, as under `npm start` (packages/embedded-postgres/src/session-server.spec.ts).
  let server: ChildProcess;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-listen-"));
    const entry = path.join(REPO_ROOT, "packages", "embedded-postgres", "dist", "index.js");
    const script = `require(${JSON.stringify(entry)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, "data"))} }).then((p) => console.log(p.url))`;
    server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    url = await new Promise<string>((resolve, reject) => {
      server.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
      server.once("exit", (code) => reject(new Error(`embedded postgres exited with ${code}`)));
    });
  }, 60_000);
  afterAll(() => {
    server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("does not trust a LISTEN that cannot hear (one session), and delivers by polling", async () => {
    const writer = new EmbeddedTransport(url, logger, 50);
    const reader = new EmbeddedTransport(url, logger, 50);
    try {
      const got: ReceivedMessage[] = [];
      await reader.subscribe({ groupId: "listen.pglite", topics: [TOPIC], handle: async (m) => void got.push(m) });
      await writer.publish([message(1), message(2)]);
      await waitFor(() => got.length === 2, 20_000, "both messages");
      // Its probe went unheard (PGlite hands a NOTIFY to whoever spoke last), so it polls every 50 ms:
      // past the probe's 2 s, it still does not wait for a NOTIFY.
      await new Promise((r) => setTimeout(r, 3_000));
      expect(reader.wakesOnNotify).toBe(false);
      await writer.publish([message(3)]);
      await waitFor(() => got.length === 3, 20_000, "a message by polling");
      expect(got.map((m) => JSON.parse(m.value).n)).toEqual([1, 2, 3]);
    } finally {
      await reader.close();
      await writer.close();
    }
  }, 60_000);
});
