import {
  boundedMessage,
  responseMediaType,
  sendGraphQLError,
  sendGraphQLErrors,
  statusForErrors,
  type ErrorCode,
} from "@learnloop/kit/internal";
import type { RequestHandler } from "express";
import { GraphQLError } from "graphql";
import type { OffThreadGraphQL } from "./off-thread-graphql";

/**
 * Before Apollo Server sees an HTTP request, its query text is parsed and validated off the event
 * loop: a valid document is then found in Apollo's document store, and an invalid one is answered
 * here with the errors, media type and status Apollo would give (graphqlResponsePlugin).
 */
export function checkDocumentsOffThread(offThread: OffThreadGraphQL): RequestHandler {
  return async (req, res, next) => {
    // Read a GET's text as Apollo Server does (URLSearchParams): express's own parser stops at 1,000 keys.
    const search = req.url.indexOf("?");
    const query =
      req.method === "GET"
        ? new URLSearchParams(search < 0 ? "" : req.url.slice(search + 1)).get("query")
        : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query !== "string" || !query) return next();
    const type = responseMediaType(req);
    try {
      const result = await offThread.check(query);
      if (result.ok) return next();
      const errors = result.errors.map((e) => ({
        message: boundedMessage(e.message),
        locations: e.locations,
        extensions: { code: result.code, requestId: req.requestId },
      }));
      sendGraphQLErrors(res, statusForErrors(type, 400, [result.code]), errors);
    } catch (err) {
      if (!(err instanceof GraphQLError)) return next(err);
      const http = err.extensions.http as { status: number; headers: Map<string, string> };
      for (const [name, value] of http.headers) res.setHeader(name, value);
      // Made by off-thread-graphql's refusal(), which takes registry codes only.
      const code = err.extensions.code as ErrorCode;
      sendGraphQLError(res, statusForErrors(type, http.status, [code]), code, err.message, req.requestId);
    }
  };
}
