import { learnloopContracts, type LearnloopEvents } from "@learnloop/events";
import { auditErasureConsumer, defineSubgraph, startPeriodic } from "@learnloop/kit";
import { createLoaders, type BillingServices } from "./context";
import { envSchema, type BillingEnv } from "./environment";
import { userDeletedConsumer } from "./events/on-user-deleted.consumer";
import { CreateBilling1796140000000 } from "./migrations/1796140000000-create-billing";
import { Dunning1796300000000 } from "./migrations/1796300000000-dunning";
import { ErasedUsers1796300000001 } from "./migrations/1796300000001-erased-users";
import { Customer, InvoiceRow, StripeEventRow, SubscriptionRow } from "./modules/billing/billing.entities";
import { BillingResolver } from "./modules/billing/billing.resolver";
import { BillingService } from "./modules/billing/billing.service";
import { dunningMetrics } from "./modules/dunning/dunning.metrics";
import { DunningService } from "./modules/dunning/dunning.service";
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
  migrations: [CreateBilling1796140000000, Dunning1796300000000, ErasedUsers1796300000001],
  createLoaders,
  services: ({ env, logger, metrics, db }): BillingServices => {
    const stripe = createStripe(env);
    const billing = new BillingService({ stripe, plans: plansFrom(env), env, logger: logger.child({ source: "billing" }) });
    const { sweepFailed } = dunningMetrics(metrics, () => db.dataSource);
    const dunning = new DunningService({
      billing,
      gracePeriodS: env.DUNNING_GRACE_PERIOD_S,
      logger: logger.child({ source: "dunning" }),
      onSweepFailure: sweepFailed,
    });
    return { stripe, billing, dunning };
  },
  routes: stripeWebhookRoute,
  background: ({ env, db, events, services, logger }) => [
    startPeriodic(
      "dunning-sweep",
      env.DUNNING_SWEEP_INTERVAL_MS,
      async () => void (await services.dunning.sweep(db.dataSource, events)),
      logger,
    ),
  ],
  events: {
    contracts: learnloopContracts,
    publishes: ["entitlements.changed", "payment.failed", "subscription.downgraded"],
    consumers: [userDeletedConsumer, auditErasureConsumer<LearnloopEvents, BillingServices>("billing")],
  },
});
