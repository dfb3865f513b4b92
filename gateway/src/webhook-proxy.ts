import { allowMethods, sendGraphQLError } from "@learnloop/kit/internal";
import express, { type Express } from "express";
import type { Logger } from "pino";

/** A sender's webhooks: the public path, the subgraph that verifies them there, and the headers its signature needs. */
export interface WebhookRoute {
  /** Who sends it, for the messages (Clerk, Stripe). */
  sender: string;
  path: string;
  subgraph: string;
  headers: readonly string[];
  limit: string;
}

/** Every webhook the gateway takes; the owning subgraph serves the same path and verifies the signature. */
export const WEBHOOK_ROUTES: readonly WebhookRoute[] = [
  {
    sender: "Clerk",
    path: "/webhooks/clerk",
    subgraph: "users",
    headers: ["svix-id", "svix-timestamp", "svix-signature", "content-type"],
    limit: "256kb",
  },
  { sender: "Stripe", path: "/webhooks/stripe", subgraph: "billing", headers: ["stripe-signature", "content-type"], limit: "512kb" },
];

/**
 * Webhook senders call the gateway, the one public address; the subgraph that owns the data
 * verifies the signature. The body is passed on byte for byte, since the signature covers the
 * exact bytes, and the subgraph's status and answer come back unchanged.
 */
export function mountWebhooks(
  app: Express,
  subgraphUrls: Record<string, string | undefined>,
  logger: Logger,
  routes = WEBHOOK_ROUTES,
): void {
  for (const route of routes) {
    const base = subgraphUrls[route.subgraph];
    const target = base ? new URL(route.path, base).href : undefined;
    app.post(route.path, express.raw({ type: "*/*", limit: route.limit }), async (req, res) => {
      if (!target) return sendGraphQLError(res, 404, "NOT_FOUND", `No ${route.subgraph} subgraph is configured.`, req.requestId);
      const headers: Record<string, string> = { "x-request-id": req.requestId };
      for (const name of route.headers) {
        const value = req.header(name);
        if (value) headers[name] = value;
      }
      try {
        const upstream = await fetch(target, { method: "POST", headers, body: Buffer.isBuffer(req.body) ? req.body : undefined });
        res
          .status(upstream.status)
          .type("application/json")
          .send(await upstream.text());
      } catch (err) {
        logger.error({ err, requestId: req.requestId, webhook: route.path }, "webhook forwarding failed");
        sendGraphQLError(
          res,
          502,
          "SUBGRAPH_UNAVAILABLE",
          `The ${route.subgraph} service is unavailable; ${route.sender} will retry.`,
          req.requestId,
        );
      }
    });
    app.use(route.path, allowMethods(["POST"], `${route.sender} delivers webhooks with POST.`));
  }
}
