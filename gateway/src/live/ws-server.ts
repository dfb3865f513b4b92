import { randomUUID } from "node:crypto";
import type http from "node:http";
import {
  GraphQLError,
  getOperationAST,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from "graphql";
import { getVariableValues } from "graphql/execution/values";
import type { SubscribePayload } from "graphql-ws";
import { useServer, type Extra } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import {
  boundedMessage,
  findNulCharacter,
  IDEMPOTENCY_KEY_EXTENSION,
  isIdempotencyKey,
  nulCharacterError,
  type Role,
} from "@learnloop/kit/internal";
import type { AuthResult } from "../auth";
import { firstPartyClientId } from "../context";
import { INVALID_IDEMPOTENCY_KEY, INVALID_IDEMPOTENCY_KEY_MESSAGE } from "../idempotency";
import type { FirstPartyQueries } from "../persisted/first-party-queries";
import { checkLimits, type QueryLimits } from "../limits";
import { operationResolutionMessage } from "../operation-resolution";
import type { EventFeed } from "./event-feed";
import type { LiveHub } from "./live-hub";
import { LivePlanError, type LivePlan, type LivePlanner } from "./live-planner";
import type { OffThreadGraphQL } from "../off-thread/off-thread-graphql";

const EMPTY_DOCUMENT: DocumentNode = { kind: Kind.DOCUMENT, definitions: [] };

/** Close codes a client can receive, beyond graphql-ws's own (4400, 4406, 4408, 4409, 4429 on repeated init, 4500). */
export const CLOSE = {
  UNAUTHORIZED: 4401,
  TOO_MANY_CONNECTIONS: 4429,
  GOING_AWAY: 1001,
} as const;

/** Runs a query or mutation through the gateway's Apollo Server, as an HTTP request would. */
export type RunOperation = (
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  context: { requestId: string; userId: string; roles: Role[]; clientId?: string; idempotencyKey?: string },
) => Promise<ExecutionResult>;

export interface LiveServerOptions {
  httpServer: http.Server;
  runOperation: RunOperation;
  /** APQ and the web manifest: a subscribe may carry an id in place of its text. */
  persisted: FirstPartyQueries;
  path: string;
  planner: LivePlanner;
  /** Parses and validates new documents in worker threads, off the event loop. */
  offThread: OffThreadGraphQL;
  hub: LiveHub;
  feed: EventFeed;
  authenticate(header: string | undefined): Promise<AuthResult>;
  rateLimit?: RateLimitCharge;
  limits: QueryLimits & {
    maxTokens: number;
    connectionsPerUser: number;
    subscriptionsPerConnection: number;
    keepAliveMs: number;
    /** LIVE_QUEUE_LIMIT: a resume replays at most ten times it. */
    queueLimit: number;
  };
  logger: Logger;
}

interface ConnectionState {
  userId: string;
  /** As verified at connect; a connection outlives nothing longer than its token's session. */
  roles: Role[];
  clientId?: string;
  connectionId: string;
}

/** One operation charged to a user's budget: refused when `allowed` is false, retry after `resetSeconds`. */
export type RateLimitCharge = (userId: string) => Promise<{ allowed: boolean; limit: number; resetSeconds: number }>;

/** What onSubscribe hands subscribe or execute (graphql-ws passes only the execution args between them). */
interface LiveContext {
  state: ConnectionState;
  /** Queries and mutations: the request as received, for Apollo Server. */
  operation?: { query: string; variables?: Record<string, unknown>; operationName?: string };
  plan?: Awaited<ReturnType<LivePlanner["plan"]>>;
  requestId: string;
  extensions: Record<string, unknown>;
  /** A mutation's `extensions.idempotencyKey`, as the Idempotency-Key header over HTTP. */
  idempotencyKey?: string;
}

const MAX_MESSAGE_BYTES = 256 * 1024;
const RESUME_MESSAGE = "That event is too far back to replay: refetch, then subscribe without lastEventId.";

/** `authorization` as our clients send it; `Authorization` or `headers.Authorization` as Sandbox and others do. */
function authorizationOf(params: Record<string, unknown>): string | undefined {
  const headers = (typeof params.headers === "object" && params.headers) || {};
  for (const source of [params, headers as Record<string, unknown>])
    for (const key of ["authorization", "Authorization"]) if (typeof source[key] === "string") return source[key] as string;
  return undefined;
}

const fail = (code: string, message: string, requestId: string, extensions: Record<string, unknown> = {}) => [
  new GraphQLError(message, { extensions: { ...extensions, code, requestId } }),
];

/**
 * graphql-ws on the gateway's /graphql path. A connection authenticates once, from
 * `connectionParams.authorization` (`Bearer <Clerk session token>`); each subscription is parsed,
 * validated and limited like a query, then joins the hub, which completes every event through the
 * supergraph's query plan.
 */
export function startLiveServer(options: LiveServerOptions): { connections(): number; close(): Promise<void> } {
  const { planner, hub, feed, limits, logger } = options;
  // Messages are small (a subscribe is a query and its variables); ws would take 100 MiB.
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: MAX_MESSAGE_BYTES });
  /** A resume replays at most ten queues' worth of events; from further back the client refetches. */
  const resumable = (lastEventId: unknown) =>
    typeof lastEventId === "string" && (feed.since(lastEventId)?.length ?? Infinity) <= limits.queueLimit * 10;
  const perUser = new Map<string, number>();

  // Thousands of subscribers send the same few documents: the off-thread check keeps each valid
  // one (bounded by size, as Apollo Server's store), so a repeated text costs a hash and a lookup.
  const check = async (query: string): Promise<{ document: DocumentNode; invalid: string[] } | { parseError: string }> => {
    const result = await options.offThread.check(query);
    if (result.ok) return { document: result.document, invalid: [] };
    const messages = result.errors.map((e) => boundedMessage(e.message));
    return result.code === "GRAPHQL_PARSE_FAILED" ? { parseError: messages[0] } : { document: EMPTY_DOCUMENT, invalid: messages };
  };

  const server = useServer<Record<string, unknown>, { state?: ConnectionState }>(
    {
      connectionInitWaitTimeout: 10_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const header = authorizationOf(params);
        const auth = await options.authenticate(header);
        const socket = (ctx.extra as Extra).socket;
        // Closed while we verified: graphql-ws will not call onDisconnect, so count nothing.
        if (socket.readyState !== socket.OPEN) return false;
        if (!auth.ok || !auth.viewer) {
          socket.close(CLOSE.UNAUTHORIZED, auth.ok ? "Sign in: pass connectionParams.authorization" : auth.message.slice(0, 120));
          return false;
        }
        const userId = auth.viewer.userId;
        // graphql-ws keeps connectionParams for the connection's life; the token is not needed again.
        for (const holder of [params, params.headers])
          if (holder && typeof holder === "object")
            for (const key of ["authorization", "Authorization"]) delete (holder as Record<string, unknown>)[key];
        const open = perUser.get(userId) ?? 0;
        if (open >= limits.connectionsPerUser) {
          socket.close(CLOSE.TOO_MANY_CONNECTIONS, `At most ${limits.connectionsPerUser} live connections per user`);
          return false;
        }
        perUser.set(userId, open + 1);
        const clientId = firstPartyClientId(params.clientId);
        const state = { userId, roles: auth.roles, clientId, connectionId: randomUUID() };
        ctx.extra.state = state;
        return true;
      },
      onDisconnect: (ctx) => {
        const state = ctx.extra.state;
        if (!state) return;
        const open = (perUser.get(state.userId) ?? 1) - 1;
        if (open > 0) perUser.set(state.userId, open);
        else perUser.delete(state.userId);
      },
      onSubscribe: async (ctx, id, given: SubscribePayload) => {
        const requestId = randomUUID();
        const active = Object.keys(ctx.subscriptions).length - 1; // graphql-ws has already added this one
        if (active >= limits.subscriptionsPerConnection)
          return fail(
            "TOO_MANY_SUBSCRIPTIONS",
            `At most ${limits.subscriptionsPerConnection} subscriptions per connection; complete one first.`,
            requestId,
          );
        const charged = await options.rateLimit?.(ctx.extra.state!.userId);
        if (charged && !charged.allowed)
          return fail("RATE_LIMITED", `At most ${charged.limit} operations a minute; retry after ${charged.resetSeconds} s.`, requestId, {
            retryAfter: charged.resetSeconds,
          });
        const text = await options.persisted.resolve(given.query, given.extensions ?? undefined);
        if (!text.ok) return fail(text.code, text.message, requestId);
        const payload = { ...given, query: text.query };
        // APQ: text sent with its hash is kept only once it is known to be a valid, affordable operation.
        const remember = () => (text.register ? options.persisted.set(text.register, text.query) : undefined);
        let checked: Awaited<ReturnType<typeof check>>;
        try {
          checked = await check(payload.query);
        } catch (err) {
          // Too many new documents at once, or one that took too long to check.
          const e = err as GraphQLError;
          return fail(
            String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"),
            e.extensions?.code ? e.message : "Internal server error",
            requestId,
          );
        }
        if ("parseError" in checked) return fail("GRAPHQL_PARSE_FAILED", checked.parseError, requestId);
        if (checked.invalid.length)
          return checked.invalid.map(
            (message) => new GraphQLError(message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED", requestId } }),
          );
        const document = checked.document;
        const operation = getOperationAST(document, payload.operationName ?? undefined) as OperationDefinitionNode | null;
        if (!operation) return fail("OPERATION_RESOLUTION_FAILURE", operationResolutionMessage(document, payload.operationName), requestId);
        const nul = findNulCharacter(document, payload.variables);
        if (nul) return fail("BAD_USER_INPUT", nulCharacterError(nul).message, requestId);
        if (operation.operation !== "subscription") {
          // Queries and mutations go through Apollo Server (its limits, errors and request id), with
          // this connection's user and client id, so a mutation's echo is suppressed here too.
          const request = {
            query: payload.query,
            variables: payload.variables ?? undefined,
            operationName: payload.operationName ?? undefined,
          };
          const idempotencyKey = given.extensions?.[IDEMPOTENCY_KEY_EXTENSION];
          if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey))
            return fail(INVALID_IDEMPOTENCY_KEY, INVALID_IDEMPOTENCY_KEY_MESSAGE, requestId);
          await remember(); // Apollo Server applies its own limits when it runs it
          const contextValue: LiveContext = { state: ctx.extra.state!, operation: request, requestId, extensions: {}, idempotencyKey };
          return { schema: planner.schema, document, operationName: payload.operationName, contextValue } as ExecutionArgs;
        }
        const coerced = getVariableValues(planner.schema, operation.variableDefinitions ?? [], payload.variables ?? {});
        if (coerced.errors)
          return coerced.errors.map(
            (e) => new GraphQLError(boundedMessage(e.message), { extensions: { code: "BAD_USER_INPUT", requestId } }),
          );
        try {
          checkLimits(planner.schema, document, operation, coerced.coerced, limits);
        } catch (err) {
          const e = err as GraphQLError;
          return fail(String(e.extensions.code), e.message, requestId);
        }
        await remember();
        let plan: LivePlan;
        try {
          plan = await planner.plan(document, payload.operationName ?? undefined);
        } catch (err) {
          if (err instanceof LivePlanError) return fail("BAD_REQUEST", err.message, requestId);
          // The planner's own refusals (too long to plan, too many new operations at once).
          if (err instanceof GraphQLError && typeof err.extensions.code === "string")
            return fail(err.extensions.code, err.message, requestId);
          logger.error({ err, requestId }, "could not plan a subscription");
          return fail("INTERNAL_SERVER_ERROR", "Internal server error", requestId);
        }
        if (!hub.isLive(plan.field)) return fail("SUBSCRIPTION_NOT_AVAILABLE", `${plan.field} has no live source.`, requestId);
        const extensions = (payload.extensions ?? {}) as Record<string, unknown>;
        const lastEventId = extensions.lastEventId;
        if (lastEventId !== undefined && !resumable(lastEventId)) return fail("RESUME_WINDOW_EXCEEDED", RESUME_MESSAGE, requestId);
        logger.debug({ requestId, subscription: id, field: plan.field }, "subscription started");
        const contextValue: LiveContext = { state: ctx.extra.state!, plan, requestId, extensions };
        return {
          schema: planner.schema,
          document,
          operationName: payload.operationName,
          variableValues: coerced.coerced,
          contextValue,
        } as ExecutionArgs;
      },
      execute: (args) => {
        const { state, operation, requestId, idempotencyKey } = args.contextValue as LiveContext;
        return options.runOperation(operation!, {
          requestId,
          userId: state.userId,
          roles: state.roles,
          clientId: state.clientId,
          idempotencyKey,
        });
      },
      subscribe: (args) => {
        const { state, plan: livePlan, requestId, extensions } = args.contextValue as LiveContext;
        const plan = livePlan!;
        const lastEventId = typeof extensions.lastEventId === "string" ? extensions.lastEventId : undefined;
        // It may have left the window since onSubscribe checked.
        const replay = lastEventId ? feed.since(lastEventId) : undefined;
        if (lastEventId && !replay) return { errors: fail("RESUME_WINDOW_EXCEEDED", RESUME_MESSAGE, requestId) } as ExecutionResult;
        return hub.join({
          plan,
          variables: (args.variableValues ?? {}) as Record<string, unknown>,
          userId: state.userId,
          clientId: state.clientId,
          echoes: extensions.echoes === true,
          replay,
          requestId,
        });
      },
    },
    wss,
    limits.keepAliveMs,
  );

  return {
    connections: () => [...perUser.values()].reduce((a, b) => a + b, 0),
    async close() {
      hub.closeAll();
      await server.dispose(); // closes every socket with 1001 Going away
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
