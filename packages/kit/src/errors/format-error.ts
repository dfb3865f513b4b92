import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "pino";
import { ERROR_CODE_PATTERN } from "./app-error";

/**
 * Keeps errors that were thrown on purpose (a GraphQLError with an UPPER_SNAKE code) and
 * masks everything else, so that internals (SQL, stack traces, file paths) never leave.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // Apollo gives every accidental error (a plain Error thrown anywhere) INTERNAL_SERVER_ERROR;
    // any other code was raised on purpose, here or in a subgraph that already masked its own.
    const deliberate = typeof code === "string" && ERROR_CODE_PATTERN.test(code) && code !== "INTERNAL_SERVER_ERROR";
    if (deliberate) {
      const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    // Apollo Server's own refusals of a request (a persisted-query hash that does not match its
    // text, ...) carry an HTTP 4xx but no code: they are the client's mistake, in Apollo's words.
    const status = (error as { extensions?: { http?: { status?: number } } } | undefined)?.extensions?.http?.status;
    if (typeof status === "number" && status >= 400 && status < 500)
      return { message: formatted.message, locations: formatted.locations, extensions: { code: "BAD_REQUEST" } };
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, "unexpected error");
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
