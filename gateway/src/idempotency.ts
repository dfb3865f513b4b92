import type { ApolloServerPlugin } from "@apollo/server";
import {
  IDEMPOTENCY_CODES,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_RULE,
  isIdempotencyKey,
  sendGraphQLError,
  type ErrorCode,
} from "@learnloop/kit/internal";
import type { RequestHandler } from "express";
import { GraphQLError } from "graphql";
import type { GatewayContext } from "./context";

export const INVALID_IDEMPOTENCY_KEY: ErrorCode = "INVALID_IDEMPOTENCY_KEY";
export const INVALID_IDEMPOTENCY_KEY_MESSAGE = `Idempotency-Key must be ${IDEMPOTENCY_KEY_RULE}.`;

/** A malformed Idempotency-Key is refused before anything runs: a key the client cannot reuse protects nothing. */
export function wellFormedIdempotencyKey(): RequestHandler {
  return (req, res, next) => {
    const key = req.header(IDEMPOTENCY_KEY_HEADER);
    if (key !== undefined && !isIdempotencyKey(key))
      return sendGraphQLError(res, 400, INVALID_IDEMPOTENCY_KEY, INVALID_IDEMPOTENCY_KEY_MESSAGE, req.requestId);
    res.locals.idempotencyKey = key;
    next();
  };
}

const STATUS: Record<string, number> = { [IDEMPOTENCY_CODES.REUSED]: 422, [IDEMPOTENCY_CODES.IN_USE]: 409 };

/**
 * The subgraphs answer 200 with the code (the gateway masks non-2xx); the edge gives the draft's
 * statuses. A 422 says nothing was applied, so when a subgraph refused the key after another part
 * of the operation committed (the gateway keeps no record without DATABASE_URL), the answer is a
 * 200: `data` stays as GraphQL's non-null rules make it, and the response's `extensions.applied`
 * holds the root fields that committed, as their subgraphs answered.
 */
export function idempotencyStatusPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single") return;
          const applied = contextValue.idempotencyRefused ? contextValue.appliedMutations : undefined;
          if (applied && Object.keys(applied).length) {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, applied };
            return;
          }
          const status = response.body.singleResult.errors?.map((e) => STATUS[String(e.extensions?.code)]).find(Boolean);
          if (status) response.http.status = status;
        },
      };
    },
  };
}

/**
 * The gateway sent a mutation and got no answer: it may have been applied, or not. Only a retry
 * with the same key is safe, so the client is told which key to reuse.
 */
export function mutationOutcomeUnknown(service: string, idempotencyKey: string | undefined): GraphQLError {
  const advice = idempotencyKey
    ? "Retry with the same Idempotency-Key: it is applied at most once."
    : "Check its effect before retrying, or send it with an Idempotency-Key so a retry is safe.";
  return new GraphQLError(`The ${service} service did not answer, so this mutation may or may not have been applied. ${advice}`, {
    extensions: { code: IDEMPOTENCY_CODES.OUTCOME_UNKNOWN, service, ...(idempotencyKey ? { idempotencyKey } : {}) },
  });
}

/** System errors that mean the request never left: nothing can have been applied. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
export const requestWasNotSent = (error: Error) => NOT_SENT.has(String((error as { code?: string }).code));
