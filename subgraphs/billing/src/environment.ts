import { subgraphEnvSchema } from "@learnloop/kit";
import { z } from "zod";

export const envSchema = subgraphEnvSchema.extend({
  PORT: subgraphEnvSchema.shape.PORT.default(4005),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\S+$/, "must be a Stripe secret or restricted key (sk_live_..., sk_test_...)")
    .describe("Stripe's secret (or restricted) API key"),
  STRIPE_API_BASE: z
    .url()
    .optional()
    .describe("Where the `stripe` SDK sends API calls, such as `http://127.0.0.1:12111` (the devstack's fake); unset: api.stripe.com"),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith("whsec_", "must be a Stripe webhook signing secret (whsec_...)")
    .describe("`whsec_...` of the Stripe webhook endpoint: verifies POST /webhooks/stripe"),
  STRIPE_WEBHOOK_TOLERANCE_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(3600)
    .default(300)
    .describe("A webhook signed longer ago than this (seconds) is refused as stale"),
  STRIPE_PRICE_PLUS: z.string().min(1).describe("The Stripe price id (`price_...`) of the Plus plan"),
  STRIPE_PRICE_PRO: z.string().min(1).describe("The Stripe price id (`price_...`) of the Pro plan"),
  CHECKOUT_SUCCESS_URL: z
    .url()
    .default("http://localhost:5173/billing?checkout=success")
    .describe("Where Stripe Checkout returns after payment"),
  CHECKOUT_CANCEL_URL: z
    .url()
    .default("http://localhost:5173/billing?checkout=cancel")
    .describe("Where Stripe Checkout returns when abandoned"),
  BILLING_PORTAL_RETURN_URL: z.url().default("http://localhost:5173/billing").describe("Where the Stripe billing portal returns"),
  DUNNING_GRACE_PERIOD_S: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 86_400)
    .default(7 * 86_400)
    .describe("After a failed payment, how long (seconds) the learner keeps their plan before falling back to Free"),
  DUNNING_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(3_600_000)
    .default(60_000)
    .describe("How often billing looks for grace periods that have ended"),
});
export type BillingEnv = z.infer<typeof envSchema>;
