import type { ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import {
  IDEMPOTENCY_CODES,
  requestFingerprint,
  runInBackground,
  startPeriodic,
  type BackgroundTask,
  type Database,
} from "@learnloop/kit/internal";
import type { Logger } from "pino";
import type { GatewayContext } from "./context";
import { refusal } from "./off-thread/off-thread-graphql";

/** One client operation's fingerprint (`iop`): its document hash, operation name and variables. */
export const operationFingerprint = (incoming: {
  queryHash?: string;
  source?: string;
  request: Pick<GraphQLRequestContext<GatewayContext>["request"], "operationName" | "variables">;
}) => requestFingerprint(incoming.queryHash ?? incoming.source ?? "", incoming.request.operationName, incoming.request.variables);

export const KEY_REUSED_MESSAGE = "This Idempotency-Key was already used for a different request: send a new key for a new request.";

/**
 * Which operation each (user, Idempotency-Key) belongs to, in the gateway's schema. The subgraphs
 * each see only their own fetches; only here is one key bound to one whole operation (ADR 0012).
 */
export class IdempotencyRecords {
  constructor(
    private readonly database: Database,
    private readonly ttlMs: number,
  ) {}

  /**
   * Binds the key to `operation` unless a live record binds it to another; true when it is ours.
   * The primary key decides between concurrent first uses, and ON CONFLICT DO UPDATE returns the
   * winner's row even when it committed after this statement began. An expired record is replaced.
   */
  async claim(scope: string, key: string, operation: string): Promise<boolean> {
    const rows: { operation_hash: string }[] = await this.database.dataSource.query(
      `INSERT INTO gateway.idempotency_keys AS k (scope, key, operation_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO UPDATE SET
         operation_hash = CASE WHEN k.created_at <= now() - $4::interval THEN EXCLUDED.operation_hash ELSE k.operation_hash END,
         created_at = CASE WHEN k.created_at <= now() - $4::interval THEN now() ELSE k.created_at END
       RETURNING operation_hash`,
      [scope, key, operation, `${this.ttlMs} milliseconds`],
    );
    return rows[0]?.operation_hash === operation;
  }

  /** Deletes expired records, a bounded batch per statement. */
  async sweep(batch = 1_000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, count]: [unknown, number] = await this.database.dataSource.query(
        `DELETE FROM gateway.idempotency_keys WHERE ctid IN (
           SELECT ctid FROM gateway.idempotency_keys WHERE created_at <= now() - $1::interval LIMIT $2)`,
        [`${this.ttlMs} milliseconds`, batch],
      );
      total += count;
      if (count < batch) return total;
    }
  }

  /** As the subgraphs do: every TTL/24, at most 10 minutes apart. */
  startSweep(logger: Logger): BackgroundTask {
    const every = Math.min(Math.max(this.ttlMs / 24, 1_000), 10 * 60_000);
    return startPeriodic("gateway-idempotency-sweep", every, () => runInBackground(async () => void (await this.sweep())), logger);
  }
}

/**
 * A keyed mutation is bound to its key before any fetch: another operation under a live key is
 * refused (422) with nothing sent to any subgraph. graphql-ws mutations pass here too (runOperation).
 */
export function idempotencyRecordPlugin(records: IdempotencyRecords, logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const { operation, contextValue } = requestContext;
          const key = contextValue.idempotencyKey;
          if (operation?.operation !== "mutation" || !key) return;
          let ours: boolean;
          try {
            ours = await records.claim(contextValue.viewer?.userId ?? "", key, operationFingerprint(requestContext));
          } catch (err) {
            logger.error({ err, requestId: contextValue.requestId }, "could not record an idempotency key");
            // Unrecorded, a reuse could not be told apart: refuse, and nothing has been applied.
            throw refusal("SERVICE_UNAVAILABLE", "Idempotency keys cannot be checked right now. Try again shortly with the same key.", 503);
          }
          if (!ours) throw refusal(IDEMPOTENCY_CODES.REUSED, KEY_REUSED_MESSAGE, 422);
        },
      };
    },
  };
}
