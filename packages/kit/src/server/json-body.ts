import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import express, { type RequestHandler } from "express";
import { sendGraphQLError } from "./http";

export interface JsonBodyOptions {
  /** body-parser's limit, e.g. "100kb". */
  limit: string;
}

/**
 * express.json that refuses a UTF-8 body with invalid bytes (400 BAD_REQUEST) instead of decoding
 * them to U+FFFD, which would silently change what the client sent. body-parser answers a
 * throwing `verify` with 403, so `verify` only marks the request and the refusal comes after.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const notUtf8 = new WeakSet<IncomingMessage>();
  const parse = express.json({
    limit: options.limit,
    verify: (req, _res, buf, encoding) => {
      if (encoding === "utf-8" && !isUtf8(buf)) notUtf8.add(req);
    },
  });
  return (req, res, next) =>
    parse(req, res, (err?: unknown) => {
      if (notUtf8.has(req)) return sendGraphQLError(res, 400, "BAD_REQUEST", "The request body is not valid UTF-8.", req.requestId);
      next(err);
    });
}
