import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { currentRequestId } from "../server/http";
import { ERROR_CODE_PATTERN } from "./app-error";
import type { ErrorCode } from "./codes";

/** Bounds on what one error may carry: an input echoed back must never make an error big. */
export const ERROR_LIMITS = { message: 1_000, properties: 10, constraints: 5, constraintMessage: 200, json: 4_096 } as const; // bytes

// Apollo Server's own refusals are all BAD_REQUEST; their HTTP status says which they are.
const CODE_BY_STATUS: Record<number, ErrorCode> = { 405: "METHOD_NOT_ALLOWED", 406: "NOT_ACCEPTABLE", 415: "UNSUPPORTED_MEDIA_TYPE" };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** At most `max` bytes of UTF-8 (what a client receives), cut on a character boundary. */
const clip = (text: string, max: number) => {
  if (text.length * 3 <= max) return text; // cannot be over: no UTF-16 unit takes more than 3 bytes
  const bytes = encoder.encode(text);
  if (bytes.length <= max) return text;
  // `…` is 3 bytes; a character cut in two decodes to U+FFFD, which is dropped.
  return `${decoder.decode(bytes.subarray(0, max - 3)).replace(/\uFFFD$/, "")}…`;
};

/** A message within ERROR_LIMITS.message, for errors built outside Apollo Server (graphql-ws). */
export const boundedMessage = (message: string) => clip(message, ERROR_LIMITS.message);

export interface PropertyError {
  property: string;
  constraints: Record<string, string>;
}

/**
 * class-validator's errors (type-graphql's ArgumentValidationError) as a short flat list: each
 * failing property's path and messages, never the `target` or `value` (the input itself), at most
 * ERROR_LIMITS.properties of them. Idempotent, so the gateway can apply it to a subgraph's errors.
 */
export function summariseValidationErrors(errors: unknown): PropertyError[] {
  const out: PropertyError[] = [];
  const stack: { node: unknown; prefix: string }[] = Array.isArray(errors) ? errors.map((node) => ({ node, prefix: "" })).reverse() : [];
  let visited = 0;
  while (stack.length && out.length < ERROR_LIMITS.properties && visited++ < 1_000) {
    const { node, prefix } = stack.pop()!;
    if (!node || typeof node !== "object") continue;
    const { property, constraints, children } = node as { property?: unknown; constraints?: unknown; children?: unknown };
    const path = clip(prefix + String(property ?? "?"), ERROR_LIMITS.constraintMessage);
    if (constraints && typeof constraints === "object") {
      const entries = Object.entries(constraints as Record<string, unknown>).slice(0, ERROR_LIMITS.constraints);
      out.push({
        property: path,
        constraints: Object.fromEntries(
          entries.map(([name, message]) => [clip(name, 64), clip(String(message), ERROR_LIMITS.constraintMessage)]),
        ),
      });
    }
    if (Array.isArray(children)) for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], prefix: `${path}.` });
  }
  return out;
}

/** A formatted error within ERROR_LIMITS: a clipped message, validation errors summarised, and only the code if still too big. */
function bounded(error: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = { ...error.extensions };
  if ("validationErrors" in extensions) extensions.validationErrors = summariseValidationErrors(extensions.validationErrors);
  const result = { ...error, message: boundedMessage(error.message), extensions };
  if (JSON.stringify(result).length <= ERROR_LIMITS.json) return result;
  const { code, requestId, service } = extensions;
  return {
    message: result.message,
    path: error.path,
    extensions: { code, ...(requestId !== undefined && { requestId }), ...(service !== undefined && { service }), truncated: true },
  };
}

/** Every error leaves with the request id, also those Apollo Server formats before any plugin runs. */
function withRequestId(error: GraphQLFormattedError): GraphQLFormattedError {
  const requestId = currentRequestId();
  if (!requestId || error.extensions?.requestId !== undefined) return error;
  return { ...error, extensions: { ...error.extensions, requestId } };
}

/**
 * Keeps errors that were thrown on purpose (a GraphQLError with an UPPER_SNAKE code) and
 * masks everything else, so that internals (SQL, stack traces, file paths) never leave.
 */
export function createErrorFormatter(logger: Logger) {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const status = (error as { extensions?: { http?: { status?: number } } } | undefined)?.extensions?.http?.status;
    // Apollo gives every accidental error (a plain Error thrown anywhere) INTERNAL_SERVER_ERROR;
    // any other code was raised on purpose, here or in a subgraph that already masked its own.
    const deliberate = typeof code === "string" && ERROR_CODE_PATTERN.test(code) && code !== "INTERNAL_SERVER_ERROR";
    if (deliberate) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      const precise = code === "BAD_REQUEST" && status !== undefined ? (CODE_BY_STATUS[status] ?? code) : code;
      return { ...formatted, extensions: { ...extensions, code: precise } };
    }
    // Apollo Server's own refusals of a request (a persisted-query hash that does not match its
    // text, ...) carry an HTTP 4xx but no code: they are the client's mistake, in Apollo's words.
    if (typeof status === "number" && status >= 400 && status < 500)
      return { message: formatted.message, locations: formatted.locations, extensions: { code: CODE_BY_STATUS[status] ?? "BAD_REQUEST" } };
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, "unexpected error");
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => bounded(withRequestId(format(formatted, error)));
}
