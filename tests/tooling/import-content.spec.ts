import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "@learnloop/devstack";
import { Client } from "pg";

/** `npm run import-content` as run beside `npm start`: no DATABASE_URL, the embedded PostgreSQL on EMBEDDED_PG_PORT. */
const CLI = path.join(REPO_ROOT, "packages", "devstack", "dist", "import-content.js");

function importContent(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { DATABASE_URL: _unset, ...rest } = process.env;
  const child = spawn(process.execPath, [CLI], { env: { ...rest, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

let dataDir: string;
let server: ChildProcess;
let embeddedUrl: string;

// PGlite cannot load inside Jest's sandbox (a dynamic import()), so it runs as its own process from
// the build, as under `npm start`.
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "import-content-"));
  const entry = path.join(REPO_ROOT, "packages", "embedded-postgres", "dist", "index.js");
  const script = `require(${JSON.stringify(entry)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dataDir, "pgdata"))} }).then((p) => console.log(p.url))`;
  server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  embeddedUrl = await new Promise<string>((resolve, reject) => {
    server.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    server.once("exit", (code) => reject(new Error(`embedded postgres exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) await new Promise((resolve) => server.once("exit", resolve).kill());
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it("imports into the embedded PostgreSQL of `npm start` when DATABASE_URL is not set", async () => {
  const result = await importContent({ EMBEDDED_PG_PORT: new URL(embeddedUrl).port });
  expect(result.stderr).not.toMatch(/DATABASE_URL/);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/Imported: \{"characters":\d+/);
  // The KanjiVG subset is imported too: 日 has its 4 strokes, a kanji no lesson teaches none.
  const client = new Client({ connectionString: embeddedUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT literal, cardinality(strokes) AS strokes FROM content.characters WHERE literal IN ('日', '鬱') ORDER BY literal`,
    );
    expect(rows).toEqual([
      { literal: "日", strokes: 4 },
      { literal: "鬱", strokes: null },
    ]);
  } finally {
    await client.end();
  }
}, 180_000);

it("says to start `npm start` when nothing answers there", async () => {
  const closed = await new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const result = await importContent({ EMBEDDED_PG_PORT: String(closed) });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`127.0.0.1:${closed}`);
  expect(result.stderr).toContain("is `npm start` running? Or set DATABASE_URL");
});
