import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, defineSubgraph } from "@learnloop/kit";
import { createLoaders, type BillingServices } from "./context";
import { envSchema, type BillingEnv } from "./environment";
import { userDeletedConsumer } from "./events/on-user-deleted.consumer";
import { CreateBilling1796140000000 } from "./migrations/1796140000000-create-billing";
import { Customer, InvoiceRow, StripeEventRow, SubscriptionRow } from "./modules/billing/billing.entities";
import { BillingResolver } from "./modules/billing/billing.resolver";
import { BillingService } from "./modules/billing/billing.service";
import { permissions } from "./permissions";
import { plansFrom } from "./plans";
import { createStripe } from "./stripe-client";
import { stripeWebhookRoute } from "./webhooks/stripe-webhook.route";

export { STRIPE_WEBHOOK_PATH } from "./webhooks/stripe-webhook.route";
export { envSchema, type BillingEnv };

export const subgraph = defineSubgraph({
  name: "billing",
  envSchema,
  schema: { resolvers: [BillingResolver] },
  permissions,
  entities: [Customer, SubscriptionRow, InvoiceRow, StripeEventRow],
  migrations: [CreateBilling1796140000000],
  createLoaders,
  services: ({ env, logger }): BillingServices => {
    const stripe = createStripe(env);
    return { stripe, billing: new BillingService({ stripe, plans: plansFrom(env), env, logger: logger.child({ source: "billing" }) }) };
  },
  routes: stripeWebhookRoute,
  events: {
    contracts: learnloopContracts,
    publishes: ["entitlements.changed"],
    consumers: [userDeletedConsumer, auditErasureConsumer<LearnloopEvents, BillingServices>("billing")],
  },
});
