import { SUBGRAPHS } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit";
import { createTestDatabase } from "@learnloop/devstack";

// Migrations are hand-written; this proves they produce exactly what the entities declare.
it.each(SUBGRAPHS.map((s) => [s.definition.name, s]))("%s: committed migrations match the entities", async (_name, entry) => {
  const database = await createTestDatabase();
  const db = new Database({ schema: entry.definition.name, url: database.url, entities: entry.definition.entities, migrations: entry.definition.migrations, logger: createLogger("test", "silent") });
  try {
    await db.start();
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  } finally {
    await db.stop();
    await database.drop();
  }
});
