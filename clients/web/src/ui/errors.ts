import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";
import type { GraphQLFormattedError } from "graphql";

export interface ShownError {
  code: string;
  message: string;
  requestId?: string;
  /** PLAN_REQUIRED: the feature the caller's plan lacks, and the cheapest plan that has it. */
  feature?: string;
  plan?: string;
}

function fromGraphQL(errors: readonly GraphQLFormattedError[], requestId?: string): ShownError[] {
  return errors.map((e) => ({
    code: String(e.extensions?.code ?? "ERROR"),
    message: e.message,
    requestId: typeof e.extensions?.requestId === "string" ? e.extensions.requestId : requestId,
    feature: typeof e.extensions?.feature === "string" ? e.extensions.feature : undefined,
    plan: typeof e.extensions?.plan === "string" ? e.extensions.plan : undefined,
  }));
}

/** The gateway's errors carry `extensions.code` and `extensions.requestId`; HTTP errors also the x-request-id header. */
export function describeError(error: unknown): ShownError[] {
  if (CombinedGraphQLErrors.is(error)) return fromGraphQL(error.errors);
  if (ServerError.is(error)) {
    const requestId = error.response.headers.get("x-request-id") ?? undefined;
    try {
      const body = JSON.parse(error.bodyText) as { errors?: GraphQLFormattedError[] };
      if (body.errors?.length) return fromGraphQL(body.errors, requestId);
    } catch {
      // not JSON: fall through to the status
    }
    return [{ code: `HTTP_${error.statusCode}`, message: error.message, requestId }];
  }
  return [{ code: "NETWORK_ERROR", message: error instanceof Error ? error.message : String(error) }];
}
