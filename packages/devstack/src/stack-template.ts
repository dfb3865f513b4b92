import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { databaseUrl, dropDatabase, withAdmin, type TestDatabase } from "./test-database";

/**
 * Names the run's stack template: a database in which a whole stack has started once and
 * stopped (migrations applied, the catalogue imported, published and consumed). A test's stack
 * on the embedded log starts from a copy of it instead of from nothing, which saves most of a
 * start (docs/adr/0037). Set by the tests' globalSetup; unset, every stack starts from nothing.
 */
export const STACK_TEMPLATE_ENV = "LEARNLOOP_STACK_TEMPLATE";

export const newTemplateName = () => `learnloop_template_${randomBytes(6).toString("hex")}`;

const OBJECT_IN_USE = "55006";

/**
 * The template's name, built on first use by `build` (a stack started and stopped on the given
 * database) under an advisory lock, so the run's workers build it once between them.
 */
export async function stackTemplate(build: (database: TestDatabase) => Promise<void>): Promise<string | undefined> {
  const name = process.env[STACK_TEMPLATE_ENV];
  if (!name) return undefined;
  return withAdmin(async (admin) => {
    await admin.query("SELECT pg_advisory_lock(hashtext($1))", [name]);
    try {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (rowCount) return name;
      const building = `${name}_building`;
      fs.writeFileSync(markerOf(name), String(process.pid));
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      try {
        await build({ url: databaseUrl(building), drop: async () => undefined });
        await releaseLeases(databaseUrl(building));
        await renameWhenFree(admin, building, name);
      } catch (err) {
        await dropDatabase(building).catch(() => undefined);
        throw err;
      }
      return name;
    } finally {
      await admin.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
}

/** The stopped stack's relays and groups leave no holder behind, so a copy's first start need not wait out a lease. */
async function releaseLeases(url: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ schema: string }>(
      `SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'leases'`,
    );
    for (const { schema } of rows) await client.query(`DELETE FROM "${schema}".leases`);
  } finally {
    await client.end();
  }
}

/** A closed pool's sessions end a moment after its end() returns: wait for them rather than fail the rename. */
async function renameWhenFree(admin: Client, from: string, to: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`ALTER DATABASE "${from}" RENAME TO "${to}"`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== OBJECT_IN_USE || attempt >= 50) throw err;
      // Past two seconds, what still holds it is a leak of the stopped stack: end it.
      if (attempt >= 20)
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [from]);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Drops the run's template (and a build a crash left behind); nothing to do, and no connection, when no stack built one. */
export const dropStackTemplate = async () => {
  const name = process.env[STACK_TEMPLATE_ENV];
  if (!name || !built(name)) return;
  await dropDatabase(`${name}_building`);
  await dropDatabase(name);
  fs.rmSync(markerOf(name), { force: true });
};

/** A file beside the run, so the teardown (another process) knows a worker started building. */
const markerOf = (name: string) => path.join(os.tmpdir(), `${name}.building`);
const built = (name: string) => fs.existsSync(markerOf(name));
