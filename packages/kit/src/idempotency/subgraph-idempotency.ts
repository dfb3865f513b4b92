import type { Logger } from "pino";
import type { EntityManager } from "typeorm";
import type { InternalContext } from "../auth/internal-context";
import type { SubgraphEnv } from "../config/env";
import type { Database } from "../db/database";
import { startPeriodic, type BackgroundTask } from "../server/periodic";
import { KeyedMutation, sweepIdempotencyKeys, type IdempotencySettings } from "./keyed-mutation";

/** What a subgraph's server needs for keyed mutations: per-request state and the sweep. */
export interface SubgraphIdempotency {
  /** For one request: the EntityManager its resolvers use, and the keyed mutation if it has a key. */
  forRequest(internal: InternalContext, logger: Logger): { manager: EntityManager; idempotency?: KeyedMutation };
  /** Deletes expired outcomes every TTL/24, at most 10 minutes apart. */
  startSweep(): BackgroundTask;
}

export function subgraphIdempotency(db: Database, schema: string, env: SubgraphEnv, logger: Logger): SubgraphIdempotency {
  const settings: IdempotencySettings = { schema, ttlMs: env.IDEMPOTENCY_TTL_MS, waitMs: env.IDEMPOTENCY_WAIT_MS };
  return {
    forRequest(internal, requestLogger) {
      if (!internal.idempotency) return { manager: db.dataSource.manager };
      const { key, operation } = internal.idempotency;
      const idempotency = new KeyedMutation(db, settings, internal.userId ?? "", key, operation, requestLogger);
      return { manager: idempotency.manager, idempotency };
    },
    startSweep: () =>
      startPeriodic(
        "idempotency-sweep",
        Math.min(Math.max(settings.ttlMs / 24, 1_000), 10 * 60_000),
        async () => void (await sweepIdempotencyKeys(db, schema, settings.ttlMs)),
        logger,
      ),
  };
}
