import "reflect-metadata";
import { createLogger, Database, eventTablesMigration } from "@learnloop/kit/internal";
import { catalogueOutbox, contentEntities, contentMigrations, importContent } from "@learnloop/subgraph-content";
import { SingleBar, Presets } from "cli-progress";
import { localDatabase } from "./local-database";

/**
 * `npm run import-content [-- --force]`: imports the catalogue, with a progress bar, into
 * DATABASE_URL or else the embedded PostgreSQL of a running `npm start`.
 */
async function main() {
  const logger = createLogger("content-import", "warn");
  const db = new Database({
    schema: "content",
    url: localDatabase().url,
    entities: contentEntities,
    // The outbox too: the import writes the catalogue's events there, and the service's relay sends them.
    migrations: [...contentMigrations, eventTablesMigration("content")],
    logger,
    poolSize: 2,
  });
  await db.start();
  const bar = new SingleBar({ format: "importing {step} [{bar}] {percentage}% | {value}/{total}" }, Presets.shades_classic);
  let started = false;
  const result = await importContent(db.dataSource.manager, {
    force: process.argv.includes("--force"),
    publisher: catalogueOutbox(),
    onProgress: ({ step, done, total }) => {
      if (!started) bar.start(total, 0, { step });
      started = true;
      bar.update(done, { step });
    },
  });
  if (started) bar.stop();
  console.log(result.imported ? `Imported: ${JSON.stringify(result.counts)}` : "Content is up to date (use --force to re-import).");
  await db.stop();
}

main().catch((err) => {
  console.error(`${err instanceof Error ? err.message : err}${localDatabase().hint}`);
  process.exit(1);
});
