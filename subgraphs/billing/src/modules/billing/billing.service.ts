import type { LearnloopEvents } from "@learnloop/events";
import { AppError, BadUserInputError, returnedRows, type EventMeta, type EventPublisher } from "@learnloop/kit";
import type { Logger } from "pino";
import type Stripe from "stripe";
import type { EntityManager } from "typeorm";
import type { BillingEnv } from "../../environment";
import { featuresFromLookupKeys, Plan, type PlanConfig } from "../../plans";
import { Customer, SubscriptionRow } from "./billing.entities";
import { BillingSubscription, PlanOffer, SubscriptionStatus } from "./billing.types";

/** Statuses in which the subscription's plan holds (past_due: Stripe is still retrying the payment). */
const ENTITLED = new Set(["active", "trialing", "past_due"]);
/** Statuses that end a subscription: the learner is on Free and may check out again. */
const ENDED = ["canceled", "incomplete_expired"];

const STATUS: Record<string, SubscriptionStatus> = {
  active: SubscriptionStatus.ACTIVE,
  trialing: SubscriptionStatus.TRIALING,
  past_due: SubscriptionStatus.PAST_DUE,
  unpaid: SubscriptionStatus.UNPAID,
  incomplete: SubscriptionStatus.INCOMPLETE,
  incomplete_expired: SubscriptionStatus.CANCELED,
  paused: SubscriptionStatus.PAUSED,
  canceled: SubscriptionStatus.CANCELED,
};

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The period end: on the subscription before Stripe's 2025 API versions, on its items since. */
function periodEnd(sub: Stripe.Subscription): Date | null {
  const legacy = (sub as unknown as { current_period_end?: number }).current_period_end;
  const seconds = legacy ?? sub.items?.data?.[0]?.current_period_end;
  return typeof seconds === "number" ? new Date(seconds * 1000) : null;
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === "string" ? value : (value?.id ?? null);

export interface BillingDeps {
  stripe: Stripe;
  plans: PlanConfig[];
  env: Pick<BillingEnv, "CHECKOUT_SUCCESS_URL" | "CHECKOUT_CANCEL_URL" | "BILLING_PORTAL_RETURN_URL">;
  logger: Logger;
}

/** Plans, subscriptions and the Stripe calls behind them. Each method reads and writes through `manager`. */
export class BillingService {
  constructor(private readonly deps: BillingDeps) {}

  offers(): PlanOffer[] {
    return this.deps.plans.map((p) => ({ plan: p.plan, features: p.features, paid: p.priceId !== null }));
  }

  planOfPrice(priceId: string | null): Plan {
    return this.deps.plans.find((p) => p.priceId !== null && p.priceId === priceId)?.plan ?? Plan.FREE;
  }

  private planConfig(plan: Plan): PlanConfig {
    return this.deps.plans.find((p) => p.plan === plan)!;
  }

  current(manager: EntityManager, userId: string): Promise<SubscriptionRow | null> {
    return manager
      .createQueryBuilder(SubscriptionRow, "s")
      .where("s.user_id = :userId AND s.status NOT IN (:...ended)", { userId, ended: ENDED })
      .orderBy("s.updated_at", "DESC")
      .getOne();
  }

  async view(manager: EntityManager, userId: string): Promise<BillingSubscription> {
    const row = await this.current(manager, userId);
    if (!row)
      return {
        plan: Plan.FREE,
        status: SubscriptionStatus.ACTIVE,
        features: this.planConfig(Plan.FREE).features,
        currentPeriodEnd: null,
        cancelAtPeriodEnd: false,
        graceEndsAt: null,
      };
    return this.viewOf(manager, row);
  }

  /**
   * Publishes the user's plan and features now (`entitlements.changed`), in `manager`'s transaction.
   * Announcements of one user are serialised (a transaction lock) and stamped by the database's
   * clock after it, so the gateway's newest-wins rule never keeps a view a concurrent change made stale.
   */
  async announce(manager: EntityManager, userId: string, events: EventPublisher<LearnloopEvents>, meta: EventMeta): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('billing.entitlements'), hashtext($1))`, [userId]);
    const view = await this.view(manager, userId);
    const [{ now }]: { now: Date }[] = await manager.query(`SELECT clock_timestamp() AS now`);
    await events.publish(
      manager,
      "entitlements.changed",
      { userId, plan: view.plan, features: view.features, status: view.status, changedAt: new Date(now).toISOString() },
      meta,
    );
  }

  async viewOf(manager: EntityManager, row: SubscriptionRow): Promise<BillingSubscription> {
    const customer = await manager.findOneBy(Customer, { userId: row.userId });
    // A grace period that ended unpaid (dunning) is Free even while Stripe still retries.
    const entitled = ENTITLED.has(row.status) && !row.downgradedAt;
    // The plan the learner has now: Free while the subscription gives nothing.
    const plan = entitled ? this.planOfPrice(row.priceId) : Plan.FREE;
    const features = !entitled
      ? this.planConfig(Plan.FREE).features
      : customer?.entitlements
        ? featuresFromLookupKeys(customer.entitlements)
        : this.planConfig(plan).features;
    return {
      plan,
      status: STATUS[row.status] ?? SubscriptionStatus.INCOMPLETE,
      features,
      currentPeriodEnd: row.currentPeriodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      graceEndsAt: row.graceEndsAt?.toISOString() ?? null,
    };
  }

  /** Stripe's answer, or STRIPE_UNAVAILABLE with the details logged (no personal data). */
  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const e = err as { type?: string; code?: string; statusCode?: number; requestId?: string };
      this.deps.logger.error(
        { what, type: e.type, code: e.code, statusCode: e.statusCode, stripeRequestId: e.requestId },
        "stripe call failed",
      );
      throw new AppError("STRIPE_UNAVAILABLE", "Payments are unavailable right now; nothing was charged. Try again shortly.");
    }
  }

  /** The learner's Stripe customer, created once (Stripe's idempotency key makes a retried create the same customer). */
  async customerFor(manager: EntityManager, userId: string): Promise<Customer> {
    const kept = await manager.findOneBy(Customer, { userId });
    if (kept) return kept;
    const created = await this.call("customers.create", () =>
      this.deps.stripe.customers.create({ metadata: { user_id: userId } }, { idempotencyKey: `learnloop-customer-${userId}` }),
    );
    await manager.createQueryBuilder().insert().into(Customer).values({ userId, stripeCustomerId: created.id }).orIgnore().execute();
    return (await manager.findOneBy(Customer, { userId }))!;
  }

  async startCheckout(manager: EntityManager, userId: string, plan: Plan): Promise<{ url: string; sessionId: string; customerId: string }> {
    const config = this.planConfig(plan);
    if (!config.priceId) throw new BadUserInputError("Free needs no checkout: choose PLUS or PRO.", { field: "plan" });
    if (await this.current(manager, userId))
      throw new AppError("ALREADY_SUBSCRIBED", "You already have a subscription; change or cancel it in the billing portal.");
    const customer = await this.customerFor(manager, userId);
    const session = await this.call("checkout.sessions.create", () =>
      this.deps.stripe.checkout.sessions.create({
        mode: "subscription",
        customer: customer.stripeCustomerId,
        client_reference_id: userId,
        line_items: [{ price: config.priceId!, quantity: 1 }],
        success_url: this.deps.env.CHECKOUT_SUCCESS_URL,
        cancel_url: this.deps.env.CHECKOUT_CANCEL_URL,
        metadata: { user_id: userId, plan },
        subscription_data: { metadata: { user_id: userId, plan } },
      }),
    );
    if (!session.url) throw new AppError("STRIPE_UNAVAILABLE", "Stripe gave no checkout page; try again shortly.");
    return { url: session.url, sessionId: session.id, customerId: customer.stripeCustomerId };
  }

  async openPortal(manager: EntityManager, userId: string): Promise<{ url: string; customerId: string }> {
    const customer = await manager.findOneBy(Customer, { userId });
    if (!customer) throw new AppError("NO_SUBSCRIPTION", "You have no billing account yet: start a checkout first.");
    const session = await this.call("billingPortal.sessions.create", () =>
      this.deps.stripe.billingPortal.sessions.create({
        customer: customer.stripeCustomerId,
        return_url: this.deps.env.BILLING_PORTAL_RETURN_URL,
      }),
    );
    return { url: session.url, customerId: customer.stripeCustomerId };
  }

  /** Cancel at period end (true) or resume (false); the state Stripe answers is applied at once. */
  async setCancelAtPeriodEnd(manager: EntityManager, userId: string, cancel: boolean): Promise<SubscriptionRow> {
    const row = await this.current(manager, userId);
    if (!row) throw new AppError("NO_SUBSCRIPTION", "You have no subscription to " + (cancel ? "cancel." : "resume."));
    const sub = await this.call("subscriptions.update", () =>
      this.deps.stripe.subscriptions.update(row.stripeSubscriptionId, { cancel_at_period_end: cancel }),
    );
    // Now is newer than any event about the state before this call.
    await this.applySubscription(manager, sub, Math.max(Number(row.lastEventCreated), nowSeconds()), row.userId);
    return (await manager.findOneBy(SubscriptionRow, { stripeSubscriptionId: row.stripeSubscriptionId }))!;
  }

  /** A user whose billing was erased (user.deleted): Stripe's later webhooks about them change nothing. */
  async isErased(manager: EntityManager, userId: string): Promise<boolean> {
    return (await manager.query(`SELECT 1 FROM "billing".erased_users WHERE user_id = $1`, [userId])).length > 0;
  }

  async userOfCustomer(manager: EntityManager, customerId: string | null): Promise<string | null> {
    if (!customerId) return null;
    return (await manager.findOneBy(Customer, { stripeCustomerId: customerId }))?.userId ?? null;
  }

  /**
   * Writes a subscription as Stripe describes it, unless a newer event was applied already
   * (`eventCreated` older than the row's): true when written.
   */
  async applySubscription(
    manager: EntityManager,
    sub: Stripe.Subscription,
    eventCreated: number,
    knownUserId?: string | null,
  ): Promise<boolean> {
    const customerId = idOf(sub.customer)!;
    const userId = knownUserId ?? sub.metadata?.user_id ?? (await this.userOfCustomer(manager, customerId));
    if (!userId) return false;
    const written: unknown[] = await manager.query(
      `INSERT INTO "billing".subscriptions
         (stripe_subscription_id, user_id, stripe_customer_id, status, price_id, current_period_end, cancel_at_period_end, last_event_created, updated_at)
       SELECT $1::varchar, $2::varchar, $3::varchar, $4::varchar, $5::varchar, $6::timestamptz, $7::boolean, $8::bigint, now()
       WHERE NOT EXISTS (SELECT 1 FROM "billing".erased_users WHERE user_id = $2::varchar)
       ON CONFLICT (stripe_subscription_id) DO UPDATE SET
         status = EXCLUDED.status, price_id = EXCLUDED.price_id, current_period_end = EXCLUDED.current_period_end,
         cancel_at_period_end = EXCLUDED.cancel_at_period_end, last_event_created = EXCLUDED.last_event_created, updated_at = now()
       WHERE "billing".subscriptions.last_event_created <= EXCLUDED.last_event_created
       RETURNING stripe_subscription_id`,
      [
        sub.id,
        userId,
        customerId,
        sub.status,
        sub.items?.data?.[0]?.price?.id ?? null,
        periodEnd(sub),
        sub.cancel_at_period_end,
        eventCreated,
      ],
    );
    return written.length > 0;
  }

  /** A status change from an invoice event (past_due on a failed payment), under the same ordering rule. */
  async setStatus(
    manager: EntityManager,
    subscriptionId: string,
    status: string,
    eventCreated: number,
    onlyFrom?: string[],
  ): Promise<boolean> {
    const written = returnedRows(
      await manager.query(
        `UPDATE "billing".subscriptions SET status = $2, last_event_created = $3, updated_at = now()
       WHERE stripe_subscription_id = $1 AND last_event_created <= $3 AND ($4::text[] IS NULL OR status = ANY ($4))
       RETURNING stripe_subscription_id`,
        [subscriptionId, status, eventCreated, onlyFrom ?? null],
      ),
    );
    return written.length > 0;
  }

  async retrieveSubscription(id: string): Promise<Stripe.Subscription> {
    return this.call("subscriptions.retrieve", () => this.deps.stripe.subscriptions.retrieve(id));
  }
}
