import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import {
  allowMethods,
  continueTrace,
  graphqlRequestShape,
  jsonBody,
  responseMediaType,
  sendGraphQLError,
  type ErrorCode,
} from "@learnloop/kit/internal";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { bearerCredential } from "../auth";
import type { GatewayContext } from "../context";
import type { ApiKeyRecord, ApiKeyStore } from "./api-key-store";
import type { PartnerOperation } from "./scopes";
import { sendRateLimited, setRateLimitHeaders } from "../rate-limit/rate-limits";
import type { LimiterStore } from "../rate-limit/store";

export const PARTNER_PATH = "/partner/graphql";

export interface PartnerEndpointOptions {
  keys: ApiKeyStore;
  operations: ReadonlyMap<string, PartnerOperation>;
  bodyLimit: string;
  /** Failed key checks one client address may make a minute before it is refused unchecked. */
  authFailuresPerMinute: number;
  /** The gateway's rate-limit store: Redis when set, so a key's rate holds across replicas (ADR 0025). */
  limiters: LimiterStore;
  logger: Logger;
}

interface PartnerLocals {
  partnerKey: ApiKeyRecord;
}

const AUTH_HINT = "Send your partner API key as `Authorization: Bearer llp_...`.";

/**
 * /partner/graphql: the same supergraph as /graphql, under other rules. A key is checked and
 * charged before anything is parsed; only operations of the partner manifest run, by id, as an
 * anonymous caller; no query text, no introspection, no Sandbox.
 */
export function partnerEndpoint(server: ApolloServer<GatewayContext>, options: PartnerEndpointOptions): RequestHandler[] {
  const { keys, operations, logger } = options;
  // Each key's window, and each address's failed checks, in their own keyspace of the shared store.
  const keyRate = (perMinute: number) => options.limiters.limiter("partner:key", perMinute, 60);
  const failures = options.limiters.limiter("partner:auth-failures", options.authFailuresPerMinute, 60);

  const onlyPost = allowMethods(["POST"], "The partner endpoint takes POST requests carrying a persisted operation id.");

  const authenticate: RequestHandler = async (req, res, next) => {
    const presented = bearerCredential(req.header("authorization"));
    const unauthenticated = (message: string) => {
      res.setHeader("www-authenticate", 'Bearer realm="learnloop-partner"');
      sendGraphQLError(res, 401, "UNAUTHENTICATED", message, req.requestId);
    };
    // Guessing costs a database read: an address that keeps failing waits before it may try again.
    const address = `ip:${req.ip ?? "unknown"}`;
    const blocked = await failures.peek(address);
    if (!blocked.allowed) return sendRateLimited(res, req.requestId, blocked, "Too many failed key checks from this address");
    const failed = async (message: string) => {
      await failures.consume(address);
      unauthenticated(message);
    };
    if (!presented) return failed(AUTH_HINT);
    let verified;
    try {
      verified = await keys.verify(presented);
    } catch (err) {
      logger.error({ err, requestId: req.requestId }, "partner key lookup failed");
      return sendGraphQLError(
        res,
        503,
        "SERVICE_UNAVAILABLE",
        "Partner keys cannot be checked right now. Try again shortly.",
        req.requestId,
      );
    }
    if (!verified.ok) return failed(verified.message);
    (res.locals as PartnerLocals).partnerKey = verified.key;
    next();
  };

  const rateLimit: RequestHandler = async (req, res, next) => {
    const key = (res.locals as PartnerLocals).partnerKey;
    const d = await keyRate(key.ratePerMinute).consume(key.id);
    if (!d.allowed) return sendRateLimited(res, req.requestId, d, `This key may make ${key.ratePerMinute} requests a minute`);
    setRateLimitHeaders(res, d);
    next();
  };

  const persistedOnly: RequestHandler = (req, res, next) => {
    const body = (req.body ?? {}) as {
      query?: unknown;
      operationName?: unknown;
      variables?: unknown;
      extensions?: Record<string, unknown>;
    };
    const fail = (status: number, code: ErrorCode, message: string, extensions?: Record<string, unknown>) =>
      sendGraphQLError(res, status, code, message, req.requestId, extensions);
    const persisted = body.extensions?.persistedQuery as { version?: unknown; sha256Hash?: unknown } | undefined;
    const hash = persisted?.sha256Hash;
    if (body.query !== undefined || typeof hash !== "string")
      return fail(
        400,
        "PERSISTED_QUERY_REQUIRED",
        "The partner endpoint runs persisted operations only: send extensions.persistedQuery.sha256Hash and no query text.",
      );
    if (persisted!.version !== 1) return fail(400, "BAD_REQUEST", "Unsupported persisted query version: send version 1.");
    const op = operations.get(hash.toLowerCase());
    if (!op) return fail(400, "PERSISTED_QUERY_NOT_FOUND", "No partner operation has that id; see docs/partners.md for the list.");
    const key = (res.locals as PartnerLocals).partnerKey;
    const missing = op.scopes.filter((s) => !key.scopes.includes(s));
    if (missing.length)
      return fail(403, "FORBIDDEN", `${op.name} needs the scope ${missing.join(", ")}, which this key lacks.`, {
        requiredScopes: op.scopes,
        missingScopes: missing,
      });
    if (body.operationName != null && body.operationName !== op.name)
      return fail(400, "BAD_REQUEST", `That id is the operation ${op.name}, not ${String(body.operationName)}.`);
    // Apollo refuses a `variables` key that is present but undefined: pass it only when sent.
    req.body = { query: op.body, operationName: op.name, ...(body.variables != null && { variables: body.variables }) };
    logger.debug({ requestId: req.requestId, partnerKey: key.id, operation: op.name }, "partner operation");
    next();
  };

  return [
    onlyPost,
    authenticate,
    rateLimit,
    jsonBody({ limit: options.bodyLimit }),
    graphqlRequestShape({ methods: ["POST"] }),
    persistedOnly,
    expressMiddleware(server, {
      context: async ({ req, res }) => ({
        requestId: req.requestId,
        viewer: null,
        // A partner key grants its scopes to persisted operations, never a role.
        roles: [],
        clientId: `partner:${(res.locals as PartnerLocals).partnerKey.id}`,
        traceparent: continueTrace(req.header("traceparent")),
        responseMediaType: responseMediaType(req),
      }),
    }),
  ];
}
