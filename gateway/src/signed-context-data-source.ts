import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import {
  IDEMPOTENCY_CODES,
  INTERNAL_CONTEXT_HEADER,
  LIVE_EVENT_EXTENSION,
  REQUEST_ID_HEADER,
  type InternalContextSigner,
} from "@learnloop/kit/internal";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import type { Counter, Histogram } from "prom-client";
import type { GatewayContext } from "./context";
import { mutationOutcomeUnknown, requestWasNotSent } from "./idempotency";
import { operationFingerprint } from "./idempotency-records";

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  signer: InternalContextSigner;
  /** A subgraph that has not answered by then is reported unavailable instead of hanging the client. */
  timeoutMs: number;
  logger: Logger;
  /** Observes each fetch's duration (GatewayMetrics.fetches). */
  fetchDuration?: Histogram<"subgraph">;
  /** Counts each fetch that failed (GatewayMetrics.fetchFailures). */
  fetchFailures?: Counter<"subgraph">;
}

/**
 * Sends each subgraph request with a fresh context signed for that subgraph alone, and turns
 * transport failures into errors a client can act on without learning internal addresses.
 */
type ResponseContext = Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>["didReceiveResponse"]>>[0];

export class SignedContextDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraphName: string;
  private readonly signer: InternalContextSigner;
  private readonly logger: Logger;
  private readonly fetchDuration?: Histogram<"subgraph">;
  private readonly fetchFailures?: Counter<"subgraph">;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url });
    this.subgraphName = options.name;
    this.signer = options.signer;
    this.logger = options.logger;
    this.fetchDuration = options.fetchDuration;
    this.fetchFailures = options.fetchFailures;
    const fetchWithDefaults = this.fetcher;
    // make-fetch-happen takes a per-request timeout covering connect and response.
    this.fetcher = (url, init) => fetchWithDefaults(url, { ...init, timeout: options.timeoutMs } as typeof init);
  }

  /** After a subgraph refused this operation's key, no further part of it is sent anywhere. */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource["process"]> {
    if ((options.context as Partial<GatewayContext>).idempotencyRefused && isMutation(options.request.query))
      return { errors: [{ message: NOT_SENT_MESSAGE, extensions: { code: IDEMPOTENCY_CODES.REUSED } }] };
    const end = this.fetchDuration?.startTimer({ subgraph: this.subgraphName });
    try {
      return await super.process(options);
    } catch (err) {
      // didEncounterError threw: the subgraph did not answer usably (its GraphQL errors are answers).
      this.fetchFailures?.inc({ subgraph: this.subgraphName });
      throw err;
    } finally {
      end?.();
    }
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request, context } = options;
    const ctx = context as Partial<GatewayContext>;
    const requestId = ctx.requestId ?? "gateway-internal";
    // Every mutation fetch of one client operation carries the same key and the operation's fingerprint.
    const incoming = "incomingRequestContext" in options ? options.incomingRequestContext : undefined;
    const idempotency =
      ctx.idempotencyKey && incoming && isMutation(request.query)
        ? { key: ctx.idempotencyKey, operation: operationFingerprint(incoming) }
        : undefined;
    const token = await this.signer.sign(
      {
        userId: ctx.viewer?.userId,
        roles: ctx.roles,
        machineId: ctx.machineId,
        plan: ctx.plan,
        features: ctx.features,
        requestId,
        clientId: ctx.clientId,
        idempotency,
      },
      this.subgraphName,
    );
    request.http?.headers.set(INTERNAL_CONTEXT_HEADER, token);
    request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    // Every subgraph fetch of one operation shares the trace, and so do the events they cause.
    if (ctx.traceparent) request.http?.headers.set("traceparent", ctx.traceparent);
    // Only the primary fetch of a subscription plan is a subscription operation (ADR 0009).
    if (ctx.liveEvent && request.query?.startsWith("subscription"))
      request.extensions = { ...request.extensions, [LIVE_EVENT_EXTENSION]: ctx.liveEvent };
  }

  /**
   * The owner's answer to a subscription's primary fetch: a null root with no error means it declined
   * the event for this subscription. Only this tells that apart from a null the rest of the plan causes.
   */
  override didReceiveResponse({ request, response, context }: ResponseContext) {
    if (context.idempotencyKey && isMutation(request.query)) {
      // The kit applies a keyed fetch whole or not at all: refused, nothing of it ran; else it all did.
      if (response.errors?.some((e) => e.extensions?.code === IDEMPOTENCY_CODES.REUSED)) context.idempotencyRefused = true;
      else context.appliedMutations = { ...context.appliedMutations, ...response.data };
    }
    if (context.liveEvent && request.query?.startsWith("subscription")) {
      const root = response.data ? Object.values(response.data)[0] : undefined;
      context.liveDeclined = root === null && !response.errors?.length;
    }
    return response;
  }

  /** A non-2xx answer: the default copies the subgraph's URL and body into the client's error. */
  override async errorFromResponse(response: { status: number; statusText: string }): Promise<GraphQLError> {
    return new GraphQLError(`${this.subgraphName} answered ${response.status} ${response.statusText}`);
  }

  override didEncounterError(
    error: Error,
    _fetchRequest: unknown,
    response?: { status: number },
    gatewayContext?: GatewayContext,
    request?: { query?: string },
  ): void {
    const status = response?.status;
    const context = { subgraph: this.subgraphName, status, err: error };
    // Sent and unanswered (timeout, connection lost): a mutation may have been applied.
    if (status === undefined && isMutation(request?.query) && !requestWasNotSent(error)) {
      this.logger.warn(context, "mutation outcome unknown");
      throw mutationOutcomeUnknown(this.subgraphName, gatewayContext?.idempotencyKey);
    }
    if (status === undefined || status >= 500) {
      this.logger.warn(context, "subgraph unavailable");
      throw new GraphQLError(`The ${this.subgraphName} service is unavailable. Try again shortly.`, {
        extensions: { code: "SUBGRAPH_UNAVAILABLE", service: this.subgraphName },
      });
    }
    // Any other refusal (for example a rejected internal context) is our fault, not the client's:
    // it is logged here and reaches the client masked as INTERNAL_SERVER_ERROR.
    this.logger.error(context, "subgraph refused a gateway request");
    throw new Error(error.message);
  }
}

const NOT_SENT_MESSAGE = "Not sent: another part of this operation was refused for its Idempotency-Key.";

/** The query planner prints each fetch with its operation keyword first. */
const isMutation = (query: string | undefined) => query?.startsWith("mutation") ?? false;
