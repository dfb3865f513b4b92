import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import type { MigrationInterface, QueryRunner } from "typeorm";
import { createTestDatabase, listedSubgraphs } from "@learnloop/devstack";
import { createLogger, Database, eventTablesMigration, idempotencyTablesMigration, type DatabaseOptions } from "@learnloop/kit/internal";
import {
  CATALOGUE_SQL,
  foreignDependencies,
  foreignImports,
  foreignSchemaReferences,
  kitInternalImports,
  objectsOutsideSchema,
  type CatalogueObject,
} from "../../packages/devstack/src/conventions";
import { conventionTitle, owners, subgraphSources, tempSources } from "./support";

const subgraphs = listedSubgraphs();
// Besides the other subgraphs' schemas: the gateway's (gateway/src/database.ts) and the embedded
// event log's (the kit's transport), which a subgraph reaches only through the kit.
const PLATFORM_SCHEMAS = ["gateway", "eventlog"];
const names = [...subgraphs.map((s) => s.name), ...PLATFORM_SCHEMAS];

describe(conventionTitle(__filename), () => {
  describe.each(subgraphs.map((s) => [s.name, s]))("%s", (name, entry) => {
    const others = owners().filter((o) => o.name !== name);

    it("names no other subgraph's (or the platform's) schema in SQL or TypeORM options", () => {
      expect(foreignSchemaReferences(subgraphSources(entry.dir), name, names)).toEqual([]);
    });

    it("imports no other subgraph, and its package.json depends on none", () => {
      expect(foreignImports(subgraphSources(entry.dir), others)).toEqual([]);
      expect(foreignDependencies(path.join(entry.dir, "package.json"), others)).toEqual([]);
    });

    it("uses the kit's public API, not @learnloop/kit/internal", () => {
      expect(kitInternalImports(subgraphSources(entry.dir))).toEqual([]);
    });
  });

  describe("migrations, run in a fresh database", () => {
    let database: { url: string; drop(): Promise<void> };
    let client: Client;
    const snapshot = async () => (await client.query<CatalogueObject>(CATALOGUE_SQL)).rows;
    /** Runs the migrations as the kit does at start, and returns what appeared outside `schema`. */
    const migrate = async (schema: string, options: Pick<DatabaseOptions, "entities" | "migrations">) => {
      const before = await snapshot();
      const migrations = [...(options.migrations as unknown[]), eventTablesMigration(schema), idempotencyTablesMigration(schema)];
      const db = new Database({
        schema,
        url: database.url,
        entities: options.entities,
        migrations: migrations as DatabaseOptions["migrations"],
        logger: createLogger("test", "silent"),
      });
      try {
        await db.start();
      } finally {
        await db.stop();
      }
      return objectsOutsideSchema(before, await snapshot(), schema);
    };

    beforeAll(async () => {
      database = await createTestDatabase();
      client = new Client({ connectionString: database.url });
      await client.connect();
    });
    afterAll(async () => {
      await client?.end();
      await database?.drop();
    });

    // In list order, in one database: a later subgraph that altered an earlier one's tables would show.
    it.each(subgraphs.map((s) => [s.name, s.subgraph]))(
      "%s: its migrations and the kit's create objects only in its own schema",
      async (name, subgraph) => {
        expect(await migrate(name, subgraph.database)).toEqual([]);
      },
    );

    it("the check sees a migration that creates objects in public and in another schema", async () => {
      class Stray1000000000000 implements MigrationInterface {
        name = "Stray1000000000000";
        async up(q: QueryRunner): Promise<void> {
          await q.query(`CREATE TABLE public.stray (id int PRIMARY KEY)`);
          await q.query(`CREATE SCHEMA stray_other`);
          await q.query(`CREATE TABLE stray_other.t (id int)`);
        }
        async down(): Promise<void> {}
      }
      const outside = await migrate("stray_subgraph", { entities: [], migrations: [Stray1000000000000] });
      expect(outside).toEqual(
        expect.arrayContaining([
          "relation public.stray",
          "schema stray_other.stray_other",
          "relation stray_other.t",
          "column public.stray.id",
        ]),
      );
    });
  });

  describe("the static checks see a bad input", () => {
    const bad = tempSources({
      "a.ts": [
        "await manager.query(`SELECT xp FROM progress.learners WHERE user_id = $1`, [id]);",
        'await manager.query(`UPDATE "progress"."learners" SET xp = 0`);',
        'const qb = manager.createQueryBuilder().select("*").from("progress.learners", "l");',
        '@Entity({ name: "learners", schema: "progress" }) class Learner {}',
        '@Entity({ name: "x", schema }) class X {}',
        'const own = `SELECT 1 FROM users.users`; const topic = "learnloop.progress.v1"; const text = "progress. Try again";',
        'import { subgraph } from "@learnloop/subgraph-progress";',
        'import { helper } from "../../progress/src/helper";',
      ].join("\n"),
    });
    afterAll(() => bad.remove());

    it("SQL, query builders and entity options that name another schema; not its own, a topic or prose", () => {
      const problems = foreignSchemaReferences(bad.sources, "users", ["users", "progress"]);
      expect(problems).toHaveLength(5);
      expect(problems.join("\n")).toMatch(/a\.ts:1: SQL names progress/);
      expect(problems.join("\n")).toMatch(/a\.ts:2: SQL names progress/);
      expect(problems.join("\n")).toMatch(/a\.ts:3: SQL names progress/);
      expect(problems.join("\n")).toMatch(/a\.ts:4: `schema: "progress"`/);
      expect(problems.join("\n")).toMatch(/a\.ts:5: entity options name a schema/);
    });

    it("imports of another subgraph by package name or by path, and a dependency on one", () => {
      const progress = { name: "progress", packageName: "@learnloop/subgraph-progress", dir: path.join(bad.dir, "progress") };
      const sources = bad.sources.map((s) => ({ ...s, file: path.join(bad.dir, "users", "src", "a.ts") }));
      expect(foreignImports(sources, [progress])).toHaveLength(2);
      expect(
        kitInternalImports([{ file: sources[0].file, text: `import { KafkaTransport } from "@learnloop/kit/internal";` }]),
      ).toHaveLength(1);
      const pkg = path.join(bad.dir, "package.json");
      fs.writeFileSync(
        pkg,
        JSON.stringify({ name: "@learnloop/subgraph-users", devDependencies: { "@learnloop/subgraph-progress": "0.1.0" } }),
      );
      expect(foreignDependencies(pkg, [progress])).toEqual([`${pkg}: devDependencies has @learnloop/subgraph-progress`]);
    });
  });
});
