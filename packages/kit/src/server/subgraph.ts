import { ApolloServer } from "@apollo/server";
import { printSubgraphSchema } from "@apollo/subgraph";
import { ApolloServerPluginInlineTrace } from "@apollo/server/plugin/inlineTrace";
import { expressMiddleware } from "@as-integrations/express5";
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
import { consumerGroupId, startEventConsumer, type RunningConsumer } from "../events/consumer";
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
import { consumerLagHistogram, registerEventMetrics } from "./event-metrics";
import { requestIdPlugin, sendGraphQLError } from "./http";
import { createHttpService, startOrUndo, type StartedResources } from "./http-service";
import { jsonBody } from "./json-body";
import { eventsReadiness, probeRoutes } from "./readiness";
import {
  createMetricsRegistry,
  operationErrorCounter,
  operationHistogram,
  operationMetricsPlugin,
  OperationLabels,
  type MetricsRegistry,
} from "./metrics";
import type { SubgraphContext } from "./request-context";
import type { RunningEvents, RunningSubgraph, ServiceDeps, Subgraph, SubgraphDefinition, SubgraphEvents } from "./subgraph-definition";
import { refuseNulCharactersPlugin } from "./nul-guard";
import { stopTracing } from "../tracing/start-tracing";

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

function startSubgraph<Env extends SubgraphEnv, L, S, E extends EventMap>(
  def: SubgraphDefinition<Env, L, S, E>,
  env: Env,
  logger: Logger,
): Promise<RunningSubgraph> {
  return startOrUndo(logger, (started) => startParts(def, env, logger, started));
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
    migrationLockTimeoutMs: env.MIGRATION_LOCK_TIMEOUT_MS,
    logger,
  });
  started.add(() => db.stop());
  await db.start();
  // Fixed at start, whether or not the subgraph publishes: no code path can skip an event.
  const spec = eventsOf(def);
  const publisher = new EventPublisher<E>(spec.contracts, def.name, def.name, spec.publishes);
  // Created first: services register their own metrics, and the consumers observe their delivery lag on it from their first event.
  const metrics = createMetricsRegistry();
  const startDeps = { db, logger, env, events: publisher, metrics };
  const deps = { ...startDeps, services: def.services ? def.services(startDeps) : (undefined as S) };
  await def.onStart?.(deps);
  const events = await startEvents(def, deps, started, consumerLagHistogram(metrics, def.name));
  const idempotency = subgraphIdempotency(db, def.name, env, logger);
  for (const task of [...(def.background?.(deps) ?? []), idempotency.startSweep()]) started.add(() => task.stop());

  const schema = await buildSubgraphSchema(def);
  const verifier = new InternalContextVerifier(env.INTERNAL_CONTEXT_PUBLIC_KEY, def.name);
  const service = createHttpService({
    host: env.HOST,
    port: env.PORT,
    metricsPort: resolveMetricsPort(env.METRICS_PORT, env.PORT),
    logger,
    started,
    metrics,
  });
  registerEventMetrics(service.metrics, def.name, events);
  const apollo = new ApolloServer<SubgraphContext<L, E, S>>({
    schema,
    introspection: false,
    includeStacktraceInErrorResponses: false,
    // The process's own shutdown (onShutdown) stops Apollo in order; Apollo's handler would re-send
    // SIGTERM once done, which reads as "force" and exits 1 before the relay and pool have stopped.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(logger),
    plugins: [
      service.drainPlugin,
      subgraphOperationMetrics(service.metrics, def.name),
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

  const { app } = service;
  const check = def.readiness && (() => def.readiness!(deps));
  app.use(
    probeRoutes({
      db,
      timeoutMs: env.READY_TIMEOUT_MS,
      check: async () => eventsReadiness(events) ?? (await check?.()) ?? null,
    }),
  );
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
          plan: internal.plan ?? "FREE",
          features: internal.features ?? [],
          clientId: internal.clientId,
          liveEvent: liveEventOf(req.body),
          logger: requestLogger,
          db,
          manager,
          idempotency: keyed,
          loaders: def.createLoaders(db, viewer, manager),
          services: deps.services,
        };
      },
    }),
  );

  const { origin, metricsUrl } = await service.listen();
  const url = `${origin}/graphql`;
  logger.info({ url, metrics: metricsUrl }, `subgraph ${def.name} ready`);

  return {
    name: def.name,
    url,
    metricsUrl,
    db,
    events,
    stop: () => started.stopAll(),
  };
}

/**
 * Per operation, as the gateway named it: its planner names a fetch `<operation>__<subgraph>__<n>`,
 * and the label keeps the client's name, bounded as at the gateway (ADR 0021).
 */
function subgraphOperationMetrics(registry: MetricsRegistry, subgraph: string) {
  const suffix = new RegExp(`__${subgraph}__\\d+$`);
  return operationMetricsPlugin({
    histogram: operationHistogram(
      registry,
      "learnloop_subgraph_operation_duration_seconds",
      "Time a subgraph took to answer a GraphQL operation (a gateway fetch), by operation name and type.",
      ["subgraph"],
    ),
    errors: operationErrorCounter(
      registry,
      "learnloop_subgraph_operation_errors_total",
      "GraphQL operations a subgraph answered with errors, by operation name, type and class (server: ours; client: the caller's).",
      ["subgraph"],
    ),
    labels: new OperationLabels(SUBGRAPH_OPERATION_NAMES),
    fixed: { subgraph },
    nameOf: (name) => name?.replace(suffix, ""),
  });
}

/** Distinct operation names a subgraph labels before the rest count as `other`. */
const SUBGRAPH_OPERATION_NAMES = 200;

async function startEvents<Env extends SubgraphEnv, L, S, E extends EventMap>(
  def: SubgraphDefinition<Env, L, S, E>,
  deps: ServiceDeps<Env, E, S>,
  started: StartedResources,
  lag: (group: string) => (seconds: number) => void,
): Promise<RunningEvents> {
  const { db, env, logger, events: publisher, services } = deps;
  const spec = eventsOf(def);
  const transport = createTransport(env, `learnloop-${def.name}`, logger);
  started.add(() => transport.close());
  const startConsumer = async (purpose: string): Promise<RunningConsumer> => {
    const definition = spec.consumers.find((c) => c.purpose === purpose);
    if (!definition) throw new Error(`${def.name} has no consumer ${purpose}`);
    return startEventConsumer({
      subgraph: def.name,
      definition,
      db,
      transport,
      registry: spec.contracts,
      logger,
      publisher,
      services,
      observeLag: lag(consumerGroupId(def.name, purpose)),
    });
  };
  // The same outbox, typed by event name only, for callers that hold the erased Subgraph.
  const untyped = new EventPublisher<EventMap>(spec.contracts, def.name, def.name, spec.publishes);
  // Stops, /ready and /metrics read this object, so a relay or consumer a caller swapped in counts (bench/events.js).
  const running: RunningEvents = { transport, publisher: untyped, relay: undefined, consumers: [], startConsumer };
  if (spec.publishes.length) {
    await transport.ensureTopics([...new Set(spec.publishes.map((e) => spec.contracts.routing(e).topic))]);
    const relay = new OutboxRelay({
      db,
      schema: def.name,
      databaseUrl: env.DATABASE_URL,
      transport,
      logger: logger.child({ source: "outbox-relay" }),
    });
    await relay.start();
    running.relay = relay;
    started.add(async () => running.relay?.stop());
  }
  started.add(async () => void (await Promise.all(running.consumers.map((c) => c.stop()))));
  // Together: on Kafka each group's first join takes seconds, and the groups are independent.
  const starts = await Promise.allSettled(spec.consumers.map((definition) => startConsumer(definition.purpose)));
  for (const start of starts) if (start.status === "fulfilled") running.consumers.push(start.value);
  const failed = starts.find((start) => start.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason; // the started ones are stopped with the rest (`started`)
  return running;
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
    // The spans of the shutdown itself are sent too, before the process ends.
    stop()
      .finally(() => stopTracing())
      .then(
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
