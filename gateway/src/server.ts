import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { expressMiddleware } from "@as-integrations/express5";
import {
  answerClientErrors,
  continueTrace,
  createErrorFormatter,
  graphqlRequestShape,
  graphqlResponsePlugin,
  createLogger,
  httpErrorHandler,
  InternalContextSigner,
  jsonBody,
  readinessHandler,
  refuseNulCharactersPlugin,
  requestId,
  resolveMetricsPort,
  startMetricsServer,
  type MetricsServer,
  requestIdPlugin,
  responseMediaType,
  sendGraphQLError,
  type BackgroundTask,
  type Database,
  type Role,
  type Viewer,
} from "@learnloop/kit";
import cors from "cors";
import { GraphQLError } from "graphql";
import express from "express";
import type { Logger } from "pino";
import { createAuthenticator } from "./auth";
import { mountClerkWebhook } from "./clerk-webhook-proxy";
import { firstPartyClientId, type GatewayContext } from "./context";
import { openGatewayDatabase } from "./database";
import { idempotencyStatusPlugin, wellFormedIdempotencyKey } from "./idempotency";
import { IdempotencyRecords, idempotencyRecordPlugin } from "./idempotency-records";
import type { GatewayEnv } from "./environment";
import { incompleteResponsePlugin } from "./incomplete-response";
import { queryLimitsPlugin } from "./limits";
import { operationResolutionPlugin } from "./operation-resolution";
import { sandboxHtml } from "./sandbox";
import { SignedContextDataSource } from "./signed-context-data-source";
import { startLive, subscriptionsOverWebSocketPlugin, type RunningLive } from "./live/start-live";
import type { RunOperation } from "./live/ws-server";
import { readSupergraph, subgraphUrls } from "./supergraph";
import { FirstPartyQueries } from "./persisted/first-party-queries";
import { loadManifest } from "./persisted/manifest";
import { ApiKeyStore } from "./partner/api-key-store";
import { PARTNER_PATH, partnerEndpoint } from "./partner/partner-endpoint";
import { partnerOperations } from "./partner/scopes";
import { checkDocumentsOffThread } from "./off-thread/check-documents";
import { OffThreadGraphQL } from "./off-thread/off-thread-graphql";

export interface RunningGateway {
  url: string;
  /** GET /metrics on its own port (METRICS_PORT); undefined when off. */
  metricsUrl?: string;
  /** Live subscriptions, when an event source is configured. */
  live?: RunningLive;
  stop(): Promise<void>;
}

export async function startGateway(env: GatewayEnv, logger: Logger = createLogger("gateway", env.LOG_LEVEL)): Promise<RunningGateway> {
  const database = env.DATABASE_URL
    ? await openGatewayDatabase({ url: env.DATABASE_URL, logger, poolSize: env.DATABASE_POOL_SIZE })
    : undefined;
  try {
    return await serve(env, logger, database);
  } catch (err) {
    await database?.stop(); // a gateway that failed to start leaves no pool behind
    throw err;
  }
}

async function serve(env: GatewayEnv, logger: Logger, database: Database | undefined): Promise<RunningGateway> {
  const keys = database && new ApiKeyStore(database, env.PARTNER_KEY_CACHE_MS, logger);
  // Without the gateway's database, each subgraph checks keys for its own fetches only (ADR 0012).
  const idempotencyRecords = database && new IdempotencyRecords(database, env.IDEMPOTENCY_TTL_MS);
  const supergraphSdl = readSupergraph(env.SUPERGRAPH_PATH);
  const urls = subgraphUrls(supergraphSdl, env.SUBGRAPH_URLS);
  const signer = new InternalContextSigner(env.INTERNAL_CONTEXT_PRIVATE_KEY);
  const offThread = new OffThreadGraphQL({
    supergraphSdl,
    maxTokens: env.MAX_QUERY_TOKENS,
    introspection: env.INTROSPECTION_ENABLED,
    threads: env.GRAPHQL_WORKER_THREADS,
    timeoutMs: env.GRAPHQL_WORKER_TIMEOUT_MS,
    maxQueue: env.GRAPHQL_WORKER_MAX_QUEUE,
    nice: env.GRAPHQL_WORKER_NICE,
    logger: logger.child({ source: "off-thread" }),
  });
  await offThread.warmUp();
  const gateway = new ApolloGateway({
    supergraphSdl,
    queryPlannerConfig: { cache: offThread.planStore },
    buildService: ({ name, url }) =>
      new SignedContextDataSource({ name, url: urls[name] ?? url!, signer, timeoutMs: env.SUBGRAPH_TIMEOUT_MS, logger }),
    logger: logger.child({ source: "apollo-gateway" }),
  });

  const firstParty = new FirstPartyQueries(loadManifest(env.FIRST_PARTY_MANIFEST_PATH));
  const partnerOps = partnerOperations(loadManifest(env.PARTNER_MANIFEST_PATH));

  const app = express();
  app.disable("x-powered-by");
  // Behind a load balancer, the client's address (for the partner endpoint's failed-key limit) is in X-Forwarded-For.
  app.set("trust proxy", env.TRUST_PROXY_HOPS);
  const httpServer = http.createServer(app);
  answerClientErrors(httpServer, logger);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // Apollo Server's own warnings go to our log (at LOG_LEVEL), not to the console.
    logger: logger.child({ source: "apollo-server" }),
    introspection: env.INTROSPECTION_ENABLED,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: env.MAX_QUERY_TOKENS },
    documentStore: offThread.documentStore,
    persistedQueries: { cache: firstParty },
    formatError: createErrorFormatter(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      env.SANDBOX_ENABLED
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      requestIdPlugin(),
      operationResolutionPlugin(), // before the limits, which measure the resolved operation
      refuseNulCharactersPlugin(),
      incompleteResponsePlugin(logger),
      queryLimitsPlugin({ maxDepth: env.MAX_QUERY_DEPTH, maxAliases: env.MAX_ALIASES, maxCost: env.MAX_QUERY_COST }, offThread),
      subscriptionsOverWebSocketPlugin(),
      ...(idempotencyRecords ? [idempotencyRecordPlugin(idempotencyRecords, logger)] : []), // after the limits: refused work binds no key
      idempotencyStatusPlugin(),
      graphqlResponsePlugin(), // last: it reads the status the others set
    ],
  });
  await server.start();

  const authenticate = createAuthenticator(env);
  app.use(requestId());
  app.use(cors({ origin: env.CORS_ORIGINS, exposedHeaders: ["x-request-id"], maxAge: 600 }));
  app.get("/health", (_req, res) => void res.json({ status: "ok" }));
  // Its own dependencies only: a subgraph that is down leaves its fields null, not the gateway unready.
  app.get("/ready", readinessHandler({ db: database, timeoutMs: env.READY_TIMEOUT_MS }));
  if (env.SANDBOX_ENABLED) app.get("/", (_req, res) => void res.type("html").send(sandboxHtml("/graphql")));
  mountClerkWebhook(app, urls.users ? new URL("/webhooks/clerk", urls.users).href : undefined, logger);
  app.use(
    "/graphql",
    async (req, res, next) => {
      const auth = await authenticate(req.header("authorization"));
      if (!auth.ok) return sendGraphQLError(res, 401, "UNAUTHENTICATED", auth.message, req.requestId);
      res.locals.auth = auth;
      next();
    },
    wellFormedIdempotencyKey(),
    jsonBody({ limit: env.BODY_LIMIT }),
    graphqlRequestShape({ landingPage: env.SANDBOX_ENABLED }),
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
        logger,
      }),
    );
  else
    app.use(PARTNER_PATH, (req, res) =>
      sendGraphQLError(res, 404, "NOT_FOUND", "The partner endpoint is not enabled here.", req.requestId),
    );
  app.use((req, res) => sendGraphQLError(res, 404, "NOT_FOUND", `No route for ${req.method} ${req.path}.`, req.requestId));
  app.use(httpErrorHandler((err) => logger.error({ err }, "unhandled http error")));

  const runOperation: RunOperation = async (request, { requestId, userId, roles, clientId, idempotencyKey }) => {
    const contextValue: GatewayContext = {
      requestId,
      viewer: { userId },
      roles,
      clientId,
      idempotencyKey,
      traceparent: continueTrace(undefined),
    };
    const response = await server.executeOperation(request, { contextValue });
    if (response.body.kind !== "single") throw new Error("incremental delivery is not served over WebSocket");
    const { data, errors, extensions } = response.body.singleResult;
    // graphql-ws serialises errors with toJSON: give it GraphQLErrors, already formatted by Apollo Server.
    return { data, extensions, errors: errors?.map((e) => new GraphQLError(e.message, { path: e.path, extensions: e.extensions })) };
  };
  let live: RunningLive | undefined;
  let metrics: MetricsServer | undefined;
  let sweep: BackgroundTask | undefined;
  try {
    sweep = idempotencyRecords?.startSweep(logger);
    live = await startLive({ env, httpServer, supergraphSdl, urls, signer, authenticate, runOperation, firstParty, offThread, logger });
    const metricsPort = resolveMetricsPort(env.METRICS_PORT, env.PORT);
    if (metricsPort !== undefined)
      metrics = await startMetricsServer({ port: metricsPort, host: env.HOST, render: () => live?.metrics() ?? "", logger });
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject); // a port in use fails the start instead of crashing the process
      httpServer.listen(env.PORT, env.HOST, () => {
        httpServer.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await sweep?.stop();
    await metrics?.stop();
    await live?.stop();
    await server.stop();
    await offThread.close();
    throw err;
  }
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${env.HOST}:${port}/graphql`;
  logger.info({ url, live: Boolean(live), metrics: metrics?.url }, "gateway ready");
  return {
    url,
    metricsUrl: metrics?.url,
    live,
    async stop() {
      try {
        await sweep?.stop();
        await metrics?.stop();
        await live?.stop(); // closes WebSockets (1001), so the HTTP drain is not held open by them
        await server.stop();
      } finally {
        await offThread.close();
        await database?.stop();
      }
    },
  };
}
