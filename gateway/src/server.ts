import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import {
  continueTrace,
  createErrorFormatter,
  createHttpService,
  graphqlRequestShape,
  graphqlResponsePlugin,
  createLogger,
  InternalContextSigner,
  jsonBody,
  probeRoutes,
  refuseNulCharactersPlugin,
  resolveMetricsPort,
  requestIdPlugin,
  responseMediaType,
  sendGraphQLError,
  startOrUndo,
  type Role,
  type StartedResources,
  type Viewer,
} from "@learnloop/kit/internal";
import cors from "cors";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { createAuthenticator } from "./auth";
import { mountWebhooks } from "./webhook-proxy";
import { firstPartyClientId, type GatewayContext } from "./context";
import { openGatewayDatabase } from "./database";
import { idempotencyStatusPlugin, wellFormedIdempotencyKey } from "./idempotency";
import { IdempotencyRecords, idempotencyRecordPlugin } from "./idempotency-records";
import { developerSurfaces, type GatewayEnv } from "./environment";
import { incompleteResponsePlugin } from "./incomplete-response";
import { gatewayMetrics } from "./metrics";
import { queryLimitsPlugin } from "./limits";
import { operationResolutionPlugin } from "./operation-resolution";
import { GRAPHIQL_PATH, graphiqlRoutes } from "./graphiql";
import { printableOrigin, sandboxHtml } from "./sandbox";
import { SignedContextDataSource } from "./signed-context-data-source";
import { startLive, subscriptionsOverWebSocketPlugin, type RunningLive } from "./live/start-live";
import type { RunOperation } from "./live/ws-server";
import { parseInputScalars } from "./input-scalars";
import { readSupergraph, subgraphUrls } from "./supergraph";
import { FirstPartyQueries } from "./persisted/first-party-queries";
import { loadManifest } from "./persisted/manifest";
import { ApiKeyStore } from "./partner/api-key-store";
import { PARTNER_PATH, partnerEndpoint } from "./partner/partner-endpoint";
import { partnerOperations } from "./partner/scopes";
import { checkDocumentsOffThread } from "./off-thread/check-documents";
import { createRateLimits, withoutRateLimits } from "./rate-limit/rate-limits";
import { billingLookup, EntitlementsCache, type EntitlementsLookup, type SignedEntitlements } from "./entitlements";
import { callerOf, type Caller } from "./rate-limit/plans";
import { OffThreadGraphQL } from "./off-thread/off-thread-graphql";

export interface RunningGateway {
  url: string;
  /** GET /metrics on its own port (METRICS_PORT); undefined when off. */
  metricsUrl?: string;
  /** Live subscriptions, when an event source is configured. */
  live?: RunningLive;
  stop(): Promise<void>;
}

/** Starts everything the gateway serves with; a start that fails part way stops what it had started (ADR 0021). */
export function startGateway(env: GatewayEnv, logger: Logger = createLogger("gateway", env.LOG_LEVEL)): Promise<RunningGateway> {
  return startOrUndo(logger, (started) => serve(env, logger, started));
}

async function serve(env: GatewayEnv, logger: Logger, started: StartedResources): Promise<RunningGateway> {
  const database = env.DATABASE_URL
    ? await openGatewayDatabase({
        url: env.DATABASE_URL,
        logger,
        poolSize: env.DATABASE_POOL_SIZE,
        migrationLockTimeoutMs: env.MIGRATION_LOCK_TIMEOUT_MS,
      })
    : undefined;
  if (database) started.add(() => database.stop());
  // One store for every limit: Redis when REDIS_URL is set (all replicas share it), else this process (ADR 0025).
  // Every active user's plan, from billing's events: no request asks billing (issue 15, item 3).
  const entitlements = new EntitlementsCache(
    env.ENTITLEMENTS_CACHE_SIZE,
    (userId, signal) => missLookup(userId, signal),
    env.ENTITLEMENTS_LOOKUP_TIMEOUT_MS,
    logger.child({ source: "entitlements" }),
  );
  let missLookup: EntitlementsLookup = () => Promise.reject(new Error("billing is not known yet"));
  const rateLimited = createRateLimits(
    env,
    logger.child({ source: "rate-limit" }),
    (userId) => entitlements.planOf(userId),
    (userId) => entitlements.resolve(userId),
  );
  // A benchmark's baseline may skip the per-request checks (dev and test only, refused elsewhere).
  if (env.PLAN_CHECKS_BYPASS.size)
    logger.warn({ bypassed: [...env.PLAN_CHECKS_BYPASS] }, "PLAN_CHECKS_BYPASS is set: these checks are off (dev and test only)");
  const rateLimits = env.PLAN_CHECKS_BYPASS.has("rate-limits") ? withoutRateLimits(rateLimited) : rateLimited;
  const entitlementsOf = env.PLAN_CHECKS_BYPASS.has("entitlements")
    ? async (): Promise<Partial<SignedEntitlements>> => ({})
    : (userId: string): Promise<Partial<SignedEntitlements>> => entitlements.resolve(userId);
  started.add(() => rateLimits.close());
  // Shared from the first request when Redis answers; a Redis that does not is no reason not to serve.
  await rateLimits.store.ready(2_000);
  const keys = database && new ApiKeyStore(database, env.PARTNER_KEY_CACHE_MS, logger);
  // Without the gateway's database, each subgraph checks keys for its own fetches only (ADR 0012).
  const idempotencyRecords = database && new IdempotencyRecords(database, env.IDEMPOTENCY_TTL_MS);
  const supergraphSdl = readSupergraph(env.SUPERGRAPH_PATH);
  const urls = subgraphUrls(supergraphSdl, env.SUBGRAPH_URLS);
  const signer = new InternalContextSigner(env.INTERNAL_CONTEXT_PRIVATE_KEY);
  // A signed-in user the entitlements cache does not hold: billing is asked once (ADR 0027).
  if (urls.billing) missLookup = billingLookup(urls.billing, signer);
  const firstPartyManifest = loadManifest(env.FIRST_PARTY_MANIFEST_PATH);
  const partnerOps = partnerOperations(loadManifest(env.PARTNER_MANIFEST_PATH));
  const surfaces = developerSurfaces(env);
  const offThread = new OffThreadGraphQL({
    supergraphSdl,
    maxTokens: env.MAX_QUERY_TOKENS,
    introspection: surfaces.introspection,
    threads: env.GRAPHQL_WORKER_THREADS,
    timeoutMs: env.GRAPHQL_WORKER_TIMEOUT_MS,
    maxQueue: env.GRAPHQL_WORKER_MAX_QUEUE,
    nice: env.GRAPHQL_WORKER_NICE,
    logger: logger.child({ source: "off-thread" }),
  });
  started.add(() => offThread.close());
  await offThread.warmUp();

  const service = createHttpService({
    host: env.HOST,
    port: env.PORT,
    metricsPort: resolveMetricsPort(env.METRICS_PORT, env.PORT),
    logger,
    started,
  });
  const { app, httpServer } = service;
  const metrics = gatewayMetrics(
    service.metrics,
    [...firstPartyManifest.values(), ...partnerOps.values()].map((op) => op.name),
  );
  const gateway = new ApolloGateway({
    supergraphSdl,
    queryPlannerConfig: { cache: offThread.planStore },
    buildService: ({ name, url }) =>
      new SignedContextDataSource({
        name,
        url: urls[name] ?? url!,
        signer,
        timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
        logger,
        fetchDuration: metrics.fetches,
        fetchFailures: metrics.fetchFailures,
      }),
    logger: logger.child({ source: "apollo-gateway" }),
    // Its spans (request, plan, execute, fetch) go through @opentelemetry/api, exported only with
    // tracing on. A document may hold a learner's input: spans carry the operation name only.
    telemetry: { includeDocument: false, recordExceptions: false },
  });
  // Variables are coerced against this schema (the gateway's validateIncomingRequest).
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => void parseInputScalars(apiSchema));

  const firstParty = new FirstPartyQueries(firstPartyManifest);
  // Behind a load balancer, the client's address (for the partner endpoint's failed-key limit) is in X-Forwarded-For.
  app.set("trust proxy", env.TRUST_PROXY_HOPS);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // Apollo Server's own warnings go to our log (at LOG_LEVEL), not to the console.
    logger: logger.child({ source: "apollo-server" }),
    introspection: surfaces.introspection,
    includeStacktraceInErrorResponses: false,
    // Stopped in order by the process's own shutdown; Apollo's handler would re-send SIGTERM (a forced exit 1).
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: env.MAX_QUERY_TOKENS },
    documentStore: offThread.documentStore,
    persistedQueries: { cache: firstParty },
    formatError: createErrorFormatter(logger),
    plugins: [
      service.drainPlugin,
      metrics.operations, // first: it times the whole of Apollo Server's work
      surfaces.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      requestIdPlugin(),
      operationResolutionPlugin(), // before the limits, which measure the resolved operation
      refuseNulCharactersPlugin(),
      incompleteResponsePlugin(logger),
      rateLimits.plugin(), // once the operation is known: its expensive fields
      queryLimitsPlugin({ maxDepth: env.MAX_QUERY_DEPTH, maxAliases: env.MAX_ALIASES, maxCost: env.MAX_QUERY_COST }, offThread),
      subscriptionsOverWebSocketPlugin(),
      ...(idempotencyRecords ? [idempotencyRecordPlugin(idempotencyRecords, logger)] : []), // after the limits: refused work binds no key
      idempotencyStatusPlugin(),
      graphqlResponsePlugin(), // last: it reads the status the others set
    ],
  });
  await server.start();
  // Drains in-flight requests, then closes the HTTP server.
  started.add(() => server.stop());

  const authenticate = createAuthenticator(env);
  app.use(
    cors({
      origin: env.CORS_ORIGINS,
      exposedHeaders: [
        "x-request-id",
        "retry-after",
        "ratelimit-limit",
        "ratelimit-remaining",
        "ratelimit-reset",
        "ratelimit-policy",
        "ratelimit",
      ],
      maxAge: 600,
    }),
  );
  // Its own dependencies only: a subgraph that is down leaves its fields null, not the gateway unready.
  app.use(probeRoutes({ db: database, timeoutMs: env.READY_TIMEOUT_MS }));
  if (surfaces.sandbox) {
    app.get("/", (req, res) => {
      const origin = printableOrigin(req.protocol, req.get("host"), `localhost:${env.PORT}`);
      res.type("html").send(sandboxHtml({ graphqlPath: "/graphql", graphiqlPath: `${GRAPHIQL_PATH}/`, origin }));
    });
    app.use(GRAPHIQL_PATH, graphiqlRoutes(env.GRAPHIQL_DIR));
  }
  mountWebhooks(app, urls, logger);
  app.use(
    "/graphql",
    async (req, res, next) => {
      const auth = await authenticate(req.header("authorization"));
      if (!auth.ok) {
        if (!(await rateLimits.chargeFailedAuth(req, res))) return;
        return sendGraphQLError(res, 401, "UNAUTHENTICATED", auth.message, req.requestId);
      }
      res.locals.auth = auth;
      next();
    },
    rateLimits.middleware(), // before the body is read: an exhausted caller costs no parsing
    wellFormedIdempotencyKey(),
    jsonBody({ limit: env.BODY_LIMIT }),
    graphqlRequestShape({ landingPage: surfaces.sandbox }),
    checkDocumentsOffThread(offThread),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const clientId = req.header("x-client-id");
        const auth = res.locals.auth as { viewer: Viewer | null; roles: Role[]; machineId?: string };
        return {
          requestId: req.requestId,
          viewer: auth.viewer,
          roles: auth.roles,
          machineId: auth.machineId,
          ...(auth.viewer ? await entitlementsOf(auth.viewer.userId) : {}),
          rateLimitCaller: (res.locals.rateLimitCaller as Caller | undefined) ?? callerOf(auth, req.ip),
          clientId: firstPartyClientId(clientId),
          traceparent: continueTrace(req.header("traceparent")),
          idempotencyKey: res.locals.idempotencyKey as string | undefined,
          responseMediaType: responseMediaType(req),
        };
      },
    }),
  );
  if (keys)
    app.use(
      PARTNER_PATH,
      ...partnerEndpoint(server, {
        keys,
        operations: partnerOps,
        bodyLimit: env.BODY_LIMIT,
        authFailuresPerMinute: env.PARTNER_AUTH_FAILURES_PER_MINUTE,
        limiters: rateLimits.store,
        logger,
      }),
    );
  else
    app.use(PARTNER_PATH, (req, res) =>
      sendGraphQLError(res, 404, "NOT_FOUND", "The partner endpoint is not enabled here.", req.requestId),
    );

  const runOperation: RunOperation = async (request, { requestId, userId, roles, clientId, idempotencyKey }) => {
    const contextValue: GatewayContext = {
      requestId,
      viewer: { userId },
      roles,
      ...(await entitlementsOf(userId)),
      clientId,
      idempotencyKey,
      rateLimitCaller: { kind: "user", userId },
      traceparent: continueTrace(undefined),
    };
    const response = await server.executeOperation(request, { contextValue });
    if (response.body.kind !== "single") throw new Error("incremental delivery is not served over WebSocket");
    const { data, errors, extensions } = response.body.singleResult;
    // graphql-ws serialises errors with toJSON: give it GraphQLErrors, already formatted by Apollo Server.
    return { data, extensions, errors: errors?.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) };
  };
  const sweep = idempotencyRecords?.startSweep(logger);
  if (sweep) started.add(() => sweep.stop());
  const live = await startLive({
    env,
    httpServer,
    supergraphSdl,
    urls,
    signer,
    authenticate,
    runOperation,
    // Each subscribe (and each query or mutation sent over the socket) is one operation of the user's budget.
    // Looked up first, as over HTTP: a subscriber's first subscribe at this gateway is charged at their plan.
    rateLimit: async (userId) => {
      await entitlementsOf(userId);
      return rateLimits.charge({ kind: "user", userId });
    },
    firstParty,
    offThread,
    metrics: { registry: service.metrics, fetchDuration: metrics.fetches, fetchFailures: metrics.fetchFailures },
    entitlements,
    logger,
  });
  // Closes WebSockets (1001) before the HTTP drain, which they would otherwise hold open.
  if (live) started.add(() => live.stop());
  const { origin, metricsUrl } = await service.listen();
  const url = `${origin}/graphql`;
  logger.info({ url, live: Boolean(live), metrics: metricsUrl }, "gateway ready");
  return { url, metricsUrl, live, stop: () => started.stopAll() };
}
