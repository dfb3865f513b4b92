import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";
import { subgraph } from "../src";

/** The machine's PostgreSQL and PGlite, the embedded default of `npm start`: both must take analytics' SQL. */
async function startPglite(): Promise<{ url: string; stop(): void }> {
  // PGlite loads its WebAssembly with a dynamic import(), which Jest's sandbox refuses: it runs from the build, as a process.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "analytics-pglite-"));
  const entry = path.join(__dirname, "..", "..", "..", "packages", "embedded-postgres", "dist", "index.js");
  const script = `require(${JSON.stringify(entry)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, "data"))} }).then((p) => console.log(p.url))`;
  const server: ChildProcess = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    server.once("exit", (code) => reject(new Error(`embedded postgres exited with ${code}`)));
  });
  return {
    url,
    stop: () => {
      server.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const engines: [string, () => Promise<{ url: string; stop(): unknown; drop?: () => Promise<void> }>][] = [
  ["PostgreSQL", async () => ({ ...(await createTestDatabase()), stop() {} })],
  ["PGlite", startPglite],
];

/** Starts the engine and analytics' migrations on it for the enclosing describe; the getter gives its Database. */
export function analyticsDatabase(start: () => Promise<{ url: string; stop(): unknown; drop?: () => Promise<void> }>): () => Database {
  let server: { url: string; stop(): unknown; drop?: () => Promise<void> } | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    server = await start();
    db = new Database({ schema: "analytics", url: server.url, ...subgraph.database, poolSize: 2, logger: createLogger("test", "silent") });
    await db.start();
  }, 60_000);
  afterAll(async () => {
    await db?.stop();
    await server?.drop?.();
    server?.stop();
  });
  return () => db!;
}
