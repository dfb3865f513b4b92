import type { LearnloopEvents } from "@learnloop/events";
import { newTraceparent, recordAudit, returnedRows, type EventPublisher } from "@learnloop/kit";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { DataSource, EntityManager } from "typeorm";
import { Plan } from "../../plans";
import type { BillingService } from "../billing/billing.service";

/** The sweep's batch: each is one short transaction, so a backlog never holds a connection long. */
const SWEEP_BATCH = 100;

export interface DunningDeps {
  billing: BillingService;
  gracePeriodS: number;
  logger: Logger;
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
   * After a failed payment: starts the grace period unless one is running, from the failure's
   * time. Null when none started (another is running, or the subscription is not past due).
   */
  async startGrace(
    tx: EntityManager,
    subscriptionId: string,
    failedAt: number,
  ): Promise<{ userId: string; plan: Plan; graceEndsAt: Date } | null> {
    const rows = returnedRows<GraceRow>(
      await tx.query(
        `UPDATE "billing".subscriptions SET grace_ends_at = to_timestamp($2::bigint + $3::bigint)
       WHERE stripe_subscription_id = $1 AND grace_ends_at IS NULL AND status = 'past_due'
       RETURNING stripe_subscription_id, user_id, price_id, grace_ends_at`,
        [subscriptionId, failedAt, this.deps.gracePeriodS],
      ),
    );
    const row = rows[0];
    return row ? { userId: row.user_id, plan: this.deps.billing.planOfPrice(row.price_id), graceEndsAt: row.grace_ends_at } : null;
  }

  /**
   * Once the subscription is in good standing again (active or trialing), its grace period and
   * any fall back end. Also when it ended (canceled): a later subscription starts clean.
   */
  async settle(tx: EntityManager, subscriptionId: string): Promise<{ userId: string; wasDowngraded: boolean } | null> {
    const rows = returnedRows<{ user_id: string; was_downgraded: boolean }>(
      await tx.query(
        `UPDATE "billing".subscriptions s SET grace_ends_at = NULL, downgraded_at = NULL
       FROM (SELECT stripe_subscription_id, downgraded_at IS NOT NULL AS was_downgraded FROM "billing".subscriptions
             WHERE stripe_subscription_id = $1 FOR UPDATE) before
       WHERE s.stripe_subscription_id = before.stripe_subscription_id AND s.grace_ends_at IS NOT NULL
         AND s.status IN ('active', 'trialing', 'canceled', 'incomplete_expired')
       RETURNING s.user_id, before.was_downgraded`,
        [subscriptionId],
      ),
    );
    return rows[0] ? { userId: rows[0].user_id, wasDowngraded: rows[0].was_downgraded } : null;
  }

  /**
   * Falls back to Free every subscription whose grace period ended while still past due. Safe
   * with several billing replicas: each row is claimed with SKIP LOCKED. Returns how many.
   */
  async sweep(dataSource: DataSource, events: EventPublisher<LearnloopEvents>): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await dataSource.transaction(async (tx) => {
        const due: GraceRow[] = await tx.query(
          `SELECT stripe_subscription_id, user_id, price_id, grace_ends_at FROM "billing".subscriptions
           WHERE grace_ends_at <= now() AND downgraded_at IS NULL AND status = 'past_due'
           ORDER BY grace_ends_at LIMIT ${SWEEP_BATCH} FOR UPDATE SKIP LOCKED`,
        );
        const requestId = `dunning-${randomUUID()}`;
        const meta = { requestId, traceparent: newTraceparent() };
        for (const row of due) {
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
          const downgradedAt = new Date().toISOString();
          if (fromPlan !== Plan.FREE)
            await events.publish(
              tx,
              "subscription.downgraded",
              { userId: row.user_id, fromPlan, reason: "GRACE_PERIOD_ENDED", downgradedAt },
              meta,
            );
          await this.deps.billing.announce(tx, row.user_id, events, meta);
        }
        return due.length;
      });
      total += done;
      if (done < SWEEP_BATCH) break;
    }
    if (total) this.deps.logger.info({ downgraded: total }, "dunning: grace periods ended; plans fell back to Free");
    return total;
  }
}
