import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import {
  createLogger,
  generateInternalContextKeys,
  INTERNAL_CONTEXT_HEADER,
  InternalContextSigner,
  parseEnv,
} from "@learnloop/kit/internal";
import { Client } from "pg";
import { createTestDatabase } from "@learnloop/devstack";
import { codes, gql, startStack, type TestStack } from "../support/stack";
import { waitFor } from "../support/wait";

const REPO = path.resolve(__dirname, "..", "..");

describe("a subgraph that is down or hangs", () => {
  let stack: TestStack;
  let hanging: net.Server;
  let impatient: RunningGateway;
  beforeAll(async () => {
    stack = await startStack();
    // Accepts connections and never answers.
    hanging = net.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const urls = { ...Object.fromEntries(Object.values(stack.subgraphs).map((s) => [s.name, s.url])) };
    urls.content = `http://127.0.0.1:${(hanging.address() as net.AddressInfo).port}/graphql`;
    impatient = await startGateway(
      parseEnv(gatewayEnvSchema, {
        PORT: "0",
        LOG_LEVEL: "silent",
        SUBGRAPH_URLS: Object.entries(urls)
          .map(([name, url]) => `${name}=${url}`)
          .join(","),
        CLERK_JWT_KEY: stack.keys.clerkPublicKey,
        INTERNAL_CONTEXT_PRIVATE_KEY: stack.keys.internal.privateKey,
        SUBGRAPH_TIMEOUT_MS: "500",
      }),
      createLogger("test", "silent"),
    );
  }, 120_000);
  afterAll(async () => {
    await impatient?.stop();
    hanging?.close();
    await stack?.stop();
  });

  it("answers SUBGRAPH_UNAVAILABLE within the timeout when a subgraph never answers", async () => {
    const started = Date.now();
    const r = await gql(impatient.url, `{ lesson(id: "hiragana-01") { title } }`);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(codes(r)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    expect(r.body.errors![0].extensions!.requestId).toBe(r.headers.get("x-request-id"));
  });

  it("keeps the other subgraphs' fields and names the missing service when one is stopped", async () => {
    const token = stack.token("user_resilience");
    await gql(stack.gatewayUrl, `{ me { id } }`, { token });
    await stack.subgraphs.progress.stop();
    const r = await gql(stack.gatewayUrl, `{ me { id } lesson(id: "hiragana-01") { id mastery } }`, { token });
    expect(codes(r)).toEqual(["SUBGRAPH_UNAVAILABLE"]);
    // users and content still answer; only the progress field is missing.
    expect(r.body.data).toEqual({ me: { id: "user_resilience" }, lesson: { id: "hiragana-01", mastery: null } });
    const [error] = r.body.errors!;
    expect(error.message).toBe("The progress service is unavailable. Try again shortly.");
    expect(error.extensions).toMatchObject({ service: "progress", requestId: r.headers.get("x-request-id") });
    // No internal address or fetch detail reaches the client.
    expect(JSON.stringify(r.body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|response/);
  });
});

describe("graceful shutdown of a subgraph process", () => {
  it("finishes the request in flight on SIGTERM, then exits 0", async () => {
    const database = await createTestDatabase();
    const keys = generateInternalContextKeys();
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [path.join(REPO, "subgraphs/users/dist/main.js")], {
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: database.url,
        INTERNAL_CONTEXT_PUBLIC_KEY: keys.publicKey,
        CLERK_WEBHOOK_SIGNING_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const locker = new Client({ connectionString: database.url });
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => null))?.ok === true);
      // Hold the users table so the request below is in flight until we let go.
      await locker.connect();
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE users.users IN ACCESS EXCLUSIVE MODE");
      const signer = new InternalContextSigner(keys.privateKey);
      const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [INTERNAL_CONTEXT_HEADER]: await signer.sign({ userId: "user_drain", requestId: "drain-1" }, "users"),
        },
        body: JSON.stringify({ query: "{ me { id } }" }),
      });
      await waitFor(async () => {
        const { rows } = await locker.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0].n > 0;
      });

      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
      expect(child.exitCode).toBeNull(); // still draining
      await locker.query("COMMIT");

      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { me: { id: "user_drain" } } });
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL");
      await locker.end().catch(() => undefined);
      await database.drop();
    }
  });
});
