import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { EntityManager } from "typeorm";
import type { z } from "zod";
import { InternalContextVerifier, INTERNAL_CONTEXT_HEADER, type InternalContext } from "../auth/internal-context";
import { applyPermissions, type IRules } from "../authz/permissions";
import { parseEnvOrExit, resolveMetricsPort, type SubgraphEnv, subgraphEnvSchema } from "../config/env";
import { Database, type DatabaseOptions } from "../db/database";
import type { ContractRegistry } from "../events/contract";
import { startEventConsumer, type ConsumerDefinition, type RunningConsumer } from "../events/consumer";
import { createTransport } from "../events/create-transport";
import { continueTrace, type EventEnvelope } from "../events/envelope";
import { LIVE_EVENT_EXTENSION } from "../schema/live-subscription";
import { eventTablesMigration } from "../events/event-tables";
import { idempotencyPlugin, idempotencyTablesMigration, subgraphIdempotency } from "../idempotency";
import { EventPublisher } from "../events/outbox";
import { OutboxRelay } from "../events/outbox-relay";
import type { EventTransport } from "../events/transport";
import { createErrorFormatter } from "../errors/format-error";
import { createLogger } from "../logging/logger";
import { buildFederatedSchema, type FederatedSchemaOptions } from "../schema/federated-schema";
import { renderEventMetrics } from "./metrics";
import { startMetricsServer, type MetricsServer } from "./metrics-server";
import type { BackgroundTask } from "./periodic";
import { answerClientErrors } from "./client-error";
import { httpErrorHandler, requestId, requestIdPlugin, sendGraphQLError } from "./http";
import { jsonBody } from "./json-body";
import { refuseNulCharactersPlugin } from "./nul-guard";
import type { SubgraphContext, Viewer } from "./request-context";

export interface RouteDeps<Env> {
  db: Database;
  logger: Logger;
  env: Env;
  /** The outbox publisher, for routes that change state (webhooks). */
  events?: EventPublisher;
}

/**
 * Everything that makes a subgraph what it is. A new subgraph is one folder exporting one of
 * these, plus an entry in the devstack's subgraph list.
 */
export interface SubgraphDefinition<Loaders = unknown, Env extends SubgraphEnv = SubgraphEnv> {
  name: string;
  envSchema?: z.ZodType<Env>;
  schema: FederatedSchemaOptions;
  permissions: IRules;
  entities: DatabaseOptions["entities"];
  migrations: DatabaseOptions["migrations"];
  /** `manager` is the request's (ADR 0012): loaders must read through it to see a keyed mutation's own writes. */
  createLoaders: (db: Database, viewer: Viewer | null, manager: EntityManager) => Loaders;
  /** Non-GraphQL endpoints (webhooks). They do not get the internal context; they must authenticate themselves. */
  routes?: (app: Express, deps: RouteDeps<Env>) => void;
  /** Work after migrations and before serving (for example a first data import). */
  onStart?: (deps: RouteDeps<Env>) => Promise<void>;
  /** Long-running work beside serving (sweeps), started once events run; see startPeriodic. */
  background?: (deps: RouteDeps<Env>) => BackgroundTask[];
  /** The events this subgraph publishes (through its outbox) and consumes; checked against schema/events. */
  events?: SubgraphEvents;
  /** Readiness beyond a reachable database (data it waits for from events): why it is not ready yet, or null. */
  readiness?: (deps: RouteDeps<Env>) => Promise<string | null>;
}

export interface SubgraphEvents {
  contracts: ContractRegistry;
  publishes: string[];
  consumers: ConsumerDefinition[];
}

export interface RunningEvents {
  transport: EventTransport;
  publisher: EventPublisher;
  relay?: OutboxRelay;
  consumers: RunningConsumer[];
}

export interface RunningSubgraph {
  name: string;
  url: string;
  /** GET /metrics on its own port (METRICS_PORT); undefined when off. */
  metricsUrl?: string;
  db: Database;
  events?: RunningEvents;
  stop(): Promise<void>;
}

/** The subgraph's schema with permissions applied, as served. Needs no database. */
export async function buildSubgraph(def: SubgraphDefinition<never, never>): Promise<GraphQLSchema> {
  return applyPermissions(await buildFederatedSchema(def.schema), def.permissions);
}

export async function startSubgraph<L, Env extends SubgraphEnv>(
  def: SubgraphDefinition<L, Env>,
  env: Env,
  logger: Logger = createLogger(`subgraph-${def.name}`, env.LOG_LEVEL),
): Promise<RunningSubgraph> {
  const db = new Database({
    schema: def.name,
    url: env.DATABASE_URL,
    entities: def.entities,
    migrations: [
      ...(def.migrations as unknown[]),
      eventTablesMigration(def.name),
      idempotencyTablesMigration(def.name),
    ] as DatabaseOptions["migrations"],
    poolSize: env.DATABASE_POOL_SIZE,
    logger,
  });
  await db.start();
  await def.onStart?.({ db, logger, env });
  const events = def.events ? await startEvents(def.name, def.events, db, env, logger) : undefined;
  const idempotency = subgraphIdempotency(db, def.name, env, logger);
  const background = [...(def.background?.({ db, logger, env, events: events?.publisher }) ?? []), idempotency.startSweep()];

  const schema = await buildSubgraph(def as unknown as SubgraphDefinition<never, never>);
  const verifier = new InternalContextVerifier(env.INTERNAL_CONTEXT_PUBLIC_KEY, def.name);
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  answerClientErrors(httpServer, logger);
  // Longer than any client's idle keep-alive, so the gateway never reuses a socket this side is closing.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    introspection: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Before the trace and the request id, which belong to one execution and must not be stored.
      idempotencyPlugin(),
      // Federated tracing (ftv1) only when the gateway asks for it; only the gateway can reach
      // this endpoint, and error messages in traces are masked in case it forwards them on.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      requestIdPlugin(),
      refuseNulCharactersPlugin(), // the gateway refuses them first; this holds for any other caller
    ],
  });
  await apollo.start();

  app.use(requestId());
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  app.get("/ready", async (_req, res) => {
    const waiting = !(await db.ping(env.READY_TIMEOUT_MS))
      ? "database unreachable"
      : ((await def.readiness?.({ db, logger, env, events: events?.publisher }).catch(() => "readiness check failed")) ?? null);
    res.status(waiting ? 503 : 200).json({ status: waiting ?? "ready" });
  });
  def.routes?.(app, { db, logger, env, events: events?.publisher });
  app.use(
    "/graphql",
    (req, res, next) => {
      const result = verifier.verify(req.header(INTERNAL_CONTEXT_HEADER));
      if (!result.ok) {
        logger.warn({ reason: result.reason, requestId: req.requestId }, "rejected request without a valid internal context");
        return sendGraphQLError(res, 401, "UNAUTHENTICATED", "This service accepts requests from the gateway only.", req.requestId);
      }
      req.requestId = result.context.requestId;
      res.locals.internal = result.context;
      next();
    },
    jsonBody({ limit: env.BODY_LIMIT }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const internal = res.locals.internal as InternalContext;
        const viewer = internal.userId ? { userId: internal.userId } : null;
        const requestLogger = logger.child({ requestId: internal.requestId });
        const { manager, idempotency: keyed } = idempotency.forRequest(internal, requestLogger);
        return {
          events: events?.publisher,
          eventMeta: { requestId: internal.requestId, clientId: internal.clientId, traceparent: continueTrace(req.header("traceparent")) },
          requestId: internal.requestId,
          viewer,
          clientId: internal.clientId,
          liveEvent: liveEventOf(req.body),
          logger: requestLogger,
          db,
          manager,
          idempotency: keyed,
          loaders: def.createLoaders(db, viewer, manager),
        };
      },
    }),
  );
  app.use((req, res) => sendGraphQLError(res, 404, "NOT_FOUND", `No route for ${req.method} ${req.path}.`, req.requestId));
  app.use(httpErrorHandler((err) => logger.error({ err }, "unhandled http error")));

  // Metrics are internal (the scraper's network), so they have a port of their own; see ADR 0013.
  const metricsPort = resolveMetricsPort(env.METRICS_PORT, env.PORT);
  let metrics: MetricsServer | undefined;
  if (metricsPort !== undefined)
    metrics = await startMetricsServer({ port: metricsPort, host: env.HOST, render: () => renderEventMetrics(def.name, events), logger });
  await new Promise<void>((resolve) => httpServer.listen(env.PORT, env.HOST, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST}:${port}/graphql`;
  logger.info({ url, metrics: metrics?.url }, `subgraph ${def.name} ready`);

  return {
    name: def.name,
    url,
    metricsUrl: metrics?.url,
    db,
    events,
    async stop() {
      await metrics?.stop();
      await apollo.stop(); // drains in-flight requests, then closes the HTTP server
      for (const task of background) await task.stop();
      if (events) {
        for (const consumer of events.consumers) await consumer.stop();
        await events.relay?.stop();
        await events.transport.close();
      }
      await db.stop();
    },
  };
}

async function startEvents(name: string, spec: SubgraphEvents, db: Database, env: SubgraphEnv, logger: Logger): Promise<RunningEvents> {
  const transport = createTransport(env, `learnloop-${name}`, logger);
  const publisher = new EventPublisher(spec.contracts, name, name, spec.publishes);
  let relay: OutboxRelay | undefined;
  if (spec.publishes.length) {
    await transport.ensureTopics([...new Set(spec.publishes.map((e) => spec.contracts.routing(e).topic))]);
    relay = new OutboxRelay({
      db,
      schema: name,
      databaseUrl: env.DATABASE_URL,
      transport,
      logger: logger.child({ source: "outbox-relay" }),
    });
    await relay.start();
  }
  const consumers: RunningConsumer[] = [];
  for (const definition of spec.consumers)
    consumers.push(await startEventConsumer({ subgraph: name, definition, db, transport, registry: spec.contracts, logger, publisher }));
  return { transport, publisher, relay, consumers };
}

/** The event the gateway is completing a subscription from; only the gateway reaches /graphql. */
function liveEventOf(body: unknown): EventEnvelope<unknown> | undefined {
  const event = (body as { extensions?: Record<string, unknown> } | undefined)?.extensions?.[LIVE_EVENT_EXTENSION];
  return event && typeof event === "object" && typeof (event as EventEnvelope<unknown>).type === "string"
    ? (event as EventEnvelope<unknown>)
    : undefined;
}

/** A subgraph process's main: validated config, start, graceful shutdown on SIGTERM/SIGINT. */
export async function runSubgraph<L, Env extends SubgraphEnv>(def: SubgraphDefinition<L, Env>): Promise<void> {
  const env: Env = parseEnvOrExit(`subgraph ${def.name}`, def.envSchema ?? (subgraphEnvSchema as unknown as z.ZodType<Env>));
  const logger = createLogger(`subgraph-${def.name}`, env.LOG_LEVEL);
  const running = await startSubgraph(def, env, logger);
  onShutdown(logger, () => running.stop());
}

/** Stops cleanly once on the first signal; a second signal forces the exit. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "shutting down");
    stop().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
}
