import fs from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@learnloop/embedded-postgres";
import { loadDevKeys } from "./dev-keys";
import { fakeStripeValues, startFakeStripe } from "./fake-stripe";
import { EMBEDDED_PG_PORT } from "./local-database";
import { STATE_DIR, REPO_ROOT, SUPERGRAPH_PATH } from "./paths";
import { peakMemoryMiB, startProcess, waitForHttp } from "./processes";
import { DEV_AUTHORIZED_PARTY, DEV_CLERK_ISSUER } from "./session-token";
import { startupTime } from "./startup-time";
import { SUBGRAPH_ENTRIES, type DevstackValue } from "./subgraphs";
import { Supervisor, type SupervisorEvent } from "./supervisor";

const GATEWAY_PORT = Number(process.env.PORT ?? 4000);
/** Moves every subgraph's port in subgraphs.json (4001-4004) by the same amount. */
const SUBGRAPH_PORT_BASE = Number(process.env.SUBGRAPH_PORT_BASE ?? 4000);
const subgraphPort = (defaultPort: number) => SUBGRAPH_PORT_BASE + defaultPort - 4000;
/** Each service's metrics port: unset or `auto` is its port + 1000; `0` any free port; `off` none. */
const METRICS_PORT = process.env.METRICS_PORT || "auto";

const exitText = (e: { code: number | null; signal: NodeJS.Signals | null }) => (e.signal ? `signal ${e.signal}` : `code ${e.code}`);

function metricsText(): string {
  if (METRICS_PORT === "off") return "off";
  if (METRICS_PORT === "0") return "on free ports (each service logs its metrics URL)";
  const ports = SUBGRAPH_ENTRIES.map((e) => `${e.name} ${subgraphPort(e.port) + 1000}`).join(", ");
  return `http://localhost:${GATEWAY_PORT + 1000}/metrics (gateway; ${ports})`;
}

/**
 * `npm start`: the whole supergraph on one machine. Uses DATABASE_URL when set, otherwise an
 * embedded PostgreSQL (PGlite) kept in .learnloop/pgdata. Every subgraph and the gateway run as
 * their own processes, exactly as in production, each under a supervisor that restarts it when it
 * dies (ADR 0013); logs go to .learnloop/logs/, pids to .learnloop/run/<name>.pid.
 */
async function main() {
  if (!["auto", "off", "0"].includes(METRICS_PORT)) {
    console.error(`npm start: METRICS_PORT must be auto, off or 0 (each service needs its own port), not "${METRICS_PORT}".`);
    process.exit(1);
  }
  const keys = loadDevKeys();
  // DEVELOPMENT ONLY: billing talks to a loopback Stripe (production: api.stripe.com).
  const stripe = await startFakeStripe({ port: Number(process.env.FAKE_STRIPE_PORT ?? 0) });
  const devstackValues: Record<DevstackValue, string> = {
    clerkWebhookSecret: keys.webhookSecret,
    ...fakeStripeValues(stripe, keys.stripeWebhookSecret),
  };
  const logDir = path.join(STATE_DIR, "logs");
  const runDir = path.join(STATE_DIR, "run");
  fs.mkdirSync(runDir, { recursive: true });
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(STATE_DIR, "pgdata"), port: EMBEDDED_PG_PORT });
    databaseUrl = embedded.url;
  }
  const logLevel = process.env.LOG_LEVEL ?? "info";
  const common = {
    DATABASE_URL: databaseUrl,
    // PGlite runs one statement at a time, so large pools only queue.
    DATABASE_POOL_SIZE: embedded ? "2" : "10",
    LOG_LEVEL: logLevel,
    METRICS_PORT,
    APOLLO_TELEMETRY_DISABLED: "true",
    CLERK_TELEMETRY_DISABLED: "1",
  };
  const supervisors: Supervisor[] = [];
  let up = false;
  const supervise = (name: string, script: string, env: Record<string, string>) => {
    const supervisor = new Supervisor({
      name,
      spawn: () => startProcess(name, script, env, logDir).child,
      onEvent: (event) => {
        // An exit during the first start is a setup problem: stop and say so rather than retry forever.
        if (!up && event.type === "exited") {
          console.error(`${event.name} exited (${exitText(event)}) while starting. Log: ${logOf(event.name)}`);
          void shutdown(1);
        } else report(event);
      },
    });
    supervisors.push(supervisor);
    return supervisor.start();
  };
  const logOf = (name: string) => path.join(logDir, `${name}.log`);
  const report = (event: SupervisorEvent) => {
    const pidFile = path.join(runDir, `${event.name}.pid`);
    if (event.type === "started") {
      fs.writeFileSync(pidFile, `${event.pid}\n`);
      if (event.restarts) console.log(`${event.name} restarted (pid ${event.pid}, restart ${event.restarts}).`);
      return;
    }
    fs.rmSync(pidFile, { force: true });
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    console.error(
      `${event.name} exited (${exitText(event)}) after ${seconds(event.uptimeMs)} s; restarting in ${seconds(event.restartInMs)} s. ` +
        `Log: ${logOf(event.name)}`,
    );
  };
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(supervisors.map((s) => s.stop()));
    for (const s of supervisors) fs.rmSync(path.join(runDir, `${s.name}.pid`), { force: true });
    await embedded?.stop();
    await stripe.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await Promise.all(
      SUBGRAPH_ENTRIES.map(async (entry) => {
        const port = subgraphPort(entry.port);
        const child = supervise(entry.name, path.join(entry.dir, "dist", "main.js"), {
          ...common,
          PORT: String(port),
          INTERNAL_CONTEXT_PUBLIC_KEY: keys.internalPublicKey,
          ...Object.fromEntries(Object.entries(entry.env).map(([name, value]) => [name, devstackValues[value]])),
        });
        await waitForHttp(`http://127.0.0.1:${port}/ready`, 300_000, child);
      }),
    );
    const gateway = supervise("gateway", path.join(REPO_ROOT, "gateway", "dist", "main.js"), {
      ...common,
      PORT: String(GATEWAY_PORT),
      SUPERGRAPH_PATH,
      SUBGRAPH_URLS: SUBGRAPH_ENTRIES.map((e) => `${e.name}=http://127.0.0.1:${subgraphPort(e.port)}/graphql`).join(","),
      CLERK_JWT_KEY: keys.clerkPublicKey,
      // Dev tokens (npm run dev-token) name these; the gateway checks them as it would Clerk's.
      CLERK_ISSUER: DEV_CLERK_ISSUER,
      CLERK_AUTHORIZED_PARTIES: DEV_AUTHORIZED_PARTY,
      INTERNAL_CONTEXT_PRIVATE_KEY: keys.internalPrivateKey,
      EVENTLOG_DATABASE_URL: process.env.EVENTLOG_DATABASE_URL ?? databaseUrl,
      CORS_ORIGINS: process.env.CORS_ORIGINS ?? "http://localhost:4000,http://localhost:5173",
    });
    await waitForHttp(`http://127.0.0.1:${GATEWAY_PORT}/health`, 60_000, gateway);
    const res = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ courses(first: 1) { edges { node { title } } } }" }),
    });
    if (!res.ok) throw new Error(`first query failed: HTTP ${res.status} ${await res.text()}`);
    const memory = peakMemoryMiB([process.pid, ...supervisors.flatMap((s) => (s.child?.pid ? [s.child.pid] : []))]);
    console.log(`
  Learnloop is up (${embedded ? (embedded.created ? "embedded PostgreSQL, first start" : "embedded PostgreSQL, restart") : "DATABASE_URL"}).
  ${startupTime()}; peak memory of all processes so far ${memory} MiB.

  Apollo Sandbox  http://localhost:${GATEWAY_PORT}/
  GraphiQL        http://localhost:${GATEWAY_PORT}/graphiql/   (offline too: bundled, nothing from the internet)
  GraphQL         http://localhost:${GATEWAY_PORT}/graphql
  Dev token       npm run dev-token      (DEVELOPMENT ONLY; paste as  Authorization: Bearer <token>)
  Web client      npm run web:dev        (then http://localhost:5173/, signed in with a dev token)
  Partner API     http://localhost:${GATEWAY_PORT}/partner/graphql   (keys: npm run partner-key; see docs/partners.md)
  Metrics         ${metricsText()}
  Stripe          ${stripe.url}   (DEVELOPMENT ONLY: a loopback fake; production uses api.stripe.com)
  Logs            ${path.relative(process.cwd(), logDir) || logDir}/

  A service that exits is restarted (0.5 s, doubling to 30 s); the gateway answers without it meanwhile.
  Ctrl-C stops everything.
`);
    up = true;
  } catch (err) {
    console.error(`Start failed: ${err instanceof Error ? err.message : err}\nLogs: ${logDir}`);
    await shutdown(1);
  }
}

void main();
