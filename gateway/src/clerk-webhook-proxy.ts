import { allowMethods, sendGraphQLError } from "@learnloop/kit/internal";
import express, { type Express } from "express";
import type { Logger } from "pino";

const FORWARDED = ["svix-id", "svix-timestamp", "svix-signature", "content-type"];

/**
 * Clerk calls the gateway, the one public address; the users subgraph verifies the signature.
 * The body is passed on byte for byte, since the signature covers the exact bytes.
 */
export function mountClerkWebhook(app: Express, target: string | undefined, logger: Logger): void {
  app.post("/webhooks/clerk", express.raw({ type: "*/*", limit: "256kb" }), async (req, res) => {
    if (!target) return sendGraphQLError(res, 404, "NOT_FOUND", "No users subgraph is configured.", req.requestId);
    const headers: Record<string, string> = { "x-request-id": req.requestId };
    for (const name of FORWARDED) {
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
      logger.error({ err, requestId: req.requestId }, "clerk webhook forwarding failed");
      sendGraphQLError(res, 502, "SUBGRAPH_UNAVAILABLE", "The users service is unavailable; Clerk will retry.", req.requestId);
    }
  });
  app.use("/webhooks/clerk", allowMethods(["POST"], "Clerk delivers webhooks with POST."));
}
