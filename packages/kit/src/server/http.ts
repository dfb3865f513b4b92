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
