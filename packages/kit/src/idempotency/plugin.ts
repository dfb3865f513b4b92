import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { ERROR_CODE_PATTERN } from "../errors/app-error";
import type { ErrorCode } from "../errors/codes";
import { requestFingerprint } from "./key";
import type { KeyedMutation, StoredResult } from "./keyed-mutation";

export const IDEMPOTENCY_CODES = {
  REUSED: "IDEMPOTENCY_KEY_REUSED",
  IN_USE: "IDEMPOTENCY_KEY_IN_USE",
  OUTCOME_UNKNOWN: "MUTATION_OUTCOME_UNKNOWN",
} as const satisfies Record<string, ErrorCode>;

const single = (result: StoredResult): GraphQLResponse => ({
  http: { status: undefined, headers: new HeaderMap() },
  body: { kind: "single", singleResult: { ...result } },
});
const errorResponse = (code: ErrorCode, message: string) => single({ data: null, errors: [{ message, extensions: { code } }] });

/** An error the client caused or the resolver raised on purpose: part of the outcome, stored and replayed. */
const deliberate = (e: GraphQLFormattedError) => {
  const code = e.extensions?.code;
  return typeof code === "string" && ERROR_CODE_PATTERN.test(code) && code !== "INTERNAL_SERVER_ERROR";
};

/**
 * Runs a keyed mutation request at most once (ADR 0012). Must come before the plugins that add
 * per-execution extensions (traces) and the request id, so neither is stored.
 */
export function idempotencyPlugin<Ctx extends { idempotency?: KeyedMutation; logger: Logger }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart({ contextValue }) {
      const keyed = contextValue.idempotency;
      if (!keyed) return;
      return {
        async responseForOperation({ operation, request, source }) {
          if (operation.operation !== "mutation") return null; // only mutations are kept; reads run as usual
          try {
            const admission = await keyed.admit(requestFingerprint(source, request.operationName, request.variables));
            if (admission.kind === "run") return null;
            if (admission.kind === "replay") return single(admission.result);
            if (admission.kind === "reused")
              return errorResponse(
                IDEMPOTENCY_CODES.REUSED,
                "This Idempotency-Key was already used for a different request: send a new key for a new request.",
              );
            return errorResponse(
              IDEMPOTENCY_CODES.IN_USE,
              "A request with this Idempotency-Key is still being processed. Retry shortly with the same key.",
            );
          } catch (err) {
            await keyed.release().catch(() => undefined);
            contextValue.logger.error({ err }, "could not check an idempotency key");
            return errorResponse("INTERNAL_SERVER_ERROR", "Internal server error");
          }
        },
        async willSendResponse({ response }) {
          const body = response.body;
          if (body.kind !== "single") return void (await keyed.rollback());
          const { data, errors } = body.singleResult;
          if (errors?.some((e) => !deliberate(e))) {
            // Nothing is kept, so the data that says otherwise must not reach the client either.
            body.singleResult = { data: null, errors };
            return void (await keyed.rollback());
          }
          const result: StoredResult = errors ? { data, errors } : { data };
          try {
            await keyed.commit(result);
          } catch (err) {
            contextValue.logger.error({ err }, "could not commit a keyed mutation");
            // A COMMIT that failed on the wire may still have happened.
            body.singleResult = {
              data: null,
              errors: [
                {
                  message: "The outcome of this mutation is unknown. Retry with the same Idempotency-Key.",
                  extensions: { code: IDEMPOTENCY_CODES.OUTCOME_UNKNOWN },
                },
              ],
            };
          }
        },
      };
    },
  };
}
