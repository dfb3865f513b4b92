import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { answerClientErrors } from "./client-error";
import { httpErrorHandler, requestId, sendGraphQLError } from "./http";
import { listen } from "./listen";
import { createMetricsRegistry, type MetricsRegistry } from "./metrics";
import { startMetricsServer } from "./metrics-server";

/** What a service started so far, stopped newest first: by stop(), and by a start that failed part way. */
export class StartedResources {
  private readonly stops: (() => Promise<void>)[] = [];
  constructor(private readonly logger: Logger) {}

  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  /** Every stop runs, even after one failed (logged): a pool left open outlives the process's wish to end. */
  async stopAll(): Promise<void> {
    for (const stop of this.stops.splice(0).reverse()) await stop().catch((err) => this.logger.error({ err }, "stop failed"));
  }
}

/** Runs `start`; when it throws, stops what it had started, newest first, then throws: a failed start leaves nothing running. */
export async function startOrUndo<T>(logger: Logger, start: (started: StartedResources) => Promise<T>): Promise<T> {
  const started = new StartedResources(logger);
  try {
    return await start(started);
  } catch (err) {
    await started.stopAll();
    throw err;
  }
}

export interface HttpServiceOptions {
  host: string;
  port: number;
  /** METRICS_PORT resolved (resolveMetricsPort); undefined: no metrics server. */
  metricsPort: number | undefined;
  logger: Logger;
  started: StartedResources;
  /** The service's registry, when parts started before the HTTP service register on it too; a new one otherwise. */
  metrics?: MetricsRegistry;
  /**
   * Longer than any client's or load balancer's idle keep-alive (60 s is the common default), so
   * none reuses a socket this side is closing. The headers timeout must exceed it.
   */
  keepAliveTimeoutMs?: number;
}

export interface HttpService {
  /** x-powered-by off, a request id on every request; the service adds its routes. */
  readonly app: Express;
  readonly httpServer: http.Server;
  /** The service's own metrics (ADR 0021); its metrics port serves them with the process's. */
  readonly metrics: MetricsRegistry;
  /** For Apollo Server's plugins: its stop() drains in-flight requests, then closes `httpServer`. */
  readonly drainPlugin: ApolloServerPlugin;
  /**
   * Ends the app with the 404 and error answers, starts the metrics server (stopped through
   * `started`), then listens. Last in a start: nothing after it can fail.
   */
  listen(): Promise<{ origin: string; metricsUrl?: string }>;
}

/** The HTTP bootstrap the gateway and every subgraph share (ADR 0021); each adds only its own middleware and routes. */
export function createHttpService(options: HttpServiceOptions): HttpService {
  const { logger, started } = options;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  answerClientErrors(httpServer, logger);
  httpServer.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;
  httpServer.headersTimeout = httpServer.keepAliveTimeout + 1_000;
  app.use(requestId());
  const metrics = options.metrics ?? createMetricsRegistry();
  return {
    app,
    httpServer,
    metrics,
    drainPlugin: ApolloServerPluginDrainHttpServer({ httpServer }),
    async listen() {
      app.use((req, res) => sendGraphQLError(res, 404, "NOT_FOUND", `No route for ${req.method} ${req.path}.`, req.requestId));
      app.use(httpErrorHandler((err) => logger.error({ err }, "unhandled http error")));
      // Metrics are internal (the scraper's network), so they have a port of their own; see ADR 0013.
      let metricsUrl: string | undefined;
      if (options.metricsPort !== undefined) {
        const server = await startMetricsServer({ port: options.metricsPort, host: options.host, registry: metrics, logger });
        started.add(() => server.stop());
        metricsUrl = server.url;
      }
      await listen(httpServer, options.port, options.host);
      const { port } = httpServer.address() as AddressInfo;
      return { origin: `http://${options.host}:${port}`, metricsUrl };
    },
  };
}
