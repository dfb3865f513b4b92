import { listedSubgraphs } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";
import { createTestDatabase } from "@learnloop/devstack";

// Migrations are hand-written; this proves they produce exactly what the entities declare.
it.each(listedSubgraphs().map((s) => [s.name, s.subgraph]))("%s: committed migrations match the entities", async (_name, subgraph) => {
  const database = await createTestDatabase();
  const db = new Database({ schema: subgraph.name, url: database.url, ...subgraph.database, logger: createLogger("test", "silent") });
  try {
    await db.start();
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  } finally {
    await db.stop();
    await database.drop();
  }
});
