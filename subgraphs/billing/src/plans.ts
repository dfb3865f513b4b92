import { PLAN_FEATURES } from "@learnloop/kit";
import { registerEnumType } from "type-graphql";
import type { BillingEnv } from "./environment";

export enum Plan {
  FREE = "FREE",
  PLUS = "PLUS",
  PRO = "PRO",
}
registerEnumType(Plan, { name: "Plan", description: "Learnloop's plans: Free to start, Plus and Pro paid through Stripe." });

export enum Feature {
  UNLIMITED_REVIEWS = "UNLIMITED_REVIEWS",
  SPEAKING_PRACTICE = "SPEAKING_PRACTICE",
  LEARNING_INSIGHTS = "LEARNING_INSIGHTS",
  GROUP_CREATION = "GROUP_CREATION",
}
registerEnumType(Feature, { name: "Feature", description: "What a plan unlocks." });

export interface PlanConfig {
  plan: Plan;
  features: Feature[];
  /** The Stripe price a checkout subscribes to; none for Free. */
  priceId: string | null;
}

/**
 * The plans, mapped to Stripe prices from the environment; what each includes is the kit's
 * PLAN_FEATURES, which subgraphs gate on (ADR 0027). Stripe entitlement features use the
 * lower-case feature name as their lookup key (`speaking_practice`).
 */
export function plansFrom(env: Pick<BillingEnv, "STRIPE_PRICE_PLUS" | "STRIPE_PRICE_PRO">): PlanConfig[] {
  const features = (plan: Plan) => PLAN_FEATURES[plan].map((f) => Feature[f]);
  return [
    { plan: Plan.FREE, features: features(Plan.FREE), priceId: null },
    { plan: Plan.PLUS, features: features(Plan.PLUS), priceId: env.STRIPE_PRICE_PLUS },
    { plan: Plan.PRO, features: features(Plan.PRO), priceId: env.STRIPE_PRICE_PRO },
  ];
}

const FEATURES = new Set<string>(Object.values(Feature));
/** Stripe entitlement lookup keys to features; keys Learnloop does not know are dropped. */
export const featuresFromLookupKeys = (keys: readonly string[]): Feature[] =>
  [...new Set(keys.map((k) => k.toUpperCase()))].filter((k): k is Feature => FEATURES.has(k));
