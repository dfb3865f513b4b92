import Stripe from "stripe";
import type { BillingEnv } from "./environment";

/**
 * The `stripe` SDK. Production leaves STRIPE_API_BASE unset and talks to api.stripe.com; tests
 * and the embedded default point it at the devstack's loopback fake.
 */
export function createStripe(env: Pick<BillingEnv, "STRIPE_SECRET_KEY" | "STRIPE_API_BASE">): Stripe {
  const common = { timeout: 10_000, maxNetworkRetries: 1, telemetry: false } as const;
  if (!env.STRIPE_API_BASE) return new Stripe(env.STRIPE_SECRET_KEY, common);
  const base = new URL(env.STRIPE_API_BASE);
  const protocol = base.protocol === "https:" ? "https" : "http";
  return new Stripe(env.STRIPE_SECRET_KEY, {
    ...common,
    host: base.hostname,
    port: Number(base.port || (protocol === "https" ? 443 : 80)),
    protocol,
  });
}
