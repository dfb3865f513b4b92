import { verifyWebhook } from "@clerk/backend/webhooks";
import type { LearnloopEvents } from "@learnloop/events";
import { newTraceparent, sendGraphQLError, type ServiceDeps } from "@learnloop/kit";
import express, { type Express } from "express";
import type { UsersEnv } from "../environment";
import { UserService } from "../modules/user/user.service";
import { deliveryId as deliveryIdSchema, readClerkEvent } from "./clerk-event";
import { toClerkProfile } from "./clerk-profile";
import { WebhookDelivery } from "./webhook-delivery.entity";

export const CLERK_WEBHOOK_PATH = "/webhooks/clerk";

/**
 * Clerk's user sync. The Standard Webhooks signature (svix headers, 5-minute tolerance) is the
 * authentication, so a forged body or a stale replay is refused; a delivery id seen before is
 * acknowledged without being applied again, which is what Clerk's retries need. A signed delivery
 * that is malformed (an id or field too long, a missing user) is a 400 INVALID_WEBHOOK_PAYLOAD:
 * retrying it cannot succeed, and a 500 would look like our fault.
 */
export function clerkWebhookRoute(app: Express, { db, logger, env, events }: ServiceDeps<UsersEnv, LearnloopEvents, unknown>): void {
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
    const malformed = (why: string) => {
      logger.warn({ requestId: req.requestId, why }, "clerk webhook rejected: malformed payload");
      return sendGraphQLError(res, 400, "INVALID_WEBHOOK_PAYLOAD", `The webhook payload is malformed (${why}).`, req.requestId);
    };
    const id = deliveryIdSchema.safeParse(req.header("svix-id"));
    if (!id.success) return malformed(`svix-id: ${id.error.issues[0]?.message ?? "invalid"}`);
    const deliveryId = id.data;
    const read = readClerkEvent(event);
    if (!read.ok) return malformed(read.why);
    const { type, user } = read;
    try {
      const outcome = await db.dataSource.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(WebhookDelivery)
          .values({ id: deliveryId, type })
          .orIgnore()
          .returning("id")
          .execute();
        if (inserted.raw.length === 0) return "duplicate";
        const meta = { requestId: req.requestId, traceparent: newTraceparent() };
        const users = new UserService(manager, { publisher: events, meta });
        if (!user) return "ignored";
        if (user.type === "user.deleted") {
          if (user.data.id) await users.erase(user.data.id);
        } else await users.upsertFromClerk(toClerkProfile(user.data));
        return "applied";
      });
      logger.info({ deliveryId, type, outcome, requestId: req.requestId }, "clerk webhook");
      res.json({ status: outcome, requestId: req.requestId });
    } catch (err) {
      logger.error({ err, deliveryId }, "clerk webhook failed");
      sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error", req.requestId);
    }
  });
}
