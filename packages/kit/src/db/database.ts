import { AsyncLocalStorage } from "node:async_hooks";
import { DataSource, type EntitySchema, type MixedList, type QueryRunner } from "typeorm";
import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "pino";
import { Client, type Pool, type PoolClient, type QueryConfig } from "pg";

/** Marks work that belongs to no request (outbox relay, event consumers). */
const backgroundScope = new AsyncLocalStorage<true>();
export const runInBackground = <T>(work: () => T): T => backgroundScope.run(true, work);

/**
 * Counts SQL statements sent by one DataSource; tests read `total` to prove N+1 is gone.
 * Background work is counted apart, so a relay's poll never blurs a request's count.
 */
export class StatementCounter {
  total = 0;
  background = 0;
}

class CountingLogger implements TypeOrmLogger {
  constructor(
    private readonly counter: StatementCounter,
    private readonly logger: Logger,
  ) {}
  logQuery(query: string): void {
    if (backgroundScope.getStore()) this.counter.background++;
    else this.counter.total++;
    this.logger.trace({ query }, "sql");
  }
  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ err: error, query }, "sql failed");
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, "slow sql");
  }
  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }
  logMigration(message: string): void {
    this.logger.info(message);
  }
  log(level: "log" | "info" | "warn", message: unknown, _queryRunner?: QueryRunner): void {
    if (level === "warn") this.logger.warn({ message }, "typeorm");
    else this.logger.debug({ message }, "typeorm");
  }
}

export interface DatabaseOptions {
  /** PostgreSQL schema owned by the subgraph; no other subgraph reads it. */
  schema: string;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** How long start waits for another process's migrations before it fails (MIGRATION_LOCK_TIMEOUT_MS). */
  migrationLockTimeoutMs?: number;
  logger: Logger;
}

/** The advisory lock's name for a schema's migrations (hashed with hashtext). */
export const migrationLockKey = (schema: string) => `learnloop.migrations.${schema}`;

/** Start gave up waiting for the migration lock; the message names the session holding it (a start failure, not an API error code). */
export class MigrationLockTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationLockTimeoutError";
  }
}

interface LockHolder {
  pid: number;
  application_name: string | null;
  backend_start: Date | null;
  state: string | null;
}

// A bigint advisory key is classid (high 32 bits) and objid (low 32 bits), objsubid 1.
const HOLDER_SQL = `SELECT l.pid, a.application_name, a.backend_start, a.state
  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtext($1)::bigint`;

const describeHolder = (h: LockHolder | undefined) =>
  h
    ? `pid ${h.pid} (${h.application_name || "no application_name"}, connected ${h.backend_start?.toISOString() ?? "?"}, ${h.state ?? "?"})`
    : "a session that has just let go";

/**
 * A subgraph's TypeORM DataSource on its own PostgreSQL schema. Migrations are committed and
 * run at start; `synchronize` is never used, so production and tests share one schema history.
 */
export class Database {
  readonly dataSource: DataSource;
  readonly statements = new StatementCounter();

  constructor(private readonly options: DatabaseOptions) {
    this.dataSource = new DataSource({
      type: "postgres",
      url: options.url,
      schema: options.schema,
      entities: options.entities,
      migrations: options.migrations,
      migrationsTableName: "migrations",
      migrationsTransactionMode: "each",
      uuidExtension: "pgcrypto",
      synchronize: false,
      extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 10_000 },
      applicationName: `learnloop-${options.schema}`,
      logger: new CountingLogger(this.statements, options.logger.child({ source: "db" })),
      maxQueryExecutionTime: 1_000,
    });
  }

  async start(): Promise<void> {
    await this.dataSource.initialize();
    try {
      await this.migrate();
    } catch (err) {
      await this.dataSource.destroy(); // a failed start must not leave its pool open
      throw err;
    }
  }

  /**
   * Runs the pending migrations, one starting process at a time per schema (replicas of a rolling
   * update start together; ADR 0029). The lock is a session advisory lock on a connection of its
   * own, outside the pool (which may hold one connection): PostgreSQL drops it if the process dies.
   */
  private async migrate(): Promise<void> {
    // keepAlive: a NAT or load balancer must not drop the lock's idle connection mid-migration.
    // It needs a direct connection: PgBouncer in transaction mode does not keep a session's lock.
    const lock = new Client({
      connectionString: this.options.url,
      application_name: `learnloop-${this.options.schema}-migrations`,
      keepAlive: true,
    });
    lock.on("error", (err) => this.options.logger.warn({ err }, "migration lock connection failed"));
    await lock.connect();
    const key = migrationLockKey(this.options.schema);
    let held = false;
    try {
      // The lock's session idles while migrations run on the pool; a server-wide
      // idle_session_timeout (PostgreSQL 14+) would end it and free the lock. Older servers and
      // PGlite lack the setting: nothing to turn off there.
      await lock.query("SET idle_session_timeout = 0").catch(() => undefined);
      await this.acquireLock(lock, key);
      held = true;
      // TypeORM keeps its migrations table inside the schema, so the schema must exist first.
      await this.dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${this.options.schema}"`);
      const applied = await this.dataSource.runMigrations({ transaction: "each" });
      if (applied.length) this.options.logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
    } finally {
      if (held) await lock.query("SELECT pg_advisory_unlock(hashtext($1))", [key]).catch(() => undefined);
      await lock.end().catch(() => undefined);
    }
  }

  /**
   * pg_try_advisory_lock with backoff until MIGRATION_LOCK_TIMEOUT_MS, not pg_advisory_lock: a hung
   * holder must fail the start with its pid, not block it until the startup probe kills the pod.
   */
  private async acquireLock(lock: Client, key: string): Promise<void> {
    const timeoutMs = this.options.migrationLockTimeoutMs ?? 10 * 60 * 1000;
    const deadline = Date.now() + timeoutMs;
    let delay = 100;
    let reported: number | undefined;
    for (;;) {
      const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS ok", [key]);
      if (rows[0].ok) return;
      const holder = (await lock.query<LockHolder>(HOLDER_SQL, [key])).rows[0];
      if (Date.now() >= deadline)
        throw new MigrationLockTimeoutError(
          `${this.options.schema}: the migration lock ${key} is still held after ${timeoutMs} ms by ${describeHolder(holder)}. ` +
            "Another process is migrating or hung: wait, end that session (pg_terminate_backend), or raise MIGRATION_LOCK_TIMEOUT_MS.",
        );
      if (holder && holder.pid !== reported) {
        reported = holder.pid;
        this.options.logger.info(
          { key, holderPid: holder.pid, holderApplication: holder.application_name },
          "waiting for the migration lock",
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(delay, deadline - Date.now()))));
      delay = Math.min(delay * 2, 5_000);
    }
  }

  /**
   * `SELECT 1` on a pooled connection, false unless it answers within timeoutMs. Both waits are
   * bounded (a stalled network hangs the checkout or the query, not only a stopped server), and a
   * client that timed out is discarded, never returned to the pool with a query still on it.
   */
  async ping(timeoutMs = 2_000): Promise<boolean> {
    const pool = (this.dataSource.driver as unknown as { master?: Pool }).master;
    if (!pool) return false;
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const checkout = pool.connect();
    const timedOut = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
    let client: PoolClient | undefined;
    try {
      const got = await Promise.race([checkout, timedOut]);
      if (got === "timeout") {
        // The checkout may still succeed later: hand that client straight back.
        checkout.then(
          (late) => late.release(),
          () => undefined,
        );
        return false;
      }
      client = got;
      await client.query({ text: "SELECT 1", query_timeout: Math.max(1, deadline - Date.now()) } as QueryConfig);
      client.release();
      return true;
    } catch (err) {
      client?.release(err instanceof Error ? err : true);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
