import { Database } from "@learnloop/kit/internal";
import type { Logger } from "pino";
import { PartnerApiKeys1795000000000 } from "./migrations/1795000000000-partner-api-keys";
import { IdempotencyKeys1797000000000 } from "./migrations/1797000000000-idempotency-keys";

/** The gateway's own PostgreSQL schema (`gateway`): partner API keys and idempotency keys. */
export async function openGatewayDatabase(options: {
  url: string;
  logger: Logger;
  poolSize?: number;
  migrationLockTimeoutMs?: number;
}): Promise<Database> {
  const database = new Database({
    schema: "gateway",
    url: options.url,
    entities: [],
    migrations: [PartnerApiKeys1795000000000, IdempotencyKeys1797000000000],
    poolSize: options.poolSize ?? 4,
    migrationLockTimeoutMs: options.migrationLockTimeoutMs,
    logger: options.logger,
  });
  await database.start();
  return database;
}
