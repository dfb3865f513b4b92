import { createTestDatabase, listedSubgraphs } from "@learnloop/devstack";
import { createLogger, Database } from "@learnloop/kit/internal";

/**
 * Privacy by default for people who signed up before visibility existed: nobody chose PUBLIC,
 * so the migrations make every existing profile, and progress's copy of it, private.
 */
const definition = (name: string) => listedSubgraphs().find((s) => s.name === name)!.subgraph.database;

it.each([
  ["users", `INSERT INTO users.users (id, display_name, settings) VALUES ('user_before', 'Early', '{}')`, `SELECT profile_visibility AS v FROM users.users`, "PRIVATE"],
  ["progress", `INSERT INTO progress.learners (user_id, xp) VALUES ('user_before', 120)`, `SELECT profile_public AS v FROM progress.learners`, false],
])("%s: rows from before the migration become private", async (name, insert, select, expected) => {
  const def = definition(name);
  const database = await createTestDatabase();
  const open = (migrations: typeof def.migrations) =>
    new Database({ schema: name, url: database.url, entities: def.entities, migrations, logger: createLogger("test", "silent") });
  try {
    const before = open(def.migrations.filter((m) => !/1796100000000/.test((m as { name: string }).name)));
    await before.start();
    const columns = await before.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('profile_visibility', 'profile_public')`,
      [name],
    );
    expect(columns).toEqual([]); // really the schema from before
    await before.dataSource.query(insert);
    await before.stop();
    const after = open(def.migrations);
    await after.start();
    try {
      expect(await after.dataSource.query(select)).toEqual([{ v: expected }]);
    } finally {
      await after.stop();
    }
  } finally {
    await database.drop();
  }
});
