import type http from "node:http";
import type { ApolloServerPlugin } from "@apollo/server";
import { learnloopContracts } from "@learnloop/events";
import { createErrorFormatter, createTransport, InternalContextSigner, prometheusText, type Metric } from "@learnloop/kit";
import { GraphQLError } from "graphql";
import type { Logger } from "pino";
import type { AuthResult } from "../auth";
import type { GatewayEnv } from "../environment";
import { SignedContextDataSource } from "../signed-context-data-source";
import { EventFeed } from "./event-feed";
import { LiveHub } from "./live-hub";
import { LivePlanner } from "./live-planner";
import type { OffThreadGraphQL } from "../off-thread/off-thread-graphql";
import { LIVE_EVENTS } from "./routes";
import { startLiveServer, type RunOperation } from "./ws-server";
import type { FirstPartyQueries } from "../persisted/first-party-queries";

export interface RunningLive {
  hub: LiveHub;
  feed: EventFeed;
  connections(): number;
  /** Prometheus text for /metrics. */
  metrics(): string;
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
  firstParty: FirstPartyQueries;
  /** Checks and plans subscriptions off the event loop, like queries. */
  offThread: OffThreadGraphQL;
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
      new SignedContextDataSource({ name, url, signer: options.signer, timeoutMs: env.SUBGRAPH_TIMEOUT_MS, logger: log }),
    ]),
  );
  const hub = new LiveHub(planner, serviceMap, log, env.LIVE_QUEUE_LIMIT, createErrorFormatter(log));
  const feed = new EventFeed({
    transport,
    registry: learnloopContracts,
    events: LIVE_EVENTS,
    window: env.LIVE_RESUME_WINDOW,
    logger: log,
    onEvent: async (event) => hub.dispatch(event),
  });
  await feed.start();
  const server = startLiveServer({
    httpServer: options.httpServer,
    path: "/graphql",
    planner,
    offThread: options.offThread,
    hub,
    feed,
    authenticate: options.authenticate,
    runOperation: options.runOperation,
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
  return {
    hub,
    feed,
    connections: server.connections,
    metrics: () => liveMetrics(hub, feed, server.connections()),
    async stop() {
      await server.close();
      await feed.stop();
      await transport.close();
    },
  };
}

function liveMetrics(hub: LiveHub, feed: EventFeed, connections: number): string {
  const s = hub.stats();
  const one = (name: string, type: Metric["type"], value: number): Metric => ({ name, type, samples: [{ value }] });
  return prometheusText([
    one("learnloop_live_connections", "gauge", connections),
    one("learnloop_live_subscriptions", "gauge", s.members),
    one("learnloop_live_groups", "gauge", s.groups),
    one("learnloop_live_queued", "gauge", s.queued),
    one("learnloop_live_feed_events_total", "counter", feed.received),
    one("learnloop_live_delivered_total", "counter", s.delivered),
    one("learnloop_live_dropped_total", "counter", s.dropped),
    {
      name: "learnloop_live_executions_total",
      type: "counter",
      samples: Object.entries(s.executionsByField).map(([field, value]) => ({ labels: { field }, value })),
    },
    one("process_resident_memory_bytes", "gauge", process.memoryUsage().rss),
  ]);
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
