import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import type { GraphQLFormattedError } from "graphql";
import type { ErrorCode } from "../errors/codes";
import { APPLICATION_JSON, contentTypeOf, GRAPHQL_RESPONSE_JSON, responseMediaType } from "./graphql-response";

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

/**
 * A GraphQL response of errors only, for refusals before Apollo Server answers: in the media type
 * the client accepts (application/json when it accepts neither), with `status` as it stands.
 */
export function sendGraphQLErrors(res: Response, status: number, errors: readonly GraphQLFormattedError[]): void {
  const type = (res.req && responseMediaType(res.req)) ?? APPLICATION_JSON;
  res.status(status).setHeader("content-type", contentTypeOf(type));
  res.send(JSON.stringify({ errors }));
}

/** A GraphQL-shaped error body for failures that happen before GraphQL runs. */
export function sendGraphQLError(
  res: Response,
  status: number,
  code: ErrorCode,
  message: string,
  requestId: string,
  extensions: Record<string, unknown> = {},
): void {
  sendGraphQLErrors(res, status, [{ message, extensions: { ...extensions, code, requestId } }]);
}

const isObjectOrAbsent = (v: unknown) => v === undefined || v === null || (typeof v === "object" && !Array.isArray(v));
const JSON_PARAMS = ["variables", "extensions"] as const;
const GET_PARAMS = ["query", "operationName", ...JSON_PARAMS] as const;
/** Apollo Server's CSRF prevention: a request a browser sends without a preflight needs one of these headers. */
const PREFLIGHT_HEADERS = ["x-apollo-operation-name", "apollo-require-preflight"];
/** What a GraphQL response may be sent in: a single result (graphql-response.ts), or incremental delivery. */
const RESPONSE_TYPES = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, "multipart/mixed"];

const mediaType = (header: string | undefined) => header?.split(";")[0].trim().toLowerCase() || undefined;

/** 405 with an `Allow` header for any other method. */
export function allowMethods(methods: readonly string[], message = `Send ${methods.join(" or ")} requests here.`): RequestHandler {
  return (req, res, next) => {
    if (methods.includes(req.method)) return next();
    res.setHeader("allow", methods.join(", "));
    sendGraphQLError(res, 405, "METHOD_NOT_ALLOWED", message, req.requestId);
  };
}

// The request id of the HTTP request being served, for errors Apollo Server formats before any plugin runs.
const requestScope = new AsyncLocalStorage<string>();
export const currentRequestId = (): string | undefined => requestScope.getStore();

export interface GraphQLRequestShapeOptions {
  methods?: readonly ("GET" | "POST")[];
  /** Apollo Server answers a browser's GET with its landing page (Sandbox): let those through. */
  landingPage?: boolean;
}

/**
 * Refuses a GraphQL-over-HTTP request of the wrong shape before Apollo Server sees it: Apollo's
 * own refusals (method, content type, CSRF, body, search parameters, Accept) happen before any
 * plugin runs, so they would carry neither a precise code nor the request id. It must come right
 * before Apollo's middleware: what runs after it sees the request id through currentRequestId().
 */
export function graphqlRequestShape(options: GraphQLRequestShapeOptions = {}): RequestHandler {
  const methods = allowMethods(options.methods ?? ["GET", "POST"]);
  const check = (req: Request, res: Response): boolean => {
    const fail = (status: number, code: ErrorCode, message: string) => {
      sendGraphQLError(res, status, code, message, req.requestId);
      return false;
    };
    const bad = (message: string) => fail(400, "BAD_REQUEST", message);
    if (req.header("accept") && !req.accepts(RESPONSE_TYPES))
      return fail(406, "NOT_ACCEPTABLE", "Accept application/json or application/graphql-response+json responses.");
    const contentType = mediaType(req.header("content-type"));
    if (req.method === "POST") {
      if (contentType !== "application/json")
        return fail(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request as `Content-Type: application/json`.");
      const body = req.body as Record<string, unknown> | undefined;
      if (Array.isArray(body)) return bad("Batched operations are not supported: send one operation per request.");
      if (!body || typeof body !== "object") return bad("The body must be a JSON object with a `query` (or a persisted query id).");
      if (body.query !== undefined && typeof body.query !== "string") return bad("`query` must be a string.");
      if (body.operationName != null && typeof body.operationName !== "string") return bad("`operationName` must be a string.");
      for (const key of JSON_PARAMS) if (!isObjectOrAbsent(body[key])) return bad(`\`${key}\` must be an object.`);
      return true;
    }
    if (contentType && contentType !== "application/json")
      return fail(415, "UNSUPPORTED_MEDIA_TYPE", "A GET request may have no Content-Type other than application/json.");
    if (!contentType && !PREFLIGHT_HEADERS.some((h) => req.header(h)))
      return fail(
        400,
        "CSRF_PREFLIGHT_REQUIRED",
        `Refused as a possible cross-site request forgery: send a non-empty ${PREFLIGHT_HEADERS.join(" or ")} header, or Content-Type: application/json.`,
      );
    const at = req.originalUrl.indexOf("?");
    const search = new URLSearchParams(at < 0 ? "" : req.originalUrl.slice(at + 1));
    for (const key of GET_PARAMS) if (search.getAll(key).length > 1) return bad(`\`${key}\` may be given only once.`);
    for (const key of JSON_PARAMS) {
      const raw = search.get(key);
      if (raw === null) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return bad(`\`${key}\` must be JSON.`);
      }
      if (!isObjectOrAbsent(parsed)) return bad(`\`${key}\` must be a JSON object.`);
    }
    return true;
  };
  return (req, res, next) =>
    methods(req, res, () => {
      const landing = options.landingPage && req.method === "GET" && req.accepts([...RESPONSE_TYPES, "text/html"]) === "text/html";
      if (landing || check(req, res)) requestScope.run(req.requestId, next);
    });
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
