import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gatewayEnvSchema, startGateway, type RunningGateway } from "@learnloop/gateway";
import { createLogger, generateInternalContextKeys, parseEnv, type RunningSubgraph } from "@learnloop/kit/internal";
import { composeSupergraph, type ExtraSubgraph } from "./compose";
import { REPO_ROOT } from "./paths";
import { startProcess, stopAll, waitForHttp, type ManagedProcess } from "./processes";
import { recordSensitive } from "./sensitive";
import { DEV_AUTHORIZED_PARTY, DEV_CLERK_ISSUER, signSessionToken } from "./session-token";
import { listedSubgraphs, type DevstackValue, type SubgraphEntry } from "./subgraphs";
import { stackTemplate } from "./stack-template";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { fakeStripeValues, startFakeStripe, type FakeStripe } from "./fake-stripe";

export interface StackKeys {
  internal: { privateKey: string; publicKey: string };
  clerkPrivateKey: string;
  clerkPublicKey: string;
  webhookSecret: string;
  /** Signs the test Stripe webhooks (`stripe.webhooks.generateTestHeaderString`). */
  stripeWebhookSecret: string;
}

/** A subgraph running as its own OS process (dist/main.js), so a test can kill it for real. */
export interface SubgraphProcess {
  name: string;
  url: string;
  /** SIGKILL by default: no drain, no offset commit, no outbox cleanup, like a crashed pod. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, so the gateway's routing still holds. */
  restart(): Promise<void>;
  /** The process's Prometheus metrics (GET /metrics on its METRICS_PORT), parsed to `name{labels}` → value. */
  metrics(): Promise<Record<string, number>>;
}

export interface LocalStack {
  gatewayUrl: string;
  gatewayOrigin: string;
  /** The gateway's GET /metrics (its own port); undefined when `gatewayEnv` turns it off. */
  gatewayMetricsUrl?: string;
  databaseUrl: string;
  /** Subgraphs running in this process. */
  subgraphs: Record<string, RunningSubgraph>;
  /** Subgraphs running as child processes (see `LocalStackOptions.processes`). */
  processes: Record<string, SubgraphProcess>;
  keys: StackKeys;
  /** The loopback Stripe the billing subgraph calls, with the requests it answered. */
  stripe: FakeStripe;
  /** The gateway's live subscriptions (hub and feed), for tests that inspect them. */
  readonly gatewayLive?: RunningGateway["live"];
  /** With `gatewayProcess`: the gateway's pid. */
  gatewayPid?: number;
  /** Stops the gateway and starts a new one on the same port (subgraphs keep running). */
  restartGateway(): Promise<void>;
  /** Another gateway process with the same environment (a replica), on its own port; stopped with the stack. `env` overrides it (undefined: unset). */
  startGatewayReplica(env?: Record<string, string | undefined>): Promise<{ url: string; pid?: number; stop(): Promise<void> }>;
  /** A dev session token for the stack's gateway; `iss`/`azp` override the accepted ones (tests of refusals). */
  token(
    userId: string,
    options?: {
      ttlSeconds?: number;
      issuedAt?: number;
      iss?: string | null;
      azp?: string;
      roles?: string[];
      extra?: Record<string, unknown>;
    },
  ): string;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  gatewayEnv?: Record<string, string>;
  /** Added to every subgraph's environment (KAFKA_BROKERS, for example). */
  subgraphEnv?: Record<string, string>;
  /** Per subgraph, by name (SMTP_URL for notifications, for example); a function gets the stack's database URL. */
  envFor?: Record<string, Record<string, string> | ((databaseUrl: string) => Record<string, string>)>;
  /** The gateway's own DATABASE_URL from the stack's (through a proxy, for example). */
  gatewayDatabaseUrl?: (databaseUrl: string) => string;
  /** Run the gateway as its own process (dist/main.js) instead of in this one. */
  gatewayProcess?: boolean;
  /** Subgraphs to run as child processes instead of in this one. */
  processes?: string[];
  /** Subgraphs outside subgraphs.json (a scaffold under test), run as processes from `dir`/dist/main.js. */
  extraSubgraphs?: (Pick<SubgraphEntry, "name" | "dir" | "env"> & { sdl: string })[];
  logLevel?: string;
  /** Start from an empty database even when the run has a stack template (tests of a first start). */
  emptyDatabase?: boolean;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

/** Prometheus text to a flat map; enough for the counters and gauges the kit exports. */
export function parseMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?)\s+(\S+)$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/**
 * The real thing on loopback: every subgraph on its own HTTP port against a fresh PostgreSQL
 * database, and the gateway composed from them, with Clerk verification against a test key.
 * Tests and benchmarks share it.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return startOn(await stackDatabase(options), options);
}

/**
 * A copy of the run's stack template where one applies (stack-template.ts), else an empty
 * database. Not on Kafka: the template's catalogue was delivered on the embedded log, and a
 * Kafka stack's consumers must receive it from content's own first start.
 */
async function stackDatabase(options: LocalStackOptions): Promise<TestDatabase> {
  const given = [options.subgraphEnv, options.gatewayEnv, ...Object.values(options.envFor ?? {}).filter((e) => typeof e === "object")];
  const onKafka =
    Boolean(process.env.KAFKA_BROKERS?.trim()) || given.some((env) => Object.keys(env ?? {}).some((k) => k.startsWith("KAFKA_")));
  if (onKafka || options.emptyDatabase) return createTestDatabase();
  const template = await stackTemplate(async (database) => (await startOn(database, {})).stop());
  return createTestDatabase({ template });
}

async function startOn(database: TestDatabase, options: LocalStackOptions): Promise<LocalStack> {
  const internal = generateInternalContextKeys();
  const clerk = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const clerkPrivateKey = clerk.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const clerkPublicKey = clerk.publicKey.export({ type: "spki", format: "pem" }).toString();
  const webhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  // Under the tests' log capture, none of these may show up in a log (docs/adr/0017).
  recordSensitive(webhookSecret, "webhook signing secret");
  recordSensitive(webhookSecret.slice("whsec_".length), "webhook signing secret");
  const stripeWebhookSecret = `whsec_${randomBytes(24).toString("base64")}`;
  recordSensitive(stripeWebhookSecret, "webhook signing secret");
  recordSensitive(stripeWebhookSecret.slice("whsec_".length), "webhook signing secret");
  const stripe = await startFakeStripe();
  recordSensitive(internal.privateKey, "internal-context private key");
  recordSensitive(clerkPrivateKey, "Clerk private key");
  const logLevel = options.logLevel ?? "silent";
  const logger = createLogger("stack", logLevel);
  const subgraphs: Record<string, RunningSubgraph> = {};
  const processes: Record<string, SubgraphProcess> = {};
  const children = new Map<string, ManagedProcess>();
  let gateway: RunningGateway | undefined;
  let gatewayEnv: ReturnType<typeof parseEnv<typeof gatewayEnvSchema>> | undefined;
  let gatewayPid: number | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "learnloop-"));
  const urls: string[] = [];

  let gatewayProcessEnv: Record<string, string> = {};
  /** The gateway in its own process, as deployed: benchmarks measure its memory alone. */
  const startGatewayProcess = async (name: string, overrides: Record<string, string | undefined> = {}) => {
    const env = Object.fromEntries(
      Object.entries({ ...gatewayProcessEnv, ...overrides }).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const port = await freePort();
    // Another process's random port cannot be read back: pick a free one here instead.
    const metricsPort = env.METRICS_PORT === "0" ? String(await freePort()) : env.METRICS_PORT;
    const child = startProcess(
      name,
      path.join(REPO_ROOT, "gateway", "dist", "main.js"),
      { ...env, PORT: String(port), METRICS_PORT: metricsPort },
      dir,
    );
    children.set(name, child);
    await waitForHttp(`http://127.0.0.1:${port}/health`, 60_000, child.child);
    return {
      url: `http://127.0.0.1:${port}/graphql`,
      pid: child.child.pid,
      metricsUrl: /^\d+$/.test(metricsPort) ? `http://127.0.0.1:${metricsPort}/metrics` : undefined,
      stop: async () => {
        children.delete(name);
        await stopAll([child]);
      },
    };
  };
  const stopChildren = () => stopAll([...children.values()], "SIGKILL");
  const envFor = (name: string) => {
    const given = options.envFor?.[name];
    return typeof given === "function" ? given(database.url) : given;
  };
  try {
    const devstackValues: Record<DevstackValue, string> = {
      clerkWebhookSecret: webhookSecret,
      ...fakeStripeValues(stripe, stripeWebhookSecret),
    };
    const envOf = (entry: Pick<SubgraphEntry, "name" | "env">): Record<string, string> => ({
      PORT: "0",
      DATABASE_URL: database.url,
      // Three, with the event log's two and a LISTEN and the relay's LISTEN: at full pools about 48
      // connections a stack (a gateway replica adds 6), so two test workers fit in PostgreSQL's default 100.
      DATABASE_POOL_SIZE: "3",
      INTERNAL_CONTEXT_PUBLIC_KEY: internal.publicKey,
      LOG_LEVEL: logLevel,
      ...Object.fromEntries(Object.entries(entry.env).map(([name, value]) => [name, devstackValues[value]])),
      ...options.subgraphEnv,
      ...envFor(entry.name),
    });
    const startAsProcess = async (entry: Pick<SubgraphEntry, "name" | "dir" | "env">) => {
      const name = entry.name;
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      // A fixed metrics port too, so metrics() still reaches the process after a restart.
      const metricsPort = await freePort();
      const spawnIt = async () => {
        const env = { ...envOf(entry), PORT: String(port), METRICS_PORT: String(metricsPort) };
        const child = startProcess(name, path.join(entry.dir, "dist", "main.js"), env, dir);
        children.set(name, child);
        await waitForHttp(`${base}/ready`, 60_000, child.child);
      };
      await spawnIt();
      processes[name] = {
        name,
        url: `${base}/graphql`,
        async kill(signal = "SIGKILL") {
          const child = children.get(name);
          if (child) await stopAll([child], signal);
          children.delete(name);
        },
        restart: spawnIt,
        async metrics() {
          const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
          if (!res.ok) throw new Error(`${name} /metrics answered ${res.status}`);
          return parseMetrics(await res.text());
        },
      };
      urls.push(`${name}=${base}/graphql`);
    };
    // In list order: a process waits for its own readiness, which may need an earlier one's events.
    for (const entry of listedSubgraphs()) {
      if (options.processes?.includes(entry.name)) await startAsProcess(entry);
      else {
        subgraphs[entry.name] = await entry.subgraph.start(envOf(entry), logger.child({ subgraph: entry.name }));
        urls.push(`${entry.name}=${subgraphs[entry.name].url}`);
      }
    }
    for (const entry of options.extraSubgraphs ?? []) await startAsProcess(entry);
    // Ready is more than listening: progress waits for content's catalogue events (ADR 0011).
    await Promise.all(Object.values(subgraphs).map((s) => waitForHttp(s.url.replace(/\/graphql$/, "/ready"), 60_000)));
    const supergraphPath = path.join(dir, "supergraph.graphql");
    const extra: ExtraSubgraph[] = (options.extraSubgraphs ?? []).map((e) => ({ name: e.name, port: 0, sdl: e.sdl }));
    fs.writeFileSync(supergraphPath, (await composeSupergraph(extra)).supergraphSdl);
    const rawGatewayEnv: Record<string, string> = {
      PORT: "0",
      LOG_LEVEL: logLevel,
      SUPERGRAPH_PATH: supergraphPath,
      SUBGRAPH_URLS: urls.join(","),
      CLERK_JWT_KEY: clerkPublicKey,
      CLERK_ISSUER: DEV_CLERK_ISSUER,
      CLERK_AUTHORIZED_PARTIES: DEV_AUTHORIZED_PARTY,
      INTERNAL_CONTEXT_PRIVATE_KEY: internal.privateKey,
      CORS_ORIGINS: "http://app.test",
      // The live feed reads the same event source as the subgraphs.
      EVENTLOG_DATABASE_URL: database.url,
      // Its own schema (partner API keys) in the same database, as under `npm start`.
      DATABASE_URL: options.gatewayDatabaseUrl?.(database.url) ?? database.url,
      DATABASE_POOL_SIZE: "3",
      // On in tests (a free port), so they and the benchmarks can read the live counters.
      METRICS_PORT: "0",
      // Every test comes from one address and few users: tests of rate limits set their own (ADR 0025).
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: "1000000",
      RATE_LIMIT_FREE_PER_MINUTE: "1000000",
      RATE_LIMIT_PLUS_PER_MINUTE: "1000000",
      RATE_LIMIT_PRO_PER_MINUTE: "1000000",
      RATE_LIMIT_MACHINE_PER_MINUTE: "1000000",
      RATE_LIMIT_EXPENSIVE_PER_HOUR: "",
      ...Object.fromEntries(Object.entries(options.subgraphEnv ?? {}).filter(([k]) => k.startsWith("KAFKA_"))),
      ...options.gatewayEnv,
    };
    gatewayProcessEnv = rawGatewayEnv;
    if (options.gatewayProcess) {
      const started = await startGatewayProcess("gateway");
      gatewayPid = started.pid;
      gateway = started;
    } else {
      gatewayEnv = parseEnv(gatewayEnvSchema, rawGatewayEnv);
      gateway = await startGateway(gatewayEnv, logger.child({ service: "gateway" }));
    }
  } catch (err) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    await stopChildren();
    await stripe.stop();
    await database.drop();
    throw err;
  }
  let running = gateway;
  let replicas = 0;
  const port = new URL(running.url).port;
  return {
    gatewayUrl: running.url,
    gatewayOrigin: new URL(running.url).origin,
    get gatewayMetricsUrl() {
      return running.metricsUrl;
    },
    databaseUrl: database.url,
    subgraphs,
    processes,
    get gatewayLive() {
      return running.live;
    },
    gatewayPid,
    async restartGateway() {
      if (!gatewayEnv) throw new Error("restartGateway needs the in-process gateway");
      await running.stop();
      running = await startGateway({ ...gatewayEnv!, PORT: Number(port) }, logger.child({ service: "gateway" }));
    },
    startGatewayReplica: (env) => startGatewayProcess(`gateway-${++replicas}`, env),
    keys: { internal, clerkPrivateKey, clerkPublicKey, webhookSecret, stripeWebhookSecret },
    stripe,
    token: (userId, opts) => signSessionToken(clerkPrivateKey, { sub: userId, ...opts }),
    async stop() {
      await running.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await stopAll([...children.values()]);
      await stripe.stop();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
