import { verifyWebhook } from "@clerk/backend/webhooks";
import { eventSink } from "@learnloop/events";
import { newTraceparent, sendGraphQLError, type RouteDeps } from "@learnloop/kit";
import express, { type Express } from "express";
import type { UsersEnv } from "../environment";
import { UserService } from "../modules/user/user.service";
import { toClerkProfile } from "./clerk-profile";
import { WebhookDelivery } from "./webhook-delivery.entity";

export const CLERK_WEBHOOK_PATH = "/webhooks/clerk";

/**
 * Clerk's user sync. The Standard Webhooks signature (svix headers, 5-minute tolerance) is the
 * authentication, so a forged body or a stale replay is refused; a delivery id seen before is
 * acknowledged without being applied again, which is what Clerk's retries need.
 */
export function clerkWebhookRoute(app: Express, { db, logger, env, events }: RouteDeps<UsersEnv>): void {
  app.post(CLERK_WEBHOOK_PATH, express.raw({ type: "*/*", limit: "256kb" }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = new Headers();
    for (const name of ["svix-id", "svix-timestamp", "svix-signature", "content-type"]) {
      const value = req.header(name);
      if (value) headers.set(name, value);
    }
    let event;
    try {
      event = await verifyWebhook(new Request("http://users.internal/webhooks/clerk", { method: "POST", headers, body }), {
        signingSecret: env.CLERK_WEBHOOK_SIGNING_SECRET,
      });
    } catch {
      logger.warn({ requestId: req.requestId }, "clerk webhook rejected: bad signature or timestamp");
      return sendGraphQLError(res, 400, "INVALID_WEBHOOK_SIGNATURE", "Webhook signature verification failed.", req.requestId);
    }
    const deliveryId = req.header("svix-id") as string;
    try {
      const outcome = await db.dataSource.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(WebhookDelivery)
          .values({ id: deliveryId, type: event.type })
          .orIgnore()
          .returning("id")
          .execute();
        if (inserted.raw.length === 0) return "duplicate";
        const meta = { requestId: req.requestId, traceparent: newTraceparent() };
        const users = new UserService(manager, events && eventSink({ events, eventMeta: meta }));
        switch (event.type) {
          case "user.created":
          case "user.updated":
            await users.upsertFromClerk(toClerkProfile(event.data));
            return "applied";
          case "user.deleted":
            if (event.data.id) await users.erase(event.data.id);
            return "applied";
          default:
            return "ignored";
        }
      });
      logger.info({ deliveryId, type: event.type, outcome, requestId: req.requestId }, "clerk webhook");
      res.json({ status: outcome, requestId: req.requestId });
    } catch (err) {
      logger.error({ err, deliveryId }, "clerk webhook failed");
      sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error", req.requestId);
    }
  });
}
