import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Feature, Plan } from "../../plans";

export enum SubscriptionStatus {
  ACTIVE = "ACTIVE",
  TRIALING = "TRIALING",
  PAST_DUE = "PAST_DUE",
  UNPAID = "UNPAID",
  INCOMPLETE = "INCOMPLETE",
  PAUSED = "PAUSED",
  CANCELED = "CANCELED",
}
registerEnumType(SubscriptionStatus, { name: "SubscriptionStatus", description: "Stripe's subscription status; Free is always ACTIVE." });

@ObjectType({ description: "A plan anyone can choose, and what it unlocks." })
export class PlanOffer {
  @Field(() => Plan)
  plan!: Plan;

  @Field(() => [Feature])
  features!: Feature[];

  @Field({ description: "False for Free, which needs no checkout." })
  paid!: boolean;
}

@ObjectType({ description: "The signed-in learner's plan: Free when they have no subscription." })
export class BillingSubscription {
  @Field(() => Plan)
  plan!: Plan;

  @Field(() => SubscriptionStatus)
  status!: SubscriptionStatus;

  @Field(() => [Feature], { description: "What the learner is entitled to now (Stripe's active entitlements once it has sent them)." })
  features!: Feature[];

  @Field(() => String, { nullable: true, description: "ISO 8601: when the period ends, renewing unless cancelAtPeriodEnd; null on Free." })
  currentPeriodEnd!: string | null;

  @Field({ description: "The subscription ends at currentPeriodEnd instead of renewing." })
  cancelAtPeriodEnd!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "ISO 8601: after a failed payment, when the plan falls back to Free unless the payment succeeds (past, once it has); null in good standing.",
  })
  graceEndsAt!: string | null;
}

@ObjectType({ description: "A Stripe-hosted page to send the learner to." })
export class BillingRedirect {
  @Field({ description: "Stripe Checkout or the billing portal." })
  url!: string;
}
