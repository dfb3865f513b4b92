import "reflect-metadata";
import { createLogger, Database, eventTablesMigration, parseEnv } from "@learnloop/kit";
import { SingleBar, Presets } from "cli-progress";
import { z } from "zod";
import { catalogueOutbox } from "../events";
import { contentEntities, contentMigrations } from "../index";
import { importContent } from "./import-content";

/** `npm run import-content [-- --force]`: imports the catalogue into DATABASE_URL with a progress bar. */
async function main() {
  const env = parseEnv(z.object({ DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL") }));
  const logger = createLogger("content-import", "warn");
  const db = new Database({
    schema: "content",
    url: env.DATABASE_URL,
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
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
