import { createTestDatabase, listedSubgraphs } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";

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
