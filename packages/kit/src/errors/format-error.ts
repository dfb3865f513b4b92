import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { ERROR_CODE_PATTERN } from "./app-error";

/** Codes Apollo Server itself assigns to client mistakes; their messages are safe to return. */
const CLIENT_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Keeps errors that were thrown on purpose (a GraphQLError with an UPPER_SNAKE code) and
 * masks everything else, so that internals (SQL, stack traces, file paths) never leave.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    const deliberate =
      original instanceof GraphQLError &&
      typeof code === "string" &&
      ERROR_CODE_PATTERN.test(code) &&
      code !== "INTERNAL_SERVER_ERROR" &&
      (CLIENT_CODES.has(code) || !(original.originalError && !(original.originalError instanceof GraphQLError)));
    if (deliberate) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, path: formatted.path }, "unexpected error");
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
