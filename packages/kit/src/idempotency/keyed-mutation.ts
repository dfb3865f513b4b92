import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import type { EntityManager, QueryRunner } from "typeorm";
import type { Database } from "../db/database";

/** A first outcome as stored: what the subgraph answered, minus per-execution extensions (traces). */
export interface StoredResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export type Admission =
  /** Run the mutation; its effects and this record commit together in finish(). */
  | { kind: "run" }
  /** This request already ran under this key: answer what it answered, apply nothing. */
  | { kind: "replay"; result: StoredResult }
  /** The key was used for another operation (other document or variables). */
  | { kind: "reused" }
  /** Another attempt with this key is still running and did not finish within the wait. */
  | { kind: "in-use" };

export interface IdempotencySettings {
  schema: string;
  /** How long a key's outcome is kept (IDEMPOTENCY_TTL_MS). */
  ttlMs: number;
  /** How long a retry waits for an attempt in flight before IDEMPOTENCY_KEY_IN_USE (IDEMPOTENCY_WAIT_MS). */
  waitMs: number;
}

const LOCK_NOT_AVAILABLE = "55P03";

/**
 * One keyed mutation request: a transaction on one connection, which the resolvers use through
 * `manager` (their own `manager.transaction()` calls become savepoints in it). It is opened on
 * admit(), which serialises attempts with the same caller and key on a transaction-scoped advisory
 * lock, and closed on finish(): the response is stored and committed with the mutation's effects
 * and outbox events, or everything is rolled back.
 */
export class KeyedMutation {
  private readonly runner: QueryRunner;
  private state: "idle" | "running" | "done" = "idle";
  private requestHash = "";

  constructor(
    db: Database,
    private readonly settings: IdempotencySettings,
    /** The caller's user id; anonymous callers share the scope "" (see ADR 0012). */
    private readonly scope: string,
    private readonly key: string,
    /** The gateway operation's fingerprint, from the signed context. */
    private readonly operation: string,
    private readonly logger: Logger,
  ) {
    this.runner = db.dataSource.createQueryRunner(); // takes a connection only when first used
  }

  get manager(): EntityManager {
    return this.runner.manager;
  }

  private get table() {
    return `"${this.settings.schema}"."idempotency_keys"`;
  }

  async admit(requestHash: string): Promise<Admission> {
    this.requestHash = requestHash;
    const q = this.runner;
    await q.startTransaction();
    this.state = "running";
    try {
      const [{ previous }] = await q.query(`SELECT current_setting('lock_timeout') AS previous`);
      await q.query(`SELECT set_config('lock_timeout', $1, true)`, [`${this.settings.waitMs}ms`]);
      // A concurrent attempt with this key holds the lock until it commits or rolls back.
      await q.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${this.settings.schema} ${this.scope} ${this.key}`]);
      await q.query(`SELECT set_config('lock_timeout', $1, true)`, [previous]);
      const ttl = `${this.settings.ttlMs} milliseconds`;
      // An expired record is as good as none, even before the sweep removes it.
      await q.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2 AND created_at <= now() - $3::interval`, [
        this.scope,
        this.key,
        ttl,
      ]);
      const rows: { request_hash: string; operation_hash: string; response: string }[] = await q.query(
        `SELECT request_hash, operation_hash, response FROM ${this.table} WHERE scope = $1 AND key = $2`,
        [this.scope, this.key],
      );
      if (rows.some((r) => r.operation_hash !== this.operation)) return await this.close("reused");
      const same = rows.find((r) => r.request_hash === requestHash);
      if (same) {
        await this.close();
        return { kind: "replay", result: JSON.parse(same.response) as StoredResult };
      }
      return { kind: "run" };
    } catch (err) {
      if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) return await this.close("in-use");
      await this.close();
      throw err;
    }
  }

  /** Stores and commits a result the caller may see again; throws if the outcome cannot be known. */
  async commit(result: StoredResult): Promise<void> {
    if (this.state !== "running") return this.release();
    this.state = "done";
    try {
      await this.runner.query(
        `INSERT INTO ${this.table} (scope, key, request_hash, operation_hash, response) VALUES ($1, $2, $3, $4, $5)`,
        [this.scope, this.key, this.requestHash, this.operation, JSON.stringify(result)],
      );
      await this.runner.commitTransaction();
    } catch (err) {
      await this.runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await this.release();
    }
  }

  /** Undoes everything the request did; a retry with the key runs again. */
  async rollback(): Promise<void> {
    if (this.state === "running") {
      this.state = "done";
      await this.runner.rollbackTransaction().catch((err) => this.logger.warn({ err }, "rollback of a keyed mutation failed"));
    }
    await this.release();
  }

  private async close<K extends "reused" | "in-use">(kind?: K): Promise<{ kind: K }> {
    await this.rollback();
    return { kind: kind! };
  }

  async release(): Promise<void> {
    if (!this.runner.isReleased) await this.runner.release();
  }
}

/** Deletes outcomes older than the TTL, a bounded batch per statement so no sweep holds locks for long. */
export async function sweepIdempotencyKeys(db: Database, schema: string, ttlMs: number, batch = 1_000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, count]: [unknown, number] = await db.dataSource.query(
      `DELETE FROM "${schema}"."idempotency_keys" WHERE ctid IN (
         SELECT ctid FROM "${schema}"."idempotency_keys" WHERE created_at <= now() - $1::interval LIMIT $2)`,
      [`${ttlMs} milliseconds`, batch],
    );
    total += count;
    if (count < batch) return total;
  }
}
