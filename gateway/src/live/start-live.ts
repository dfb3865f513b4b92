import type http from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import { learnloopContracts } from "@learnloop/events";
import {
  createErrorFormatter,
  createTransport,
  InternalContextSigner,
  LAG_BUCKETS,
  secondsSince,
  scrapedMetric,
  single,
  type MetricsRegistry,
} from "@learnloop/kit/internal";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import { Histogram, type Counter } from "prom-client";
import type { AuthResult } from "../auth";
import type { GatewayEnv } from "../environment";
import { SignedContextDataSource } from "../signed-context-data-source";
import { startEntitlementsFeed, type EntitlementsCache } from "../entitlements";
import { EventFeed } from "./event-feed";
import { LiveHub } from "./live-hub";
import { LivePlanner } from "./live-planner";
import type { OffThreadGraphQL } from "../off-thread/off-thread-graphql";
import { LIVE_EVENTS } from "./routes";
import { startLiveServer, type RateLimitCharge, type RunOperation } from "./ws-server";
import type { FirstPartyQueries } from "../persisted/first-party-queries";

export interface RunningLive {
  hub: LiveHub;
  feed: EventFeed;
  connections(): number;
  stop(): Promise<void>;
}

/**
 * Live subscriptions on the gateway's HTTP server: the event feed, the hub and graphql-ws. Off
 * (with a warning) when there is no event source configured.
 */
export async function startLive(options: {
  env: GatewayEnv;
  httpServer: http.Server;
  supergraphSdl: string;
  urls: Record<string, string>;
  signer: InternalContextSigner;
  authenticate(header: string | undefined): Promise<AuthResult>;
  runOperation: RunOperation;
  /** Charges one operation to the user's per-minute budget (ADR 0025). */
  rateLimit?: RateLimitCharge;
  firstParty: FirstPartyQueries;
  /** Checks and plans subscriptions off the event loop, like queries. */
  offThread: OffThreadGraphQL;
  /** Fed from billing's `entitlements.changed` on the same event source. */
  entitlements?: EntitlementsCache;
  /** The gateway's registry, for the live counters, and its subgraph fetch histogram. */
  metrics: { registry: MetricsRegistry; fetchDuration: Histogram<"subgraph">; fetchFailures: Counter<"subgraph"> };
  logger: Logger;
}): Promise<RunningLive | undefined> {
  const { env, logger } = options;
  if (!env.KAFKA_BROKERS.length && !env.EVENTLOG_DATABASE_URL) {
    logger.warn("live subscriptions off: set KAFKA_BROKERS or EVENTLOG_DATABASE_URL");
    return undefined;
  }
  const log = logger.child({ source: "live" });
  const transport = createTransport(
    { ...env, DATABASE_URL: env.EVENTLOG_DATABASE_URL ?? "", EVENTLOG_DATABASE_URL: env.EVENTLOG_DATABASE_URL },
    "learnloop-gateway-live",
    log,
  );
  const planner = new LivePlanner(options.supergraphSdl, options.offThread);
  const serviceMap = Object.fromEntries(
    Object.entries(options.urls).map(([name, url]) => [
      name,
      new SignedContextDataSource({
        name,
        url,
        signer: options.signer,
        timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
        logger: log,
        fetchDuration: options.metrics.fetchDuration,
        fetchFailures: options.metrics.fetchFailures,
      }),
    ]),
  );
  const eventLag = new Histogram({
    name: "learnloop_live_event_lag_seconds",
    help: "Time from an event's outbox write to the gateway's live feed receiving it (new events, not the resume backlog).",
    buckets: LAG_BUCKETS,
    registers: [options.metrics.registry],
  });
  const hub = new LiveHub(planner, serviceMap, log, env.LIVE_QUEUE_LIMIT, createErrorFormatter(log));
  const feed = new EventFeed({
    transport,
    registry: learnloopContracts,
    events: LIVE_EVENTS,
    window: env.LIVE_RESUME_WINDOW,
    logger: log,
    onEvent: async (event) => {
      const lag = secondsSince(event.occurredAt);
      if (lag !== undefined) eventLag.observe(lag);
      hub.dispatch(event);
    },
  });
  let entitlementsFeed: Awaited<ReturnType<typeof startEntitlementsFeed>> | undefined;
  try {
    await feed.start();
    if (options.entitlements)
      entitlementsFeed = await startEntitlementsFeed({
        transport,
        registry: learnloopContracts,
        cache: options.entitlements,
        tail: env.ENTITLEMENTS_REPLAY ?? env.ENTITLEMENTS_CACHE_SIZE,
        logger: log,
      });
  } catch (err) {
    await feed.stop();
    await transport.close(); // the gateway's failed start leaves no event-log pool behind
    throw err;
  }
  const server = startLiveServer({
    httpServer: options.httpServer,
    path: "/graphql",
    planner,
    offThread: options.offThread,
    hub,
    feed,
    authenticate: options.authenticate,
    runOperation: options.runOperation,
    rateLimit: options.rateLimit,
    persisted: options.firstParty,
    limits: {
      maxDepth: env.MAX_QUERY_DEPTH,
      maxAliases: env.MAX_ALIASES,
      maxCost: env.MAX_QUERY_COST,
      maxTokens: env.MAX_QUERY_TOKENS,
      connectionsPerUser: env.LIVE_CONNECTIONS_PER_USER,
      subscriptionsPerConnection: env.LIVE_SUBSCRIPTIONS_PER_CONNECTION,
      keepAliveMs: env.LIVE_KEEPALIVE_MS,
      queueLimit: env.LIVE_QUEUE_LIMIT,
    },
    logger: log,
  });
  registerLiveMetrics(options.metrics.registry, hub, feed, server.connections);
  return {
    hub,
    feed,
    connections: server.connections,
    async stop() {
      await server.close();
      await entitlementsFeed?.stop();
      await feed.stop();
      await transport.close();
    },
  };
}

/** The live counters, read from the hub and feed at each scrape; names as bench/live.js reads them. */
function registerLiveMetrics(registry: MetricsRegistry, hub: LiveHub, feed: EventFeed, connections: () => number): void {
  // One walk of the hub per scrape, however many of its metrics read it (they are collected in one tick).
  let snapshot: ReturnType<LiveHub["stats"]> | undefined;
  const stats = () => {
    if (!snapshot) {
      snapshot = hub.stats();
      setImmediate(() => (snapshot = undefined));
    }
    return snapshot;
  };
  const one = (name: string, help: string, type: "counter" | "gauge", read: () => number) =>
    scrapedMetric(registry, { name, help, type, read: () => single(read()) });
  one("learnloop_live_connections", "Open graphql-ws connections.", "gauge", connections);
  one("learnloop_live_subscriptions", "Live subscriptions, across connections.", "gauge", () => stats().members);
  one("learnloop_live_groups", "Groups of subscriptions that share one execution per event.", "gauge", () => stats().groups);
  one("learnloop_live_queued", "Results waiting for slow clients.", "gauge", () => stats().queued);
  one("learnloop_live_feed_events_total", "Events the live feed received.", "counter", () => feed.received);
  one("learnloop_live_delivered_total", "Results sent to subscribers.", "counter", () => stats().delivered);
  one("learnloop_live_dropped_total", "Results dropped for slow clients.", "counter", () => stats().dropped);
  scrapedMetric(registry, {
    name: "learnloop_live_executions_total",
    help: "Subscription executions (one per group and event), by root field.",
    type: "counter",
    labelNames: ["field"],
    read: () => Object.entries(stats().executionsByField).map(([field, value]) => ({ labels: { field }, value })),
  });
}

/** A subscription sent over HTTP gets a clear answer instead of @apollo/gateway's internal error. */
export function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === "subscription")
            throw new GraphQLError("Subscriptions run over WebSocket (graphql-ws) on this same URL.", {
              extensions: { code: "SUBSCRIPTION_REQUIRES_WEBSOCKET", http: { status: 400 } },
            });
        },
      };
    },
  };
}
