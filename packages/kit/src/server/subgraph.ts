import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { printSubgraphSchema } from "@apollo/subgraph";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { Logger } from "pino";
import type { EntityManager } from "typeorm";
import { InternalContextVerifier, INTERNAL_CONTEXT_HEADER, type InternalContext } from "../auth/internal-context";
import { applyPermissions, type IRules } from "../authz/permissions";
import { recordAudit, type AuditEntry } from "../audit/audit-log";
import { auditTablesMigration } from "../audit/audit-tables";
import { auditRules, auditTrailResolver } from "../audit/audit-trail";
import { parseEnv, parseEnvOrExit, resolveMetricsPort, type SubgraphEnv } from "../config/env";
import { Database, type DatabaseOptions } from "../db/database";
import { ContractRegistry } from "../events/contract";
import { startEventConsumer, type RunningConsumer } from "../events/consumer";
import { createTransport } from "../events/create-transport";
import { continueTrace, type EventEnvelope } from "../events/envelope";
import { eventTablesMigration } from "../events/event-tables";
import { EventPublisher, type EventMap } from "../events/outbox";
import { OutboxRelay } from "../events/outbox-relay";
import { createErrorFormatter } from "../errors/format-error";
import { idempotencyPlugin, idempotencyTablesMigration, subgraphIdempotency } from "../idempotency";
import { createLogger } from "../logging/logger";
import { buildFederatedSchema } from "../schema/federated-schema";
import { LIVE_EVENT_EXTENSION } from "../schema/live-subscription";
import { answerClientErrors } from "./client-error";
import { httpErrorHandler, requestId, requestIdPlugin, sendGraphQLError } from "./http";
import { jsonBody } from "./json-body";
import { readinessHandler } from "./readiness";
import { renderEventMetrics } from "./metrics";
import { startMetricsServer, type MetricsServer } from "./metrics-server";
import type { SubgraphContext } from "./request-context";
import type { RunningEvents, RunningSubgraph, ServiceDeps, Subgraph, SubgraphDefinition, SubgraphEvents } from "./subgraph-definition";
import { refuseNulCharactersPlugin } from "./nul-guard";

/**
 * Checks a subgraph's definition and erases its types behind the `Subgraph` the platform uses.
 * Composition, docs and the devstack hold a list of these; the types live on inside.
 */
export function defineSubgraph<Env extends SubgraphEnv, Loaders, Services = undefined, Events extends EventMap = EventMap>(
  def: SubgraphDefinition<Env, Loaders, Services, Events>,
): Subgraph {
  const events = eventsOf(def);
  return {
    name: def.name,
    envSchema: def.envSchema,
    events: {
      contracts: events.contracts,
      publishes: events.publishes,
      consumers: events.consumers.map((c) => ({ purpose: c.purpose, events: c.handlers.map((h) => h.event) })),
    },
    database: { entities: def.entities, migrations: def.migrations },
    permissions: mergeRules(def.permissions, auditRules(def.name)),
    schema: () => buildSubgraphSchema(def),
    start: (source, logger) => {
      const env = parseEnv(def.envSchema, source);
      return startSubgraph(def, env, logger ?? createLogger(`subgraph-${def.name}`, env.LOG_LEVEL));
    },
    async run() {
      // For rover and the scaffold test: the SDL as served, without config or a database.
      if (process.argv.includes("--print-schema")) {
        process.stdout.write(printSubgraphSchema(await buildSubgraphSchema(def)));
        return;
      }
      const env = parseEnvOrExit(`subgraph ${def.name}`, def.envSchema);
      const logger = createLogger(`subgraph-${def.name}`, env.LOG_LEVEL);
      const running = await startSubgraph(def, env, logger).catch((err) => {
        logger.fatal({ err }, `subgraph ${def.name} failed to start`);
        process.exit(1);
      });
      onShutdown(logger, () => running.stop());
    },
  };
}

function eventsOf<Env extends SubgraphEnv, L, S, E extends EventMap>(def: SubgraphDefinition<Env, L, S, E>): SubgraphEvents<E, S> {
  return def.events ?? { contracts: new ContractRegistry<E>([]), publishes: [], consumers: [] };
}

/** The subgraph's rules with the kit's own (the audit trail) merged in, type by type. */
export function mergeRules(own: IRules, kit: IRules): IRules {
  const merged: Record<string, unknown> = { ...(own as Record<string, unknown>) };
  for (const [type, rule] of Object.entries(kit as Record<string, unknown>)) {
    const mine = merged[type];
    // A type's rules are either one rule for every field or a map of fields; only maps merge.
    const isMap = (r: unknown) => r !== null && typeof r === "object" && Object.getPrototypeOf(r) === Object.prototype;
    merged[type] = isMap(mine) && isMap(rule) ? { ...(mine as object), ...(rule as object) } : (mine ?? rule);
  }
  return merged as IRules;
}

function buildSubgraphSchema<Env extends SubgraphEnv, L, S, E extends EventMap>(
  def: SubgraphDefinition<Env, L, S, E>,
): Promise<GraphQLSchema> {
  // Every subgraph serves its own audit trail (the kit's resolver and rules).
  const resolvers: typeof def.schema.resolvers = [...def.schema.resolvers, auditTrailResolver(def.name)];
  return buildFederatedSchema({ ...def.schema, resolvers }).then((schema) =>
    applyPermissions(schema, mergeRules(def.permissions, auditRules(def.name))),
  );
}

/** Resources started so far, stopped newest first: a failed start leaves nothing running. */
class StartedResources {
  private readonly stops: (() => Promise<void>)[] = [];
  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }
  async stopAll(logger: Logger): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop().catch((err) => logger.error({ err }, "stop failed"));
  }
}

async function startSubgraph<Env extends SubgraphEnv, L, S, E extends EventMap>(
  def: SubgraphDefinition<Env, L, S, E>,
  env: Env,
  logger: Logger,
): Promise<RunningSubgraph> {
  const started = new StartedResources();
  try {
    return await startParts(def, env, logger, started);
  } catch (err) {
    await started.stopAll(logger);
    throw err;
  }
}

async function startParts<Env extends SubgraphEnv, L, S, E extends EventMap>(
  def: SubgraphDefinition<Env, L, S, E>,
  env: Env,
  logger: Logger,
  started: StartedResources,
): Promise<RunningSubgraph> {
  const db = new Database({
    schema: def.name,
    url: env.DATABASE_URL,
    entities: def.entities,
    migrations: [
      ...(def.migrations as unknown[]),
      eventTablesMigration(def.name),
      idempotencyTablesMigration(def.name),
      auditTablesMigration(def.name),
    ] as DatabaseOptions["migrations"],
    poolSize: env.DATABASE_POOL_SIZE,
    logger,
  });
  started.add(() => db.stop());
  await db.start();
  // Fixed at start, whether or not the subgraph publishes: no code path can skip an event.
  const spec = eventsOf(def);
  const publisher = new EventPublisher<E>(spec.contracts, def.name, def.name, spec.publishes);
  const startDeps = { db, logger, env, events: publisher };
  const deps = { ...startDeps, services: def.services ? def.services(startDeps) : (undefined as S) };
  await def.onStart?.(deps);
  const events = await startEvents(def, deps, started);
  const idempotency = subgraphIdempotency(db, def.name, env, logger);
  for (const task of [...(def.background?.(deps) ?? []), idempotency.startSweep()]) started.add(() => task.stop());

  const schema = await buildSubgraphSchema(def);
  const verifier = new InternalContextVerifier(env.INTERNAL_CONTEXT_PUBLIC_KEY, def.name);
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  answerClientErrors(httpServer, logger);
  // Longer than any client's idle keep-alive, so the gateway never reuses a socket this side is closing.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const apollo = new ApolloServer<SubgraphContext<L, E>>({
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
  // Drains in-flight requests, then closes the HTTP server.
  started.add(() => apollo.stop());

  app.use(requestId());
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  app.get("/ready", readinessHandler({ db, timeoutMs: env.READY_TIMEOUT_MS, check: def.readiness && (() => def.readiness!(deps)) }));
  def.routes?.(app, deps);
  app.use(
    "/graphql",
    async (req, res, next) => {
      const result = await verifier.verify(req.header(INTERNAL_CONTEXT_HEADER));
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
        const actor = { viewer, roles: internal.roles ?? [], machineId: internal.machineId, requestId: internal.requestId };
        return {
          audit: (tx: EntityManager, entry: AuditEntry) => recordAudit(tx, def.name, actor, entry),
          events: publisher,
          eventMeta: { requestId: internal.requestId, clientId: internal.clientId, traceparent: continueTrace(req.header("traceparent")) },
          requestId: internal.requestId,
          viewer,
          roles: internal.roles ?? [],
          machineId: internal.machineId,
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
  if (metricsPort !== undefined) {
    metrics = await startMetricsServer({ port: metricsPort, host: env.HOST, render: () => renderEventMetrics(def.name, events), logger });
    started.add(() => metrics!.stop());
  }
  await listen(httpServer, env.PORT, env.HOST);
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST}:${port}/graphql`;
  logger.info({ url, metrics: metrics?.url }, `subgraph ${def.name} ready`);

  return {
    name: def.name,
    url,
    metricsUrl: metrics?.url,
    db,
    events,
    stop: () => started.stopAll(logger),
  };
}

/** Listens, or rejects with the reason (port in use, no permission) instead of an unhandled 'error' event. */
export function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(new Error(`cannot listen on ${host}:${port}: ${err.message}`, { cause: err }));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

async function startEvents<Env extends SubgraphEnv, L, S, E extends EventMap>(
  def: SubgraphDefinition<Env, L, S, E>,
  deps: ServiceDeps<Env, E, S>,
  started: StartedResources,
): Promise<RunningEvents> {
  const { db, env, logger, events: publisher, services } = deps;
  const spec = eventsOf(def);
  const transport = createTransport(env, `learnloop-${def.name}`, logger);
  started.add(() => transport.close());
  let relay: OutboxRelay | undefined;
  if (spec.publishes.length) {
    await transport.ensureTopics([...new Set(spec.publishes.map((e) => spec.contracts.routing(e).topic))]);
    relay = new OutboxRelay({
      db,
      schema: def.name,
      databaseUrl: env.DATABASE_URL,
      transport,
      logger: logger.child({ source: "outbox-relay" }),
    });
    await relay.start();
    started.add(() => relay!.stop());
  }
  const consumers: RunningConsumer[] = [];
  const startConsumer = async (purpose: string): Promise<RunningConsumer> => {
    const definition = spec.consumers.find((c) => c.purpose === purpose);
    if (!definition) throw new Error(`${def.name} has no consumer ${purpose}`);
    return startEventConsumer({ subgraph: def.name, definition, db, transport, registry: spec.contracts, logger, publisher, services });
  };
  // Whatever the list holds when the subgraph stops (a caller may have replaced one).
  started.add(async () => void (await Promise.all(consumers.map((c) => c.stop()))));
  for (const definition of spec.consumers) consumers.push(await startConsumer(definition.purpose));
  // The same outbox, typed by event name only, for callers that hold the erased Subgraph.
  const untyped = new EventPublisher<EventMap>(spec.contracts, def.name, def.name, spec.publishes);
  return { transport, publisher: untyped, relay, consumers, startConsumer };
}

/** The event the gateway is completing a subscription from; only the gateway reaches /graphql. */
function liveEventOf(body: unknown): EventEnvelope<unknown> | undefined {
  const event = (body as { extensions?: Record<string, unknown> } | undefined)?.extensions?.[LIVE_EVENT_EXTENSION];
  return event && typeof event === "object" && typeof (event as EventEnvelope<unknown>).type === "string"
    ? (event as EventEnvelope<unknown>)
    : undefined;
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
