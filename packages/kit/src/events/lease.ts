import { randomUUID } from "node:crypto";

export type Query = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * A named lease in a PostgreSQL table: at most one holder at a time, taken over once it expires.
 * Table rows, not advisory locks, because PGlite serves every client from one backend session.
 */
export class Lease {
  readonly owner = randomUUID();
  private heldUntil = 0;

  constructor(
    private readonly query: Query,
    private readonly table: string,
    readonly name: string,
    private readonly ttlMs = 10_000,
  ) {}

  /** Takes or renews the lease; cheap when a third of it is still left. */
  async acquire(): Promise<boolean> {
    const now = Date.now();
    if (this.heldUntil - now > (this.ttlMs * 2) / 3) return true;
    const rows = await this.query(
      `INSERT INTO ${this.table} (name, owner, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE ${this.table}.owner = EXCLUDED.owner OR ${this.table}.expires_at < now()
       RETURNING owner`,
      [this.name, this.owner, this.ttlMs / 1000],
    );
    this.heldUntil = rows.length ? now + this.ttlMs : 0;
    return rows.length > 0;
  }

  async release(): Promise<void> {
    this.heldUntil = 0;
    await this.query(`DELETE FROM ${this.table} WHERE name = $1 AND owner = $2`, [this.name, this.owner]);
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Exponential backoff with full jitter, capped. */
export function backoff(attempt: number, baseMs: number, maxMs: number): number {
  return Math.round(Math.random() * Math.min(maxMs, baseMs * 2 ** attempt));
}
