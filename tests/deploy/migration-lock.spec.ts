import { createTestDatabase, listedSubgraphs } from "@learnloop/devstack";
import { createLogger, Database, migrationLockKey, MigrationLockTimeoutError } from "@learnloop/kit/internal";
import { Client } from "pg";

// Replicas of a rolling update start at once and each runs the migrations at start (ADR 0029):
// the advisory lock in Database.start lets one apply them while the others wait, then find none pending.
it("replicas starting together on an empty schema apply each migration once, and all of them start", async () => {
  const database = await createTestDatabase();
  const { subgraph } = listedSubgraphs().find((s) => s.name === "progress")!;
  const replicas = [1, 2, 3, 4].map(
    () =>
      new Database({ schema: subgraph.name, url: database.url, ...subgraph.database, poolSize: 1, logger: createLogger("test", "silent") }),
  );
  try {
    const started = await Promise.allSettled(replicas.map((db) => db.start()));
    expect(started.map((s) => (s.status === "rejected" ? String(s.reason) : "started"))).toEqual(replicas.map(() => "started"));
    const rows: { name: string; n: string }[] = await replicas[0].dataSource.query(
      `SELECT name, count(*) AS n FROM "${subgraph.name}".migrations GROUP BY name ORDER BY name`,
    );
    expect(rows.map((r) => [r.name, Number(r.n)])).toEqual(
      (subgraph.database.migrations as { name: string }[]).map((m) => [m.name, 1]).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  } finally {
    await Promise.all(replicas.map((db) => db.stop().catch(() => undefined)));
    await database.drop();
  }
});

// A holder that never lets go (a hung process, a stuck session) must fail the start with its pid,
// before the startup probe's budget runs out, not block it forever.
it("a starter gives up on a lock another session holds, with an error naming that session", async () => {
  const database = await createTestDatabase();
  const { subgraph } = listedSubgraphs().find((s) => s.name === "progress")!;
  const holder = new Client({ connectionString: database.url, application_name: "test-holder" });
  await holder.connect();
  const starter = new Database({
    schema: subgraph.name,
    url: database.url,
    ...subgraph.database,
    poolSize: 1,
    migrationLockTimeoutMs: 1_000,
    logger: createLogger("test", "silent"),
  });
  try {
    const { rows } = await holder.query<{ pid: number }>("SELECT pg_backend_pid() AS pid, pg_advisory_lock(hashtext($1))", [
      migrationLockKey(subgraph.name),
    ]);
    const started = await starter.start().then(
      () => "started",
      (err: unknown) => err,
    );
    expect(started).toBeInstanceOf(MigrationLockTimeoutError);
    expect((started as Error).message).toContain(`still held after 1000 ms by pid ${rows[0].pid} (test-holder`);
    expect(starter.dataSource.isInitialized).toBe(false);
    // Nothing was migrated while the lock was held elsewhere.
    const schemas = await holder.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [subgraph.name]);
    expect(schemas.rowCount).toBe(0);
    // Once it is free, the next start takes it and migrates.
    await holder.query("SELECT pg_advisory_unlock(hashtext($1))", [migrationLockKey(subgraph.name)]);
    await starter.start();
    const migrated = await holder.query(`SELECT count(*)::int AS n FROM "${subgraph.name}".migrations`);
    expect(migrated.rows[0].n).toBe((subgraph.database.migrations as unknown[]).length);
  } finally {
    await starter.stop().catch(() => undefined);
    await holder.end();
    await database.drop();
  }
});
