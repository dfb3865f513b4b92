import type { ApolloServerPlugin } from "@apollo/server";
import type { Request } from "express";
import type { ErrorCode } from "../errors/codes";

/**
 * How a GraphQL response goes over HTTP (GraphQL over HTTP, "Response"): which media type it is
 * sent in, and which status a refused request gets in that media type. The early refusals
 * (sendGraphQLError, the gateway's off-thread checker) and Apollo Server's responses (the plugin
 * below) all decide here. ADR 0017.
 */
export const APPLICATION_JSON = "application/json";
export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
export type GraphQLMediaType = typeof APPLICATION_JSON | typeof GRAPHQL_RESPONSE_JSON;
const MEDIA_TYPES: GraphQLMediaType[] = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON];

/**
 * The media type a GraphQL response to this request is sent in, or undefined when its Accept
 * header allows neither. No Accept header, or one that takes any type, means application/json:
 * the spec's legacy rule, and Apollo Server's choice (express negotiates with the same library,
 * `negotiator`, over the types in the same order).
 */
export function responseMediaType(req: Pick<Request, "accepts" | "header">): GraphQLMediaType | undefined {
  if (!req.header("accept")) return APPLICATION_JSON;
  return (req.accepts(MEDIA_TYPES) || undefined) as GraphQLMediaType | undefined;
}

/** The Content-Type header for a response in this media type. */
export const contentTypeOf = (type: GraphQLMediaType) => `${type}; charset=utf-8`;

/**
 * GraphQL request errors that a well-formed request raises by what it asks (its document,
 * operation name or variables) before anything runs: the document does not parse or validate,
 * is over a limit (the spec's "additional validation rules"), names no operation to run, or its
 * variables do not coerce (or carry a NUL). Refusals for other reasons (who asks, how often, load,
 * idempotency keys, a request that is not well-formed) are not among them.
 */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "QUERY_TOO_DEEP",
  "TOO_MANY_ALIASES",
  "QUERY_TOO_COMPLEX",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_USER_INPUT",
]);

/**
 * The status for a response without `data` that would otherwise have `status`. In
 * application/json a request error of a well-formed request is a 200: a client cannot tell a 4xx
 * in that media type from an intermediary's, so only a 200 says the body is a GraphQL response.
 * In application/graphql-response+json the 4xx stays, as the spec asks.
 */
export function statusForErrors(type: GraphQLMediaType | undefined, status: number, codes: readonly unknown[]): number {
  const requestError = codes.length > 0 && codes.every((code) => typeof code === "string" && REQUEST_ERROR_CODES.has(code));
  return type === APPLICATION_JSON && status >= 400 && status < 500 && requestError ? 200 : status;
}

/**
 * Gives Apollo Server's HTTP responses the media type and status decided here. The context
 * carries the request's media type (responseMediaType); without one (graphql-ws, executeOperation)
 * nothing changes. Install it last: it reads the status other plugins set.
 */
export function graphqlResponsePlugin<Ctx extends { responseMediaType?: GraphQLMediaType }>(): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const type = contextValue.responseMediaType;
          if (!type || response.body.kind !== "single") return;
          response.http.headers.set("content-type", contentTypeOf(type));
          const { data, errors } = response.body.singleResult;
          if (data !== undefined || !errors?.length) return;
          const status = response.http.status ?? 200;
          response.http.status = statusForErrors(
            type,
            status,
            errors.map((e) => e.extensions?.code),
          );
        },
      };
    },
  };
}
