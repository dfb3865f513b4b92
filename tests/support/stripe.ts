import { randomBytes } from "node:crypto";
import type { FakeStripeSubscription, LocalStack } from "@learnloop/devstack";
import Stripe from "stripe";

/** Only for its webhook helpers: it signs as Stripe does and makes no API call. */
const stripe = new Stripe("sk_test_signing_only");

type StackParts = Pick<LocalStack, "gatewayOrigin" | "keys" | "stripe">;

/** A Stripe event envelope as Stripe sends it (API version, livemode, a data object). */
export function stripeEvent(type: string, object: unknown, options: { id?: string; created?: number } = {}) {
  return {
    id: options.id ?? `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    api_version: "2025-11-17.clover",
    created: options.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

/**
 * POSTs a delivery to the gateway's /webhooks/stripe, signed with the stack's secret (or `secret`)
 * at `timestamp` by `stripe.webhooks.generateTestHeaderString`; a string payload is sent as is.
 */
export async function sendStripeWebhook(
  stack: StackParts,
  payload: unknown,
  options: { secret?: string; timestamp?: number; signature?: string } = {},
): Promise<{ status: number; body: { status?: string; errors?: { extensions?: { code?: string } }[] } }> {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  const signature =
    options.signature ??
    stripe.webhooks.generateTestHeaderString({
      payload: text,
      secret: options.secret ?? stack.keys.stripeWebhookSecret,
      timestamp: options.timestamp,
    });
  const res = await fetch(`${stack.gatewayOrigin}/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature },
    body: text,
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** The Stripe customer billing made for a user (its metadata names the user). */
export function customerOf(stack: StackParts, userId: string): string | undefined {
  return [...stack.stripe.customers.values()].find((c) => c.metadata.user_id === userId)?.id;
}

/**
 * Subscribes a user as a paid checkout would: startCheckout (which makes the customer), the
 * subscription at the fake Stripe, then its `customer.subscription.created` webhook.
 */
export async function subscribe(
  stack: StackParts,
  run: (document: string) => Promise<{ data?: Record<string, any> | null; errors?: unknown[] }>,
  userId: string,
  price: string,
  fields: Partial<FakeStripeSubscription> = {},
): Promise<FakeStripeSubscription> {
  const checkout = await run(`mutation { startCheckout(plan: PLUS) { url } }`);
  if (checkout.errors) throw new Error(`startCheckout failed: ${JSON.stringify(checkout.errors)}`);
  const customer = customerOf(stack, userId);
  if (!customer) throw new Error("no Stripe customer was made");
  const sub = stack.stripe.addSubscription(customer, price, { metadata: { user_id: userId }, ...fields });
  const sent = await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub));
  if (sent.status !== 200) throw new Error(`the webhook answered ${sent.status}`);
  return sub;
}

/** Gives a user who has a Stripe customer a live subscription, unless they have one (its webhook sent). */
export async function ensureSubscribed(stack: StackParts, userId: string, price: string): Promise<void> {
  const customer = customerOf(stack, userId);
  if (!customer) throw new Error(`${userId} has no Stripe customer: run startCheckout first`);
  if ([...stack.stripe.subscriptions.values()].some((s) => s.customer === customer && s.status !== "canceled")) return;
  const sub = stack.stripe.addSubscription(customer, price, { metadata: { user_id: userId } });
  const sent = await sendStripeWebhook(stack, stripeEvent("customer.subscription.created", sub));
  if (sent.status !== 200) throw new Error(`the webhook answered ${sent.status}`);
}

/** Ends a user's live subscriptions at the fake Stripe, and sends each `customer.subscription.deleted`. */
export async function endSubscriptions(stack: StackParts, userId: string): Promise<void> {
  const customer = customerOf(stack, userId);
  for (const sub of stack.stripe.subscriptions.values())
    if (customer && sub.customer === customer && sub.status !== "canceled") {
      sub.status = "canceled";
      const sent = await sendStripeWebhook(stack, stripeEvent("customer.subscription.deleted", sub));
      if (sent.status !== 200) throw new Error(`the webhook answered ${sent.status}`);
    }
}
