import type { LearnloopEvents } from "@learnloop/events";
import { newTraceparent, recordAudit, returnedRows, type EventPublisher } from "@learnloop/kit";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { DataSource, EntityManager } from "typeorm";
import { Plan } from "../../plans";
import type { BillingService } from "../billing/billing.service";

export interface DunningDeps {
  billing: BillingService;
  gracePeriodS: number;
  logger: Logger;
  /** Counts a grace period the sweep could not end (a metric). */
  onSweepFailure?: () => void;
}

interface GraceRow {
  stripe_subscription_id: string;
  user_id: string;
  price_id: string | null;
  grace_ends_at: Date;
}

/**
 * Learnloop's own dunning (issue 15, item 5). Stripe retries the payment on its schedule; this
 * decides the entitlements meanwhile: a failed payment starts one grace period in which the plan
 * holds, and when it ends unpaid the learner falls back to Free (the Stripe subscription is left
 * to Stripe's retry settings, so paying the invoice restores the plan). Every step is audited and
 * announced by event, in the transaction of the change.
 */
export class DunningService {
  constructor(private readonly deps: DunningDeps) {}

  /**
   * Once a subscription is past due (a failed payment, or Stripe's own subscription event saying
   * so): starts the grace period unless one is running, from the event's time. An event older than
   * the state billing holds starts nothing. Null when none started.
   */
  async startGrace(
    tx: EntityManager,
    subscriptionId: string,
    at: number,
  ): Promise<{ userId: string; plan: Plan; graceEndsAt: Date } | null> {
    const rows = returnedRows<GraceRow>(
      await tx.query(
        `UPDATE "billing".subscriptions SET grace_ends_at = to_timestamp($2::bigint + $3::bigint)
         WHERE stripe_subscription_id = $1 AND grace_ends_at IS NULL AND status = 'past_due' AND last_event_created <= $2
         RETURNING stripe_subscription_id, user_id, price_id, grace_ends_at`,
        [subscriptionId, at, this.deps.gracePeriodS],
      ),
    );
    const row = rows[0];
    return row ? { userId: row.user_id, plan: this.deps.billing.planOfPrice(row.price_id), graceEndsAt: row.grace_ends_at } : null;
  }

  /**
   * Once the subscription is in good standing again (active or trialing), its grace period and
   * any fall back end. Also when it ended (canceled): a later subscription starts clean.
   */
  async settle(tx: EntityManager, subscriptionId: string): Promise<{ userId: string; restored: boolean } | null> {
    const rows = returnedRows<{ user_id: string; was_downgraded: boolean; status: string }>(
      await tx.query(
        `UPDATE "billing".subscriptions s SET grace_ends_at = NULL, downgraded_at = NULL
         FROM (SELECT stripe_subscription_id, downgraded_at IS NOT NULL AS was_downgraded FROM "billing".subscriptions
               WHERE stripe_subscription_id = $1 FOR UPDATE) before
         WHERE s.stripe_subscription_id = before.stripe_subscription_id AND s.grace_ends_at IS NOT NULL
           AND s.status IN ('active', 'trialing', 'canceled', 'incomplete_expired')
         RETURNING s.user_id, before.was_downgraded, s.status`,
        [subscriptionId],
      ),
    );
    const row = rows[0];
    // Restored: the plan came back (paid); an ended subscription restores nothing.
    return row ? { userId: row.user_id, restored: row.was_downgraded && ["active", "trialing"].includes(row.status) } : null;
  }

  /**
   * Falls back to Free every subscription whose grace period ended while still past due, each in
   * its own transaction: safe with several billing replicas (rows claimed with SKIP LOCKED), and a
   * row that fails is logged, counted and skipped until the next sweep instead of blocking the rest.
   */
  async sweep(dataSource: DataSource, events: EventPublisher<LearnloopEvents>): Promise<{ downgraded: number; failed: number }> {
    const failed: string[] = [];
    let downgraded = 0;
    for (;;) {
      let claimedId: string | undefined;
      try {
        const done = await dataSource.transaction(async (tx) => {
          const [row]: GraceRow[] = await tx.query(
            `SELECT stripe_subscription_id, user_id, price_id, grace_ends_at FROM "billing".subscriptions
             WHERE grace_ends_at <= now() AND downgraded_at IS NULL AND status = 'past_due'
               AND NOT (stripe_subscription_id = ANY ($1::varchar[]))
             ORDER BY grace_ends_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
            [failed],
          );
          if (!row) return false;
          claimedId = row.stripe_subscription_id;
          await this.downgrade(tx, row, events);
          return true;
        });
        if (!done) break;
        downgraded++;
      } catch (err) {
        if (!claimedId) throw err; // the claim itself failed: the periodic task logs it and runs again
        failed.push(claimedId);
        this.deps.onSweepFailure?.();
        this.deps.logger.error({ err, subscriptionId: claimedId }, "dunning: could not end a grace period; will retry next sweep");
      }
    }
    if (downgraded) this.deps.logger.info({ downgraded }, "dunning: grace periods ended; plans fell back to Free");
    return { downgraded, failed: failed.length };
  }

  /** One subscription's fall back to Free: the mark, its audit row and its events, in `tx`. */
  private async downgrade(tx: EntityManager, row: GraceRow, events: EventPublisher<LearnloopEvents>): Promise<void> {
    const requestId = `dunning-${randomUUID()}`;
    const meta = { requestId, traceparent: newTraceparent() };
    await tx.query(`UPDATE "billing".subscriptions SET downgraded_at = now() WHERE stripe_subscription_id = $1`, [
      row.stripe_subscription_id,
    ]);
    const fromPlan = this.deps.billing.planOfPrice(row.price_id);
    await recordAudit(
      tx,
      "billing",
      { viewer: null, roles: [], machineId: "dunning", requestId },
      {
        mutation: "dunning:grace-ended",
        targetType: "Subscription",
        targetIds: [row.stripe_subscription_id, row.user_id],
        changes: { fromPlan, plan: Plan.FREE, graceEndedAt: row.grace_ends_at.toISOString() },
      },
    );
    if (fromPlan !== Plan.FREE)
      await events.publish(
        tx,
        "subscription.downgraded",
        { userId: row.user_id, fromPlan, reason: "GRACE_PERIOD_ENDED", downgradedAt: new Date().toISOString() },
        meta,
      );
    await this.deps.billing.announce(tx, row.user_id, events, meta);
  }
}
