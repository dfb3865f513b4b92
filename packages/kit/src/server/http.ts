import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";

export const REQUEST_ID_HEADER = "x-request-id";
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

declare module "express-serve-static-core" {
  interface Request {
    requestId: string;
  }
}

/** Every response carries a request id: the caller's, if well-formed, or a new one. */
export function requestId(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.header(REQUEST_ID_HEADER);
    req.requestId = given && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, req.requestId);
    next();
  };
}

/** A GraphQL-shaped error body for failures that happen before GraphQL runs. */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: string,
  message: string,
  requestId: string,
  extensions: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type("application/json")
    .send(JSON.stringify({ errors: [{ message, extensions: { ...extensions, code, requestId } }] }));
}

const isObjectOrAbsent = (v: unknown) => v === undefined || v === null || (typeof v === "object" && !Array.isArray(v));
const JSON_PARAMS = ["variables", "extensions"] as const;

/**
 * Refuses a GraphQL-over-HTTP request of the wrong shape before Apollo Server sees it: Apollo's
 * own refusals happen before any plugin runs, so they would reach the client without a request id.
 */
export function graphqlRequestShape(): RequestHandler {
  return (req, res, next) => {
    const bad = (message: string) => sendGraphQLError(res, 400, "BAD_REQUEST", message, req.requestId);
    if (req.method === "POST") {
      const body = req.body as Record<string, unknown> | undefined;
      if (Array.isArray(body)) return bad("Batched operations are not supported: send one operation per request.");
      if (!body || typeof body !== "object") return next(); // not JSON: Apollo answers with its content-type rules
      if (body.query !== undefined && typeof body.query !== "string") return bad("`query` must be a string.");
      if (body.operationName != null && typeof body.operationName !== "string") return bad("`operationName` must be a string.");
      for (const key of JSON_PARAMS) if (!isObjectOrAbsent(body[key])) return bad(`\`${key}\` must be an object.`);
    } else if (req.method === "GET") {
      for (const key of JSON_PARAMS) {
        const raw = req.query[key];
        if (raw === undefined) continue;
        let parsed: unknown;
        try {
          parsed = typeof raw === "string" ? JSON.parse(raw) : undefined;
        } catch {
          return bad(`\`${key}\` must be JSON.`);
        }
        if (!isObjectOrAbsent(parsed)) return bad(`\`${key}\` must be a JSON object.`);
      }
    }
    next();
  };
}

/** Turns body-parser failures (oversized or malformed bodies) into clear GraphQL errors. */
export function httpErrorHandler(onUnexpected: (err: unknown) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: string }).type;
    const id = req.requestId ?? randomUUID();
    if (type === "entity.too.large") return sendGraphQLError(res, 413, "PAYLOAD_TOO_LARGE", "The request body is too large.", id);
    if (type === "entity.parse.failed") return sendGraphQLError(res, 400, "BAD_REQUEST", "The request body is not valid JSON.", id);
    if (type === "encoding.unsupported" || type === "charset.unsupported")
      return sendGraphQLError(res, 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported body encoding.", id);
    // Other refusals of the request itself (a corrupt compressed body, a body cut short, a wrong length).
    const status = (err as { status?: number; expose?: boolean }).status;
    if ((err as { expose?: boolean }).expose && typeof status === "number" && status >= 400 && status < 500)
      return sendGraphQLError(res, status, "BAD_REQUEST", "The request body could not be read.", id);
    onUnexpected(err);
    return sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error", id);
  };
}

/** Stamps the request id onto every GraphQL error, so a user's report leads straight to the logs. */
export function requestIdPlugin<Ctx extends { requestId: string }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
            ...e,
            extensions: { ...e.extensions, requestId: contextValue.requestId },
          }));
        },
      };
    },
  };
}
