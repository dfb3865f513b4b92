import type { Database } from "@learnloop/kit/internal";
import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import { openGatewayDatabase } from "../database";
import { generateApiKey, parseApiKey, secretMatches } from "./api-key";

export interface ApiKeyRecord {
  id: string;
  name: string;
  scopes: string[];
  ratePerMinute: number;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export type Verified = { ok: true; key: ApiKeyRecord } | { ok: false; message: string };

interface Row {
  id: string;
  name: string;
  secret_sha256: Buffer;
  scopes: string[];
  rate_per_minute: number;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const toRecord = (r: Row): ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  ratePerMinute: r.rate_per_minute,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

/**
 * Partner API keys in the gateway's own PostgreSQL schema (`gateway`). Verified keys are cached for
 * `cacheMs`, so a revocation or expiry takes effect within that time on every replica.
 */
export class ApiKeyStore {
  /** Off when `cacheMs` is 0 (every request reads its key). */
  private readonly cache?: LRUCache<string, { row: Row | null }>;

  /** On the gateway's database, which its owner closes. */
  constructor(
    readonly database: Database,
    cacheMs: number,
    private readonly logger: Logger,
  ) {
    if (cacheMs > 0) this.cache = new LRUCache({ max: 10_000, ttl: cacheMs });
  }

  /** Opens its own connection to the gateway's database (the keys CLI); close() closes it. */
  static async open(options: { url: string; logger: Logger; cacheMs?: number; poolSize?: number }): Promise<ApiKeyStore> {
    const database = await openGatewayDatabase(options);
    return new ApiKeyStore(database, options.cacheMs ?? 10_000, options.logger);
  }

  async create(input: {
    name: string;
    scopes: string[];
    ratePerMinute: number;
    expiresAt?: Date;
  }): Promise<{ key: string; record: ApiKeyRecord }> {
    const fresh = generateApiKey();
    const [row] = (await this.database.dataSource.query(
      `INSERT INTO gateway.partner_api_keys (id, name, secret_sha256, scopes, rate_per_minute, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [fresh.id, input.name, fresh.secretSha256, input.scopes, input.ratePerMinute, input.expiresAt ?? null],
    )) as Row[];
    return { key: fresh.key, record: toRecord(row) };
  }

  async list(): Promise<ApiKeyRecord[]> {
    const rows = (await this.database.dataSource.query(`SELECT * FROM gateway.partner_api_keys ORDER BY created_at, id`)) as Row[];
    return rows.map(toRecord);
  }

  /** True when the key existed and was not already revoked. */
  async revoke(id: string): Promise<boolean> {
    const [, affected] = (await this.database.dataSource.query(
      `UPDATE gateway.partner_api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    )) as [unknown, number];
    this.cache?.delete(id);
    return affected > 0;
  }

  async verify(presented: string, now = new Date()): Promise<Verified> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, message: "That is not a Learnloop partner API key." };
    const row = await this.row(parsed.id);
    // One message for unknown and wrong secret: the id alone must not be confirmable.
    if (!row || !secretMatches(parsed.secret, row.secret_sha256)) return { ok: false, message: "The API key is not valid." };
    if (row.revoked_at) return { ok: false, message: "The API key has been revoked." };
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return { ok: false, message: "The API key has expired." };
    this.touch(row, now.getTime());
    return { ok: true, key: toRecord(row) };
  }

  /** The key's row, or null when there is none; both are cached, so guessing ids costs one read per id and TTL. */
  private async row(id: string): Promise<Row | null> {
    const hit = this.cache?.get(id);
    if (hit) return hit.row;
    const rows = (await this.database.dataSource.query(`SELECT * FROM gateway.partner_api_keys WHERE id = $1`, [id])) as Row[];
    const found = rows[0] ?? null;
    this.cache?.set(id, { row: found });
    return found;
  }

  /** Records use after the secret matched, at most once a minute per key, off the request's path. */
  private touch(row: Row, now: number): void {
    if (row.last_used_at && now - row.last_used_at.getTime() < 60_000) return;
    row.last_used_at = new Date(now);
    this.database.dataSource
      .query(`UPDATE gateway.partner_api_keys SET last_used_at = now() WHERE id = $1`, [row.id])
      .catch((err: unknown) => this.logger.warn({ err, partnerKey: row.id }, "could not record a partner key's use"));
  }

  close(): Promise<void> {
    return this.database.stop();
  }
}
