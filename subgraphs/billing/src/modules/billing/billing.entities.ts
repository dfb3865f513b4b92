import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from "typeorm";

/** A learner's Stripe customer: made at their first checkout, reused after. */
@Entity({ name: "customers" })
export class Customer {
  @PrimaryColumn({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ name: "stripe_customer_id", type: "varchar", length: 255, unique: true })
  stripeCustomerId!: string;

  /** Stripe's active entitlement lookup keys, from the last summary applied; null before any. */
  @Column({ type: "text", array: true, nullable: true })
  entitlements!: string[] | null;

  /** `event.created` (seconds) of the entitlement summary applied. */
  @Column({ name: "entitlements_event_created", type: "bigint", nullable: true })
  entitlementsEventCreated!: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz" })
  createdAt!: Date;
}

/** A Stripe subscription as billing last applied it. */
@Entity({ name: "subscriptions" })
@Index("subscriptions_user", ["userId", "updatedAt"])
@Index("subscriptions_grace_due", ["graceEndsAt"], { where: "grace_ends_at IS NOT NULL AND downgraded_at IS NULL" })
export class SubscriptionRow {
  @PrimaryColumn({ name: "stripe_subscription_id", type: "varchar", length: 255 })
  stripeSubscriptionId!: string;

  @Column({ name: "user_id", type: "varchar", length: 64 })
  userId!: string;

  @Column({ name: "stripe_customer_id", type: "varchar", length: 255 })
  stripeCustomerId!: string;

  /** Stripe's status: active, trialing, past_due, canceled, unpaid, incomplete, incomplete_expired, paused. */
  @Column({ type: "varchar", length: 32 })
  status!: string;

  @Column({ name: "price_id", type: "varchar", length: 255, nullable: true })
  priceId!: string | null;

  @Column({ name: "current_period_end", type: "timestamptz", nullable: true })
  currentPeriodEnd!: Date | null;

  @Column({ name: "cancel_at_period_end", type: "boolean", default: false })
  cancelAtPeriodEnd!: boolean;

  /** `event.created` (seconds) of the newest event applied: an older one never overwrites it. */
  @Column({ name: "last_event_created", type: "bigint" })
  lastEventCreated!: string;

  /** Set by a failed payment: the plan holds until then, unless a payment succeeds first. */
  @Column({ name: "grace_ends_at", type: "timestamptz", nullable: true })
  graceEndsAt!: Date | null;

  /** Set when the grace period ended unpaid: the learner is on Free until a payment succeeds. */
  @Column({ name: "downgraded_at", type: "timestamptz", nullable: true })
  downgradedAt!: Date | null;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}

/** An invoice Stripe reported; kept for the books, its user id erased when the user is (anonymised). */
@Entity({ name: "invoices" })
@Index("invoices_user", ["userId"])
export class InvoiceRow {
  @PrimaryColumn({ name: "stripe_invoice_id", type: "varchar", length: 255 })
  stripeInvoiceId!: string;

  @Column({ name: "user_id", type: "varchar", length: 64, nullable: true })
  userId!: string | null;

  @Column({ name: "stripe_subscription_id", type: "varchar", length: 255, nullable: true })
  stripeSubscriptionId!: string | null;

  @Column({ type: "varchar", length: 32 })
  status!: string;

  @Column({ name: "amount_cents", type: "bigint" })
  amountCents!: string;

  @Column({ type: "varchar", length: 3 })
  currency!: string;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz" })
  updatedAt!: Date;
}

/** One row per Stripe event applied (event.id), written in the change's transaction: replays change nothing. */
@Entity({ name: "stripe_events" })
export class StripeEventRow {
  @PrimaryColumn({ type: "varchar", length: 255 })
  id!: string;

  @Column({ type: "varchar", length: 100 })
  type!: string;

  @CreateDateColumn({ name: "received_at", type: "timestamptz" })
  receivedAt!: Date;
}
