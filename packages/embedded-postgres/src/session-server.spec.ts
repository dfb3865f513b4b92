import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { Pool } from "pg";

// PGlite loads its WebAssembly with a dynamic import(), which Jest's sandbox refuses; so the
// server runs as its own process from the build (as under `npm start`) and is reached over TCP.
let pg: { url: string };
let server: ChildProcess;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pglite-"));
  const entry = path.join(__dirname, "..", "dist", "index.js");
  const script = `require(${JSON.stringify(entry)}).startEmbeddedPostgres({ dataDir: ${JSON.stringify(path.join(dir, "data"))} }).then((p) => console.log(p.url))`;
  server = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    server.stdout!.once("data", (d: Buffer) => resolve(d.toString().trim()));
    server.once("exit", (code) => reject(new Error(`embedded postgres exited with ${code}`)));
  });
  pg = { url };
}, 60_000);
afterAll(async () => {
  server?.kill();
  fs.rmSync(dir, { recursive: true, force: true });
});

// The stock socket server interleaves clients in PGlite's one session: wrong rows and lost
// prepared statements (shared/notes/embedded-postgres.md). This is the regression test.
it("keeps many pooled clients' extended-protocol queries and transactions apart", async () => {
  const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: pg.url, max: 5 }));
  await pools[0].query("CREATE TABLE t (id int PRIMARY KEY, owner int NOT NULL)");
  let wrong = 0;
  await Promise.all(
    pools.flatMap((pool, p) =>
      Array.from({ length: 25 }, async (_, i) => {
        const id = p * 1000 + i;
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query("INSERT INTO t (id, owner) VALUES ($1, $2)", [id, p]);
          if (i % 5 === 0) {
            await client.query("ROLLBACK");
          } else {
            await client.query("COMMIT");
          }
        } finally {
          client.release();
        }
        const { rows } = await pool.query("SELECT owner FROM t WHERE id = $1", [id]);
        if (i % 5 !== 0 && rows[0]?.owner !== p) wrong++;
        if (i % 5 === 0 && rows.length) wrong++;
      }),
    ),
  );
  const { rows } = await pools[0].query("SELECT count(*)::int AS n FROM t");
  expect(wrong).toBe(0);
  expect(rows[0].n).toBe(4 * 20);
  await Promise.all(pools.map((p) => p.end()));
}, 60_000);

it("rolls back a client that disconnects mid-transaction", async () => {
  const a = new Pool({ connectionString: pg.url, max: 1 });
  const client = await a.connect();
  await client.query("CREATE TABLE IF NOT EXISTS u (id int)");
  await client.query("BEGIN");
  await client.query("INSERT INTO u VALUES (1)");
  client.release(true); // destroys the connection with the transaction open
  await a.end();
  const b = new Pool({ connectionString: pg.url, max: 1 });
  const { rows } = await b.query("SELECT count(*)::int AS n FROM u");
  expect(rows[0].n).toBe(0);
  await b.end();
}, 60_000);
