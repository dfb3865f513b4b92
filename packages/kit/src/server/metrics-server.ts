import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import type { Logger } from "pino";
import { requestId, sendGraphQLError } from "./http";
import { listen } from "./listen";
import { processMetrics, renderMetrics, type MetricsRegistry } from "./metrics";

export interface MetricsServer {
  /** http://host:port/metrics */
  url: string;
  stop(): Promise<void>;
}

/**
 * GET /metrics (Prometheus text) on a port of its own, so the port a service answers clients or
 * the gateway on never serves it, and a network policy can leave the metrics port to the scraper.
 * It shows `registry` (the service's) and the process's own metrics.
 */
export async function startMetricsServer(options: {
  port: number;
  host: string;
  registry: MetricsRegistry;
  logger: Logger;
}): Promise<MetricsServer> {
  processMetrics(); // from now on, so the first scrape already has the event loop's delay
  const app = express();
  app.disable("x-powered-by");
  app.use(requestId());
  app.get("/metrics", async (req, res) => {
    try {
      const text = await renderMetrics(options.registry);
      res.setHeader("content-type", options.registry.contentType);
      res.send(text);
    } catch (err) {
      options.logger.error({ err }, "metrics failed");
      sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error", req.requestId);
    }
  });
  app.use((req, res) => sendGraphQLError(res, 404, "NOT_FOUND", `No route for ${req.method} ${req.path}.`, req.requestId));
  const server = http.createServer(app);
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/metrics`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a scraper's keep-alive socket must not hold the shutdown
      }),
  };
}
