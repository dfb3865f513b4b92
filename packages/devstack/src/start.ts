import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@learnloop/embedded-postgres";
import { loadDevKeys } from "./dev-keys";
import { STATE_DIR, REPO_ROOT, SUPERGRAPH_PATH } from "./paths";
import { peakMemoryMiB, startProcess, stopAll, waitForHttp, type ManagedProcess } from "./processes";
import { DEV_AUTHORIZED_PARTY, DEV_CLERK_ISSUER } from "./session-token";
import { SUBGRAPHS } from "./subgraphs";

const GATEWAY_PORT = Number(process.env.PORT ?? 4000);
const EMBEDDED_PG_PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

/**
 * `npm start`: the whole supergraph on one machine. Uses DATABASE_URL when set, otherwise an
 * embedded PostgreSQL (PGlite) kept in .learnloop/pgdata. Every subgraph and the gateway run as
 * their own processes, exactly as in production; logs go to .learnloop/logs/.
 */
async function main() {
  const began = Date.now();
  const keys = loadDevKeys();
  const logDir = path.join(STATE_DIR, "logs");
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
    APOLLO_TELEMETRY_DISABLED: "true",
    CLERK_TELEMETRY_DISABLED: "1",
  };
  const processes: ManagedProcess[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await stopAll(processes);
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await Promise.all(
      SUBGRAPHS.map(async (entry) => {
        const p = startProcess(
          entry.definition.name,
          path.join(REPO_ROOT, entry.folder, "dist", "main.js"),
          {
            ...common,
            PORT: String(entry.port),
            INTERNAL_CONTEXT_PUBLIC_KEY: keys.internalPublicKey,
            CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
          },
          logDir,
        );
        processes.push(p);
        await waitForHttp(`http://127.0.0.1:${entry.port}/ready`, 300_000, p.child);
      }),
    );
    const gateway = startProcess(
      "gateway",
      path.join(REPO_ROOT, "gateway", "dist", "main.js"),
      {
        ...common,
        PORT: String(GATEWAY_PORT),
        SUPERGRAPH_PATH,
        CLERK_JWT_KEY: keys.clerkPublicKey,
        // Dev tokens (npm run dev-token) name these; the gateway checks them as it would Clerk's.
        CLERK_ISSUER: DEV_CLERK_ISSUER,
        CLERK_AUTHORIZED_PARTIES: DEV_AUTHORIZED_PARTY,
        INTERNAL_CONTEXT_PRIVATE_KEY: keys.internalPrivateKey,
        EVENTLOG_DATABASE_URL: process.env.EVENTLOG_DATABASE_URL ?? databaseUrl,
        CORS_ORIGINS: process.env.CORS_ORIGINS ?? "http://localhost:4000,http://localhost:5173",
      },
      logDir,
    );
    processes.push(gateway);
    await waitForHttp(`http://127.0.0.1:${GATEWAY_PORT}/health`, 60_000, gateway.child);
    const res = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ courses(first: 1) { edges { node { title } } } }" }),
    });
    if (!res.ok) throw new Error(`first query failed: HTTP ${res.status} ${await res.text()}`);
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    const memory = peakMemoryMiB([process.pid, ...processes.map((p) => p.child.pid!)]);
    console.log(`
  Learnloop is up (${embedded ? (embedded.created ? "embedded PostgreSQL, first start" : "embedded PostgreSQL, restart") : "DATABASE_URL"}).
  First answer after ${seconds} s; peak memory of all processes so far ${memory} MiB.

  Apollo Sandbox  http://localhost:${GATEWAY_PORT}/
  GraphQL         http://localhost:${GATEWAY_PORT}/graphql
  Dev token       npm run dev-token      (DEVELOPMENT ONLY; paste as  Authorization: Bearer <token>)
  Web client      npm run web:dev        (then http://localhost:5173/, signed in with a dev token)
  Partner API     http://localhost:${GATEWAY_PORT}/partner/graphql   (keys: npm run partner-key; see docs/partners.md)
  Logs            ${path.relative(process.cwd(), logDir) || logDir}/

  Ctrl-C stops everything.
`);
    for (const p of processes)
      p.child.once("exit", (code) => {
        if (stopping) return;
        console.error(`${p.name} exited with code ${code}; see ${path.join(logDir, `${p.name}.log`)}. Stopping.`);
        void shutdown(1);
      });
  } catch (err) {
    console.error(`Start failed: ${err instanceof Error ? err.message : err}\nLogs: ${logDir}`);
    await shutdown(1);
  }
}

void main();
