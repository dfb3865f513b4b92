/**
 * The one registry of error codes (`extensions.code`): what each means and, when it refuses a whole
 * HTTP request, the status it comes with. docs/errors.md is generated from it (`npm run compose`),
 * and tests/conventions fails on a code used in the code but missing here, or listed here but used
 * nowhere. GraphQL request errors of a well-formed request are a 200 in `application/json` and
 * keep their 4xx in `application/graphql-response+json` (ADR 0017).
 */
export const ERROR_CODES = {
  // The request itself, before GraphQL runs (the kit's graphqlRequestShape, body parsing, Node's parser).
  BAD_REQUEST: { status: 400, meaning: "The HTTP request is malformed: its body, parameters or persisted-query extension cannot be used." },
  METHOD_NOT_ALLOWED: { status: 405, meaning: "The endpoint does not take this HTTP method; the `Allow` header names those it does." },
  NOT_ACCEPTABLE: { status: 406, meaning: "The Accept header allows neither application/json nor application/graphql-response+json." },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: "The body is not `application/json`, or in an encoding the server does not read." },
  CSRF_PREFLIGHT_REQUIRED: {
    status: 400,
    meaning: "A GET without a JSON content type or a preflight header: refused as a possible cross-site request forgery.",
  },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: "The request body (or its chunk extensions) is over the limit." },
  REQUEST_HEADER_FIELDS_TOO_LARGE: { status: 431, meaning: "The request's headers are over Node's limit." },
  REQUEST_TIMEOUT: { status: 408, meaning: "The request was not received in time." },
  NOT_FOUND: {
    status: 404,
    meaning: "No such route (404); in a result, the thing asked for does not exist or is hidden from the caller (a private profile).",
  },
  INTERNAL_SERVER_ERROR: { status: 500, meaning: "Anything not raised on purpose; the details are logged, never sent." },

  // Who asks.
  UNAUTHENTICATED: { status: 401, meaning: "No valid session token, partner key or internal context; in a result, sign in first." },
  FORBIDDEN: { status: 403, meaning: "The caller is known but may not do or see this (another user's data, a missing partner scope)." },
  PLAN_REQUIRED: {
    status: 403,
    meaning:
      "The caller's plan does not include this; `extensions.feature` names the feature and `extensions.plan` the cheapest plan with it.",
  },
  RATE_LIMITED: {
    status: 429,
    meaning:
      "Over the caller's operations a minute (by plan), an expensive field's hourly limit, a partner key's rate, or failed key checks; retry after `Retry-After` seconds.",
  },

  // The document and its variables.
  GRAPHQL_PARSE_FAILED: { status: 400, meaning: "The query text does not parse." },
  GRAPHQL_VALIDATION_FAILED: { status: 400, meaning: "The document does not validate against the schema." },
  OPERATION_RESOLUTION_FAILURE: {
    status: 400,
    meaning: "No operation can be chosen from the document (missing or unknown operationName).",
  },
  QUERY_TOO_DEEP: { status: 400, meaning: "The operation nests fields deeper than the gateway's limit." },
  TOO_MANY_ALIASES: { status: 400, meaning: "The operation uses more aliases than the gateway's limit." },
  QUERY_TOO_COMPLEX: { status: 400, meaning: "The operation's estimated cost is over the limit, or it took too long to check or plan." },
  REPORT_TIMEOUT: {
    status: 503,
    meaning: "A staff report ran longer than its statement timeout (`ANALYTICS_REPORT_TIMEOUT_MS`); ask for a shorter range.",
  },
  BAD_USER_INPUT: {
    status: 400,
    meaning: "An argument or variable is invalid (validation failed, a NUL character); `validationErrors` says which.",
  },
  INVALID_GRAPHQL: { meaning: "The query planner's refusal of a document; never sent: the gateway answers GRAPHQL_VALIDATION_FAILED." },

  // Persisted operations (ADR 0010).
  PERSISTED_QUERY_NOT_FOUND: {
    status: 400,
    meaning: "The persisted-query id is not known (APQ: send the text with it; partners: not in the manifest).",
  },
  PERSISTED_QUERY_REQUIRED: { status: 400, meaning: "The partner endpoint runs persisted operations only: send an id and no query text." },

  // Load and availability.
  SERVER_BUSY: { status: 429, meaning: "Too many new documents are waiting to be checked; retry after `Retry-After` seconds." },
  SERVICE_UNAVAILABLE: {
    status: 503,
    meaning: "A store the gateway needs (partner keys, idempotency records) cannot be reached; retry shortly.",
  },
  SUBGRAPH_UNAVAILABLE: { status: 502, meaning: "A subgraph did not answer; its fields are null and `extensions.service` names it." },
  INCOMPLETE_RESPONSE: { meaning: "A result lost a field the schema makes non-null without any error; the gateway adds this one." },
  CATALOGUE_NOT_READY: { meaning: "progress does not know content's catalogue yet (ADR 0011); retryable." },

  // Idempotent mutations (ADR 0012).
  INVALID_IDEMPOTENCY_KEY: { status: 400, meaning: "The Idempotency-Key is not well formed." },
  IDEMPOTENCY_KEY_REUSED: { status: 422, meaning: "The Idempotency-Key was used for other input; nothing was applied." },
  IDEMPOTENCY_KEY_IN_USE: {
    status: 409,
    meaning: "The first request with this Idempotency-Key is still running; retry with the same key.",
  },
  MUTATION_OUTCOME_UNKNOWN: {
    meaning: "A mutation was sent to a subgraph that did not answer: it may have been applied; retry with the same key.",
  },

  // Live subscriptions (ADR 0009).
  SUBSCRIPTION_REQUIRES_WEBSOCKET: { status: 400, meaning: "Subscriptions run over graphql-ws on /graphql, not over HTTP." },
  SUBSCRIPTION_VIA_GATEWAY: { meaning: "A subgraph's subscription field was called directly; subscribe through the gateway." },
  SUBSCRIPTION_NOT_AVAILABLE: { meaning: "The subscription field has no live source." },
  TOO_MANY_SUBSCRIPTIONS: { meaning: "The connection has as many subscriptions as it may; complete one first." },
  RESUME_WINDOW_EXCEEDED: { meaning: "`lastEventId` is older than the gateway keeps; refetch, then subscribe afresh." },
  EVENTS_DROPPED: { meaning: "The client read too slowly and events were dropped; `dropped` says how many; refetch to catch up." },

  // Webhooks (users: Clerk; billing: Stripe).
  INVALID_WEBHOOK_SIGNATURE: {
    status: 400,
    meaning: "The webhook's signature (svix for Clerk, Stripe-Signature for Stripe) does not verify.",
  },
  INVALID_WEBHOOK_PAYLOAD: { status: 400, meaning: "The webhook's payload is not the shape its sender (Clerk, Stripe) sends." },
  STALE_WEBHOOK: { status: 400, meaning: "The Stripe webhook was signed longer ago than the tolerance (5 minutes): a replay, refused." },

  // Billing.
  ALREADY_SUBSCRIBED: { meaning: "The learner already has a subscription: change or cancel it in the billing portal." },
  NO_SUBSCRIPTION: { meaning: "The learner has no subscription (or billing account) to act on." },
  STRIPE_UNAVAILABLE: { meaning: "Stripe did not answer or refused the call; nothing was charged. Retry shortly." },

  // Events (ADR 0008): a consumer's dead letter carries these; never sent to a client.
  MALFORMED_EVENT: { meaning: "A message on the backbone is not an event envelope; dead-lettered." },
  EVENT_CONTRACT_VIOLATION: {
    meaning: "An event's payload does not match its contract; refused at the producer, dead-lettered at a consumer.",
  },
} as const satisfies Record<string, { status?: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const isErrorCode = (code: unknown): code is ErrorCode => typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
