import type { LearnloopEvents } from "@learnloop/events";
import {
  newTraceparent,
  recordAudit,
  returnedRows,
  type EventMeta,
  type EventPublisher,
  sendGraphQLError,
  type AuditEntry,
  type ServiceDeps,
} from "@learnloop/kit";
import express, { type Express } from "express";
import Stripe from "stripe";
import type { EntityManager } from "typeorm";
import type { BillingServices } from "../context";
import type { BillingEnv } from "../environment";
import { InvoiceRow, StripeEventRow } from "../modules/billing/billing.entities";
import type { BillingService } from "../modules/billing/billing.service";
import type { DunningService } from "../modules/dunning/dunning.service";
import { Plan } from "../plans";

export const STRIPE_WEBHOOK_PATH = "/webhooks/stripe";

type Outcome = "applied" | "duplicate" | "stale" | "ignored" | "unknown-type";

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === "string" ? value : (value?.id ?? null);

/** An invoice's subscription: `parent.subscription_details` since Stripe's 2025 API versions, `subscription` before. */
const subscriptionOfInvoice = (invoice: Stripe.Invoice): string | null =>
  idOf(invoice.parent?.subscription_details?.subscription) ?? idOf((invoice as unknown as { subscription?: string | null }).subscription);

/** What applying one event works with, all in the webhook's transaction. */
interface ApplyContext {
  tx: EntityManager;
  billing: BillingService;
  dunning: DunningService;
  audit: (entry: Omit<AuditEntry, "mutation">) => Promise<void>;
  events: EventPublisher<LearnloopEvents>;
  meta: EventMeta;
  /** The users whose plan or entitlements this event may have changed. */
  touched: Set<string>;
}

/**
 * Dunning after any change to a subscription (ADR 0028): back in good standing (or ended), its
 * grace period ends and a fall back to Free is undone; past due, a grace period starts unless one
 * runs, announced by `payment.failed` (with the failed invoice's amount when this is one).
 */
async function followDunning(
  ctx: ApplyContext,
  subscriptionId: string | null,
  at: number,
  invoice?: Pick<Stripe.Invoice, "amount_due" | "currency">,
): Promise<void> {
  const { tx, dunning, audit, touched } = ctx;
  if (!subscriptionId) return;
  const settled = await dunning.settle(tx, subscriptionId);
  if (settled) {
    await audit({
      targetType: "Subscription",
      targetIds: [subscriptionId, settled.userId],
      changes: { gracePeriod: "ended", planRestored: settled.restored },
    });
    touched.add(settled.userId);
    return;
  }
  // One grace period per run of failures: Stripe's retries that fail again do not extend it.
  const grace = await dunning.startGrace(tx, subscriptionId, at);
  if (!grace) return;
  await audit({
    targetType: "Subscription",
    targetIds: [subscriptionId, grace.userId],
    changes: { gracePeriod: "started", graceEndsAt: grace.graceEndsAt.toISOString() },
  });
  const currency = invoice?.currency && /^[a-z]{3}$/.test(invoice.currency) ? invoice.currency : null;
  if (grace.plan !== Plan.FREE)
    await ctx.events.publish(
      tx,
      "payment.failed",
      {
        userId: grace.userId,
        plan: grace.plan,
        // An amount without a known currency is left out, never shown in a guessed one.
        ...(currency && typeof invoice?.amount_due === "number"
          ? { amountDueCents: Math.max(0, Math.trunc(invoice.amount_due)), currency }
          : {}),
        failedAt: new Date(at * 1000).toISOString(),
        graceEndsAt: grace.graceEndsAt.toISOString(),
      },
      ctx.meta,
    );
  touched.add(grace.userId);
}

/**
 * Applies one verified event in `tx`. Subscription state carries the `event.created` it came
 * from, and an older event never overwrites a newer one (Stripe does not order deliveries).
 */
async function apply(event: Stripe.Event, ctx: ApplyContext): Promise<Outcome> {
  const { tx, billing, audit, touched } = ctx;
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      const userId = session.client_reference_id;
      const subscriptionId = idOf(session.subscription);
      const customerId = idOf(session.customer);
      if (session.mode !== "subscription" || !userId || !subscriptionId || !customerId) return "ignored";
      // The session names the subscription; its state is fetched, as Stripe advises for events used as triggers.
      const owner = (await billing.userOfCustomer(tx, customerId)) ?? userId;
      if (await billing.isErased(tx, owner)) return "ignored";
      const sub = await billing.retrieveSubscription(subscriptionId);
      if (!(await billing.applySubscription(tx, sub, event.created, owner))) return "stale";
      await audit({ targetType: "Subscription", targetIds: [subscriptionId, owner], changes: { status: sub.status } });
      touched.add(owner);
      await followDunning(ctx, subscriptionId, event.created);
      return "applied";
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
    case "customer.subscription.paused":
    case "customer.subscription.resumed": {
      const sub = event.data.object;
      const userId = sub.metadata?.user_id ?? (await billing.userOfCustomer(tx, idOf(sub.customer)));
      // A user erased since (user.deleted): Stripe's word about the cancelled subscription changes nothing here.
      if (!userId || (await billing.isErased(tx, userId))) return "ignored";
      if (!(await billing.applySubscription(tx, sub, event.created, userId))) return "stale";
      await audit({
        targetType: "Subscription",
        targetIds: [sub.id, userId],
        changes: { status: sub.status, cancelAtPeriodEnd: sub.cancel_at_period_end },
      });
      touched.add(userId);
      await followDunning(ctx, sub.id, event.created);
      return "applied";
    }
    case "invoice.paid":
    case "invoice.payment_failed": {
      const invoice = event.data.object;
      const subscriptionId = subscriptionOfInvoice(invoice);
      const userId = await billing.userOfCustomer(tx, idOf(invoice.customer));
      if (!invoice.id) return "ignored";
      const paid = event.type === "invoice.paid";
      await tx
        .createQueryBuilder()
        .insert()
        .into(InvoiceRow)
        .values({
          stripeInvoiceId: invoice.id,
          userId,
          stripeSubscriptionId: subscriptionId,
          status: paid ? "paid" : "payment_failed",
          amountCents: String(paid ? invoice.amount_paid : invoice.amount_due),
          currency: (invoice.currency ?? "usd").slice(0, 3),
        })
        .orUpdate(["status", "amount_cents", "updated_at"], ["stripe_invoice_id"])
        .execute();
      // A failed payment makes the subscription past_due. A paid invoice need not be the failed one
      // (a proration, a one-off): the subscription's own state is fetched, as for checkout.
      let changed = false;
      if (subscriptionId && paid) {
        const sub = await billing.retrieveSubscription(subscriptionId);
        changed = await billing.applySubscription(tx, sub, event.created, userId);
      } else if (subscriptionId)
        changed = await billing.setStatus(tx, subscriptionId, "past_due", event.created, ["active", "trialing", "past_due"]);
      await audit({
        targetType: "Invoice",
        targetIds: [invoice.id, ...(subscriptionId ? [subscriptionId] : []), ...(userId ? [userId] : [])],
        changes: { invoiceStatus: paid ? "paid" : "payment_failed", subscriptionChanged: changed },
      });
      if (changed && userId) touched.add(userId);
      await followDunning(ctx, subscriptionId, event.created, paid ? undefined : invoice);
      return "applied";
    }
    case "entitlements.active_entitlement_summary.updated": {
      const summary = event.data.object;
      const customerId = idOf(summary.customer);
      const userId = await billing.userOfCustomer(tx, customerId);
      if (!userId) return "ignored";
      const keys = summary.entitlements.data.map((e) => e.lookup_key);
      const written = returnedRows(
        await tx.query(
          `UPDATE "billing".customers SET entitlements = $2, entitlements_event_created = $3
         WHERE stripe_customer_id = $1 AND (entitlements_event_created IS NULL OR entitlements_event_created <= $3)
         RETURNING user_id`,
          [customerId, keys, event.created],
        ),
      );
      if (written.length === 0) return "stale";
      await audit({ targetType: "Customer", targetIds: [customerId!, userId], changes: { entitlements: keys } });
      touched.add(userId);
      return "applied";
    }
    default:
      return "unknown-type";
  }
}

/**
 * Stripe's webhooks, forwarded by the gateway byte for byte. The signature over the raw body is
 * the authentication (a forged body or a delivery older than the tolerance is a 400); each event
 * id is recorded in the transaction of its change, so a replay answers 200 and changes nothing.
 */
export function stripeWebhookRoute(
  app: Express,
  { db, logger, env, services, events }: ServiceDeps<BillingEnv, LearnloopEvents, BillingServices>,
): void {
  app.post(STRIPE_WEBHOOK_PATH, express.raw({ type: "*/*", limit: "512kb" }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.header("stripe-signature");
    if (!signature)
      return sendGraphQLError(res, 400, "INVALID_WEBHOOK_SIGNATURE", "The Stripe-Signature header is missing.", req.requestId);
    let event: Stripe.Event;
    try {
      event = services.stripe.webhooks.constructEvent(body, signature, env.STRIPE_WEBHOOK_SECRET, env.STRIPE_WEBHOOK_TOLERANCE_S);
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        const stale = /tolerance/i.test(err.message);
        logger.warn({ requestId: req.requestId, stale }, "stripe webhook rejected");
        return stale
          ? sendGraphQLError(res, 400, "STALE_WEBHOOK", "The webhook was signed too long ago (outside the tolerance).", req.requestId)
          : sendGraphQLError(res, 400, "INVALID_WEBHOOK_SIGNATURE", "Webhook signature verification failed.", req.requestId);
      }
      // A valid signature over bytes that are not JSON.
      logger.warn({ requestId: req.requestId }, "stripe webhook rejected: malformed payload");
      return sendGraphQLError(res, 400, "INVALID_WEBHOOK_PAYLOAD", "The webhook payload is not a JSON Stripe event.", req.requestId);
    }
    if (typeof event?.id !== "string" || typeof event.type !== "string" || typeof event.created !== "number" || !event.data?.object)
      return sendGraphQLError(res, 400, "INVALID_WEBHOOK_PAYLOAD", "The webhook payload is not a Stripe event.", req.requestId);
    const { id, type } = event;
    try {
      const outcome = await db.dataSource.transaction(async (tx): Promise<Outcome> => {
        const recorded = await tx
          .createQueryBuilder()
          .insert()
          .into(StripeEventRow)
          .values({ id, type })
          .orIgnore()
          .returning("id")
          .execute();
        if (recorded.raw.length === 0) return "duplicate";
        const audit = (entry: Omit<AuditEntry, "mutation">) =>
          recordAudit(
            tx,
            "billing",
            { viewer: null, roles: [], machineId: "stripe", requestId: req.requestId },
            { mutation: `webhook:${type}`, ...entry },
          );
        const touched = new Set<string>();
        const meta = { requestId: req.requestId, traceparent: newTraceparent() };
        const outcome = await apply(event, {
          tx,
          billing: services.billing,
          dunning: services.dunning,
          audit,
          events,
          meta,
          touched,
        });
        // The gateway keeps each user's entitlements from these (issue 15, item 3); in the change's transaction.
        for (const userId of touched) await services.billing.announce(tx, userId, events, meta);
        return outcome;
      });
      logger.info({ eventId: id, type, outcome, requestId: req.requestId }, "stripe webhook");
      res.json({ status: outcome, requestId: req.requestId });
    } catch (err) {
      // Stripe retries a 5xx; nothing was recorded, so the retry applies it.
      logger.error({ err, eventId: id, type }, "stripe webhook failed");
      sendGraphQLError(res, 500, "INTERNAL_SERVER_ERROR", "Internal server error", req.requestId);
    }
  });
}
